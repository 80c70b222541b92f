"""The Discord bot: slash commands over the lookup and posting services."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.adapters.discord.commands import student_commands
from bot.adapters.discord.replies import reply_failure
from bot.adapters.discord.staff import NotStaff, staff_commands
from bot.config import CourseConfig

if TYPE_CHECKING:
    from bot.services.lookups import Lookups
    from bot.services.posting import Posting

log = logging.getLogger(__name__)


class CourseBot(commands.Bot):
    """A ``discord.ext.commands.Bot`` answering the course's slash commands.

    Slash commands only: no message-content intent and no prefix commands. With
    ``config.discord.sync_commands`` the command schema is pushed to ``config.discord.guild_ids`` on
    start (globally when no guild is configured).
    """

    def __init__(
        self,
        lookups: Lookups,
        posting: Posting | None,
        config: CourseConfig,
        *,
        intents: discord.Intents | None = None,
        **options: Any,
    ) -> None:
        # A text-only bot: discord.py's warnings about missing voice libraries do not apply.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents or discord.Intents.default(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.lookups = lookups
        self.posting = posting
        self.config = config
        self.synced: dict[int | None, list[app_commands.AppCommand]] = {}
        for command in [*student_commands(lookups.roles()), *staff_commands()]:
            self.tree.add_command(command)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        if self.config.discord.sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> dict[int | None, list[app_commands.AppCommand]]:
        """Push the command schema to each configured guild (instant), or globally when there is none."""
        guild_ids = self.config.discord.guild_ids
        if not guild_ids:
            self.synced[None] = await self.tree.sync()
            log.info("synced %d global commands", len(self.synced[None]))
            return self.synced
        for guild_id in guild_ids:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            self.synced[guild_id] = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(self.synced[guild_id]), guild_id)
        return self.synced

    async def on_app_command_error(
        self, interaction: discord.Interaction, exc: app_commands.AppCommandError
    ) -> None:
        """Refusals and bad input get a short private message; anything else also logs its traceback."""
        if isinstance(exc, NotStaff):
            log.info("refused /%s to non-staff user %s", _command_name(interaction), interaction.user.id)
            await reply_failure(interaction, str(exc))
        elif isinstance(exc, app_commands.CheckFailure | app_commands.TransformerError):
            await reply_failure(interaction, str(exc) or "You cannot use this command here.")
        else:
            original = getattr(exc, "original", exc)
            log.error(
                "/%s failed for user %s", _command_name(interaction), interaction.user.id,
                exc_info=(type(original), original, original.__traceback__),
            )
            await reply_failure(interaction)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("error in Discord event %s", event_method)


def _command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "?"


def create_bot(
    lookups: Lookups,
    posting: Posting | None,
    config: CourseConfig,
    *,
    intents: discord.Intents | None = None,
    **options: Any,
) -> CourseBot:
    """The bot for ``config``; ``options`` go to :class:`discord.Client` (e.g. ``guild_ready_timeout``)."""
    return CourseBot(lookups, posting, config, intents=intents, **options)
