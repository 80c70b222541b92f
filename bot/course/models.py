"""Domain models of a course site. Pure data: no I/O, no framework imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

# Every date the bot accepts (posts, schedule page, configuration calendar) lies in this range: reminder and
# digest arithmetic around it (time zones, hours before, days after) can never leave what datetime holds.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


def date_out_of_range(day: dt.date) -> str | None:
    """Why ``day`` is not accepted (outside EARLIEST_DATE..LATEST_DATE), or None."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"{day.isoformat()} is outside the dates the bot accepts ({EARLIEST_DATE.year}-{LATEST_DATE.year})"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a post or the site, printed as ``FILE:LINE: severity: message``."""

    file: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Reading:
    """A paper or resource a post lists for students (see shared/corpus/gold/SPEC.md)."""

    section: str | None
    required: bool
    title: str
    urls: tuple[str, ...] = ()
    abstract: str = ""
    line: int = 0  # 1-based line in the post file where the reading starts

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "required": self.required,
            "title": self.title,
            "urls": list(self.urls),
            "abstract": self.abstract,
        }


@dataclass(frozen=True, slots=True)
class Session:
    """One session post. Keyed by ``slug`` (file name without extension);
    ``lecture`` and ``title`` are aliases only (sites repeat placeholder lecture ids)."""

    file: str  # path relative to the site root, POSIX separators, e.g. "_contents/S0-L11.md"
    slug: str
    title: str | None
    lecture: str | None
    roles: dict[str, str] = field(default_factory=dict)  # front matter key -> value (non-empty)
    tags: tuple[str, ...] = ()
    date: dt.date | None = None
    url: str | None = None
    readings: tuple[Reading, ...] = ()
    collection: str | None = None  # "_contents", "_posts", or None for a plain folder
    meeting: bool = True  # False for posts that are not class meetings (extra:, platform:, "Section" dividers)
    sort_key: str | None = None  # value of the collection's sort_by front matter key, if any
    front_date: dt.date | None = None  # date given by the post itself (front matter or _posts file name)

    @property
    def display_name(self) -> str:
        return self.title or self.lecture or self.slug

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "slug": self.slug,
            "title": self.title,
            "lecture": self.lecture,
            "roles": dict(self.roles),
            "tags": list(self.tags),
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "readings": [r.to_json() for r in self.readings],
        }
