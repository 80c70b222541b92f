"""Staff slash commands: /sync and /digest preview|post.

Guarded twice: Discord hides them from members without Manage Server (``default_permissions``, which a
server admin may widen in the integration settings), and the bot itself refuses anyone who has neither
the configured staff role nor Manage Server.
"""

from __future__ import annotations

import dataclasses
import shlex
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.adapters.discord.replies import STAFF_ONLY_TEXT, defer, reply
from bot.config import CourseConfig
from bot.services.commands import dispatch
from bot.services.messages import Message

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


def staff_commands() -> list[app_commands.Command | app_commands.Group]:
    """Fresh staff command objects for one bot. They answer through the shared text commands
    (:func:`bot.services.commands.dispatch`), so console, Slack and Discord behave alike."""
    manage = discord.Permissions(manage_guild=True)

    @app_commands.command(name="sync", description="Staff: re-read the course site now and report problems")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.check(_staff_only)
    async def sync(interaction: discord.Interaction) -> None:
        await defer(interaction, ephemeral=True)
        bot = _bot(interaction)
        await reply(interaction, _private(await dispatch("/sync", bot.lookups, bot.posting)))

    digest = app_commands.Group(
        name="digest",
        description="Staff: the weekly reading digest",
        default_permissions=manage,
        guild_only=True,
    )

    @digest.command(name="preview", description="Show the digest that would be posted (only to you)")
    @app_commands.describe(when=WHEN_HELP)
    @app_commands.check(_staff_only)
    async def preview(interaction: discord.Interaction, when: str | None = None) -> None:
        await _digest(interaction, "preview", when)

    @digest.command(name="post", description="Post the digest to the course channel now (once; edits if changed)")
    @app_commands.describe(when=WHEN_HELP)
    @app_commands.check(_staff_only)
    async def post(interaction: discord.Interaction, when: str | None = None) -> None:
        await _digest(interaction, "post", when)

    return [sync, digest]


WHEN_HELP = "Course time to compose it for, e.g. 2026-11-15T18:00 (default: now)"


async def _digest(interaction: discord.Interaction, action: str, when: str | None) -> None:
    await defer(interaction, ephemeral=True)
    bot = _bot(interaction)
    text = f"/digest {action}" + (f" {shlex.quote(when)}" if when else "")
    await reply(interaction, _private(await dispatch(text, bot.lookups, bot.posting)))


def _private(message: Message) -> Message:
    """A staff answer: only the asker sees it and nobody is pinged (a digest preview names the teams)."""
    return dataclasses.replace(message, ephemeral=True, mentions=())
