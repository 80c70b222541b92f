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


MAX_WORDS = 32


def query_words(text: str) -> list[str]:
    """The words of user text, each quoted as an FTS5 string (at most MAX_WORDS); joined by spaces they make a
    safe query where every word is required (whole words: prefix queries on common stems cost tens of
    milliseconds). FTS5 syntax in the text (``"``, ``AND``, ``(``, ``*``, ``NEAR``, ``col:``) is never
    interpreted."""
    return [f'"{w}"' for w in _TOKEN.findall(text)[:MAX_WORDS]]


# Relevance is computed over at most RANK_WINDOW matches, taken in index order: exact for any specific
# query, and bounded in cost for a word that is in every abstract. Two ways to rank the window:
# - bm25 (titles weighted above abstracts) when every word is in fewer than COMMON_WORD_ROWS rows. FTS5's
#   bm25 first counts the rows holding each word (its IDF): a pass over the word's whole posting list, which
#   costs milliseconds for a word found in most rows (whose IDF is about zero anyway);
# - otherwise by the words' occurrences in the reading title and the session title (FTS5 highlight(), so word
#   forms count as bm25 sees them), weighted as bm25 weighs those columns; its cost follows the window.
# Ties, in both cases, go to site order.
RANK_WINDOW = 100
COMMON_WORD_ROWS = 1000
_TITLE_WEIGHT, _ABSTRACT_WEIGHT, _SESSION_TITLE_WEIGHT = 10.0, 1.0, 3.0
_RESULT_SQL = (
    " SELECT r.id, p.slug, COALESCE(p.title, p.lecture, p.slug) AS session_title, p.date,"
    "  r.section, r.required, r.title, r.urls, r.abstract, r.line"
    " FROM ranked JOIN readings r ON r.id = ranked.id JOIN posts p ON p.file = r.file"
    " WHERE p.served = 1 ORDER BY ranked.score, p.position, r.position LIMIT :limit"
)
_BM25_SQL = (
    "WITH ranked AS MATERIALIZED ("
    f"  SELECT rowid AS id, bm25(readings_fts, {_TITLE_WEIGHT}, {_ABSTRACT_WEIGHT}, {_SESSION_TITLE_WEIGHT}) AS score"
    f"  FROM readings_fts WHERE readings_fts MATCH :q LIMIT {RANK_WINDOW})" + _RESULT_SQL
)
_MARK = "char(1)"  # highlight() puts this before each matched word (a control character titles lack)
_HITS = "(length({col}) - length(replace({col}, " + _MARK + ", '')))"
_OCCURRENCES_SQL = (
    "WITH marked AS MATERIALIZED ("
    f"  SELECT rowid AS id, highlight(readings_fts, 0, {_MARK}, '') AS t, highlight(readings_fts, 2, {_MARK}, '') AS s"
    f"  FROM readings_fts WHERE readings_fts MATCH :q LIMIT {RANK_WINDOW}),"
    f" ranked AS (SELECT id, -({_TITLE_WEIGHT} * {_HITS.format(col='t')}"
    f"  + {_SESSION_TITLE_WEIGHT} * {_HITS.format(col='s')}) AS score FROM marked)" + _RESULT_SQL
)
# Snippets of the hits only, in one pass over the matches between the hits' lowest and highest rowid (all
# in the window, since it is the first matches in rowid order). "+rowid" keeps the IN list a filter: as a
# constraint, FTS5 would set up the MATCH again for each rowid in it.
_SNIPPET_SQL = (
    "SELECT rowid, snippet(readings_fts, 1, '', '', '…', 16) FROM readings_fts"
    " WHERE readings_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({marks})"
)


def _common_probe_sql(count: int) -> str:
    """1 when one of ``count`` quoted words (parameters ?1..?count) is in COMMON_WORD_ROWS rows or more, else 0.
    Each probe reads at most COMMON_WORD_ROWS entries of one posting list; CASE stops at the first common word."""
    probes = " ".join(
        f"WHEN (SELECT count(*) FROM (SELECT 1 FROM readings_fts WHERE readings_fts MATCH ?{i + 1}"
        f" LIMIT {COMMON_WORD_ROWS})) >= {COMMON_WORD_ROWS} THEN 1"
        for i in range(count)
    )
    return f"SELECT CASE {probes} ELSE 0 END"


async def search_readings(db: Database, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Readings matching every word of ``text``, best first (see RANK_WINDOW for how they are ranked)."""
    words = query_words(text)
    if not words or limit <= 0:
        return []
    query = " ".join(words)
    [(common,)] = await db.fetchall(_common_probe_sql(len(words)), words)
    rows = await db.fetchall(_OCCURRENCES_SQL if common else _BM25_SQL, {"q": query, "limit": limit})
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    snippet_sql = _SNIPPET_SQL.format(marks=",".join("?" * len(ids)))
    snippets = {row[0]: row[1] for row in await db.fetchall(snippet_sql, [query, min(ids), max(ids), *ids])}
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
