"""Incremental sync of a course site into the cache: one write transaction, keyed by content hash.

1. Read every post file and hash its bytes (in a worker thread, so the event loop stays responsive).
   A file whose hash matches the cache is not parsed again; its stored session is reused. A file whose
   size and modification time match what the cache recorded (when that mtime was already a few seconds
   old) is not even read; ``verify=True`` reads and hashes every file regardless.
2. Parse new and changed files with :func:`bot.course.posts.parse_post` (in worker processes when there
   are many, see :mod:`bot.store.scan`). A file that fails keeps its last good session in the cache; the
   failure is recorded in ``posts.error`` and ``problems``.
3. Over all sessions (cheap, in memory): Jekyll order, one file per slug (the first in site order is served,
   the others are reported), then dates and page URLs. Only rows whose date, url, order or served flag
   changed are written. When no file changed and neither did the site nor the calendar (a fingerprint
   kept in ``meta``), the stored order, dates and URLs are kept as they are.
4. Files no longer on disk are removed (with their readings and problems).

The parse of a file also depends on the configured role keys, its collection, and the parser's code; when
any of these change, every file is parsed again.
"""

from __future__ import annotations

import asyncio
import bisect
import datetime as dt
import functools
import hashlib
import json
import operator
import os
import stat as stat_mode
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.config import CourseConfig
from bot.course.models import Problem, Session
from bot.store import codec, config_memo, names, site_claim
from bot.store.db import Database
from bot.store.scan import FileSpec, Known, Scanned, collector_paused, content_hash, scan
from bot.store.staging import Staging
from bot.store.warm import META_UPSERT, PROBLEMS_QUERY, SESSIONS_VERSION, SYNC_SHAPE, unchanged_meta

if TYPE_CHECKING:  # the site reader is loaded by a sync that reads the site, not by a command the cache answers
    from bot.course.site import ConfigYAML, PostFile, SiteInfo


def open_site(root: Path, *, known_config: ConfigYAML | None = None) -> SiteInfo:
    """:func:`bot.course.site.open_site`, the site reader loaded on first use."""
    from bot.course.site import open_site as read_site

    return read_site(root, known_config=known_config)


def post_files(site: SiteInfo, wanted: Sequence[str] = ()) -> list[PostFile]:
    """:func:`bot.course.site.post_files`, the site reader loaded on first use."""
    from bot.course.site import post_files as list_posts

    return list_posts(site, wanted)

_SQL_BATCH = 500
SESSIONS_VERSION_BUMP = (
    f"INSERT INTO meta(key, value) VALUES ('{SESSIONS_VERSION}', '1') ON CONFLICT(key)"
    " DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
)
_PARSER_PACKAGE = Path(__file__).resolve().parent.parent / "course"


class SyncError(Exception):
    """The site cannot be synced at all (missing folder, unreadable configuration); the cache is untouched."""


class _Overtaken(Exception):
    """Another writer (a ``coursebot sync`` in another process, another Store) changed the sessions between
    this sync's reading of the cache and its write: what it read and parsed may be older than what the
    cache holds now, so it writes nothing and is made again."""


class _Widen(Exception):
    """A narrow sync (only the files named changed, see :func:`_narrow`) found what only a look at every file
    can place (a slug changed, a file left the selection, a file gone while read): it writes nothing and is
    made again, reading every row."""


OVERTAKEN_TRIES = 3  # a sync another writer overtook is made again, looking at every file, at most this often


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync did. ``problems`` are all problems the cache holds after the sync (sorted by file and
    line); ``changed`` lists the slugs whose content, date or page URL changed, or that were added or removed."""

    parsed: int
    unchanged: int
    removed: int
    failed: int
    problems: list[Problem] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    version: str = ""  # the sessions version this sync's own write left (meta ``sessions_version``)
    since: str | None = None  # the sessions version it read the cache at (None: not known); ``changed`` is
    # everything that differs between the two
    problem_files: frozenset[str] | None = None  # the files whose problems may differ between the two (None:
    # any may, the site problems too)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def error_count(self) -> int:
        """How many of :attr:`problems` are errors (counted without a list of them: 60,000 problems at 50,000
        posts)."""
        return list(map(_severity, self.problems)).count("error")


_severity = operator.attrgetter("severity")
_UNDECODED: Any = object()


@dataclass(slots=True)
class _Stored:
    """What the cache holds for one file before this sync (its skeleton decoded when first asked for: a
    sync that places only its parsed files needs the slugs and positions alone)."""

    content_hash: str
    stat: str | None
    served: bool
    position: int | None
    date: str | None
    url: str | None
    slug: str | None  # None when the file never parsed
    meeting: bool
    row: Any = None  # the posts row, with codec.SKELETON_COLUMNS
    decoded: Any = _UNDECODED

    @property
    def skeleton(self) -> Session | None:
        """The stored session without roles, tags or readings (None when the file never parsed)."""
        if self.decoded is _UNDECODED:
            self.decoded = codec.skeleton_from_row(self.row) if self.slug is not None else None
        return self.decoded


@dataclass(frozen=True, slots=True)
class _Placement:
    """Where a served session sits after this sync."""

    position: int
    slug: str
    date: str | None
    url: str | None


_NOWHERE = _Placement(-1, "", None, None)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a sync writes besides the parsed files: where each served session sits, the site-wide
    problems (None: keep the stored ones) and the ``meta`` keys to set."""

    placement: dict[str, _Placement]
    site_problems: list[Problem] | None
    meta: dict[str, str]


# -- fingerprints -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    """Hash of the parser's source (bot/course/**/*.py): a new parser version re-parses every file."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_PARSER_PACKAGE.rglob("*.py")):  # bot/course/readings/ too
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


PARSE_COLLECTIONS = "parse_collections"  # meta key: the (collection, sort_by) pairs of the last listing, as JSON


def _collections(post_files: Sequence[Any]) -> list[tuple[str, str]]:
    return sorted({(str(pf.collection), str(pf.sort_by)) for pf in post_files})


def _parse_context(config: CourseConfig, post_files: Sequence[Any], site: SiteInfo | None = None) -> str:
    return _parse_context_of(config, _collections(post_files), site)


def _parse_context_of(config: CourseConfig, collections: Sequence[Sequence[str]], site: SiteInfo | None) -> str:
    collections = [tuple(pair) for pair in collections]
    doc = {"parser": parser_fingerprint(), "roles": sorted(config.roles), "collections": collections,
           "optional_sections": sorted(site.optional_sections) if site is not None else [],
           "link_variables": list(site.link_variables) if site is not None else [],
           "reading_fields": list(site.reading_fields) if site is not None else []}
    return hashlib.blake2b(json.dumps(doc).encode(), digest_size=16).hexdigest()


def _relative(root: Path, path: Any) -> str:
    if isinstance(path, str) and not path.startswith("/") and "\\" not in path:
        return path  # already relative and POSIX (what post_files gives)
    p = Path(path)
    if p.is_absolute():
        p = p.relative_to(root)
    return p.as_posix()


# -- the sync -----------------------------------------------------------------------------------------


async def sync_site(
    db: Database, config: CourseConfig, *, verify: bool = False, commit: str | None = None,
    allow_removals: bool = False, known_problems: tuple[str, list[Problem]] | None = None,
    changed: Collection[str] | None = None,
) -> SyncReport:
    """Bring the cache in line with the site at ``config.site_path``. A file whose size and modification
    time match what the cache recorded is not read again, unless ``verify`` (then every file is read and
    hashed). ``commit``: the repository commit the site folder is checked out at, recorded with every session
    parsed now (and in ``meta`` as ``source_commit``). Raises :class:`SyncError` when the site cannot be read
    at all (the cache is left as it was).

    Files no longer listed are removed only for a reason the site gives (see :func:`_held_back`): not
    while ``_config.yml`` has an error or their folder cannot be read, and not most of the sessions at
    once unless ``allow_removals``; the files held back are kept as they were and the reason reported.

    ``known_problems``: (sessions version, the problems the cache held at it), from the caller's last sync;
    an unchanged sync at the same version reports them without reading the table again.

    ``changed``: the post files (relative, POSIX) that may have changed since the last sync of this cache,
    when the caller knows (a file watcher, a commit diff: :mod:`bot.services.follow`); the others are not
    looked at unless their stat was not trusted (see :func:`bot.store.scan.scan`). None: look at every file.

    Another writer of the cache file that commits between this sync's reading of the cache and its write
    (checked inside the write transaction, by the sessions version) overtook it: nothing is written, and
    the sync is made again looking at every file (:data:`OVERTAKEN_TRIES` in all, then :class:`SyncError`)."""
    with collector_paused():  # the parse, the plan and the write allocate much and make no cycles
        for _ in range(OVERTAKEN_TRIES):
            try:
                return await _sync_once(db, config, verify=verify, commit=commit, allow_removals=allow_removals,
                                        known_problems=known_problems, changed=changed)
            except _Overtaken:
                changed, known_problems = None, None  # the cache holds another reading now: look at every file
            except _Widen:
                changed = None  # the narrow read cannot place what changed: read every row
    raise SyncError(f"{config.site_path}: the cache {db.path} was written by another process during each of "
                    f"{OVERTAKEN_TRIES} syncs; the cache keeps what that process wrote")


async def _sync_once(
    db: Database, config: CourseConfig, *, verify: bool, commit: str | None, allow_removals: bool,
    known_problems: tuple[str, list[Problem]] | None, changed: Collection[str] | None,
) -> SyncReport:
    """One try of :func:`sync_site`; raises :class:`_Overtaken` when another writer came between."""
    from bot.course.site import SiteError, site_folder_problem

    root = config.site_path
    if (problem := site_folder_problem(root)) is not None:
        raise SyncError(f"{root}: {problem} (set course.site in the configuration or --site)")
    if (refused := await site_claim.claim(db, config, allow_removals=allow_removals)) is not None:
        raise SyncError(refused)  # another site's sessions: kept (bot.store.site_claim)
    meta_now = await _metas(db, ("parse_context", "dating", "dating_site", SESSIONS_VERSION, config_memo.KEY,
                                 PARSE_COLLECTIONS))
    known_config = config_memo.loads(meta_now.get(config_memo.KEY), parser_fingerprint())
    try:
        site = await asyncio.to_thread(functools.partial(open_site, root, known_config=known_config))
    except SiteError as exc:
        raise SyncError(str(exc)) from exc
    except OSError as exc:
        raise SyncError(f"{root}: cannot read the course site: {exc}") from exc
    if site.config_yaml is not None and site.config_yaml is not known_config:
        await _remember_config(db, site)

    narrow = await _narrow(db, config, site, meta_now, changed) if changed is not None and not verify else None
    if narrow is not None:
        # only the files named changed (and those whose stat is not trusted yet): their rows alone are read
        specs, known, context = narrow
        async with Staging(db, {spec.file: i for i, spec in enumerate(specs)}) as staging:
            scanned = await asyncio.to_thread(
                functools.partial(scan, root, specs, known, sorted(config.roles),
                                  optional_sections=sorted(site.optional_sections), only=changed,
                                  link_variables=site.link_variables, reading_fields=site.reading_fields,
                                  sink=staging.sink(asyncio.get_running_loop()))
            )
            return await _sync_scanned(db, config, site, scanned, known, meta_now, context, staging,
                                       commit=commit, allow_removals=allow_removals, known_problems=known_problems,
                                       narrow=True)
    try:
        files = await asyncio.to_thread(post_files, site, config.site.collections)
    except SiteError as exc:
        raise SyncError(str(exc)) from exc
    except OSError as exc:
        raise SyncError(f"{root}: cannot read the course site: {exc}") from exc

    collections = _collections(files)
    context = _parse_context_of(config, collections, site)
    force = meta_now.get("parse_context") != context
    specs = [FileSpec(_relative(root, pf.path), pf.collection, pf.sort_by) for pf in files]
    known = await _load_known(db)  # hashes and stats only: an unchanged site never decodes its sessions
    collections_text = json.dumps(collections)
    extra_meta = {PARSE_COLLECTIONS: collections_text} if meta_now.get(PARSE_COLLECTIONS) != collections_text else None
    async with Staging(db, {spec.file: i for i, spec in enumerate(specs)}) as staging:
        # parsed files go to the staging tables a batch at a time; the sessions kept are skeletons
        scanned = await asyncio.to_thread(
            functools.partial(scan, root, specs, known, sorted(config.roles), force=force, verify=verify,
                              optional_sections=sorted(site.optional_sections), link_variables=site.link_variables,
                              reading_fields=site.reading_fields, only=changed,
                              sink=staging.sink(asyncio.get_running_loop()))
        )
        return await _sync_scanned(db, config, site, scanned, known, meta_now, context, staging,
                                   commit=commit, allow_removals=allow_removals, known_problems=known_problems,
                                   extra_meta=extra_meta)


NARROW_MAX = 200  # a sync told of more changed files than this reads every row (its listing costs no more)


async def _narrow(
    db: Database, config: CourseConfig, site: SiteInfo, meta_now: dict[str, str], changed: Collection[str]
) -> tuple[list[FileSpec], dict[str, Known], str] | None:
    """What a sync told which files changed reads, when it need not list the site nor read every row: the
    specs and stored hashes of the changed files and of those whose stat the cache does not trust yet, and
    the parse context. None (list the site, read every row) unless each of them is a stored post file that is
    still a regular file (no file new, gone, or never parsed) and the site, the calendar and the collections
    the last listing found are as the cache recorded them (so every file keeps its collection and order
    key, and the parse context stands)."""
    collections_text = meta_now.get(PARSE_COLLECTIONS)
    if not collections_text or not meta_now.get("dating") or meta_now.get("dating_site") != _site_fingerprint(site, config):
        return None
    context = _parse_context_of(config, json.loads(collections_text), site)
    if context != meta_now.get("parse_context"):
        return None
    untrusted = [row[0] for row in await db.fetchall("SELECT file FROM posts WHERE stat IS NULL")]
    wanted = sorted(set(changed) | set(untrusted))
    if len(wanted) > NARROW_MAX:
        return None
    rows: dict[str, Any] = {}
    for batch in _batches(wanted):
        marks = ",".join("?" * len(batch))
        for row in await db.fetchall(
            f"SELECT file, content_hash, stat, collection, slug FROM posts WHERE file IN ({marks})", list(batch)
        ):
            rows[row[0]] = row
    sort_by = {c.folder: c.sort_by for c in [*site.collections, *site.page_series]}
    specs: list[FileSpec] = []
    known: dict[str, Known] = {}
    for file in wanted:
        row = rows.get(file)
        if row is None or row[4] is None:
            return None  # new, not a post file, or never parsed: the listing tells what it is
        try:
            st = os.lstat(os.path.join(site.root, file))
        except OSError:
            return None  # gone: the full read removes it (or holds it back)
        if not stat_mode.S_ISREG(st.st_mode):
            return None
        specs.append(FileSpec(file, row[3], sort_by.get(row[3])))
        known[file] = Known(row[1], row[2])
    return specs, known, context


async def _sync_scanned(
    db: Database, config: CourseConfig, site: SiteInfo, scanned: list[Scanned], known: dict[str, Known],
    meta_now: dict[str, str], context: str, staging: Staging, *, commit: str | None, allow_removals: bool,
    known_problems: tuple[str, list[Problem]] | None, narrow: bool = False, extra_meta: dict[str, str] | None = None,
) -> SyncReport:
    """The rest of :func:`sync_site` once the files are scanned (their parsed rows in ``staging``).
    ``narrow``: ``scanned`` and ``known`` are only the files :func:`_narrow` chose (every other stored file
    is unchanged, and trusted): only their rows are read, and they are placed from the stored placement, or
    :class:`_Widen`. ``extra_meta``: ``meta`` keys this sync's write sets besides its own."""
    version_now = meta_now.get(SESSIONS_VERSION, "")
    same_problems = known_problems is not None and known_problems[0] == version_now
    # a file deleted between the listing and its read is a file no longer listed: removed (or held back
    # for the reasons a removal is), never a failed post that staff are alerted about
    if narrow and any(s.vanished for s in scanned):
        raise _Widen  # gone since _narrow looked: the full read removes it (or holds it back)
    scanned = [s for s in scanned if not s.vanished]
    site_print = _site_fingerprint(site, config)
    if (
        len(scanned) == len(known)
        and all(s.state == "unchanged" for s in scanned)
        and meta_now.get("dating") and meta_now.get("dating_site") == site_print
    ):
        # the same files with the same bytes (so the same sessions) and the same site and calendar: the
        # cache's order, dates and URLs stand; only newly trusted stats and the sync's time are written
        total = await _file_count(db) if narrow else len(scanned)
        return await _write_unchanged(db, scanned, known, commit=commit, version=version_now,
                                      shape=cache_shape(config), extra_meta=extra_meta, files=total,
                                      problems=list(known_problems[1]) if same_problems and known_problems else None)
    stored = await _load_stored(db, [s.file for s in scanned] if narrow else None)
    seen = {s.file for s in scanned}
    removed_files = [f for f in stored if f not in seen]
    held = False  # the removal guard kept files back: the site problems (which say so) are written again
    if removed_files:
        added = sum(f not in stored for f in seen)
        kept, hold_problems = _held_back(stored, removed_files, added, site, allow_removals=allow_removals)
        if kept:
            # kept as they were: to the rest of the sync they are files whose bytes did not change
            scanned.extend(Scanned(f, stored[f].content_hash, "unchanged", stat=stored[f].stat) for f in kept)
            keep = set(kept)
            removed_files = [f for f in removed_files if f not in keep]
            site.listing_problems.extend(hold_problems)
            held = bool(hold_problems)

    stored_dating = meta_now.get("dating")
    counted = await _counted_before(db, stored, site, config) if narrow else None

    def plan() -> _Plan:
        """Order, dates and URLs of every session the site has now (runs while the new readings are
        being indexed, see :func:`_write`)."""
        if meta_now.get("dating_site") == site_print and stored_dating and not removed_files and not held:
            quick = _place_changed(scanned, stored, site, config, stored_dating, counted=counted)
            if quick is not None:
                placement, dating = quick
                meta = {"parse_context": context, "dating": dating, "dating_site": site_print, **(extra_meta or {})}
                if commit is not None:
                    meta["source_commit"] = commit
                return _Plan(placement, None, meta)  # the same order and slugs: the same duplicates
        if narrow:
            raise _Widen  # a placement of every session: from every row
        # fresh parses, else the stored (last good) version
        candidates: list[Session] = []
        for s in scanned:
            if s.state == "parsed" and s.session is not None:
                candidates.append(replace(s.session, file=s.file))
            elif (old := stored.get(s.file)) is not None and old.skeleton is not None:
                candidates.append(old.skeleton)
        files_changed = bool(removed_files) or any(s.state != "unchanged" for s in scanned)
        dating = _dating_fingerprint(candidates, site, config)
        meta = {"parse_context": context, "dating": dating, "dating_site": site_print, SYNC_SHAPE: cache_shape(config),
                **(extra_meta or {})}
        if commit is not None:
            meta["source_commit"] = commit
        if held:
            meta["dating"] = ""  # the next sync places (and reports) every session again: files back or not
        elif not files_changed and dating == stored_dating:
            # same sessions, same site and calendar: order, dates and URLs are what the cache holds
            placement = {
                f: _Placement(old.position if old.position is not None else -1, old.skeleton.slug, old.date, old.url)
                for f, old in stored.items()
                if old.served and old.skeleton is not None
            }
            return _Plan(placement, None, meta)  # site problems unchanged too
        placement, site_problems = _place(candidates, site, config)
        return _Plan(placement, site_problems, meta)

    changed, version, planned = await _write(db, scanned, stored, removed_files, plan, staging, commit=commit,
                                             expected=version_now)
    touched = [s.file for s in scanned if s.state in ("parsed", "failed")]
    report_problems = None
    problem_files: frozenset[str] | None = None
    if not removed_files and planned.site_problems is None:
        problem_files = frozenset(touched)  # the parse problems of the files it parsed: rewritten; the rest stand
        if same_problems and known_problems is not None:
            report_problems = await _problems_after(db, known_problems[1], touched)
    if report_problems is None:
        report_problems = await load_problems(db)
    parsed = sum(s.state == "parsed" for s in scanned)
    failed = sum(s.state == "failed" for s in scanned)
    unchanged = (await _file_count(db)) - parsed - failed if narrow else sum(s.state == "unchanged" for s in scanned)
    return SyncReport(
        parsed=parsed,
        unchanged=unchanged,
        removed=len(removed_files),
        failed=failed,
        problems=report_problems,
        changed=changed,
        version=version,
        since=version_now,
        problem_files=problem_files,
    )


async def _file_count(db: Database) -> int:
    row = await db.fetchone("SELECT count(*) FROM posts")
    return int(row[0]) if row else 0


async def _counted_before(
    db: Database, stored: dict[str, _Stored], site: SiteInfo, config: CourseConfig
) -> dict[int, tuple[int, int]] | None:
    """For a narrow sync: by the position of each of ``stored``'s served sessions, what the served sessions
    before it count toward in dating by position (meetings, schedule-page rows: see
    :func:`bot.course.dates.counts_toward_meeting`), counted in SQL by the position index. None: the site
    is not dated by position (nothing to count)."""
    from bot.course.dates import counts_toward_meeting, dated_by_position

    if not dated_by_position(site, config.calendar, config.course.year):
        return None
    out: dict[int, tuple[int, int]] = {}
    for old in stored.values():
        if not old.served or old.slug is None or old.position is None or old.position in out:
            continue
        meetings = pages = 0
        for row in await db.fetchall(
            "SELECT meeting, count(*) FROM posts WHERE served = 1 AND position < ?"
            " GROUP BY meeting", (old.position,)
        ):
            m, p = counts_toward_meeting(bool(row[0]), site)
            meetings += m * row[1]
            pages += p * row[1]
        out[old.position] = (meetings, pages)
    return out


def _file_of(problem: Problem) -> str:
    return problem.file


async def _problems_after(db: Database, before: list[Problem], files: Sequence[str]) -> list[Problem] | None:
    """The problems the cache holds after a sync that wrote the parse problems of ``files`` alone (no site
    problems, no file removed), from ``before`` (what it held, sorted as :func:`load_problems` gives them):
    each file's problems read again and put in its place. None when the count is not the table's (a problem
    naming another file than its post's): then read them all."""
    if not files:
        return list(before)
    wanted = sorted(set(files))
    fresh: dict[str, list[Problem]] = {}
    for batch in _batches(wanted):
        marks = ",".join("?" * len(batch))
        for row in await db.fetchall(
            f"SELECT file, line, severity, message FROM problems WHERE scope IN ('parse', 'site')"
            f" AND file IN ({marks}) ORDER BY file, line, id", list(batch)
        ):
            fresh.setdefault(row[0], []).append(Problem(row[0], row[1], row[2], row[3]))
    out = list(before)
    for file in reversed(wanted):  # each file's block (by bisection) replaced by what the table holds now
        start = bisect.bisect_left(out, file, key=_file_of)
        end = bisect.bisect_right(out, file, lo=start, key=_file_of)
        out[start:end] = fresh.get(file, [])
    row = await db.fetchone("SELECT count(*) FROM problems")
    return out if row is not None and row[0] == len(out) else None


MASS_REMOVAL_SHARE = 0.5  # a sync removing more than this share of the served sessions must be confirmed
HELD_BACK = "this sync would remove "  # how the problem of a removal held back begins (bot.cli.common reads it)


def _held_back(
    stored: dict[str, _Stored], removed: list[str], added: int, site: SiteInfo, *, allow_removals: bool
) -> tuple[list[str], list[Problem]]:
    """The files of ``removed`` (stored, not listed now) to keep as they were, and why (site problems).

    A file is not removed when its absence may be the site's fault rather than a deletion: ``_config.yml``
    has an error (the collections are unknown: everything is kept), or a folder above it could not be read
    or was refused (a listing error names it: unreadable, a symbolic link out of the site).
    And a sync that would remove more than half of the served sessions (two at least, net of the ``added``
    files: a rename is no loss), or every one of them (a site of one session whose file is gone), keeps them
    all and says so, until ``allow_removals`` confirms it (``coursebot sync --allow-removals``): a typo in the
    collection names or a checkout gone wrong must not empty the course."""
    from bot.course.site import config_file

    config_error = [p for p in site.problems if p.file == config_file(site) and p.severity == "error"]
    if config_error:
        return list(removed), []  # the configuration's own error is reported with the site problems
    # a folder the listing could not read or refused (e.g. a symbolic link out of the site): its files stay
    unreadable = [p.file.rstrip("/") for p in site.listing_problems if p.severity == "error"]
    kept = [f for f in removed if any(d in (".", "", f) or f.startswith(d + "/") for d in unreadable)]
    held = set(kept)
    rest = [f for f in removed if f not in held]
    served = [f for f, old in stored.items() if old.served]
    leaving = [f for f in rest if stored[f].served]
    problems: list[Problem] = []
    lost = len(leaving) - added
    emptied = lost >= 1 and lost == len(served)  # every session the site had, however few
    if not allow_removals and (emptied or (lost >= 2 and lost > MASS_REMOVAL_SHARE * len(served))):
        if len(served) == 1:
            what, kept_as = f"the only session of the site ({leaving[0]})", "it is kept as it was. If it was"
        else:
            examples = ", ".join(leaving[:3]) + (", ..." if len(leaving) > 3 else "")
            what = f"{len(leaving)} of the {len(served)} sessions ({examples})"
            kept_as = "they are kept as they were. If they were"
        problems.append(Problem(leaving[0], 1, "error", (
            f"{HELD_BACK}{what} with no error in the site to explain it; {kept_as} removed on purpose, "
            "confirm with `coursebot sync --allow-removals`"
        )))
        kept += rest
    return kept, problems


def _place_changed(
    scanned: Sequence[Scanned], stored: dict[str, _Stored], site: SiteInfo, config: CourseConfig, stored_dating: str,
    *, counted: dict[int, tuple[int, int]] | None = None,
) -> tuple[dict[str, _Placement], str] | None:
    """The placement :func:`_place` would give, worked out from the stored one and the parsed files alone,
    when nothing they changed can move another session: no file added or removed (checked by the caller, with
    the site and calendar unchanged), and each parsed file keeps its slug, its collection and its ``sort_by``
    value (so the Jekyll order and the one file per slug stand), its standing in the selection
    (:func:`bot.course.select.standing`: so every collection's selection stands) and what it counts toward
    in dating by position (:func:`bot.course.dates.counts_toward`: so every other session keeps the calendar's or
    the schedule page's date it had). Then only the parsed files are dated again, each from the count of the
    served sessions before it. None: a full placement is needed. Also returns the new ``dating`` key (the
    stored one and what changed: a later full placement never takes it for its own).

    ``counted``: by position, what the served sessions before it count toward (a narrow sync, whose
    ``stored`` holds only the parsed files: :func:`_counted_before`); None: counted from ``stored``."""
    from bot.course.dates import assign_dates, counts_toward, counts_toward_meeting, dated_by_position
    from bot.course.select import standing

    def stands(s: Session) -> tuple[bool, bool, frozenset[str], bool]:
        return standing(s, collections=config.site.collections, categories=config.site.categories,
                        role_keys=config.roles)

    fresh: list[tuple[Session, _Stored]] = []
    for s in scanned:
        if s.state == "unchanged":
            continue
        old = stored.get(s.file)
        if old is None or old.skeleton is None:
            return None  # a new file, or one that never parsed: it may take a place
        if s.state != "parsed" or s.session is None:
            continue  # failed: its last good session stays, and so does its place
        new = replace(s.session, file=s.file)
        was = old.skeleton
        if ((new.slug, new.collection, new.sort_key) != (was.slug, was.collection, was.sort_key)
                or stands(new) != stands(was) or counts_toward(new, site) != counts_toward(was, site)):
            return None
        fresh.append((new, old))
    placement = {
        f: _Placement(old.position if old.position is not None else -1, old.slug, old.date, old.url)
        for f, old in stored.items()
        if old.served and old.slug is not None
    }
    positional = dated_by_position(site, config.calendar, config.course.year)
    before: list[tuple[int, bool, bool]] = []
    if positional and counted is None:
        before = sorted(
            (old.position, *counts_toward_meeting(old.meeting, site)) for old in stored.values()
            if old.served and old.slug is not None and old.position is not None
        )
    digest = hashlib.blake2b(stored_dating.encode(), digest_size=16)
    for new, old in fresh:
        if not old.served:
            continue  # not selected, or a later file of its slug: still so
        if old.position is None:
            return None
        counts = (0, 0)
        if positional and counted is not None:
            counts = counted[old.position]
        elif positional:
            at = bisect.bisect_left(before, (old.position,))
            counts = (sum(m for _, m, _ in before[:at]), sum(p for _, _, p in before[:at]))
        dated = assign_dates([new], site=site, calendar=config.calendar, year=config.course.year, counted=counts)[0]
        placement[new.file] = _Placement(old.position, new.slug, dated.date.isoformat() if dated.date else None,
                                         dated.url)
        digest.update(repr((new.file, new.title, new.lecture, new.meeting, new.front_date, new.traits)).encode())
    return placement, "changed:" + digest.hexdigest()


def _place(
    candidates: list[Session], site: SiteInfo, config: CourseConfig
) -> tuple[dict[str, _Placement], list[Problem]]:
    """Jekyll order, one served file per slug (the first; the others are reported), dates and URLs."""
    from bot.course.dates import assign_dates  # here: an unchanged sync keeps the stored placement
    from bot.course.select import select_sessions, undeclared_warnings
    from bot.course.site import config_file, one_per_slug, order_sessions

    # the undeclared folders read (with [site] collections, only those it names: post_files warns about them)
    undeclared = [] if config.site.collections else [c.folder for c in site.undeclared]
    selection = select_sessions(
        candidates, collections=config.site.collections, categories=config.site.categories, role_keys=config.roles,
        undeclared=undeclared, series=[s.folder for s in site.page_series], calendars=site.calendar_collections,
    )
    ordered = order_sessions(selection.sessions, site=site)
    served, duplicates = one_per_slug(ordered)
    problems: list[Problem] = (list(site.problems) + list(site.listing_problems) + duplicates
                               + undeclared_warnings(selection.sessions, undeclared, config_file(site)))
    dated = assign_dates(served, site=site, calendar=config.calendar, year=config.course.year)
    placement = {
        s.file: _Placement(i, s.slug, s.date.isoformat() if s.date else None, s.url) for i, s in enumerate(dated)
    }
    return placement, problems


def _stable_repr(site: SiteInfo) -> str:
    """``repr(site)`` with its sets sorted (``optional_sections``): a set's repr follows the process's string
    hash seed, so the fingerprint of the same site differed between processes and a sync in a new process
    took an unchanged site for a changed one about half the time."""
    sets = {f.name: sorted(value) for f in fields(site) if isinstance(value := getattr(site, f.name), (set, frozenset))}
    return repr(replace(site, **sets) if sets else site)


def cache_shape(config: CourseConfig) -> str:
    """What of a configuration shapes the cache's sessions: the site folder, the role keys, the calendar,
    the year and the site's selection (a sync with another shape rewrites what students are served)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (str(config.site_path.resolve()), repr(sorted(config.roles)), config.calendar.model_dump_json(),
                 repr(config.course.year), config.site.model_dump_json()):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _site_fingerprint(site: SiteInfo, config: CourseConfig) -> str:
    """What ordering, dating and URLs depend on besides the sessions: the site, the calendar, the roles."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(_stable_repr(site).encode())
    digest.update(config.calendar.model_dump_json().encode())
    digest.update(repr(config.course.year).encode())
    digest.update(config.site.model_dump_json().encode())
    digest.update(repr(sorted(config.roles)).encode())
    return digest.hexdigest()


def _dating_fingerprint(candidates: Sequence[Session], site: SiteInfo, config: CourseConfig) -> str:
    """Everything ordering, dating and URLs depend on: the sessions' keys, the site, the calendar."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(_site_fingerprint(site, config).encode())
    digest.update(repr([
        (s.file, s.slug, s.title, s.lecture, s.collection, s.meeting, s.sort_key, s.front_date, s.traits)
        for s in candidates
    ]).encode())
    return digest.hexdigest()


async def _meta(db: Database, key: str) -> str | None:
    row = await db.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
    return row[0] if row else None


async def _remember_config(db: Database, site: SiteInfo) -> None:
    """Keep ``_config.yml`` as this sync read it (bot.store.config_memo), for the next sync of the same bytes."""
    assert site.config_yaml is not None
    text = config_memo.dumps(site.config_yaml, parser_fingerprint())
    async with db.transaction():
        if text is None:
            await db.execute("DELETE FROM meta WHERE key = ?", (config_memo.KEY,))
        else:
            await db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                             (config_memo.KEY, text))


async def _metas(db: Database, keys: Sequence[str]) -> dict[str, str]:
    marks = ",".join("?" * len(keys))
    rows = await db.fetchall(f"SELECT key, value FROM meta WHERE key IN ({marks})", list(keys))
    return {row[0]: row[1] for row in rows}


async def _load_known(db: Database) -> dict[str, Known]:
    rows = await db.fetchall("SELECT file, content_hash, stat FROM posts")
    return {row[0]: Known(row[1], row[2]) for row in rows}


async def _version(conn: aiosqlite.Connection) -> str:
    async with conn.execute("SELECT value FROM meta WHERE key = ?", (SESSIONS_VERSION,)) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else ""


async def _check_not_overtaken(conn: aiosqlite.Connection, expected: str | None) -> None:
    """Inside the write transaction: the sessions are still those this sync read (``expected``: the
    sessions version before it; None: not checked), else :class:`_Overtaken`."""
    if expected is not None and await _version(conn) != expected:
        raise _Overtaken


async def _write_unchanged(
    db: Database, scanned: list[Scanned], known: dict[str, Known], *, commit: str | None, version: str,
    shape: str, problems: list[Problem] | None = None, extra_meta: dict[str, str] | None = None,
    files: int | None = None,
) -> SyncReport:
    """The write of a sync that found every file unchanged (and the site and calendar as they were): the
    problems are those the cache held (``problems`` when the caller knows them, else read)."""
    stats = [(s.stat, s.file) for s in scanned if known[s.file].stat != s.stat]
    meta = unchanged_meta(shape, commit)  # the same rows as bot.store.warm's write of an unchanged sync
    meta += list((extra_meta or {}).items())
    async with db.transaction() as conn:
        await _check_not_overtaken(conn, version)
        if stats:
            await conn.executemany("UPDATE posts SET stat = ? WHERE file = ?", stats)
        await conn.executemany(META_UPSERT, meta)
    if problems is None:
        problems = await load_problems(db)
    return SyncReport(parsed=0, unchanged=len(scanned) if files is None else files, removed=0, failed=0,
                      problems=problems, version=version, since=version, problem_files=frozenset())


async def _load_stored(db: Database, files: Sequence[str] | None = None) -> dict[str, _Stored]:
    """What the cache holds for every file (``files``: for those only, read by the primary key)."""
    query = f"SELECT content_hash, stat, served, position, {codec.SKELETON_COLUMNS} FROM posts"
    if files is None:
        rows = await db.fetchall(query)
    else:
        rows = []
        for batch in _batches(list(files)):
            rows += await db.fetchall(f"{query} WHERE file IN ({','.join('?' * len(batch))})", list(batch))
    return {
        row["file"]: _Stored(
            content_hash=row["content_hash"],
            stat=row["stat"],
            served=bool(row["served"]),
            position=row["position"],
            date=row["date"],
            url=row["url"],
            slug=row["slug"],
            meeting=bool(row["meeting"]),
            row=row,
        )
        for row in rows
    }


def _batches(items: Sequence[Any], size: int = _SQL_BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _changed_slugs(
    differs: set[str],
    scanned: list[Scanned],
    stored: dict[str, _Stored],
    placement: dict[str, _Placement],
) -> list[str]:
    """Slugs whose parsed content, date or URL changed, that are new, or that are no longer served
    (``differs``: the parsed files whose stored columns differ, :meth:`Staging.differing`)."""
    changed: set[str] = set()
    parsed = [s for s in scanned if s.state == "parsed" and s.session is not None]
    for s in parsed:
        assert s.session is not None
        if s.file not in placement:
            continue  # parsed but not served (duplicate slug)
        if s.file in differs:
            changed.add(s.session.slug)
    for file, place in placement.items():
        old = stored.get(file)
        if old is None or not old.served or (old.date, old.url) != (place.date, place.url):
            changed.add(place.slug)
    for file, old in stored.items():
        if old.served and old.slug is not None and placement.get(file, _NOWHERE).slug != old.slug:
            changed.add(old.slug)  # removed, renamed, or no longer served
    return sorted(changed)


async def _write(
    db: Database,
    scanned: list[Scanned],
    stored: dict[str, _Stored],
    removed_files: list[str],
    plan: Callable[[], _Plan],
    staging: Staging,
    *,
    commit: str | None = None,
    expected: str | None = None,
) -> tuple[list[str], str, _Plan]:
    """The one write transaction of a sync; returns the changed slugs (see :func:`_changed_slugs`;
    the parsed files' rows are in ``staging``), the sessions version it left and the plan it wrote. ``expected``: the sessions
    version this sync read the cache at (:class:`_Overtaken` when another writer has changed it since).

    The parsed files' rows and readings go in first; the full-text indexing of the new readings (one
    ``INSERT ... SELECT``, which SQLite runs without holding the GIL) then proceeds on the database thread
    while this thread calls ``plan`` (ordering and dating every session) and prepares the other rows."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    parsed = [s for s in scanned if s.state == "parsed" and s.session is not None]
    failed = [s for s in scanned if s.state == "failed"]
    touched = [s.file for s in parsed + failed]

    async with db.transaction() as conn:
        await _check_not_overtaken(conn, expected)
        # readings of removed and parsed files leave the full-text index, then the tables (files new to
        # this sync too: another process may have synced them since we looked)
        stale = removed_files + [s.file for s in parsed]
        for batch in _batches(stale):
            marks = ",".join("?" * len(batch))
            await conn.execute(
                "INSERT INTO readings_fts(readings_fts, rowid, title, abstract, session_title)"
                f" SELECT 'delete', id, title, abstract, session_title FROM readings WHERE file IN ({marks})",
                list(batch),
            )
            await conn.execute(f"DELETE FROM readings WHERE file IN ({marks})", list(batch))
        for batch in _batches(removed_files + touched):
            marks = ",".join("?" * len(batch))
            await conn.execute(f"DELETE FROM problems WHERE scope = 'parse' AND file IN ({marks})", list(batch))
        for batch in _batches(removed_files):
            marks = ",".join("?" * len(batch))
            await conn.execute(f"DELETE FROM posts WHERE file IN ({marks})", list(batch))
        async with conn.execute("SELECT COALESCE(MAX(id), 0) FROM readings") as cursor:
            row = await cursor.fetchone()
            last_reading = row[0] if row else 0
        differs = await staging.differing(conn)  # before the copy: compared with the rows as they were
        await staging.copy(conn, parsed_at=now, commit=commit)
        indexing: asyncio.Future[Any] | None = None
        if staging.readings:  # ids only grow (INTEGER PRIMARY KEY after the current maximum)
            indexing = asyncio.ensure_future(conn.execute(
                "INSERT INTO readings_fts(rowid, title, abstract, session_title)"
                " SELECT id, title, abstract, session_title FROM readings WHERE id > ?",
                (last_reading,),
            ))
        try:
            if indexing is not None:
                await asyncio.sleep(0)  # hand the statement to the database thread
            planned = plan()
            changed = _changed_slugs(differs, scanned, stored, planned.placement)
            placement_rows = _placement_rows(scanned, stored, planned.placement, {s.file for s in parsed})
        finally:
            if indexing is not None:
                await indexing
        # failed files: new hash and error; the last good session (if any) stays
        await conn.executemany(
            "INSERT INTO posts(file, content_hash, stat, error) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(file) DO UPDATE SET content_hash = excluded.content_hash, stat = excluded.stat,"
            " error = excluded.error",
            [(s.file, s.content_hash, s.stat, s.error) for s in failed],
        )
        await conn.executemany(  # unchanged bytes, new or newly trusted size and mtime
            "UPDATE posts SET stat = ? WHERE file = ?",
            [(s.stat, s.file) for s in scanned
             if s.state == "unchanged" and s.file in stored and stored[s.file].stat != s.stat],
        )
        await conn.executemany(
            "UPDATE posts SET served = ?, position = ?, date = ?, url = ? WHERE file = ?", placement_rows
        )
        await names.refresh(conn, removed_files + [row[-1] for row in placement_rows])  # migration 009
        await staging.copy_problems(conn, parsed + failed)
        if planned.site_problems is not None:
            await conn.execute("DELETE FROM problems WHERE scope = 'site'")
            await conn.executemany(
                "INSERT INTO problems(scope, file, line, severity, message) VALUES (?, ?, ?, ?, ?)",
                [("site", p.file, p.line, p.severity, p.message) for p in planned.site_problems],
            )
        await conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [("last_sync", now), *planned.meta.items()],
        )
        await conn.execute(SESSIONS_VERSION_BUMP)
        version = await _version(conn)
    return changed, version, planned


def _placement_rows(
    scanned: list[Scanned], stored: dict[str, _Stored], placement: dict[str, _Placement], parsed_files: set[str]
) -> list[tuple[Any, ...]]:
    """served flag, order, date and url: only rows whose values change (and every parsed file, whose row
    the write resets); un-serving first keeps slugs unique."""
    rows: list[tuple[Any, ...]] = []
    for s in scanned:
        new = placement.get(s.file)
        target = (1, new.position, new.date, new.url) if new else (0, None, None, None)
        old = stored.get(s.file)
        before = (int(old.served), old.position, old.date, old.url) if old else None
        if s.file in parsed_files or before != target:
            rows.append((*target, s.file))
    rows.sort(key=lambda row: row[0])
    return rows


async def write_sessions(db: Database, sessions: Sequence[Session]) -> None:
    """Store already parsed and dated sessions as if a sync had read them, in the given (site) order.
    For filling a cache without a site on disk (benchmarks, tests of lookups); files not in
    ``sessions`` are left as they are."""
    stored = await _load_stored(db)
    scanned = [Scanned(s.file, content_hash(codec.session_json(s).encode()), "parsed", session=s) for s in sessions]
    placement: dict[str, _Placement] = {}
    rewritten = {s.file for s in sessions}  # files written again keep their slug (and are served again)
    claimed = {
        old.slug for f, old in stored.items() if old.served and old.slug is not None and f not in rewritten
    }
    for position, s in enumerate(sessions, start=len(stored)):
        if s.slug not in claimed:
            claimed.add(s.slug)
            placement[s.file] = _Placement(position, s.slug, s.date.isoformat() if s.date else None, s.url)
    async with Staging(db, {s.file: i for i, s in enumerate(sessions)}) as staging:
        scanned = await staging.put(scanned)
        await _write(db, scanned, stored, [], lambda: _Plan(placement, None, {"dating": ""}), staging)  # positions
        # given: re-date next sync


async def load_problems(db: Database) -> list[Problem]:
    rows = await db.fetchall(PROBLEMS_QUERY)
    return [Problem(row[0], row[1], row[2], row[3]) for row in rows]
