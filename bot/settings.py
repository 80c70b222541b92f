"""Secrets: tokens read from the environment only (or a local ``.env`` file), as ``SecretStr`` so that they
are never printed. Apart from :mod:`bot.config` so that pydantic-settings is imported only where tokens are
read (``from bot.config import Secrets`` still works)."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Secrets(BaseSettings):
    """Tokens, from the environment only (or a local ``.env`` file)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    discord_token: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    coursebot_git_token: SecretStr | None = None  # for a private course.repo; never logged or written down
    coursebot_db: Path = Path("var/coursebot.sqlite3")
