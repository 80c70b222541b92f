"""The parsed files of one sync, held in temporary tables until its write transaction copies them.

A first sync of a big site parses thousands of files before its one write transaction; holding every parsed
session (readings included) until then cost ~15 kB per post. Instead the scan hands its results over a batch
at a time (:func:`bot.store.scan.scan`'s ``sink``): their ``posts`` and ``readings`` rows are encoded in the
scan's thread and written to two temporary tables of this connection (SQLite keeps them in a temporary file,
outside the cache, with its own small page cache), and the sync keeps only a skeleton of each session (what
ordering, dating and telling what changed need); the parse problems are staged too (a third table). The write
transaction then copies the rows with one ``INSERT ... SELECT`` each, in site order, so the cache ends up
exactly as if the rows had been kept in memory; the transaction stays one and short, and a failing sync leaves
the cache as it was (the temporary tables are dropped either way).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import aiosqlite

from bot.course.models import Traits
from bot.store import codec
from bot.store.db import Database
from bot.store.scan import Scanned

# the stored columns that tell whether a parsed file's session changed (compared with the cache's)
DOC_KEYS = ("slug", "title", "lecture", "collection", "meeting", "sort_key", "front_date", "session")
_POST_KEYS = ("file", "content_hash", "stat", "slug", "title", "lecture", "collection", "meeting", "sort_key",
              "front_date", "session", "traits")
_READING_KEYS = ("file", "position", "section", "required", "title", "urls", "abstract", "line", "session_title")
_PROBLEM_KEYS = ("file", "line", "severity", "message")
_names = itertools.count(1)
_POSITION_BITS = 32  # a staged reading's key: the file's place in the site << 32, plus its position in the post

Rows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _problem_kind(s: Scanned) -> int | None:
    """Where the sync's write puts the parse problems of ``s``: those of parsed files (0) before those of failed
    ones (1), each in site order; None: not written (a parse that gave no session and no failure)."""
    if s.state == "parsed" and s.session is not None:
        return 0
    return 1 if s.state == "failed" else None


def _problem_rows(kind: int, seq: int, s: Scanned) -> list[tuple[Any, ...]]:
    return [(kind, seq, n, p.file or s.file, p.line, p.severity, p.message) for n, p in enumerate(s.problems)]


class Staging:
    """Temporary ``posts`` and ``readings`` rows of one sync (use as ``async with``). ``order`` maps a file
    to its place in the site (the order the rows are copied in); ``readings`` counts the staged readings."""

    def __init__(self, db: Database, order: Mapping[str, int]) -> None:
        self._db = db
        self._order = order
        number = next(_names)
        self._posts = f"temp.sync_posts_{number}"
        self._readings = f"temp.sync_readings_{number}"
        self._problems = f"temp.sync_problems_{number}"
        self.readings = 0
        self._made = False
        self._shared: dict[Any, Any] = {}  # see _shared_traits

    async def __aenter__(self) -> Staging:
        return self  # the tables are made by the first write: a sync that parses nothing never makes them

    async def __aexit__(self, *exc: object) -> None:
        if self._made:
            async with self._db.transaction(immediate=False) as conn:
                await conn.execute(f"DROP TABLE IF EXISTS {self._posts}")
                await conn.execute(f"DROP TABLE IF EXISTS {self._readings}")
                await conn.execute(f"DROP TABLE IF EXISTS {self._problems}")

    # -- staging ------------------------------------------------------------------------------------------

    def encode(self, batch: Sequence[Scanned]) -> tuple[Rows, list[Scanned]]:
        """The rows of the parsed files of ``batch``, and the batch with each session cut to its skeleton
        (no roles, tags or readings). Pure CPU: runs in the scan's thread."""
        posts: list[tuple[Any, ...]] = []
        readings: list[tuple[Any, ...]] = []
        problems: list[tuple[Any, ...]] = []
        slim: list[Scanned] = []
        for s in batch:
            kind = _problem_kind(s)
            if kind is not None and s.problems and not s.vanished:  # a vanished file is dropped, unwritten
                problems.extend(_problem_rows(kind, self._order[s.file], s))
                s = replace(s, problems=[])
            if s.state != "parsed" or s.session is None:
                slim.append(s)
                continue
            seq = self._order[s.file]
            cols = codec.post_columns(s.session)
            posts.append((seq, s.file, s.content_hash, s.stat, cols["slug"], cols["title"], cols["lecture"],
                          cols["collection"], cols["meeting"], cols["sort_key"], cols["front_date"], cols["session"],
                          cols["traits"]))
            key = seq << _POSITION_BITS  # the readings' rowid: site order, then order in the post
            readings.extend((key + row[1], *row) for row in codec.reading_rows(s.file, s.session))
            slim.append(replace(s, session=replace(s.session, file=s.file, roles={}, tags=(), readings=(),
                                                   traits=self._shared_traits(s.session.traits))))
        return (posts, readings, problems), slim

    def _shared_traits(self, traits: Traits) -> Traits:
        """``traits`` as one object per distinct value (and its front matter keys as one tuple per layout):
        the skeletons live until the write, and a site's posts mostly share their layout's keys (~14 short
        strings per post, 850 bytes of its skeleton, were kept once per file)."""
        keys = self._shared.setdefault(traits.keys, traits.keys)
        if keys is not traits.keys:
            traits = replace(traits, keys=keys)
        return self._shared.setdefault(traits, traits)

    async def _make(self, conn: aiosqlite.Connection) -> None:
        if not self._made:
            self._made = True
            await conn.execute(f"CREATE TABLE {self._posts} (seq INTEGER PRIMARY KEY, {', '.join(_POST_KEYS)})")
            await conn.execute(  # a rowid table appended in key order: cheaper than (seq, position) WITHOUT ROWID
                f"CREATE TABLE {self._readings} (key INTEGER PRIMARY KEY, {', '.join(_READING_KEYS)})"
            )
            await conn.execute(
                f"CREATE TABLE {self._problems} (kind INTEGER NOT NULL, seq INTEGER NOT NULL, n INTEGER NOT NULL,"
                f" {', '.join(_PROBLEM_KEYS)}, PRIMARY KEY (kind, seq, n)) WITHOUT ROWID"
            )

    async def write(self, rows: Rows) -> None:
        posts, readings, problems = rows
        if not posts and not problems:
            return
        async with self._db.transaction(immediate=False) as conn:
            await self._make(conn)
            await conn.executemany(f"INSERT INTO {self._posts} VALUES ({', '.join('?' * (len(_POST_KEYS) + 1))})", posts)
            await conn.executemany(
                f"INSERT INTO {self._readings} VALUES ({', '.join('?' * (len(_READING_KEYS) + 1))})", readings
            )
            await self._insert_problems(conn, problems)
        self.readings += len(readings)

    async def _insert_problems(self, conn: aiosqlite.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        await conn.executemany(f"INSERT INTO {self._problems} VALUES ({', '.join('?' * (len(_PROBLEM_KEYS) + 3))})", rows)

    async def put(self, batch: Sequence[Scanned]) -> list[Scanned]:
        """Stage ``batch`` from the event loop (encoding it here); returns it with skeleton sessions."""
        rows, slim = self.encode(batch)
        await self.write(rows)
        return slim

    def sink(self, loop: asyncio.AbstractEventLoop) -> Callable[[list[Scanned]], list[Scanned]]:
        """A scan's sink (called in the scan's thread): encodes there, writes through ``loop`` and waits for
        the write, so at most one batch of parsed sessions is alive at a time."""

        def stage(batch: list[Scanned]) -> list[Scanned]:
            rows, slim = self.encode(batch)
            asyncio.run_coroutine_threadsafe(self.write(rows), loop).result()
            return slim

        return stage

    # -- the write transaction ----------------------------------------------------------------------------

    async def differing(self, conn: aiosqlite.Connection) -> set[str]:
        """Inside the sync's write transaction, before :meth:`copy`: the staged files whose :data:`DOC_KEYS`
        differ from their ``posts`` row (or that have none): those whose parsed session changed."""
        if not self._made:
            return set()
        unequal = " OR ".join(f"p.{k} IS NOT t.{k}" for k in DOC_KEYS)
        async with conn.execute(
            f"SELECT t.file FROM {self._posts} AS t LEFT JOIN main.posts AS p ON p.file = t.file"
            f" WHERE p.file IS NULL OR {unequal}"
        ) as cursor:
            return {row[0] for row in await cursor.fetchall()}

    async def copy(self, conn: aiosqlite.Connection, *, parsed_at: str, commit: str | None) -> None:
        """Inside the sync's write transaction: upsert the staged ``posts`` rows (not served until placed) and
        insert the staged readings, both in site order."""
        if not self._made:
            return
        await conn.execute(
            "INSERT INTO posts(file, content_hash, stat, good_hash, parsed_at, error, slug, served, title, lecture,"
            " collection, meeting, sort_key, front_date, session, source_commit, traits)"
            " SELECT file, content_hash, stat, content_hash, ?, NULL, slug, 0, title, lecture, collection, meeting,"
            f" sort_key, front_date, session, ?, traits FROM {self._posts} WHERE true ORDER BY seq"
            " ON CONFLICT(file) DO UPDATE SET content_hash = excluded.content_hash, stat = excluded.stat,"
            " good_hash = excluded.good_hash,"
            " parsed_at = excluded.parsed_at, error = NULL, slug = excluded.slug, served = 0, title = excluded.title,"
            " lecture = excluded.lecture, collection = excluded.collection, meeting = excluded.meeting,"
            " sort_key = excluded.sort_key, front_date = excluded.front_date, session = excluded.session,"
            " source_commit = excluded.source_commit, traits = excluded.traits",
            (parsed_at, commit),
        )
        columns = ", ".join(_READING_KEYS)
        await conn.execute(
            f"INSERT INTO readings({columns}) SELECT {columns} FROM {self._readings} ORDER BY key"
        )

    async def copy_problems(self, conn: aiosqlite.Connection, scanned: Sequence[Scanned]) -> None:
        """Inside the sync's write transaction: insert the parse problems of the parsed files, then of the
        failed ones, each in site order: the staged ones, and those ``scanned`` still holds (a file that
        never went through :meth:`encode`, e.g. one the scan could not read)."""
        rest = [row for s in scanned if (kind := _problem_kind(s)) is not None and s.problems
                for row in _problem_rows(kind, self._order[s.file], s)]
        if rest:
            await self._make(conn)
            await self._insert_problems(conn, rest)
        if self._made:
            await conn.execute(
                f"INSERT INTO problems(scope, {', '.join(_PROBLEM_KEYS)}) SELECT 'parse', {', '.join(_PROBLEM_KEYS)}"
                f" FROM {self._problems} ORDER BY kind, seq, n"
            )
