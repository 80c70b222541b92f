"""The Store: the one facade over the cache that services use (sessions, lookups, search, problems, meta)."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import datetime as dt
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import CourseConfig
from bot.course.models import Problem, Reading, Session
from bot.course.text import clip_middle
from bot.store import codec, names
from bot.store.baseline import NoticeBaseline
from bot.store.db import Database
from bot.store.index import Entry, How, NameIndex
from bot.store.look import Look, look_at_site
from bot.store.search import SearchHit, search_readings
from bot.store.sync import SESSIONS_VERSION, SyncError, SyncReport, load_problems, sync_site

log = logging.getLogger(__name__)

__all__ = ["Resolution", "SearchHit", "Store", "Suggestion", "SyncError", "SyncReport"]

LABEL_MAX = 100  # Discord's limit for an autocomplete choice's name


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a query matched. ``sessions`` are ordered by date and capped at the resolve ``limit``; ``total``
    counts every candidate. For ``how == "none"``, ``suggestions`` holds the nearest sessions."""

    how: How
    sessions: list[Session]
    suggestions: list[Session] = field(default_factory=list)
    total: int = 0

    @property
    def ambiguous(self) -> bool:
        return self.total > 1


@dataclass(frozen=True, slots=True)
class Suggestion:
    value: str  # the session slug: resolves exactly
    label: str  # at most 100 characters


_ORDER = "ORDER BY date IS NULL, date, position"
_DATED_ORDER = "ORDER BY date, position"  # for dated rows only: walks the posts_date index
_SLUG_BATCH = 500  # slugs (or files) per IN (...) list
_CHANGES_KEPT = 64  # recent syncs whose changed slugs a store keeps (Store.changed_between)
_ALL_FILES = 2000  # decoding more sessions than this reads the readings table in one pass


class Store:
    """Open with :meth:`open`; everything is async and runs on one aiosqlite connection.

    ``names_in_sql``: resolve queries from the names kept in SQLite (:mod:`bot.store.names`), reading only
    what each query reaches, for a one-shot command; otherwise (a long-running bot) from an in-memory
    :class:`NameIndex` of every session, built once per change of the cache, in a thread: while it is being
    built (1.2-1.4 s at 50,000 sessions), queries are resolved from SQLite. Both answer alike."""

    def __init__(self, db: Database, *, names_in_sql: bool = False) -> None:
        self._db = db
        self._names_in_sql = names_in_sql
        self._index: NameIndex | None = None
        self._index_version: tuple[int, int] | None = None  # (data_version, own syncs) it was built at
        self._own_syncs = 0  # data_version counts other connections' commits only
        self._building: asyncio.Future[None] | None = None
        self._building_version: tuple[int, int] | None = None
        self._sync_lock = asyncio.Lock()
        self._known_problems: tuple[str, list[Problem]] | None = None
        # (version read, version left, slugs changed, files whose problems may have changed or None) of this
        # store's recent syncs: see changed_between and problem_files_between
        self._changes: collections.deque[tuple[str, str, frozenset[str], frozenset[str] | None]] = collections.deque(
            maxlen=_CHANGES_KEPT)

    @classmethod
    async def open(cls, path: str | Path = ":memory:", *, names_in_sql: bool = False) -> Store:
        """Open (creating and migrating if needed) the cache at ``path``."""
        return cls(await Database.open(path), names_in_sql=names_in_sql)

    async def close(self) -> None:
        if self._building is not None and not self._building.done():
            with contextlib.suppress(Exception):
                await self._building  # its thread cannot be stopped; let it finish before the database closes
        await self._db.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def db(self) -> Database:
        return self._db

    # -- sync -----------------------------------------------------------------------------------------

    async def sync(
        self, config: CourseConfig, *, verify: bool = False, commit: str | None = None, allow_removals: bool = False,
        changed: Collection[str] | None = None,
    ) -> SyncReport:
        """Incremental sync of the site (see :mod:`bot.store.sync`); one sync at a time per store.
        ``verify`` reads and hashes every file, even those whose size and mtime are unchanged; ``commit``
        is the repository commit the site is checked out at (recorded with the sessions parsed now);
        ``changed`` the files that may have changed since the last sync (None: any)."""
        async with self._sync_lock:
            report = await sync_site(self._db, config, verify=verify, commit=commit, allow_removals=allow_removals,
                                     known_problems=self._known_problems, changed=changed)
            if (report.changed or report.parsed or report.removed) and not await self._index_holds(report):
                self._own_syncs += 1  # the index is rebuilt on the next lookup
            # an unchanged resync at this version reports these without reading them again (60,000 rows at
            # 50,000 posts: a third of the resync)
            self._known_problems = (report.version, list(report.problems))  # the version its own write left
            if report.since is not None and report.since != report.version:
                self._changes.append((report.since, report.version, frozenset(report.changed), report.problem_files))
            return report

    async def _index_holds(self, report: SyncReport) -> bool:
        """Whether the in-memory name index, current before ``report``'s sync, still answers as a new one
        would: that sync kept every session's place (no full placement, no file removed) and every slug it
        changed is still served with the slug, lecture, title and date the index holds (a reading added, a
        team reassigned). Then it is kept, not rebuilt (1.2-1.4 s at 50,000 sessions)."""
        if self._index is None or self._index_version != (await self._db.data_version(), self._own_syncs):
            return False
        if report.removed or report.problem_files is None:
            return False
        index, changed = self._index, list(report.changed)
        found = 0
        for at in range(0, len(changed), _SLUG_BATCH):
            batch = changed[at : at + _SLUG_BATCH]
            marks = ",".join("?" * len(batch))
            for slug, lecture, title, date in await self._db.fetchall(
                f"SELECT slug, lecture, title, date FROM posts WHERE served = 1 AND slug IN ({marks})", batch
            ):
                entry = index.get(slug)
                if entry is None or (entry.lecture, entry.title, entry.date) != (
                    lecture, title, dt.date.fromisoformat(date) if date else None
                ):
                    return False
                found += 1
        return found == len(changed)

    def changed_between(self, since: str, now: str) -> frozenset[str] | None:
        """The slugs whose session differs between sessions versions ``since`` and ``now`` (content, date,
        page URL, served or not: :attr:`SyncReport.changed`), when this store's own recent syncs made every
        write between them; None when not known (another process or :func:`write_sessions` wrote, or it is
        too long ago): then the caller looks at every session."""
        if since == now:
            return frozenset()
        found: set[str] = set()
        at = since
        for before, after, slugs, _ in self._changes:
            if before == at:
                found |= slugs
                at = after
        return frozenset(found) if at == now else None

    def problem_files_between(self, since: str, now: str) -> frozenset[str] | None:
        """The files whose problems may differ between sessions versions ``since`` and ``now`` (those this
        store's own syncs between them parsed), when known; None: any may (a sync that placed every session
        rewrote the site problems, removed a file, another process wrote), so look at every problem."""
        if since == now:
            return frozenset()
        found: set[str] = set()
        at = since
        for before, after, _, files in self._changes:
            if before == at:
                if files is None:
                    return None
                found |= files
                at = after
        return frozenset(found) if at == now else None

    def problems_at(self, version: str) -> list[Problem] | None:
        """The problems the cache holds at sessions version ``version``, when this store's last sync left it
        (as its report gave them); None: read them (:meth:`problems`)."""
        if self._known_problems is not None and self._known_problems[0] == version:
            return list(self._known_problems[1])
        return None

    async def look(self, config: CourseConfig) -> Look:
        """The safety net's look (:mod:`bot.store.look`): the files of the site whose stat is not the one
        the cache trusts (None: every file), found off the event loop; writes nothing, may run beside a sync."""
        return await look_at_site(self._db, config)

    # -- sessions -------------------------------------------------------------------------------------

    async def all_sessions(self) -> list[Session]:
        """Every served session: by date, undated last, then in site order."""
        rows = await self._db.fetchall(f"SELECT {codec.SESSION_COLUMNS} FROM posts WHERE served = 1 {_ORDER}")
        return await self._decode(rows)

    async def iter_sessions(self, *, since: dt.date | None = None, batch: int = _SLUG_BATCH) -> AsyncIterator[list[Session]]:
        """Every served session in the order of :meth:`all_sessions` (with ``since``: only those dated on or
        after it, and the undated), ``batch`` at a time: the site is never held in memory at once."""
        where = "served = 1" if since is None else "served = 1 AND (date IS NULL OR date >= ?)"
        params: tuple[Any, ...] = () if since is None else (since.isoformat(),)
        files = [row[0] for row in await self._db.fetchall(f"SELECT file FROM posts WHERE {where} {_ORDER}", params)]
        async for part in self._decode_files(files, batch):
            yield part

    async def iter_sessions_between(
        self, start: dt.date, end: dt.date, *, batch: int = _SLUG_BATCH
    ) -> AsyncIterator[list[Session]]:
        """:meth:`sessions_between`, ``batch`` sessions at a time (a long window of a big site is never
        decoded at once)."""
        files = [row[0] for row in await self._db.fetchall(
            f"SELECT file FROM posts WHERE served = 1 AND date BETWEEN ? AND ? {_DATED_ORDER}",
            (start.isoformat(), end.isoformat()),
        )]
        async for part in self._decode_files(files, batch):
            yield part

    async def _decode_files(self, files: list[str], batch: int) -> AsyncIterator[list[Session]]:
        """The served sessions of ``files``, in that order, decoded ``batch`` at a time (a file gone since the
        list was read is left out)."""
        for at in range(0, len(files), batch):
            part = files[at : at + batch]
            marks = ",".join("?" * len(part))
            rows = await self._db.fetchall(
                f"SELECT {codec.SESSION_COLUMNS} FROM posts WHERE served = 1 AND file IN ({marks})", part
            )
            by_file = {row[0]: row for row in rows}
            yield await self._decode([by_file[f] for f in part if f in by_file])

    async def sessions_version(self) -> str:
        """A token that changes whenever a sync (from any process) writes sessions; equal tokens: the same
        served sessions, with the same dates."""
        return await self.meta_get(SESSIONS_VERSION) or ""

    async def first_session(self) -> Session | None:
        """The first served session in date order (undated last)."""
        row = await self._db.fetchone(f"SELECT {codec.SESSION_COLUMNS} FROM posts WHERE served = 1 {_ORDER} LIMIT 1")
        if row is None:
            return None
        (found,) = await self._decode([row])
        return found

    async def _decode(self, rows: Sequence[Any]) -> list[Session]:
        """Sessions from ``posts`` rows (:data:`codec.SESSION_COLUMNS`) with their readings, read from the
        ``readings`` table by file in one query per batch of files."""
        if not rows:
            return []
        files = [row[0] for row in rows]
        readings: dict[str, list[Reading]] = {}
        if len(rows) > _ALL_FILES:  # most of the site: one pass over the table beats an IN list
            found = await self._db.fetchall(
                f"SELECT {codec.READING_COLUMNS} FROM readings ORDER BY file, position"
            )
            wanted = set(files)
            for row in found:
                if row[0] in wanted:
                    readings.setdefault(row[0], []).append(codec.reading_from_tuple(row))
        else:
            for at in range(0, len(files), _SLUG_BATCH):
                batch = files[at : at + _SLUG_BATCH]
                marks = ",".join("?" * len(batch))
                for row in await self._db.fetchall(
                    f"SELECT {codec.READING_COLUMNS} FROM readings WHERE file IN ({marks}) ORDER BY file, position",
                    batch,
                ):
                    readings.setdefault(row[0], []).append(codec.reading_from_tuple(row))
        return [codec.session_from_row(row, readings.get(row[0], ())) for row in rows]

    async def get_session(self, slug: str) -> Session | None:
        row = await self._db.fetchone(
            f"SELECT {codec.SESSION_COLUMNS} FROM posts WHERE served = 1 AND slug = ?", (slug,)
        )
        if row is None:
            return None
        (found,) = await self._decode([row])
        return found

    async def sessions_between(self, start: dt.date, end: dt.date) -> list[Session]:
        """Sessions dated from ``start`` to ``end``, both included, in date order."""
        rows = await self._db.fetchall(
            f"SELECT {codec.SESSION_COLUMNS} FROM posts WHERE served = 1 AND date BETWEEN ? AND ? {_DATED_ORDER}",
            (start.isoformat(), end.isoformat()),
        )
        return await self._decode(rows)

    async def upcoming(self, start: dt.date, *, limit: int = 25) -> list[Session]:
        """Dated sessions on or after ``start``, soonest first, at most ``limit`` (cheap at any size,
        unlike filtering :meth:`all_sessions`)."""
        rows = await self._db.fetchall(
            f"SELECT {codec.SESSION_COLUMNS} FROM posts WHERE served = 1 AND date >= ? {_DATED_ORDER} LIMIT ?",
            (start.isoformat(), limit),
        )
        return await self._decode(rows)

    async def upcoming_meetings(self, start: dt.date, *, limit: int = 25) -> list[tuple[str, dt.date, bool]]:
        """(slug, date, class meeting or not) of the dated sessions on or after ``start`` in the order of
        :meth:`upcoming`, at most ``limit``: what planning reminders needs, read from three columns."""
        rows = await self._db.fetchall(
            f"SELECT slug, date, meeting FROM posts WHERE served = 1 AND date >= ? {_DATED_ORDER} LIMIT ?",
            (start.isoformat(), limit),
        )
        return [(row[0], dt.date.fromisoformat(row[1]), bool(row[2])) for row in rows]

    async def sessions_by_slug(self, slugs: Sequence[str], *, since: dt.date | None = None) -> list[Session]:
        """Sessions for ``slugs``, in the given order (slugs no longer served are skipped); with ``since``,
        only those dated on or after it (undated ones are left out). Read in batches by the slug index."""
        found: dict[str, Session] = {}
        unique = list(dict.fromkeys(slugs))
        for at in range(0, len(unique), _SLUG_BATCH):
            batch = unique[at : at + _SLUG_BATCH]
            marks = ",".join("?" * len(batch))
            where = f"served = 1 AND slug IN ({marks})"
            params: list[object] = list(batch)
            if since is not None:
                where += " AND date >= ?"
                params.append(since.isoformat())
            rows = await self._db.fetchall(f"SELECT {codec.SESSION_COLUMNS} FROM posts WHERE {where}", params)
            for session in await self._decode(rows):
                found[session.slug] = session
        return [found[s] for s in unique if s in found]

    async def slugs_starting(self, prefix: str, *, limit: int = 50) -> list[str]:
        """The served slugs that begin with ``prefix`` (exactly, case and all), at most ``limit``, by the slug
        index (a range: SQLite compares text as UTF-8 bytes)."""
        rows = await self._db.fetchall(
            "SELECT slug FROM posts WHERE served = 1 AND slug >= ? AND substr(slug, 1, ?) = ? ORDER BY slug LIMIT ?",
            (prefix, len(prefix), prefix, limit),
        )
        return [row[0] for row in rows]

    async def session_count(self) -> int:
        """How many sessions are served (counted in SQL)."""
        row = await self._db.fetchone("SELECT count(*) FROM posts WHERE served = 1")
        return int(row[0]) if row else 0

    async def role_keys(self) -> list[str]:
        """The role keys the served sessions use (``notes``, ``presented_by``), most used first (counted in SQL)."""
        rows = await self._db.fetchall(
            "SELECT r.key, count(*) AS n FROM posts, json_each(posts.session, '$.roles') AS r"
            " WHERE posts.served = 1 GROUP BY r.key ORDER BY n DESC, r.key"
        )
        return [str(row[0]) for row in rows]

    # -- lookups --------------------------------------------------------------------------------------

    async def _name_index(self) -> NameIndex:
        """The in-memory name index, waiting for it to be built if this store's syncs or another connection
        (e.g. a CLI sync) changed the cache since it was."""
        while True:
            index, version = await self._current_index()
            if index is not None:
                return index
            await asyncio.shield(self._build(version))

    async def _current_index(self) -> tuple[NameIndex | None, tuple[int, int]]:
        """The in-memory name index if it is current (else None), and the version of the cache now."""
        version = (await self._db.data_version(), self._own_syncs)
        if self._index is not None and version == self._index_version:
            return self._index, version
        return None, version

    def _build(self, version: tuple[int, int]) -> asyncio.Future[None]:
        """The build of the in-memory index at ``version`` (in a thread), started unless it runs already or
        the index is built at that version (a query answered from SQLite while the build ran must not start
        another). An index built at an older version is dropped now: it answers nothing any more, and
        holding it while its successor is built held both (~12 MiB each at 10,000 sessions)."""
        if self._index is not None and self._index_version == version:
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        if self._index is not None:
            self._index, self._index_version = None, None
        if self._building is None or self._building.done() or self._building_version != version:
            self._building_version = version
            self._building = asyncio.ensure_future(self._build_index(version))
            self._building.add_done_callback(_log_failure)
        return self._building

    async def _build_index(self, version: tuple[int, int]) -> None:
        rows = await self._db.fetchall(f"SELECT slug, lecture, title, date FROM posts WHERE served = 1 {_ORDER}")
        index = await asyncio.to_thread(_name_index_of, rows)
        if self._building_version == version:  # not overtaken by a newer build
            self._index, self._index_version = index, version

    async def resolve(self, query: str, *, limit: int = 25) -> Resolution:
        """Exact slug, then exact lecture id (maybe several), then case-insensitive prefix of slug, lecture
        or title, then fuzzy. Several candidates are all returned (up to ``limit``), ordered by date.

        An exact slug is answered from SQL alone: the name index is only built (once per change of the cache)
        for the other kinds of query; with ``names_in_sql``, never (see :class:`Store`)."""
        raw = " ".join(query.split())
        if raw:  # the index answers an exact slug the same way: that session alone
            exact = await self.get_session(raw)
            if exact is not None:
                return Resolution("slug", [exact], [], 1)
        index, version = (None, None) if self._names_in_sql else await self._current_index()
        if index is None:  # a one-shot command, or the index is out of date: answer from SQLite
            match = await names.resolve(self._db, query, limit=limit)
        else:
            match = index.resolve(query, limit=limit)
        found = await self.sessions_by_slug([e.slug for e in (*match.entries, *match.suggestions)])
        by_slug = {s.slug: s for s in found}
        sessions = [by_slug[e.slug] for e in match.entries if e.slug in by_slug]
        suggestions = [by_slug[e.slug] for e in match.suggestions if e.slug in by_slug]
        if index is None and version is not None:
            self._build(version)  # once answered: the build holds the connection and the GIL a while
        return Resolution(match.how, sessions, suggestions, match.total)

    async def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Readings whose title or abstract (or session title) contain every word of ``text``."""
        return await search_readings(self._db, text, limit=limit)

    async def suggest(self, text: str, *, today: dt.date | None, limit: int = 25) -> list[Suggestion]:
        """Autocomplete: sessions whose slug, lecture or title contain ``text``, upcoming first."""
        index = await self._name_index()
        return [_suggestion(e) for e in index.suggest(text, today=today, limit=min(limit, 25))]

    # -- problems and meta ----------------------------------------------------------------------------

    async def source_commits(self) -> dict[str, str | None]:
        """The repository commit each served session was parsed from (slug -> sha; None: a local folder)."""
        rows = await self._db.fetchall("SELECT slug, source_commit FROM posts WHERE served = 1")
        return {row[0]: row[1] for row in rows}

    async def problems(self) -> list[Problem]:
        """Problems recorded by syncs (parse errors and warnings, site problems), by file and line."""
        return await load_problems(self._db)

    def notice_baseline(self, scope: str) -> NoticeBaseline:
        """The change notices' baseline rows of channel ``scope`` (migration 010)."""
        return NoticeBaseline(self._db, scope)

    async def meta_get(self, key: str) -> str | None:
        row = await self._db.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    async def meta_set(self, key: str, value: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    async def meta_set_many(self, values: dict[str, str]) -> None:
        """Set several ``meta`` keys in one transaction (all or none)."""
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )


def _name_index_of(rows: Sequence[Any]) -> NameIndex:
    """The in-memory index of ``rows`` (slug, lecture, title, date; in index order)."""
    return NameIndex(
        Entry(i, row[0], row[1], row[2], dt.date.fromisoformat(row[3]) if row[3] else None)
        for i, row in enumerate(rows)
    )


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("building the name index failed (lookups answer from SQLite): %s", task.exception())


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_date(day: dt.date) -> str:
    """``Tue 27 Feb 2024`` in English, whatever the process locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


_SLUG_SHOWN = 48  # most characters of a slug in a suggestion's label: its start and its end, which tell
# apart long slugs that share their first characters (and leave room for the title)


def _suggestion(entry: Entry) -> Suggestion:
    """The whole slug as the value (a platform that takes fewer characters shortens it so it still names
    the session: bot.services.refs), and a label of at most :data:`LABEL_MAX` characters."""
    parts = [clip_middle(entry.slug, _SLUG_SHOWN)]
    if entry.lecture and entry.lecture != entry.slug:
        parts.append(clip_middle(entry.lecture, _SLUG_SHOWN))
    when = _short_date(entry.date) if entry.date else ""
    head = " · ".join(parts)
    tail = f" · {when}" if when else ""
    room = LABEL_MAX - len(head) - len(tail) - 3
    label = head + (f" · {_clip(entry.title, room)}" if entry.title and room > 8 else "") + tail
    return Suggestion(value=entry.slug, label=_clip(label, LABEL_MAX))
