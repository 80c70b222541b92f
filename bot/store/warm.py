"""An unchanged ``coursebot sync``, told and written with the standard library alone (issue 11).

A sync of a site where nothing changed writes only the sync's time (:func:`bot.store.sync.sync_site`), yet
the command would load pydantic (the configuration models), asyncio and aiosqlite, the site's readers and the
store first: some 0.1 s of CPU before it looks at a file, more than the look itself. So the ``sync`` command
(:mod:`bot.cli.warm`) first asks :func:`unchanged`, here, whether a sync would find what the last one left:

* the same inputs to the configuration (``key``: the configuration file's bytes, the options and environment,
  the day relative dates are read at, the code itself: see :func:`bot.cli.warm.inputs`);
* the same site folder (``tree``: :func:`tree_print`, every name, kind, size, modification and change time
  below the site root that the site's readers may read);
* the cache as that sync left it: the same sessions version, parse context and dating fingerprints, no bot
  holding it (its sync may use another configuration), the schema current, the file closed cleanly.

The last full sync that saw that configuration and that tree recorded them (:func:`remember`, meta key
``warm_sync``); when all of it holds, the sync's answer is the cache's, and :func:`unchanged` writes what the
full sync's unchanged path writes (the sync's time and the cache shape: :func:`unchanged_meta`, the same SQL).
Anything else (no record, another input, a file modified since, a racy stat) and the command runs the full
sync, which then records again.

Racy stats: the tree is recorded only when every entry's modification time was older than
:data:`bot.store.scan.RACY_SECONDS` when it was looked at, before the sync read anything (the rule the scan
trusts a stat by): an edit after that moves the time. An edit that keeps the size and sets the modification
time back still moves the change time, which is in the print too and cannot be set back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat as stat_module
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.course.files import SKIP_DIRS, SKIPPED, SiteFiles
from bot.store.cachefile import BUSY_TIMEOUT_MS, QUICK_CHECK_EVERY, CleanClose, discover_migrations
from bot.store.scan import RACY_SECONDS, filesystem_now_ns

WARM_KEY = "warm_sync"  # meta key: what the last full sync saw (see remember)
SESSIONS_VERSION = "sessions_version"  # meta key: a number that changes with every write of sessions
SYNC_SHAPE = "sync_shape"  # meta key: cache_shape of the configuration the last write of sessions used
META_UPSERT = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
PROBLEMS_QUERY = "SELECT file, line, severity, message FROM problems ORDER BY file, line, id"
#: what the record is compared with, besides the inputs: what only a write of sessions changes
_WRITTEN = (SESSIONS_VERSION, "parse_context", "dating", "dating_site")
def sync_time() -> str:
    """What a sync records as ``meta.last_sync``."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def unchanged_meta(shape: str, commit: str | None = None) -> list[tuple[str, str]]:
    """The ``meta`` rows the write of an unchanged sync sets (with :data:`META_UPSERT`)."""
    return [("last_sync", sync_time()), (SYNC_SHAPE, shape)] + ([("source_commit", commit)] if commit is not None else [])


def code_print(package: Path = Path(__file__).resolve().parent.parent) -> str:
    """Name, size and modification time of every source file of the bot: another version is another key."""
    digest = hashlib.blake2b(digest_size=16)
    stack = [str(package)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith((".py", ".sql")):
                    st = entry.stat()
                    digest.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Tree:
    """The print of a site folder (:func:`tree_print`) and the regular files below it (relative, POSIX)."""

    print: str
    files: frozenset[str]
    trusted: bool  # every entry older than the racy window when looked at


def tree_print(root: Path) -> Tree:
    """Every entry below ``root`` the site's readers may read (the one walk of the site,
    :meth:`bot.course.files.SiteFiles.walk`: not hidden names, not below :data:`SKIP_DIRS`; symlinked folders
    inside the site followed, once each), with its kind, size, modification and change times (a symlink: its
    target's, and its text)."""
    trusted_before = filesystem_now_ns() - RACY_SECONDS * 1_000_000_000
    digest = hashlib.blake2b(digest_size=16)
    files: set[str] = set()
    trusted = True
    out: list[str] = []
    for kind, relative, entry, _link, error in SiteFiles(root).walk(skip_dirs=SKIP_DIRS, ordered=True):
        if entry is None:  # UNREADABLE
            out.append(f"!{relative}\0{error.errno if error is not None else None}")
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            out.append(f"?{relative}\0{exc.errno}")
            continue
        mode = st.st_mode
        if stat_module.S_ISLNK(mode):
            try:
                text = os.readlink(entry.path)
                st = os.stat(entry.path)
            except OSError as exc:
                out.append(f"l{relative}\0{exc.errno}")
                continue
            out.append(f"l{relative}\0{text}")
            if stat_module.S_ISDIR(st.st_mode):
                continue  # walked or not as the walk decides (its entries follow when it is)
        elif stat_module.S_ISDIR(mode):
            if kind == SKIPPED:
                out.append(f"s{relative}\0{st.st_mtime_ns}\0{st.st_ctime_ns}")
                trusted = trusted and st.st_mtime_ns <= trusted_before
            else:
                out.append(f"d{relative}")
            continue
        out.append(f"f{relative}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}")
        trusted = trusted and st.st_mtime_ns <= trusted_before
        if stat_module.S_ISREG(st.st_mode):
            files.add(relative)
    digest.update("\n".join(out).encode("utf-8", "surrogateescape"))
    return Tree(digest.hexdigest(), frozenset(files), trusted)


@dataclass(frozen=True, slots=True)
class Unchanged:
    """What an unchanged sync reports: the site folder (as the configuration names it), the cache's sessions
    version, number of post files and problems (rows: file, line, severity, message)."""

    site: str
    version: str
    files: int
    problems: list[tuple[str, int, str, str]]


def unchanged(db_path: Path, key: str, tree_of: Callable[[Path], Tree] = tree_print) -> Unchanged | None:
    """When the cache at ``db_path`` holds what a sync with the inputs ``key`` would leave (see the module's
    notes; ``tree_of`` looks at the site folder the record names): the write of an unchanged sync, done, and
    what it reports. None when a full sync must tell (nothing is written then)."""
    target = str(db_path)
    if not os.path.isfile(target):
        return None
    clean = CleanClose.take(target)  # before connecting: an open connection has a -wal file
    if clean is None:
        return None  # not as a clean close left it: the full open checks the file
    opens = clean.unchecked_opens + 1
    if opens >= QUICK_CHECK_EVERY:
        return None  # due for its check: the full open runs it (the record is gone, as that open would leave it)
    try:
        conn = sqlite3.connect(target, isolation_level=None)
    except sqlite3.Error:
        CleanClose.leave(target, clean.unchecked_opens)
        return None
    wrote = False
    try:
        found = _unchanged(conn, key, tree_of)
        wrote = found is not None
        return found
    except sqlite3.Error:
        return None
    finally:
        conn.close()
        CleanClose.leave(target, opens if wrote else clean.unchecked_opens)


def _unchanged(conn: sqlite3.Connection, key: str, tree_of: Callable[[Path], Tree]) -> Unchanged | None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version != max((m.version for m in discover_migrations()), default=0):
        return None  # migrations to apply (or a newer coursebot's cache): the full open does it
    if conn.execute("SELECT 1 FROM instance_lock LIMIT 1").fetchone() is not None:
        return None  # a bot keeps this cache: whether its configuration is this one, the full sync tells
    meta = dict(conn.execute(f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * (len(_WRITTEN) + 1))})",
                             (WARM_KEY, *_WRITTEN)).fetchall())
    record = _record(meta.get(WARM_KEY))
    if record is None or record.get("key") != key or not meta.get("dating"):
        return None
    if any(record.get(name) != meta.get(name) for name in _WRITTEN):
        return None  # another sync wrote sessions since
    site = record.get("site")
    if not isinstance(site, str) or tree_of(Path(site)).print != record.get("tree"):
        return None
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        now = conn.execute("SELECT value FROM meta WHERE key = ?", (SESSIONS_VERSION,)).fetchone()
        if (now[0] if now else None) != meta.get(SESSIONS_VERSION):
            conn.execute("ROLLBACK")
            return None  # overtaken between the look and the write
        conn.executemany(META_UPSERT, unchanged_meta(str(record["shape"])))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    problems = [tuple(row) for row in conn.execute(PROBLEMS_QUERY).fetchall()]
    (files,) = conn.execute("SELECT COUNT(*) FROM posts").fetchone()
    return Unchanged(site, meta.get(SESSIONS_VERSION, ""), int(files), problems)  # type: ignore[arg-type]


def _record(text: str | None) -> dict[str, Any] | None:
    try:
        record = json.loads(text) if text else None
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


async def remember(db: Any, key: str, tree: Tree, *, site: str, shape: str, version: str) -> bool:
    """After a full sync of the folder ``site`` that left sessions version ``version`` and cache shape
    ``shape``, seeing the inputs ``key`` and the site ``tree`` (looked at before the sync read anything):
    record them for :func:`unchanged`, in ``db`` (a :class:`bot.store.db.Database`). Not when the tree was
    not trusted, when a post file the cache holds is not in it (held back from removal, or below a folder the
    print leaves out), or when the sessions are no longer ``version`` (another writer came between): then no
    record is left at all. Returns whether it recorded."""
    async with db.transaction():
        rows = await db.fetchall(f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(_WRITTEN))})",
                                 list(_WRITTEN))
        meta = {row[0]: row[1] for row in rows}
        ok = tree.trusted and meta.get(SESSIONS_VERSION, "") == version and bool(meta.get("dating"))
        if ok:
            stored = await db.fetchall("SELECT file FROM posts")
            ok = all(row[0] in tree.files for row in stored)
        if not ok:
            await db.execute("DELETE FROM meta WHERE key = ?", (WARM_KEY,))
            return False
        record = {"key": key, "tree": tree.print, "site": site, "shape": shape, **{name: meta.get(name) for name in _WRITTEN}}
        await db.execute(META_UPSERT, (WARM_KEY, json.dumps(record, sort_keys=True)))
    return True
