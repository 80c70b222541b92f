"""Posting through the ledger with an injected clock: due times, catch-up, edits, retries, restarts."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import CourseConfig
from bot.course.models import Reading, Session
from bot.services.messages import Message
from bot.services.posting import Posting, crontab_to_apscheduler, digest_trigger, fire_times
from bot.services.transport import TransportError
from bot.store.db import Database
from bot.store.sessions import Store
from tests.conftest import PROJECT_ROOT
from tests.clock import SettableClock

NY = ZoneInfo("America/New_York")
SAT = dt.datetime(2024, 2, 24, 12, 0, tzinfo=NY)
SUN_18 = dt.datetime(2024, 2, 25, 18, 0, tzinfo=NY)
TUE = dt.date(2024, 2, 27)
THU = dt.date(2024, 2, 29)
MON_14 = dt.datetime(2024, 2, 26, 14, 0, tzinfo=NY)  # S1's reminder: 24 h before Tue 14:00


# -- fakes -----------------------------------------------------------------------------------------


class Crash(BaseException):
    """The process dies here (not an Exception: nothing may catch it)."""


class FakeChannel:
    """The platform side: survives restarts of the bot."""

    def __init__(self) -> None:
        self.messages: dict[str, Message] = {}
        self.edits: list[str] = []

    def by_key(self, key: str) -> list[Message]:
        return [m for m in self.messages.values() if m.key == key]


class FakeTransport:
    platform = "fake"
    channel = "chan-1"

    def __init__(self, room: FakeChannel, *, failures: list[BaseException] | None = None,
                 crash_before_send: bool = False, crash_after_send: bool = False) -> None:
        self.room = room
        self.failures = list(failures or [])
        self.crash_before_send = crash_before_send
        self.crash_after_send = crash_after_send
        self.nonces: list[str] = []

    async def send(self, message: Message, *, nonce: str) -> str:
        self.nonces.append(nonce)
        if self.failures:
            raise self.failures.pop(0)
        if self.crash_before_send:
            raise Crash("before the platform got it")
        message_id = f"m{len(self.room.messages) + 1}"
        self.room.messages[message_id] = message
        if self.crash_after_send:
            raise Crash("after the platform posted it, before the bot heard back")
        return message_id

    async def edit(self, message_id: str, message: Message) -> None:
        if self.failures:
            raise self.failures.pop(0)
        assert message_id in self.room.messages
        self.room.messages[message_id] = message
        self.room.edits.append(message_id)

    async def find_sent(self, key: str) -> str | None:
        for message_id, message in self.room.messages.items():
            if message.key == key:
                return message_id
        return None


class SiteStore(Store):
    """The real Store (ledger, meta) on a database file, with the site's sessions held in memory so a test
    can move, reassign and add them directly."""

    def __init__(self, db: Database, sessions: list[Session]) -> None:
        super().__init__(db)
        self.sessions = sessions

    async def all_sessions(self) -> list[Session]:
        return sorted(self.sessions, key=lambda s: (s.date is None, s.date or dt.date.min, s.slug))

    async def get_session(self, slug: str) -> Session | None:
        return next((s for s in self.sessions if s.slug == slug), None)

    async def sessions_between(self, start: dt.date, end: dt.date) -> list[Session]:
        return [s for s in await self.all_sessions() if s.date is not None and start <= s.date <= end]

    async def upcoming(self, start: dt.date, *, limit: int = 25) -> list[Session]:
        return [s for s in await self.all_sessions() if s.date is not None and s.date >= start][:limit]

    async def upcoming_meetings(self, start: dt.date, *, limit: int = 25) -> list[tuple[str, dt.date, bool]]:
        return [(s.slug, s.date, s.meeting) for s in await self.upcoming(start, limit=limit) if s.date is not None]

    async def sessions_by_slug(self, slugs: Sequence[str], *, since: dt.date | None = None) -> list[Session]:
        by_slug = {s.slug: s for s in self.sessions if since is None or (s.date is not None and s.date >= since)}
        return [by_slug[slug] for slug in dict.fromkeys(slugs) if slug in by_slug]


def make_config(**schedule: object) -> CourseConfig:
    return CourseConfig.model_validate(
        {
            "course": {"name": "Seminar", "timezone": "America/New_York", "meeting_time": "14:00"},
            "schedule": schedule,
            "teams": [{"id": "team-1", "members": [{"name": "Ada", "discord_id": 11}]},
                      {"id": "team-2", "members": [{"name": "Grace", "discord_id": 22}]}],
        }
    )


def session(slug: str, day: dt.date, team: str = "team-1") -> Session:
    return Session(file=f"_contents/{slug}.md", slug=slug, title=f"Session {slug}", lecture=None,
                   roles={"notes": team}, date=day, url=f"https://site/{slug}",
                   readings=(Reading(section="Required Readings", required=True, title=f"Paper {slug}",
                                     urls=(f"https://arxiv.org/{slug}",)),))


class Harness:
    """A bot 'process': a Posting over a fresh connection to the shared database file and channel."""

    def __init__(self, path: Path, room: FakeChannel, sessions: list[Session], clock: SettableClock, config: CourseConfig) -> None:
        self.path, self.room, self.sessions, self.clock, self.config = path, room, sessions, clock, config
        self.sleeps: list[float] = []
        self.dbs: list[Database] = []

    async def start(self, **transport: object) -> Posting:
        db = await Database.open(self.path)
        self.dbs.append(db)

        async def sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        store = SiteStore(db, self.sessions)
        return Posting(store, self.config, FakeTransport(self.room, **transport), clock=self.clock, sleep=sleep)  # type: ignore[arg-type]

    async def close(self) -> None:
        for db in self.dbs:
            await db.close()
        self.dbs.clear()


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = Harness(tmp_path / "cache.sqlite3", FakeChannel(), [session("S1", TUE), session("S2", THU)], SettableClock(SAT),
                      make_config())
    yield harness
    await harness.close()


async def reminded(h: Harness) -> Posting:
    """A started posting whose first week ran: the baseline (Saturday), the digest (Sunday 18:00) and S1's
    reminder, sent on Monday 14:00 (the clock left there)."""
    posting = await h.start()
    await posting.run_due(SAT)
    await posting.run_due(SUN_18)
    h.clock.now = MON_14
    assert [(o.key, o.action) for o in await posting.run_due()] == [("reminder:S1", "sent")]
    return posting


# -- due times -------------------------------------------------------------------------------------


def test_crontab_weekday_numbers_follow_crontab() -> None:
    assert crontab_to_apscheduler("0 18 * * 0") == "0 18 * * sun"
    assert crontab_to_apscheduler("0 18 * * 7") == "0 18 * * sun"
    assert crontab_to_apscheduler("0 9 * * 1-5") == "0 9 * * mon-fri"
    assert crontab_to_apscheduler("*/15 * * * 1,3/2") == "*/15 * * * mon,wed/2"
    assert crontab_to_apscheduler("0 18 * * sun") == "0 18 * * sun"
    with pytest.raises(ValueError, match="0-7"):
        crontab_to_apscheduler("0 18 * * 9")


def test_digest_fires_at_18_local_on_both_sides_of_dst() -> None:
    trigger = digest_trigger(make_config())
    times = fire_times(trigger, dt.datetime(2024, 3, 1, tzinfo=NY), dt.datetime(2024, 3, 18, tzinfo=NY))
    assert [(t.date().isoformat(), t.hour, t.minute) for t in times] == [
        ("2024-03-03", 18, 0), ("2024-03-10", 18, 0), ("2024-03-17", 18, 0)
    ]
    assert [t.utcoffset() for t in times] == [dt.timedelta(hours=-5), dt.timedelta(hours=-4), dt.timedelta(hours=-4)]
    assert [t.astimezone(dt.UTC).hour for t in times] == [23, 22, 22]  # same wall clock, different UTC hour
    autumn = fire_times(trigger, dt.datetime(2024, 10, 30, tzinfo=NY), dt.datetime(2024, 11, 4, tzinfo=NY))
    assert [(t.isoformat()) for t in autumn] == ["2024-11-03T18:00:00-05:00"]


async def test_reminder_due_is_real_hours_before_across_dst(h: Harness) -> None:
    posting = await h.start()
    day_of_switch = session("S3", dt.date(2024, 3, 10))  # 2024-03-10 02:00 clocks went forward
    due = posting.reminder_due(day_of_switch)
    assert due == dt.datetime(2024, 3, 9, 13, 0, tzinfo=NY)  # 24 real hours, 25 on the wall clock
    assert posting.reminder_due(dataclasses.replace(day_of_switch, meeting=False)) is None
    off = Posting(posting.store, make_config(reminder_hours=0), posting.transport, clock=h.clock)
    assert off.reminder_due(day_of_switch) is None and await off.reminder_times() == []


async def test_reminder_times_follow_the_sessions_after_a_sync(h: Harness) -> None:
    posting = await h.start()
    assert await posting.reminder_times() == [(dt.datetime(2024, 2, 26, 14, tzinfo=NY), "S1"),
                                              (dt.datetime(2024, 2, 28, 14, tzinfo=NY), "S2")]
    h.sessions[0] = session("S1", dt.date(2024, 3, 5))  # the site moved S1 a week later
    assert await posting.reminder_times() == [(dt.datetime(2024, 2, 28, 14, tzinfo=NY), "S2"),
                                              (dt.datetime(2024, 3, 4, 14, tzinfo=NY), "S1")]
    await posting.run_due(SAT)  # baseline
    await posting.run_due(SUN_18)  # the digest
    assert await posting.run_due(dt.datetime(2024, 2, 26, 14, 30, tzinfo=NY)) == []  # the old time is nothing now
    await posting.run_due(dt.datetime(2024, 2, 28, 14, 0, tzinfo=NY))  # S2's reminder
    await posting.run_due(dt.datetime(2024, 3, 3, 18, 0, tzinfo=NY))  # next week's digest
    (outcome,) = await posting.run_due(dt.datetime(2024, 3, 4, 14, 0, tzinfo=NY))
    assert (outcome.key, outcome.action) == ("reminder:S1", "sent")


# -- posting on time, catch-up, no flood -----------------------------------------------------------


async def test_on_time_digest_and_reminders_exactly_once(h: Harness) -> None:
    posting = await h.start()
    assert await posting.run_due(SAT) == []  # first start: baseline only
    outcomes = await posting.run_due(SUN_18)
    assert [(o.key, o.action) for o in outcomes] == [("digest:2024-W09", "sent")]
    assert await posting.run_due(SUN_18) == []  # a second firing posts nothing
    assert [(o.key, o.action) for o in await posting.run_due(dt.datetime(2024, 2, 26, 14, tzinfo=NY))] == [
        ("reminder:S1", "sent")
    ]
    assert [(o.key, o.action) for o in await posting.run_due(dt.datetime(2024, 2, 28, 14, 0, 1, tzinfo=NY))] == [
        ("reminder:S2", "sent")
    ]
    assert sorted(m.key for m in h.room.messages.values()) == ["digest:2024-W09", "reminder:S1", "reminder:S2"]
    entry = await posting.ledger.get("digest:2024-W09")
    assert entry is not None and entry.status == "sent" and entry.due_at == SUN_18


async def test_first_start_on_a_new_cache_posts_nothing_from_the_past(h: Harness) -> None:
    h.clock.now = dt.datetime(2024, 2, 29, 13, 0, tzinfo=NY)  # digest and both reminders are in the past
    posting = await h.start()
    assert await posting.run_due() == []
    assert h.room.messages == {} and await posting.ledger.count() == 0
    assert await posting.run_due(dt.datetime(2024, 3, 3, 18, tzinfo=NY)) != []  # the next one goes out


async def test_catch_up_within_grace(h: Harness) -> None:
    posting = await h.start()
    await posting.run_due(SAT)
    # down from Saturday until Monday 03:00: the digest is 9 h late (grace 12 h): posted late
    outcomes = await posting.run_due(dt.datetime(2024, 2, 26, 3, 0, tzinfo=NY))
    assert [(o.key, o.action) for o in outcomes] == [("digest:2024-W09", "sent")]


async def test_catch_up_beyond_grace_is_logged_and_skipped(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    posting = await h.start()
    await posting.run_due(SAT)
    with caplog.at_level(logging.WARNING):
        # down until Tuesday 13:00: digest 43 h late -> skipped; S1's reminder 23 h late -> skipped, once the
        # next check confirms the clock (one reading never decides)
        first = await posting.run_due(dt.datetime(2024, 2, 27, 13, 0, tzinfo=NY))
        assert [(o.key, o.action) for o in first] == [("digest:2024-W09", "waiting"), ("reminder:S1", "waiting")]
        outcomes = await posting.run_due(dt.datetime(2024, 2, 27, 13, 1, tzinfo=NY))
    assert [(o.key, o.action) for o in outcomes] == [("digest:2024-W09", "skipped"), ("reminder:S1", "skipped")]
    assert "not posting digest:2024-W09" in caplog.text and "late" in caplog.text
    assert h.room.messages == {}
    assert (await posting.ledger.get("reminder:S1")).status == "skipped"  # type: ignore[union-attr]
    assert await posting.run_due(dt.datetime(2024, 2, 27, 13, 5, tzinfo=NY)) == []  # decided once


async def test_late_reminder_after_its_session_started_is_skipped(h: Harness) -> None:
    h.config = make_config(reminder_hours=2, grace_hours=12)
    posting = await h.start()
    await posting.run_due(SAT)
    await posting.run_due(dt.datetime(2024, 2, 27, 14, 29, tzinfo=NY))
    outcomes = await posting.run_due(dt.datetime(2024, 2, 27, 14, 30, tzinfo=NY))  # due 12:00, session 14:00
    skipped = [o for o in outcomes if o.key == "reminder:S1"]
    assert [(o.action, o.detail) for o in skipped] == [("skipped", "its session has already started")]


async def test_empty_digest_is_not_posted(h: Harness) -> None:
    h.sessions[:] = [session("far", dt.date(2024, 4, 2))]
    posting = await h.start()
    await posting.run_due(SAT)
    assert [(o.key, o.action) for o in await posting.run_due(SUN_18)] == [("digest:2024-W09", "empty")]
    assert h.room.messages == {}
    entry = await posting.ledger.get("digest:2024-W09")  # recorded, to be caught up if the window fills
    assert entry is not None and entry.status == "pending" and entry.message_id is None
    assert [(o.key, o.action) for o in await posting.run_due(SUN_18 + dt.timedelta(hours=1))] == [("digest:2024-W09", "empty")]
    later = [(o.key, o.action) for o in await posting.run_due(SUN_18 + dt.timedelta(hours=20))]
    assert ("digest:2024-W09", "waiting") in later  # beyond the grace window: given up once confirmed
    later = [(o.key, o.action) for o in await posting.run_due(SUN_18 + dt.timedelta(hours=21))]
    assert ("digest:2024-W09", "skipped") in later and h.room.messages == {}


async def test_a_digest_due_while_the_site_had_no_sessions_is_caught_up(h: Harness) -> None:
    """A site error empties the cache over the digest's fire time: the digest is recorded (not lost with
    the posting clock moving past it) and posted once the sessions are back, within the grace window."""
    posting = await h.start()
    await posting.run_due(SAT)
    kept = list(h.sessions)
    h.sessions[:] = []  # a typo in _config.yml: no sessions in the cache
    assert [(o.key, o.action) for o in await posting.run_due(SUN_18)] == [("digest:2024-W09", "empty")]
    h.sessions[:] = kept  # fixed an hour later; the resync runs the posting pass
    outcomes = await posting.run_due(SUN_18 + dt.timedelta(hours=1))
    assert [(o.key, o.action) for o in outcomes] == [("digest:2024-W09", "sent")]
    (posted,) = h.room.by_key("digest:2024-W09")
    assert posted.sections and (await posting.ledger.get("digest:2024-W09")).status == "sent"  # type: ignore[union-attr]


async def test_one_forward_jump_of_the_clock_skips_nothing(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """One posting pass while the clock reads a week ahead (a bad NTP answer) must not give up the digest
    and reminders of the "skipped" days for good: the clock comes back and they are posted on time."""
    posting = await h.start()
    await posting.run_due(SAT)
    with caplog.at_level(logging.WARNING):
        jumped = await posting.run_due(SAT + dt.timedelta(days=7))
    assert {o.action for o in jumped} == {"waiting"} and h.room.messages == {}
    assert await posting.ledger.entries(status="skipped") == []
    assert "given up only if the next check agrees" in caplog.text
    back = await posting.run_due(SUN_18)  # the clock is right again: the digest is on time
    assert [(o.key, o.action) for o in back] == [("digest:2024-W09", "sent")]
    assert await posting.ledger.entries(status="skipped") == []
    reminders = await posting.run_due(dt.datetime(2024, 2, 26, 14, 0, tzinfo=NY))  # S1's reminder falls due
    assert [(o.key, o.action) for o in reminders] == [("reminder:S1", "sent")]


async def test_a_start_mark_ahead_of_the_clock_is_brought_back_to_now(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """The first start read a clock a month ahead (or a trial ``run --now`` used this cache): when the clock
    is right again, the start mark is brought back to now, so the coming digest and reminders go out instead
    of being held back until the clock reaches the mark."""
    posting = await h.start()
    assert await posting.run_due(SAT + dt.timedelta(days=30)) == []  # the start mark: a month ahead
    with caplog.at_level(logging.WARNING):
        assert await posting.run_due(SAT) == []  # the clock is right again
    assert "the clock moved back" in caplog.text and "taking now as the start" in caplog.text
    assert [(o.key, o.action) for o in await posting.run_due(SUN_18)] == [("digest:2024-W09", "sent")]
    reminders = await posting.run_due(dt.datetime(2024, 2, 26, 14, 0, tzinfo=NY))
    assert [(o.key, o.action) for o in reminders] == [("reminder:S1", "sent")]
    assert await posting.run_due(dt.datetime(2024, 2, 26, 14, 5, tzinfo=NY)) == []  # once only


async def test_a_check_mark_ahead_of_the_clock_is_brought_back_to_now(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """A pass on a clock 29 hours ahead with nothing due records its check; a session the site adds after
    the clock came back, whose reminder falls due before that check, still gets its reminder."""
    posting = await h.start()
    await posting.run_due(SAT)
    assert await posting.run_due(SAT + dt.timedelta(hours=29)) == []  # Sunday 17:00: nothing due yet
    with caplog.at_level(logging.WARNING):
        assert await posting.run_due(SAT + dt.timedelta(minutes=5)) == []  # the clock is back
    assert "the clock moved back" in caplog.text
    h.sessions.append(session("S0", dt.date(2024, 2, 25)))  # Sunday 14:00: its reminder is due Saturday 14:00
    outcomes = await posting.run_due(dt.datetime(2024, 2, 24, 14, 0, tzinfo=NY))
    assert [(o.key, o.action) for o in outcomes] == [("reminder:S0", "sent")]


async def test_post_digest_and_preview(h: Harness) -> None:
    posting = await h.start()
    preview = await posting.preview_digest(SUN_18)
    assert preview.key == "digest:2024-W09" and len(preview.sections) == 2 and h.room.messages == {}
    first = await posting.post_digest(SUN_18)
    again = await posting.post_digest(SUN_18)
    assert (first.action, again.action) == ("sent", "unchanged") and len(h.room.messages) == 1
    reminders = await posting.preview_reminders(dt.datetime(2024, 2, 26, 15, 0, tzinfo=NY))
    assert [m.key for m in reminders] == ["reminder:S1"]


# -- edit in place ---------------------------------------------------------------------------------


async def test_changed_session_edits_the_posted_digest_and_reminder(h: Harness) -> None:
    posting = await reminded(h)
    assert len(h.room.messages) == 2
    h.sessions[0] = session("S1", TUE, team="team-2")  # team reassigned on the site
    outcomes = await posting.after_sync(type("Report", (), {"changed": ["S1"]})())
    assert sorted((o.key, o.action) for o in outcomes) == [("digest:2024-W09", "edited"), ("reminder:S1", "edited")]
    assert len(h.room.messages) == 2 and sorted(h.room.edits) == ["m1", "m2"]
    digest = h.room.by_key("digest:2024-W09")[0]
    assert [p.name for line in digest.sections[0].lines for p in line.people] == ["Grace"]
    assert await posting.after_sync(None) == []  # nothing changed since: no edit
    entry = await posting.ledger.get("reminder:S1")
    assert entry is not None and entry.content_hash == h.room.by_key("reminder:S1")[0].content_hash


async def test_no_edit_once_the_session_is_over(h: Harness) -> None:
    posting = await reminded(h)
    h.clock.now = dt.datetime(2024, 2, 27, 16, 0, tzinfo=NY)  # S1 has happened
    h.sessions[0] = session("S1", TUE, team="team-2")
    outcomes = await posting.after_sync(None)
    assert [o.key for o in outcomes] == ["digest:2024-W09"]  # S2 in the digest is still ahead
    assert h.room.edits == ["m1"]


# -- retries ---------------------------------------------------------------------------------------


async def test_5xx_and_429_are_retried_with_backoff_and_delivered_once(h: Harness) -> None:
    limited = TransportError("HTTP 429 rate limited")
    limited.retry_after = 30.0  # type: ignore[attr-defined]
    posting = await h.start(failures=[TransportError("HTTP 503"), limited, TransportError("HTTP 502")])
    outcome = await posting.post_digest(SUN_18)
    assert outcome.action == "sent" and len(h.room.messages) == 1
    assert h.sleeps == [2.0, 30.0, 8.0]  # exponential, a rate limit's retry_after wins when longer
    assert len(set(posting.transport.nonces)) == 1  # type: ignore[attr-defined]
    entry = await posting.ledger.get("digest:2024-W09")
    assert entry is not None and (entry.status, entry.attempts, entry.last_error) == ("sent", 3, None)


async def test_after_max_attempts_the_row_stays_pending_until_the_next_run(h: Harness) -> None:
    posting = await h.start(failures=[TransportError("HTTP 500")] * 4)
    await posting.run_due(SAT)
    (outcome,) = await posting.run_due(SUN_18)
    assert outcome.action == "failed" and "500" in outcome.detail and h.room.messages == {}
    entry = await posting.ledger.get("digest:2024-W09")
    assert entry is not None and (entry.status, entry.attempts, entry.last_error) == ("pending", 4, "HTTP 500")
    assert len(h.sleeps) == 3
    (retry,) = await posting.run_due(SUN_18 + dt.timedelta(minutes=10))
    assert retry.action == "sent" and len(h.room.messages) == 1


async def test_non_retryable_error_is_not_retried(h: Harness) -> None:
    posting = await h.start(failures=[TransportError("missing permissions", retryable=False)])
    outcome = await posting.post_digest(SUN_18)
    assert outcome.action == "failed" and h.sleeps == []
    assert (await posting.ledger.get("digest:2024-W09")).status == "pending"  # type: ignore[union-attr]


async def test_stale_pending_is_given_up_with_a_log(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    posting = await h.start(failures=[TransportError("HTTP 500")] * 4)
    await posting.run_due(SAT)
    await posting.run_due(SUN_18)
    with caplog.at_level(logging.WARNING):
        (waiting,) = await posting.run_due(dt.datetime(2024, 2, 26, 12, 0, tzinfo=NY))  # 18 h late now
        assert waiting.action == "waiting"  # until the next check confirms the clock
        (outcome,) = await posting.run_due(dt.datetime(2024, 2, 26, 12, 1, tzinfo=NY))
    assert outcome.action == "skipped" and "giving up on pending digest:2024-W09" in caplog.text
    assert h.room.messages == {}


# -- a restart in the middle of posting ------------------------------------------------------------


async def _crash_in_add_pending(posting: Posting) -> None:
    async def crash(*args: object, **kwargs: object) -> None:
        raise Crash("after compose, before the pending row")

    posting.ledger.add_pending = crash  # type: ignore[method-assign]


async def _crash_after_mark_sent(posting: Posting) -> None:
    original = posting.ledger.mark_sent

    async def crash(*args: object, **kwargs: object) -> None:
        await original(*args, **kwargs)  # type: ignore[arg-type]
        raise Crash("after the sent mark")

    posting.ledger.mark_sent = crash  # type: ignore[method-assign]


@pytest.mark.parametrize(
    "step",
    ["composed", "pending written", "sent by the platform", "marked sent"],
)
async def test_restart_between_each_pair_of_steps_leaves_one_message(h: Harness, step: str) -> None:
    transport = {"pending written": {"crash_before_send": True}, "sent by the platform": {"crash_after_send": True}}
    first = await h.start(**transport.get(step, {}))  # type: ignore[arg-type]
    await first.run_due(SAT)
    if step == "composed":
        await _crash_in_add_pending(first)
    elif step == "marked sent":
        await _crash_after_mark_sent(first)
    with pytest.raises(Crash):
        await first.run_due(SUN_18)
    await h.close()  # the process is gone; the database file and the channel remain

    h.clock.now = SUN_18 + dt.timedelta(minutes=3)
    second = await h.start()
    await second.reconcile()
    await second.run_due()
    await second.run_due()
    assert len(h.room.by_key("digest:2024-W09")) == 1, h.room.messages
    entry = await second.ledger.get("digest:2024-W09")
    assert entry is not None and entry.status == "sent" and entry.message_id in h.room.messages


async def test_overlapping_jobs_post_once(h: Harness) -> None:
    posting = await h.start()
    await posting.run_due(SAT)
    first, second = await asyncio.gather(posting.run_due(SUN_18), posting.run_due(SUN_18))
    assert sorted(o.action for o in first + second) == ["sent"]
    assert len(h.room.messages) == 1


async def test_an_adapter_bug_fails_the_post_without_crashing(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    posting = await h.start(failures=[KeyError("embed")])
    with caplog.at_level(logging.ERROR):
        outcome = await posting.post_digest(SUN_18)
    assert outcome.action == "failed" and "KeyError" in outcome.detail and h.sleeps == []
    assert "failed unexpectedly" in caplog.text
    entry = await posting.ledger.get("digest:2024-W09")
    assert entry is not None and entry.status == "pending"  # retried on the next run


# -- the same, with a real process killed (os._exit: no cleanup, no finally) ---------------------------


class FileTransport:
    """A channel kept in a file (one JSON line per message), so it outlives a killed process."""

    platform = "file"
    channel = "chan-file"

    def __init__(self, path: Path, *, die: str | None = None) -> None:
        self.path = path
        self.die = die

    def _messages(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line]

    async def send(self, message: Message, *, nonce: str) -> str:
        if self.die == "pending written":
            os._exit(KILLED)
        message_id = f"f{len(self._messages()) + 1}"
        with self.path.open("a") as out:
            out.write(json.dumps({"id": message_id, "key": message.key}) + "\n")
        if self.die == "sent by the platform":
            os._exit(KILLED)
        return message_id

    async def edit(self, message_id: str, message: Message) -> None:
        raise AssertionError("no edits expected")

    async def find_sent(self, key: str) -> str | None:
        return next((m["id"] for m in self._messages() if m["key"] == key), None)


KILLED = 137
CHILD = """
import asyncio, os, sys
from pathlib import Path
from bot.store.db import Database
from bot.services.posting import Posting
from tests.services.test_posting import FileTransport, SiteStore, session, make_config, TUE, THU, SAT, SUN_18, KILLED

async def main(db_path, channel, step):
    db = await Database.open(db_path)
    store = SiteStore(db, [session("S1", TUE), session("S2", THU)])
    posting = Posting(store, make_config(), FileTransport(Path(channel), die=step), clock=lambda: SUN_18)
    await posting.run_due(SAT)
    if step == "composed":
        async def die(*a, **k):
            os._exit(KILLED)
        posting.ledger.add_pending = die
    elif step == "marked sent":
        original = posting.ledger.mark_sent
        async def die(*a, **k):
            await original(*a, **k)
            os._exit(KILLED)
        posting.ledger.mark_sent = die
    await posting.run_due(SUN_18)
    sys.exit(0)

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.mark.parametrize("step", ["composed", "pending written", "sent by the platform", "marked sent"])
async def test_killed_process_between_steps_leaves_one_message(tmp_path: Path, step: str) -> None:
    db_path, channel = tmp_path / "cache.sqlite3", tmp_path / "channel.jsonl"
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", CHILD, str(db_path), str(channel), step,
                                                 cwd=PROJECT_ROOT)
    assert await asyncio.wait_for(child.wait(), 60) == KILLED
    db = await Database.open(db_path)
    try:
        store = SiteStore(db, [session("S1", TUE), session("S2", THU)])
        transport = FileTransport(channel)
        posting = Posting(store, make_config(), transport, clock=lambda: SUN_18 + dt.timedelta(minutes=3))
        await posting.reconcile()
        await posting.run_due()
        assert [m["key"] for m in transport._messages()] == ["digest:2024-W09"]
        entry = await posting.ledger.get("digest:2024-W09")
        assert entry is not None and entry.status == "sent" and entry.message_id == "f1"
    finally:
        await db.close()
