"""Scheduled pages: the plain pages of a Jekyll site that its schedule links one per dated row.

A site may keep no collection of sessions at all: each class is an ordinary page at the site's top (``foo.md``
beside ``index.md``, with front matter), and the schedule or syllabus page links it from the row of its table
that dates the meeting (``<tr><td> 09/12/2016 </td><td><a href="{{ site.baseurl }}/rendezvous.html">``, or a
markdown row ``| Sep 12 | [Data-Centric Programming](rendezvous) |``). Those rows are the schedule's dated entries
(bot.course.data_schedule: its data files' entries and its pages' table rows, bot.course.schedule_rows), already
read for the sessions' dates; this module only matches what they link to the site's pages.

A page is a scheduled page when a dated entry links it and no other page of the site (a row linking a lecture and
its homework page names no one session), at most :data:`MAX_DAYS` different days link it (a page every row
links, the syllabus or the slides index, is a page of the site), it is a page Jekyll renders (a markdown
extension of the site, or an HTML file with front matter) outside every collection and page series, ``_config.yml`` does not exclude it, and it is
not the home page, a schedule page that gave entries, or a page whose name says it is something else than a
meeting (``hw2``, ``staff``, ``announcements``, ``syllabus``: the words that veto a collection,
session_vocabulary.NON_SESSION_COLLECTIONS, NON_SESSION_CATEGORIES and SCHEDULE_PAGE_WORDS). Pages of one
folder, at least :data:`MIN_PAGES` of them, make a :class:`bot.course.page_series.PageSeries` (the top folder's
is ``"."``); whether they are the sessions is bot.course.select's decision, as for every page series: only when
no collection holds sessions.

A link names a page by its path (``rendezvous.html``, ``topics/trees/``) or by the ``permalink:`` of a page of the
top folder (``/lectures/intro/`` for ``01-intro.md``).

Calendars of page series: a collection may hold no sessions but the site's calendar (just-the-class
``_modules/week2.md``: ``May 20`` / ``: [Week 2 Lectures Released](../lectures/week2)``), whose dated entries link
the pages of a page series (bot.course.page_series: ``lectures/week2.md``, ``parent: Lectures``). Its documents are
then nothing but definition lists of days, each definition a one-line announcement
(bot.course.schedule_lists.calendar_entries), and at least half of them link a page of one series, at least
:data:`MIN_PAGES` pages in all, each on at most :data:`MAX_DAYS` days: :func:`find_calendar_collections`. The
series' pages are then the sessions (bot.course.select), and the calendar's entries date the pages they link.
A collection of dated sessions (a definition that goes on with its materials, ``  : [Slides](..)``) that also
links some pages is no such calendar, nor is a calendar whose entries link pages of no series.

Cost: nothing is read but folder listings, and the front matter heads of the top folder's pages when a link
names no page by its path. And nothing at all is looked at on a site with a collection not named
for something else that has a file (``_lectures/``, ``_posts/``): such a site keeps its sessions there, and its
schedule's rows link them (the documents a collection holds are then parsed and chosen as before).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from pathlib import PurePosixPath

from dataclasses import dataclass

from bot.course.data_schedule import DataEntry, reference_parts
from bot.course.files import HTML_SUFFIXES, OTHER, SKIP_DIRS, SiteFiles
from bot.course.page_series import PageSeries, read_head
from bot.course.schedule_lists import calendar_entries
from bot.course.session_vocabulary import NON_SESSION_CATEGORIES, NON_SESSION_COLLECTIONS, SCHEDULE_PAGE_WORDS

#: Pages of one folder that the schedule must link for them to be a series of sessions.
MIN_PAGES = 2
#: A page linked on more different days than this is a page of the site (syllabus, slides index), not a meeting.
MAX_DAYS = 2
#: Folders listed to match the schedule's links (the top folder and the folders its links name).
MAX_FOLDERS = 20
#: Pages of the top folder whose front matter is read for a ``permalink:`` the schedule links.
MAX_HEADS = 200

#: Documents of a collection read to tell whether it is a calendar of a page series, and the bytes read of each.
MAX_CALENDAR_DOCUMENTS = 200
MAX_CALENDAR_BYTES = 64 * 1024

_HOME_STEMS = frozenset({"index", "readme", "home"})
_NAME = re.compile(r"^([a-z]+(?:[ _-][a-z]+)*?)[ _-]?\d*[a-z]?$")
_VETO_NAMES = NON_SESSION_COLLECTIONS | {c.replace(" ", "_") for c in NON_SESSION_CATEGORIES} | SCHEDULE_PAGE_WORDS


def holds_documents(files: SiteFiles, folder: str) -> bool:
    """Whether the collection folder ``folder`` holds any file (the walk stops at the first)."""
    if not files.is_dir(folder):
        return False
    return any(kind == OTHER for kind, *_rest in files.walk(folder, skip_dirs=SKIP_DIRS))


def _opens_with_front_matter(files: SiteFiles, path: str) -> bool:
    try:
        return files.read(path, 8).lstrip(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def _named_otherwise(stem: str) -> bool:
    """``hw2``, ``Homework-3``, ``staff``, ``syllabus``: a page whose name says what it is, and not a meeting."""
    match = _NAME.match(stem.lower())
    return match is not None and match.group(1).replace("-", "_").replace(" ", "_") in _VETO_NAMES


def find_scheduled_pages(
    files: SiteFiles,
    source_dir: str,
    entries: Sequence[DataEntry],
    *,
    collection_folders: Sequence[str],
    schedule_files: Collection[str],
    taken: Collection[str],
    accept: Callable[[str], bool],
    excluded: Callable[[str], bool],
    baseurl: str | None = None,
) -> list[PageSeries]:
    """The series of scheduled pages (see the module docstring) of the Jekyll site whose folder is ``source_dir``
    (``""`` or ``"docs/"``). ``entries``: the schedule's dated entries; ``collection_folders``: the site's
    collection folders, relative to the root (``_lectures``, ``docs/_posts``); ``schedule_files``: the pages and
    data files that gave entries, relative to ``source_dir``; ``taken``: the files of the site's page series;
    ``accept``: whether a file name is a page Jekyll renders; ``excluded``: whether ``_config.yml`` leaves a path
    out. In folder byte order."""
    if not entries:
        return []
    labels = {PurePosixPath(f).name.lstrip("_").lower() for f in collection_folders}
    if any(holds_documents(files, f) for f in collection_folders
           if PurePosixPath(f).name.lstrip("_").lower() not in NON_SESSION_COLLECTIONS):
        return []
    base = tuple(p.lower() for p in (baseurl or "").split("/") if p)
    pages = _Pages(files, source_dir, accept)
    schedule = {source_dir + f for f in schedule_files}

    def candidate(path: str) -> bool:
        stem = PurePosixPath(path).stem
        return not (path in taken or path in schedule or excluded(path) or stem.lower() in _HOME_STEMS
                    or _named_otherwise(stem))

    days: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        found: set[str] = set()
        for parts in entry.references:
            if base and parts[: len(base)] == base and len(parts) > len(base):
                parts = parts[len(base):]
            if parts[0] in labels:  # ``/lectures/l1/``, ``{% link _lectures/l1.md %}``: a collection's document
                continue
            path = pages.find(parts)
            if path is not None and candidate(path):
                found.add(path)
        if len(found) == 1:
            days[next(iter(found))].add(entry.day)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for path, on in days.items():
        if len(on) <= MAX_DAYS:
            by_folder[str(PurePosixPath(path[len(source_dir):]).parent)].append(path)
    out = []
    for folder in sorted(by_folder, key=lambda f: f.encode("utf-8", "surrogateescape")):
        members = sorted(by_folder[folder], key=lambda p: p.encode("utf-8", "surrogateescape"))
        if len(members) >= MIN_PAGES:
            name = folder if folder == "." or not source_dir else source_dir + folder
            out.append(PageSeries(name, tuple(members), None, "linked one per dated row of the schedule"))
    return out


class _Pages:
    """The site's pages by the parts of their address: their path (one listing per folder, at most MAX_FOLDERS),
    else the ``permalink:`` of a page of the top folder (its front matter heads read once, at most MAX_HEADS)."""

    def __init__(self, files: SiteFiles, source_dir: str, accept: Callable[[str], bool]) -> None:
        self.files, self.source_dir, self.accept = files, source_dir, accept
        self.folders: dict[tuple[str, ...], dict[str, str] | None] = {}
        self.permalinks: dict[tuple[str, ...], str] | None = None

    def find(self, parts: tuple[str, ...]) -> str | None:
        folder, name = parts[:-1], parts[-1]
        listed = self._folder(folder) if not any(p.startswith(".") for p in folder) else None
        if listed and name in listed:
            return listed[name]
        if self.permalinks is None:
            self.permalinks = self._permalinks()
        return self.permalinks.get(parts)

    def _folder(self, folder: tuple[str, ...]) -> dict[str, str] | None:
        if folder not in self.folders:
            self.folders[folder] = self._list(folder) if len(self.folders) < MAX_FOLDERS else None
        return self.folders[folder]

    def _list(self, folder: tuple[str, ...]) -> dict[str, str] | None:
        relative = self.source_dir + "/".join(folder)
        if folder and not self.files.is_dir(relative):
            return None
        listing = self.files.list_files(relative.rstrip("/"), self.accept, recursive=False)
        out: dict[str, str] = {}
        for path in sorted(listing.files, key=lambda p: p.lower().endswith(HTML_SUFFIXES)):  # markdown first
            if path.lower().endswith(HTML_SUFFIXES) and not _opens_with_front_matter(self.files, path):
                continue  # a static file, copied as it is: no page of the site's
            out.setdefault(PurePosixPath(path).stem.lower(), path)
        return out

    def _permalinks(self) -> dict[tuple[str, ...], str]:
        out: dict[tuple[str, ...], str] = {}
        for path in sorted((self._folder(()) or {}).values())[:MAX_HEADS]:
            head = read_head(self.files, path)
            permalink = head.keys.get("permalink") if head is not None else None
            if permalink and (parts := reference_parts(permalink)):
                out.setdefault(parts, path)
        return out


@dataclass(frozen=True, slots=True)
class SeriesCalendar:
    """A collection that is the calendar of a page series (see the module docstring)."""

    collection: str  # its folder, relative to the root ("_modules")
    series: str  # the page series' folder ("lectures")
    # its dated entries that link a page of the series, each naming that page by its folder and name
    entries: tuple[DataEntry, ...]
    files: tuple[str, ...]  # its documents, relative to the Jekyll site's folder


def _body(text: str) -> str | None:
    """A document's text below its front matter; None when it opens with none (a static file)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for i, line in enumerate(lines[1:], 1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[i + 1:])
    return None


def _series_addresses(
    files: SiteFiles, source_dir: str, series: Sequence[PageSeries], base: tuple[str, ...]
) -> dict[tuple[str, ...], tuple[PageSeries, tuple[str, ...]]]:
    """The addresses of the series' pages, as the parts a link gives (their path, their ``permalink:``): the
    series and the page's folder-and-name parts (its folder below the site's, its name, lower case)."""
    out: dict[tuple[str, ...], tuple[PageSeries, tuple[str, ...]]] = {}
    for one in series:
        for path in one.files:
            relative = PurePosixPath(path[len(source_dir):] if source_dir and path.startswith(source_dir) else path)
            parts = tuple(p.lower() for p in relative.parent.parts) + (relative.stem.lower(),)
            out.setdefault(parts, (one, parts))
            if base:
                out.setdefault(base + parts, (one, parts))
            head = read_head(files, path)
            permalink = head.keys.get("permalink") if head is not None else None
            if permalink and (linked := reference_parts(permalink)):
                out.setdefault(linked, (one, parts))
                if base:
                    out.setdefault(base + linked, (one, parts))
    return out


def find_calendar_collections(
    files: SiteFiles,
    source_dir: str,
    collection_folders: Sequence[str],
    series: Sequence[PageSeries],
    *,
    accept: Callable[[str], bool],
    excluded: Callable[[str], bool],
    baseurl: str | None = None,
) -> list[SeriesCalendar]:
    """The collections (``collection_folders``, relative to the root) that are calendars of one of the page
    series ``series`` (see the module docstring), in the order given. ``accept``: whether a file name is a
    document Jekyll renders; ``excluded``: whether ``_config.yml`` leaves a path out."""
    if not series or not collection_folders:
        return []
    base = tuple(p.lower() for p in (baseurl or "").split("/") if p)
    addresses: dict[tuple[str, ...], tuple[PageSeries, tuple[str, ...]]] | None = None
    out: list[SeriesCalendar] = []
    for folder in collection_folders:
        if not files.is_dir(folder):
            continue
        listing = files.list_files(folder, accept, skip_dirs=SKIP_DIRS)
        documents = [p for p in listing.files if not excluded(p)]
        if not documents or len(documents) > MAX_CALENDAR_DOCUMENTS:
            continue
        calendars: list[tuple[str, list[DataEntry]]] = []
        for path in documents:
            try:
                data = files.read(path, MAX_CALENDAR_BYTES + 1)
            except OSError:
                break
            body = _body(data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")) \
                if len(data) <= MAX_CALENDAR_BYTES else None
            entries = calendar_entries(body) if body is not None else None
            if entries is None:
                break
            calendars.append((path, entries))
        else:
            if addresses is None:
                addresses = _series_addresses(files, source_dir, series, base)
            found = _calendar_of(calendars, addresses)
            if found is not None:
                one, entries = found
                skip = len(source_dir)
                out.append(SeriesCalendar(folder, one.folder, tuple(entries),
                                          tuple(p[skip:] if p.startswith(source_dir) else p for p, _ in calendars)))
    return out


def _calendar_of(
    calendars: Sequence[tuple[str, Sequence[DataEntry]]],
    addresses: dict[tuple[str, ...], tuple[PageSeries, tuple[str, ...]]],
) -> tuple[PageSeries, list[DataEntry]] | None:
    """The page series the calendar documents link (at least half of the documents link one of its pages, at
    least MIN_PAGES pages in all, none on more than MAX_DAYS days) and the entries that link its pages, each
    naming the page it links; None when they link no series so."""
    linking: dict[str, set[str]] = defaultdict(set)  # series folder -> documents linking it
    days: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    entries: dict[str, list[DataEntry]] = defaultdict(list)
    by_folder: dict[str, PageSeries] = {}
    for path, found in calendars:
        for entry in found:
            pages = {addresses[parts] for parts in entry.references if parts in addresses}
            if len(pages) != 1:  # an entry linking two pages names no one session
                continue
            one, parts = next(iter(pages))
            by_folder[one.folder] = one
            linking[one.folder].add(path)
            days[(one.folder, parts)].add(entry.day)
            entries[one.folder].append(DataEntry(entry.day, (parts,)))
    best: tuple[int, str] | None = None
    for folder, documents in linking.items():
        pages = [parts for (f, parts), on in days.items() if f == folder]
        if (len(documents) * 2 < len(calendars) or len(pages) < MIN_PAGES
                or any(len(on) > MAX_DAYS for (f, _), on in days.items() if f == folder)):
            continue
        if best is None or (len(pages), folder) > best:
            best = (len(pages), folder)
    if best is None:
        return None
    return by_folder[best[1]], entries[best[1]]
