"""Staff slash commands: /sync and /digest preview|post.

Guarded twice: Discord hides them from members without Manage Server (``default_permissions``, which a
server admin may widen in the integration settings), and the bot itself refuses anyone who has neither
the configured staff role nor Manage Server.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.adapters.discord.replies import STAFF_ONLY_TEXT, defer, reply
from bot.config import CourseConfig
from bot.services.messages import Message, error

if TYPE_CHECKING:
    from bot.adapters.discord.bot import CourseBot


class NotStaff(app_commands.CheckFailure):
    """The member who used a staff command is not staff."""

    def __init__(self) -> None:
        super().__init__(STAFF_ONLY_TEXT)


def is_staff(interaction: discord.Interaction, config: CourseConfig) -> bool:
    """Staff: a guild member with the configured staff role, or with Manage Server."""
    member = interaction.user
    if not isinstance(member, discord.Member):
        return False
    staff_role = config.discord.staff_role_id
    if staff_role is not None and any(role.id == staff_role for role in member.roles):
        return True
    return interaction.permissions.manage_guild


def _staff_only(interaction: discord.Interaction) -> bool:
    if not is_staff(interaction, _bot(interaction).config):
        raise NotStaff()
    return True


def _bot(interaction: discord.Interaction) -> CourseBot:
    return interaction.client  # type: ignore[return-value]


def outcome_message(outcome: object) -> Message:
    """A short staff-facing report of what posting did (``PostOutcome`` reads well as text)."""
    return Message(title="Digest", description=str(outcome), ephemeral=True)


def staff_commands() -> list[app_commands.Command | app_commands.Group]:
    """Fresh staff command objects for one bot."""
    manage = discord.Permissions(manage_guild=True)

    @app_commands.command(name="sync", description="Staff: re-read the course site now and report problems")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(_staff_only)
    async def sync(interaction: discord.Interaction) -> None:
        await defer(interaction, ephemeral=True)
        await reply(interaction, await _bot(interaction).lookups.sync())

    digest = app_commands.Group(
        name="digest",
        description="Staff: the weekly reading digest",
        default_permissions=manage,
        guild_only=True,
    )

    @digest.command(name="preview", description="Show the digest that would be posted now (only to you)")
    @app_commands.check(_staff_only)
    async def preview(interaction: discord.Interaction) -> None:
        posting = _bot(interaction).posting
        if posting is None:
            await reply(interaction, error("Posting is not set up: configure discord.channel_id."))
            return
        await defer(interaction, ephemeral=True)
        message = await posting.preview_digest()
        await reply(interaction, dataclasses.replace(message, ephemeral=True, mentions=()))

    @digest.command(name="post", description="Post this week's digest to the course channel now (once)")
    @app_commands.check(_staff_only)
    async def post(interaction: discord.Interaction) -> None:
        posting = _bot(interaction).posting
        if posting is None:
            await reply(interaction, error("Posting is not set up: configure discord.channel_id."))
            return
        await defer(interaction, ephemeral=True)
        await reply(interaction, outcome_message(await posting.post_digest()))

    return [sync, digest]
