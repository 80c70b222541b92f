"""YAML that does not load as a whole (front matter, ``_config.yml``): what a careful reader still sees.

A stray colon in a title (``title: Week 3: Markets``), a tab used for indentation, a line indented one space
too far: YAML refuses the whole document where a person reading the file sees every other line as it is.
:func:`recover` reads the document block by block (a top-level key and the lines under it), each alone, with
the same safe loader and limits (:func:`bot.course.front_matter_yaml.load_front_matter`). A block that does not load
alone is read by these rules, each named in a note (line and what YAML said):

- tabs in its indentation are read as spaces;
- ``key: value`` whose value YAML refuses is the value as written, a string (quotes around it dropped),
  except a ``[`` list or ``{`` mapping that does not close on its line: left out;
- lines indented under a ``key: value`` line are read as keys of their own (indented by mistake);
- ``key:`` over indented lines is the mapping or list those lines give, read by the same rules;
- any other line is left out (a note says so: ``lost`` marks it, as it marks a value left out). What is
  lost may be what the line meant (``title "Week 3"`` without its colon): the callers decide what then.

A document that is no mapping at all (a list, a bare word) is not recovered: None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: how deep ``key:`` blocks are read again by the rules (deeper ones are left out whole)
MAX_DEPTH = 8
_KEY_LINE = re.compile(r"""^(?P<key>"[^"]*"|'[^']*'|[^\s#'"\-:?&*!|>%@`{\[][^:]*?|-[^\s:][^:]*?)\s*:(?:[ \t]+(?P<value>.*?))?\s*$""")
_ITEM = re.compile(r"^-(?:[ \t]|$)")

Loader = Callable[..., tuple[Any, dict[str, str]]]


@dataclass(frozen=True, slots=True)
class Note:
    line: int  # 1-based, in the file
    message: str
    lost: bool = False  # something on the line is not read at all


@dataclass(slots=True)
class Recovered:
    data: dict[Any, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # top-level scalars as written (see load_front_matter)
    notes: list[Note] = field(default_factory=list)


def recover(text: str, load: Loader, error: Exception, *, first_line: int = 1) -> Recovered | None:
    """``text`` (YAML that ``load`` refused with ``error``) read by the rules above; None when it is no mapping.
    ``first_line``: the file line of ``text``'s first line. ``load(text, first_line=N)`` is the safe loader; it
    raises the refusals this reads past (``ValueError`` and its kin), any other exception goes through."""
    lines = [_spaces(line) for line in text.split("\n")]
    out = Recovered()
    if "\t" in text and (tabbed := _tab_line(text, first_line)) is not None:
        try:
            data, raw = load("\n".join(lines), first_line=first_line)
        except ValueError:
            out.notes.append(Note(tabbed, "tabs in the indentation read as spaces"))
        else:
            if isinstance(data, dict):
                out.data, out.raw = data, raw
                out.notes.append(Note(tabbed, f"{error}; tabs in the indentation read as spaces"))
                return out
    top = [(i, line) for i, line in enumerate(lines) if _opens_block(line)]
    if not top or any(_ITEM.match(line) for _, line in top[:1]):
        return None
    head = "\n".join(lines[: top[0][0]])
    if head.strip() and not all(_blank(line) for line in lines[: top[0][0]]):
        out.notes.append(Note(first_line, "lines before the first key are not key: value lines; left out", lost=True))
    for n, (start, _line) in enumerate(top):
        end = top[n + 1][0] if n + 1 < len(top) else len(lines)
        _read_block(lines[start:end], first_line + start, load, out, top_level=True, depth=0)
    return out


def _read_block(block: list[str], line: int, load: Loader, out: Recovered, *, top_level: bool, depth: int) -> None:
    """One block (a key line and the lines under it, indentation removed) into ``out.data``."""
    text = "\n".join(block)
    try:
        data, raw = load(text, first_line=line)
    except ValueError as exc:
        if getattr(exc, "hostile", False):
            raise  # an alias bomb is refused whole, never read around
        refusal: ValueError | None = exc
    else:
        refusal = None
        if isinstance(data, dict):
            out.data.update(data)
            if top_level:
                out.raw.update(raw)
            return
        if data is None:
            return
    if refusal is None:
        out.notes.append(Note(line, f"{block[0].strip()[:60]!r} is not a key: value line; left out", lost=True))
        return
    match = _KEY_LINE.match(block[0])
    where = getattr(refusal, "line", line)
    if match is None:
        out.notes.append(Note(where, f"{refusal}; {block[0].strip()[:60]!r} is not a key: value line, left out",
                              lost=True))
        return
    key = _unquote(match.group("key").strip())
    value = match.group("value")
    children = _dedent(block[1:])
    if value is not None and not value.startswith("#"):
        read = _scalar_alone(block[0], line, load)
        if read is None and _unclosed(value):  # a list or mapping that does not close: unknown
            out.notes.append(Note(where, f"{refusal}; {key}: left out", lost=True))
            return
        if read is None:
            read = _unquote(value)
            out.notes.append(Note(line, f"{refusal}; read as {key}: {read!r}"))
        out.data[key] = read
        if top_level and isinstance(read, str):
            out.raw[key] = read
        if any(not _blank(c) for c in children):
            out.notes.append(Note(line + 1, f"lines indented under {key}: read as keys of their own"))
            _read_lines(children, line + 1, load, out, depth=depth)
        return
    if depth >= MAX_DEPTH or not any(not _blank(c) for c in children):
        out.notes.append(Note(where, f"{refusal}; {key}: left out", lost=True))
        return
    inner = Recovered()
    first_child = next(i for i, c in enumerate(children) if not _blank(c))
    if _ITEM.match(children[first_child]):
        out.data[key] = _read_items(children, line + 1, load, inner, depth=depth + 1)
    else:
        _read_lines(children, line + 1, load, inner, depth=depth + 1)
        out.data[key] = inner.data
    out.notes.extend(inner.notes)


def _read_lines(lines: list[str], line: int, load: Loader, out: Recovered, *, depth: int) -> None:
    """Lines of a mapping (indentation removed): each block read by :func:`_read_block`."""
    starts = [i for i, text in enumerate(lines) if _opens_block(text)]
    if not starts:
        if any(not _blank(text) for text in lines):
            out.notes.append(Note(line, "lines that are not key: value lines; left out", lost=True))
        return
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        _read_block(lines[start:end], line + start, load, out, top_level=False, depth=depth)


def _read_items(lines: list[str], line: int, load: Loader, out: Recovered, *, depth: int) -> list[Any]:
    """Lines of a list (``- ...`` items, indentation removed): each item alone, else by the rules."""
    starts = [i for i, text in enumerate(lines) if _ITEM.match(text)]
    items: list[Any] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        item = lines[start:end]
        body = ["  " + item[0][1:].lstrip()] + item[1:]
        try:
            value, _raw = load("\n".join(["-" + item[0][1:]] + item[1:]), first_line=line + start)
            items.append(value[0] if isinstance(value, list) and value else value)
            continue
        except ValueError as exc:
            refusal = exc
        inner = Recovered()
        lines_of = _dedent(body)
        if _KEY_LINE.match(lines_of[0]):
            _read_lines(lines_of, line + start, load, inner, depth=depth)
            items.append(inner.data)
            out.notes.extend(inner.notes)
        else:
            items.append(_unquote(" ".join(t.strip() for t in lines_of if t.strip())))
            out.notes.append(Note(line + start, f"{refusal}; list item read as written"))
    return items


def _scalar_alone(text: str, line: int, load: Loader) -> Any | None:
    """The value of one ``key: value`` line when it loads alone; None when it does not."""
    try:
        data, _raw = load(text.strip(), first_line=line)
    except ValueError:
        return None
    if isinstance(data, dict) and len(data) == 1:
        return next(iter(data.values()))
    return None


def _opens_block(line: str) -> bool:
    return bool(line) and line[0] not in " #" and line.strip() not in ("", "---", "...")


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _dedent(lines: list[str]) -> list[str]:
    widths = [len(t) - len(t.lstrip(" ")) for t in lines if not _blank(t)]
    cut = min(widths, default=0)
    return [t[cut:] if len(t) >= cut else t.lstrip(" ") for t in lines]


def _unclosed(value: str) -> bool:
    """A value that opens a ``[`` list or ``{`` mapping and does not close it on its line (``[Draft] Week 3``
    closes: a reader sees that text)."""
    return value[:1] in ("[", "{") and (value.count("[") > value.count("]") or value.count("{") > value.count("}"))


def _unquote(value: str) -> str:
    """A value as a reader sees it: the quotes around it dropped, a lone opening or closing one too."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value[:1] in ("\"", "'") and value[0] not in value[1:]:
        return value[1:].strip()
    if value[-1:] in ("\"", "'") and value[-1] not in value[:-1]:
        return value[:-1].strip()
    return value


def _spaces(line: str) -> str:
    """``line`` with each tab of its indentation read as four spaces."""
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)].replace("\t", "    ") + body


def _tab_line(text: str, first_line: int) -> int | None:
    """The file line of the first line indented with a tab; None when none is."""
    for i, line in enumerate(text.split("\n")):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            return first_line + i
    return None
