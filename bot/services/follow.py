"""Keeping the cache in step with where the site comes from: fetch the repository (if any), then sync.

:class:`SiteFollower` is the one way a running bot re-reads its site (the scheduled resync and a staff
``/sync`` both call :meth:`SiteFollower.sync`). With ``course.repo`` set it first fetches the repository
(:class:`bot.source.git.GitSite`, in a worker thread), then syncs the cache from the checkout, recording the
commit. A fetch that fails leaves the last good checkout served:

- the failure is logged once per outage, with its reason (the next failures only at debug level);
- retries back off: :meth:`next_attempt` is 30 s after the first failure, then 1, 2, 4 ... minutes, at most
  ``MAX_BACKOFF`` (a scheduled resync before then does not fetch; a staff ``/sync`` always does);
- the outage (since when, why) is kept in the cache's ``meta``, so staff alerts (bot.services.alerts) can
  tell when it has lasted an hour, across restarts too.

A resync looks only where something can have changed since the last sync this follower made:

- a repository: the bot's own checkout at the commit the last sync read (``meta.source_commit``) has not
  changed (every fetch resets it hard to the fetched commit); a new commit changes the files its diff names
  (:meth:`bot.source.git.GitSite.changed_since`);
- a local folder, once :meth:`SiteFollower.watch` has started a file watcher (the running bot does, before
  its first sync): the files the watcher saw change (:class:`bot.source.watch.SiteWatcher`). When the
  watcher cannot start, every resync looks at every file, as without one.

Nothing changed (and nothing else wrote the cache): the sync is skipped, no file is read. Every file is
looked at anyway on the first sync, on ``force`` or ``verify`` (a staff ``/sync``), when the configuration
changed, when the watcher lost events, died or its folder was replaced, and every
``schedule.full_scan_minutes`` (the safety net).

The safety net's look is made off the tick: one resync period before it is due, the scheduled resync, its
work done, starts :meth:`bot.store.sessions.Store.look` (:meth:`SiteFollower.start_look`: listing and stats in
a worker thread; it writes nothing) and does not wait for it; the next resync adds the files the look found differing from the cache (edited, new,
gone, never trusted) to those the watcher or the commit names, and counts every file as looked at from when
the look began. So a change no event told of is acted on within ``full_scan_minutes``, and no resync pays
for statting every file. A look that has not finished by the time the net is due, one that failed, or one
that found the site's configuration or layout changed, leaves that resync to look at every file itself, as
before; a staff ``/sync`` or anything else that looks at every file makes a look in flight moot (dropped).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from bot.config import CourseConfig
from bot.source.git import CommitInfo, GitError, GitSite, checkout_dir
from bot.source.watch import SiteWatcher
from bot.store.look import Look
from bot.store.sessions import Store, SyncReport

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

FIRST_BACKOFF = dt.timedelta(seconds=30)
MAX_BACKOFF = dt.timedelta(minutes=30)
_OUTAGE_KEY = "source.outage"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Outage:
    """The repository has not been fetched since ``since``; ``reason`` is the last error."""

    since: dt.datetime
    reason: str
    failures: int = 1

    def to_json(self) -> str:
        return json.dumps({"since": self.since.isoformat(), "reason": self.reason, "failures": self.failures})

    @classmethod
    def from_json(cls, text: str) -> Outage:
        doc = json.loads(text)
        return cls(dt.datetime.fromisoformat(doc["since"]), doc["reason"], int(doc.get("failures", 1)))


Pass = Literal["full", "changed", "skipped"]


@dataclass(frozen=True, slots=True)
class _Synced:
    """The last sync this follower made: with what configuration, at what commit, leaving which sessions
    version, what it reported (as an unchanged sync would), and when (injected clock) every file was last
    looked at."""

    config: CourseConfig
    commit: str | None
    version: str
    report: SyncReport
    full_at: dt.datetime


@dataclass(frozen=True, slots=True)
class _LookRun:
    """A safety-net look in flight: begun at ``began`` (injected clock), against ``config``."""

    began: dt.datetime
    config: CourseConfig
    task: asyncio.Task[Look]


def _as_unchanged(report: SyncReport) -> SyncReport:
    """What a sync that finds nothing changed after ``report`` reports (the problems are those the cache holds)."""
    files = report.parsed + report.unchanged + report.failed
    return SyncReport(parsed=0, unchanged=files, removed=0, failed=0, problems=list(report.problems),
                      version=report.version, since=report.version)


class SiteFollower:
    """The site's source (a :class:`GitSite`, or None for a local folder) and the cache it feeds."""

    def __init__(self, store: Store, config: CourseConfig, git: GitSite | None = None, *, clock: Clock = _utcnow) -> None:
        self.store = store
        self.git = git
        self.config = config.with_site(git.path) if git is not None else config
        self.clock = clock
        self.outage: Outage | None = None
        self._loaded = False
        self._next_attempt: dt.datetime | None = None
        self.watcher: SiteWatcher | None = None
        self._synced: _Synced | None = None
        self._sync_lock = asyncio.Lock()
        self.last_pass: Pass | None = None  # how the last sync looked: every file, the changed ones, none
        self._look: _LookRun | None = None
        self.last_net: str | None = None  # what the last sync did of the safety net: "started", "used" a look
        self.last_look: Look | None = None  # the last look used (how long it took, what it found)

    @classmethod
    def for_config(
        cls, store: Store, config: CourseConfig, *, data_dir: Path, token: str | None = None, clock: Clock = _utcnow
    ) -> SiteFollower:
        """A follower of ``course.repo`` (cloned under ``data_dir``) when it is set, else of the local folder."""
        if not config.course.repo:
            return cls(store, config, clock=clock)
        git = GitSite(config.course.repo, checkout_dir(data_dir, config.course.repo), branch=config.course.branch,
                      token=token)
        return cls(store, config, git, clock=clock)

    @property
    def describe(self) -> str:
        if self.git is None:
            return str(self.config.site_path)
        return f"{self.git.url} ({self.git.branch or 'default branch'})"

    @property
    def finds_changes_by(self) -> str:
        """How a resync finds what changed: ``git commit``, ``file watcher`` or ``stat scan`` (every file)."""
        if self.git is not None:
            return "git commit"
        return "file watcher" if self.watcher is not None and self.watcher.watching else "stat scan"

    def watch(self, watcher: SiteWatcher | None = None) -> bool:
        """A local folder: start watching it for changes (before the first sync, so none falls between the
        two; ``watcher``: a given one, else one on the site folder). False (logged once, with the reason)
        when it cannot be watched: every resync then looks at every file. A repository is never watched
        (its commits tell what changed)."""
        if self.git is not None:
            return False
        self.close()
        self.watcher = watcher if watcher is not None else SiteWatcher(self.config.site_path)
        if self.watcher.start():
            log.info("watching %s for changes", self.config.site_path)
            return True
        log.warning("cannot watch %s for changes (%s): every resync looks at every file", self.config.site_path,
                    self.watcher.problem)
        self.watcher = None
        return False

    def close(self) -> None:
        """Stop the file watcher, if any (and forget a look in flight)."""
        self._drop_look()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    @property
    def looking(self) -> bool:
        """Whether a safety-net look is in flight."""
        return self._look is not None and not self._look.task.done()

    async def settled(self) -> None:
        """Wait until the safety-net look in flight (if any) has finished: for tests and benches, which
        make ticks come faster than a real resync period."""
        run = self._look
        if run is not None:
            await asyncio.wait([run.task])

    async def _load(self) -> None:
        if not self._loaded:
            text = await self.store.meta_get(_OUTAGE_KEY)
            self.outage = Outage.from_json(text) if text else None
            self._loaded = True

    def next_attempt(self) -> dt.datetime | None:
        """When the next fetch should be tried during an outage (None: no outage)."""
        return self._next_attempt if self.outage is not None else None

    def _backoff(self, failures: int) -> dt.timedelta:
        return min(MAX_BACKOFF, FIRST_BACKOFF * (2 ** max(0, failures - 1)))

    async def fetch(self, *, force: bool = False) -> str | None:
        """Fetch the repository; the commit checked out (None: a local folder, or nothing checked out yet).
        Raises nothing: a failure is recorded as :attr:`outage` (and returned by the next call's ``head``)."""
        if self.git is None:
            return None
        await self._load()
        now = self.clock()
        if not force and self.outage is not None and self._next_attempt is not None and now < self._next_attempt:
            return await asyncio.to_thread(self.git.head)
        try:
            result = await asyncio.to_thread(self.git.fetch)
        except GitError as exc:
            await self._failed(exc, now)
            return await asyncio.to_thread(self.git.head)
        if self.outage is not None:
            log.info("repository %s reachable again (down since %s): at %s", self.git.url,
                     self.outage.since.isoformat(timespec="seconds"), result.commit[:8])
            self.outage = None
            self._next_attempt = None
            await self.store.meta_set(_OUTAGE_KEY, "")
        if result.changed:
            log.info("repository %s %s: checked out %s", self.git.url, result.branch, result.commit[:8])
        return result.commit

    async def _failed(self, exc: GitError, now: dt.datetime) -> None:
        assert self.git is not None
        reason = str(exc)
        if self.outage is None:
            self.outage = Outage(now, reason)
            head = await asyncio.to_thread(self.git.head)
            log.warning("cannot fetch %s (%s): %s; serving the last good checkout%s and retrying with backoff",
                        self.git.url, exc.reason, reason, f" ({head[:8]})" if head else " (none yet)")
        else:  # logged once per outage: the next failures only at debug level
            log.debug("still cannot fetch %s: %s", self.git.url, reason)
            self.outage = Outage(self.outage.since, reason, self.outage.failures + 1)
        self._next_attempt = now + self._backoff(self.outage.failures)
        await self.store.meta_set(_OUTAGE_KEY, self.outage.to_json())

    async def sync(self, *, force: bool = False, verify: bool = False) -> SyncReport:
        """Fetch (see :meth:`fetch`; ``force``: even inside the backoff), then sync the cache from the
        checkout. Raises :class:`bot.store.sync.SyncError` only when there is no checkout at all."""
        async with self._sync_lock:  # one at a time: what the watcher saw goes to exactly one sync
            return await self._sync(force=force, verify=verify)

    async def _sync(self, *, force: bool, verify: bool) -> SyncReport:
        self.last_net = None
        commit = await self.fetch(force=force)
        changed, looked = await self._changed(commit, everything=force or verify)
        synced = self._synced
        if changed is not None and not changed and synced is not None and synced.commit == commit:
            self.last_pass = "skipped"
            if looked is not None:  # every file was looked at by the look that began then
                self._synced = replace(synced, full_at=looked)
            return _as_unchanged(synced.report)  # a copy: the caller may keep or change it
        self._synced = None  # until this sync has succeeded: a failed one leaves the next to look at everything
        began = self.clock()
        report = await self.store.sync(self.config, verify=verify, commit=commit, changed=changed)
        self.last_pass = "full" if changed is None else "changed"
        if changed is None or synced is None:
            full_at = began
        else:
            full_at = looked if looked is not None else synced.full_at
        self._synced = _Synced(
            config=self.config, commit=commit, version=report.version,  # not read again: another writer may follow
            report=_as_unchanged(report), full_at=full_at,
        )
        return report

    async def _changed(
        self, commit: str | None, *, everything: bool
    ) -> tuple[frozenset[str] | None, dt.datetime | None]:
        """The files that may have changed since the last sync (None: any, look at every file), and when the
        safety-net look whose findings are among them began (None: no look used)."""
        watcher = self.watcher  # taken before the files are read (off the loop: a restart walks the site)
        taken = await asyncio.to_thread(watcher.take) if watcher is not None else None
        synced = self._synced
        if everything or synced is None or synced.config != self.config:
            self._drop_look()  # this sync looks at every file
            return None, None
        if await self.store.sessions_version() != synced.version:
            self._drop_look()
            return None, None  # someone else wrote the cache (a `coursebot sync`): what it holds is not what we read
        found, looked = self._finished_look(synced)
        if looked is None and self.clock() - synced.full_at >= self._window():
            self._drop_look()
            return None, None  # the safety net, when no look has delivered in time
        if looked is not None and found is None:
            return None, None
        extra = found or frozenset()
        if self.git is None:
            return (None if taken is None else taken | extra), looked
        if commit is None:
            return None, None
        git = self.git
        last = await self.store.meta_get("source_commit")  # what the last successful sync of the cache read
        diff = await asyncio.to_thread(git.changed_since, last, commit)
        return (None if diff is None else diff | extra), looked

    # -- the safety net's look, off the tick ------------------------------------------------------------

    def _window(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.config.schedule.full_scan_minutes)

    def start_look(self) -> bool:
        """Start the safety net's look, off the tick, when it is due within a resync period (and none is in
        flight); True when one started. The scheduled resync calls this once its tick's work is done
        (:meth:`bot.app.Runtime.resync`), so the look runs beside no tick; a follower whose caller never does
        looks at every file itself when the net is due. Only where resyncs go by changes (a watcher that
        watches, or a repository): without, every resync looks at every file anyway."""
        synced = self._synced
        if synced is None or self._look is not None or synced.config != self.config:
            return False
        if self.git is None and (self.watcher is None or not self.watcher.watching):
            return False
        period = dt.timedelta(minutes=self.config.schedule.resync_minutes)
        now = self.clock()
        if now - synced.full_at < self._window() - period:
            return False
        task = asyncio.get_running_loop().create_task(self.store.look(self.config), name="safety-net look")
        task.add_done_callback(_retrieve)
        self._look = _LookRun(now, self.config, task)
        self.last_net = "used, started" if self.last_net == "used" else "started"
        return True

    def _finished_look(self, synced: _Synced) -> tuple[frozenset[str] | None, dt.datetime | None]:
        """The findings of the look in flight if it has finished (files, when it began); (None, None) when
        none has. A look that failed counts as finding that every file must be looked at."""
        run = self._look
        if run is None or not run.task.done():
            return None, None
        self._look = None
        if run.config != synced.config:
            return None, None  # made for another configuration: moot
        self.last_net = "used"
        if run.task.cancelled() or run.task.exception() is not None:
            exc = None if run.task.cancelled() else run.task.exception()
            log.warning("the safety-net look at %s failed (%s): looking at every file", self.describe,
                        f"{type(exc).__name__}: {exc}" if exc is not None else "cancelled")
            return None, run.began
        look = run.task.result()
        self.last_look = look
        if look.files is None:
            log.info("the safety-net look at %s: %s; looking at every file", self.describe, look.why)
        elif look.files:
            log.info("the safety-net look at %s found %d file(s) changed that no event told of: %s",
                     self.describe, len(look.files), ", ".join(sorted(look.files)[:5]))
        return look.files, run.began

    def _drop_look(self) -> None:
        """Forget the look in flight (a sync that looks at every file makes it moot; it writes nothing)."""
        self._look = None

    async def last_change(self, file: str) -> CommitInfo | None:
        """The commit that last changed ``file`` (relative to the site root), when the site is a repository."""
        if self.git is None:
            return None
        git = self.git
        try:
            return await asyncio.to_thread(git.last_change, file)
        except Exception:  # history is a courtesy in an alert: never let it stop one
            log.exception("cannot read the history of %s", file)
            return None


def _retrieve(task: asyncio.Task[Look]) -> None:
    """A dropped look's failure is nobody's business: retrieve it so asyncio does not log it as lost."""
    if not task.cancelled():
        task.exception()
