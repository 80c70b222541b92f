"""How a :class:`Session` is kept: searchable columns of ``posts`` plus one small JSON document, and its
readings as rows of ``readings`` (stored once: the JSON holds only a digest of them, so a sync still tells
a changed reading list by comparing documents).

``date``, ``url`` and ``position`` are columns only: they are recomputed over the whole site on every sync,
while the JSON holds what parsing the file produced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from bot.course.models import Reading, Session, Traits

# the function json.dumps(..., ensure_ascii=False) quotes strings with (the C one when there is one)
_encode_string = json.encoder.encode_basestring
# json.dumps(doc, ensure_ascii=False, separators=(",", ":")[, sort_keys=True]) builds an encoder per call (a
# few microseconds, three calls per parsed post): these are those encoders, made once (the same text)
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_COMPACT_SORTED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode

# Columns of ``posts`` that rebuild a session without its JSON (enough to order and date sessions).
SKELETON_COLUMNS = "file, slug, title, lecture, collection, meeting, sort_key, front_date, date, url, traits"
SESSION_COLUMNS = SKELETON_COLUMNS + ", session"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# Columns of ``readings`` that rebuild a Reading (with ``file`` first, rows in post order).
READING_COLUMNS = "file, section, required, title, urls, abstract, line"


def readings_digest(readings: Sequence[Reading]) -> str:
    """A digest of the readings (all their fields, in order): what the session JSON keeps of them."""
    text = _COMPACT([[r.section, r.required, r.title, list(r.urls), r.abstract, r.line] for r in readings])
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def session_json(session: Session) -> str:
    """What parsing produced, apart from the columns and the readings' rows (compact, stable key order)."""
    doc: dict[str, Any] = {
        "roles": session.roles,
        "tags": list(session.tags),
        "readings_digest": readings_digest(session.readings),
    }
    return _COMPACT_SORTED(doc)


def post_columns(session: Session) -> dict[str, Any]:
    """Column values for ``posts`` from a parsed session (date and url are written by the dating pass)."""
    return {
        "slug": session.slug,
        "title": session.title,
        "lecture": session.lecture,
        "collection": session.collection,
        "meeting": int(session.meeting),
        "sort_key": session.sort_key,
        "front_date": _iso(session.front_date),
        "session": session_json(session),
        "traits": traits_json(session.traits),
    }


def traits_json(traits: Traits) -> str:
    return _COMPACT_SORTED(traits.to_json())


def _traits(value: str | None) -> Traits:
    return Traits.from_json(json.loads(value)) if value else Traits()


def urls_json(urls: Sequence[str]) -> str:
    """``json.dumps(list(urls), ensure_ascii=False)``, made from the encoder's own string function (each
    URL quoted and escaped as dumps does, joined by dumps' ``", "``) without a dumps call per reading."""
    if not urls:
        return "[]"
    if all(type(u) is str for u in urls):
        return "[" + ", ".join(map(_encode_string, urls)) + "]"
    return json.dumps(list(urls), ensure_ascii=False)


def reading_rows(file: str, session: Session) -> list[tuple[Any, ...]]:
    """Rows for ``readings`` (file, position, section, required, title, urls, abstract, line, session_title)."""
    session_title = session.display_name
    return [
        (file, position, r.section, int(r.required), r.title, urls_json(r.urls), r.abstract, r.line, session_title)
        for position, r in enumerate(session.readings)
    ]


def skeleton_from_row(row: sqlite3.Row) -> Session:
    """A session without roles, tags or readings: what ordering and dating need."""
    return Session(
        file=row["file"],
        slug=row["slug"],
        title=row["title"],
        lecture=row["lecture"],
        collection=row["collection"],
        meeting=bool(row["meeting"]),
        sort_key=row["sort_key"],
        front_date=_date(row["front_date"]),
        date=_date(row["date"]),
        url=row["url"],
        traits=_traits(row["traits"]),
    )


def session_from_row(row: sqlite3.Row | tuple[Any, ...], readings: Sequence[Reading] = ()) -> Session:
    """The full session from a ``posts`` row selected with :data:`SESSION_COLUMNS` and its ``readings`` (from
    :func:`reading_from_tuple`; read by position: lookups decode up to 25 sessions per query, and column
    names cost a lookup each)."""
    file, slug, title, lecture, collection, meeting, sort_key, front_date, date, url, traits, stored = row
    doc = json.loads(stored) if stored else {}
    return Session(
        file=file,
        slug=slug,
        title=title,
        lecture=lecture,
        roles=dict(doc.get("roles", {})),
        tags=tuple(doc.get("tags", ())),
        date=dt.date.fromisoformat(date) if date else None,
        url=url,
        readings=tuple(readings),
        collection=collection,
        meeting=bool(meeting),
        sort_key=sort_key,
        front_date=dt.date.fromisoformat(front_date) if front_date else None,
        traits=_traits(traits),
    )


def reading_from_tuple(row: sqlite3.Row | tuple[Any, ...]) -> Reading:
    """A reading from a row selected with :data:`READING_COLUMNS` (``file`` first, ignored here)."""
    _, section, required, title, urls, abstract, line = row
    return Reading(section, bool(required), title, tuple(json.loads(urls)), abstract, line)


def reading_from_row(row: sqlite3.Row) -> Reading:
    return Reading(
        section=row["section"],
        required=bool(row["required"]),
        title=row["title"],
        urls=tuple(json.loads(row["urls"])),
        abstract=row["abstract"],
        line=row["line"],
    )
