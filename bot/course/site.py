"""A course site on disk: a Jekyll root (``_config.yml``) or a plain folder of posts.

What counts as a post:

- Jekyll site: the documents under the folder ``_<name>`` of each collection named in ``_config.yml``
  (``collections:`` as a mapping or a list), and the ``_posts/`` files named ``YYYY-MM-DD-title`` (the only
  ones Jekyll publishes). A document is what Jekyll renders: a file with one of its markdown extensions
  (``.md``, ``.markdown``, ``.mkd``, ... or those ``markdown_ext:`` names), or an ``.html`` / ``.htm`` file or a
  file with no extension that opens with front matter (Jekyll renders it, Liquid filled: ``_lectures/week-02``,
  ``_lectures/03.html``; one without front matter is a static file, copied, not a page). ``_site/`` and hidden folders are never read.
- A repository whose Jekyll site is its ``docs/`` folder (GitHub Pages' other publishing source: no
  ``_config.yml`` at the root, ``docs/_config.yml`` there) is that Jekyll site: ``source_dir`` is ``docs/``,
  its settings, collections, home and schedule pages are read there, and paths stay relative to the root.
- Undeclared folders: a folder ``_<name>`` that ``_config.yml`` does not declare (``_weeks`` on a site whose
  ``collections:`` was forgotten) is listed too, as a collection Jekyll does not publish; whether its documents
  are sessions is bot.course.select's decision (only when no declared collection holds sessions). Jekyll's
  own folders (``_includes``, ``_layouts``, ``_data``, ...) never are. With ``[site] collections``, only the
  collections named there are read.
- Page series: on a Jekyll site, the pages of a folder outside every collection that the site presents as one
  series (``lectures/Lecture-N.md``, each ``parent: "Lectures"``; see :mod:`bot.course.page_series`) are listed
  too, with the folder as their collection and the navigation's ``nav_order`` as its ``sort_by``; whether they
  are the sessions is bot.course.select's decision (only when no collection holds sessions). Their address is the
  page's (``permalink:``, else its path).
- Plain folder: every ``.md`` / ``.markdown`` file below it, except hidden folders, ``_site/`` and
  ``node_modules/``, and except README / index / LICENSE / CHANGELOG / CONTRIBUTING files that have no
  front matter (they describe the folder rather than a session).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo


from bot.course.budget import OverBudget, WorkBudget, spending
from bot.course.files import (
    HTML_SUFFIXES, JEKYLL_MARKDOWN_SUFFIXES, SKIP_DIRS, SiteFiles, is_extensionless, is_markdown, name_key, printable,
    read_small,
)
from bot.course.models import Problem, Session
from bot.course.data_schedule import DataSchedule, find_data_schedule
from bot.course.page_series import PageSeries, find_page_series
from bot.course.schedule import find_schedule, schedule_pages
from bot.course.scheduled_pages import find_calendar_collections, find_scheduled_pages
from bot.course.session_vocabulary import JEKYLL_FOLDERS
from bot.course.term import HOME_PAGES, find_term_start, find_term_year
from bot.course.text import setting_text as _text
from bot.course.readings.guide import optional_sections
from bot.course.readings.layout_fields import layout_reading_fields
from bot.course.readings.liquid import link_variables
from bot.course.calendar_words import LANGUAGE_KEYS, language_code

_NOT_SESSIONS = frozenset({"readme", "index", "license", "changelog", "contributing", "code_of_conduct"})
_POST_NAME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-.+")
MAX_CONFIG_BYTES = 1_000_000


class SiteError(Exception):
    """The site cannot be read at all (missing folder, unreadable configuration)."""


@dataclass(frozen=True, slots=True)
class CollectionInfo:
    name: str  # "contents" (the label Jekyll uses in URLs), or "posts"
    folder: str  # "_contents", relative to the root
    sort_by: str | None = None
    permalink: str | None = None


@dataclass(frozen=True, slots=True)
class PostFile:
    path: str  # relative to the site root, POSIX separators
    collection: str | None  # folder of the collection ("_contents", "_posts"), None for a plain folder
    sort_by: str | None = None


@dataclass(frozen=True, slots=True)
class ConfigYAML:
    """``_config.yml`` as read: the digest of its bytes and the data its YAML gave. A cache keeps it (see
    bot.store.sync), so an unchanged site is opened without loading the YAML parser at all."""

    digest: str
    data: Any


def config_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@dataclass(slots=True)
class SiteInfo:
    root: Path
    jekyll: bool = False
    collections: list[CollectionInfo] = field(default_factory=list)
    # the folder of the Jekyll site inside the root: "docs/" for a repository publishing its docs/ folder
    source_dir: str = ""
    # where the collections' folders are: source_dir and _config.yml's ``collections_dir:`` ("pages/")
    collections_dir: str = ""
    # folders named like collections (``_weeks``) that _config.yml does not declare: Jekyll does not publish them
    undeclared: list[CollectionInfo] = field(default_factory=list)
    # folders of pages outside every collection that the site presents as one series (bot.course.page_series)
    page_series: list[PageSeries] = field(default_factory=list)
    title: str | None = None  # _config.yml title
    url: str | None = None
    timezone: str | None = None  # _config.yml ``timezone:`` when it names a known IANA zone
    baseurl: str | None = None
    permalink: str | None = None
    year: int | None = None  # the term's year, from _config.yml or the home page ("Autumn 2022", "Fall'25")
    term: str | None = None  # the term's season word when the site names one ("fall"), lower case
    years: list[int] = field(default_factory=list)  # other years the site names, most telling first
    # ``year`` opens an academic year the site names ("2020-21"): a year-less day before August is in the next year
    academic_year: bool = False
    year_source: str | None = None  # where ``year`` was found, e.g. "_config.yml subtitle"
    # the settings ``{{ site.KEY }}`` in a post's link targets names, as (dotted key, value) pairs (readings.liquid)
    link_variables: tuple[tuple[str, str], ...] = ()
    # the front matter keys the site's layouts print after a reading label, with the label
    # (``Additional reading: {{ page.textbook }}``: readings.layout_fields), then the front matter lists their
    # loops print as reading lists, as (path, label, title template, url template) (readings.layout_loops)
    reading_fields: tuple[tuple[str, ...], ...] = ()
    # the site's language (_config.yml ``lang:`` / ``locale:``, ``cs`` from ``cs-CZ``): how its year-less days read
    language: str | None = None
    # section names the site's own guide (home page) calls not required (readings.guide.section_key)
    optional_sections: frozenset[str] = frozenset()
    exclude: list[str] = field(default_factory=list)  # _config.yml ``exclude:`` entries
    # the extensions Jekyll renders as markdown here (``markdown_ext:``, else its default), lower case
    markdown_suffixes: tuple[str, ...] = JEKYLL_MARKDOWN_SUFFIXES
    schedule_dates: list[str] = field(default_factory=list)  # raw tokens of the schedule page's date list
    schedule_file: str | None = None
    # whether the schedule page gives no date to posts with extra: / platform: / "Section" titles (the
    # corpus template does; a template without such conditions gives every post the next date)
    schedule_skips_non_meetings: bool = True
    # the term's first day (_config.yml ``term_start_date:`` ...) and the week number it starts (``start_week``):
    # a session's ``week: N`` falls 7 * (N - term_start_week) days after it
    term_start: dt.date | None = None
    term_start_week: int = 1
    # dated entries of the site's data files (_data/schedule.yml ...) that link session pages
    data_schedule: DataSchedule = field(default_factory=DataSchedule)
    # collections that are the calendar of a page series, as (collection folder, series folder): their documents
    # are no sessions, the series' pages are (bot.course.scheduled_pages.find_calendar_collections)
    calendar_collections: tuple[tuple[str, str], ...] = ()
    problems: list[Problem] = field(default_factory=list)
    # files post_files refused (outside the site, not regular files, names not UTF-8), set by each call
    listing_problems: list[Problem] = field(default_factory=list)
    # _config.yml as read this time, when its YAML loaded (not part of what the site is: no repr)
    config_yaml: ConfigYAML | None = field(default=None, repr=False, compare=False)


def config_file(site: SiteInfo) -> str:
    """The site's ``_config.yml``, relative to the root (``docs/_config.yml`` for a site in docs/)."""
    return f"{site.source_dir}_config.yml"


def source_root(site: SiteInfo) -> Path:
    """The folder of the Jekyll site: the root, or its docs/ folder (see the module docstring)."""
    return site.root / site.source_dir if site.source_dir else site.root


#: GitHub Pages publishes a repository's root or its docs/ folder
PAGES_SOURCE = "docs/"


def site_folder_problem(root: Path) -> str | None:
    """Why ``root`` cannot be a course site folder (missing, or a file), or None when it is a folder."""
    if root.is_dir():
        return None
    if os.path.lexists(root) and not os.path.exists(root):
        return "course site folder not found (a broken symbolic link)"
    if root.exists():
        return "is a file, not a folder (the course site is a Jekyll site root or a folder of posts)"
    return "course site folder not found"


def open_site(root: Path, *, known_config: ConfigYAML | None = None) -> SiteInfo:
    """Read the site's configuration and schedule page. Raises SiteError when ``root`` is no folder.

    ``known_config``: ``_config.yml`` as an earlier read found it; when the file's bytes still have its digest,
    its data is used instead of loading the YAML again (the same bytes give the same data)."""
    root = Path(root)
    if (problem := site_folder_problem(root)) is not None:
        raise SiteError(f"{root}: {problem}")
    site = SiteInfo(root=root)
    config_path = root / "_config.yml"
    if os.path.lexists(config_path):  # any kind of file: a FIFO or folder named so is reported, not ignored
        site.jekyll = True
        _read_config(site, config_path, known_config)
    elif SiteFiles(root).is_file(f"{PAGES_SOURCE}_config.yml") and not (root / PAGES_SOURCE).is_symlink():
        site.jekyll = True
        site.source_dir = PAGES_SOURCE
        _read_config(site, root / PAGES_SOURCE / "_config.yml", known_config)
    if site.jekyll:
        site.page_series = _page_series(site)
    _find_schedule(site)
    site.data_schedule = find_data_schedule(SiteFiles(source_root(site)), site.problems, _schedule_pages(site))
    if site.jekyll and site.page_series:
        _series_calendars(site)
    if site.jekyll:
        site.page_series += _scheduled_pages(site)
    site.optional_sections = _guide_sections(site)
    site.reading_fields = _layout_reading_fields(site)
    return site


MAX_LAYOUTS = 50  # layout files (and, apart, include files) read for the fields they print as readings
LAYOUT_SUFFIXES = (".html", ".htm", ".liquid")


def _scheduled_pages(site: SiteInfo) -> list[PageSeries]:
    """The plain pages the schedule links one per dated row, when no collection holds documents (see
    bot.course.scheduled_pages)."""
    suffixes = site.markdown_suffixes
    return find_scheduled_pages(
        SiteFiles(site.root), site.source_dir, site.data_schedule.entries,
        collection_folders=[c.folder for c in site.collections],
        schedule_files=site.data_schedule.files, taken={p for s in site.page_series for p in s.files},
        accept=lambda name: name.lower().endswith(suffixes + HTML_SUFFIXES),
        excluded=lambda path: bool(site.exclude) and _excluded(path, site.exclude), baseurl=site.baseurl)


def _series_calendars(site: SiteInfo) -> None:
    """The collections that are calendars of a page series (bot.course.scheduled_pages): noted, and their
    entries that link the series' pages added to the schedule's dated entries (they date those pages)."""
    suffixes = site.markdown_suffixes
    found = find_calendar_collections(
        SiteFiles(site.root), site.source_dir, [c.folder for c in [*site.collections, *site.undeclared]],
        site.page_series, accept=lambda name: name.lower().endswith(suffixes + HTML_SUFFIXES),
        excluded=lambda path: bool(site.exclude) and _excluded(path, site.exclude), baseurl=site.baseurl)
    if not found:
        return
    site.calendar_collections = tuple((c.collection, c.series) for c in found)
    schedule = site.data_schedule
    site.data_schedule = DataSchedule(schedule.entries + tuple(e for c in found for e in c.entries),
                                      schedule.files + tuple(f for c in found for f in c.files))


def _layout_reading_fields(site: SiteInfo) -> tuple[tuple[str, ...], ...]:
    """The front matter fields and lists the site's layouts (``_layouts/*.html``, at most MAX_LAYOUTS) and the
    include files they may print a page through (``_includes/*.html``, as many) print as readings."""
    root = source_root(site)
    paths: list[str] = []
    for folder in ("_layouts", "_includes"):
        listing = SiteFiles(root).list_files(folder, lambda name: name.lower().endswith(LAYOUT_SUFFIXES),
                                             recursive=False)
        paths += sorted(listing.files)[:MAX_LAYOUTS]
        site.problems += [Problem(site.source_dir + p.file, p.line, p.severity, p.message)
                          for p in listing.problems]  # a refused layout (a symlink out of the site) is named
    return layout_reading_fields(read_small(root, path) for path in paths)


def _guide_sections(site: SiteInfo) -> frozenset[str]:
    """The sections the home page's guide calls not required (readings.guide), read within one work
    budget for all home pages (bot/course/budget.py): a home page of worst-case markdown, read on every
    sync, costs at most that much, and is named in a warning."""
    found: set[str] = set()
    budget = WorkBudget()
    for name in HOME_PAGES:
        text = read_small(source_root(site), name)
        if not text:
            continue
        try:
            with spending(budget):
                found |= optional_sections([text])
        except OverBudget as exc:
            site.problems.append(Problem(site.source_dir + name, 1, "warning", f"page too costly to read as markdown ({exc}); "
                                                             "its guide to optional sections is not read"))
            break
    return frozenset(found)


def _read_config(site: SiteInfo, path: Path, known: ConfigYAML | None = None) -> None:
    try:  # inside the site, a regular file, bounded
        raw = SiteFiles(site.root).read(config_file(site), MAX_CONFIG_BYTES)
    except OSError as exc:
        site.problems.append(Problem(config_file(site), 1, "error", f"cannot read: {exc.strerror or exc}"))
        raw = None
    data: Any = {}
    if raw is not None:
        digest = config_digest(raw)
        if known is not None and known.digest == digest:
            data = known.data
            site.config_yaml = known
        else:
            loaded = _load_config_yaml(site, raw)
            if loaded is not None:
                data = loaded.data
                if not loaded.recovered:  # read around bad lines: read (and warned about) again next time
                    site.config_yaml = ConfigYAML(digest, loaded.data)
    if not isinstance(data, dict):
        site.problems.append(Problem(config_file(site), 1, "error", "expected a mapping of settings"))
        data = {}
    site.title = _text(data.get("title"))
    site.url = _text(data.get("url"))
    site.baseurl = _text(data.get("baseurl"))
    site.link_variables = link_variables(data)
    site.language = next((c for key in LANGUAGE_KEYS if (c := language_code(data.get(key))) is not None), None)
    site.permalink = _text(data.get("permalink"))
    site.timezone = _zone(_text(data.get("timezone")))
    collections = data.get("collections")
    items: Iterable[tuple[Any, Any]] = ()
    if isinstance(collections, dict):
        items = collections.items()
    elif isinstance(collections, list):
        items = ((name, {}) for name in collections)
    collections_dir = (_text(data.get("collections_dir")) or "").strip("/")
    base = site.source_dir + (f"{collections_dir}/" if collections_dir and ".." not in collections_dir else "")
    site.collections_dir = base
    for name, options in items:
        if not isinstance(name, str) or not name.strip() or name == "posts" or "/" in name or ".." in name:
            continue
        options = options if isinstance(options, dict) else {}
        site.collections.append(
            CollectionInfo(name, f"{base}_{name}", _text(options.get("sort_by")), _text(options.get("permalink")))
        )
    if (site.root / f"{base}_posts").is_dir():
        site.collections.append(CollectionInfo("posts", f"{base}_posts"))
    site.markdown_suffixes = _markdown_suffixes(data.get("markdown_ext"))
    exclude = data.get("exclude")
    if isinstance(exclude, list):
        site.exclude = [site.source_dir + str(e).strip().strip("/") for e in exclude
                        if isinstance(e, (str, int)) and str(e).strip()]
    site.undeclared = _undeclared_folders(site)
    term = find_term_year(source_root(site), data)
    site.year, site.term, site.years, site.year_source = term.year, term.term, term.years, term.source
    site.academic_year = term.academic
    site.term_start, site.term_start_week = find_term_start(data)


def _undeclared_folders(site: SiteInfo) -> list[CollectionInfo]:
    """The folders ``_<name>`` in the collections' folder that _config.yml does not declare, in name byte order:
    not Jekyll's own (``_includes``, ``_data``, ...), not ``_posts``, not symbolic links, not excluded."""
    declared = {c.folder for c in site.collections}
    where = site.root / site.collections_dir if site.collections_dir else site.root
    try:
        with os.scandir(where) as entries:
            names = sorted((e.name for e in entries if e.is_dir(follow_symlinks=False)), key=name_key)
    except OSError:
        return []
    out = []
    for name in names:
        folder = f"{site.collections_dir}{name}"
        if (len(name) < 2 or not name.startswith("_") or name.lower() in JEKYLL_FOLDERS or name == "_posts"
                or folder in declared or printable(name) != name or _excluded(folder, site.exclude)):
            continue
        out.append(CollectionInfo(name[1:], folder))
    return out


def _page_series(site: SiteInfo) -> list[PageSeries]:
    """The page series of a Jekyll site (bot.course.page_series), outside what ``_config.yml`` excludes."""
    suffixes = site.markdown_suffixes
    return find_page_series(SiteFiles(site.root), site.source_dir, lambda name: name.lower().endswith(suffixes),
                            lambda path: bool(site.exclude) and _excluded(path, site.exclude), site.problems)


def _markdown_suffixes(value: Any) -> tuple[str, ...]:
    """``markdown_ext: "markdown,mkd,md"`` as suffixes (``.markdown``, ...); Jekyll's default when not given."""
    if not isinstance(value, str) or not value.strip():
        return JEKYLL_MARKDOWN_SUFFIXES
    names = [n.strip().lstrip(".").lower() for n in value.split(",")]
    return tuple(f".{n}" for n in names if n and "/" not in n) or JEKYLL_MARKDOWN_SUFFIXES


@dataclass(frozen=True, slots=True)
class _Loaded:
    data: Any
    recovered: bool = False  # read around lines YAML refused (lenient_yaml)


def _load_config_yaml(site: SiteInfo, raw: bytes) -> _Loaded | None:
    """The data of ``_config.yml``'s bytes; None and a problem (at its line, see load_front_matter) when they
    are no YAML."""
    from bot.course.posts import FrontMatterError, load_front_matter  # the YAML parser: only for new bytes

    try:
        text = raw.decode("utf-8-sig")
        data, _raw = load_front_matter(text)
    except UnicodeDecodeError as exc:
        site.problems.append(Problem(config_file(site), 1, "error", f"cannot read: {exc}"))
        return None
    except FrontMatterError as exc:
        recovered = None if exc.hostile else _recover_config(text, exc)
        if recovered is None:
            site.problems.append(Problem(config_file(site), exc.line, "error", str(exc)))
            return None
        # what was read around the bad lines is a warning; a line left out is an error (settings unknown: the
        # sync then keeps the sessions it cannot find, bot.store.sync._held_back)
        site.problems.extend(Problem(config_file(site), n.line, "error" if n.lost else "warning", n.message)
                             for n in recovered.notes)
        return _Loaded(recovered.data, recovered=True)
    return _Loaded(data)


def config_settings(text: str) -> Any:
    """The data of ``_config.yml``'s text as :func:`open_site` reads it: the safe loader, else what
    :mod:`bot.course.lenient_yaml` reads around the lines YAML refuses (a stray colon in the title); None when
    neither reads it (an alias bomb is refused whole)."""
    from bot.course.posts import FrontMatterError, load_front_matter

    try:
        return load_front_matter(text)[0]
    except FrontMatterError as exc:
        recovered = None if exc.hostile else _recover_config(text, exc)
        return recovered.data if recovered is not None else None


def _recover_config(text: str, error: Exception) -> Any:
    """``_config.yml`` that YAML refuses, read by :mod:`bot.course.lenient_yaml` (a stray colon in the title,
    a tab in the indentation: the settings a reader sees); None when it is no mapping even so."""
    from bot.course.lenient_yaml import recover
    from bot.course.posts import FrontMatterError, load_front_matter

    try:
        return recover(text, load_front_matter, error)
    except FrontMatterError:  # an alias bomb in one of its blocks: refused whole
        return None



def _zone(name: str | None) -> str | None:
    """``name`` when it is an IANA time zone this machine knows ("America/Chicago"), else None."""
    if not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name.strip())
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None
    return name.strip()


def _schedule_pages(site: SiteInfo) -> list[str]:
    """The pages whose front matter and tables may date sessions (bot.course.schedule.schedule_pages), relative
    to the Jekyll site's folder like the schedule's other files."""
    skip = len(site.source_dir)
    folders = [c.folder[skip:] for c in [*site.collections, *site.undeclared] if c.folder.startswith(site.source_dir)]
    return schedule_pages(SiteFiles(source_root(site)), folders)


def _find_schedule(site: SiteInfo) -> None:
    """The date list of the schedule page (see :mod:`bot.course.schedule`: a bounded, linear scan)."""
    found = find_schedule(SiteFiles(source_root(site)), site.problems)
    if found.file is not None:
        site.schedule_dates = found.dates
        site.schedule_file = site.source_dir + found.file
        site.schedule_skips_non_meetings = found.skips_non_meetings


def post_files(site: SiteInfo, wanted: Sequence[str] = ()) -> list[PostFile]:
    """Every post file of the site, in path byte order per collection (see order_sessions for the
    final order once the front matter is known). ``wanted``: the configuration's ``[site] collections``;
    one that ``_config.yml`` does not declare is read all the same when its folder exists (see
    undeclared_collections)."""
    out: list[PostFile] = []
    files = SiteFiles(site.root)
    site.listing_problems = []
    if site.jekyll:
        found = undeclared_collections(site, wanted) if wanted else site.undeclared
        for collection in [*site.collections, *found]:
            for path in _documents_below(files, collection.folder, site):
                # Jekyll only publishes _posts files named YYYY-MM-DD-title
                if collection.name == "posts" and not _POST_NAME.match(PurePosixPath(path).name):
                    continue
                if site.exclude and _excluded(path, site.exclude):
                    continue
                out.append(PostFile(path, collection.folder, collection.sort_by))
        for series in site.page_series:
            out.extend(PostFile(path, series.folder, series.sort_by) for path in series.files)
        return out
    for path in _markdown_below(files, "", site.listing_problems):
        if PurePosixPath(path).stem.lower() in _NOT_SESSIONS and not _has_front_matter(files, path):
            continue
        out.append(PostFile(path, None, None))
    return out


def undeclared_collections(site: SiteInfo, wanted: Sequence[str]) -> list[CollectionInfo]:
    """The collections the configuration names (``[site] collections = ["weeks"]``) that ``_config.yml``
    does not declare but whose folder (``_weeks``) is there: staff named them, so they are read, with a
    warning that Jekyll does not publish such a folder (its pages have no address on the site)."""
    known = {c.name for c in site.collections} | {PurePosixPath(s.folder).name for s in site.page_series}
    out = []
    for raw in wanted:
        name = raw.strip().strip("/").split("/")[-1].lstrip("_")
        if not name or name in known or ".." in name:
            continue
        known.add(name)
        folder = f"{site.collections_dir}_{name}"
        if (site.root / folder).is_dir() and not (site.root / folder).is_symlink():
            out.append(CollectionInfo(name, folder))
            site.listing_problems.append(Problem(
                config_file(site), 1, "warning",
                f"collection {name!r} is read because [site] collections names it, but _config.yml does not "
                f"declare it: Jekyll does not publish {folder}/ (add it under collections: in _config.yml)",
            ))
        else:
            site.listing_problems.append(Problem(
                config_file(site), 1, "warning",
                f"[site] collections names {name!r}, but the site has no folder {folder}/ and _config.yml "
                "declares no such collection",
            ))
    return out


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether ``_config.yml``'s ``exclude:`` leaves ``path`` out: an entry names a path relative to the
    site root (a folder covers what is below it) or a glob pattern."""
    for pattern in patterns:
        if path == pattern or path.startswith(pattern + "/") or fnmatch.fnmatchcase(path, pattern):
            return True
    return False


def _markdown_below(files: SiteFiles, folder: str, problems: list[Problem]) -> list[str]:
    """Markdown files below ``folder`` (see :mod:`bot.course.files`: inside the site, regular files,
    UTF-8 names); the files refused are added to ``problems``."""
    listing = files.list_files(folder, is_markdown, skip_dirs=SKIP_DIRS)
    problems.extend(listing.problems)
    return listing.files


def _documents_below(files: SiteFiles, folder: str, site: SiteInfo) -> list[str]:
    """The documents of a collection below ``folder`` (see the module docstring): files with a markdown
    extension of the site, and HTML files (``.html``, ``.htm``) and files without an extension that open with
    front matter (Jekyll renders those too; without front matter they are static files, copied as they are)."""
    suffixes = site.markdown_suffixes

    def accept(name: str) -> bool:
        return name.lower().endswith(suffixes + HTML_SUFFIXES) or is_extensionless(name)

    listing = files.list_files(folder, accept, skip_dirs=SKIP_DIRS)
    site.listing_problems.extend(listing.problems)
    return [path for path in listing.files
            if path.lower().endswith(suffixes) or _has_front_matter(files, path)]


def _has_front_matter(files: SiteFiles, path: str) -> bool:
    try:
        head = files.read(path, 8)
    except OSError:
        return True  # let the parser report it
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"---")


def _natural(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def one_per_slug(ordered: Sequence[Session]) -> tuple[list[Session], list[Problem]]:
    """One session per slug (the session key: the file name without its extension), the first in site
    order; each later file with the same slug is an error naming the file used. ``check`` and the bot's
    sync both apply this, so what check reads is what the bot serves (``_posts/x.md`` and
    ``_contents/x.md``, ``x.md`` and ``x.markdown``, ``a/x.md`` and ``b/x.md`` are one key)."""
    served: list[Session] = []
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for session in ordered:
        first = owner.get(session.slug)
        if first is None:
            owner[session.slug] = session.file
            served.append(session)
        else:
            problems.append(Problem(
                session.file, 1, "error",
                f"duplicate session slug {session.slug!r}: {first} has the same slug and is used; this file is ignored",
            ))
    return served, problems


def order_sessions(sessions: Sequence[Session], *, site: SiteInfo | None = None) -> list[Session]:
    """Jekyll order: per collection (in ``_config.yml`` order when ``site`` is given), posts carrying the
    collection's ``sort_by`` key first, by that value (numbers numerically), then the rest by path in
    byte order."""
    rank: dict[str | None, int] = {}
    if site is not None:
        rank = {c.folder: i for i, c in enumerate(site.collections)}

    def key(s: Session) -> tuple[Any, ...]:
        collection_rank = rank.get(s.collection, len(rank))
        sort = _natural(s.sort_key) if s.sort_key is not None else (2, 0.0, "")
        return (collection_rank, s.collection or "", s.sort_key is None, sort, s.file.encode("utf-8"))

    return sorted(sessions, key=key)


def session_url(site: SiteInfo, session: Session) -> str | None:
    """The page URL of a session: ``url`` + ``baseurl`` + the collection's permalink for the post, with
    single slashes. None when the site has no ``url`` (a plain folder)."""
    if not site.url:
        return None
    path = _permalink_path(site, session)
    if path is None:
        return None
    parts = [site.url.rstrip("/"), (site.baseurl or "").strip("/"), path.strip("/")]
    joined = "/".join(p for p in parts if p)
    return joined + "/" if path.endswith("/") else joined


_STYLES = {
    "pretty": "/:categories/:year/:month/:day/:title/",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


_DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")
_SLASHES = re.compile(r"/{2,}")


def _page_path(site: SiteInfo, session: Session, pretty: bool) -> str:
    """The address of a page outside the collections: its ``permalink:``, else its path in the site
    (``/lectures/Lecture-1.html``; ``/lectures/Lecture-1/`` with pretty permalinks, ``/lectures/`` for an index)."""
    if session.traits.permalink:
        return session.traits.permalink
    relative = PurePosixPath(session.file[len(site.source_dir):] if site.source_dir else session.file)
    folder = str(relative.parent)
    if folder == ".":  # a page at the site's top (bot.course.scheduled_pages)
        return f"/{relative.stem}/" if pretty else f"/{relative.stem}.html"
    if relative.stem.lower() == "index":
        return f"/{folder}/"
    return f"/{folder}/{relative.stem}/" if pretty else f"/{folder}/{relative.stem}.html"


def relative_parts(file: str, folder: str | None) -> tuple[str, str, str]:
    """``file`` relative to ``folder`` (``PurePosixPath(file).relative_to(folder)``): its text without the
    suffix, its stem and its suffix, as pathlib gives them. With string operations when both are plain
    relative paths (no empty or ``.`` part, which pathlib would drop), the paths a listing gives: pathlib
    takes ~20 us per session, and every session's URL is made on each full sync."""
    if _plain(file) and (not folder or (_plain(folder) and file.startswith(folder) and file[len(folder):][:1] == "/")):
        relative = file[len(folder) + 1:] if folder else file
        parent, _, name = relative.rpartition("/")
        dot = name.rfind(".")
        stem, suffix = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
        return (f"{parent}/{stem}" if parent else stem), stem, suffix
    path = PurePosixPath(file).relative_to(folder) if folder else PurePosixPath(file)
    return str(path.with_suffix("")), path.stem, path.suffix


def _plain(path: str) -> bool:
    return bool(path) and path[0] != "/" and "//" not in path and path[-1] != "/" and "/./" not in f"/{path}/"


def _permalink_path(site: SiteInfo, session: Session) -> str | None:
    folder = session.collection
    collection = next((c for c in site.collections if c.folder == folder), None)
    style = (site.permalink or "date").strip()
    pretty = style == "pretty" or style.endswith("/")
    if collection is None:
        if any(s.folder == folder for s in site.page_series):
            return _page_path(site, session, pretty)
        return None
    path_no_ext, stem, suffix = relative_parts(session.file, folder)
    if collection.name == "posts":
        template = collection.permalink or _STYLES.get(style, style)
        day = session.front_date
        title = _DATE_PREFIX.sub("", stem)
        values = {
            ":categories": "",
            ":year": f"{day.year:04d}" if day else "",
            ":month": f"{day.month:02d}" if day else "",
            ":i_month": str(day.month) if day else "",
            ":day": f"{day.day:02d}" if day else "",
            ":i_day": str(day.day) if day else "",
            ":y_day": f"{day.timetuple().tm_yday:03d}" if day else "",
            ":title": title,
            ":slug": title,
            ":name": title,
            ":output_ext": ".html",
        }
    else:
        default = "/:collection/:path/" if pretty else "/:collection/:path:output_ext"
        template = collection.permalink or default
        values = {
            ":collection": collection.name,
            ":path": path_no_ext,
            ":name": stem,
            ":title": stem,
            ":slug": stem,
            ":output_ext": ".html" if suffix else "",  # an extensionless document is output as it is
        }
    out = template
    for placeholder in sorted(values, key=len, reverse=True):
        if placeholder in out:
            out = out.replace(placeholder, values[placeholder])
    return _SLASHES.sub("/", out) if "//" in out else out
