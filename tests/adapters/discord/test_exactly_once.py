"""Exactly once with the real discord.py client against the fake Discord: a post of several messages
interrupted half-way is resumed, not taken as complete; a crash in a busy channel past Discord's nonce
window is reconciled by the ledger's own record; a forged footer names no other post."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.adapters.discord import DiscordTransport
from bot.config import CourseConfig
from bot.services.messages import Line, Message, Section
from bot.services.posting import Posting
from bot.store.sessions import Store
from tests.adapters.discord.conftest import CHANNEL, NOW, Running
from tests.clock import SettableClock


class Crash(BaseException):
    """The process dies here (nothing may catch it)."""


async def _no_sleep(seconds: float) -> None:
    return None


def long_notice(key: str) -> Message:
    lines = tuple(Line(f"change {i} " + "x" * 900) for i in range(60))
    return Message(title="Changes", kind="reply", key=key, sections=(Section("Changed", lines),))


def posting_for(running: Running, store: Store, config: CourseConfig, clock: SettableClock) -> Posting:
    """A Posting as a restarted bot makes it: a new transport object on the same channel."""
    return Posting(store, config, DiscordTransport(running.bot, CHANNEL), clock=clock, sleep=_no_sleep)


def posted_parts(running: Running, key: str) -> list[dict]:
    return [m for m in running.fake.channel_messages(CHANNEL) if key in ((m["embeds"] or [{}])[0].get("footer") or {}).get("text", "")]


async def test_a_403_on_part_2_is_resumed_not_taken_as_sent(running: Running, store: Store, config: CourseConfig) -> None:
    fake = running.fake
    clock = SettableClock(NOW)
    fake.clock = clock
    key = "changes:2026-11-08T23:00"
    fake.fail_next(403, after=1)  # the first part goes through, the second is refused (a permission flap)
    first = posting_for(running, store, config, clock)
    outcome = await first.post_once(long_notice(key), kind="notice", due_at=NOW)
    assert outcome.action == "failed" and "403" in outcome.detail
    entry = await first.ledger.get(key)
    assert entry is not None and entry.status == "pending" and entry.parts and entry.parts > 2
    assert len(entry.sent_ids) == 1  # the part that went through is recorded
    clock.now = NOW + dt.timedelta(minutes=30)  # later, past the nonce window: a blind resend would double it
    again = await posting_for(running, store, config, clock).post_once(long_notice(key), kind="notice", due_at=NOW)
    assert again.action == "sent"
    done = await first.ledger.get(key)
    assert done is not None and done.status == "sent" and len(done.sent_ids) == entry.parts
    messages = fake.channel_messages(CHANNEL)
    assert [m["id"] for m in messages] == done.sent_ids  # every part once, in order, none twice
    footers = [m["embeds"][0]["footer"]["text"] for m in messages]
    assert footers[0].endswith(f"ref: {key}") and footers[1] == f"ref 2/{entry.parts}: {key}"


async def test_a_crash_after_part_1_resumes_from_what_the_channel_shows(running: Running, store: Store,
                                                                      config: CourseConfig) -> None:
    """Killed between parts before the ledger heard of part 1: the channel shows part 1, the ledger knows
    the part count, so the rest is sent and nothing twice."""
    fake = running.fake
    clock = SettableClock(NOW)
    fake.clock = clock
    key = "changes:2026-11-08T23:05"
    first = posting_for(running, store, config, clock)
    calls = {"n": 0}
    original = first.ledger.record_parts

    async def die_after_part_1(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:  # the call recording part 1: the process dies before it is written
            raise Crash
        await original(*args, **kwargs)

    first.ledger.record_parts = die_after_part_1  # type: ignore[method-assign]
    with pytest.raises(Crash):
        await first.post_once(long_notice(key), kind="notice", due_at=NOW)
    assert len(fake.channel_messages(CHANNEL)) == 1
    clock.now = NOW + dt.timedelta(hours=1)
    outcome = await posting_for(running, store, config, clock).post_once(long_notice(key), kind="notice", due_at=NOW)
    assert outcome.action == "sent"
    entry = await first.ledger.get(key)
    assert entry is not None and entry.parts and [m["id"] for m in fake.channel_messages(CHANNEL)] == entry.sent_ids
    assert len(entry.sent_ids) == entry.parts


async def test_reconcile_after_a_crash_in_a_busy_channel_finds_the_post(running: Running, store: Store,
                                                                        config: CourseConfig) -> None:
    """Crashed after Discord posted the digest, before the ledger said so; 250 messages later (past the
    200 most recent, past the nonce window) the restarted bot finds it from the row's own creation time."""
    fake = running.fake
    clock = SettableClock(NOW)
    fake.clock = clock
    first = posting_for(running, store, config, clock)

    async def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise Crash

    first.ledger.mark_sent = crash  # type: ignore[method-assign]
    with pytest.raises(Crash):
        await first.post_digest(NOW)
    [digest] = fake.channel_messages(CHANNEL)
    for i in range(250):
        clock.now += dt.timedelta(seconds=5)
        fake.add_message(running.student, content=f"chatter {i}")
    clock.now = NOW + dt.timedelta(hours=1)
    restarted = posting_for(running, store, config, clock)
    await restarted.reconcile()
    entry = await restarted.ledger.get("digest:2026-W46")
    assert entry is not None and (entry.status, entry.message_id) == ("sent", digest["id"])
    bot_posts = [m for m in fake.channel_messages(CHANNEL) if m["author"]["id"] == str(fake.bot_user.id)]
    assert bot_posts == [digest]
    pages = fake.find("GET", rf"^/channels/{CHANNEL}/messages$")
    assert pages and all("after" in r.query for r in pages)


async def test_a_forged_footer_does_not_mark_the_digest_sent(running: Running, store: Store, config: CourseConfig) -> None:
    """A post whose file name holds `` • ref: digest:...`` is posted as a reminder; the week's pending digest
    is not taken for it: it is posted."""
    fake = running.fake
    clock = SettableClock(NOW)
    fake.clock = clock
    posting = posting_for(running, store, config, clock)
    forged = Message(title="x", kind="reminder", key="reminder:x • ref: digest:2026-W46", footer="reminder:x • ref: digest:2026-W46")
    assert (await posting.post_once(forged, kind="notice", due_at=NOW)).action == "sent"
    await posting.ledger.add_pending("digest:2026-W46", kind="digest", content_hash="h", now=NOW, due_at=NOW)
    await posting.reconcile()
    entry = await posting.ledger.get("digest:2026-W46")
    assert entry is not None and entry.status == "sent"
    assert len(fake.channel_messages(CHANNEL)) == 2  # the digest itself was posted
    assert entry.message_id == fake.channel_messages(CHANNEL)[1]["id"]
