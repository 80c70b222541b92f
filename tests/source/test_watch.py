"""The file watcher of a local site (real inotify through watchdog, on folders in tmp_path): it names the
files an edit, a new file, a deletion and a rename touched; it answers "look at everything" when it cannot
know (its first look, a folder moved, events lost, its threads dead); reading files makes no events.
Nothing sleeps: each test waits on the watcher for the change it made (with a timeout)."""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.source.watch import SiteWatcher

TIMEOUT = 10.0


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Seminar\n")
    for name in ("L01", "L02", "L03"):
        (root / "_contents" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n")
    return root


@pytest.fixture
def watcher(site: Path) -> Iterator[SiteWatcher]:
    w = SiteWatcher(site)
    assert w.start(), w.problem
    assert w.take() is None  # the first look is at everything
    yield w
    w.stop()


def seen(watcher: SiteWatcher, *relative: str) -> frozenset[str] | None:
    for path in relative:
        assert watcher.wait_for(path, TIMEOUT), f"the watcher did not see {path}"
    return watcher.take()


def test_an_edit_a_new_file_a_deletion_and_a_rename_are_named(site: Path, watcher: SiteWatcher) -> None:
    (site / "_contents" / "L02.md").write_text("---\ntitle: L02, edited\n---\n")
    assert "_contents/L02.md" in (seen(watcher, "_contents/L02.md") or ())
    (site / "_contents" / "L04.md").write_text("---\ntitle: L04\n---\n")
    assert "_contents/L04.md" in (seen(watcher, "_contents/L04.md") or ())
    (site / "_contents" / "L01.md").unlink()
    assert "_contents/L01.md" in (seen(watcher, "_contents/L01.md") or ())
    (site / "_contents" / "L03.md").rename(site / "_contents" / "L05.md")
    both = seen(watcher, "_contents/L03.md", "_contents/L05.md")
    assert both is not None and {"_contents/L03.md", "_contents/L05.md"} <= both
    (site / "_config.yml").write_text("title: Seminar, renamed\n")
    assert "_config.yml" in (seen(watcher, "_config.yml") or ())


def test_reading_the_files_makes_no_event(site: Path, watcher: SiteWatcher) -> None:
    for path in sorted(site.rglob("*.md")):
        path.read_bytes()
        path.stat()
    # a change made after the reads is the first thing the watcher names: the reads made no event before it
    (site / "marker.txt").write_text("x")
    assert seen(watcher, "marker.txt") == frozenset({"marker.txt"})


def test_a_folder_moved_or_created_means_every_file(site: Path, watcher: SiteWatcher) -> None:
    (site / "_contents").rename(site / "_posts")
    assert seen(watcher, None) is None
    (site / "_drafts").mkdir()
    assert seen(watcher, None) is None


def test_a_lost_event_queue_means_every_file(site: Path, watcher: SiteWatcher) -> None:
    # watchdog signals a kernel queue overflow only by this warning (it then rebuilds its watches)
    logging.getLogger("watchdog.observers.inotify_c").warning("Inotify queue overflowed; filesystem events were lost")
    assert watcher.take() is None
    (site / "_contents" / "L02.md").write_text("edited")
    assert "_contents/L02.md" in (seen(watcher, "_contents/L02.md") or ())  # and it goes on watching


def test_a_dead_watcher_is_started_again_and_means_every_file(site: Path, watcher: SiteWatcher) -> None:
    observer = watcher._observer
    observer.stop()
    observer.join(TIMEOUT)
    assert not watcher.watching
    assert watcher.take() is None
    assert watcher.watching  # started again, before the caller looks at every file
    (site / "_contents" / "L02.md").write_text("edited")
    assert "_contents/L02.md" in (seen(watcher, "_contents/L02.md") or ())


def test_git_internals_are_ignored(site: Path, watcher: SiteWatcher) -> None:
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (site / "marker.txt").write_text("x")
    assert seen(watcher, "marker.txt") == frozenset({"marker.txt"})


def test_a_folder_that_cannot_be_watched_says_why(site: Path) -> None:
    def no_more_watches() -> object:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    w = SiteWatcher(site, observer_factory=no_more_watches)
    assert not w.start()
    assert w.problem is not None and "max_user_watches" in w.problem
    assert w.take() is None and not w.watching
    missing = SiteWatcher(site / "nowhere")
    assert not missing.start() and missing.problem


def test_a_site_with_a_symbolic_link_is_not_watched(site: Path) -> None:
    (site / "_contents" / "L09.md").symlink_to(site / "_contents" / "L01.md")
    w = SiteWatcher(site)
    assert not w.start()
    assert w.problem is not None and "_contents/L09.md" in w.problem


def test_a_symbolic_link_made_later_stops_the_watching(site: Path, watcher: SiteWatcher) -> None:
    (site / "_contents" / "L09.md").symlink_to(site / "_contents" / "L01.md")
    assert seen(watcher, None) is None
    assert not watcher.watching  # started again and refused: every file is looked at, every time
    assert watcher.take() is None
    (site / "_contents" / "L09.md").unlink()
    assert watcher.take() is None  # tried again: the link is gone, it watches again
    assert watcher.watching
    (site / "_contents" / "L02.md").write_text("edited")
    assert "_contents/L02.md" in (seen(watcher, "_contents/L02.md") or ())


def test_a_replaced_site_folder_is_watched_anew(site: Path, watcher: SiteWatcher, tmp_path: Path) -> None:
    site.rename(tmp_path / "old-site")
    (site / "_contents").mkdir(parents=True)  # a new folder at the same path
    assert watcher.take() is None
    assert watcher.watching
    (site / "_contents" / "L01.md").write_text("new")
    assert "_contents/L01.md" in (seen(watcher, "_contents/L01.md") or ())
