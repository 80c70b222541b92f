"""Scheduled posting through the ledger: digests and reminders, exactly once, edited in place.

The outbox (see DESIGN.md "Exactly once, observably"), for one message with ledger key ``K``:

1. compose the message and look ``K`` up in the ledger;
2. a ``sent`` row with the same content hash: nothing to do; with another hash while its session is still
   ahead: edit the posted message in place; no row: write a ``pending`` row first, then send (with a nonce
   derived from the row, so the platform can recognise a retry);
3. when the platform confirms, mark the row ``sent`` with the platform's message id;
4. a ``pending`` row (a crash or a failure after step 2) is first looked for in the channel
   (``Transport.find_sent``) and marked sent if found, else sent again while it is still useful.

When things fall due: the digest at every fire time of ``schedule.digest_cron`` (course timezone), a
reminder ``schedule.reminder_hours`` before each session starts. :meth:`Posting.run_due` posts whatever fell
due since the last check: on time when the scheduler calls it, late (catch-up) after downtime as long as it
is within ``schedule.grace_hours`` and before its session starts; older ones are logged and recorded as
``skipped``. The first run on a channel with no ledger records a baseline and posts nothing from the past.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from apscheduler.triggers.cron import CronTrigger

from bot.config import CourseConfig
from bot.course.models import Session
from bot.services.digest import (
    compose_digest,
    compose_reminder,
    is_empty_digest,
    live_reminders,
    reminder_due,
    reminder_key,
)
from bot.services.messages import Message
from bot.services.times import session_start, to_course_tz
from bot.services.transport import Transport, TransportError
from bot.store.db import Database
from bot.store.ledger import Kind, Ledger, LedgerEntry

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], Awaitable[Any]]
Action = Literal["sent", "edited", "unchanged", "skipped", "failed", "empty", "waiting"]
Recompose = Callable[[LedgerEntry], Awaitable["Message | None"]]
_SCHEDULED = ("digest", "reminder")  # kinds this module composes; others come from services via post_once

#: Fire times enumerated at most per check, whatever the cron (a minutely cron after a month down).
MAX_FIRE_TIMES = 1000
#: Reminder jobs planned at most (the nearest); re-planned after every sync, and run_due catches up anyway.
MAX_REMINDER_JOBS = 200
_CRON_DOW = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: find_sent searches from a pending row's creation less this (the platform's clock may differ from ours).
SEARCH_MARGIN = dt.timedelta(minutes=5)
EMPTY_DIGEST = "no sessions in its window when it fell due"


def _accepts(method: Callable[..., object], name: str) -> bool:
    """Whether ``method`` takes keyword ``name`` (transports of other platforms and tests may not)."""
    try:
        return name in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


class PostingStore(Protocol):
    """What posting needs from :class:`bot.store.sessions.Store`."""

    db: Database

    async def sessions_between(self, start: dt.date, end: dt.date) -> list[Session]: ...
    async def sessions_by_slug(self, slugs: Sequence[str], *, since: dt.date | None = None) -> list[Session]: ...
    async def upcoming(self, start: dt.date, *, limit: int = 25) -> list[Session]: ...
    async def get_session(self, slug: str) -> Session | None: ...
    async def meta_get(self, key: str) -> str | None: ...
    async def meta_set(self, key: str, value: str) -> None: ...


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """What happened to one scheduled message."""

    key: str
    kind: str
    action: Action
    message_id: str | None = None
    detail: str = ""

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        mid = f" as {self.message_id}" if self.message_id else ""
        return f"{self.key}: {self.action}{mid}{extra}"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def crontab_to_apscheduler(expr: str) -> str:
    """Translate numeric weekdays from crontab (0 or 7 = Sunday) to names, which APScheduler 3 reads
    unambiguously (its own numbers start at 0 = Monday). Names, ``*`` and steps are kept."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"digest_cron {expr!r}: expected five crontab fields: minute hour day month day-of-week")

    def part(text: str) -> str:
        base, slash, step = text.partition("/")

        def name(match: re.Match[str]) -> str:
            number = int(match.group())
            if number > 7:
                raise ValueError(f"digest_cron {expr!r}: day-of-week {number} is not in 0-7")
            return _CRON_DOW[number]

        return re.sub(r"\d+", name, base) + slash + step

    fields[4] = ",".join(part(p) for p in fields[4].split(","))
    return " ".join(fields)


def digest_trigger(config: CourseConfig) -> CronTrigger:
    """The digest schedule: ``schedule.digest_cron`` read as crontab, in the course timezone."""
    return CronTrigger.from_crontab(crontab_to_apscheduler(config.schedule.digest_cron), timezone=config.course.tz)


def fire_times(trigger: CronTrigger, after: dt.datetime, until: dt.datetime, *, limit: int = MAX_FIRE_TIMES) -> list[dt.datetime]:
    """The trigger's fire times in ``(after, until]``, oldest first (at most ``limit``, the newest kept)."""
    out: list[dt.datetime] = []
    start = after + dt.timedelta(microseconds=1)
    while True:
        moment = trigger.get_next_fire_time(None, start)
        if moment is None or moment > until:
            break
        out.append(moment)
        start = moment + dt.timedelta(microseconds=1)
        if len(out) > limit:
            out.pop(0)
    return out


def _nonce(entry: LedgerEntry) -> str:
    """Same for every attempt on one ledger row, different for another row (Discord: at most 25 chars)."""
    raw = f"{entry.platform}|{entry.channel}|{entry.key}|{entry.created_at.isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:25]


def _still_ahead(message: Message, now: dt.datetime) -> bool:
    """Whether any session the message is about has not started yet (worth editing)."""
    return any(section.when is not None and section.when > now for section in message.sections)


class Posting:
    """Digests and reminders for one channel (``transport``), recorded in the ledger of ``store``."""

    def __init__(
        self,
        store: PostingStore,
        config: CourseConfig,
        transport: Transport,
        *,
        clock: Clock = _utcnow,
        sleep: Sleep = asyncio.sleep,
        max_attempts: int = 4,
        backoff_seconds: float = 2.0,
        max_backoff_seconds: float = 60.0,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.store = store
        self.config = config
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.ledger = Ledger(store.db, platform=transport.platform, channel=str(transport.channel))
        self.trigger = digest_trigger(config)
        self._sync_listeners: list[Callable[[], Awaitable[object]]] = []
        self._composers: dict[str, Recompose] = {}
        scope = f"{self.ledger.platform}:{self.ledger.channel}"
        self._since_key = f"posting.since:{scope}"
        self._checked_key = f"posting.checked:{scope}"
        self._lock = asyncio.Lock()  # one delivery pass at a time (scheduler jobs may overlap)
        self._suspect_key = f"posting.skip_suspect:{scope}"
        self._skips_allowed = True  # False during a pass whose clock reading is not confirmed yet
        self._skips_waiting = False  # a pass left a skip for a later reading of the clock to confirm

    # -- time --------------------------------------------------------------------------------------

    def _now(self, now: dt.datetime | None = None) -> dt.datetime:
        return to_course_tz(now if now is not None else self.clock(), self.config)

    @property
    def grace(self) -> dt.timedelta:
        return dt.timedelta(hours=self.config.schedule.grace_hours)

    def reminder_due(self, session: Session) -> dt.datetime | None:
        """When the reminder for ``session`` falls due, or None (no date, not a meeting, reminders off, or a
        moment that cannot be computed: one bad session never stops the others' reminders)."""
        try:
            return reminder_due(session, self.config)
        except (OverflowError, ValueError) as exc:
            log.error("%s: no reminder: its date %s gives no reminder time (%s)", session.file, session.date, exc)
            return None

    async def reminder_times(self, now: dt.datetime | None = None) -> list[tuple[dt.datetime, str]]:
        """(due time, slug) of every reminder still to come, for the scheduler's date jobs."""
        now = self._now(now)
        hours = self.config.schedule.reminder_hours
        if not hours:
            return []
        # due = start - hours: reminders to come are those of sessions starting after now + hours, read in
        # date order from that day on, only as many as the jobs planned
        since = (now + dt.timedelta(hours=hours)).date() - dt.timedelta(days=1)
        limit = MAX_REMINDER_JOBS + 8
        while True:
            found = await self.store.upcoming(since, limit=limit)
            out = sorted((due, s.slug) for s in found if (due := self.reminder_due(s)) is not None and due > now)
            if len(out) >= MAX_REMINDER_JOBS or len(found) < limit:
                return out[:MAX_REMINDER_JOBS]
            limit *= 4

    async def _starting(self, after: dt.datetime, until: dt.datetime) -> list[Session]:
        """The sessions that can start in ``(after, until]``, read by date in SQL (a day's margin each side;
        callers filter exactly): the bot never loads the whole site to post."""
        if until < after:
            return []
        first = to_course_tz(after, self.config).date() - dt.timedelta(days=1)
        last = to_course_tz(until, self.config).date() + dt.timedelta(days=1)
        return await self.store.sessions_between(first, last)

    async def _digest_sessions(self, at: dt.datetime) -> list[Session]:
        return await self._starting(at, at + dt.timedelta(days=self.config.schedule.digest_days))

    async def _digest_at(self, at: dt.datetime) -> Message:
        return compose_digest(await self._digest_sessions(at), at=at, config=self.config)

    def next_digest_time(self, now: dt.datetime | None = None) -> dt.datetime | None:
        return self.trigger.get_next_fire_time(None, self._now(now))

    # -- previews ----------------------------------------------------------------------------------

    async def preview_digest(self, at: dt.datetime | None = None) -> Message:
        """The digest that would be posted at ``at`` (default now); posts nothing."""
        return await self._digest_at(self._now(at))

    async def preview_reminders(self, at: dt.datetime | None = None) -> list[Message]:
        """The reminders live at ``at`` (due at or before it, session not started yet); posts nothing."""
        at = self._now(at)
        hours = self.config.schedule.reminder_hours
        if not hours:
            return []
        # live: due (start - hours) <= at < start, so the session starts in (at, at + hours]
        return live_reminders(await self._starting(at, at + dt.timedelta(hours=hours)), at, self.config)

    # -- posting -----------------------------------------------------------------------------------

    async def post_digest(self, at: dt.datetime | None = None) -> PostOutcome:
        """Post (or edit in place) the digest for ``at`` (default now) through the ledger."""
        at = self._now(at)
        message = await self.preview_digest(at)
        async with self._lock:
            return await self._deliver(message, kind="digest", due_at=at, now=self._now())

    async def run_due(self, now: dt.datetime | None = None) -> list[PostOutcome]:
        """Post everything due at ``now``: pending rows still useful, digests and reminders that fell due
        since the last check (late within the grace window), and record the ones too late as skipped."""
        now = self._now(now)
        async with self._lock:
            since = await self._baseline(now)
            checked_text = await self.store.meta_get(self._checked_key)
            checked = dt.datetime.fromisoformat(checked_text) if checked_text else since
            self._skips_allowed = await self._clock_confirmed(now)
            self._skips_waiting = False
            outcomes = await self._retry_pending(now)
            outcomes += await self._due_digests(after=max(checked, since), now=now)
            outcomes += await self._due_reminders(since=since, checked=checked, now=now)
            await self._settle_clock(now)
            if not self._skips_waiting:  # else the next pass enumerates the same fire times again
                await self.store.meta_set(self._checked_key, now.astimezone(dt.UTC).isoformat())
            self._skips_allowed = True
        for outcome in outcomes:
            log.info("posting %s", outcome)
        return outcomes

    async def reconcile(self) -> None:
        """At start-up: look for each ``pending`` row's message in the channel; mark it sent if it is there,
        else send it again while it is still useful (else record it as skipped)."""
        async with self._lock:
            now = self._now()
            self._skips_allowed = await self._clock_confirmed(now)
            self._skips_waiting = False
            outcomes = await self._retry_pending(now)
            await self._settle_clock(now)
            self._skips_allowed = True
            for outcome in outcomes:
                log.info("reconcile %s", outcome)

    async def after_sync(self, report: object | None = None) -> list[PostOutcome]:
        """After a resync: re-compose every sent digest and reminder whose sessions are still ahead and edit
        the posted message in place where it changed (a team reassigned, a reading added, a date moved).

        All such rows are checked, not only those of ``report.changed``: that also retries an edit that failed
        before, and a digest whose window a session has moved out of. Unchanged messages cost nothing.
        """
        changed = set(getattr(report, "changed", ()) or ())
        now = self._now()
        outcomes: list[PostOutcome] = []
        async with self._lock:
            sent = [e for e in await self.ledger.entries(status="sent") if not self._digest_over(e, now)]
            # only the sessions of sent reminders that have not started yet are read (by slug, dated from
            # yesterday on): never the whole site
            by_slug = await self._by_slug(
                [e.session_slug for e in sent if e.kind == "reminder" and e.session_slug], now
            )
            for entry in sent:
                if self._over(entry, by_slug, now):
                    continue  # everything it is about has started: not worth recomposing
                message = await self._recompose(entry, by_slug)
                if message is None or message.content_hash == entry.content_hash:
                    continue
                if not _still_ahead(message, now):
                    continue
                outcomes.append(await self._edit(entry, message))
        for outcome in outcomes:
            log.info("after sync (%d changed) %s", len(changed), outcome)
        for listener in self._sync_listeners:
            await listener()
        return outcomes

    def add_sync_listener(self, listener: Callable[[], Awaitable[object]]) -> None:
        """Call ``listener`` after every :meth:`after_sync`, whoever started the sync (the scheduled
        resync or a staff ``/sync``): the app re-plans its reminder jobs there."""
        self._sync_listeners.append(listener)

    # -- messages other services compose (change notices, staff alerts) ------------------------------

    def register_kind(self, kind: Kind, recompose: Recompose) -> None:
        """Messages of ``kind`` are composed elsewhere and posted with :meth:`post_once`; ``recompose``
        rebuilds one whose ledger row is still ``pending`` at start-up (None: no longer wanted, skipped)."""
        self._composers[kind] = recompose

    async def post_once(self, message: Message, *, kind: Kind, due_at: dt.datetime) -> PostOutcome:
        """Post ``message`` exactly once under its ledger key: a row already ``sent`` or ``skipped`` stays so
        (never edited, never posted again), a ``pending`` one is looked for in the channel, then retried."""
        assert message.key is not None, "messages posted once carry a ledger key"
        async with self._lock:
            entry = await self.ledger.get(message.key)
            if entry is None:
                entry = await self.ledger.add_pending(
                    message.key, kind=kind, content_hash=message.content_hash, now=self.clock(), due_at=due_at
                )
                outcome = await self._send(entry, message)
            elif entry.status == "pending":
                known, complete = await self._reconciled(entry)
                if complete:
                    found = ",".join(known)
                    await self.ledger.mark_sent(entry.key, message_id=found, content_hash=entry.content_hash, now=self.clock())
                    outcome = PostOutcome(entry.key, kind, "sent", found, "found in the channel: was posted before a restart")
                else:
                    outcome = await self._send(entry, message, sent=known)
            elif entry.status == "skipped":
                outcome = PostOutcome(entry.key, kind, "skipped", detail=entry.last_error or "")
            else:
                outcome = PostOutcome(entry.key, kind, "unchanged", entry.message_id)
        log.info("posting %s", outcome)
        return outcome

    async def skip_once(self, message: Message, *, kind: Kind, due_at: dt.datetime, reason: str) -> None:
        """Record that ``message`` (composed elsewhere) will not be posted: too late to be useful."""
        async with self._lock:
            await self._skip(message, kind, due_at, None, reason)

    async def _recompose_entry(self, entry: LedgerEntry, by_slug: dict[str, Session]) -> Message | None:
        composer = self._composers.get(entry.kind)
        if composer is not None:
            return await composer(entry)
        if entry.kind not in _SCHEDULED:
            return None  # nobody in this process composes it any more
        return await self._recompose(entry, by_slug)

    async def _by_slug(self, slugs: Sequence[str], now: dt.datetime | None = None) -> dict[str, Session]:
        """The sessions named by ``slugs`` (those dated from the day before ``now`` on, when given)."""
        if not slugs:
            return {}
        since = None if now is None else to_course_tz(now, self.config).date() - dt.timedelta(days=1)
        return {s.slug: s for s in await self.store.sessions_by_slug(slugs, since=since)}

    # -- internals ---------------------------------------------------------------------------------

    async def _clock_confirmed(self, now: dt.datetime) -> bool:
        """Whether this pass may give up on messages for being too late.

        Giving up is permanent, and it rests on one reading of the clock: a clock that jumped forward for a
        moment (a bad NTP answer, a VM resumed with a stale offset) would skip every digest and reminder of
        the skipped days. So the first pass that wants to skip only records its reading; a later pass
        (the next tick) whose clock is not behind that reading confirms it and skips. A clock that came back
        clears the suspicion: what is still due gets posted."""
        text = await self.store.meta_get(self._suspect_key)
        if not text:
            return False
        suspect = dt.datetime.fromisoformat(text)
        if now < suspect:
            log.warning("the clock is back before %s (now %s): nothing is given up for that reading", suspect, now)
            await self.store.meta_set(self._suspect_key, "")
            return False
        return True

    async def _settle_clock(self, now: dt.datetime) -> None:
        if self._skips_waiting and not self._skips_allowed:
            log.warning("some messages look too late at %s; they are given up only if the next check agrees",
                        now.isoformat())
            await self.store.meta_set(self._suspect_key, now.astimezone(dt.UTC).isoformat())
        elif not self._skips_waiting:
            await self.store.meta_set(self._suspect_key, "")

    def _may_skip(self) -> bool:
        """Called before a time-based skip: False (and the skip left for a later pass) when the reading of
        the clock is not confirmed yet."""
        if self._skips_allowed:
            return True
        self._skips_waiting = True
        return False

    async def _baseline(self, now: dt.datetime) -> dt.datetime:
        """The moment this channel started being served; set to ``now`` on its first run (no flood)."""
        text = await self.store.meta_get(self._since_key)
        if text:
            return dt.datetime.fromisoformat(text)
        if await self.ledger.count():
            log.warning("ledger rows without a start mark for %s: taking now as the start", self._since_key)
        else:
            log.info("first start for %s on this cache: nothing from the past will be posted", self._since_key)
        await self.store.meta_set(self._since_key, now.astimezone(dt.UTC).isoformat())
        return now

    def _digest_over(self, entry: LedgerEntry, now: dt.datetime) -> bool:
        """Whether ``entry`` is a digest whose whole window has passed (known from the row alone)."""
        if entry.kind != "digest":
            return False
        return entry.due_at is None or entry.due_at + dt.timedelta(days=self.config.schedule.digest_days) <= now

    def _over(self, entry: LedgerEntry, by_slug: dict[str, Session], now: dt.datetime) -> bool:
        """Whether every session a sent message can be about has started (cheap, before recomposing);
        messages posted once (notices, alerts) are never edited. ``by_slug`` holds at least the reminder's
        session if it has not started yet."""
        if entry.kind not in _SCHEDULED:
            return True
        if entry.kind == "digest":
            return self._digest_over(entry, now)
        session = by_slug.get(entry.session_slug or "")
        start = session_start(session, self.config) if session is not None else None
        return start is None or start <= now

    async def _recompose(self, entry: LedgerEntry, by_slug: dict[str, Session]) -> Message | None:
        if entry.kind == "digest":
            if entry.due_at is None:
                return None
            return await self._digest_at(to_course_tz(entry.due_at, self.config))
        session = by_slug.get(entry.session_slug or "")
        return compose_reminder(session, config=self.config) if session is not None else None

    def _expires(self, kind: Kind, due_at: dt.datetime, message: Message, now: dt.datetime) -> str | None:
        """Why a message due at ``due_at`` is no longer worth posting at ``now``, or None while it is."""
        late = now - due_at
        if late > self.grace:
            return f"due {due_at:%Y-%m-%d %H:%M %Z}, {_hours(late)} late (grace {self.config.schedule.grace_hours:g} h)"
        if kind == "reminder" and not _still_ahead(message, now):
            return "its session has already started"
        return None

    async def _due_digests(self, *, after: dt.datetime, now: dt.datetime) -> list[PostOutcome]:
        outcomes = []
        for fired in fire_times(self.trigger, after, now):
            message = await self._digest_at(fired)
            assert message.key is not None
            entry = await self.ledger.get(message.key)
            if entry is not None and entry.status != "sent":
                continue  # pending rows were retried above; skipped stays skipped
            if entry is None and (reason := self._expires("digest", fired, message, now)) is not None:
                if not self._may_skip():
                    outcomes.append(PostOutcome(message.key, "digest", "waiting", detail=f"{reason}; to be confirmed"))
                    continue
                await self._skip(message, "digest", fired, None, reason)
                outcomes.append(PostOutcome(message.key, "digest", "skipped", detail=reason))
                continue
            outcomes.append(await self._deliver(message, kind="digest", due_at=fired, now=now))
        return outcomes

    async def _due_reminders(self, *, since: dt.datetime, checked: dt.datetime, now: dt.datetime) -> list[PostOutcome]:
        """Reminders due in ``(since, now]`` not in the ledger yet. Only sessions whose reminder fell due
        after ``checked - grace`` are read (by date, in SQL): those due earlier were seen by an earlier
        check, or are beyond the grace window (nothing to post)."""
        hours = self.config.schedule.reminder_hours
        if not hours:
            return []
        outcomes = []
        lowest = max(since, checked - self.grace)
        span = dt.timedelta(hours=hours)
        sessions = await self._starting(lowest + span, now + span)
        if not sessions:
            return []
        for session in sessions:
            due = self.reminder_due(session)
            if due is None or due > now or due <= since:
                continue
            key = reminder_key(session.slug)
            if await self.ledger.get(key) is not None:
                continue  # sent (edits happen after a sync), pending (retried above) or skipped
            message = compose_reminder(session, config=self.config)
            if (reason := self._expires("reminder", due, message, now)) is not None:
                if not self._may_skip():
                    outcomes.append(PostOutcome(key, "reminder", "waiting", detail=f"{reason}; to be confirmed"))
                    continue
                await self._skip(message, "reminder", due, session.slug, reason)
                outcomes.append(PostOutcome(key, "reminder", "skipped", detail=reason))
                continue
            outcomes.append(await self._deliver(message, kind="reminder", due_at=due, now=now, session_slug=session.slug))
        return outcomes

    async def _retry_pending(self, now: dt.datetime) -> list[PostOutcome]:
        pending = await self.ledger.entries(status="pending")
        if not pending:
            return []
        by_slug = await self._by_slug([e.session_slug for e in pending if e.kind == "reminder" and e.session_slug])
        outcomes = []
        for entry in pending:
            message = await self._recompose_entry(entry, by_slug)
            if message is not None and is_empty_digest(message) and not entry.sent_ids:
                outcomes.append(await self._empty_pending(entry, message, now))
                continue
            known, complete = await self._reconciled(entry)
            if complete:
                await self.ledger.mark_sent(entry.key, message_id=",".join(known), content_hash=entry.content_hash, now=self.clock())
                outcomes.append(PostOutcome(entry.key, entry.kind, "sent", ",".join(known), "found in the channel: was posted before a restart"))
                continue
            if message is None:
                reason = "its session is no longer on the site" if entry.kind in _SCHEDULED else "no longer wanted"
            else:
                reason = self._expires(entry.kind, entry.due_at or entry.created_at, message, now)
            if reason is not None or message is None:
                if not self._may_skip():
                    outcomes.append(PostOutcome(entry.key, entry.kind, "waiting", detail=f"{reason}; to be confirmed"))
                    continue
                if known:  # part of it is in the channel: that part stays what was posted
                    await self.ledger.mark_sent(entry.key, message_id=",".join(known), content_hash=entry.content_hash, now=self.clock())
                    log.warning("post %s stays incomplete (%d of %s parts): %s", entry.key, len(known), entry.parts, reason)
                    outcomes.append(PostOutcome(entry.key, entry.kind, "sent", ",".join(known), f"incomplete: {reason}"))
                    continue
                await self._skip_entry(entry, reason or "")
                outcomes.append(PostOutcome(entry.key, entry.kind, "skipped", detail=reason or ""))
                continue
            outcomes.append(await self._send(entry, message, sent=known))
        return outcomes

    async def _empty_pending(self, entry: LedgerEntry, message: Message, now: dt.datetime) -> PostOutcome:
        """A digest that fell due with nothing in its window (a site error, a break): kept ``pending`` and
        posted once its window has sessions again (within the grace window), else given up."""
        reason = self._expires(entry.kind, entry.due_at or entry.created_at, message, now)
        if reason is None:
            return PostOutcome(entry.key, entry.kind, "empty", detail="no sessions in its window yet: kept to catch up")
        if not self._may_skip():
            return PostOutcome(entry.key, entry.kind, "waiting", detail=f"{reason}; to be confirmed")
        await self._skip_entry(entry, f"{EMPTY_DIGEST} ({reason})")
        return PostOutcome(entry.key, entry.kind, "skipped", detail=f"{EMPTY_DIGEST} ({reason})")

    async def _reconciled(self, entry: LedgerEntry) -> tuple[list[str], bool]:
        """What of a ``pending`` row's post is already in the channel: the ids of its parts (found there, or
        recorded while sending) and whether that is all of it. A post of several messages interrupted
        after its first part (a crash, a 403) is not complete: its other parts are still to be sent."""
        found = await self._find_sent(entry)
        recorded = entry.sent_ids
        known = found if found is not None and len(found) >= len(recorded) else recorded
        complete = bool(known) and (entry.parts is None or len(known) >= entry.parts)
        return known, complete

    async def _find_sent(self, entry: LedgerEntry) -> list[str] | None:
        """The ids of the row's post found in the channel, searching from when the row was written."""
        find = self.transport.find_sent
        try:
            if _accepts(find, "after"):
                found = await find(entry.key, after=entry.created_at - SEARCH_MARGIN)  # type: ignore[call-arg]
            else:
                found = await find(entry.key)
        except TransportError as exc:
            log.warning("could not search the channel for %s: %s", entry.key, exc)
            return None
        return [part for part in found.split(",") if part] if found else None

    async def _deliver(
        self, message: Message, *, kind: Kind, due_at: dt.datetime, now: dt.datetime, session_slug: str | None = None
    ) -> PostOutcome:
        """Steps 1-3 of the outbox for one composed message."""
        assert message.key is not None, "scheduled messages carry a ledger key"
        entry = await self.ledger.get(message.key)
        if kind == "digest" and is_empty_digest(message) and (entry is None or (entry.status == "pending" and not entry.sent_ids)):
            if entry is None:  # recorded, so that it is caught up once its window has sessions again
                await self.ledger.add_pending(
                    message.key, kind=kind, content_hash=message.content_hash, now=self.clock(), due_at=due_at
                )
            return PostOutcome(message.key, kind, "empty", detail="no sessions in the window: not posted yet")
        if entry is None:
            entry = await self.ledger.add_pending(
                message.key, kind=kind, content_hash=message.content_hash, now=self.clock(), session_slug=session_slug, due_at=due_at
            )
            return await self._send(entry, message)
        if entry.status == "skipped":
            return PostOutcome(entry.key, kind, "skipped", detail=entry.last_error or "")
        if entry.status == "pending":
            known, complete = await self._reconciled(entry)
            if not complete:
                return await self._send(entry, message, sent=known)
            await self.ledger.mark_sent(entry.key, message_id=",".join(known), content_hash=entry.content_hash, now=self.clock())
            entry = await self.ledger.get(entry.key)
            assert entry is not None
        if entry.content_hash == message.content_hash:
            return PostOutcome(entry.key, kind, "unchanged", entry.message_id)
        if not _still_ahead(message, now):
            return PostOutcome(entry.key, kind, "unchanged", entry.message_id, "changed, but its sessions are over")
        return await self._edit(entry, message)

    def _delay(self, attempt: int, exc: TransportError) -> float:
        delay = min(self.max_backoff_seconds, self.backoff_seconds * (2**attempt))
        retry_after = getattr(exc, "retry_after", None)
        if isinstance(retry_after, (int, float)) and retry_after > delay:
            delay = float(retry_after)
        return delay

    async def _attempts(self, entry: LedgerEntry, call: Callable[[], Awaitable[str | None]], what: str) -> tuple[bool, str | None, str]:
        """Run ``call`` with retries and exponential backoff on retryable errors; record each failure."""
        for attempt in range(self.max_attempts):
            try:
                return True, await call(), ""
            except TransportError as exc:
                error = str(exc) or type(exc).__name__
                await self.ledger.record_failure(entry.key, error=error, now=self.clock())
                if not exc.retryable:
                    log.error("%s %s failed, not retryable: %s", what, entry.key, error)
                    return False, None, error
                if attempt + 1 == self.max_attempts:
                    log.error("%s %s failed %d times, last: %s; kept for the next run", what, entry.key, self.max_attempts, error)
                    return False, None, error
                delay = self._delay(attempt, exc)
                log.warning("%s %s failed (%s); retrying in %.1f s", what, entry.key, error, delay)
                await self.sleep(delay)
            except Exception as exc:  # an adapter bug must not take the scheduler down
                error = f"{type(exc).__name__}: {exc}"
                await self.ledger.record_failure(entry.key, error=error, now=self.clock())
                log.exception("%s %s failed unexpectedly", what, entry.key)
                return False, None, error
        raise AssertionError("unreachable")

    async def _send(self, entry: LedgerEntry, message: Message, *, sent: Sequence[str] = ()) -> PostOutcome:
        """Send ``message`` for ``entry``; a post of several messages starts at its first part not yet in
        ``sent`` and records each part in the ledger as it goes (a retry, or the next run, resumes there)."""
        nonce = _nonce(entry)
        progress = list(sent)
        parts: list[int | None] = [entry.parts]
        send = self.transport.send
        resumable = _accepts(send, "on_part")
        tried = [False]

        async def on_part(ids: list[str], count: int) -> None:
            progress[:] = ids
            parts[0] = count
            await self.ledger.record_parts(entry.key, message_ids=ids, parts=count, now=self.clock())

        async def call() -> str:
            if tried[0]:
                # the attempt before failed, maybe after the platform stored the message (a 5xx, a timeout,
                # a reset): look before sending again, sending is not idempotent
                found = await self._find_sent(entry)
                if found and (parts[0] is None or len(found) >= parts[0]):
                    log.info("%s was posted by the attempt that failed: found in the channel", entry.key)
                    return ",".join(found)
                if found and len(found) > len(progress):
                    progress[:] = found
            tried[0] = True
            if resumable:
                return await send(message, nonce=nonce, sent=list(progress), on_part=on_part)  # type: ignore[call-arg]
            return await send(message, nonce=nonce)

        ok, message_id, error = await self._attempts(entry, call, "posting")
        if not ok or message_id is None:
            return PostOutcome(entry.key, entry.kind, "failed", detail=error or "no message id")
        await self.ledger.mark_sent(entry.key, message_id=message_id, content_hash=message.content_hash, now=self.clock())
        return PostOutcome(entry.key, entry.kind, "sent", message_id)

    async def _edit(self, entry: LedgerEntry, message: Message) -> PostOutcome:
        assert entry.message_id is not None

        async def call() -> None:
            await self.transport.edit(entry.message_id, message)  # type: ignore[arg-type]

        ok, _, error = await self._attempts(entry, call, "editing")
        if not ok:
            return PostOutcome(entry.key, entry.kind, "failed", entry.message_id, error)
        await self.ledger.mark_sent(entry.key, message_id=entry.message_id, content_hash=message.content_hash, now=self.clock())
        return PostOutcome(entry.key, entry.kind, "edited", entry.message_id)

    async def _skip(self, message: Message, kind: Kind, due: dt.datetime, slug: str | None, reason: str) -> None:
        assert message.key is not None
        log.warning("not posting %s: %s", message.key, reason)
        await self.ledger.mark_skipped(
            message.key, kind=kind, reason=reason, now=self.clock(), content_hash=message.content_hash, session_slug=slug, due_at=due
        )

    async def _skip_entry(self, entry: LedgerEntry, reason: str) -> None:
        log.warning("giving up on pending %s: %s (last error: %s)", entry.key, reason, entry.last_error)
        await self.ledger.mark_skipped(entry.key, kind=entry.kind, reason=reason, now=self.clock())


def _hours(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"
