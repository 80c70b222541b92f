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


def _fact_hash(facts: Facts) -> bytes:
    return hashlib.blake2b(json.dumps(facts.to_json(), sort_keys=True).encode(), digest_size=12).digest()


def _combine(hashes: dict[str, bytes]) -> str:
    """The digest of a snapshot from the hash of each session's facts (by slug: any reading order)."""
    digest = hashlib.blake2b(digest_size=12)
    for slug in sorted(hashes):
        digest.update(slug.encode("utf-8", "surrogatepass") + b"\0" + hashes[slug])
    return digest.hexdigest()


def _digest(facts: dict[str, Facts]) -> str:
    return _combine({slug: _fact_hash(f) for slug, f in facts.items()})


def _dump_one(facts: Facts) -> str:
    return json.dumps(facts.to_json(), ensure_ascii=False)


def _join(pieces: list[str]) -> str:
    return "[" + ", ".join(pieces) + "]"  # what json.dumps writes for the list of the pieces' documents


def _dump(facts: dict[str, Facts]) -> str:
    return _join([_dump_one(f) for f in facts.values()])


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
    after_digest: str | None = None  # its digest (None in an outbox written before digests were kept)

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "changes": self.changes.to_json(), "after": self.after,
                           "due": self.due.isoformat(), "after_digest": self.after_digest}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> _Outbox:
        doc: dict[str, Any] = json.loads(text)
        return cls(doc["key"], ChangeSet.from_json(doc["changes"]), doc["after"], dt.datetime.fromisoformat(doc["due"]),
                   doc.get("after_digest"))


@dataclass(slots=True)
class _Hashes:
    """The hash of each session's facts in a snapshot, as one pass left them (kept by :class:`Notices` so
    the next pass, after a sync of the same store, hashes only the sessions that sync changed)."""

    version: str  # the sessions version read before the pass
    since: dt.date
    hashes: dict[str, bytes]  # by slug
    dates: dict[str, dt.date | None]  # by slug: what leaves the window when it moves on


class _Snapshot:
    """The sessions from ``since`` on, as one notice pass sees them. Streamed a batch at a time for their
    digest (and, for a first baseline, their JSON); decoded whole only when they differ from the baseline
    (a notice to compose, a baseline to move). A pass that finds nothing changed never holds the site's
    facts, nor the baseline's. With ``memo`` (the hashes of an earlier pass), the digest after a sync of this
    store hashes only the sessions it changed (:meth:`Store.changed_between`)."""

    def __init__(self, store: Store, since: dt.date, memo: list[_Hashes | None] | None = None) -> None:
        self.store = store
        self.since = since
        self._facts: dict[str, Facts] | None = None
        self._digest: str | None = None
        self._memo = memo if memo is not None else [None]

    async def _stream(self, *, dump: bool) -> str | None:
        version = await self.store.sessions_version()
        hashes: dict[str, bytes] = {}
        dates: dict[str, dt.date | None] = {}
        pieces: dict[str, str] = {}  # in the order first seen, as the facts' dict keeps them
        async for batch in self.store.iter_sessions(since=self.since):  # never the whole site at once
            for session in batch:
                dates[session.slug] = session.date
            for slug, facts in snapshot(batch).items():
                hashes[slug] = _fact_hash(facts)
                if dump:
                    pieces[slug] = _dump_one(facts)
        self._digest = _combine(hashes)
        self._memo[0] = _Hashes(version, self.since, hashes, dates)
        return _join(list(pieces.values())) if dump else None

    async def _from_memo(self) -> bool:
        """The digest from the kept hashes and the sessions changed since (False: not known, stream)."""
        memo = self._memo[0]
        if memo is None or self.since < memo.since:
            return False
        version = await self.store.sessions_version()
        changed = self.store.changed_between(memo.version, version)
        if changed is None:
            return False
        def inside(day: dt.date | None) -> bool:
            return day is None or day >= self.since
        dates = {slug: day for slug, day in memo.dates.items() if slug not in changed and inside(day)}
        hashes = {slug: memo.hashes[slug] for slug in dates}
        ahead = [s for s in await self.store.sessions_by_slug(sorted(changed)) if inside(s.date)]
        for session in ahead:
            dates[session.slug] = session.date
        for slug, facts in snapshot(ahead).items():
            hashes[slug] = _fact_hash(facts)
        self._digest = _combine(hashes)
        self._memo[0] = _Hashes(version, self.since, hashes, dates)
        return True

    async def digest(self) -> str:
        if self._digest is None:
            if self._facts is not None:
                self._digest = _digest(self._facts)
            elif not await self._from_memo():
                await self._stream(dump=False)
        assert self._digest is not None
        return self._digest

    async def dump(self) -> str:
        """The snapshot's JSON (a baseline), without decoding it whole."""
        if self._facts is not None:
            return _dump(self._facts)
        text = await self._stream(dump=True)
        assert text is not None
        return text

    async def facts(self) -> dict[str, Facts]:
        if self._facts is None:
            facts: dict[str, Facts] = {}
            async for batch in self.store.iter_sessions(since=self.since):
                facts.update(snapshot(batch))
            self._facts = facts
        return self._facts


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
        self._baseline_digest_key = f"notices.baseline_digest:{scope}"  # written with the baseline, in one transaction
        self._seen_key = f"notices.seen:{scope}"
        self._outbox_key = f"notices.outbox:{scope}"
        self._lock = asyncio.Lock()  # one observe/post pass at a time (a scheduled job and a /sync may overlap)
        self._quiet: tuple[str, dt.date] | None = None  # (sessions version, window) of the last quiet pass
        self._hashes: list[_Hashes | None] = [None]  # the facts' hashes of the last pass (see _Snapshot)
        posting.register_kind("notice", self._recompose)

    def _oldest(self, now: dt.datetime) -> dt.date:
        return to_course_tz(now, self.config).date() - KEEP_PAST

    def _current(self, now: dt.datetime) -> _Snapshot:
        return _Snapshot(self.store, self._oldest(now), self._hashes)

    async def _baseline_digest(self) -> str | None:
        """The baseline's digest, kept next to it (a baseline written before digests were kept: computed once
        and kept); None when there is no baseline."""
        digest = await self.store.meta_get(self._baseline_digest_key)
        if digest:
            return digest
        text = await self.store.meta_get(self._baseline_key)
        if not text:
            return None
        digest = _digest(_load(text))
        await self.store.meta_set(self._baseline_digest_key, digest)
        return digest

    async def _set_baseline(self, text: str, digest: str) -> None:
        await self.store.meta_set_many({self._baseline_key: text, self._baseline_digest_key: digest})

    async def _outbox(self) -> _Outbox | None:
        text = await self.store.meta_get(self._outbox_key)
        return _Outbox.from_json(text) if text else None

    async def _recompose(self, entry: LedgerEntry) -> Message | None:
        outbox = await self._outbox()
        if outbox is None or outbox.key != entry.key:
            return None
        return compose_notice(outbox.changes, key=outbox.key, config=self.config)

    async def observe(self, current: _Snapshot | None = None) -> dt.datetime | None:
        """After a sync: note whether the sessions changed; when a notice will fall due (None: nothing
        pending). The first call on a new cache takes the sessions as they are as the baseline.
        ``current``: the snapshot, when the caller has just taken it."""
        now = self.clock()
        current = current if current is not None else self._current(now)
        baseline_digest = await self._baseline_digest()
        if baseline_digest is None:
            text = await current.dump()
            digest = await current.digest()
            await self._set_baseline(text, digest)
            await self.store.meta_set(self._seen_key, json.dumps({"digest": digest, "at": now.isoformat()}))
            log.info("change notices: first sync of this channel, %d characters of sessions taken as they are",
                     len(text))
            return None
        digest = await current.digest()
        seen_text = await self.store.meta_get(self._seen_key)
        seen = json.loads(seen_text) if seen_text else {}
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

    async def run_due(self, current: _Snapshot | None = None) -> PostOutcome | None:
        """Post the notice that is due now, if any (see the module docstring); None when nothing was."""
        now = self.clock()
        outbox = await self._outbox()
        if outbox is not None:
            outcome = await self._deliver(outbox, now)
            if outcome.action == "failed":
                return outcome  # kept in the outbox: tried again at the next sync
        baseline_digest = await self._baseline_digest()
        if baseline_digest is None:
            return None
        current = current if current is not None else self._current(now)
        digest = await current.digest()
        if baseline_digest == digest:
            return None
        seen_text = await self.store.meta_get(self._seen_key)
        due = self._due(json.loads(seen_text) if seen_text else {}, now)
        if now < due:
            return None  # still inside a burst of pushes
        baseline_text = await self.store.meta_get(self._baseline_key)
        facts = await current.facts()
        changes = still_ahead(diff(_load(baseline_text or "[]"), facts), now, self.config)
        if not changes:  # only sessions in the past, or nothing a notice talks about
            await self._set_baseline(_dump(facts), digest)
            return None
        key = "changes:" + hashlib.blake2b(f"{baseline_digest}>{digest}".encode(), digest_size=8).hexdigest()
        outbox = _Outbox(key, changes, _dump(facts), due, digest)
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
            after_digest = outbox.after_digest or _digest(_load(outbox.after))
            await self.store.meta_set_many(
                {self._baseline_key: outbox.after, self._baseline_digest_key: after_digest, self._outbox_key: ""}
            )
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
            if self._quiet is not None and quiet_key[0] == self._quiet[0] and quiet_key[1] > self._quiet[1]:
                # the same sessions, and a new day moved the window on: only sessions now more than KEEP_PAST
                # in the past left it, and a notice tells only of sessions still ahead, so nothing can be due.
                # The baseline keeps them until the next change moves it (their leaving is filtered out of that
                # notice like any past session's): no pass over every session still ahead once a day
                self._quiet = quiet_key
                return None, None
            self._quiet = None
            current = self._current(now)  # one snapshot for the three steps (read when first needed)
            await self.observe(current)
            outcome = await self.run_due(current)
            due = await self.observe(current)
            if due is None:  # no outbox, baseline == now: quiet until the sessions or the window change
                self._quiet = quiet_key
        if due is not None:
            due = max(due, self.clock() + dt.timedelta(minutes=1)) if outcome is not None else due
        return outcome, due
