"""docs/slack-manifest.yml stays in step with the commands the app registers."""

from __future__ import annotations

import yaml

from bot.adapters.slack.listeners.commands import SLASH_COMMANDS
from tests.conftest import PROJECT_ROOT

MANIFEST = PROJECT_ROOT / "docs" / "slack-manifest.yml"


def test_manifest_declares_the_registered_commands_scopes_and_socket_mode() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    declared = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert declared == [f"/{name}" for name in SLASH_COMMANDS]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "commands", "channels:history", "groups:history", "files:write", "users:read"} <= scopes
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
