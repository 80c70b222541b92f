"""A watched local site edited while a resync runs (real inotify): the edit made after the watcher's take
and before the sync's write is read by the next resync, never lost (held; kept as a regression test)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services.follow import SiteFollower
from bot.store.sessions import Store
from tests.clock import SettableClock
from tests.store.test_sync import config_for, post, write_site
from tests.store.test_sync_concurrent import PausedScan
from tests.store.test_sync_unchanged import age

TIMEOUT = 10.0


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


def rewrite(path: Path, title: str, minutes_ago: int) -> None:
    path.write_text(post(title, "L-Intro", "Attention Is All You Need"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - minutes_ago * 60 * 10**9))  # a stat the scan trusts


async def test_an_edit_made_while_a_resync_runs_is_read_by_the_next(store: Store, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    clock = SettableClock(dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC))
    follower = SiteFollower(store, config_for(site), clock=clock)
    assert follower.watch()
    try:
        await follower.sync(force=True)
        target = site / "_contents" / "S0-L01.md"
        rewrite(target, "First edit", minutes_ago=30)
        assert follower.watcher is not None and follower.watcher.wait_for("_contents/S0-L01.md", TIMEOUT)
        paused = PausedScan(monkeypatch)
        clock.advance(10)
        running = asyncio.ensure_future(follower.sync())  # takes the first edit, reads it, waits to write
        assert await asyncio.to_thread(paused.scanned.wait, TIMEOUT)
        rewrite(target, "Second edit", minutes_ago=20)  # after the take, before the write
        assert follower.watcher.wait_for("_contents/S0-L01.md", TIMEOUT)
        paused.release.set()
        await running
        assert (await store.get_session("S0-L01")).title == "First edit"  # type: ignore[union-attr]
        clock.advance(10)
        report = await follower.sync()
        assert follower.last_pass == "changed" and report.parsed == 1
        assert (await store.get_session("S0-L01")).title == "Second edit"  # type: ignore[union-attr]
    finally:
        follower.close()
