"""Two writers of one cache file: the bot's resync and a `coursebot sync` (another process, here another Store
on the same file) that read the site at different moments. A sync whose scan another writer's sync has
overtaken (the cache changed between its reading of the cache and its write) must not write what it read
over the newer rows; and the sessions version a sync reports is the one its own write left, so a follower
that trusts the cache after its sync is never fooled by a write that came right after it."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import sync as store_sync
from bot.store.sessions import Store
from tests.store.test_sync import config_for, post, write_site
from tests.store.test_sync_unchanged import age

TIMEOUT = 10.0


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[tuple[Store, Store]]:
    bot, cli = await Store.open(tmp_path / "cache.sqlite3"), await Store.open(tmp_path / "cache.sqlite3")
    yield bot, cli
    await cli.close()
    await bot.close()


def rewrite(path: Path, title: str, *, minutes_ago: int) -> None:
    """Write the post with ``title``, its mtime set in the past (a stat the scan trusts) and distinct."""
    path.write_text(post(title, "L-Intro", "Attention Is All You Need"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - minutes_ago * 60 * 10**9))


class PausedScan:
    """The next scan (of whichever sync runs it) stops after reading the files, until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scanned, self.release = threading.Event(), threading.Event()
        self._armed = True
        real = store_sync.scan

        def scan(*args: object, **kwargs: object) -> object:
            result = real(*args, **kwargs)  # type: ignore[arg-type]
            if self._armed:
                self._armed = False
                self.scanned.set()
                assert self.release.wait(TIMEOUT), "the paused scan was never released"
            return result

        monkeypatch.setattr(store_sync, "scan", scan)


async def test_a_sync_overtaken_by_another_writer_does_not_write_the_older_file_over_the_newer(
    two: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, cli = two
    site = write_site(tmp_path / "site")
    age(site)
    config = config_for(site)
    await bot.sync(config)
    target = site / "_contents" / "S0-L01.md"
    rewrite(target, "Version one", minutes_ago=30)
    paused = PausedScan(monkeypatch)
    late = asyncio.ensure_future(cli.sync(config))  # reads version one, then waits before writing
    assert await asyncio.to_thread(paused.scanned.wait, TIMEOUT)
    rewrite(target, "Version two", minutes_ago=20)
    report = await bot.sync(config)  # reads version two and writes it first
    assert report.parsed == 1
    paused.release.set()
    await late
    assert (await bot.get_session("S0-L01")).title == "Version two"  # type: ignore[union-attr]
    assert (await cli.get_session("S0-L01")).title == "Version two"  # type: ignore[union-attr]
    # and the next syncs agree with the disk without anything to repair
    assert (await bot.sync(config)).parsed == 0


async def test_the_version_a_sync_reports_is_the_one_its_own_write_left(
    two: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, cli = two
    site = write_site(tmp_path / "site")
    age(site)
    config = config_for(site)
    await bot.sync(config)
    rewrite(site / "_contents" / "S0-L02.md", "Edited", minutes_ago=30)
    real_write = store_sync._write
    seen: list[str] = []

    async def write_then_another_writer(db: object, *args: object, **kwargs: object) -> object:
        changed = await real_write(db, *args, **kwargs)  # type: ignore[arg-type]
        if db is bot.db and not seen:  # right after the bot's write: `coursebot sync` gets the lock first
            seen.append(await bot.sessions_version())
            await cli.db.execute(
                "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'sessions_version'"
            )
        return changed

    monkeypatch.setattr(store_sync, "_write", write_then_another_writer)
    report = await bot.sync(config)
    assert report.parsed == 1 and seen
    assert report.version == seen[0] != await bot.sessions_version()
