"""Tables for people: a rich table on a terminal; plain text when stdout is a pipe or a file.

Plain text is one line per row with the cells separated by tabs (a header line first, the title and caption
above it), every URL whole on one line, so ``coursebot schedule | grep`` or ``> schedule.txt`` stays readable
and ``cut -f`` works. Cells come from course posts and are untrusted: control characters are removed, and
tabs and line breaks inside a cell become spaces (several links in one cell are separated by a space).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 (but tab/newline), DEL, C1: no escape sequences
_BREAKS = re.compile(r"[\t\r\n]+")


def plain_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return _CONTROL.sub("", _BREAKS.sub(" ", text)).strip()


def terminal_name(name: str) -> str:
    """A file name as printed for people: as it is when every character is printable, else its Python repr
    (quoted, with control characters escaped), so an ANSI escape or a line break in a file name is seen,
    never obeyed by the terminal, and a name that is not valid UTF-8 (lone surrogates) cannot fail the print."""
    return name if name.isprintable() else repr(name)


def terminal_text(text: str) -> str:
    """``text`` with every character that is not printable (control and format characters, line breaks,
    lone surrogates) escaped as a repr escapes it (``\\x1b``, ``\\n``, ``\\u202e``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in text)


def problem_line(problem: Any) -> str:
    """``FILE:LINE: severity: message`` for a terminal: the file name by :func:`terminal_name`, the message
    (which may quote file names) by :func:`terminal_text`."""
    return (f"{terminal_name(problem.file)}:{problem.line}: {terminal_text(problem.severity)}: "
            f"{terminal_text(problem.message)}")


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Grid:
    """Rows under named columns, printed as a rich table on a terminal, else as plain tab-separated text.
    Columns named in ``fold`` hold URLs: on a terminal they wrap whole (never cut with an ellipsis)."""

    def __init__(self, title: str, columns: Sequence[str], *, caption: str = "", fold: Sequence[str] = ()) -> None:
        self.title = title
        self.columns = list(columns)
        self.caption = caption
        self.fold = set(fold)
        self.rows: list[list[str]] = []

    def add_row(self, *cells: object) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(["" if c is None else str(c) for c in cells])

    def plain(self) -> str:
        lines = [plain_cell(self.title)]
        if self.caption:
            lines.append(plain_cell(self.caption))
        lines.append("\t".join(plain_cell(c) for c in self.columns))
        lines.extend("\t".join(plain_cell(c) for c in row) for row in self.rows)
        return "\n".join(lines) + "\n"

    def print(self, stream: TextIO | None = None) -> None:
        out = stream if stream is not None else sys.stdout
        if not is_terminal(out):
            out.write(self.plain())
            out.flush()
            return
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(self.title), caption=Text(self.caption) if self.caption else None)
        for column in self.columns:
            table.add_column(column, overflow="fold" if column in self.fold else "ellipsis")
        for row in self.rows:
            table.add_row(*(Text(_CONTROL.sub("", cell)) for cell in row))  # never read as rich markup
        Console(file=out, highlight=False, soft_wrap=False).print(table)


__all__ = ["Grid", "is_terminal", "plain_cell", "problem_line", "terminal_name", "terminal_text"]
