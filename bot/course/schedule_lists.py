"""Schedule lists: the bulleted items of a home or schedule page that name a session with its day.

Besides tables (bot.course.schedule_rows), a course page often lays its schedule out as a list, a week an item
and its meetings nested under it::

    - Week 1
      - [Lecture 1 (Feb 6)](lectures/lec1): Course introduction
      - [Lecture 2 (Feb 8)](lectures/lec2): Fundamentals
    - Week 2
      - Lecture 3 (Feb 13): Tutorial of the structured data module

An item names a meeting when its lead (the text of the link it opens with and what follows that link before a
``:``, else its text before the first ``:``) is a session's label and its day, ``Lecture 1 (Feb 6)`` or ``[Week 1](week01.md)
_(2025-02-02)_`` (the day in parentheses). A day alone before the colon (``- Sep 3: [HW 1](hw1) released``) is
how a home page lists its news, not its meetings, and names none. Such an item is a dated entry of the site's schedule like a table row
(:class:`bot.course.data_schedule.DataEntry`: the day as written, the pages of the site it links). An item that
links no page but names its meeting by the label and number the linked items use (``Lecture 3`` beside
``[Lecture 1 (..)](lectures/lec1)``) names the page those items' links name with its number (``lectures/lec3``).
A page is a schedule list only with at least ``MIN_ITEMS`` such items.

Pure text rules, linear: one pass over the page's lines, each item cut with ``str.find``.
"""

from __future__ import annotations

import re

from bot.course.data_schedule import DataEntry, link_targets, reference_parts
from bot.course.days import _shown, leading_day

MIN_ITEMS = 2
MAX_ITEMS = 2000
MAX_LEAD = 80  # an item's lead is short: a label and a day
_ITEM = re.compile(r"[ \t]{0,16}[-*+][ \t]+(\S[^\n]{0,4999})")
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)
_MARKUP = str.maketrans("", "", "*_`")
# a session's label: a word and its number ("Lecture 3", "Lec. 3", "Class 12")
_LABEL = re.compile(r"([^\W\d_]{2,20})\.?\s*(\d{1,3})")
# the label then its day in parentheses at the end of the lead: "Lecture 1 (Feb 6)"
_LABELLED_DAY = re.compile(r"(.{1,40}?)\s*\(([^()]{3,40})\)")
_NUMBER = re.compile(r"(?<!\d)(\d{1,3})(?!\d)")


def _lead(content: str) -> str:
    """The item's lead: the text of the link it opens with and the words after that link before a ``:``
    (``[Week 1](week01.md) _(2025-02-02)_: ...`` -> ``Week 1 _(2025-02-02)_``), else its text up to the first ``:``."""
    if content.startswith("["):
        close = content.find("](")
        end = content.find(")", close + 2) if close > 0 else -1
        if 0 < close <= MAX_LEAD + 2 and end > 0:
            colon = content.find(":", end)
            after = content[end + 1 : colon if colon >= 0 else len(content)]
            return content[1:close] + (" " + after if len(after) <= 40 and "](" not in after else "")
    colon = content.find(":")
    return content[: colon if 0 < colon <= MAX_LEAD else min(len(content), MAX_LEAD + 1)]


def _meeting(lead: str) -> tuple[str, tuple[str, int] | None] | None:
    """(day as written, (label word lower case, number) or None) of an item's lead that names a meeting and its
    day; None for any other lead."""
    text = " ".join(lead.translate(_MARKUP).split())
    if not text or len(text) > MAX_LEAD or not any(c.isdigit() for c in text):
        return None
    match = _LABELLED_DAY.fullmatch(text)
    if match:
        day = leading_day(match.group(2))
        if day is None:
            return None
        label = _LABEL.fullmatch(match.group(1))
        return day, (label.group(1).lower(), int(label.group(2))) if label else None
    # a day alone before the item's colon ("- Sep 3: [HW 1](hw1) released") is a home page's news, not its schedule
    return None


def _numbered(parts: tuple[str, ...], number: int) -> tuple[str, str] | None:
    """The page name of a linked item's path cut at the one place it writes the item's number (``lec1`` for
    Lecture 1 -> ``("lec", "")``, ``lecture-01`` -> ``("lecture-", "")`` with its width kept in the number's
    place); None when the name writes the number not exactly once."""
    found = [m for m in _NUMBER.finditer(parts[-1]) if int(m.group(1)) == number]
    if len(found) != 1 or len(_NUMBER.findall(parts[-1])) != 1:
        return None
    return parts[-1][: found[0].start()], parts[-1][found[0].end():]


def list_entries(text: str) -> list[DataEntry]:
    """The schedule items of a page, in page order (see the module docstring); none when fewer than
    ``MIN_ITEMS``."""
    if "- " not in text and "* " not in text and "+ " not in text:
        return []
    items: list[tuple[str, tuple[str, int] | None, tuple[tuple[str, ...], ...]]] = []
    # label word -> (folders, name before the number, after it, width of the number) from the linked items
    patterns: dict[str, tuple[tuple[str, ...], str, str, int]] = {}
    for line in text.split("\n"):
        match = _ITEM.fullmatch(line)
        if match is None:
            continue
        content = match.group(1).strip()
        found = _meeting(_lead(content))
        if found is None:
            continue
        day, label = found
        references = tuple(dict.fromkeys(
            parts for target in link_targets(content) if not _EXTERNAL.match(target)
            and (parts := reference_parts(target))))
        items.append((day, label, references))
        if label is not None and len(references) == 1 and label[0] not in patterns:
            cut = _numbered(references[0], label[1])
            if cut is not None:
                digits = len(references[0][-1]) - len(cut[0]) - len(cut[1])
                patterns[label[0]] = (references[0][:-1], cut[0], cut[1], digits)
        if len(items) >= MAX_ITEMS:
            break
    out: list[DataEntry] = []
    for day, label, references in items:
        if not references and label is not None and label[0] in patterns:
            folders, before, after, digits = patterns[label[0]]
            references = ((*folders, f"{before}{label[1]:0{digits}d}{after}"),)
        if references:
            out.append(DataEntry(day, references))
    return out if len(out) >= MIN_ITEMS else []


# A calendar document (``_modules/week2.md`` of a release calendar): nothing but definition lists whose terms are
# days, each definition one line at the margin (``May 20`` / ``: [Week 2 Lectures Released](../lectures/week2)``),
# with headings or bold-only lines between them (``**Week 2**``, ``## Week 2``).
_DEFINITION = re.compile(r" ?:[ \t]+(\S.*)")
_HEADING_LINE = re.compile(r" {0,3}(?:#{1,6}[ \t]+\S.*|(\*\*|__)[^\n]+?\1[ \t]*(?:\{:[^}\n]{0,60}\})?)")
_TERM_MARKUP = " \t*_"


def calendar_entries(body: str) -> list[DataEntry] | None:
    """The dated entries of a calendar document's body (its text below the front matter): one per definition,
    dated by its term, with the pages of the site it links (none for an announcement that links nothing or only
    other sites); None when the body is not only such a calendar: a term that is not a day, a line that is no
    term, definition or heading (a paragraph, a list item), or a definition that goes on over more lines (a
    nested definition ``  : [Video](..)``, an indented continuation: a meeting's materials, not an announcement).
    HTML comments and fenced code are not read (days._shown). An empty body is no calendar either."""
    out: list[DataEntry] = []
    day: str | None = None
    term_waiting = False  # a term line read, its definition not yet
    for line in _shown(body).split("\n")[:MAX_ITEMS * 4]:
        if not line.strip():
            continue
        definition = _DEFINITION.fullmatch(line.rstrip())
        if definition is not None:
            if day is None:
                return None
            term_waiting = False
            content = definition.group(1)
            references = tuple(dict.fromkeys(
                parts for target in link_targets(content) if not _EXTERNAL.match(target)
                and (parts := reference_parts(target))))
            out.append(DataEntry(day, references))
            if len(out) >= MAX_ITEMS:
                break
            continue
        if line[:1] in (" ", "\t") and not _HEADING_LINE.fullmatch(line.rstrip()):
            return None  # an indented line: a nested definition or a continuation
        if term_waiting:
            return None  # two lines before a definition: a paragraph
        if _HEADING_LINE.fullmatch(line.rstrip()):
            day = None
            continue
        term = leading_day(line.strip().strip(_TERM_MARKUP))
        if term is None:
            return None
        day, term_waiting = term, True
    if term_waiting or not out:
        return None
    return out
