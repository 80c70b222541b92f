"""One session post: front matter (safe YAML only) and readings. Never raises for bad input."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from bot.course.budget import OverBudget, WorkBudget, spending
from bot.course.calendar_words import week_words_pattern
from bot.course.data_schedule import collection_page_links
from bot.course.files import is_markdown  # noqa: F401 - where it lived; kept for its callers
from bot.course.days import (
    first_front_matter_day, first_front_matter_day_text, first_listed_day, leading_day, opening_date_line, parse_day,
    weekday_of,
)
from bot.course.front_matter_yaml import (
    FrontMatterError, SafeYAMLHandler, front_matter_too_costly, load_front_matter, recover_front_matter,
)
from bot.course.models import DAY_FROM_BODY, Problem, Session, Traits, date_out_of_range
from bot.course.role_keys import session_roles
from bot.course.session_vocabulary import (
    DATE_KEYS, DATE_PLACEHOLDER, DAY_KEYS, DISPLAY_DATE_KEYS, MEETING_TIME_KEYS, NO_CLASS_FLAG_KEYS, NO_CLASS_KIND_KEYS,
    NO_CLASS_KINDS, NON_SESSION_DATE_KEYS, REDIRECT_KEYS, REDIRECT_LAYOUTS, SKIP_KEYS, WEEK_KEYS, WEEKDAY_KEYS,
)
from bot.course.text import KEY_WORD_BREAKS as _KEY_WORDS
from bot.course.text import clean_text
from bot.course.text import scalar_text as _scalar

_POST_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")
_HANDLER = SafeYAMLHandler()


@dataclass(slots=True)
class ParsedPost:
    """What one post file gives: its session (None when the file cannot be used) and the problems found."""

    session: Session | None
    problems: list[Problem] = field(default_factory=list)


def slug_of(file: str) -> str:
    """The session key: the file name without its extension."""
    return PurePosixPath(file).stem


def parse_post(
    file: str,
    data: bytes,
    *,
    role_keys: Collection[str] | None = None,
    collection: str | None = None,
    sort_by: str | None = None,
    max_bytes: int = 1_000_000,
    optional_sections: Collection[str] = (),
    budget_seconds: float | None = None,
    link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> ParsedPost:
    """Parse one post file (``file`` is its path relative to the site root, for messages and keys).

    Bad input (binary, not UTF-8, over ``max_bytes``, bad or unsafe YAML, front matter that is not a
    mapping, markdown that costs more than ``budget_seconds`` of CPU to read: bot/course/budget.py) gives
    ``session=None`` and an error naming the file and line; it never raises. ``link_variables``: the site's
    settings that ``{{ site.KEY }}`` in a link target names (``SiteInfo.link_variables``); ``reading_fields``:
    the front matter keys the site's layouts print after a reading label, with the label
    (``SiteInfo.reading_fields``).
    """
    try:
        return _parse(file, data, role_keys=role_keys, collection=collection, sort_by=sort_by, max_bytes=max_bytes,
                      optional_sections=optional_sections, budget=WorkBudget(budget_seconds),
                      variables=dict(link_variables), reading_fields=tuple(reading_fields))
    except Exception as exc:  # noqa: BLE001 - a post must never take the process down
        return ParsedPost(None, [Problem(file, 1, "error", f"cannot parse post: {type(exc).__name__}: {exc}")])


def _parse(
    file: str,
    data: bytes,
    *,
    role_keys: Collection[str] | None,
    collection: str | None,
    sort_by: str | None,
    max_bytes: int,
    optional_sections: Collection[str],
    budget: WorkBudget,
    variables: Mapping[str, str],
    reading_fields: tuple[tuple[str, ...], ...] = (),
) -> ParsedPost:
    if len(data) > max_bytes:
        return _fail(file, 1, f"file is too large ({len(data):,} bytes; the limit is {max_bytes:,})")
    if b"\x00" in data[:8192]:
        return _fail(file, 1, "binary file (contains NUL bytes), not a markdown post")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _fail(file, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\ufeff")

    metadata: Any = {}
    raw: dict[str, str] = {}
    body = text
    offset = 0
    problems: list[Problem] = []
    if _HANDLER.detect(text):
        try:
            fm, body = _HANDLER.split(text)
        except ValueError:
            return _fail(file, 1, "front matter is not closed (no second '---' line)")
        offset = text[: len(text) - len(body)].count("\n")
        try:
            metadata, raw = load_front_matter(fm)
        except FrontMatterError as exc:
            recovered = None if exc.hostile else recover_front_matter(fm, exc)
            lost = next((n for n in recovered.notes if n.lost), None) if recovered is not None else None
            if recovered is None or lost is not None:
                # nothing read, or a line whose meaning is lost (``title: [Draft``): the file is not used, so
                # the last good version of the session stays served (bot.store.sync)
                return _fail(file, lost.line if lost is not None else exc.line, str(exc))
            metadata, raw = recovered.data, recovered.raw
            problems.extend(Problem(file, n.line, "warning", f"front matter: {n.message}") for n in recovered.notes)
        if metadata is None:
            metadata = {}
        try:  # the YAML is read by libyaml, bounded by the size; its cost counts towards the post's budget
            budget.check()
        except OverBudget as exc:
            return _fail(file, 1, front_matter_too_costly(exc))
        if not isinstance(metadata, Mapping):
            return _fail(file, 2, f"front matter is a {type(metadata).__name__}, expected a mapping of keys to values")

    slug = slug_of(file)

    def scalar(key: str | None) -> str | None:
        """A top-level scalar as written ("3.10", "Yes", "2024-01-18"), stripped; None when absent/empty."""
        if key is None or key not in metadata:
            return None
        value = metadata[key]
        if key in raw and not isinstance(value, str) and value is not None:
            return _scalar(raw[key])
        return _scalar(value)

    title = _one_line(scalar("title"))  # a page shows its title on one line (HTML collapses white space)
    if title is None:
        title = _heading_title(body)
    if title is None:
        problems.append(Problem(file, 1, "warning", "missing title in front matter"))
    from bot.course.readings.extract import body_end, extract_readings  # here: a sync with nothing to parse never loads it

    try:
        with spending(budget):
            readings, reading_problems = extract_readings(
                body, line_offset=offset, file=file, metadata=metadata, optional_sections=optional_sections,
                variables=variables, reading_fields=reading_fields,
            )
            budget.check()  # the readings code after the parse costs less than it, but over budget is over
    except OverBudget as exc:
        if exc.line is None:  # front matter reading entries are parsed before the body
            return _fail(file, 1, front_matter_too_costly(exc))
        return _fail(file, offset + 1 + exc.line, f"markdown too costly to read ({exc}, stopped at this line); "
                                                  "the post is not read: simplify or split it")
    problems.extend(reading_problems)
    from bot.course.readings.front_matter import presents_page_work
    from bot.course.readings.liquid import site_authors

    # a page for one talk, titled by its work: its ``author:`` may be the presenter (role_keys.session_roles)
    presents_work = presents_page_work(metadata, readings, variables.get("url", ""))
    front_date, date_source, date_problem = _front_date(file, metadata)
    shown = _shown_date(metadata, raw)
    to_be_announced = shown is not None and DATE_PLACEHOLDER.match(shown[1]) is not None
    if to_be_announced:  # the page shows "TBA": a date key beside it is a placeholder copied with the layout
        front_date, date_source, date_problem = None, None, None
    elif shown is not None and front_date is not None and (day := _shown_day(shown[1])) not in (None, front_date):
        front_date, date_source = day, f"{shown[0]}:"  # the day the page shows, over a date: naming another
    if front_date is not None and (why := date_out_of_range(front_date)) is not None:
        date_key = (date_source or "").rstrip(":")
        key_line = _key_line(text, date_key, offset) if date_key in metadata else 1
        front_date, date_source = None, None
        date_problem = Problem(file, key_line, "error", f"date {why}; ignored")
    if date_problem:
        problems.append(date_problem)
    day_text, day_source = (None, None)
    if front_date is None and not to_be_announced:
        # the days the body lists stand in its reading part: the student blog after the excerpt marker lists none
        day_text, day_source = _day_text(metadata, raw, body[: body_end(body)])
        if day_source is None or day_source == DAY_FROM_BODY:  # the front matter names no day of its own
            opening = _opening_date(body)
            if opening is not None:  # "# Week 8 Notes\nOctober 23, 2013": the page's own whole date
                front_date, date_source, day_text, day_source = opening, OPENING_DATE_SOURCE, None, None
    traits = Traits(
        front_matter=offset > 0 or bool(metadata),
        keys=tuple(str(k).lower() for k in metadata if isinstance(k, str)),
        categories=_categories(metadata),
        published=not _is_false(metadata.get("published")),
        date_source=date_source,
        day_text=day_text,
        day_source=day_source,
        reading_count=len(readings),
        # counted only where it can matter: a post with readings carries a session whatever it links (select.py)
        collection_links=0 if readings else collection_page_links(body, collection),
        week=_week_number(metadata) if front_date is None and day_text is None and not to_be_announced else None,
        weekday=_weekday_alone(metadata) if front_date is None and day_text is None and not to_be_announced else None,
        permalink=_permalink(metadata),
        redirect=_is_redirect_stub(metadata, body),
        # asked only of a page series' pages (bot.course.select): a collection's documents are not scanned for it
        page_links=_series_page(collection) and ("](" in body or "href" in body or "://" in body),
        no_class=_no_class(metadata, body),
    )
    session = Session(
        file=file,
        slug=slug,
        title=title,
        lecture=_one_line(scalar("lecture")),
        roles=session_roles(metadata, raw, role_keys, presents_work=presents_work, site_authors=site_authors(variables)),
        tags=_tags(metadata.get("tags")),
        readings=tuple(readings),
        collection=collection,
        meeting=_is_meeting(metadata, title, len(readings)),
        sort_key=scalar(sort_by),
        front_date=front_date,
        traits=traits,
    )
    return ParsedPost(session, problems)


def _key_line(text: str, key: str, end_line: int) -> int:
    """1-based line of the top-level front matter key ``key`` (within the first ``end_line`` lines)."""
    for number, line in enumerate(text.split("\n", end_line)[:end_line], start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _one_line(text: str | None) -> str | None:
    """Text shown as one line: white space (line breaks included) collapsed, None when nothing is left."""
    return clean_text(text) or None if text is not None else None


def _fail(file: str, line: int, message: str) -> ParsedPost:
    return ParsedPost(None, [Problem(file, line, "error", message)])


def _tags(value: Any) -> tuple[str, ...]:
    """Tags as a list, or as one space- or comma-separated string."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        items = [_scalar(v) for v in value]
    else:
        text = _scalar(value) or ""
        items = [t for t in re.split(r"[,\s]+", text)] if text else []
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(clean_text(item))
    return tuple(out)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "no", "off", "0", "null", "none")
    return bool(value)


_DIVIDER_TITLE = re.compile(r"^\s*(section|part)\s+([0-9]+|[ivxlc]+|[a-z])\b", re.IGNORECASE)


def _is_meeting(metadata: Mapping[str, Any], title: str | None, readings: int = 0) -> bool:
    """False for posts a schedule page skips: ``extra:`` / ``platform:`` keys, and dividers that open a
    part of the course ("Section 2 - Risks": a title that starts with Section or Part and a number, on a
    post that lists nothing to read). A title that merely contains the word ("Cross-Section Data",
    "Discussion Section 3" with readings) is a session like any other."""
    if _truthy(metadata.get("extra")) or _truthy(metadata.get("platform")):
        return False
    return not (title and not readings and _DIVIDER_TITLE.match(title))


@functools.lru_cache(maxsize=4096)
def _key_name(key: str) -> str:
    """A front matter key compared as a name: lower case, runs of other characters as one ``_`` (kept per
    key: the posts of a site repeat their layout's keys, and four lookups a post ask for every key's name)."""
    return _KEY_WORDS.sub("_", key.strip().lower()).strip("_")


@functools.lru_cache(maxsize=256)
def _names_written(keys: tuple[Any, ...]) -> dict[str, str]:
    """Name (_key_name) -> the first of ``keys`` so named (not to be changed: kept per key set, as a post asks
    five times and a site's posts share their layout's keys)."""
    written: dict[str, str] = {}
    for key in keys:
        if isinstance(key, str):
            written.setdefault(_key_name(key), key)
    return written


def _keyed(metadata: Mapping[str, Any], names: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(key as written, value) of the front matter keys named ``names``, in that order, whatever their case
    and separators (``Lecture-Date:``, ``lecture date:`` are ``lecture_date``); a list value stands for its
    first entry (``date: [2024-09-03, 2024-09-05]``, a session meeting on several days)."""
    written = _names_written(tuple(metadata))
    out: list[tuple[str, Any]] = []
    for name in names:
        key = written.get(name)
        if key is None:
            continue
        value = metadata[key]
        if isinstance(value, (list, tuple)):
            value = next((v for v in value if v is not None and not isinstance(v, (Mapping, list, tuple))), None)
        if value is not None:
            out.append((key, value))
    return out


_NAMED_DATE_KEYS = frozenset(DATE_KEYS + MEETING_TIME_KEYS + DISPLAY_DATE_KEYS) | NON_SESSION_DATE_KEYS


def _word_date_names(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    """The names of the post's other ``<word>_date`` keys (``workshop_date``, ``Lab-Date``), in file order: they
    date the session after the named date keys (session_vocabulary.NON_SESSION_DATE_KEYS date other things)."""
    out: list[str] = []
    for key in metadata:
        if isinstance(key, str) and key[-4:].lower() == "date":
            name = _key_name(key)
            if name.endswith("_date") and name not in _NAMED_DATE_KEYS and name not in out:
                out.append(name)
    return tuple(out)


def _front_date(
    file: str, metadata: Mapping[str, Any]
) -> tuple[dt.date | None, str | None, Problem | None]:
    """The post's own full date: the first date key with a whole date (``date:``, ``due_date:``,
    ``lecture-date:``, ... with or without a time after it), else a meeting-time key whose value starts with
    one (``time: 2022-08-18 14:00``), else a file name ``YYYY-MM-DD-title`` (Jekyll dates every document so
    named, in ``_posts`` and in any other collection). Returns (date, where it came from, problem)."""
    problem: Problem | None = None
    for key, value in _keyed(metadata, DATE_KEYS + _word_date_names(metadata) + MEETING_TIME_KEYS):
        if isinstance(value, dt.datetime):
            return value.date(), f"{key}:", None
        if isinstance(value, dt.date):
            return value, f"{key}:", None
        text = _scalar(value)
        if not text:
            continue
        match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", text)
        if match:
            try:
                return dt.date(*map(int, match.groups())), f"{key}:", None
            except ValueError:
                pass
        if key.lower() == "date" and problem is None and leading_day(text) is None:
            problem = Problem(file, 1, "warning", f"date {text!r} is not a YYYY-MM-DD date; ignored")
    listed = first_front_matter_day(metadata)  # days: [{date: 2019-04-01, ...}, ...]
    if listed is not None:
        return listed, "first day listed in front matter", problem
    name = PurePosixPath(file).name
    match = _POST_DATE.match(name)
    if match:
        try:
            return dt.date(*map(int, match.groups())), "file name", problem
        except ValueError:
            return None, None, Problem(file, 1, "warning", f"file name date in {name!r} is not a real date")
    return None, None, problem


OPENING_DATE_SOURCE = "date line under the title"


def _opening_date(body: str) -> dt.date | None:
    """The whole date a line of its own at the top of the body writes (``days.opening_date_line``); None when
    there is none or it is no real day the bot accepts."""
    written = opening_date_line(body)
    day = parse_day(written) if written else None
    if day is None or day.year is None:
        return None
    try:
        found = dt.date(day.year, day.month, day.day)
    except ValueError:
        return None
    if day.weekday is not None and found.weekday() != day.weekday:
        return None  # "Wed 24 Oct 2013" names no one day
    return found if date_out_of_range(found) is None else None


def _shown_date(metadata: Mapping[str, Any], raw: Mapping[str, str]) -> tuple[str, str] | None:
    """(key, value) of the first display-date key with a value (``format_date: TBA``); None when there is none."""
    for key, value in _keyed(metadata, DISPLAY_DATE_KEYS):
        text = _scalar(raw.get(key, value) if not isinstance(value, str) else value)
        if text:
            return key, text
    return None


def _shown_day(text: str) -> dt.date | None:
    """The date a display-date value names with its year ("July 24, 2025 (Thursday)"); None for a day
    without a year, whose year the site gives (and which then cannot overrule a ``date:``)."""
    written = leading_day(text)
    day = parse_day(written) if written else None
    if day is None or day.year is None:
        return None
    try:
        return dt.date(day.year, day.month, day.day)
    except ValueError:
        return None


def _day_text(metadata: Mapping[str, Any], raw: Mapping[str, str], body: str) -> tuple[str | None, str | None]:
    """A day the post gives without a year: a day key (``day: Wednesday, September 28``; a time after it
    or a range's later days left out: ``Sept 3, 2pm``, ``Sep 3 - Sep 5``, ``du 19 au 26 janvier``) or a week key
    naming its days (``week: Jan 19 - Jan 26``), else the first meeting day its
    body lists (a definition-list term, heading or bold line that is only a day; ``body``: the part before
    the excerpt marker)."""
    # a week named by its days: "week: Jan 19 - Jan 26"
    for key, value in _keyed(metadata, DAY_KEYS + _word_date_names(metadata) + WEEK_KEYS):
        text = _scalar(raw.get(key, value) if not isinstance(value, str) else value)
        day = leading_day(text) if text else None
        if day is not None:
            return day, f"{key}:"
    day = first_front_matter_day_text(metadata)  # units: [{date: Tues 1/23, ...}, ...]
    if day is not None:
        return day, "first day listed in front matter"
    day = first_listed_day(body)
    return (day, DAY_FROM_BODY) if day else (None, None)


# "3", "Week 3", "Semaine 3", "Woche 3" (calendar_words.WEEK_WORDS)
_WEEK_VALUE = re.compile(r"^\s*(?:" + week_words_pattern() + r"\s*)?(\d{1,2})\.?\s*$", re.IGNORECASE)


def _no_class(metadata: Mapping[str, Any], body: str) -> bool:
    """The front matter says no class meets (session_vocabulary.NO_CLASS_*): ``type: holiday``, ``cancelled:
    true``; or ``skip: true`` on a page with no title and nothing below its front matter."""
    for key, value in metadata.items():
        if not isinstance(key, str):
            continue
        name = key.lower()
        if name in NO_CLASS_FLAG_KEYS and _truthy(value) and not isinstance(value, (dict, list)):
            return True
        if name in NO_CLASS_KIND_KEYS and isinstance(value, str) \
                and " ".join(value.replace("_", " ").replace("-", " ").split()).lower() in NO_CLASS_KINDS:
            return True
        if name in SKIP_KEYS and value is True and "title" not in metadata and not body.strip():
            return True
    return False


def _series_page(collection: str | None) -> bool:
    """Whether ``collection`` is the folder of a page series (``weeks``, ``docs/lectures``), not a collection's."""
    return bool(collection) and not collection.rstrip("/").rsplit("/", 1)[-1].startswith("_")


def _is_redirect_stub(metadata: Mapping[str, Any], body: str) -> bool:
    """Nothing below the front matter, which names where the page sends the reader (``redirect_to:``,
    ``target:``) or a forwarding layout (``layout: forward``): session_vocabulary.REDIRECT_KEYS."""
    if body and not body.isspace():  # not body.strip(): no copy of the whole body
        return False
    layout = metadata.get("layout")
    if isinstance(layout, str) and layout.strip().lower() in REDIRECT_LAYOUTS:
        return True
    return any(isinstance(k, str) and k.lower() in REDIRECT_KEYS and metadata[k] for k in metadata)


def _permalink(metadata: Mapping[str, Any]) -> str | None:
    """Front matter ``permalink:`` as written (a path, at most 300 characters); None otherwise."""
    value = metadata.get("permalink")
    if isinstance(value, str) and value.strip() and len(value) <= 300 and " " not in value.strip():
        return value.strip()
    return None


def _week_number(metadata: Mapping[str, Any]) -> int | None:
    """The session's week of the term from a week key (``week: 3``, ``week: "Week 3"``); None otherwise."""
    for _key, value in _keyed(metadata, WEEK_KEYS):
        if isinstance(value, bool):
            continue
        match = _WEEK_VALUE.match(str(value)) if isinstance(value, (int, str)) else None
        if match and 0 <= int(match.group(1)) <= 60:
            return int(match.group(1))
    return None


def _weekday_alone(metadata: Mapping[str, Any]) -> int | None:
    """A weekday key holding a weekday and nothing else (``day: Tuesday``, ``weekday: Thu``) as 0-6; else None."""
    for _key, value in _keyed(metadata, WEEKDAY_KEYS):
        if isinstance(value, str) and 2 <= len(value.strip()) <= 12:
            weekday = weekday_of(value.strip().rstrip(",."))
            if weekday is not None:
                return weekday
    return None


def _categories(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    """``categories:`` / ``category:`` as a list, or one space-separated string (Jekyll's reading)."""
    out: list[str] = []
    for key in ("categories", "category"):
        value = metadata.get(key)
        if isinstance(value, (list, tuple)):
            items = [_scalar(v) for v in value]
        elif key == "categories":
            items = (_scalar(value) or "").split()
        else:
            items = [_scalar(value)]
        for item in items:
            if item and item not in out:
                out.append(item)
    return tuple(out)


def _is_false(value: Any) -> bool:
    if isinstance(value, bool):
        return not value
    return isinstance(value, str) and value.strip().lower() in ("false", "no", "off")


_TITLE_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def _heading_title(body: str) -> str | None:
    """A ``# Title`` heading that opens the body (before any other text) titles a post without one. Lines of
    Liquid tags only (``{% include_relative header.md %}`` above it) show nothing of their own: not text."""
    from bot.course.readings.liquid import is_liquid_only  # here, as extract_readings is: loaded when used

    for line in body.split("\n", 40)[:40]:
        stripped = line.strip()
        if not stripped or is_liquid_only(stripped):
            continue
        match = _TITLE_HEADING.match(stripped)
        return clean_text(match.group(1)) or None if match else None
    return None


