"""Student slash commands: /readings, /team, /schedule, /search, /calendar.

Each command asks :class:`~bot.services.lookups.Lookups` and renders its neutral answer; nothing here
knows about the store or the course files. Commands are built per bot so that the role choices come
from the configuration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.adapters.discord.render import OPTION_TEXT_LIMIT, SELECT_OPTIONS, truncate
from bot.adapters.discord.replies import defer, replace, reply
from bot.services.refs import session_ref

if TYPE_CHECKING:
    from bot.adapters.discord.bot import CourseBot

MAX_SCHEDULE = 25


def _bot(interaction: discord.Interaction) -> CourseBot:
    return interaction.client  # type: ignore[return-value]


async def session_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Sessions matching what the user typed so far (upcoming first), at most 25. Discord takes at most 100
    characters of a choice's name and value: a longer name is cut with an ellipsis, a longer slug is sent as
    a reference that still names its session (bot.services.refs), never cut."""
    choices = await _bot(interaction).lookups.suggest(current)
    return [
        app_commands.Choice(name=truncate(c.label or c.value, OPTION_TEXT_LIMIT), value=session_ref(c.value, OPTION_TEXT_LIMIT))
        for c in choices[:SELECT_OPTIONS]
    ]


async def answer_choice(interaction: discord.Interaction, slug: str) -> None:
    """A session picked from an ambiguous query's select menu: show its readings in place of the menu."""
    message = await _bot(interaction).lookups.readings(slug)
    await replace(interaction, message, on_choice=answer_choice)


def student_commands(roles: list[tuple[str, str]]) -> list[app_commands.Command]:
    """Fresh command objects for one bot; ``roles`` (key, label) become the choices of ``/team role``."""

    @app_commands.command(name="readings", description="The readings of a session (required first), with links")
    @app_commands.describe(query="Session: slug, lecture id or title")
    @app_commands.autocomplete(query=session_autocomplete)
    async def readings(interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        message = await _bot(interaction).lookups.readings(query)
        await reply(interaction, message, on_choice=answer_choice)

    async def team(interaction: discord.Interaction, role: str, session: str | None = None) -> None:
        await reply(interaction, await _bot(interaction).lookups.team(role, session))

    team = app_commands.describe(
        role="The role, e.g. the blog or reading team",
        session="One session (slug, lecture id or title); default: the next few",
    )(team)
    team = app_commands.autocomplete(session=session_autocomplete)(team)
    role_choices = [
        app_commands.Choice(name=truncate(label or key, OPTION_TEXT_LIMIT), value=key) for key, label in roles
    ][:SELECT_OPTIONS]
    if role_choices:
        team = app_commands.choices(role=role_choices)(team)
    team_command = app_commands.command(
        name="team", description="Who is responsible for a role in the coming sessions, or in one session"
    )(team)

    @app_commands.command(name="schedule", description="The next sessions with their dates")
    @app_commands.describe(count="How many sessions (1-25, default 5)")
    async def schedule(
        interaction: discord.Interaction, count: app_commands.Range[int, 1, MAX_SCHEDULE] = 5
    ) -> None:
        await reply(interaction, await _bot(interaction).lookups.schedule(count))

    @app_commands.command(name="search", description="Search the readings of every session")
    @app_commands.describe(text="Words to look for in reading titles and abstracts")
    async def search(interaction: discord.Interaction, text: app_commands.Range[str, 1, 200]) -> None:
        await defer(interaction)
        await reply(interaction, await _bot(interaction).lookups.search(text))

    @app_commands.command(name="calendar", description="Every session as a calendar file (.ics) to import")
    async def calendar(interaction: discord.Interaction) -> None:
        await defer(interaction)
        await reply(interaction, await _bot(interaction).lookups.calendar())

    return [readings, team_command, schedule, search, calendar]
