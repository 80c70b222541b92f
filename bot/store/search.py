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
    snippet: str  # plain text from the abstract around the match (its start if only the title matched)


def fts_query(text: str) -> str | None:
    """User text as a safe FTS5 query: every word quoted and required (whole words: prefix queries on
    common stems cost tens of milliseconds). None when the text has no words. FTS5 syntax in the text
    (``"``, ``AND``, ``(``, ``*``, ``NEAR``, ``col:``) is never interpreted."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words[:32])


# Relevance (bm25, titles weighted above abstracts) is computed over at most RANK_WINDOW matches, taken in
# index order: exact for any specific query, and bounded in cost for a word that is in every abstract.
RANK_WINDOW = 100
_WEIGHTS = "10.0, 1.0, 3.0"  # title, abstract, session title
_SEARCH_SQL = (
    "WITH ranked AS ("
    f"  SELECT rowid AS id, bm25(readings_fts, {_WEIGHTS}) AS score FROM readings_fts"
    f"  WHERE readings_fts MATCH :q LIMIT {RANK_WINDOW})"
    " SELECT r.id, p.slug, COALESCE(p.title, p.lecture, p.slug) AS session_title, p.date,"
    "  r.section, r.required, r.title, r.urls, r.abstract, r.line"
    " FROM ranked JOIN readings r ON r.id = ranked.id JOIN posts p ON p.file = r.file"
    " WHERE p.served = 1 ORDER BY ranked.score, p.position, r.position LIMIT :limit"
)
_SNIPPET_SQL = (
    "SELECT rowid, snippet(readings_fts, 1, '', '', '…', 16) FROM readings_fts"
    " WHERE readings_fts MATCH ? AND rowid IN ({marks})"
)


async def search_readings(db: Database, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Readings matching every word of ``text``, best first (bm25)."""
    query = fts_query(text)
    if query is None or limit <= 0:
        return []
    rows = await db.fetchall(_SEARCH_SQL, {"q": query, "limit": limit})
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    snippets = {
        row[0]: row[1]
        for row in await db.fetchall(_SNIPPET_SQL.format(marks=",".join("?" * len(ids))), [query, *ids])
    }
    return [
        SearchHit(
            slug=row["slug"],
            session_title=row["session_title"],
            date=dt.date.fromisoformat(row["date"]) if row["date"] else None,
            reading=codec.reading_from_row(row),
            snippet=" ".join((snippets.get(row["id"]) or "").split()),
        )
        for row in rows
    ]
