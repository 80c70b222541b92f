"""Domain models of a course site. Pure data: no I/O, no framework imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
DAY_FROM_BODY = "first meeting day in the body"  # Traits.day_source of a module's first listed day

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
class Traits:
    """What a post says about its own kind and day, kept with every session (also in the cache) so that
    the whole-site pass can pick the class sessions among all documents (bot/course/select.py) and date
    them (bot/course/dates.py) without parsing the file again."""

    front_matter: bool = True  # False: a file without front matter (in a Jekyll collection, a static file)
    keys: tuple[str, ...] = ()  # top-level front matter keys, lower case, in file order
    categories: tuple[str, ...] = ()  # ``categories:`` / ``category:`` values as written
    published: bool = True  # False for ``published: false`` (Jekyll does not render it)
    date_source: str | None = None  # where front_date came from: "date:", "due_date:", "file name"
    day_text: str | None = None  # a day without a year as written ("Wednesday, September 28", "09/10")
    day_source: str | None = None  # where day_text came from: "day:" or "first meeting day in the body"
    reading_count: int = 0
    # distinct pages of its own collection the body links ("[Jan 18 - Intro]({{site.baseurl}}/schedule/01-intro)"
    # in _schedule/00-overview.md): many, on a page carrying nothing of a session, make it the collection's
    # schedule or overview page (bot/course/select.py); 0 on a post with readings, which carries a session anyway (a
    # whole-body scan of every post's links: 0.15 s of a 2,000-post sync)
    collection_links: int = 0
    week: int | None = None  # ``week: 3``: the session's week of the term (dated with the term's first day)
    weekday: int | None = None  # ``day: Tuesday`` alone (0 = Monday): its day in that week
    permalink: str | None = None  # front matter ``permalink: /lectures/intro/``: where the site's links name it
    # nothing below the front matter, which sends the reader elsewhere (``layout: forward``, ``redirect_to:``)
    redirect: bool = False
    # a page of a page series (a folder outside the collections) whose body links something (slides, a recording);
    # False, not looked at, for the documents of collections
    page_links: bool = False
    # the front matter says no class meets that day (``type: holiday``, ``cancelled: true``)
    no_class: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "front_matter": self.front_matter, "keys": list(self.keys), "categories": list(self.categories),
            "published": self.published, "date_source": self.date_source, "day_text": self.day_text,
            "day_source": self.day_source, "reading_count": self.reading_count,
            "collection_links": self.collection_links, "week": self.week, "weekday": self.weekday,
            "permalink": self.permalink, "redirect": self.redirect,
            "page_links": self.page_links, "no_class": self.no_class,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any] | None) -> "Traits":
        if not doc:
            return cls()
        return cls(
            front_matter=bool(doc.get("front_matter", True)), keys=tuple(doc.get("keys", ())),
            categories=tuple(doc.get("categories", ())), published=bool(doc.get("published", True)),
            date_source=doc.get("date_source"), day_text=doc.get("day_text"), day_source=doc.get("day_source"),
            reading_count=int(doc.get("reading_count", 0)), collection_links=int(doc.get("collection_links", 0)),
            week=doc.get("week"), weekday=doc.get("weekday"), permalink=doc.get("permalink"),
            redirect=bool(doc.get("redirect", False)), page_links=bool(doc.get("page_links", False)),
            no_class=bool(doc.get("no_class", False)),
        )


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
    traits: Traits = field(default_factory=Traits)

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
