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
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.config import CourseConfig
from bot.source.git import CommitInfo, GitError, GitSite, checkout_dir
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
        commit = await self.fetch(force=force)
        return await self.store.sync(self.config, verify=verify, commit=commit)

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
