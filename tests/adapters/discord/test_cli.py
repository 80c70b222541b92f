"""``coursebot discord sync``: the schema reaches Discord without the gateway; bad tokens are explained."""

from __future__ import annotations

import discord
import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.discord import sync_commands
from bot.config import CourseConfig
from tests.adapters.discord.conftest import GUILD
from tests.fakes.discord import FakeDiscord


async def test_sync_puts_the_commands_to_each_guild(fake: FakeDiscord, config: CourseConfig) -> None:
    synced = await sync_commands(config, fake.token)
    assert set(synced) == {GUILD}
    assert {c.name for c in synced[GUILD]} >= {"readings", "team", "digest"}
    [put] = fake.find("PUT", rf"^/applications/\d+/guilds/{GUILD}/commands$")
    assert {c["name"] for c in put.json} == {c.name for c in synced[GUILD]}
    assert fake.identify_count == 0  # REST only


async def test_sync_without_guilds_is_global(fake: FakeDiscord, config: CourseConfig) -> None:
    config = config.model_copy(update={"discord": config.discord.model_copy(update={"guild_ids": []})})
    synced = await sync_commands(config, fake.token)
    assert set(synced) == {None} and fake.find("PUT", r"^/applications/\d+/commands$")


async def test_a_wrong_token_fails_to_log_in(fake: FakeDiscord, config: CourseConfig) -> None:
    with pytest.raises(discord.LoginFailure):
        await sync_commands(config, "not-the-token")
    assert not fake.find("PUT", r"commands$")


def test_missing_token_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    from bot.cli import _register

    _register()
    result = CliRunner().invoke(app, ["discord", "sync"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN" in result.output
