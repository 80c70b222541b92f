"""The name index in SQLite (migration 009): queries resolved from rows, not from every session in memory.

``lookup_names`` holds each served session's normalised slug, lecture id, title and title words
(:func:`bot.store.index.name_rows`). A sync rewrites the rows of the files it wrote (:func:`refresh`);
:func:`resolve` answers a query as :meth:`NameIndex.resolve <bot.store.index.NameIndex.resolve>` would,
reading only the rows and sessions the query can reach: exact and prefix lookups are index range scans, and
a fuzzy query reads the title-word vocabulary and the identifiers, then builds a :class:`NameIndex` over the
few sessions they name (see its ``anchor_words`` and ``nearest_ids``).

For one-shot commands: a long-running bot keeps a :class:`NameIndex` of every session in memory instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from bot.store.db import Database
from bot.store.index import _WORD_CUTOFF, Entry, How, Match, NameIndex, name_rows, normalise, title_words

READY = "lookup_names"  # meta key: "1" when the rows cover every served session
_BATCH = 500
_ORDER = "ORDER BY date IS NULL, date, position"
_TOP = "\U0010ffff"  # after every character: q <= name < q + _TOP is "name starts with q"


async def refresh(conn: aiosqlite.Connection, files: Iterable[str]) -> None:
    """Rewrite the rows of ``files`` (inside the caller's transaction): none for a file no longer served."""
    unique = list(dict.fromkeys(files))
    for at in range(0, len(unique), _BATCH):
        batch = unique[at : at + _BATCH]
        marks = ",".join("?" * len(batch))
        await conn.execute(f"DELETE FROM lookup_names WHERE file IN ({marks})", batch)
        async with conn.execute(
            f"SELECT file, slug, lecture, title FROM posts WHERE served = 1 AND file IN ({marks})", batch
        ) as cursor:
            rows = await cursor.fetchall()
        await conn.executemany(
            "INSERT OR IGNORE INTO lookup_names(kind, name, file) VALUES (?, ?, ?)",
            [(kind, name, row[0]) for row in rows for kind, name in name_rows(row[1], row[2], row[3])],
        )


async def ensure_filled(db: Database) -> None:
    """Fill the rows of every served session once, for a cache synced before migration 009."""
    row = await db.fetchone("SELECT value FROM meta WHERE key = ?", (READY,))
    if row is not None and row[0] == "1":
        return
    files = [r[0] for r in await db.fetchall("SELECT file FROM posts WHERE served = 1")]
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM lookup_names")
        await refresh(conn, files)
        await conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = '1'", (READY,)
        )


def _entry(order: int, row: Any) -> Entry:
    return Entry(order, row[0], row[1], row[2], dt.date.fromisoformat(row[3]) if row[3] else None)


async def _sessions(db: Database, where: str, params: Sequence[Any], limit: int | None = None) -> list[Entry]:
    """Served sessions whose file is in the sub-select ``where`` (over lookup_names), in index order."""
    tail = "" if limit is None else f" LIMIT {int(limit)}"
    rows = await db.fetchall(
        f"SELECT slug, lecture, title, date FROM posts WHERE served = 1 AND file IN"
        f" (SELECT file FROM lookup_names WHERE {where}) {_ORDER}{tail}",
        params,
    )
    return [_entry(i, row) for i, row in enumerate(rows)]


async def _count(db: Database, where: str, params: Sequence[Any]) -> int:
    row = await db.fetchone(
        f"SELECT count(*) FROM posts WHERE served = 1 AND file IN (SELECT file FROM lookup_names WHERE {where})",
        params,
    )
    return int(row[0]) if row else 0


async def _found(db: Database, how: How, where: str, params: Sequence[Any], limit: int) -> Match | None:
    entries = await _sessions(db, where, params, limit)
    if not entries:
        return None
    total = len(entries) if len(entries) < limit else await _count(db, where, params)
    return Match(how, entries, total)


async def resolve(db: Database, query: str, *, limit: int = 25) -> Match:
    """What :meth:`NameIndex.resolve` over every served session answers, from ``lookup_names``."""
    q = normalise(query)
    if not q:
        return Match("none", [], 0)
    await ensure_filled(db)
    raw = " ".join(query.split())
    exact = await db.fetchone("SELECT slug, lecture, title, date FROM posts WHERE served = 1 AND slug = ?", (raw,))
    if exact is not None:
        return Match("slug", [_entry(0, exact)], 1)
    for how, kind in (("slug", "slug"), ("lecture", "lecture")):
        found = await _found(db, how, "kind = ? AND name = ?", (kind, q), limit)
        if found is not None:
            return found
    # a prefix; a whole title (which starts with itself) beats titles that merely start with it
    for where, params in (("kind = 'title' AND name = ?", (q,)), (_PREFIX, (q, q + _TOP))):
        found = await _found(db, "prefix", where, params, limit)
        if found is not None:
            return found
    return await _fuzzy(db, q, query, limit)


_PREFIX = "kind IN ('slug', 'lecture', 'title') AND name >= ? AND name < ?"


async def _fuzzy(db: Database, q: str, query: str, limit: int) -> Match:
    """The fuzzy step over the sessions a fuzzy query can reach: those with a title word similar to one of
    the query's (among the whole vocabulary's, as the full index picks them) and those with one of the
    identifiers nearest to the query."""
    from rapidfuzz import fuzz, process

    words = title_words(q)
    anchors: list[str] = []
    if words:
        vocabulary = [r[0] for r in await db.fetchall("SELECT DISTINCT name FROM lookup_names WHERE kind = 'word'")]
        for word in set(words):
            for similar, _, _ in process.extract(
                word, vocabulary, scorer=fuzz.ratio, processor=None, limit=5, score_cutoff=_WORD_CUTOFF
            ):
                anchors.append(similar)
    anchors = list(dict.fromkeys(anchors))
    nearest: list[str] = []
    if not anchors or not any(c.isspace() for c in q):  # as NameIndex._fuzzy: identifiers are single words
        ids = [r[0] for r in await db.fetchall(
            "SELECT DISTINCT name FROM lookup_names WHERE kind IN ('slug', 'lecture')"
        )]
        nearest = [name for name, _, _ in process.extract(q, ids, scorer=fuzz.QRatio, processor=None, limit=10)]
    clauses, params = [], []
    if anchors:
        clauses.append(f"(kind = 'word' AND name IN ({','.join('?' * len(anchors))}))")
        params += anchors
    if nearest:
        clauses.append(f"(kind IN ('slug', 'lecture') AND name IN ({','.join('?' * len(nearest))}))")
        params += nearest
    if not clauses:
        return Match("none", [], 0)
    entries = await _sessions(db, " OR ".join(clauses), params)
    part = NameIndex(entries, anchor_words=anchors, nearest_ids=nearest)
    return part.resolve(query, limit=limit)


__all__ = ["READY", "ensure_filled", "refresh", "resolve"]
