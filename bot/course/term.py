"""The term a course site is for: its year, for the days its posts write without one, and its first day.

The year is looked for where a site names its term (see ``find_term_year``): a season with a year ("Autumn
2022", "Fall'25", "podzim 2017") in ``_config.yml``'s settings, then on the home page; else a plain year in the
main settings; else the year most whole dates on its home and course pages fall in; else a copyright year.
The first day is ``_config.yml``'s ``term_start_date:`` (``find_term_start``). Pure rules over the settings'
data and the site's pages (read through bot.course.files: inside the site, bounded).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.course.calendar_words import ACADEMIC_YEAR_WORDS, EARLIER_OFFERING_WORDS, OFFERING_WORDS
from bot.course.days import parse_day
from bot.course.files import SiteFiles, read_small
from bot.course.session_vocabulary import (
    EARLY_TERMS, LATE_TERMS, REDIRECT_KEYS, REDIRECT_LAYOUTS, TERM_START_KEYS, TERM_START_WEEK_KEYS, TERM_WORDS,
)
from bot.course.text import setting_text

HOME_PAGES = ("index.md", "index.markdown", "index.html", "_includes/home.md", "README.md")
# the files a forward stub's target (``target: https://example.org/home/``) may be, for its path ``home``
_TARGET_FILES = ("{}.md", "{}/index.md", "{}.markdown", "{}.html", "{}/index.html")
_STUB_HEAD = re.compile(r"^---[ \t]*\n(.*?)\n---[ \t]*(?:\n|$)", re.DOTALL)
_HEAD_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_SCHEME_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:)?//([^/]*)", re.IGNORECASE)


def forwarded_page(root: Path, name: str, site_url: str | None) -> str | None:
    """The page of the site that the home page ``name`` forwards to, when it is a forward stub (front matter
    only, naming a forward layout or a redirect key: ``layout: forward`` / ``target: https://x.org/home/``,
    ``redirect_to: /home/``) whose target is a page of this site (a path, or an address on the site's ``url``
    host) that is a file here (``home.md``, ``home/index.md``, ...); None otherwise."""
    text = read_small(root, name, 8192).lstrip("\ufeff")
    head = _STUB_HEAD.match(text)
    if head is None or text[head.end():].strip():
        return None
    keys = {k.lower(): v.strip().strip("\"'").strip() for k, v in _HEAD_KEY.findall(head.group(1))}
    if not (keys.get("layout", "").lower() in REDIRECT_LAYOUTS or any(keys.get(k) for k in REDIRECT_KEYS)):
        return None
    target = next((keys[k] for k in sorted(REDIRECT_KEYS) if keys.get(k)), "")
    host = _SCHEME_HOST.match(target)
    if host is not None:
        own = _SCHEME_HOST.match(site_url or "")
        if own is None or own.group(2).lower() != host.group(2).lower():
            return None  # another site
        target = target[host.end():]
    path = target.split("#", 1)[0].split("?", 1)[0].strip("/")
    if not path or ".." in path.split("/"):
        return None
    files = SiteFiles(root)
    if path.lower().endswith((".md", ".markdown", ".html")) and files.is_file(path):
        return path
    return next((f for pattern in _TARGET_FILES if files.is_file(f := pattern.format(path))), None)


def home_pages(root: Path, site_url: str | None = None) -> list[str]:
    """The site's home pages as a visitor meets them: HOME_PAGES, each forward stub followed by the page it
    forwards to (``index.md`` with ``layout: forward`` and ``target: .../home/``, then ``home.md``)."""
    out: list[str] = []
    for name in HOME_PAGES:
        out.append(name)
        forwarded = forwarded_page(root, name, site_url)
        if forwarded is not None and forwarded not in out:
            out.append(forwarded)
    return out


@dataclass(slots=True)
class TermYear:
    """What ``find_term_year`` found: the year (None when the site names none), the season word when the site
    names one ("fall", lower case), the other years it names (most telling first) and where the year was
    found ("_config.yml subtitle")."""

    year: int | None = None
    term: str | None = None
    years: list[int] = field(default_factory=list)
    source: str | None = None
    # ``year`` is the first of an academic year ("2020-21"): its days from August on fall in ``year``, the
    # days before August in the next
    academic: bool = False


_TERM_YEAR = re.compile(
    r"(?<![A-Za-z])(" + "|".join(TERM_WORDS) + r")(?:\s*(?:of\s+)?(\d{4})|\s*['’](\d{2}))(?!\d)"
    # a year before the word is one of this era ("2024 Spring"; "1421/podzim2017" is a number, then the word's year)
    r"|(?<![\dA-Za-z])((?:19|20|21)\d{2})\s*[-/]?\s*(" + "|".join(TERM_WORDS) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_PLAIN_YEAR = re.compile(r"(?<![\dA-Za-z])((?:19|20)\d{2})(?![\dA-Za-z])")
# "the 2024 version of the course": a year, a word for an offering, "of" (calendar_words.OFFERING_WORDS)
_OFFERING_YEAR = re.compile(
    r"\b([^\W\d_]+)\s+((?:19|20)\d{2})\s+(?:" + "|".join(sorted(OFFERING_WORDS)) + r")\s+of\s", re.IGNORECASE)
_YEAR_KEYS = ("title", "subtitle", "tagline", "description", "term", "semester", "course", "course_title", "year")


def _strings(value: Any, depth: int = 0) -> Iterable[str]:
    if depth > 4:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value[:200]:
            yield from _strings(item, depth + 1)


def term_years(text: str) -> list[tuple[str, int]]:
    out = []
    for match in _TERM_YEAR.finditer(text):
        word = (match.group(1) or match.group(5)).lower()
        digits = match.group(2) or match.group(3) or match.group(4)
        year = int(digits) + (2000 if len(digits) == 2 else 0)
        if 1990 <= year <= 2100:
            out.append((word, year))
    return out


# Two years in a row as one academic year: "2020-21", "2020-2021", "2020/21", "2020 – 2021" (not a date's
# "2020-02-03", not one of a longer run of numbers)
_YEAR_SPAN = re.compile(
    r"(?<![\d/.\-])((?:19|20)\d{2})\s*(?:-|–|—|/|&ndash;|&mdash;)\s*(\d{4}|\d{2})(?!\d|[-/.]\d)")
# Two seasons in a row: "Fall 2020 - Spring 2021", "autumn 2020 to spring 2021"
_SEASON_SPAN = re.compile(
    r"(?<![A-Za-z])(" + "|".join(TERM_WORDS) + r")\s*((?:19|20)\d{2})\s*(?:-|–|—|&ndash;|&mdash;|\bto\b|\bthrough\b)"
    r"\s*(" + "|".join(TERM_WORDS) + r")\s*((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_COPYRIGHT_MARK = re.compile(r"(?:&copy;|&#169;|©|\(c\)|\bcopyright\b)\W*$", re.IGNORECASE)
_HEADING_LINE = re.compile(r"[ \t]*(?:#{1,6}\s|title\s*:|<h[1-3]\b|<title\b)", re.IGNORECASE)
_WORDS_BEFORE = re.compile(r"([^\W\d_][\w.]*(?:\s+[^\W\d_][\w.]*)?)[\s:,(]*$")
_WORDS_AFTER = re.compile(r"[\s),]*([^\W\d_]+(?:\s+[^\W\d_]+)?)")


def academic_years(text: str, *, prose: bool = False) -> list[int]:
    """The first years of the academic years ``text`` names: two years in a row ("2020-21", "2020/2021"), or a
    late season and the early one of the next year ("Fall 2020 - Spring 2021"). A copyright range ("© 2020-2021")
    is none. In a page's ``prose`` (not a setting), a span of years counts only on a heading or title line or
    beside a word for an academic year (``calendar_words.ACADEMIC_YEAR_WORDS``: "année 2020-2021", "2020-21
    school year"), not as a range in a sentence ("Postdoc at X, 2019-2020")."""
    out = []
    for match in _SEASON_SPAN.finditer(text):
        first, second = int(match.group(2)), int(match.group(4))
        if (second == first + 1 and match.group(1).lower() in LATE_TERMS
                and match.group(3).lower() in EARLY_TERMS | {"summer"}):
            out.append(first)
    for match in _YEAR_SPAN.finditer(text):
        first, digits = int(match.group(1)), match.group(2)
        second = int(digits) if len(digits) == 4 else first - first % 100 + int(digits)
        if second != first + 1 or _COPYRIGHT_MARK.search(text, max(0, match.start() - 16), match.start()):
            continue
        if prose and not _academic_context(text, match.start(), match.end()):
            continue
        out.append(first)
    return out


def offering_years(text: str) -> list[int]:
    """The years ``text`` names as its course's offering ("the 2024 version of the course", "this 2019 edition of
    CS 101"), not an earlier one's ("the previous 2023 edition of ..."): calendar_words.OFFERING_WORDS."""
    if " of" not in text:
        return []
    return [int(m.group(2)) for m in _OFFERING_YEAR.finditer(text) if m.group(1).lower() not in EARLIER_OFFERING_WORDS]


def _academic_context(text: str, start: int, end: int) -> bool:
    """Whether the span of years at ``text[start:end]`` stands on a heading or title line, or beside a word for an
    academic year."""
    line_start = text.rfind("\n", 0, start) + 1
    if _HEADING_LINE.match(text, line_start):
        return True
    before = _WORDS_BEFORE.search(text, max(line_start, start - 40), start)
    after = _WORDS_AFTER.match(text, end, min(len(text), end + 40))
    for found in (before, after):
        if found is None:
            continue
        words = found.group(1).lower().split()
        if " ".join(words) in ACADEMIC_YEAR_WORDS or words[-1 if found is before else 0] in ACADEMIC_YEAR_WORDS:
            return True
    return False


def find_term_year(root: Path, data: dict[str, Any]) -> TermYear:
    """The year of the site's term, for dates written without one, from the first of these that names one: the
    settings of _config.yml (its main settings first), the first home page that names one, the course pages
    (syllabus, about, ...: an academic year only). In each, a season with a year ("Autumn 2022", "Fall'25",
    "2024 Spring"), else an academic year ("2020-21", "année 2020-2021": ``academic_years``), else a term word
    with a year ("Semester 2021"). Else the year a home page names for the course's offering ("the 2024 version of
    the course": ``offering_years``; a README.md is the home page of a site without an index), else a plain year in
    the main settings, else the year of the whole dates on
    the course pages, else a copyright year. Other years named stay as ``years``."""
    main = [(f"_config.yml {k}", setting_text(data.get(k)) or "") for k in _YEAR_KEYS]
    others = [("_config.yml", text) for key, value in data.items() if key not in _YEAR_KEYS
              for text in _strings(value)]
    found: list[tuple[str, str, int]] = []  # (where, season, year)
    academic: list[tuple[str, int]] = []  # (where, first year)
    for where, text in main + others:
        found.extend((where, season, year) for season, year in term_years(text))
        academic.extend((where, year) for year in academic_years(text))
    offered: list[tuple[str, int]] = []  # (home page, year) of "the 2024 version of the course"
    homes = home_pages(root, setting_text(data.get("url")))
    if not found and not academic:
        served = False  # a home page before README.md: GitHub Pages serves README.md only without one
        for name in homes:
            text = read_small(root, name)
            if text:
                found.extend((name, season, year) for season, year in term_years(text))
                academic.extend((name, year) for year in academic_years(text, prose=True))
                if found or academic:
                    break
                if not offered and not (served and name == "README.md"):
                    offered.extend((name, year) for year in offering_years(text)[:1])
                served = True
    if not found and not academic:
        for name in _COURSE_PAGES:
            academic.extend((name, year) for year in academic_years(read_small(root, name, 100_000), prose=True))
            if academic:
                break
    plain: list[tuple[str, int]] = []
    for where, text in main:
        plain.extend((where, int(m.group(1))) for m in _PLAIN_YEAR.finditer(text))
    season_words = {w for w in TERM_WORDS if w in LATE_TERMS or w in EARLY_TERMS}
    out = TermYear()
    if found and (found[0][1] in season_words or not academic):
        where, season, year = found[0]
        out.year, out.source = year, where
        out.term = season if season in season_words else None
        # "Fall 2020 - Spring 2021", "Wintersemester 2020/21": the season opens the academic year it names
        out.academic = any(first == year for _, first in academic) and season not in EARLY_TERMS
    elif academic:
        out.source, out.year = academic[0]
        out.academic = True
    elif offered:
        out.source, out.year = offered[0]
    elif plain:
        out.source, out.year = plain[0]
    else:
        dated = _dated_pages_year(root, homes) or _copyright_year(root, others, homes)
        if dated is not None:
            out.source, out.year = dated
    years = ([out.year + 1] if out.academic and out.year is not None else []) + [y for _, _, y in found]
    years += [y for _, y in plain]
    out.years = [y for i, y in enumerate(years) if y not in years[:i] and y != out.year]
    return out


# The site's own pages about the course as a whole, where a site that names its term nowhere else still
# writes whole dates ("Attendance on 3/17/2026 is required", "Midterm: March 3, 2026").
_COURSE_PAGES = ("syllabus.md", "about.md", "schedule.md", "calendar.md", "info.md", "course.md", "logistics.md",
                 "policies.md", "syllabus.html", "schedule.html", "calendar.html", "about.html")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_WHOLE_DATE = re.compile(
    r"(?<![\d/])\d{1,2}/\d{1,2}/((?:19|20)\d{2})(?![\d/])"  # 3/17/2026
    r"|(?<![\d-])((?:19|20)\d{2})-\d{2}-\d{2}(?![\d-])"  # 2026-03-17
    r"|(?<![\d.])((?:19|20)\d{2})\.\s?\d{1,2}\.\s?\d{1,2}\.?(?!\d|\.\d)"  # 2026.03.17, 2026. 3. 17.
    rf"|\b(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})(?!\d)",  # March 17, 2026
    re.IGNORECASE,
)
# Whole dates written day first, in any language: "5. 10. 2017", "5.10.2017", "5. října 2017", "3 de octubre de
# 2017", "28 September 2026" (a named month only when days.parse_day reads the words as one).
_DAY_FIRST_DATE = re.compile(
    r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?((?:19|20)\d{2})(?!\d|\.\d)"
    r"|(?<![\d.])(?P<named>\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,}\.?\s+(?:de\s+)?((?:19|20)\d{2}))(?!\d)"
)


def whole_date_years(text: str) -> Iterator[int]:
    """The years of the whole dates ``text`` writes (``_WHOLE_DATE``, ``_DAY_FIRST_DATE``)."""
    for match in _WHOLE_DATE.finditer(text):
        yield int(next(g for g in match.groups() if g))
    for match in _DAY_FIRST_DATE.finditer(text):
        named = match.group("named")
        if named is None or parse_day(named) is not None:
            yield int(match.group(1) or match.group(3))


def _dated_pages_year(root: Path, homes: Sequence[str] = HOME_PAGES) -> tuple[str, int] | None:
    """(page, year) for a site whose settings and home page name no term year: the year most of the whole
    dates on its home and course pages (syllabus, about, schedule, calendar) fall in, the latest on a tie;
    None when those pages hold no whole date. Bare years ("published in 2019") are not counted."""
    counts: dict[int, int] = {}
    first_page: dict[int, str] = {}
    for name in (*homes, *_COURSE_PAGES):
        text = read_small(root, name, 100_000)
        for year in whole_date_years(text):
            counts[year] = counts.get(year, 0) + 1
            first_page.setdefault(year, name)
    if not counts:
        return None
    year = max(counts, key=lambda y: (counts[y], y))
    return f"dates on {first_page[year]}", year


# A copyright line in the site's footer ("Ted Chen &copy; 2025", "© 2019-2024", "Copyright (c) 2023"): the
# year a site whose settings and pages name no term is kept for, the last year of a range.
_COPYRIGHT_YEAR = re.compile(
    r"(?:&copy;|&#169;|©|\(c\)|\bcopyright\b)\s*(?:(?:19|20)\d{2}\s*(?:-|–|—|&ndash;|to)\s*)?((?:19|20)\d{2})(?![\d/-])",
    re.IGNORECASE,
)
_FOOTER_PAGES = ("_includes/footer.html", "_includes/footer.md", "_layouts/default.html")


def _copyright_year(
    root: Path, settings: Sequence[tuple[str, str]], homes: Sequence[str] = HOME_PAGES
) -> tuple[str, int] | None:
    """(where, year) of the first copyright year in the settings of _config.yml (``footer_content``), else
    on the home page or the footer include; None when the site writes none. The weakest sign of the term:
    used only where nothing else names it."""
    for where, text in settings:
        match = _COPYRIGHT_YEAR.search(text)
        if match:
            return f"{where} copyright", int(match.group(1))
    for name in (*homes, *_FOOTER_PAGES):
        match = _COPYRIGHT_YEAR.search(read_small(root, name, 100_000))
        if match:
            return f"{name} copyright", int(match.group(1))
    return None


_ISO_DAY = re.compile(r"^\s*((?:19|20|21)\d{2})-(\d{1,2})-(\d{1,2})(?![\d])")


def find_term_start(data: dict[str, Any]) -> tuple[dt.date | None, int]:
    """The term's first day from _config.yml (``term_start_date: "2021-09-20"``, ``start_date: 2018-09-23
    00:00:00.00-8:00``: a whole date, the time left out) and the week number it starts (``start_week: 1``)."""
    term_start: dt.date | None = None
    term_start_week = 1
    for key in TERM_START_KEYS:
        value = data.get(key)
        day: dt.date | None = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str) and (match := _ISO_DAY.match(value)):
            try:
                day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                day = None
        if day is not None:
            term_start = day
            break
    for key in TERM_START_WEEK_KEYS:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2:
            term_start_week = value
            break
    return term_start, term_start_week
