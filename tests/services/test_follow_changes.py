"""A resync looks only where something can have changed (bot.services.follow): on a local folder, the files
the file watcher saw change (real inotify); on a repository, the files the new commit's diff names (real
repositories on disk). A resync with nothing changed reads no file at all; every file is looked at on the
first sync, on a staff /sync, every ``schedule.full_scan_minutes``, and every time when the folder cannot
be watched. Nothing sleeps: a test that changes a file waits on the watcher until it has seen it."""

from __future__ import annotations

import datetime as dt
import errno
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import CourseConfig, CourseSection, ScheduleSection
from bot.course import files as site_files
from bot.services.follow import SiteFollower
from bot.source.git import CHECKOUT_MARKER
from bot.source.watch import SiteWatcher
from bot.store import sync as store_sync
from bot.store.sessions import Store
from tests.clock import SettableClock
from tests.fakes.gitremote import GitRemote
from tests.store.test_sync import config_for, post, write_site
from tests.store.test_sync_unchanged import age

TIMEOUT = 10.0
START = dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC)
CONFIG_YML = "title: Seminar\nurl: https://course.example\ncollections:\n  contents:\n    output: true\n"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


class Reads:
    """Every file a sync reads (through the site's reader) and whether it opened the site at all."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[str] = []
        self.opened = 0
        real_read, real_open = site_files.SiteFiles.read, store_sync.open_site

        def read(files: site_files.SiteFiles, file: str, limit: int) -> bytes:
            self.files.append(file)
            return real_read(files, file, limit)

        def open_site(*args: object, **kwargs: object) -> object:
            self.opened += 1
            return real_open(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(site_files.SiteFiles, "read", read)
        monkeypatch.setattr(store_sync, "open_site", open_site)

    def posts(self) -> set[str]:
        out = {f for f in self.files if f.endswith(".md")}
        self.files.clear()
        self.opened = 0
        return out


def titles(sessions: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {s.file.rsplit("/", 1)[-1]: s.title for s in sessions}


@pytest.fixture
async def watched(store: Store, tmp_path: Path) -> AsyncIterator[tuple[SiteFollower, Path, SettableClock]]:
    site = write_site(tmp_path / "site")
    age(site)
    clock = SettableClock(START)
    follower = SiteFollower(store, config_for(site), clock=clock)
    assert follower.watch()
    assert follower.finds_changes_by == "file watcher"
    first = await follower.sync(force=True)
    assert (first.parsed, follower.last_pass) == (3, "full")
    try:
        yield follower, site, clock
    finally:
        follower.close()


async def test_an_unchanged_resync_reads_no_file(watched: tuple[SiteFollower, Path, SettableClock], store: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    follower, _, clock = watched
    before = await store.all_sessions()
    reads = Reads(monkeypatch)
    for _ in range(3):
        clock.advance(10)
        report = await follower.sync()
        assert follower.last_pass == "skipped"
        assert (reads.files, reads.opened) == ([], 0)
        assert (report.parsed, report.unchanged, report.removed, report.failed, report.changed) == (0, 3, 0, 0, [])
    assert await store.all_sessions() == before


async def test_edits_new_files_deletions_and_renames_are_picked_up_reading_only_them(
    watched: tuple[SiteFollower, Path, SettableClock], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, site, _ = watched
    watcher = follower.watcher
    assert watcher is not None
    contents = site / "_contents"
    reads = Reads(monkeypatch)

    (contents / "S0-L02.md").write_text(post("Alignment, edited", "L-Intro", "Training with human feedback"))
    assert watcher.wait_for("_contents/S0-L02.md", TIMEOUT)
    report = await follower.sync()
    assert (follower.last_pass, report.parsed) == ("changed", 1)
    assert reads.posts() == {"_contents/S0-L02.md"}
    assert titles(await store.all_sessions())["S0-L02.md"] == "Alignment, edited"

    (contents / "S0-L04.md").write_text(post("Evaluations", "L-Eval", "HELM"))
    assert watcher.wait_for("_contents/S0-L04.md", TIMEOUT)
    await follower.sync()
    assert "S0-L04.md" in titles(await store.all_sessions())
    assert "_contents/S0-L01.md" not in reads.posts()  # untouched and trusted: never read

    (contents / "S0-L03.md").unlink()
    assert watcher.wait_for("_contents/S0-L03.md", TIMEOUT)
    report = await follower.sync()
    assert report.removed == 1 and "S0-L03.md" not in titles(await store.all_sessions())

    (contents / "S0-L04.md").rename(contents / "S0-L05.md")
    assert watcher.wait_for("_contents/S0-L05.md", TIMEOUT)
    await follower.sync()
    after = titles(await store.all_sessions())
    assert "S0-L04.md" not in after and after["S0-L05.md"] == "Evaluations"
    assert "_contents/S0-L01.md" not in reads.posts()


async def test_every_file_is_looked_at_on_a_staff_sync_and_by_the_safety_net_off_the_tick(
    watched: tuple[SiteFollower, Path, SettableClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, _, clock = watched
    await follower.sync(force=True)  # a staff /sync
    assert follower.last_pass == "full"
    clock.advance(49)
    await follower.sync()
    assert not follower.start_look()  # what the scheduled resync does once its tick's work is done
    assert (follower.last_pass, follower.last_net) == ("skipped", None)
    clock.advance(1)  # a resync period before the hour (schedule.full_scan_minutes) is up: the look starts
    reads = Reads(monkeypatch)
    await follower.sync()
    assert follower.start_look()
    assert (follower.last_pass, follower.last_net) == ("skipped", "started")
    await follower.settled()
    assert reads.posts() == set()  # the look stats the posts and reads no post (only the site's _config.yml)
    clock.advance(10)  # the hour: the look's findings (nothing) are used; the resync itself reads nothing
    await follower.sync()
    assert (follower.last_pass, follower.last_net) == ("skipped", "used")
    assert (reads.files, reads.opened) == ([], 0)
    assert follower.last_look is not None and follower.last_look.files == frozenset()
    assert follower.last_look.listed == 3
    clock.advance(10)
    await follower.sync()
    assert (follower.last_pass, follower.last_net) == ("skipped", None)


async def test_without_a_look_the_safety_net_resync_looks_at_every_file_itself(
    watched: tuple[SiteFollower, Path, SettableClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, _, clock = watched  # start_look never called (a caller other than the scheduled resync)
    clock.advance(59)
    await follower.sync()
    assert follower.last_pass == "skipped"
    clock.advance(1)  # an hour (schedule.full_scan_minutes) since every file was looked at
    reads = Reads(monkeypatch)
    await follower.sync()
    assert follower.last_pass == "full" and reads.opened == 1
    clock.advance(10)
    await follower.sync()
    assert follower.last_pass == "skipped"


async def test_a_write_by_someone_else_or_a_new_configuration_means_every_file(
    watched: tuple[SiteFollower, Path, SettableClock], store: Store
) -> None:
    follower, site, _ = watched
    await store.sync(follower.config, verify=True)  # e.g. `coursebot sync` on the same cache
    await store.db.execute("UPDATE meta SET value = value || '0' WHERE key = 'sessions_version'")
    await follower.sync()
    assert follower.last_pass == "full"
    follower.config = follower.config.model_copy(update={"schedule": ScheduleSection(full_scan_minutes=30)})
    await follower.sync()
    assert follower.last_pass == "full"
    await follower.sync()
    assert follower.last_pass == "skipped"


async def test_a_folder_that_cannot_be_watched_is_scanned_every_time(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    follower = SiteFollower(store, config_for(site), clock=SettableClock(START))

    def no_more_watches() -> object:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    with caplog.at_level(logging.WARNING, logger="bot.services.follow"):
        assert not follower.watch(SiteWatcher(site, observer_factory=no_more_watches))
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.services.follow"]
    assert len(warnings) == 1 and "max_user_watches" in warnings[0] and "every file" in warnings[0]
    assert follower.finds_changes_by == "stat scan"
    await follower.sync(force=True)
    (site / "_contents" / "S0-L02.md").write_text(post("Alignment, edited", "L-Intro", "Training with human feedback"))
    report = await follower.sync()  # no event to wait for: the stat scan finds it
    assert (follower.last_pass, report.parsed) == ("full", 1)
    assert titles(await store.all_sessions())["S0-L02.md"] == "Alignment, edited"
    await follower.sync()
    assert follower.last_pass == "full"
    assert len([r for r in caplog.records if r.name == "bot.services.follow"]) == 1  # said once


# -- a repository ----------------------------------------------------------------------------------------


def site_post(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-11-10\nnotes: team-1\n---\n\n## Required Readings\n\n### A paper\n  + https://arxiv.org/abs/1\n"


@pytest.fixture
async def followed(store: Store, tmp_path: Path) -> AsyncIterator[tuple[SiteFollower, GitRemote, SettableClock]]:
    remote = GitRemote(tmp_path / "origin")
    remote.commit({"_config.yml": CONFIG_YML, **{f"_contents/L0{i}.md": site_post(f"Lecture {i}") for i in (1, 2, 3)}},
                  "Course site")
    clock = SettableClock(START)
    config = CourseConfig(course=CourseSection(name="Seminar", repo=remote.url))
    follower = SiteFollower.for_config(store, config, data_dir=tmp_path / "data", clock=clock)
    assert not follower.watch()  # a repository is never watched: its commits tell
    assert follower.finds_changes_by == "git commit"
    first = await follower.sync(force=True)
    assert (first.parsed, follower.last_pass) == (3, "full")
    assert follower.git is not None
    age(follower.git.path)
    await follower.sync(force=True)  # the stats trusted
    yield follower, remote, clock


async def test_a_repository_at_the_same_commit_reads_no_file(
    followed: tuple[SiteFollower, GitRemote, SettableClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, _, clock = followed
    reads = Reads(monkeypatch)
    clock.advance(10)
    report = await follower.sync()
    assert follower.last_pass == "skipped" and (reads.files, reads.opened) == ([], 0)
    assert (report.parsed, report.unchanged) == (0, 3)


async def test_a_new_commit_reads_only_the_files_its_diff_names(
    followed: tuple[SiteFollower, GitRemote, SettableClock], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower, remote, _ = followed
    reads = Reads(monkeypatch)
    remote.commit({"_contents/L02.md": site_post("Lecture 2, edited"), "_contents/L03.md": None,
                   "_contents/L04.md": site_post("Lecture 4")}, "Edit L02, drop L03, add L04")
    report = await follower.sync()
    assert follower.last_pass == "changed"
    assert (report.parsed, report.removed) == (2, 1)
    assert reads.posts() == {"_contents/L02.md", "_contents/L04.md"}
    assert titles(await store.all_sessions()) == {"L01.md": "Lecture 1", "L02.md": "Lecture 2, edited",
                                                  "L04.md": "Lecture 4"}
    remote.commit({"_contents/L04.md": None, "_contents/L05.md": site_post("Lecture 4")}, "Rename L04 to L05")
    await follower.sync()
    read = reads.posts()  # L02 too, maybe: checked out within seconds, its stat is not trusted yet
    assert "_contents/L05.md" in read and "_contents/L01.md" not in read
    assert set(titles(await store.all_sessions())) == {"L01.md", "L02.md", "L05.md"}


async def test_a_force_push_back_to_an_older_commit_is_picked_up(
    followed: tuple[SiteFollower, GitRemote, SettableClock], store: Store
) -> None:
    follower, remote, _ = followed
    first = remote.commits[0]
    remote.commit({"_contents/L02.md": site_post("Lecture 2, edited")}, "Edit L02")
    await follower.sync()
    assert titles(await store.all_sessions())["L02.md"] == "Lecture 2, edited"
    remote.force_push(first)  # history rewritten: the checkout is reset to the first commit
    await follower.sync()
    assert follower.last_pass == "changed"
    assert titles(await store.all_sessions())["L02.md"] == "Lecture 2"


async def test_a_checkout_left_half_made_means_every_file(
    followed: tuple[SiteFollower, GitRemote, SettableClock]
) -> None:
    follower, _, _ = followed
    assert follower.git is not None
    head = follower.git.head()
    assert head is not None
    assert follower.git.changed_since(head, head) == frozenset()
    assert follower.git.changed_since(None, head) is None  # nothing synced yet
    assert follower.git.changed_since("0" * 40, head) is None  # a commit the clone does not have
    (follower.git.path / ".git" / CHECKOUT_MARKER).write_text(f"{head} main\n")
    assert follower.git.changed_since(head, head) is None
