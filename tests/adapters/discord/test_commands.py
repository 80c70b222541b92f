"""Slash-command callbacks, unit-tested with autospec'd interactions (a misspelled call fails loudly)."""

from __future__ import annotations

import logging
from typing import Any
from unittest.mock import create_autospec

import discord
import pytest
from discord import app_commands

from bot.adapters.discord import CourseBot, create_bot
from bot.adapters.discord.commands import answer_choice, session_autocomplete
from bot.adapters.discord.replies import FAILURE_TEXT, STAFF_ONLY_TEXT
from bot.adapters.discord.staff import NotStaff, is_staff
from bot.adapters.discord.views import ChoiceView
from bot.config import CourseConfig, DiscordSection
from bot.services.lookups import Lookups
from bot.services.messages import Choice, Line, Mention, Message, Section, error
from bot.services.posting import PostOutcome, Posting

STAFF_ROLE = 42


@pytest.fixture
def bot() -> CourseBot:
    lookups = create_autospec(Lookups, instance=True)
    lookups.roles.return_value = [("notes", "Blog team"), ("video", "Reading team")]
    posting = create_autospec(Posting, instance=True)
    posting.after_sync.return_value = []
    config = CourseConfig(discord=DiscordSection(guild_ids=[1], staff_role_id=STAFF_ROLE))
    lookups.config = config
    return create_bot(lookups, posting, config)


def member(*role_ids: int) -> discord.Member:
    user = create_autospec(discord.Member, instance=True)
    user.id = 1234
    roles = []
    for rid in role_ids:
        role = create_autospec(discord.Role, instance=True)
        role.id = rid
        roles.append(role)
    user.roles = roles
    return user


def interaction(bot: CourseBot, *, user: Any = None, permissions: discord.Permissions | None = None) -> Any:
    """An autospec'd Interaction whose response tracks whether it was answered, like the real one."""
    inter = create_autospec(discord.Interaction, instance=True)
    inter.client = bot
    inter.id = 99
    inter.user = user if user is not None else member()
    inter.permissions = permissions or discord.Permissions.none()
    inter.response = create_autospec(discord.InteractionResponse, instance=True)
    inter.followup = create_autospec(discord.Webhook, instance=True)
    answered = {"done": False}

    async def mark(*args: Any, **kwargs: Any) -> None:
        answered["done"] = True

    inter.response.is_done.side_effect = lambda: answered["done"]
    for name in ("send_message", "defer", "edit_message"):
        getattr(inter.response, name).side_effect = mark
    return inter


def command(bot: CourseBot, name: str, sub: str | None = None) -> app_commands.Command:
    found = bot.tree.get_command(name)
    if sub is not None:
        assert isinstance(found, app_commands.Group)
        found = found.get_command(sub)
    assert isinstance(found, app_commands.Command)
    return found


READINGS = Message(title="S0-L01 · Intro", sections=(Section("Required", (Line("Attention", url="https://a.b/1"),)),))


async def test_readings_answers_with_the_lookup(bot: CourseBot) -> None:
    bot.lookups.readings.return_value = READINGS
    inter = interaction(bot)
    await command(bot, "readings").callback(inter, query="S0-L01")
    bot.lookups.readings.assert_awaited_once_with("S0-L01")
    inter.response.send_message.assert_awaited_once()
    kwargs = inter.response.send_message.call_args.kwargs
    assert kwargs["embeds"][0].title == "S0-L01 · Intro"
    assert kwargs["ephemeral"] is False
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
    inter.followup.send.assert_not_awaited()


async def test_ambiguous_readings_offer_a_menu_whose_pick_replaces_it(bot: CourseBot) -> None:
    bot.lookups.readings.return_value = Message(
        title="Which session?", choices=(Choice("S0-L01", "Intro"), Choice("S0-L02", "Scaling"))
    )
    inter = interaction(bot)
    await command(bot, "readings").callback(inter, query="S0-Intro")
    view = inter.response.send_message.call_args.kwargs["view"]
    assert isinstance(view, ChoiceView)
    assert [o.value for o in view.children[0].options] == ["S0-L01", "S0-L02"]  # type: ignore[attr-defined]

    bot.lookups.readings.return_value = READINGS
    pick = interaction(bot)
    await view.handler(pick, "S0-L02")
    bot.lookups.readings.assert_awaited_with("S0-L02")
    edited = pick.response.edit_message.call_args.kwargs
    assert edited["view"] is None and edited["embeds"][0].title == "S0-L01 · Intro"
    assert answer_choice is view.handler


async def test_unknown_query_is_a_private_error(bot: CourseBot) -> None:
    bot.lookups.readings.return_value = error("No session matches “zzz”.")
    inter = interaction(bot)
    await command(bot, "readings").callback(inter, query="zzz")
    assert inter.response.send_message.call_args.kwargs["ephemeral"] is True


async def test_team_passes_role_and_session(bot: CourseBot) -> None:
    bot.lookups.team.return_value = Message(title="Blog team")
    inter = interaction(bot)
    await command(bot, "team").callback(inter, role="notes", session="S0-L03")
    bot.lookups.team.assert_awaited_once_with("notes", "S0-L03")
    inter.response.send_message.assert_awaited_once()


async def test_schedule_passes_count(bot: CourseBot) -> None:
    bot.lookups.schedule.return_value = Message(title="Schedule")
    await command(bot, "schedule").callback(interaction(bot), count=3)
    bot.lookups.schedule.assert_awaited_once_with(3)


@pytest.mark.parametrize("name, lookup, kwargs", [("search", "search", {"text": "scaling"}), ("calendar", "calendar", {})])
async def test_slow_commands_defer_then_follow_up(bot: CourseBot, name: str, lookup: str, kwargs: dict) -> None:
    getattr(bot.lookups, lookup).return_value = Message(title="Answer")
    inter = interaction(bot)
    await command(bot, name).callback(inter, **kwargs)
    inter.response.defer.assert_awaited_once_with(thinking=True, ephemeral=False)
    inter.response.send_message.assert_not_awaited()
    inter.followup.send.assert_awaited_once()
    assert inter.followup.send.call_args.kwargs["embeds"][0].title == "Answer"


async def test_a_long_answer_continues_in_follow_ups(bot: CourseBot) -> None:
    lines = tuple(Line(f"reading {i} " + "x" * 900) for i in range(60))
    bot.lookups.readings.return_value = Message(title="Long", sections=(Section("All", lines),))
    inter = interaction(bot)
    await command(bot, "readings").callback(inter, query="S0-L03")
    inter.response.send_message.assert_awaited_once()
    assert inter.followup.send.await_count >= 1


async def test_autocomplete_returns_at_most_25_choices(bot: CourseBot) -> None:
    bot.lookups.suggest.return_value = [Choice(f"S0-L{i:02d}", "L" * 150) for i in range(30)]
    choices = await session_autocomplete(interaction(bot), "S0")
    assert len(choices) == 25
    assert all(len(c.name) <= 100 for c in choices) and choices[0].value == "S0-L00"
    bot.lookups.suggest.assert_awaited_once_with("S0")


def test_staff_is_the_staff_role_or_manage_server(bot: CourseBot) -> None:
    assert is_staff(interaction(bot, user=member(STAFF_ROLE)), bot.config)
    assert is_staff(interaction(bot, permissions=discord.Permissions(manage_guild=True)), bot.config)
    assert not is_staff(interaction(bot, user=member(7)), bot.config)
    assert not is_staff(interaction(bot, user=create_autospec(discord.User, instance=True)), bot.config)


async def test_staff_commands_refuse_students(bot: CourseBot) -> None:
    inter = interaction(bot, user=member())
    for cmd in (command(bot, "sync"), command(bot, "digest", "post"), command(bot, "digest", "preview")):
        with pytest.raises(NotStaff):
            for check in cmd.checks:
                check(inter)
        assert cmd.default_permissions is None or cmd.default_permissions.manage_guild
    assert command(bot, "sync").default_permissions == discord.Permissions(manage_guild=True)
    assert bot.tree.get_command("digest").default_permissions == discord.Permissions(manage_guild=True)


async def test_digest_preview_is_private_and_pings_nobody(bot: CourseBot) -> None:
    bot.posting.preview_digest.return_value = Message(title="Digest", kind="digest",
                                                      mentions=(Mention("team-1", discord_role_id=5),))
    inter = interaction(bot, user=member(STAFF_ROLE))
    await command(bot, "digest", "preview").callback(inter)
    inter.response.defer.assert_awaited_once_with(thinking=True, ephemeral=True)
    sent = inter.followup.send.call_args.kwargs
    assert sent["ephemeral"] is True and "content" not in sent
    assert sent["allowed_mentions"].to_dict() == {"parse": []}


async def test_digest_post_reports_the_outcome(bot: CourseBot) -> None:
    bot.posting.post_digest.return_value = PostOutcome("digest:2026-W46", "digest", "sent", "123")
    inter = interaction(bot, user=member(STAFF_ROLE))
    await command(bot, "digest", "post").callback(inter)
    bot.posting.post_digest.assert_awaited_once_with(None)
    assert "The digest for 2026-W46 was posted." in inter.followup.send.call_args.kwargs["embeds"][0].description


async def test_digest_without_posting_says_so(bot: CourseBot) -> None:
    bot.posting = None
    inter = interaction(bot, user=member(STAFF_ROLE))
    await command(bot, "digest", "post").callback(inter)
    kwargs = inter.followup.send.call_args.kwargs
    assert kwargs["ephemeral"] is True and "posting service" in kwargs["embeds"][0].description


async def test_digest_preview_for_a_given_time(bot: CourseBot) -> None:
    bot.posting.preview_digest.return_value = Message(title="Digest", kind="digest")
    await command(bot, "digest", "preview").callback(interaction(bot, user=member(STAFF_ROLE)), when="2026-11-15T18:00")
    [at] = bot.posting.preview_digest.call_args.args
    assert (at.date().isoformat(), at.hour, at.utcoffset() is not None) == ("2026-11-15", 18, True)


async def test_digest_with_a_bad_time_says_what_is_expected(bot: CourseBot) -> None:
    inter = interaction(bot, user=member(STAFF_ROLE))
    await command(bot, "digest", "post").callback(inter, when="next sunday")
    bot.posting.post_digest.assert_not_awaited()
    assert "ISO time" in inter.followup.send.call_args.kwargs["embeds"][0].description


async def test_sync_defers_privately_and_reports_edited_posts(bot: CourseBot) -> None:
    bot.lookups.sync.return_value = Message(title="Site synced", ephemeral=True)
    bot.posting.after_sync.return_value = [PostOutcome("digest:2026-W46", "digest", "edited", "123")]
    inter = interaction(bot, user=member(STAFF_ROLE))
    await command(bot, "sync").callback(inter)
    inter.response.defer.assert_awaited_once_with(thinking=True, ephemeral=True)
    sent = inter.followup.send.call_args.kwargs
    assert sent["ephemeral"] is True
    assert "The digest for 2026-W46 was updated in place." in sent["embeds"][0].fields[0].value


async def test_errors_answer_briefly_and_log_the_traceback(bot: CourseBot, caplog: pytest.LogCaptureFixture) -> None:
    inter = interaction(bot)
    inter.command = command(bot, "schedule")
    try:
        raise RuntimeError("database is locked")
    except RuntimeError as exc:
        failure = app_commands.CommandInvokeError(inter.command, exc)
    with caplog.at_level(logging.ERROR):
        await bot.tree.on_error(inter, failure)
    kwargs = inter.response.send_message.call_args.kwargs
    assert kwargs["ephemeral"] is True and kwargs["embeds"][0].description == FAILURE_TEXT
    assert "database is locked" in caplog.text and "Traceback" in caplog.text


async def test_errors_after_deferring_go_to_a_follow_up(bot: CourseBot) -> None:
    inter = interaction(bot)
    inter.command = command(bot, "search")
    await inter.response.defer()
    await bot.tree.on_error(inter, app_commands.CommandInvokeError(inter.command, ValueError("x")))
    assert inter.followup.send.call_args.kwargs["ephemeral"] is True


async def test_refusal_is_not_logged_as_an_error(bot: CourseBot, caplog: pytest.LogCaptureFixture) -> None:
    inter = interaction(bot)
    inter.command = command(bot, "sync")
    with caplog.at_level(logging.INFO):
        await bot.tree.on_error(inter, NotStaff())
    assert inter.response.send_message.call_args.kwargs["embeds"][0].description == STAFF_ONLY_TEXT
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
