"""The safety net's look at every file, made off the tick: which files differ from what the cache holds.

A running bot re-reads only the files its file watcher or the new commit names (:mod:`bot.services.follow`);
every ``schedule.full_scan_minutes`` it must look at every file anyway, in case an event was lost without
anyone noticing. Statting 50,000 files, listing the site and reading every file's stat from the cache takes
~0.6 s: :func:`look_at_site` does it off the event loop (the listing and the stats in a worker thread, the
stored stats read from the cache a page at a time, so no query waits long behind it), and answers the files a
sync must look at (:meth:`bot.store.sessions.Store.sync` ``changed=``), which the follower hands to its next
resync. The look writes nothing and parses nothing.

A file is named when the cache's trusted size and mtime (``posts.stat``) is not what the disk says now: edited,
new to the site, gone from it, never trusted (modified too recently, unreadable), or not a regular file any
more. When what ordering, dating and parsing depend on changed (``_config.yml``, the schedule page, the
collections: the fingerprints the last sync kept in ``meta``), the answer is None: look at every file.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.config import CourseConfig
from bot.store.db import Database
from bot.store.scan import RACY_SECONDS, filesystem_now_ns, stat_text
from bot.store.sync import _parse_context, _relative, _site_fingerprint

PAGE = 1_000  # cache rows read per query: each about a millisecond of the database thread


@dataclass(frozen=True, slots=True)
class Look:
    """What a look found: ``files`` to look at (relative, POSIX; empty: nothing differs), or None when every
    file must be (the site's configuration or layout changed, or the site cannot be read); ``listed`` post
    files on disk, ``seconds`` of wall time it took."""

    files: frozenset[str] | None
    listed: int
    seconds: float
    why: str = ""


async def _stored_stats(db: Database, page: int = PAGE) -> list[Sequence[Any]]:
    """(file, stat) of every post file the cache holds, a page at a time (by rowid: each query is short)."""
    rows: list[Sequence[Any]] = []
    last = -1
    while True:
        chunk = await db.fetchall("SELECT rowid, file, stat FROM posts WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                  (last, page))
        rows.extend(chunk)
        if len(chunk) < page:
            return rows
        last = chunk[-1][0]


async def look_at_site(db: Database, config: CourseConfig) -> Look:
    """The files of ``config.site_path`` whose stat is not the one the cache trusts (see the module)."""
    began = time.perf_counter()
    rows = await db.fetchall(
        "SELECT key, value FROM meta WHERE key IN ('parse_context', 'dating_site')"
    )
    meta = {row[0]: row[1] for row in rows}
    stored = await _stored_stats(db)
    files, listed, why = await asyncio.to_thread(_differing, config, stored, meta)
    return Look(files, listed, time.perf_counter() - began, why)


def _differing(
    config: CourseConfig, stored: Iterable[Sequence[Any]], meta: dict[str, str]
) -> tuple[frozenset[str] | None, int, str]:
    from bot.course.site import SiteError, open_site, post_files  # here: only a sync that looks loads the reader

    root = config.site_path
    try:
        site = open_site(root)
        listing = post_files(site, config.site.collections)
    except (SiteError, OSError) as exc:
        return None, 0, f"cannot read the site: {exc}"
    if meta.get("parse_context") != _parse_context(config, listing, site):
        return None, len(listing), "the collections or the parse context changed"
    if meta.get("dating_site") != _site_fingerprint(site, config):
        return None, len(listing), "the site's configuration or schedule changed"
    known: dict[str, str | None] = {row[1]: row[2] for row in stored}
    out: set[str] = set()
    trusted_before = filesystem_now_ns() - RACY_SECONDS * 1_000_000_000
    base = os.path.join(str(root), "")
    for pf in listing:
        file = _relative(root, pf.path)
        old = known.pop(file, "")  # "": not in the cache
        if not old:  # new, or a stat the cache does not trust
            out.add(file)
            continue
        try:
            st = os.stat(base + file)
        except OSError:
            out.add(file)
            continue
        if st.st_mtime_ns > trusted_before or old != stat_text(st):
            out.add(file)
    out.update(known)  # in the cache, no longer listed: removed
    return frozenset(out), len(listing), ""
