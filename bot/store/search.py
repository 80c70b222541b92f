"""Full-text search over reading titles, abstracts and session titles (SQLite FTS5)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.course.models import Reading
from bot.store import codec
from bot.store.db import Database

_TOKEN = re.compile(r"[^\W_]+")  # what the unicode61 tokenizer keeps: letters and digits


@dataclass(frozen=True, slots=True)
class SearchHit:
    slug: str
    session_title: str
    date: dt.date | None
    reading: Reading
    snippet: str  # plain text around the match (no markup)


def fts_query(text: str) -> str | None:
    """User text as a safe FTS5 query: every word quoted, all required, the last one also as a prefix
    (so a half-typed word matches). None when the text has no words. FTS5 syntax in the text
    (``"``, ``AND``, ``(``, ``*``, ``NEAR``, ``col:``) is never interpreted."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words[:32]]
    quoted[-1] += "*"
    return " ".join(quoted)


_SEARCH_SQL = (
    "SELECT p.slug, COALESCE(p.title, p.lecture, p.slug) AS session_title, p.date,"
    " r.section, r.required, r.title, r.urls, r.abstract, r.line,"
    " snippet(readings_fts, -1, '', '', '…', 16) AS snippet"
    " FROM readings_fts JOIN readings r ON r.id = readings_fts.rowid JOIN posts p ON p.file = r.file"
    " WHERE readings_fts MATCH ? AND p.served = 1"
    " ORDER BY rank, p.position, r.position LIMIT ?"
)


async def search_readings(db: Database, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Readings matching every word of ``text``, best first (bm25)."""
    query = fts_query(text)
    if query is None or limit <= 0:
        return []
    rows = await db.fetchall(_SEARCH_SQL, (query, limit))
    return [
        SearchHit(
            slug=row["slug"],
            session_title=row["session_title"],
            date=dt.date.fromisoformat(row["date"]) if row["date"] else None,
            reading=codec.reading_from_row(row),
            snippet=" ".join((row["snippet"] or "").split()),
        )
        for row in rows
    ]
