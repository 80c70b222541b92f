"""What changed between two versions of a course site, in neutral terms (pure: no I/O, no clock).

A :class:`Facts` is what students care about in one session: its title, date, page, who holds each role and
the titles of its readings, with whitespace (and, for titles, case) normalised away so that re-indenting a
post or re-wrapping a title is not a change. :func:`diff` compares two snapshots (slug -> Facts) and gives
a :class:`ChangeSet`: sessions added or removed, readings added or removed (by title), roles reassigned,
dates moved. A new title or page address alone is not reported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.course.models import Session

ChangeKind = Literal["added", "removed", "changed"]


def squash(text: str | None) -> str:
    """``text`` with runs of whitespace made one space, trimmed."""
    return " ".join((text or "").split())


def _key(text: str) -> str:
    return squash(text).casefold()


@dataclass(frozen=True, slots=True)
class Facts:
    """The parts of a session a change notice talks about (JSON-serialisable, to keep a baseline)."""

    slug: str
    title: str
    date: dt.date | None
    url: str | None
    roles: tuple[tuple[str, str], ...] = ()  # (role key, value), sorted by key
    readings: tuple[str, ...] = ()  # reading titles in post order
    meeting: bool = True

    @classmethod
    def of(cls, session: Session) -> Facts:
        return cls(
            slug=session.slug,
            title=squash(session.display_name),
            date=session.date,
            url=session.url,
            roles=tuple(sorted((key, squash(value)) for key, value in session.roles.items() if squash(value))),
            readings=tuple(squash(r.title) for r in session.readings if squash(r.title)),
            meeting=session.meeting,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug, "title": self.title, "date": self.date.isoformat() if self.date else None,
            "url": self.url, "roles": [list(pair) for pair in self.roles], "readings": list(self.readings),
            "meeting": self.meeting,
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Facts:
        return cls(
            slug=doc["slug"], title=doc["title"], date=dt.date.fromisoformat(doc["date"]) if doc["date"] else None,
            url=doc.get("url"), roles=tuple((k, v) for k, v in doc.get("roles", ())),
            readings=tuple(doc.get("readings", ())), meeting=bool(doc.get("meeting", True)),
        )


def snapshot(sessions: Iterable[Session]) -> dict[str, Facts]:
    return {s.slug: Facts.of(s) for s in sessions}


@dataclass(frozen=True, slots=True)
class RoleChange:
    role: str  # role key, e.g. "notes"
    before: str | None
    after: str | None

    def to_json(self) -> list[str | None]:
        return [self.role, self.before, self.after]


@dataclass(frozen=True, slots=True)
class SessionChange:
    """How one session changed. ``facts`` is the session as it is now (as it was, when removed)."""

    kind: ChangeKind
    facts: Facts
    readings_added: tuple[str, ...] = ()
    readings_removed: tuple[str, ...] = ()
    roles: tuple[RoleChange, ...] = ()
    moved_from: dt.date | None = None  # the old date, when the date moved (None: not moved, or was undated)
    date_moved: bool = False

    @property
    def slug(self) -> str:
        return self.facts.slug

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "facts": self.facts.to_json(), "readings_added": list(self.readings_added),
            "readings_removed": list(self.readings_removed), "roles": [r.to_json() for r in self.roles],
            "moved_from": self.moved_from.isoformat() if self.moved_from else None, "date_moved": self.date_moved,
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> SessionChange:
        return cls(
            kind=doc["kind"], facts=Facts.from_json(doc["facts"]),
            readings_added=tuple(doc["readings_added"]), readings_removed=tuple(doc["readings_removed"]),
            roles=tuple(RoleChange(*r) for r in doc["roles"]),
            moved_from=dt.date.fromisoformat(doc["moved_from"]) if doc["moved_from"] else None,
            date_moved=bool(doc["date_moved"]),
        )


@dataclass(frozen=True, slots=True)
class ChangeSet:
    changes: tuple[SessionChange, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def to_json(self) -> list[dict[str, Any]]:
        return [c.to_json() for c in self.changes]

    @classmethod
    def from_json(cls, doc: Iterable[Mapping[str, Any]]) -> ChangeSet:
        return cls(tuple(SessionChange.from_json(c) for c in doc))


def _multiset_minus(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
    """Titles of ``a`` not matched by a title of ``b`` (case and whitespace ignored), in ``a``'s order."""
    left = Counter(_key(t) for t in b)
    out = []
    for title in a:
        k = _key(title)
        if left[k]:
            left[k] -= 1
        else:
            out.append(title)
    return tuple(out)


def compare(before: Facts, after: Facts) -> SessionChange | None:
    """How ``after`` differs from ``before`` (the same session), or None when nothing worth telling did."""
    added = _multiset_minus(after.readings, before.readings)
    removed = _multiset_minus(before.readings, after.readings)
    old_roles, new_roles = dict(before.roles), dict(after.roles)
    roles = tuple(
        RoleChange(key, old_roles.get(key), new_roles.get(key))
        for key in sorted(set(old_roles) | set(new_roles))
        if _key(old_roles.get(key, "")) != _key(new_roles.get(key, ""))
    )
    moved = before.date != after.date
    if not (added or removed or roles or moved):
        return None
    return SessionChange("changed", after, added, removed, roles, before.date if moved else None, moved)


def renames(before: Mapping[str, Facts], after: Mapping[str, Facts]) -> dict[str, str]:
    """Sessions whose file was renamed (new slug -> old slug): a session gone and a session new with the
    same title (case and whitespace ignored) and the same date, when no other gone or new session has
    both. A renamed post is the same session, not one removed and another posted."""

    def ident(f: Facts) -> tuple[str, dt.date | None]:
        return _key(f.title), f.date

    gone = [f for slug, f in before.items() if slug not in after]
    new = [f for slug, f in after.items() if slug not in before]
    gone_count, new_count = Counter(map(ident, gone)), Counter(map(ident, new))
    by_ident = {ident(f): f.slug for f in gone if gone_count[ident(f)] == 1}
    return {f.slug: by_ident[ident(f)] for f in new
            if _key(f.title) and new_count[ident(f)] == 1 and ident(f) in by_ident}


def diff(before: Mapping[str, Facts], after: Mapping[str, Facts]) -> ChangeSet:
    """Every session added, removed or changed from ``before`` to ``after`` (both slug -> Facts), ordered
    by date (undated last), then slug. A renamed file (see :func:`renames`) is a change of its session."""
    changes: list[SessionChange] = []
    moved = renames(before, after)
    for slug, facts in after.items():
        old = before.get(slug) or (before[moved[slug]] if slug in moved else None)
        if old is None:
            changes.append(SessionChange("added", facts))
        elif (change := compare(old, facts)) is not None:
            changes.append(change)
    renamed_from = set(moved.values())
    for slug, facts in before.items():
        if slug not in after and slug not in renamed_from:
            changes.append(SessionChange("removed", facts))
    changes.sort(key=lambda c: (c.facts.date is None, c.facts.date or dt.date.min, c.slug))
    return ChangeSet(tuple(changes))
