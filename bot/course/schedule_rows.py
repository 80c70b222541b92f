"""Schedule tables: the rows of a schedule or syllabus page that pair a date cell and a link to a session's page.

A course page often lays its schedule out as a table, one meeting a row: an HTML ``<table>``
(``<tr><td> 09/12/2016 </td><td><a href="{{ site.baseurl }}/rendezvous.html">Data-Centric ...</a></td></tr>``) or a
markdown table (``| 5 | Sep 26 | Lab | [Analyzing Text]({{site.baseurl}}/schedule/05-text-lab) |``). Such a row is a
dated entry of the site's schedule like an entry of its data files (:class:`bot.course.data_schedule.DataEntry`:
the day as the cell writes it, the paths the row links): it dates the session whose page the row links
(bot.course.dates). A row's day is its first cell that is only a day (``Sep 26``, ``**2015-01-23**``,
``Tue 9/3 10am``); links to other sites are no session's page and are left out. A page is a schedule only with at
least ``MIN_ROWS`` such rows (one dated link in a page of prose is no schedule).

Pure text rules, linear: rows and cells are found with ``str.find``, never with a backtracking pattern.
"""

from __future__ import annotations

import html
import re

from bot.course.data_schedule import DataEntry, link_targets, numbered_name, reference_parts
from bot.course.days import leading_day

MIN_ROWS = 2
MAX_ROWS = 2000
MAX_CELL = 80  # a date cell is short: longer cells are topics or descriptions
MAX_ROW_CELLS = 12  # a row's day is in one of its first cells (a wider row is no schedule's)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_MARKUP = str.maketrans("", "", "*_`")


def _cell_day(cell: str) -> str | None:
    """The day a table cell holds when it holds only a day (markup and tags aside), as written."""
    text = _TAG.sub(" ", cell) if "<" in cell else cell
    text = " ".join(html.unescape(text).translate(_MARKUP).split())
    if not text or len(text) > MAX_CELL or not any(c.isdigit() for c in text):
        return None
    return leading_day(text)


def _may_link(row: str) -> bool:
    return "](" in row or "href" in row.lower() or "{%" in row


def _entry(cells: list[str], row: str) -> DataEntry | None:
    """The row's day and the site's pages it links; None when it links none (then no cell is parsed for a day:
    a table of numbers costs a scan) or has no day in its first ``MAX_ROW_CELLS`` cells."""
    references = [parts for target in link_targets(row) if not _EXTERNAL.match(target)
                  and (parts := reference_parts(target))]
    if not references:
        return None
    day = next((d for cell in cells[:MAX_ROW_CELLS] if (d := _cell_day(cell)) is not None), None)
    return DataEntry(day, tuple(dict.fromkeys(references))) if day is not None else None


class _Finder:
    """``text.find(needle, position)`` for increasing positions, each occurrence looked for once: the last found
    is kept while it lies ahead (and "none" once the text has none after a position), so looking for a tag at
    every row or cell start is linear, not quadratic, when the tag is far or missing."""

    __slots__ = ("text", "needle", "found", "searched")

    def __init__(self, text: str, needle: str) -> None:
        self.text, self.needle, self.found, self.searched = text, needle, -1, -1

    def next(self, position: int) -> int:
        if self.searched >= 0 and (self.found >= position or (self.found < 0 and self.searched <= position)):
            return self.found
        self.searched = position
        self.found = self.text.find(self.needle, position)
        return self.found


def _html_cells(row: str) -> list[str]:
    """The cells of one ``<tr>``: the text from each ``<td`` / ``<th`` to the next."""
    lower = row.lower()
    td, th = _Finder(lower, "<td"), _Finder(lower, "<th")
    starts = []
    position = 0
    while True:
        found = [i for i in (td.next(position), th.next(position)) if i >= 0]
        if not found:
            break
        start = min(found)
        starts.append(start)
        position = start + 3
    cells = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(row)
        opened = row.find(">", start, end)
        if opened >= 0:
            cells.append(row[opened + 1 : end])
    return cells


def html_rows(text: str) -> list[DataEntry]:
    """The dated rows with links of the HTML tables in ``text``, in page order."""
    out: list[DataEntry] = []
    lower = text.lower()
    opening, closing = _Finder(lower, "<tr"), _Finder(lower, "</tr")
    position = 0
    while len(out) < MAX_ROWS:
        start = opening.next(position)
        if start < 0:
            break
        end = closing.next(start + 3)
        following = opening.next(start + 3)
        if end < 0 or (0 <= following < end):  # an unclosed row ends where the next begins
            end = following if following >= 0 else len(text)
        row = text[start:end]
        position = max(end, start + 3)
        entry = _entry(_html_cells(row), row) if _may_link(row) else None
        if entry is not None:
            out.append(entry)
    return out


def markdown_rows(text: str) -> list[DataEntry]:
    """The dated rows with links of the markdown tables in ``text`` (lines of ``|``-separated cells)."""
    out: list[DataEntry] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.count("|") < 2 or len(stripped) > 5000:
            continue
        cells = stripped.strip("|").split("|")
        if len(cells) < 2 or all(not c.strip(" :-") for c in cells):
            continue
        entry = _entry(cells, stripped) if _may_link(stripped) else None
        if entry is not None:
            out.append(entry)
            if len(out) >= MAX_ROWS:
                break
    return out


_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
# a session's number as a keyed cell writes it: "4", "04", "4 (online)"
_NUMBER_CELL = re.compile(r"^0*(\d{1,3})(?:\s*\([^()]{0,40}\))?$")


def _number_column(header: list[str]) -> tuple[int, str] | None:
    """(index, label word) of the first header cell that names the meetings the rows number (``session``,
    ``Lecture``, ``Week``: data_schedule.numbered_name's words); None when no header cell does."""
    for index, cell in enumerate(header[:MAX_ROW_CELLS]):
        text = " ".join(cell.translate(_MARKUP).split()).rstrip(".:#").strip()
        if text and " " not in text and (name := numbered_name(text, 1)) is not None:
            return index, name.split("#", 1)[0]
    return None


def numbered_rows(text: str) -> list[DataEntry]:
    """The dated rows of the markdown tables in ``text`` that are keyed by the number of their meeting (a header
    ``| session | date | topic |`` over ``| 1 | April 25th | intro |``): each names the page numbered so
    (``Session 1``, ``session1``, ``session-01``: data_schedule.numbered_name) by the reference ``("session#1",)``.
    A table whose numbers repeat (two rows of week 3) keys no page by them; a row without a day gives none."""
    out: list[DataEntry] = []
    column: tuple[int, str] | None = None
    previous: list[str] | None = None
    pending: list[tuple[int, str]] = []
    looked = 0

    def close() -> None:
        numbers = [number for number, _day in pending]
        if len(set(numbers)) == len(numbers):
            out.extend(DataEntry(day, ((f"{column[1]}#{number}",),)) for number, day in pending if column)
        pending.clear()

    for line in text.splitlines():
        stripped = line.strip()
        cells = stripped.strip("|").split("|") if stripped.count("|") >= 2 and len(stripped) <= 5000 else None
        if cells is None:
            close()
            column, previous = None, None
            continue
        if all(_SEPARATOR_CELL.match(c) for c in cells):  # the line under the header
            close()
            column = _number_column(previous) if previous is not None else None
            previous = None
            continue
        previous = cells
        if column is None or column[0] >= len(cells) or looked >= MAX_ROWS:
            continue
        number = _NUMBER_CELL.match(" ".join(cells[column[0]].translate(_MARKUP).split()))
        if number is None:
            continue
        looked += 1
        day = next((d for i, cell in enumerate(cells[:MAX_ROW_CELLS]) if i != column[0]
                    and (d := _cell_day(cell)) is not None), None)
        if day is not None:
            pending.append((int(number.group(1)), day))
    close()
    return out[:MAX_ROWS]


def table_entries(text: str) -> list[DataEntry]:
    """The schedule rows of a page: its HTML table rows and markdown table rows that pair a day and a link to a
    page of the site, then the markdown rows keyed by their meeting's number (:func:`numbered_rows`); none of either
    kind when the page has fewer than ``MIN_ROWS`` of them."""
    rows = (html_rows(text) if "<tr" in text.lower() else []) + (markdown_rows(text) if "|" in text else [])
    numbered = numbered_rows(text) if "|" in text else []
    return (rows if len(rows) >= MIN_ROWS else []) + (numbered if len(numbered) >= MIN_ROWS else [])
