"""The safety net off the tick (bot.services.follow, bot.store.look): every ``schedule.full_scan_minutes`` every
file is looked at by a look that runs beside the resyncs (listing and stats in a worker thread) and whose
findings the next resync uses, so a change no event told of is still acted on within the window while no
resync stats every file. A watcher that sees nothing stands for lost events nobody noticed. The clock is
injected; nothing sleeps: a test waits for the look itself (``SiteFollower.settled``)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services.follow import SiteFollower
from bot.store.look import Look
from bot.store.sessions import Store
from tests.clock import SettableClock
from tests.services.test_follow_changes import Reads, titles
from tests.store.test_sync import config_for, post, write_site
from tests.store.test_sync_unchanged import age

START = dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC)


class BlindWatcher:
    """A file watcher that is watching and never sees a change: events lost with no sign of it."""

    problem = None
    watching = True

    def start(self) -> bool:
        return True

    def stop(self) -> None:
        pass

    def take(self) -> frozenset[str]:
        return frozenset()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


@pytest.fixture
async def blind(store: Store, tmp_path: Path) -> AsyncIterator[tuple[SiteFollower, Path, SettableClock]]:
    site = write_site(tmp_path / "site")
    age(site)
    clock = SettableClock(START)
    follower = SiteFollower(store, config_for(site), clock=clock)
    assert follower.watch(BlindWatcher())  # type: ignore[arg-type]
    await follower.sync(force=True)
    assert follower.last_pass == "full"
    try:
        yield follower, site, clock
    finally:
        follower.close()


def touch_old(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with an mtime old enough to be trusted (an edit nobody reported)."""
    path.write_text(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 60 * 10**9))


async def tick(follower: SiteFollower, clock: SettableClock, minutes: float = 10) -> tuple[str | None, str | None]:
    """One resync ``minutes`` after the last; the look it may start finishes before the next (as in a real
    resync period)."""
    clock.advance(minutes)
    await follower.sync()
    follower.start_look()  # as Runtime.resync does once its tick's work is done
    await follower.settled()
    return follower.last_pass, follower.last_net


async def test_a_change_no_event_told_of_is_acted_on_within_the_window_and_no_resync_looks_at_every_file(
    blind: tuple[SiteFollower, Path, SettableClock], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, site, clock = blind
    touch_old(site / "_contents" / "S0-L02.md", post("Alignment, edited unseen", "L-Intro", "RLHF"))
    reads = Reads(monkeypatch)
    passes = [await tick(follower, clock) for _ in range(4)]  # minutes 10..40: nothing is due
    assert passes == [("skipped", None)] * 4
    assert titles(await store.all_sessions())["S0-L02.md"] == "Alignment survey"  # the watcher saw nothing
    assert await tick(follower, clock) == ("skipped", "started")  # minute 50: the look starts, off the tick
    assert reads.posts() == set()  # it stats the posts, reads none
    assert await tick(follower, clock) == ("changed", "used")  # minute 60: its finding is acted on
    assert reads.posts() == {"_contents/S0-L02.md"}  # that file only
    assert titles(await store.all_sessions())["S0-L02.md"] == "Alignment, edited unseen"
    assert follower.last_look is not None and follower.last_look.files == frozenset({"_contents/S0-L02.md"})
    # every file counts as looked at from when the look began (minute 50): the next starts at minute 100
    passes = [await tick(follower, clock) for _ in range(5)]
    assert passes == [("skipped", None)] * 3 + [("skipped", "started"), ("skipped", "used")]


async def test_the_look_names_every_file_that_differs_and_no_other(
    blind: tuple[SiteFollower, Path, SettableClock], store: Store
) -> None:
    follower, site, _ = blind
    contents = site / "_contents"
    assert (await store.look(follower.config)).files == frozenset()
    touch_old(contents / "S0-L01.md", post("Introduction!", "L-Intro", "Attention Is All You Need"))  # edited
    (contents / "S0-L03.md").unlink()  # removed
    touch_old(contents / "S0-L09.md", post("New session", "L-New", "A new paper"))  # added
    old = (contents / "S0-L02.md").stat()  # same size, another mtime: looked at (the sync compares the hash)
    os.utime(contents / "S0-L02.md", ns=(old.st_atime_ns, old.st_mtime_ns - 10**9))
    look = await store.look(follower.config)
    assert isinstance(look, Look) and look.listed == 3
    assert look.files == frozenset({"_contents/S0-L01.md", "_contents/S0-L02.md", "_contents/S0-L03.md",
                                    "_contents/S0-L09.md"})
    # what the look found, given to a sync, brings the cache in line with the site
    report = await store.sync(follower.config, changed=look.files)
    assert (report.parsed, report.removed, report.unchanged) == (2, 1, 1)
    assert titles(await store.all_sessions()) == {"S0-L01.md": "Introduction!", "S0-L02.md": "Alignment survey",
                                                  "S0-L09.md": "New session"}
    assert (await store.look(follower.config)).files == frozenset()


async def test_a_file_modified_too_recently_to_be_trusted_is_named(
    blind: tuple[SiteFollower, Path, SettableClock], store: Store
) -> None:
    follower, site, _ = blind
    (site / "_contents" / "S0-L01.md").write_text(post("Introduction", "L-Intro", "Attention Is All You Need"))
    assert (await store.look(follower.config)).files == frozenset({"_contents/S0-L01.md"})


async def test_a_site_configuration_changed_unseen_means_every_file(
    blind: tuple[SiteFollower, Path, SettableClock], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, site, clock = blind
    config = site / "_config.yml"
    config.write_text(config.read_text().replace("Test Seminar 2024", "Test Seminar 2025"))
    look = await store.look(follower.config)
    assert look.files is None and "configuration" in look.why
    clock.advance(40)
    assert await tick(follower, clock) == ("skipped", "started")
    reads = Reads(monkeypatch)
    assert await tick(follower, clock) == ("full", "used")
    assert reads.opened == 1
    assert await tick(follower, clock) == ("skipped", None)


async def test_a_look_not_finished_when_the_net_is_due_leaves_that_resync_to_look_at_every_file(
    blind: tuple[SiteFollower, Path, SettableClock], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, site, clock = blind
    release = asyncio.Event()
    real_look = store.look
    started: list[dt.datetime] = []

    async def held_look(config: object) -> Look:
        started.append(clock())
        await release.wait()  # a look stuck on a slow disk
        return await real_look(config)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "look", held_look)
    clock.advance(50)
    await follower.sync()
    assert follower.start_look()
    await asyncio.sleep(0)  # let the look task start (it then waits on the event)
    assert follower.last_net == "started" and started == [START + dt.timedelta(minutes=50)]
    touch_old(site / "_contents" / "S0-L03.md", post("Harmful outputs, edited", "L-Harm", "HarmBench"))
    clock.advance(10)
    reads = Reads(monkeypatch)
    await follower.sync()  # the hour is up and the look has not delivered: this resync looks at every file
    assert (follower.last_pass, reads.opened) == ("full", 1)
    assert titles(await store.all_sessions())["S0-L03.md"] == "Harmful outputs, edited"
    release.set()
    await asyncio.sleep(0)
    clock.advance(10)
    await follower.sync()  # the late look was dropped: nothing of it is used
    assert (follower.last_pass, follower.last_net) == ("skipped", None)


async def test_a_failed_look_means_every_file_on_the_next_resync(
    blind: tuple[SiteFollower, Path, SettableClock], store: Store, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    follower, _, clock = blind

    async def broken_look(config: object) -> Look:
        raise OSError("the disk went away")

    monkeypatch.setattr(store, "look", broken_look)
    clock.advance(40)
    assert await tick(follower, clock) == ("skipped", "started")
    with caplog.at_level(logging.WARNING, logger="bot.services.follow"):
        assert await tick(follower, clock) == ("full", "used")
    assert any("safety-net look" in r.getMessage() and "the disk went away" in r.getMessage() for r in caplog.records)


async def test_a_staff_sync_still_looks_at_every_file_and_makes_a_look_in_flight_moot(
    blind: tuple[SiteFollower, Path, SettableClock], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, site, clock = blind
    clock.advance(50)
    await follower.sync()
    assert follower.start_look() and follower.last_net == "started"
    touch_old(site / "_contents" / "S0-L01.md", post("Introduction, by staff", "L-Intro", "Attention"))
    reads = Reads(monkeypatch)
    asked: list[object] = []
    real_sync = store.sync

    async def sync(config: object, **kwargs: object) -> object:
        asked.append(kwargs.get("changed"))
        return await real_sync(config, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "sync", sync)
    await follower.sync(force=True)  # a staff /sync: every file, now
    assert (follower.last_pass, reads.opened, asked) == ("full", 1, [None])  # changed=None: every file statted
    assert reads.posts() == {"_contents/S0-L01.md"}
    assert titles(await store.all_sessions())["S0-L01.md"] == "Introduction, by staff"
    await follower.settled()
    passes = [await tick(follower, clock) for _ in range(5)]  # the window restarts at the staff sync
    assert passes == [("skipped", None)] * 4 + [("skipped", "started")]


async def test_no_look_without_a_watcher_every_resync_looks_at_every_file(store: Store, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    clock = SettableClock(START)
    follower = SiteFollower(store, config_for(site), clock=clock)  # never watched: a stat scan every time
    await follower.sync(force=True)
    for _ in range(7):
        assert await tick(follower, clock) == ("full", None)
