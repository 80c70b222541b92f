"""Giving up on a message for being late only on a confirmed reading of the clock.

Giving up is permanent, and it rests on one reading of the clock: a clock that jumped forward for a moment
(a bad NTP answer, a VM resumed with a stale offset) would skip every digest and reminder of the skipped
days. So the first pass that wants to skip only records its reading (in the cache's meta table); a later
pass (the next tick) whose clock is not behind that reading confirms it and skips. A clock that came back
clears the suspicion: what is still due gets posted.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class MetaStore(Protocol):
    async def meta_get(self, key: str) -> str | None: ...
    async def meta_set(self, key: str, value: str) -> None: ...


class SkipGuard:
    """One pass at a time: :meth:`begin`, then :meth:`may_skip` before each time-based skip, then :meth:`end`.

    Outside a pass (a message posted once by another service) skips are allowed.
    """

    def __init__(self, store: MetaStore, key: str) -> None:
        self.store = store
        self.key = key
        self._allowed = True  # False during a pass whose clock reading is not confirmed yet
        self._waiting = False  # this pass left a skip for a later reading of the clock to confirm

    async def begin(self, now: dt.datetime) -> None:
        """Start a pass at ``now``: skips are allowed only if an earlier pass's reading is confirmed."""
        self._allowed = await self._confirmed(now)
        self._waiting = False

    def may_skip(self) -> bool:
        """Called before a time-based skip: False (and the skip left for a later pass) when the reading of
        the clock is not confirmed yet."""
        if self._allowed:
            return True
        self._waiting = True
        return False

    @property
    def waiting(self) -> bool:
        """Whether this pass left a skip for a later pass to confirm."""
        return self._waiting

    async def end(self, now: dt.datetime) -> None:
        """End the pass: record its reading if it left skips waiting, else clear any suspicion."""
        if self._waiting and not self._allowed:
            log.warning("some messages look too late at %s; they are given up only if the next check agrees",
                        now.isoformat())
            await self.store.meta_set(self.key, now.astimezone(dt.UTC).isoformat())
        elif not self._waiting:
            await self.store.meta_set(self.key, "")
        self._allowed = True

    async def _confirmed(self, now: dt.datetime) -> bool:
        text = await self.store.meta_get(self.key)
        if not text:
            return False
        suspect = dt.datetime.fromisoformat(text)
        if now < suspect:
            log.warning("the clock is back before %s (now %s): nothing is given up for that reading", suspect, now)
            await self.store.meta_set(self.key, "")
            return False
        return True
