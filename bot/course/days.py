"""Days as course pages write them, and the first meeting day a module file lists. Pure text rules, no site.

``parse_day`` reads a day with or without a year (``Wednesday, September 28``, ``09/10``,
``2022-09-28``), in English or another European language (``5. října``, ``12. 10.``, ``el 3 de octubre``: the
names are ``bot.course.calendar_words``' data); ``bot.course.dates`` gives a year-less day the term's year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.course.calendar_words import (
    DAY_FILLERS, DAY_FIRST_LANGUAGES, MONTH_FIRST_LANGUAGES, MONTH_FORMS, RANGE_FROM_WORDS, RANGE_TO_WORDS,
    WEEKDAY_FORMS, month_table, weekday_table, week_of_pattern,
)
from bot.course.session_vocabulary import MONTHS, WEEKDAYS

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")  # 2024-09-28, 2024/09/28, 2024.09.28
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_DASH = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_MMDD = re.compile(r"^(\d{2})(\d{2})$")


def parse_schedule_token(token: str) -> tuple[int | None, int, int] | None:
    """``"0118"``, ``"01/30"``, ``"1/30"``, ``"1/30/24"``, ``"2024-01-30"``, ``"2024/01/30"`` -> (year or None,
    month, day)."""
    token = token.strip()
    for pattern, order in ((_ISO, "ymd"), (_SLASH, "mdy"), (_DASH, "md"), (_MMDD, "md")):
        match = pattern.match(token)
        if not match:
            continue
        groups = match.groups()
        year: int | None
        if order == "ymd":
            year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
        else:
            month, day = int(groups[0]), int(groups[1])
            year = int(groups[2]) if len(groups) > 2 and groups[2] else None
            if year is not None and year < 100:
                year += 2000
        if 1 <= month <= 12 and 1 <= day <= 31:
            return year, month, day
        return None
    return None


@dataclass(frozen=True, slots=True)
class Day:
    """A day as a page writes it: month and day, maybe a year and a weekday (0 = Monday)."""

    month: int
    day: int
    year: int | None = None
    weekday: int | None = None


# a word (any script), an ISO day, a day-first dotted day (``12. 10.``, ``12.10.2017``), a slashed day, a number
_WORD = re.compile(r"[^\W\d_]+\.?|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?(?!\d)|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
                   r"|\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{4})?"
                   r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d+(?:st|nd|rd|th)?")
_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}))?$")
# A day written year first with dots, as Korean, Hungarian, Chinese and Japanese pages do ("2021.03.04",
# "2021. 3. 4."): year, month, day, whatever the language (a year never ends a month-day pair).
_YEAR_FIRST_DOTTED = re.compile(r"^(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)?$")


@lru_cache(maxsize=8)
def _month_names(language: str | None) -> dict[str, int]:
    return month_table(language if language in MONTH_FORMS else None)


@lru_cache(maxsize=8)
def _weekday_names(language: str | None) -> dict[str, int]:
    return weekday_table(language if language in WEEKDAY_FORMS else None)


def _month_of(word: str, language: str | None = None) -> int | None:
    """The month an English name or abbreviation (any prefix of three letters or more) or another language's
    name (``října``, ``Oktober``, ``déc.``: calendar_words) names; None otherwise."""
    word = word.rstrip(".").lower()
    if len(word) < 3:
        return None
    if word.isascii():
        for number, name in enumerate(MONTHS, start=1):
            if name.startswith(word) or (word == "sept" and number == 9):
                return number
    return _month_names(language).get(word)


def _weekday_of(word: str, language: str | None = None) -> int | None:
    word = word.rstrip(".").lower()
    if len(word) < 2:
        return None
    if word.isascii():
        for number, name in enumerate(WEEKDAYS):
            if name.startswith(word) or (len(word) >= 3 and word in ("tues", "thur", "thurs", "weds")
                                         and name.startswith(word[:3])):
                return number
    return _weekday_names(language).get(word)


def _numeric_day(token: str, language: str | None) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a day written in numbers: ``2021. 3. 4.`` / ``2021.03.04`` year first,
    ``12. 10.`` / ``12.10.2017`` day first (month
    first on a Hungarian site), ``9/28`` month first unless the site's language writes days first (``3/10`` on
    a Czech or French site is 3 October; ``25/10``, no day month first, is 25 October anywhere), ISO dates as
    they are."""
    year_first = _YEAR_FIRST_DOTTED.match(token)
    if year_first is not None:
        year, month, day = map(int, year_first.groups())
        return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None
    dotted = _DOTTED.match(token)
    if dotted is not None:
        first, second = int(dotted.group(1)), int(dotted.group(2))
        day, month = (second, first) if language in MONTH_FIRST_LANGUAGES else (first, second)
        year = int(dotted.group(3)) if dotted.group(3) else None
        return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None
    month_first = parse_schedule_token(token)
    token = token.strip()
    match = None if _ISO.match(token) else _SLASH.match(token) or _DASH.match(token)
    if match is None:
        return month_first
    groups = match.groups()
    day, month = int(groups[0]), int(groups[1])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return month_first  # "9/28": month first, whatever the site's language
    if month_first is not None and language not in DAY_FIRST_LANGUAGES:
        return month_first  # "3/10" on an English (or unknown) site: March 10
    year = int(groups[2]) if len(groups) > 2 and groups[2] else None
    if year is not None and year < 100:
        year += 2000
    return year, month, day


def weekday_of(word: str) -> int | None:
    """The weekday a single word names (``Tuesday``, ``Tue.``, ``Thurs``, ``čtvrtek``) as 0 (Monday) to 6; None
    otherwise."""
    return _weekday_of(word) if word.isalpha() or word.rstrip(".").isalpha() else None


def parse_day(text: str, language: str | None = None) -> Day | None:
    """A day as people write it on a course page: ``Wednesday, September 28``, ``Sept. 28, 2022``,
    ``28 September``, ``Wed 9/28``, ``09/10``, ``2022-09-28``, and in other languages ``5. října``,
    ``Donnerstag, 5. Oktober``, ``el 3 de octubre``, ``12. 10.``. None when the text is not only a day
    (a word other than a weekday, a month or an ordinal suffix makes it something else; ``de`` / ``am`` /
    ``dne`` beside a month's name are nothing). A misspelt weekday (``Firday``) is a word that is not a day
    name: it is ignored when a month and day follow. ``language``: the site's (``SiteInfo.language``), for a
    month name two languages read differently and for ``3/10`` written day first (see :func:`_numeric_day`)."""
    text = text.strip()
    if not text or len(text) > 60:
        return None
    tokens = _WORD.findall(text)
    rest = _WORD.sub(" ", text)
    if rest.strip(" ,.-–—()|:"):
        return None  # other characters: not only a day
    month = day = year = weekday = None
    unknown_words = fillers = 0
    named = False  # the month is given by its name
    for token in tokens:
        if token[0].isalpha():
            if month is None and (m := _month_of(token, language)) is not None:
                month, named = m, True
            elif weekday is None and (w := _weekday_of(token, language)) is not None:
                weekday = w
            elif token.rstrip(".").lower() in DAY_FILLERS:
                fillers += 1
            else:
                unknown_words += 1
            continue
        numeric = "/" in token or "-" in token or token.count(".") >= 1
        parsed = _numeric_day(token, language) if numeric else None
        if parsed is not None:
            if day is not None or month is not None:
                return None  # "Feb. 7/9" is two days of February, not July 9
            year = parsed[0] if parsed[0] is not None else year
            month, day = parsed[1], parsed[2]
            continue
        match = _ORDINAL.match(token)
        if not match:
            return None
        number = int(match.group(1))
        if len(match.group(1)) == 4 and year is None:
            year = number
        elif day is None and 1 <= number <= 31:
            day = number
        else:
            return None
    if not named:
        unknown_words += fillers
    if month is None or day is None or unknown_words > 1 or (unknown_words and weekday is not None):
        return None
    if not 1 <= day <= 31:
        return None
    return Day(month, day, year, weekday)


# Lines that can label a meeting day, found in one pass by the regex engine (each match starts at a
# newline, a literal it finds fast): a heading, a bold-only line, or a definition-list term (the line
# before a ``: definition`` line, blank lines between allowed). A label is short; parse_day decides.
# The label runs are possessive (``{1,60}+``): a label ends at its line's end, so giving characters back
# never makes a match, and a line longer than a label fails at once instead of being retried 60 times.
_CANDIDATE = re.compile(
    r"\n(?: {0,3}(?:"
    r"#{1,6}[ \t]+(?P<heading>[^\n]{1,60}+)"
    r"|(?P<mark>\*\*|__)(?P<bold>[^\n]{1,60}?)(?P=mark)[ \t]*(?:\{:[^}\n]{0,60}\})?[ \t]*"
    r"|(?P<term>[^\s:#*<>|-][^\n]{0,59}+)(?=\n(?:[ \t]*\n)* {0,3}:[ \t])"
    r"|[*_]{0,2}(?i:date|when|day|(?:lecture|class|session|meeting)\s+date)[ \t]*:?[*_]{0,2}[ \t]*:[ \t]*[*_]{0,2}"
    r"(?P<labelled>[^\n]{1,60}+)"
    r")"
    # an HTML element alone on its line, at any indentation (``<span class="date-label">Sept 10</span>``):
    # a day label when it is a <time> element or its class or id names a date (_DATE_ATTRIBUTE)
    r"|[ \t]*(?P<element><(?P<tag>time|span|div|p|strong|b|em|td|th|li|dt|h[1-6]|summary)\b[^<>\n]{0,300}+>)"
    r"[ \t]*(?P<html>[^<>\n]{1,60}+)</(?P=tag)[ \t]*>[ \t]*"
    r")(?=\n|$)"
)
_DATE_ATTRIBUTE = re.compile(r"""\b(?:class|id)\s*=\s*["'][^"'<>]{0,100}?(?<![A-Za-z])date(?![A-Za-z])""", re.IGNORECASE)
# A time after a labelled day ("Date: Tue, Sept 30, 2:00-3:15pm"): not part of the day.
_TIME_TAIL = re.compile(r"[\s,@|–-]*(?:\b(?:at|from)\s+)?(\d{1,2}:\d{2}|\d{1,2}\s*[ap]\.?m\.?(?![a-z])).*$", re.IGNORECASE)
# "Week of Mar 31" labels a week by its first day ("Semaine du 19 janvier", "Woche vom 19. Januar": calendar_words).
_WEEK_OF = re.compile(r"^(?:the\s+)?" + week_of_pattern(), re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_FENCE_LINE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)  # is there any fence line at all?
_DIGIT = re.compile(r"\d")


def _shown(body: str) -> str:
    """The body without HTML comments and fenced code blocks (text the page does not show as a label)."""
    if "<!--" in body:
        parts: list[str] = []
        start = 0
        while (opening := body.find("<!--", start)) != -1:
            parts.append(body[start:opening])
            closing = body.find("-->", opening + 4)
            start = len(body) if closing == -1 else closing + 3
        parts.append(body[start:])
        body = "".join(parts)
    # a one-character test first: it runs at memory speed, a three-character one does not
    if (("`" in body and "```" in body) or ("~" in body and "~~~" in body)) and _FENCE_LINE.search(body):
        kept: list[str] = []
        fence: str | None = None
        for line in body.split("\n"):
            match = _FENCE.match(line)
            if match and (fence is None or match.group(1) == fence):
                fence = match.group(1) if fence is None else None
                continue
            if fence is None:
                kept.append(line)
        body = "\n".join(kept)
    return body


def first_listed_day(body: str) -> str | None:
    """The first meeting day a module file lists: the first definition-list term (the line before a
    ``: definition`` line, blank lines between allowed), heading or bold line whose whole text is a day
    (``09/10``, ``Mon Sept 8``) or a range of days (``9/28–10/2``: its first day), a level-1 heading that names its day as a title does (``# Week 2 - Sept 21``:
    ``title_day``), a line that labels one (``**Date:** Mon 9/30``, ``When: Sept 30, 2pm``), or
    an HTML element alone on its line that labels one (``<span class="date-label">Sept 10</span>``, a
    ``<time>``). Code blocks and HTML comments are skipped. None when there is none."""
    for match in _CANDIDATE.finditer("\n" + _shown(body)):
        labelled = match.group("labelled")
        if match.group("element") is not None:
            if match.group("tag").lower() != "time" and not _DATE_ATTRIBUTE.search(match.group("element")):
                continue
            text = _WEEK_OF.sub("", match.group("html").strip())
        elif labelled:  # "**Date:** Mon 9/30", "When: Sept. 30, 2pm"
            text = _TIME_TAIL.sub("", labelled.strip().strip("*_").strip()).strip(" ,*_")
        else:
            text = (match.group("heading") or match.group("bold") or match.group("term") or "").strip().rstrip("#").strip()
            if not _DIGIT.search(text):
                continue  # both tests below need a digit (most headings and terms have none)
            text = _WEEK_OF.sub("", text)  # "Week of Mar 31": the week's first day
        # a day label has a digit and at most four words ("Wednesday, September 28, 2022")
        if text and text.count(" ") <= 4 and _DIGIT.search(text):
            if parse_day(text) is not None:
                return text
            # a range of days ("9/28–10/2", "11/2–6", "Sep 3 - Sep 5"): the module meets from its first day on
            if ("–" in text or "-" in text or "—" in text) and (first := leading_day(text)) is not None:
                return first
        # the page's title heading names its day after its label, as a title does ("# Week 2 - Sept 21")
        if match.group("heading") is not None and match.group(0).lstrip("\n ").startswith("# ") and _DIGIT.search(text):
            named = title_day(text)
            if named is not None:
                return named
    return None


# A range of days ("Sep 3 - Sep 5", "September 3–5, 2024", "9/3 to 9/5"): the part before the first range
# word or dash that stands between words (an ISO date's own dashes have digits on both sides).
# A list of days ("Jan. 24/26", "Jan. 31/Feb. 2") is cut the same way, at a slash before a day or a month
# (never inside a date: "9/3/2024" has digits after its slashes, the year a third).
_RANGE_SPLIT = re.compile(r"\s+(?:-{1,2}|–|—|" + "|".join(map(re.escape, sorted(RANGE_TO_WORDS, key=len, reverse=True)))
                          + r")\s+|\s*[–—]\s*|\s*-\s*(?=[\dA-Za-z])"
                          r"|\s*/\s*(?=[A-Za-z]|\d{1,2}(?![\d/]))", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d{2})(?![\d/])")
_DAY_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|\.)?$")
_NUMBER_IN_DAY = re.compile(r"(?<![\d.])(\d{1,2})(?:st|nd|rd|th)?(?!\d)")  # "3", "3rd": the ordinal suffix goes too


def _range_start(first: str, end: str) -> str | None:
    """The first day of a range whose first part is a day's number alone and whose end names the month
    (``19`` - ``26 January``, ``du 19`` au ``26 janvier``, ``19.`` bis ``26. Januar``, ``Mon 19`` - ``Fri 23
    January``): the end's text with its day number and weekday the first part's ("19 janvier", "Mon 19 January").
    None when ``first`` is no day number (with a weekday or an opening "from" word: calendar_words) or the end is
    no later day of a month it names."""
    words = first.replace(",", " ").split()
    if words and words[0].lower() in RANGE_FROM_WORDS:
        words = words[1:]
    number = None
    weekday = []
    for word in words:
        match = _DAY_NUMBER.match(word)
        if match and number is None:
            number = int(match.group(1))
        elif _weekday_of(word) is not None and _month_of(word) is None:
            weekday.append(word)
        else:
            return None
    last = parse_day(end)
    if number is None or last is None or not 1 <= number < last.day:
        return None
    kept = " ".join(w for w in end.split() if _weekday_of(w.strip(",")) is None or _month_of(w.strip(",")) is not None)
    numbers = [m for m in _NUMBER_IN_DAY.finditer(kept) if int(m.group(1)) == last.day]
    if not numbers:
        return None
    text = " ".join([*weekday, kept[: numbers[0].start()] + str(number) + kept[numbers[0].end():]]).strip(" ,")
    start = parse_day(text)
    return text if start is not None and (start.month, start.day) == (last.month, number) else None


def leading_day(text: str) -> str | None:
    """The day a front matter date value names, as a text ``parse_day`` reads: the value itself when it is
    only a day, else without a time after it ("Sept 3, 2pm", "Tue Sep 3, 10:00-11:15", "Tue, Sept 3 @ 3pm"),
    else the first day of a range ("Sep 3 - Sep 5"; "September 3–5, 2024" -> "September 3, 2024", the
    range's year going with its first day). None when the value names no day."""
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if parse_day(text) is not None:
        return text
    timeless = _TIME_TAIL.sub("", text).strip(" ,@|")
    if timeless and timeless != text and parse_day(timeless) is not None:
        return timeless
    rest = timeless or text
    for match in _RANGE_SPLIT.finditer(rest):  # the first cut whose left part is a day
        first = rest[: match.start()].strip(" ,")
        day = parse_day(first) if first else None
        if day is not None:
            if day.year is None and (year := _YEAR.search(rest, match.end())) is not None:
                return f"{first}, {year.group(1)}"
            return first
        start = _range_start(first, rest[match.end():].strip(" ,")) if first else None
        if start is not None:  # "19-26 January", "du 19 au 26 janvier": the month and year go with the first day
            return start
    return None


# Where a title names its session's day: the whole title ("November 1, 2024"), a part in parentheses
# ("Week 2 - What is Digital History? (August 29)", "Intro (1/15)"), or the part before or after the
# title's first or last separator, ``:`` / `` - `` before ``,`` ("Jan 4: Overview", "Week 3 - Sept 14").
_PARENTHESES = re.compile(r"\(([^()]{3,40})\)")
_TITLE_SEPARATORS = (re.compile(r"\s*(?::|\s[-–—|]\s)\s*"), re.compile(r",\s+"))


_RANGE_WORDS = RANGE_TO_WORDS | RANGE_FROM_WORDS
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)


def _only_day_words(text: str) -> bool:
    """Every word of ``text`` is a month or weekday name, or a range word (``Part 1/2`` is not a day, ``Sept 14``
    and ``Sept 14 to Sept 16`` are)."""
    words = re.findall(r"[^\W\d_]+", _ORDINAL_SUFFIX.sub("", text))  # "May 2nd": "nd" is no word of its own
    named = any(_month_of(w) is not None for w in words)  # "3 de octubre": "de" beside a month's name
    return all(_month_of(w) is not None or _weekday_of(w) is not None or w.lower() in _RANGE_WORDS
               or (named and w.lower() in DAY_FILLERS) for w in words)


def _title_part_day(text: str) -> str | None:
    """The part itself when it is a day, else the first day of the days it lists or spans (``Jan. 24/26``,
    ``Feb. 28/Mar. 2``, ``Mar. 13–19``): a week's title is dated by its first day."""
    text = _WEEK_OF.sub("", text.strip().strip("*_").strip())
    if text and _DIGIT.search(text) and _only_day_words(text):
        return leading_day(text)
    return None


def title_day(title: str | None) -> str | None:
    """The day a session's title names, as written (see ``_PARENTHESES``/``_TITLE_SEPARATORS``); None when
    it names none. Only parts made of a day's words count: a number in a title ("Lecture 3", "Part 1/2",
    "Chapter 9") is no day."""
    if not title or len(title) > 200:
        return None
    found = _title_part_day(title)
    if found:
        return found
    for match in _PARENTHESES.finditer(title):
        found = _title_part_day(match.group(1))
        if found:
            return found
    for separator in _TITLE_SEPARATORS:
        parts = separator.split(title)
        if len(parts) > 1:
            for part in (parts[0], parts[-1]):
                found = _title_part_day(part)
                if found:
                    return found
    return None


# Front matter lists of a module's meetings (``days: [{date: 2019-04-01, events: ...}, ...]``, the older
# "Just the Class" module): the first entry's date dates the module, as its first listed day does.
# Front matter lists whose entries are the meetings a page covers (``days: [{date: ..}]``, a week page's
# ``units: [{topic: .., date: Tues 1/23}]``); never a list of readings, whose dates are publication dates.
_MEETING_LISTS = ("days", "meetings", "sessions", "lectures", "classes", "schedule", "dates", "units", "parts",
                  "topics", "agenda")
_ENTRY_DATE_KEYS = ("date", "day", "when")


def _meeting_dates(metadata: Mapping[str, Any]) -> Iterator[Any]:
    """The date values of the meeting lists' entries in the front matter, in key and list order."""
    for key in _MEETING_LISTS:
        entries = metadata.get(key)
        if not isinstance(entries, list):
            continue
        for entry in entries[:100]:
            if isinstance(entry, Mapping):
                for name in _ENTRY_DATE_KEYS:
                    value = entry.get(name)
                    if value is not None:
                        yield value


def first_front_matter_day(metadata: Mapping[str, Any]) -> dt.date | None:
    """The date of the first entry, with a whole date, of a meeting list in the front matter; None
    when there is none."""
    for value in _meeting_dates(metadata):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and (match := _ISO.match(value.strip()[:10])):
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                continue
    return None


def first_front_matter_day_text(metadata: Mapping[str, Any]) -> str | None:
    """The day of the first entry of a meeting list in the front matter that names one without a year
    (``units: [{date: Tues 1/23, ...}]``), as :func:`leading_day` gives it; None when there is none (a
    whole date there is :func:`first_front_matter_day`'s)."""
    for value in _meeting_dates(metadata):
        if isinstance(value, str) and value.strip():
            day = leading_day(value.strip()[:80])
            if day is not None:
                return day
    return None


# The opening of a page: its title heading(s), then a few lines before anything that starts the page's matter.
_OPENING_LINES = 3  # text lines (not headings) read after the title heading
_OPENING_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_OPENING_STOP = re.compile(r"^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>|\||```|~~~|<|:[ \t])")
_LIQUID_LINE = re.compile(r"^\{%.*%\}$")  # ``{% include header.html %}``: shows nothing of its own here
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_LINE_MARKUP = re.compile(r"^[*_]{1,3}(.+?)[*_]{1,3}$")


def opening_date_line(body: str) -> str | None:
    """The session's date a page writes as a line of its own at its top: right after its title heading (a
    level-1 heading, or whatever heading opens the body), among its first ``_OPENING_LINES`` lines and before any
    list, table, quote, code block or further section heading, a line that is only a whole day with its year
    (``October 23, 2013``, ``Wed 23 Oct 2013``, ``2013-10-23``, ``*October 23, 2013*``), as written. None when
    there is none: a day in a sentence ("We meet on October 23, 2013"), a day without its year, a news line
    (``Sep 3: HW 1 released``) or a day under a section of the page is not the page's date."""
    text_lines = 0
    headings = 0
    for line in _shown(body).split("\n", 60)[:60]:
        stripped = line.strip()
        if not stripped or _LIQUID_LINE.match(stripped):
            continue
        heading = _OPENING_HEADING.match(line)
        if heading is not None:
            # the title heading: the first line, or any level-1 heading before the page's text
            if (headings or text_lines) and len(heading.group(1)) > 1:
                return None
            headings += 1
            continue
        if _OPENING_STOP.match(line):
            return None
        if text_lines and _SETEXT.match(line):  # the line above was a setext heading
            continue
        text_lines += 1
        if text_lines > _OPENING_LINES:
            return None
        candidate = stripped.rstrip("\\").strip()
        marked = _LINE_MARKUP.match(candidate)
        if marked is not None:
            candidate = marked.group(1).strip()
        if _DIGIT.search(candidate) and (day := parse_day(candidate)) is not None and day.year is not None:
            return candidate
    return None
