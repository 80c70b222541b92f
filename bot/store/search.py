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
# Ties, in both cases, go to site order. See _search_sql.
RANK_WINDOW = 100
COMMON_WORD_ROWS = 1000
_TITLE_WEIGHT, _ABSTRACT_WEIGHT, _SESSION_TITLE_WEIGHT = 10.0, 1.0, 3.0
_MARK = "char(1)"  # highlight() puts this before each matched word (a control character titles lack)


def _hits(column: str) -> str:
    """SQL: how many words highlight() marked in ``column``."""
    return f"(length({column}) - length(replace({column}, {_MARK}, '')))"


def _search_sql(count: int) -> str:
    """The whole search as one statement (one trip to the database thread): ``count`` quoted words are
    parameters ?1..?count, then the query (all of them) and the limit.

    - ``common``: 1 when a word is in COMMON_WORD_ROWS rows or more (each probe reads at most that many
      entries of one posting list; CASE stops at the first common word);
    - ``window``: the first RANK_WINDOW matches, with bm25 or, for common words, the highlighted titles (CASE
      evaluates only the one needed: bm25's IDF pass never runs for common words);
    - ``hits``: the best ``limit`` served readings of the window, ties in site order;
    - ``snippets``: of the hits only, in one pass over the matches between their lowest and highest rowid (all
      in the window, the first matches in rowid order); "+rowid" keeps the IN list a filter, where as a
      constraint FTS5 would set up the MATCH again for each rowid."""
    query, limit = f"?{count + 1}", f"?{count + 2}"
    probes = " ".join(
        f"WHEN (SELECT count(*) FROM (SELECT 1 FROM readings_fts WHERE readings_fts MATCH ?{i + 1}"
        f" LIMIT {COMMON_WORD_ROWS})) >= {COMMON_WORD_ROWS} THEN 1"
        for i in range(count)
    )
    common = "(SELECT yes FROM common)"
    bm25 = f"bm25(readings_fts, {_TITLE_WEIGHT}, {_ABSTRACT_WEIGHT}, {_SESSION_TITLE_WEIGHT})"
    return (
        f"WITH common AS MATERIALIZED (SELECT CASE {probes} ELSE 0 END AS yes),"
        " window AS MATERIALIZED (SELECT rowid AS id,"
        f"  CASE WHEN {common} THEN NULL ELSE {bm25} END AS bm25,"
        f"  CASE WHEN {common} THEN highlight(readings_fts, 0, {_MARK}, '') END AS t,"
        f"  CASE WHEN {common} THEN highlight(readings_fts, 2, {_MARK}, '') END AS s"
        f"  FROM readings_fts WHERE readings_fts MATCH {query} LIMIT {RANK_WINDOW}),"
        " hits AS MATERIALIZED ("
        f"  SELECT r.id, COALESCE(window.bm25, -({_TITLE_WEIGHT} * {_hits('t')}"
        f"   + {_SESSION_TITLE_WEIGHT} * {_hits('s')})) AS score, p.position AS post_position,"
        "   p.slug, COALESCE(p.title, p.lecture, p.slug) AS session_title, p.date,"
        "   r.section, r.required, r.title, r.urls, r.abstract, r.line, r.position"
        "  FROM window JOIN readings r ON r.id = window.id JOIN posts p ON p.file = r.file"
        f"  WHERE p.served = 1 ORDER BY score, p.position, r.position LIMIT {limit}),"
        " snippets AS MATERIALIZED (SELECT rowid AS id, snippet(readings_fts, 1, '', '', '…', 16) AS snippet"
        f"  FROM readings_fts WHERE readings_fts MATCH {query}"
        "  AND rowid BETWEEN (SELECT min(id) FROM hits) AND (SELECT max(id) FROM hits)"
        "  AND +rowid IN (SELECT id FROM hits))"
        " SELECT hits.*, snippets.snippet FROM hits LEFT JOIN snippets ON snippets.id = hits.id"
        " ORDER BY hits.score, hits.post_position, hits.position"
    )


async def search_readings(db: Database, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Readings matching every word of ``text``, best first (see RANK_WINDOW for how they are ranked)."""
    words = query_words(text)
    if not words or limit <= 0:
        return []
    rows = await db.fetchall(_search_sql(len(words)), [*words, " ".join(words), limit])
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
