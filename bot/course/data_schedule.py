"""Schedule data files: ``_data/*.yml`` (``.yaml``, ``.json``) entries that give a date and link a session's page.

Many course templates keep the calendar as data (``_data/schedule.yml``) and render the schedule page from
it; an entry names its day and links the session it holds (``topic: "[Introduction](notes/introduction)"``,
``link: /lectures/02-regression/``, ``{% link _lectures/l3.md %}``). That link is the session's date on the
schedule page (shared/corpus/gold/SPEC.md: the date as the schedule shows it), whatever the order of the files.

An entry is any mapping in the data with a date key (``date``, ``day``, ``lecture_date``, ... as in
``session_vocabulary.DAY_KEYS``) whose value is a day (``2020-01-21 08:30``, ``Tue Sep 3``) and whose own
string values hold links: markdown links, ``href``, ``{% link %}`` / ``{% post_url %}`` tags, or a path
under a link key (``url``, ``link``, ``page``, ``slug``, ...). A reference is kept as the parts of its path
(``notes/introduction`` -> ``("notes", "introduction")``); dates.py matches them to sessions by file name or
permalink.

The same entries come from the schedule pages themselves (bot.course.schedule.schedule_pages): the front matter
of a page that lists weeks and days (``weeks: {'5': {Mon: {date: 2024/09/23, content: 8a}}}``), and the rows of
its schedule tables (bot.course.schedule_rows: ``<td> 09/12/2016 </td>`` ... ``href=".../rendezvous.html"``).
An entry's word may key another data file's rows: ``content: 8a`` links what ``_data/modules.yml``'s
``8a: {name: ..., page: /lectures/lec8-time-clocks}`` links (a data file that maps keys to rows).

Every sync reads this, so it is bounded like the schedule page: at most ``MAX_FILES`` files of
``MAX_FILE_BYTES`` each, ``MAX_ENTRIES`` entries, through SiteFiles (inside the site, regular files), the YAML
by the safe loader with its alias guard, and what a file gives cached by the hash of its bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.course.days import leading_day
from bot.course.files import SiteFiles
from bot.course.models import Problem
from bot.course.session_vocabulary import DAY_KEYS, MEETING_NAME_WORDS

MAX_FILES = 50
MAX_FILE_BYTES = 512 * 1024
MAX_ENTRIES = 5000
MAX_PAGES = 250  # schedule pages read for front matter entries and table rows (bot.course.schedule.candidates)
MAX_PAGE_TOTAL = 8 * 1024 * 1024
DATA_FOLDER = "_data"
_SUFFIXES = (".yml", ".yaml", ".json")
_CACHE_SIZE = 256
_MAX_KEY = 64  # a key into another data file is one short word
_LINK_KEYS = frozenset({"url", "link", "href", "page", "path", "file", "slug", "permalink", "notes_url",
                        "lecture_url", "session_url"})

_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]{1,300})>?(?:\s+\"[^\"]*\")?\s*\)")
_HREF = re.compile(r"""href\s*=\s*["']([^"'\s]{1,300})["']""", re.IGNORECASE)
_LIQUID_LINK = re.compile(r"\{%-?\s*(?:link|post_url)\s+([^\s%}]{1,300})")
_LIQUID_OUTPUT = re.compile(r"\{\{[^}]{0,200}\}\}")
_SCHEME_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*", re.IGNORECASE)
_PAGE_SUFFIX = re.compile(r"\.(?:md|markdown|html?)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DataEntry:
    """One dated entry: its day as written (``2020-01-21``, ``Tue Sep 3``) and the paths it links."""

    day: str
    references: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class DataSchedule:
    entries: tuple[DataEntry, ...] = ()
    files: tuple[str, ...] = ()  # the data files that gave entries, in the order read


_cache: OrderedDict[str, "_FileFinding"] = OrderedDict()


def reference_parts(target: str) -> tuple[str, ...]:
    """A link target as the parts of its path, lower case: ``{{ site.baseurl }}/notes/introduction/`` and
    ``https://x.org/c/notes/introduction.html#top`` -> ``("notes", "introduction")`` (the host dropped, an
    ``_`` before a collection folder kept off: ``_notes/introduction.md`` is the same page)."""
    text = _LIQUID_OUTPUT.sub("", target.strip())
    text = _SCHEME_HOST.sub("", text).split("#", 1)[0].split("?", 1)[0]
    text = _PAGE_SUFFIX.sub("", text.strip().strip("/"))
    return tuple(part.lstrip("_").lower() for part in text.split("/") if part and part not in (".", ".."))


def _targets(key: str, value: str) -> list[str]:
    if "{{" in value:  # ``[Bits]({{ site.baseurl }}/notes/bits/)``: the output tag is no part of the path
        value = _LIQUID_OUTPUT.sub("", value)
    found = [m.group(1) for m in _MARKDOWN_LINK.finditer(value)] if "](" in value else []
    if "href" in value.lower():
        found += [m.group(1) for m in _HREF.finditer(value)]
    if "{%" in value:
        found += [m.group(1) for m in _LIQUID_LINK.finditer(value)]
    if not found and key in _LINK_KEYS and value.strip() and " " not in value.strip():
        found.append(value)
    return found


# A meeting's label and number as a page's title or file name writes them ("Session 1", "Session 1: Intro",
# "Lecture 03 - Trees", "session1", "session-01"); the label one of session_vocabulary.MEETING_NAME_WORDS.
_NUMBERED_TITLE = re.compile(r"([^\W\d_]{2,20})\.?[ \t]*[-_]?[ \t]*0*(\d{1,3})(?:[ \t]*(?:[:(,–—|]|[ \t]-[ \t]).*)?",
                             re.DOTALL)


def numbered_name(label: str, number: int) -> str | None:
    """The name a schedule row keyed by meeting number gives the page it numbers: ``session#1`` for the label
    ``Session`` (or ``sessions``) and 1; None when the label is no word for a meeting."""
    word = label.strip().lower()
    if word not in MEETING_NAME_WORDS and word.endswith("s") and word[:-1] in MEETING_NAME_WORDS:
        word = word[:-1]
    return f"{word}#{number}" if word in MEETING_NAME_WORDS else None


def numbered_names(*texts: str | None) -> list[str]:
    """The numbered names (:func:`numbered_name`) that a page's titles or file name give it: ``Session 1`` and
    ``session1`` -> ``session#1``."""
    out: list[str] = []
    for text in texts:
        match = _NUMBERED_TITLE.fullmatch(text.strip()) if text and len(text) <= 200 else None
        name = numbered_name(match.group(1), int(match.group(2))) if match else None
        if name is not None and name not in out:
            out.append(name)
    return out


def link_targets(text: str) -> list[str]:
    """The link targets ``text`` holds (markdown links, ``href``, ``{% link %}`` / ``{% post_url %}`` tags)."""
    return _targets("", text)


def collection_page_links(text: str, collection: str | None) -> int:
    """How many distinct pages of the collection ``collection`` (a folder, ``_schedule``) ``text`` links by a
    site address (``[..]({{site.baseurl}}/schedule/01-intro)``, ``href="/schedule/02/"``, ``{% link _schedule/03.md %}``):
    a path whose folder before the page is the collection's name. External addresses do not count."""
    if not collection or ("](" not in text and "href" not in text.lower() and "{%" not in text):
        return 0
    label = collection.rstrip("/").rsplit("/", 1)[-1].lstrip("_").lower()
    pages = set()
    for target in _targets("", text[:MAX_FILE_BYTES]):
        if _SCHEME_HOST.match(target.strip()):
            continue
        parts = reference_parts(target)
        if len(parts) >= 2 and parts[-2] == label:
            pages.add(parts[-1])
    return len(pages)


def _day_of(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return leading_day(value)
    return None


@dataclass(frozen=True, slots=True)
class _RawEntry:
    """An entry as its file gives it: besides its links, the words that may key another data file's rows
    (``content: 8a`` naming ``_data/modules.yml``'s ``8a: {page: /lectures/lec8}``)."""

    day: str
    references: tuple[tuple[str, ...], ...]
    words: tuple[str, ...] = ()


def _key_label(key: str) -> str:
    """A data key compared as a name (``Lecture-Date``, ``lecture date`` -> ``lecture_date``), as DAY_KEYS and
    _LINK_KEYS spell them."""
    return key.strip().lower().replace("-", "_").replace(" ", "_")


def _key_words(value: Any) -> list[str]:
    """The single words among a value (a string or number, or a list of them) that may be a row's key."""
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values[:50]:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            continue
        word = str(item).strip()
        if word and len(word) <= _MAX_KEY and not any(c.isspace() for c in word) and "/" not in word:
            out.append(word)
    return out


def _raw_entries(data: Any) -> list[_RawEntry]:
    out: list[_RawEntry] = []
    stack: list[tuple[Any, int]] = [(data, 0)]
    seen = 0
    while stack and len(out) < MAX_ENTRIES and seen < 20 * MAX_ENTRIES:
        node, depth = stack.pop()
        seen += 1
        if isinstance(node, list) and depth < 8:
            stack.extend((item, depth + 1) for item in reversed(node[:MAX_ENTRIES]))
        elif isinstance(node, Mapping) and depth < 8:
            keys = {_key_label(k): k for k in node if isinstance(k, str)}
            day_key, day = next(((name, d) for name in DAY_KEYS
                                 if name in keys and (d := _day_of(node[keys[name]])) is not None), (None, None))
            if day_key is not None and day is not None:
                references: list[tuple[str, ...]] = []
                words: list[str] = []
                for name, key in keys.items():
                    value = node[key]
                    values = value if isinstance(value, list) else [value]
                    for item in values[:50]:
                        if isinstance(item, str) and len(item) <= 5000:
                            references += [p for t in _targets(name, item) if (p := reference_parts(t))]
                    if name != day_key:
                        words += _key_words(value)
                if references or words:
                    out.append(_RawEntry(day, tuple(dict.fromkeys(references)), tuple(dict.fromkeys(words))))
            stack.extend((v, depth + 1) for v in reversed(list(node.values())) if isinstance(v, (list, Mapping)))
    return out


def keyed_rows(data: Any) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The rows of a data file that is a mapping of keys to rows (``8a: {name: ..., page: /lectures/lec8}``):
    each key and the paths its row links (its links, or a path under a link key such as ``page:``)."""
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    if not isinstance(data, Mapping):
        return out
    for key, row in list(data.items())[:MAX_ENTRIES]:
        if not isinstance(row, Mapping) or isinstance(key, bool) or not isinstance(key, (str, int)):
            continue
        references: list[tuple[str, ...]] = []
        for name, value in row.items():
            if isinstance(name, str) and isinstance(value, str) and len(value) <= 5000:
                label = _key_label(name)
                references += [p for t in _targets(label, value) if (p := reference_parts(t))]
        if references:
            out[str(key).strip()] = tuple(dict.fromkeys(references))
    return out


def _resolved(raw: Iterable[_RawEntry], rows: Mapping[str, tuple[tuple[str, ...], ...]]) -> list[DataEntry]:
    """The entries with the rows their words key added to their links; entries that link nothing are left out."""
    out = []
    for entry in raw:
        references = list(entry.references)
        for word in entry.words:
            references += rows.get(word, ())
        if references:
            out.append(DataEntry(entry.day, tuple(dict.fromkeys(references))))
    return out


def entries_of(data: Any, rows: Mapping[str, tuple[tuple[str, ...], ...]] | None = None) -> list[DataEntry]:
    """Every dated entry with links in a data file's content (mappings at any depth, bounded). ``rows``: the
    keyed rows of the site's data files (:func:`keyed_rows`); an entry's word that is one of their keys links
    what that row links."""
    return _resolved(_raw_entries(data), rows or {})


@dataclass(frozen=True, slots=True)
class _FileFinding:
    entries: tuple[_RawEntry, ...] = ()
    rows: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()  # keyed_rows, as pairs


def _cached(key: str) -> _FileFinding | None:
    found = _cache.get(key)
    if found is not None:
        _cache.move_to_end(key)
    return found


def _store(key: str, found: _FileFinding) -> _FileFinding:
    _cache[key] = found
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return found


def _file_entries(path: str, data: bytes, problems: list[Problem]) -> _FileFinding:
    key = "data:" + hashlib.blake2b(data, digest_size=16).hexdigest()
    if (found := _cached(key)) is not None:
        return found
    from bot.course.front_matter_yaml import FrontMatterError, load_front_matter  # the safe loader with its alias guard

    text = data.decode("utf-8-sig", errors="replace")
    content: Any = None
    try:
        content = json.loads(text) if path.lower().endswith(".json") else load_front_matter(text)[0]
    except FrontMatterError as exc:
        problems.append(Problem(path, exc.line, "warning", f"schedule data not read: {exc}"))
    except (ValueError, RecursionError) as exc:
        problems.append(Problem(path, 1, "warning", f"schedule data not read: {exc}"))
    if content is None:
        return _store(key, _FileFinding())
    return _store(key, _FileFinding(tuple(_raw_entries(content)), tuple(keyed_rows(content).items())))


def _front_matter(text: str) -> str | None:
    """The front matter block of a page (between its ``---`` lines), None when it has none."""
    if not text.startswith("---"):
        return None
    first = text.find("\n")
    if first < 0 or text[:first].strip() != "---":
        return None
    position = first + 1
    while True:
        end = text.find("\n---", position - 1)
        if end < 0:
            return None
        close = text.find("\n", end + 4)
        if text[end + 4 : close if close >= 0 else len(text)].strip() == "":
            return text[first + 1 : end + 1]
        position = end + 4


def _page_entries(path: str, data: bytes) -> _FileFinding:
    """A page's dated entries: those of its front matter (``weeks:`` -> day -> ``{date, content}``) and the
    rows of its schedule tables (bot.course.schedule_rows) and lists (bot.course.schedule_lists)."""
    key = "page:" + hashlib.blake2b(data, digest_size=16).hexdigest()
    if (found := _cached(key)) is not None:
        return found
    from bot.course.front_matter_yaml import FrontMatterError, load_front_matter
    from bot.course.schedule_lists import list_entries
    from bot.course.schedule_rows import table_entries

    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    raw: list[_RawEntry] = []
    block = _front_matter(text)
    if block is not None and any(name in block for name in ("date", "day", "when")):
        try:
            raw += _raw_entries(load_front_matter(block)[0])
        except (FrontMatterError, ValueError, RecursionError):
            pass  # the page's own parse (or none: it is no session) reports its front matter
    raw += [_RawEntry(e.day, e.references) for e in table_entries(text) + list_entries(text)]
    return _store(key, _FileFinding(tuple(raw)))


def find_data_schedule(files: SiteFiles, problems: list[Problem], pages: Iterable[str] = ()) -> DataSchedule:
    """The dated entries with links of the site's data files (``_data/``, not recursive, in name order), then
    those of the schedule pages ``pages`` (their front matter and tables, in the order given). An entry's word
    that keys a data file's rows (``content: 8a``) links what that row links."""
    raw: list[tuple[str, tuple[_RawEntry, ...]]] = []
    rows: dict[str, tuple[tuple[str, ...], ...]] = {}
    used: list[str] = []
    if files.is_dir(DATA_FOLDER):
        listing = files.list_files(DATA_FOLDER, lambda name: name.lower().endswith(_SUFFIXES), recursive=False)
        for path in listing.files[:MAX_FILES]:
            try:
                data = files.read(path, MAX_FILE_BYTES + 1)
            except OSError:
                continue
            if len(data) > MAX_FILE_BYTES:
                problems.append(Problem(path, 1, "warning", f"data file over {MAX_FILE_BYTES:,} bytes; not read for dates"))
                continue
            found = _file_entries(path, data, problems)
            for name, linked in found.rows:
                rows.setdefault(name, linked)
            if found.entries:
                raw.append((path, found.entries))
            if sum(len(e) for _p, e in raw) >= MAX_ENTRIES:
                break
    entries: list[DataEntry] = []
    for path, found_entries in raw:  # the keys are known once every data file is read
        resolved = _resolved(found_entries, rows)
        if resolved:
            entries.extend(resolved)
            used.append(path)
    total = 0
    for path in list(pages)[:MAX_PAGES]:
        if len(entries) >= MAX_ENTRIES or total >= MAX_PAGE_TOTAL:
            break
        try:
            data = files.read(path, MAX_FILE_BYTES)
        except OSError:
            continue
        total += len(data)
        found = _page_entries(path, data)
        resolved = _resolved(found.entries, rows)
        if resolved:
            entries.extend(resolved)
            used.append(path)
    return DataSchedule(tuple(entries[:MAX_ENTRIES]), tuple(used))


def entry_days(schedule: DataSchedule) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The entries by the last part of each path they link (a page's file name): (folders before it, day),
    in data order."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for entry in schedule.entries:
        for parts in entry.references:
            index.setdefault(parts[-1], []).append((parts[:-1], entry.day))
    return index


def iter_days(index: Mapping[str, list[tuple[tuple[str, ...], str]]], names: Iterable[str],
              folder: str) -> str | None:
    """The first day linked to a page named one of ``names`` (lower case) with no folder before it or the
    session's collection ``folder`` among the folders (``notes/introduction`` for ``_notes/introduction.md``)."""
    for name in names:
        for folders, day in index.get(name, ()):
            if not folders or folder in folders:
                return day
    return None
