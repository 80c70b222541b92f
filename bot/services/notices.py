"""Change notices: after a sync that changes sessions still ahead, one message to the channel saying what.

The notice service keeps, per channel, a *baseline*: the sessions as the channel was last told about them
(a snapshot of :class:`bot.course.changes.Facts` in the cache's ``meta``). After every sync
(:meth:`Notices.observe`) the current snapshot is compared with the one seen before; when it differs, the
moment is remembered. A notice falls due once the site has been quiet for ``notices.debounce_minutes``
(by the injected clock), so a burst of pushes makes one notice, and a change undone within the burst none;
a burst that never goes quiet is announced ``MAX_DELAY_DEBOUNCES`` debounce windows after it began.
:meth:`Notices.run_due` then posts the difference between the baseline and now, keeping only sessions
still ahead (a session that has started is history), and moves the baseline.

Exactly once, through the posting ledger (kind ``notice``): the notice about to be posted is first written
to an outbox in ``meta`` (its key, change set and the snapshot it brings the baseline to), then posted
with :meth:`Posting.post_once`; a restart finds the outbox and the pending row and finishes the job (the
row is looked for in the channel, then sent within ``schedule.grace_hours`` of falling due, else skipped).
The first sync of a new cache records the baseline and announces nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.config import CourseConfig
from bot.course.changes import ChangeSet, Facts, SessionChange, diff, snapshot
from bot.services.messages import Line, Message, Section
from bot.services.posting import PostOutcome, Posting
from bot.services.times import format_date, meeting_start, to_course_tz
from bot.store.ledger import LedgerEntry
from bot.store.sessions import Store

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
MAX_DELAY_DEBOUNCES = 6  # a burst that never goes quiet is still announced this many debounce windows after it began
KEEP_PAST = dt.timedelta(days=14)  # sessions this far in the past stay in the baseline (a date moved back)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _digest(facts: dict[str, Facts]) -> str:
    doc = json.dumps({slug: f.to_json() for slug, f in sorted(facts.items())}, sort_keys=True)
    return hashlib.blake2b(doc.encode(), digest_size=12).hexdigest()


def _dump(facts: dict[str, Facts]) -> str:
    return json.dumps([f.to_json() for f in facts.values()], ensure_ascii=False)


def _load(text: str) -> dict[str, Facts]:
    return {f.slug: f for f in (Facts.from_json(doc) for doc in json.loads(text))}


def still_ahead(changes: ChangeSet, now: dt.datetime, config: CourseConfig) -> ChangeSet:
    """The changes about class meetings that have not started at ``now`` (a date moved counts when
    either its old or its new date is ahead)."""

    def ahead(day: dt.date | None) -> bool:
        start = meeting_start(day, config)
        return start is not None and start > now

    kept = [
        c for c in changes.changes
        if c.facts.meeting and (ahead(c.facts.date) or (c.date_moved and ahead(c.moved_from)))
    ]
    return ChangeSet(tuple(kept))


def _when(day: dt.date | None) -> str:
    return format_date(day) if day is not None else "no date"


def _lines(change: SessionChange, config: CourseConfig) -> tuple[Line, ...]:
    if change.kind == "added":
        return (Line(text="New session posted"),)
    if change.kind == "removed":
        return (Line(text="Session removed"),)
    lines: list[Line] = []
    if change.date_moved:
        lines.append(Line(text=f"Date moved: {_when(change.moved_from)} → {_when(change.facts.date)}"))
    for role in change.roles:
        lines.append(Line(text=f"{config.role_label(role.role)}: {role.before or 'nobody'} → {role.after or 'nobody'}"))
    lines += [Line(text=f"Reading added: {title}") for title in change.readings_added]
    lines += [Line(text=f"Reading removed: {title}") for title in change.readings_removed]
    return tuple(lines)


def compose_notice(changes: ChangeSet, *, key: str, config: CourseConfig) -> Message:
    """One message naming every changed session (linked to its page) and what changed in it."""
    sections = []
    for change in changes.changes:
        start = meeting_start(change.facts.date, config)
        # renderers show ``when`` their own way (a timestamp on Discord and Slack, course time on the console)
        heading = change.facts.title if start is not None else f"{change.facts.title} (no date yet)"
        sections.append(Section(heading=heading, lines=_lines(change, config), url=change.facts.url, when=start))
    count = len(changes)
    return Message(
        title=f"Changes to {count} upcoming session{'s' if count != 1 else ''}",
        kind="notice",
        description="The course site changed: " + "; ".join(c.facts.title for c in changes.changes) + ".",
        sections=tuple(sections),
        key=key,
        footer=key,
    )


@dataclass(frozen=True, slots=True)
class _Outbox:
    key: str
    changes: ChangeSet
    after: str  # the snapshot (JSON) the baseline becomes once the notice is out
    due: dt.datetime

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "changes": self.changes.to_json(), "after": self.after,
                           "due": self.due.isoformat()}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> _Outbox:
        doc: dict[str, Any] = json.loads(text)
        return cls(doc["key"], ChangeSet.from_json(doc["changes"]), doc["after"], dt.datetime.fromisoformat(doc["due"]))


class Notices:
    """Change notices for the channel of ``posting``."""

    def __init__(self, store: Store, config: CourseConfig, posting: Posting, *, clock: Clock = _utcnow) -> None:
        self.store = store
        self.config = config
        self.posting = posting
        self.clock = clock
        self.debounce = dt.timedelta(minutes=config.notices.debounce_minutes)
        scope = f"{posting.ledger.platform}:{posting.ledger.channel}"
        self._baseline_key = f"notices.baseline:{scope}"
        self._seen_key = f"notices.seen:{scope}"
        self._outbox_key = f"notices.outbox:{scope}"
        self._lock = asyncio.Lock()  # one observe/post pass at a time (a scheduled job and a /sync may overlap)
        self._quiet: tuple[str, dt.date] | None = None  # (sessions version, window) of the last quiet pass
        posting.register_kind("notice", self._recompose)

    def _oldest(self, now: dt.datetime) -> dt.date:
        return to_course_tz(now, self.config).date() - KEEP_PAST

    async def _current(self, now: dt.datetime) -> dict[str, Facts]:
        facts: dict[str, Facts] = {}
        async for batch in self.store.iter_sessions(since=self._oldest(now)):  # never the whole site at once
            facts.update(snapshot(batch))
        return facts

    async def _outbox(self) -> _Outbox | None:
        text = await self.store.meta_get(self._outbox_key)
        return _Outbox.from_json(text) if text else None

    async def _recompose(self, entry: LedgerEntry) -> Message | None:
        outbox = await self._outbox()
        if outbox is None or outbox.key != entry.key:
            return None
        return compose_notice(outbox.changes, key=outbox.key, config=self.config)

    async def observe(self, current: dict[str, Facts] | None = None) -> dt.datetime | None:
        """After a sync: note whether the sessions changed; when a notice will fall due (None: nothing
        pending). The first call on a new cache takes the sessions as they are as the baseline.
        ``current``: the snapshot, when the caller has just taken it."""
        now = self.clock()
        current = current if current is not None else await self._current(now)
        digest = _digest(current)
        baseline_text = await self.store.meta_get(self._baseline_key)
        if not baseline_text:
            await self.store.meta_set(self._baseline_key, _dump(current))
            await self.store.meta_set(self._seen_key, json.dumps({"digest": digest, "at": now.isoformat()}))
            log.info("change notices: first sync of this channel, %d sessions taken as they are", len(current))
            return None
        seen_text = await self.store.meta_get(self._seen_key)
        seen = json.loads(seen_text) if seen_text else {}
        baseline_digest = _digest(_load(baseline_text))
        if seen.get("digest") != digest:
            # ``since``: when the site first differed from the baseline in this run of changes (kept while
            # pushes keep coming, so a burst that never goes quiet is still announced, see :meth:`_due`)
            pending = seen.get("digest") not in (None, baseline_digest)
            since = (seen.get("since") or seen.get("at")) if pending else None
            seen = {"digest": digest, "at": now.isoformat(), "since": since or now.isoformat()}
            await self.store.meta_set(self._seen_key, json.dumps(seen))
        if baseline_digest == digest and await self._outbox() is None:
            return None
        return self._due(seen, now)

    def _due(self, seen: dict[str, Any], now: dt.datetime) -> dt.datetime:
        """When the change seen last falls due: ``debounce`` after the last change, but no later than
        ``MAX_DELAY_DEBOUNCES`` debounce windows after the first change of the burst."""
        if not seen:
            return now + self.debounce
        last = dt.datetime.fromisoformat(seen["at"])
        first = dt.datetime.fromisoformat(seen.get("since") or seen["at"])
        return min(last + self.debounce, first + self.debounce * MAX_DELAY_DEBOUNCES)

    async def run_due(self, current: dict[str, Facts] | None = None) -> PostOutcome | None:
        """Post the notice that is due now, if any (see the module docstring); None when nothing was."""
        now = self.clock()
        outbox = await self._outbox()
        if outbox is not None:
            outcome = await self._deliver(outbox, now)
            if outcome.action == "failed":
                return outcome  # kept in the outbox: tried again at the next sync
        baseline_text = await self.store.meta_get(self._baseline_key)
        if not baseline_text:
            return None
        current = current if current is not None else await self._current(now)
        baseline = _load(baseline_text)
        if _digest(baseline) == _digest(current):
            return None
        seen_text = await self.store.meta_get(self._seen_key)
        due = self._due(json.loads(seen_text) if seen_text else {}, now)
        if now < due:
            return None  # still inside a burst of pushes
        changes = still_ahead(diff(baseline, current), now, self.config)
        if not changes:  # only sessions in the past, or nothing a notice talks about
            await self.store.meta_set(self._baseline_key, _dump(current))
            return None
        key = "changes:" + hashlib.blake2b(f"{_digest(baseline)}>{_digest(current)}".encode(), digest_size=8).hexdigest()
        outbox = _Outbox(key, changes, _dump(current), due)
        await self.store.meta_set(self._outbox_key, outbox.to_json())
        return await self._deliver(outbox, now)

    async def _deliver(self, outbox: _Outbox, now: dt.datetime) -> PostOutcome:
        message = compose_notice(outbox.changes, key=outbox.key, config=self.config)
        entry = await self.posting.ledger.get(outbox.key)
        if entry is None and now - outbox.due > self.posting.grace:
            reason = f"due {outbox.due.isoformat(timespec='minutes')}, later than the grace window"
            await self.posting.skip_once(message, kind="notice", due_at=outbox.due, reason=reason)
            outcome = PostOutcome(outbox.key, "notice", "skipped", detail=reason)
        else:
            outcome = await self.posting.post_once(message, kind="notice", due_at=outbox.due)
        if outcome.action != "failed":
            await self.store.meta_set(self._baseline_key, outbox.after)
            await self.store.meta_set(self._outbox_key, "")
        return outcome

    async def after_sync(self) -> tuple[PostOutcome | None, dt.datetime | None]:
        """:meth:`observe`, then :meth:`run_due` (what the app calls after every sync): what was posted,
        and when the next notice falls due (None: nothing pending; a notice that failed: in a minute)."""
        async with self._lock:
            now = self.clock()
            # nothing pending last time, and the same sessions in the same window: nothing can be pending now
            # (only this service writes its baseline), so the snapshot is not taken again
            quiet_key = (await self.store.sessions_version(), self._oldest(now))
            if quiet_key == self._quiet:
                return None, None
            self._quiet = None
            current = await self._current(now)  # one snapshot for the three steps
            await self.observe(current)
            outcome = await self.run_due(current)
            due = await self.observe(current)
            if due is None:  # no outbox, baseline == now: quiet until the sessions or the window change
                self._quiet = quiet_key
        if due is not None:
            due = max(due, self.clock() + dt.timedelta(minutes=1)) if outcome is not None else due
        return outcome, due
