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

This module decides what is due and composes it; :mod:`bot.services.delivery` carries a message to the
channel (steps 2-4: nonce, parts, retries, finding a post made before a crash), and
:mod:`bot.services.skip_guard` keeps one bad reading of the clock from giving anything up.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from apscheduler.triggers.cron import CronTrigger

from bot.config import CourseConfig
from bot.course.models import Session
from bot.services.digest import (
    compose_digest,
    compose_reminder,
    is_empty_digest,
    live_reminders,
    reminder_due,
    reminder_due_on,
    reminder_key,
)
from bot.services.delivery import Clock, Delivery, PostOutcome, Sleep
from bot.services.messages import Message
from bot.services.skip_guard import SkipGuard
from bot.services.times import session_start, to_course_tz
from bot.services.transport import Transport
from bot.services.cron import crontab_to_apscheduler, digest_trigger_for
from bot.store.db import Database
from bot.store.ledger import Kind, Ledger, LedgerEntry

log = logging.getLogger(__name__)

Recompose = Callable[[LedgerEntry], Awaitable["Message | None"]]
_SCHEDULED = ("digest", "reminder")  # kinds this module composes; others come from services via post_once

#: A check mark this far ahead of the clock is logged as the clock having moved back (less is clock jitter).
_CLOCK_BACK_NOTED = dt.timedelta(minutes=1)

#: Fire times enumerated at most per check, whatever the cron (a minutely cron after a month down).
MAX_FIRE_TIMES = 1000
#: Reminder jobs planned at most (the nearest); re-planned after every sync, and run_due catches up anyway.
MAX_REMINDER_JOBS = 200
EMPTY_DIGEST = "no sessions in its window when it fell due"


class PostingStore(Protocol):
    """What posting needs from :class:`bot.store.sessions.Store`."""

    db: Database

    async def sessions_between(self, start: dt.date, end: dt.date) -> list[Session]: ...
    async def sessions_by_slug(self, slugs: Sequence[str], *, since: dt.date | None = None) -> list[Session]: ...
    async def upcoming(self, start: dt.date, *, limit: int = 25) -> list[Session]: ...
    async def get_session(self, slug: str) -> Session | None: ...
    async def meta_get(self, key: str) -> str | None: ...
    async def meta_set(self, key: str, value: str) -> None: ...


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def digest_trigger(config: CourseConfig) -> CronTrigger:
    """The digest schedule: ``schedule.digest_cron`` read as crontab, in the course timezone."""
    return digest_trigger_for(config.schedule.digest_cron, config.course.tz)


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
        self.store = store
        self.config = config
        self.transport = transport
        self.clock = clock
        self.ledger = Ledger(store.db, platform=transport.platform, channel=str(transport.channel))
        self.delivery = Delivery(
            self.ledger, transport, clock=clock, sleep=sleep, max_attempts=max_attempts,
            backoff_seconds=backoff_seconds, max_backoff_seconds=max_backoff_seconds,
        )
        self.trigger = digest_trigger(config)
        self._sync_listeners: list[Callable[[], Awaitable[object]]] = []
        self._composers: dict[str, Recompose] = {}
        scope = f"{self.ledger.platform}:{self.ledger.channel}"
        self._since_key = f"posting.since:{scope}"
        self._checked_key = f"posting.checked:{scope}"
        self._lock = asyncio.Lock()  # one delivery pass at a time (scheduler jobs may overlap)
        self.skips = SkipGuard(store, f"posting.skip_suspect:{scope}")

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
        while True:  # the slug, date and meeting flag of each session: no session decoded
            found = await self.store.upcoming_meetings(since, limit=limit)
            out = sorted((due, slug) for slug, day, meeting in found
                         if (due := self._reminder_due_on(slug, day, meeting)) is not None and due > now)
            if len(out) >= MAX_REMINDER_JOBS or len(found) < limit:
                return out[:MAX_REMINDER_JOBS]
            limit *= 4

    def _reminder_due_on(self, slug: str, day: dt.date, meeting: bool) -> dt.datetime | None:
        try:
            return reminder_due_on(day, meeting, self.config)
        except (OverflowError, ValueError) as exc:
            log.error("%s: no reminder: its date %s gives no reminder time (%s)", slug, day, exc)
            return None

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
            if checked > now:  # the clock moved back: what fell due from now on is looked at again
                if checked - now >= _CLOCK_BACK_NOTED:
                    log.warning("%s: the last check was at %s, after the clock's %s (the clock moved back); "
                                "checking again from now (the ledger keeps anything posted since from going "
                                "out twice)", self._checked_key, checked.isoformat(), now.isoformat())
                checked = now
            await self.skips.begin(now)
            outcomes = await self._retry_pending(now)
            outcomes += await self._due_digests(after=max(checked, since), now=now)
            outcomes += await self._due_reminders(since=since, checked=checked, now=now)
            waiting = self.skips.waiting
            await self.skips.end(now)
            if not waiting:  # else the next pass enumerates the same fire times again
                await self.store.meta_set(self._checked_key, now.astimezone(dt.UTC).isoformat())
        for outcome in outcomes:
            log.info("posting %s", outcome)
        return outcomes

    async def reconcile(self) -> None:
        """At start-up: look for each ``pending`` row's message in the channel; mark it sent if it is there,
        else send it again while it is still useful (else record it as skipped)."""
        async with self._lock:
            now = self._now()
            await self.skips.begin(now)
            outcomes = await self._retry_pending(now)
            await self.skips.end(now)
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
                outcomes.append(await self.delivery.edit(entry, message))
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
                outcome = await self.delivery.send(entry, message)
            elif entry.status == "pending":
                known, complete = await self.delivery.reconciled(entry)
                if complete:
                    outcome = await self.delivery.mark_found(entry, known)
                else:
                    outcome = await self.delivery.send(entry, message, sent=known)
            elif entry.status == "skipped":
                outcome = PostOutcome(entry.key, kind, "skipped", detail=entry.last_error or "")
            else:
                outcome = PostOutcome(entry.key, kind, "unchanged", entry.message_id)
        log.info("posting %s", outcome)
        return outcome

    async def skip_once(self, message: Message, *, kind: Kind, due_at: dt.datetime, reason: str) -> None:
        """Record that ``message`` (composed elsewhere) will not be posted: too late to be useful."""
        async with self._lock:
            await self.delivery.skip(message, kind, due_at, None, reason)

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

    async def _baseline(self, now: dt.datetime) -> dt.datetime:
        """The moment this channel started being served; set to ``now`` on its first run (no flood), and
        brought back to ``now`` when it is ahead of the clock."""
        text = await self.store.meta_get(self._since_key)
        if text:
            since = dt.datetime.fromisoformat(text)
            if since <= now:
                return since
            # a mark ahead of the clock (a first start on a clock that was ahead, or a trial --now run on this
            # cache) would hold back every digest and reminder until the clock reaches it
            log.log(logging.WARNING if since - now >= _CLOCK_BACK_NOTED else logging.DEBUG,
                    "%s is %s, after the clock's %s (the clock moved back, or a trial run with --now used this "
                    "cache): taking now as the start", self._since_key, since.isoformat(), now.isoformat())
        elif await self.ledger.count():
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
        return compose_reminder(session, config=self.config, key=entry.key) if session is not None else None

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
                if not self.skips.may_skip():
                    outcomes.append(PostOutcome(message.key, "digest", "waiting", detail=f"{reason}; to be confirmed"))
                    continue
                await self.delivery.skip(message, "digest", fired, None, reason)
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
            entry = await self.ledger.get(key)
            if entry is None:
                entry = await self._renamed_reminder(session, due)
                if entry is not None:  # its reminder went out under the old name: edited, never posted again
                    if (edited := await self._edit_renamed(entry, session, now)) is not None:
                        outcomes.append(edited)
                    continue
            elif entry.session_slug != session.slug and entry.session_slug is not None:
                entry = await self._repoint(entry, session)  # renamed back to the name its reminder went out under
                if (edited := await self._edit_renamed(entry, session, now)) is not None:
                    outcomes.append(edited)
            start = session_start(session, self.config)
            if entry is not None:
                if entry.status == "pending" or start is None or self._announced(entry) in (None, start):
                    continue  # sent (edits happen after a sync), pending (retried above) or skipped
                # its reminder went out (or was given up) for another start: this start is due its own, once
                key = reminder_key(session.slug, start)
                if await self.ledger.get(key) is not None:
                    continue
            message = compose_reminder(session, config=self.config, key=key)
            if (reason := self._expires("reminder", due, message, now)) is not None:
                if not self.skips.may_skip():
                    outcomes.append(PostOutcome(key, "reminder", "waiting", detail=f"{reason}; to be confirmed"))
                    continue
                await self.delivery.skip(message, "reminder", due, session.slug, reason)
                outcomes.append(PostOutcome(key, "reminder", "skipped", detail=reason))
                continue
            outcomes.append(await self._deliver(message, kind="reminder", due_at=due, now=now, session_slug=session.slug,
                                                starts_at=start))
        return outcomes

    def _announced(self, entry: LedgerEntry) -> dt.datetime | None:
        """The start of the session the reminder row ``entry`` was for: recorded (migration 011), else its due
        time plus ``reminder_hours``; None when neither is known."""
        if entry.starts_at is not None:
            return entry.starts_at
        if entry.due_at is None:
            return None
        return entry.due_at + dt.timedelta(hours=self.config.schedule.reminder_hours)

    async def _renamed_reminder(self, session: Session, due: dt.datetime) -> LedgerEntry | None:
        """The reminder row of ``session`` under another name: one due at the same moment whose session is no
        longer on the site (its file was renamed, so its slug changed), re-pointed at ``session``; or one
        already re-pointed. None when there is none (a session that only shares the moment with another still
        on the site is another meeting)."""
        for entry in await self.ledger.reminders_due_at(due):
            if entry.session_slug == session.slug:
                return entry
        for entry in await self.ledger.reminders_due_at(due):
            if entry.session_slug and await self.store.get_session(entry.session_slug) is None:
                return await self._repoint(entry, session)
        return None

    async def _repoint(self, entry: LedgerEntry, session: Session) -> LedgerEntry:
        log.info("%s: its session %s is now %s (renamed); its reminder is not posted again", entry.key,
                 entry.session_slug, session.slug)
        await self.ledger.set_session(entry.key, session.slug, now=self.clock())
        return dataclasses.replace(entry, session_slug=session.slug)

    async def _edit_renamed(self, entry: LedgerEntry, session: Session, now: dt.datetime) -> PostOutcome | None:
        """Edit the posted reminder of a renamed session to what it says now (its link), while it is ahead."""
        if entry.status != "sent" or entry.message_id is None:
            return None  # pending: retried with the renamed session; skipped stays skipped
        message = compose_reminder(session, config=self.config, key=entry.key)
        if message.content_hash == entry.content_hash or not _still_ahead(message, now):
            return None
        return await self.delivery.edit(entry, message)

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
            known, complete = await self.delivery.reconciled(entry)
            if complete:
                outcomes.append(await self.delivery.mark_found(entry, known))
                continue
            if message is None:
                reason = "its session is no longer on the site" if entry.kind in _SCHEDULED else "no longer wanted"
            else:
                reason = self._expires(entry.kind, entry.due_at or entry.created_at, message, now)
            if reason is not None or message is None:
                if not self.skips.may_skip():
                    outcomes.append(PostOutcome(entry.key, entry.kind, "waiting", detail=f"{reason}; to be confirmed"))
                    continue
                if known:  # part of it is in the channel: that part stays what was posted
                    log.warning("post %s stays incomplete (%d of %s parts): %s", entry.key, len(known), entry.parts, reason)
                    outcomes.append(await self.delivery.mark_found(entry, known, f"incomplete: {reason}"))
                    continue
                await self.delivery.skip_entry(entry, reason or "")
                outcomes.append(PostOutcome(entry.key, entry.kind, "skipped", detail=reason or ""))
                continue
            outcomes.append(await self.delivery.send(entry, message, sent=known))
        return outcomes

    async def _empty_pending(self, entry: LedgerEntry, message: Message, now: dt.datetime) -> PostOutcome:
        """A digest that fell due with nothing in its window (a site error, a break): kept ``pending`` and
        posted once its window has sessions again (within the grace window), else given up."""
        reason = self._expires(entry.kind, entry.due_at or entry.created_at, message, now)
        if reason is None:
            return PostOutcome(entry.key, entry.kind, "empty", detail="no sessions in its window yet: kept to catch up")
        if not self.skips.may_skip():
            return PostOutcome(entry.key, entry.kind, "waiting", detail=f"{reason}; to be confirmed")
        await self.delivery.skip_entry(entry, f"{EMPTY_DIGEST} ({reason})")
        return PostOutcome(entry.key, entry.kind, "skipped", detail=f"{EMPTY_DIGEST} ({reason})")

    async def _deliver(
        self, message: Message, *, kind: Kind, due_at: dt.datetime, now: dt.datetime, session_slug: str | None = None,
        starts_at: dt.datetime | None = None,
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
                message.key, kind=kind, content_hash=message.content_hash, now=self.clock(), session_slug=session_slug,
                due_at=due_at, starts_at=starts_at,
            )
            return await self.delivery.send(entry, message)
        if entry.status == "skipped":
            return PostOutcome(entry.key, kind, "skipped", detail=entry.last_error or "")
        if entry.status == "pending":
            known, complete = await self.delivery.reconciled(entry)
            if not complete:
                return await self.delivery.send(entry, message, sent=known)
            await self.delivery.mark_found(entry, known)
            entry = await self.ledger.get(entry.key)
            assert entry is not None
        if entry.content_hash == message.content_hash:
            return PostOutcome(entry.key, kind, "unchanged", entry.message_id)
        if not _still_ahead(message, now):
            return PostOutcome(entry.key, kind, "unchanged", entry.message_id, "changed, but its sessions are over")
        return await self.delivery.edit(entry, message)

def _hours(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"
