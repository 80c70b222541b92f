"""Page series: the plain pages of a Jekyll site that the site presents as one series, such as its lectures.

A Jekyll site may keep its sessions outside every collection: ordinary pages in a folder (``lectures/Lecture-1.md``,
``lectures/Lecture-2.md``) that the theme's navigation lists as the children of one listing page (just-the-docs:
each says ``parent: "Lectures"`` and ``nav_order: N``, under ``lectures/index.md`` with ``has_children: true``).
Such a folder is a page series when at least two of its pages (files with a markdown extension of the site; GitHub
Pages renders them with or without front matter, jekyll-optional-front-matter being one of its default plugins) name
the same ``parent:``, or are numbered with the same word naming a meeting (``Lecture-1``, ``week2``, ``lec03``:
session_vocabulary.MEETING_NAME_WORDS; a page without front matter can only share this). Its members are the pages that share such a mark; the listing page of the navigation (a page whose
front matter says ``has_children: true``) is not one of them, nor are the folder's other pages.

Only folders of the site's pages are looked at: not ``_``-prefixed ones (collections, Jekyll's own), not hidden
ones, not build output or dependencies (files.SKIP_DIRS), nothing ``_config.yml`` excludes, and not the site's
top folder (its home, syllabus and schedule pages are not a series). Whether the series holds the sessions is
bot.course.select's decision: only when no collection of the site does.

Finding them reads the head of each such page (at most :data:`HEAD_BYTES`) with a line scan of its front matter,
not the YAML parser: the post parse reads the whole file later, for the series chosen.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from bot.course.files import SKIP_DIRS, SiteFiles
from bot.course.models import Problem
from bot.course.session_vocabulary import MEETING_NAME_WORDS, PAGE_LISTING_KEYS, PAGE_ORDER_KEYS, PAGE_PARENT_KEYS

#: The bytes of a page read to find its front matter marks (a front matter longer than this is read no further).
HEAD_BYTES = 4096
#: Pages of one folder sharing a mark that make it a series.
MIN_PAGES = 2

_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_NUMBERED = re.compile(r"^([A-Za-z]+)[-_ ]?0*(\d{1,3})[a-z]?$")
_TRUE = frozenset({"true", "yes", "on"})


@dataclass(frozen=True, slots=True)
class PageSeries:
    """A folder of pages presented as one series (see the module docstring)."""

    folder: str  # relative to the repository root, POSIX separators: "lectures", "docs/lectures"
    files: tuple[str, ...]  # its member pages, in path byte order
    sort_by: str | None = None  # the navigation's order key ("nav_order") when its pages carry it
    mark: str = ""  # what they share, for messages: 'parent: Lectures', 'numbered Lecture-N'


@dataclass(frozen=True, slots=True)
class _Head:
    keys: dict[str, str]


_NO_HEAD = _Head({})


def _scalar(value: str) -> str:
    """A one-line YAML scalar as written (``"Lectures"`` -> ``Lectures``); a comment after it is dropped."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value.split(" #", 1)[0].strip()


def read_head(files: SiteFiles, path: str) -> _Head | None:
    """The top-level ``key: value`` lines of the page's front matter, keys lower case; None without front matter."""
    try:
        raw = files.read(path, HEAD_BYTES)
    except OSError:
        return None
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    keys: dict[str, str] = {}
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            break
        match = _KEY_LINE.match(line)
        if match:
            keys.setdefault(match.group(1).lower(), _scalar(match.group(2)))
    return _Head(keys)


def meeting_number_word(stem: str) -> str | None:
    """The word naming a meeting that a file name numbers its page with (``wk2`` -> ``wk``, ``Lecture-10`` ->
    ``lecture``), lower case; None for a name that is not so numbered (``exam``, ``Checklist``)."""
    numbered = _NUMBERED.match(stem)
    if numbered is None or numbered.group(1).lower() not in MEETING_NAME_WORDS:
        return None
    return numbered.group(1).casefold()


def _marks(stem: str, head: _Head) -> list[tuple[str, str]]:
    """What a page may share with its folder's other pages: the parent it names, the word it is numbered with."""
    out = []
    for key in PAGE_PARENT_KEYS:
        if head.keys.get(key):
            out.append((key, head.keys[key].casefold()))
    if (word := meeting_number_word(stem)) is not None:
        out.append(("numbered", word))
    return out


def _is_listing(head: _Head) -> bool:
    return any(head.keys.get(key, "").lower() in _TRUE for key in PAGE_LISTING_KEYS)


def find_page_series(
    files: SiteFiles, source_dir: str, accept: Callable[[str], bool], excluded: Callable[[str], bool],
    problems: list[Problem] | None = None,
) -> list[PageSeries]:
    """The page series of the Jekyll site whose source folder is ``source_dir`` ("" or "docs/"), in folder byte
    order. ``accept``: whether a file name is a page Jekyll renders (its markdown extensions); ``excluded``:
    whether ``_config.yml`` leaves a path out. Files that cannot be listed safely are added to ``problems``."""
    listing = files.list_files(source_dir.rstrip("/"), accept, skip_dirs=SKIP_DIRS,
                               skip_dir=lambda name: name.startswith("_"))
    if problems is not None:
        problems.extend(listing.problems)
    by_folder: dict[str, list[str]] = defaultdict(list)
    top = source_dir.rstrip("/")
    for path in listing.files:
        folder = str(PurePosixPath(path).parent)
        if folder in (".", top) or excluded(path):
            continue
        by_folder[folder].append(path)
    out: list[PageSeries] = []
    for folder in sorted(by_folder, key=lambda f: f.encode("utf-8", "surrogateescape")):
        paths = by_folder[folder]
        if len(paths) < MIN_PAGES:
            continue
        # a page without front matter is rendered all the same on GitHub Pages (jekyll-optional-front-matter, one
        # of its default plugins): it can only share the number of its name
        heads = {p: h for p in paths if not _is_listing(h := read_head(files, p) or _NO_HEAD)}
        marks = {p: _marks(PurePosixPath(p).stem, h) for p, h in heads.items()}
        counts = Counter(m for ms in marks.values() for m in set(ms))
        shared = {m for m, n in counts.items() if n >= MIN_PAGES}
        if not shared:
            continue
        members = tuple(p for p in paths if p in marks and shared & set(marks[p]))
        order = next((key for key in PAGE_ORDER_KEYS if any(key in heads[p].keys for p in members)), None)
        kind, value = max(shared, key=lambda m: (counts[m], m[0] != "numbered"))
        shown = f"{kind}: {heads[next(p for p in members if (kind, value) in marks[p])].keys.get(kind, value)}" \
            if kind != "numbered" else f"numbered {value}-N"
        out.append(PageSeries(folder, members, order, shown))
    return out


def series_folders(series: Sequence[PageSeries]) -> list[str]:
    return [s.folder for s in series]
