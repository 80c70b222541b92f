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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.config import CourseConfig
from bot.course.changes import ChangeSet, Facts, SessionChange, diff, snapshot
from bot.services.messages import Line, Message, Section
from bot.services.posting import PostOutcome, Posting
from bot.services.times import format_date, meeting_start, to_course_tz
from bot.store.baseline import Row
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


_MASK = (1 << 128) - 1


def _part(slug: str, fact_hash: bytes) -> int:
    """One session's share of a snapshot's digest: the digest is the sum of the shares (mod 2**128) and their
    count, so it is the same in any reading order and moves by one share when one session changes."""
    digest = hashlib.blake2b(slug.encode("utf-8", "surrogatepass") + b"\0" + fact_hash, digest_size=16).digest()
    return int.from_bytes(digest, "big")


def _render(total: int, count: int) -> str:
    return f"{count}:{total & _MASK:032x}"


def _combine(hashes: Mapping[str, bytes]) -> str:
    """The digest of a snapshot from the hash of each session's facts (by slug: any reading order)."""
    return _render(sum(_part(slug, h) for slug, h in hashes.items()), len(hashes))


def _digest(facts: Mapping[str, Facts]) -> str:
    return _combine({slug: _fact_hash(f) for slug, f in facts.items()})


def _dump_one(facts: Facts) -> str:
    return json.dumps(facts.to_json(), ensure_ascii=False)


def _load(text: str) -> dict[str, Facts]:
    """A whole snapshot as JSON (a baseline kept in ``meta`` before migration 010, an outbox of then)."""
    return {f.slug: f for f in (Facts.from_json(doc) for doc in json.loads(text))}


def _rows(facts: Mapping[str, Facts]) -> list[Row]:
    return [(slug, _fact_hash(f), _dump_one(f)) for slug, f in facts.items()]


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
    """A notice about to be posted, and what the baseline becomes once it is out: the rows of the sessions
    that differed (``upsert``: as they are now; ``delete``: no longer ahead or served) and its digest.
    ``after``: an outbox written before migration 010 carries the whole snapshot as JSON instead."""

    key: str
    changes: ChangeSet
    due: dt.datetime
    after_digest: str | None = None
    upsert: tuple[Row, ...] = ()
    delete: tuple[str, ...] = ()
    after: str | None = None

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "changes": self.changes.to_json(), "due": self.due.isoformat(),
                           "after_digest": self.after_digest,
                           "upsert": [[slug, digest.hex(), facts] for slug, digest, facts in self.upsert],
                           "delete": list(self.delete)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> _Outbox:
        doc: dict[str, Any] = json.loads(text)
        upsert = tuple((slug, bytes.fromhex(digest), facts) for slug, digest, facts in doc.get("upsert", ()))
        return cls(doc["key"], ChangeSet.from_json(doc["changes"]), dt.datetime.fromisoformat(doc["due"]),
                   doc.get("after_digest"), upsert, tuple(doc.get("delete", ())), doc.get("after"))


@dataclass(slots=True)
class _Hashes:
    """The hash of each session's facts in a snapshot, as one pass left them (kept by :class:`Notices` so
    the next pass, after a sync of the same store, hashes only the sessions that sync changed)."""

    version: str  # the sessions version read before the pass
    since: dt.date
    hashes: dict[str, bytes]  # by slug
    dates: dict[str, dt.date | None]  # by slug: what leaves the window when it moves on
    total: int  # the sum of the shares (see _part)

    @property
    def digest(self) -> str:
        return _render(self.total, len(self.hashes))


@dataclass(slots=True)
class _Base:
    """The baseline as the service holds it: the hash of each session's facts (their JSON stays in SQL)."""

    hashes: dict[str, bytes]
    total: int

    @classmethod
    def of(cls, hashes: dict[str, bytes]) -> _Base:
        return cls(hashes, sum(_part(slug, h) for slug, h in hashes.items()))

    @property
    def digest(self) -> str:
        return _render(self.total, len(self.hashes))

    def moved(self, upsert: Sequence[Row], delete: Sequence[str]) -> _Base:
        """This baseline with ``delete`` removed and ``upsert`` written (a new one: this stays as it was)."""
        hashes, total = dict(self.hashes), self.total
        for slug in (*delete, *(row[0] for row in upsert)):
            old = hashes.pop(slug, None)
            if old is not None:
                total -= _part(slug, old)
        for slug, digest, _ in upsert:
            hashes[slug] = digest
            total += _part(slug, digest)
        return _Base(hashes, total)


class _Snapshot:
    """The sessions from ``since`` on, as one notice pass sees them: the hash of each one's facts, streamed a
    batch at a time (never the whole site at once) or, with ``memo`` (the hashes of an earlier pass), brought
    up to date after a sync of this store by hashing only the sessions it changed
    (:meth:`Store.changed_between`). A session's facts are read again only where they differ from the
    baseline (:meth:`Notices.run_due`)."""

    def __init__(self, store: Store, since: dt.date, memo: list[_Hashes | None] | None = None) -> None:
        self.store = store
        self.since = since
        self._memo = memo if memo is not None else [None]
        self._hashes: _Hashes | None = None

    def _inside(self, day: dt.date | None) -> bool:
        return day is None or day >= self.since

    async def _stream(self, *, rows: list[Row] | None = None) -> None:
        version = await self.store.sessions_version()
        hashes: dict[str, bytes] = {}
        dates: dict[str, dt.date | None] = {}
        async for batch in self.store.iter_sessions(since=self.since):  # never the whole site at once
            for session in batch:
                dates[session.slug] = session.date
            for slug, facts in snapshot(batch).items():
                hashes[slug] = _fact_hash(facts)
                if rows is not None:
                    rows.append((slug, hashes[slug], _dump_one(facts)))
        total = sum(_part(slug, h) for slug, h in hashes.items())
        self._hashes = self._memo[0] = _Hashes(version, self.since, hashes, dates, total)

    async def _from_memo(self) -> bool:
        """The hashes from the kept ones and the sessions changed since (False: not known, stream)."""
        memo = self._memo[0]
        if memo is None or self.since < memo.since:
            return False
        version = await self.store.sessions_version()
        changed = self.store.changed_between(memo.version, version)
        if changed is None:
            return False
        self._memo[0] = None  # updated in place: kept again once whole
        hashes, dates, total = memo.hashes, memo.dates, memo.total
        leaving = list(changed)
        if self.since > memo.since:  # a new day: what fell behind the window leaves it (once a day)
            leaving += [slug for slug, day in dates.items() if day is not None and day < self.since]
        for slug in leaving:
            old = hashes.pop(slug, None)
            dates.pop(slug, None)
            if old is not None:
                total -= _part(slug, old)
        ahead = [s for s in await self.store.sessions_by_slug(sorted(changed)) if self._inside(s.date)]
        for session in ahead:
            dates[session.slug] = session.date
        for slug, facts in snapshot(ahead).items():
            hashes[slug] = _fact_hash(facts)
            total += _part(slug, hashes[slug])
        self._hashes = self._memo[0] = _Hashes(version, self.since, hashes, dates, total)
        return True

    async def hashes(self) -> _Hashes:
        if self._hashes is None and not await self._from_memo():
            await self._stream()
        assert self._hashes is not None
        return self._hashes

    async def digest(self) -> str:
        return (await self.hashes()).digest

    async def rows(self) -> list[Row]:
        """Every session's row (a first baseline), streamed."""
        rows: list[Row] = []
        await self._stream(rows=rows)
        return rows

    async def facts(self, slugs: Sequence[str]) -> dict[str, Facts]:
        """The facts of those of ``slugs`` still served and inside the window, read by slug."""
        found = await self.store.sessions_by_slug(sorted(slugs))
        return snapshot(s for s in found if self._inside(s.date))


class Notices:
    """Change notices for the channel of ``posting``."""

    def __init__(self, store: Store, config: CourseConfig, posting: Posting, *, clock: Clock = _utcnow) -> None:
        self.store = store
        self.config = config
        self.posting = posting
        self.clock = clock
        self.debounce = dt.timedelta(minutes=config.notices.debounce_minutes)
        scope = f"{posting.ledger.platform}:{posting.ledger.channel}"
        self.baseline = store.notice_baseline(scope)  # the rows (migration 010)
        self._legacy_key = f"notices.baseline:{scope}"  # the baseline as one JSON value, before migration 010
        self._baseline_digest_key = f"notices.baseline_digest:{scope}"  # written with the rows, in one transaction
        self._seen_key = f"notices.seen:{scope}"
        self._outbox_key = f"notices.outbox:{scope}"
        self._lock = asyncio.Lock()  # one observe/post pass at a time (a scheduled job and a /sync may overlap)
        self._quiet: tuple[str, dt.date] | None = None  # (sessions version, window) of the last quiet pass
        self._hashes: list[_Hashes | None] = [None]  # the facts' hashes of the last pass (see _Snapshot)
        self._base: _Base | None = None  # the baseline's hashes, as last read or written
        posting.register_kind("notice", self._recompose)

    def _oldest(self, now: dt.datetime) -> dt.date:
        return to_course_tz(now, self.config).date() - KEEP_PAST

    def _current(self, now: dt.datetime) -> _Snapshot:
        return _Snapshot(self.store, self._oldest(now), self._hashes)

    async def _baseline(self) -> _Base | None:
        """The baseline's hashes (None: no baseline yet). Read from SQL once, and again only when its digest
        in ``meta`` is not the one held (another instance of the service wrote it); a baseline kept in ``meta``
        before migration 010 is moved into the rows first, and one whose digest was not kept gets it."""
        digest = await self.store.meta_get(self._baseline_digest_key)
        if self._base is not None and digest and self._base.digest == digest:
            return self._base
        legacy = await self.store.meta_get(self._legacy_key)
        if legacy:
            base = _Base.of({})
            rows = _rows(_load(legacy))
            base = base.moved(rows, ())
            await self.baseline.write(upsert=rows, replace=True,
                                      meta={self._baseline_digest_key: base.digest, self._legacy_key: ""})
            log.info("change notices: the baseline of %d sessions moved into its table", len(rows))
            self._base = base
            return base
        hashes = await self.baseline.hashes()
        if not digest and not hashes:
            self._base = None
            return None
        self._base = _Base.of(hashes)
        if digest != self._base.digest:  # not kept (or written by hand): computed once, kept
            await self.store.meta_set(self._baseline_digest_key, self._base.digest)
        return self._base

    async def _move_baseline(self, base: _Base, upsert: Sequence[Row], delete: Sequence[str],
                             meta: Mapping[str, str] | None = None) -> None:
        moved = base.moved(upsert, delete)
        await self.baseline.write(upsert=upsert, delete=delete,
                                  meta={**(meta or {}), self._baseline_digest_key: moved.digest})
        self._base = moved

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
        base = await self._baseline()
        if base is None:
            rows = await current.rows()
            digest = await current.digest()
            first = _Base.of({})
            seen = json.dumps({"digest": digest, "at": now.isoformat()})
            await self._move_baseline(first, rows, (), {self._seen_key: seen})
            log.info("change notices: first sync of this channel, %d sessions taken as they are", len(rows))
            return None
        digest = await current.digest()
        seen_text = await self.store.meta_get(self._seen_key)
        seen = json.loads(seen_text) if seen_text else {}
        if seen.get("digest") != digest:
            # ``since``: when the site first differed from the baseline in this run of changes (kept while
            # pushes keep coming, so a burst that never goes quiet is still announced, see :meth:`_due`)
            pending = seen.get("digest") not in (None, base.digest)
            since = (seen.get("since") or seen.get("at")) if pending else None
            seen = {"digest": digest, "at": now.isoformat(), "since": since or now.isoformat()}
            await self.store.meta_set(self._seen_key, json.dumps(seen))
        if base.digest == digest and await self._outbox() is None:
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
        """Post the notice that is due now, if any (see the module docstring); None when nothing was.

        Only the sessions whose facts hash differs between the baseline and now are read (their baseline
        rows and their sessions, by slug) and compared, and only their rows are written when the baseline
        moves: what :func:`bot.course.changes.diff` of the two whole snapshots would give (the sessions it
        leaves out are the same in both)."""
        now = self.clock()
        outbox = await self._outbox()
        if outbox is not None:
            outcome = await self._deliver(outbox, now)
            if outcome.action == "failed":
                return outcome  # kept in the outbox: tried again at the next sync
        base = await self._baseline()
        if base is None:
            return None
        current = current if current is not None else self._current(now)
        hashes = await current.hashes()
        if base.digest == hashes.digest:
            return None
        seen_text = await self.store.meta_get(self._seen_key)
        due = self._due(json.loads(seen_text) if seen_text else {}, now)
        if now < due:
            return None  # still inside a burst of pushes
        differing = {slug for slug, _ in hashes.hashes.items() ^ base.hashes.items()}
        before = {slug: Facts.from_json(json.loads(text))
                  for slug, text in (await self.baseline.facts(sorted(differing))).items()}
        after = await current.facts([slug for slug in differing if slug in hashes.hashes])
        upsert = _rows(after)
        delete = sorted(slug for slug in differing if slug not in after and slug in base.hashes)
        changes = still_ahead(diff(before, after), now, self.config)
        if not changes:  # only sessions in the past, or nothing a notice talks about
            await self._move_baseline(base, upsert, delete)
            return None
        digest = base.moved(upsert, delete).digest
        key = "changes:" + hashlib.blake2b(f"{base.digest}>{digest}".encode(), digest_size=8).hexdigest()
        outbox = _Outbox(key, changes, due, digest, tuple(upsert), tuple(delete))
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
            # the baseline moves and the outbox empties in one transaction
            if outbox.after is not None:  # an outbox of before migration 010: the whole snapshot
                rows = _rows(_load(outbox.after))
                moved = _Base.of({}).moved(rows, ())
                await self.baseline.write(upsert=rows, replace=True, meta={
                    self._baseline_digest_key: moved.digest, self._outbox_key: "", self._legacy_key: ""})
                self._base = moved
            else:
                base = await self._baseline() or _Base.of({})
                await self._move_baseline(base, outbox.upsert, outbox.delete, {self._outbox_key: ""})
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
