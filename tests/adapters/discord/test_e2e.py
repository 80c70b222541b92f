"""End to end: the real bot and services against the loopback fake Discord (no network, no sleeps)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.adapters.discord.conftest import CHANNEL, GUILD, TEAM1_ROLE, Running, write_site
from tests.fakes.discord import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    EPHEMERAL_FLAG,
    MANAGE_GUILD,
    UPDATE_MESSAGE,
)

TIMEOUT = 5


async def answer(future: asyncio.Future) -> dict:
    return await asyncio.wait_for(future, TIMEOUT)


def text_of(message_data: dict) -> str:
    """Everything a reader sees in a message payload (content and embeds), as one string."""
    parts = [message_data.get("content") or ""]
    for embed in message_data.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "", (embed.get("footer") or {}).get("text", "")]
        for f in embed.get("fields") or []:
            parts += [f["name"], f["value"]]
    return "\n".join(parts)


async def test_start_up_logs_in_and_syncs_the_command_schema(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    fake = running.fake
    assert [r.path for r in fake.requests[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    assert all(r.headers["Authorization"] == f"Bot {fake.token}" for r in fake.requests[:2])
    assert fake.identify_count == 1 and fake.gateway_tokens == [fake.token]
    put = await fake.wait_for("PUT", rf"^/applications/{fake.application_id}/guilds/{GUILD}/commands$")
    commands = {c["name"]: c for c in put.json}
    assert set(commands) == {"readings", "team", "schedule", "search", "calendar", "sync", "digest"}
    query = commands["readings"]["options"][0]
    assert (query["name"], query["required"], query["autocomplete"]) == ("query", True, True)
    role = commands["team"]["options"][0]
    assert role["choices"] == [{"name": "Blog team", "value": "notes"}, {"name": "Reading team", "value": "video"}]
    assert commands["schedule"]["options"][0]["max_value"] == 25
    for staff in ("sync", "digest"):
        assert int(commands[staff]["default_member_permissions"]) == MANAGE_GUILD
    assert {o["name"] for o in commands["digest"]["options"]} == {"preview", "post"}
    assert commands["readings"]["default_member_permissions"] is None
    assert not fake.find("PUT", r"^/applications/\d+/commands$")  # guild sync only, nothing global
    assert set(running.bot.synced) == {GUILD}
    assert fake.token not in caplog.text


async def test_readings_round_trip(running: Running) -> None:
    record = await running.fake.slash("readings", {"query": "S0-L02"}, user=running.student)
    body = await answer(record.callback)
    assert body["type"] == CHANNEL_MESSAGE
    shown = text_of(body["data"])
    assert "Scaling Laws for Neural Language Models" in shown and "https://arxiv.org/abs/2001.08361" in shown
    assert shown.index("Scaling Laws") < shown.index("Chinchilla")  # required first
    assert body["data"]["allowed_mentions"] == {"parse": []}  # nobody may be pinged


async def test_long_reading_list_is_split_within_limits(running: Running) -> None:
    record = await running.fake.slash("readings", {"query": "S0-L03"}, user=running.student)
    body = await answer(record.callback)
    messages = [body["data"]] + [m for m in record.followups]
    shown = "\n".join(text_of(m) for m in messages)
    assert all(f"Alignment paper {i}" in shown for i in range(40))
    assert "@everyone" not in shown and "\\*basics\\*" in shown  # post text escaped
    for message in messages:
        assert len(message["embeds"]) <= 10
        assert sum(len(text_of({"embeds": [e]})) for e in message["embeds"]) <= 6000


async def test_autocomplete_offers_at_most_25_sessions(running: Running) -> None:
    record = await running.fake.autocomplete("readings", "query", "S0", user=running.student)
    body = await answer(record.callback)
    assert body["type"] == AUTOCOMPLETE_RESULT
    values = [c["value"] for c in body["data"]["choices"]]
    assert 0 < len(values) <= 25 and set(values) <= {"S0-L01", "S0-L02", "S0-L03"}


async def test_team_round_trip_names_the_members(running: Running) -> None:
    record = await running.fake.slash("team", {"role": "notes", "session": "S0-L03"}, user=running.student)
    body = await answer(record.callback)
    assert body["type"] == CHANNEL_MESSAGE
    shown = text_of(body["data"])
    assert "team-1" in shown and "Ada Lovelace" in shown
    assert body["data"]["allowed_mentions"]["parse"] == []  # a lookup never pings


async def test_search_defers_then_follows_up(running: Running) -> None:
    record = await running.fake.slash("search", {"text": "scaling"}, user=running.student)
    body = await answer(record.callback)
    assert body["type"] == DEFERRED_CHANNEL_MESSAGE
    # the answer replaces the loading message (edit_original_response), as Discord wants after defer()
    edited = await answer(record.original_edited)
    assert "Scaling Laws for Neural Language Models" in text_of(edited)
    assert record.original is not None and edited["id"] == record.original["id"]
    assert len(running.fake.find("PATCH", rf"/webhooks/\d+/{record.token}/messages/@original$")) == 1
    assert running.fake.find("POST", rf"/webhooks/\d+/{record.token}$") == []


async def test_calendar_attaches_an_ics_file(running: Running) -> None:
    record = await running.fake.slash("calendar", user=running.student)
    assert (await answer(record.callback))["type"] == DEFERRED_CHANNEL_MESSAGE
    await answer(record.original_edited)
    request = running.fake.find("PATCH", rf"/webhooks/\d+/{record.token}/messages/@original$")[0]
    [(_, filename, data)] = request.files
    assert filename == "course.ics" and data.startswith(b"BEGIN:VCALENDAR")


async def test_ambiguous_query_offers_a_select_menu_and_the_pick_answers(running: Running) -> None:
    fake = running.fake
    record = await fake.slash("readings", {"query": "S0-Intro"}, user=running.student)
    body = await answer(record.callback)
    [row] = body["data"]["components"]
    [select] = row["components"]
    assert select["type"] == 3
    assert {o["value"] for o in select["options"]} == {"S0-L01", "S0-L02"}
    assert record.original is not None

    pick = await fake.select(record.original, ["S0-L02"], user=running.student)
    picked = await answer(pick.callback)
    assert picked["type"] == UPDATE_MESSAGE
    assert "Scaling Laws for Neural Language Models" in text_of(picked["data"])
    assert picked["data"]["components"] == []  # the menu is replaced by the answer


async def test_staff_command_is_refused_to_a_student(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    record = await running.fake.slash("digest", user=running.student, subcommand="post")
    body = await answer(record.callback)
    assert body["type"] == CHANNEL_MESSAGE
    assert body["data"]["flags"] & EPHEMERAL_FLAG
    assert "staff" in text_of(body["data"])
    assert running.fake.channel_messages(CHANNEL) == []
    assert "Traceback" not in caplog.text


async def test_staff_role_may_preview_the_digest(running: Running) -> None:
    record = await running.fake.slash("digest", user=running.staff, subcommand="preview")
    assert (await answer(record.callback))["type"] == DEFERRED_CHANNEL_MESSAGE
    followup = await answer(record.original_edited)
    assert followup["flags"] & EPHEMERAL_FLAG
    assert "Attention Is All You Need" in text_of(followup)
    assert running.fake.channel_messages(CHANNEL) == []  # a preview posts nothing


async def test_manage_server_may_post_the_digest(running: Running) -> None:
    admin = running.fake.member("admin", permissions=MANAGE_GUILD)
    record = await running.fake.slash("digest", user=admin, subcommand="post")
    await answer(record.callback)
    followup = await answer(record.original_edited)
    assert "was posted." in text_of(followup)
    assert len(running.fake.channel_messages(CHANNEL)) == 1


async def test_a_failing_command_answers_briefly_and_logs_the_traceback(
    running: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(count: int = 5) -> None:
        raise RuntimeError("store on fire")

    monkeypatch.setattr(running.bot.lookups, "schedule", broken)
    with caplog.at_level(logging.ERROR):
        record = await running.fake.slash("schedule", {"count": 3}, user=running.student)
        body = await answer(record.callback)
    assert body["data"]["flags"] & EPHEMERAL_FLAG
    assert "store on fire" not in text_of(body["data"])
    assert "store on fire" in caplog.text and "Traceback" in caplog.text


async def test_weekly_digest_is_posted_to_the_channel(running: Running) -> None:
    fake = running.fake
    outcome = await running.posting.post_digest()
    assert outcome.action == "sent"
    [post] = fake.find("POST", rf"^/channels/{CHANNEL}/messages$")
    assert post.json["nonce"] and post.json["enforce_nonce"] is True
    assert f"<@&{TEAM1_ROLE}>" in post.json["content"]
    assert post.json["allowed_mentions"]["parse"] == []
    assert [int(r) for r in post.json["allowed_mentions"]["roles"]] == [TEAM1_ROLE]
    [message] = fake.channel_messages(CHANNEL)
    assert outcome.message_id == message["id"]
    assert "Attention Is All You Need" in text_of(message) and "Scaling Laws" in text_of(message)
    assert outcome.key in message["embeds"][0]["footer"]["text"]
    assert await running.transport.find_sent(outcome.key) == message["id"]
    assert await running.transport.find_sent("digest:1999-W01") is None
    # posting again with nothing changed does nothing
    again = await running.posting.post_digest()
    assert again.action != "sent" and len(fake.channel_messages(CHANNEL)) == 1


async def test_changed_post_edits_the_digest_in_place(running: Running) -> None:
    fake = running.fake
    first = await running.posting.post_digest()
    config = running.bot.config
    write_site(config.site_path, extra_reading="A new reading")
    report = await running.bot.lookups.store.sync(config)
    assert report.changed == ["S0-L01"]
    second = await running.posting.post_digest()
    assert second.action == "edited" and second.message_id == first.message_id
    patch = await fake.wait_for("PATCH", rf"^/channels/{CHANNEL}/messages/{first.message_id}$")
    assert "A new reading" in text_of(patch.json)
    [message] = fake.channel_messages(CHANNEL)
    assert "A new reading" in text_of(message) and message["edited_timestamp"]


async def test_rate_limit_while_posting_is_retried_once_delivered(running: Running) -> None:
    fake = running.fake
    fake.fail_next(429, retry_after=0.01)
    outcome = await running.posting.post_digest()
    assert outcome.action == "sent"
    assert [r.status for r in fake.find("POST", rf"^/channels/{CHANNEL}/messages$")] == [429, 200]
    assert len(fake.channel_messages(CHANNEL)) == 1


async def test_server_error_after_the_post_went_through_is_delivered_once(running: Running) -> None:
    fake = running.fake
    fake.fail_next(500, apply_first=True)  # Discord created the message but the answer was lost
    outcome = await running.posting.post_digest()
    assert outcome.action == "sent"
    posts = fake.find("POST", rf"^/channels/{CHANNEL}/messages$")
    assert [r.status for r in posts] == [500, 200]
    assert posts[0].json["nonce"] == posts[1].json["nonce"]
    [message] = fake.channel_messages(CHANNEL)
    assert outcome.message_id == message["id"]


async def test_dropped_gateway_connection_resumes(running: Running) -> None:
    fake = running.fake
    await fake.drop_connection()
    await fake.gateway_event("RESUME")
    assert fake.resume_count == 1 and fake.identify_count == 1
    record = await fake.slash("readings", {"query": "S0-L01"}, user=running.student)
    assert "Attention Is All You Need" in text_of((await answer(record.callback))["data"])
