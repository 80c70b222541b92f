"""The site's schedule page: the Liquid date list (``{% assign d = "|0118|0123|..." | split: "|" %}``).

Every sync looks for it, so the scan is bounded: at most ``MAX_FILES`` candidate files and
``MAX_FILE_BYTES`` of each (``MAX_TOTAL_BYTES`` in all), read through :class:`bot.course.files.SiteFiles`
(inside the site, regular files only). The scan is linear: each Liquid tag is found with ``str.find`` and
matched on its own with a pattern whose every repetition stops at a different delimiter (no
backtracking), and what a file gives is cached by the hash of its bytes, so an unchanged site costs a read
and a hash per candidate.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.course.files import SiteFiles
from bot.course.models import EARLIEST_DATE, LATEST_DATE, Problem
from bot.course.session_vocabulary import SCHEDULE_PAGE_WORDS

MAX_FILES = 200
MAX_FILE_BYTES = 512 * 1024
MAX_TOTAL_BYTES = 8 * 1024 * 1024
_CACHE_SIZE = 1024
SUFFIXES = (".html", ".htm", ".md", ".markdown", ".liquid")
FOLDERS = ("", "_pages", "_includes", "_layouts")

# one Liquid tag's inside: assign NAME = "..." | split: "..." (each repetition ends at its own delimiter)
_ASSIGN_TAG = re.compile(
    r"""-?\s*assign\s+\w+\s*=\s*(?:"([^"]*)"|'([^']*)')\s*\|\s*split\s*:\s*(?:"([^"]*)"|'([^']*)')"""
)
_DATE_TOKEN = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}-\d{1,2})$")
_EXPLICIT_YEAR = re.compile(r"^(\d{4})-|/(\d{4})$")
_TEMPLATE_FOLDERS = ("_includes/", "_layouts/")
_NAME_WORDS = re.compile(r"[a-z]+")
_SKIP_CONDITION = re.compile(r"""post\.(extra|platform)\b|post\.title\s+contains\s+["']Section""")


@dataclass(frozen=True, slots=True)
class _FileFinding:
    """The longest date list of one file (None: none) and whether its template skips non-meetings."""

    tokens: tuple[str, ...] | None
    skips: bool


@dataclass(frozen=True, slots=True)
class Schedule:
    dates: list[str]  # raw tokens, stripped
    file: str | None
    skips_non_meetings: bool


_cache: OrderedDict[str, _FileFinding] = OrderedDict()


def date_lists(text: str) -> list[list[str]]:
    """Every ``assign ... | split: SEP`` list of ``text`` whose tokens mostly look like dates (raw tokens)."""
    out: list[list[str]] = []
    position = 0
    while True:
        start = text.find("{%", position)
        if start < 0:
            break
        end = text.find("%}", start + 2)
        if end < 0:
            break
        position = end + 2
        tag = text[start + 2 : end]
        if "assign" not in tag or "split" not in tag:
            continue
        match = _ASSIGN_TAG.match(tag.lstrip())
        if not match:
            continue
        value = match.group(1) if match.group(1) is not None else match.group(2)
        separator = match.group(3) if match.group(3) is not None else match.group(4)
        if not separator:
            continue
        tokens = value.split(separator)
        filled = [t.strip() for t in tokens if t.strip()]
        if len(filled) < 2 or sum(bool(_DATE_TOKEN.match(t)) for t in filled) < 0.8 * len(filled):
            continue
        out.append(tokens)
    return out


def _finding(data: bytes) -> _FileFinding:
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    found = _cache.get(key)
    if found is not None:
        _cache.move_to_end(key)
        return found
    text = data.decode("utf-8", errors="replace")
    best: list[str] | None = None
    if "assign" in text and "split" in text:
        for tokens in date_lists(text):
            if best is None or sum(bool(t.strip()) for t in tokens) > sum(bool(t.strip()) for t in best):
                best = tokens
    found = _FileFinding(tuple(best) if best is not None else None, bool(best) and bool(_SKIP_CONDITION.search(text)))
    _cache[key] = found
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return found


def candidates(files: SiteFiles, problems: list[Problem]) -> list[str]:
    """The files a schedule page may be: the index page first, then the top-level pages, ``_pages``,
    ``_includes`` and ``_layouts`` (not recursive), at most ``MAX_FILES``."""
    out: list[str] = [name for name in ("index.html", "index.md", "index.markdown") if files.is_file(name)]
    for folder in FOLDERS:
        listing = files.list_files(folder, lambda name: name.lower().endswith(SUFFIXES), recursive=False)
        out.extend(path for path in listing.files if path not in out)
    if len(out) > MAX_FILES:
        problems.append(Problem(
            out[MAX_FILES], 1, "warning",
            f"more than {MAX_FILES} pages could hold the schedule's date list; only the first {MAX_FILES} are read",
        ))
        out = out[:MAX_FILES]
    return out


def schedule_pages(files: SiteFiles, folders: Sequence[str] = ()) -> list[str]:
    """The pages whose front matter and tables may hold the schedule's dated entries (bot.course.data_schedule):
    the candidate pages above (the index page, the top-level pages, ``_pages``), then each collection folder's own schedule or overview page, a document at the top of
    the folder whose name says so (``_schedule/00-overview.md``, ``_lectures/calendar.md``: the words of
    ``session_vocabulary.SCHEDULE_PAGE_WORDS``)."""
    # the pages themselves: templates (_includes, _layouts) hold no dated rows of their own. candidates() warns
    # about its bound itself, in find_schedule
    out = [path for path in candidates(files, []) if not path.startswith(_TEMPLATE_FOLDERS)]
    for folder in folders:
        listing = files.list_files(folder, _schedule_named, recursive=False)
        out.extend(path for path in listing.files if path not in out)
    return out


def _schedule_named(name: str) -> bool:
    if not name.lower().endswith(SUFFIXES):
        return False
    words = _NAME_WORDS.findall(name.rsplit(".", 1)[0].lower())
    return any(word in SCHEDULE_PAGE_WORDS for word in words)


def find_schedule(files: SiteFiles, problems: list[Problem]) -> Schedule:
    """The date list of the schedule page: the longest list, the index page first (ties keep the first)."""
    best: tuple[int, tuple[str, ...], str, bool] | None = None
    total = 0
    for path in candidates(files, problems):
        if total >= MAX_TOTAL_BYTES:
            problems.append(Problem(path, 1, "warning", f"schedule search stopped after {MAX_TOTAL_BYTES:,} bytes"))
            break
        try:
            data = files.read(path, MAX_FILE_BYTES)
        except OSError:
            continue
        total += len(data)
        found = _finding(data)
        if found.tokens is None:
            continue
        count = sum(bool(t.strip()) for t in found.tokens)
        if best is None or count > best[0]:
            best = (count, found.tokens, path, found.skips)
    if best is None:
        return Schedule([], None, True)
    tokens = [t.strip() for t in best[1]]
    for token in tokens:
        year = _EXPLICIT_YEAR.search(token)
        if year and not EARLIEST_DATE.year <= int(year.group(1) or year.group(2)) <= LATEST_DATE.year:
            problems.append(Problem(best[2], 1, "error", (
                f"schedule date {token!r} is outside the dates the bot accepts "
                f"({EARLIEST_DATE.year}-{LATEST_DATE.year}); ignored")))
    return Schedule(tokens, best[2], best[3])
