"""Days as course pages write them, and the first meeting day a module file lists. Pure text rules, no site.

``parse_day`` reads a day with or without a year (``Wednesday, September 28``, ``09/10``,
``2022-09-28``); ``bot.course.dates`` gives a year-less day the term's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.course.session_vocabulary import MONTHS, WEEKDAYS

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_DASH = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_MMDD = re.compile(r"^(\d{2})(\d{2})$")


def parse_schedule_token(token: str) -> tuple[int | None, int, int] | None:
    """``"0118"``, ``"01/30"``, ``"1/30"``, ``"1/30/24"``, ``"2024-01-30"`` -> (year or None, month, day)."""
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


_WORD = re.compile(r"[A-Za-z]+\.?|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d+(?:st|nd|rd|th)?")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)?$")


def _month_of(word: str) -> int | None:
    word = word.rstrip(".").lower()
    if len(word) < 3:
        return None
    for number, name in enumerate(MONTHS, start=1):
        if name.startswith(word) or (word == "sept" and number == 9):
            return number
    return None


def _weekday_of(word: str) -> int | None:
    word = word.rstrip(".").lower()
    if len(word) < 2:
        return None
    for number, name in enumerate(WEEKDAYS):
        if name.startswith(word) or (len(word) >= 3 and word in ("tues", "thur", "thurs", "weds")
                                     and name.startswith(word[:3])):
            return number
    return None


def parse_day(text: str) -> Day | None:
    """A day as people write it on a course page: ``Wednesday, September 28``, ``Sept. 28, 2022``,
    ``28 September``, ``Wed 9/28``, ``09/10``, ``2022-09-28``. None when the text is not only a day
    (a word other than a weekday, a month or an ordinal suffix makes it something else). A misspelt
    weekday (``Firday``) is a word that is not a day name: it is ignored when a month and day follow."""
    text = text.strip()
    if not text or len(text) > 60:
        return None
    tokens = _WORD.findall(text)
    rest = _WORD.sub(" ", text)
    if rest.strip(" ,.-–—()|:"):
        return None  # other characters: not only a day
    month = day = year = weekday = None
    unknown_words = 0
    for token in tokens:
        if token[0].isalpha():
            if month is None and (m := _month_of(token)) is not None:
                month = m
            elif weekday is None and (w := _weekday_of(token)) is not None:
                weekday = w
            else:
                unknown_words += 1
            continue
        parsed = parse_schedule_token(token) if ("/" in token or "-" in token) else None
        if parsed is not None:
            if day is not None:
                return None
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
    if month is None or day is None or unknown_words > 1 or (unknown_words and weekday is not None):
        return None
    if not 1 <= day <= 31:
        return None
    return Day(month, day, year, weekday)


_DEFLIST_TERM_NEXT = re.compile(r"^ {0,3}:[ \t]")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
_BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(.+?)\1[ \t]*(?:\{:[^}]*\})?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def first_listed_day(body: str) -> str | None:
    """The first meeting day a module file lists: the first definition-list term (the line before a
    ``: definition`` line, blank lines between allowed), heading or bold line whose whole text is a day
    (``09/10``, ``Mon Sept 8``). Code blocks and HTML comments are skipped. None when there is none."""
    if ":" not in body and "#" not in body and "**" not in body and "__" not in body:
        return None
    lines = body.split("\n")
    in_fence = in_comment = False
    pending: str | None = None  # a day-like line waiting for its ": definition"
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            pending = None
            continue
        if in_fence:
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if line.lstrip().startswith("<!--") and "-->" not in line:
            in_comment = True
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if pending is not None and _DEFLIST_TERM_NEXT.match(line):
            return pending
        pending = None
        heading = _HEADING.match(line) or _BOLD_LINE.match(line)
        text = (heading.group(heading.lastindex or 1) if heading else stripped).strip()
        if parse_day(text) is None:
            continue
        if heading:
            return text
        pending = text
    return None
