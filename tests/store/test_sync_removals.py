"""A sync removes sessions only for a reason the site gives (issue 9, point 5): a broken _config.yml or an
unreadable folder keeps the cache as it was (reported); removing most sessions at once must be confirmed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import CourseConfig, CourseSection
from bot.store.sessions import Store

CONFIG_YML = "title: T 2024\ncollections:\n  contents: {}\n"


def _site(root: Path, count: int) -> CourseConfig:
    (root / "_contents").mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(CONFIG_YML)
    for i in range(count):
        (root / "_contents" / f"S{i}.md").write_text(f"---\ntitle: Session {i}\n---\n\n- [P{i}](https://e.org/{i})\n")
    return CourseConfig(course=CourseSection(site=root))


async def _slugs(store: Store) -> list[str]:
    return [s.slug for s in await store.all_sessions()]


async def test_a_broken_config_keeps_every_session_and_says_why(tmp_path: Path) -> None:
    config = _site(tmp_path / "site", 4)
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(config)
        (tmp_path / "site" / "_config.yml").write_text("title: T 2024\ncollections:\n  contents: {\n")
        report = await store.sync(config)
        assert report.removed == 0 and await _slugs(store) == ["S0", "S1", "S2", "S3"]
        assert any(p.file == "_config.yml" and p.severity == "error" for p in report.problems)
        (tmp_path / "site" / "_config.yml").write_text(CONFIG_YML)
        report = await store.sync(config)
        assert not report.errors and await _slugs(store) == ["S0", "S1", "S2", "S3"]


async def test_a_typo_that_empties_the_site_is_held_until_confirmed(tmp_path: Path) -> None:
    config = _site(tmp_path / "site", 4)
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(config)
        # a typo in _config.yml's collections: the folder is read as an undeclared collection (bot.course.select)
        (tmp_path / "site" / "_config.yml").write_text(CONFIG_YML.replace("collections", "colections"))
        report = await store.sync(config)
        assert report.removed == 0 and await _slugs(store) == ["S0", "S1", "S2", "S3"] and not report.errors
        assert any("_contents/" in p.message and "does not declare" in p.message for p in report.problems)
        # a checkout gone wrong (the collection's folder renamed): held until confirmed
        (tmp_path / "site" / "_config.yml").write_text(CONFIG_YML)
        (tmp_path / "site" / "_contents").rename(tmp_path / "site" / "contents-old")
        report = await store.sync(config)
        assert report.removed == 0 and await _slugs(store) == ["S0", "S1", "S2", "S3"]
        assert any("would remove 4 of the 4 sessions" in p.message and "--allow-removals" in p.message
                   for p in report.errors)
        report = await store.sync(config, allow_removals=True)
        assert report.removed == 4 and await _slugs(store) == []


async def test_one_removed_post_goes_without_confirmation(tmp_path: Path) -> None:
    config = _site(tmp_path / "site", 4)
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(config)
        (tmp_path / "site" / "_contents" / "S2.md").unlink()
        report = await store.sync(config)
        assert report.removed == 1 and await _slugs(store) == ["S0", "S1", "S3"] and not report.errors


@pytest.mark.parametrize("changed", [None, frozenset({"_contents/S0.md"})], ids=["full", "told-of-the-file"])
async def test_removing_the_only_session_of_a_site_is_held_until_confirmed(
    tmp_path: Path, changed: frozenset[str] | None
) -> None:
    """Every session of a site gone is a mass removal however few they were: the file of a one-session site
    deleted keeps its last good session served, with an error naming the file and the confirmation, on every
    sync until `coursebot sync --allow-removals` confirms it (the bot's resyncs, told which file changed, too)."""
    config = _site(tmp_path / "site", 1)
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(config)
        (tmp_path / "site" / "_contents" / "S0.md").unlink()
        for _ in range(2):
            report = await store.sync(config, changed=changed)
            assert report.removed == 0 and await _slugs(store) == ["S0"]
            assert [p.file for p in report.errors] == ["_contents/S0.md"], report.problems
            [message] = [p.message for p in report.errors]
            assert message.startswith("this sync would remove the only session of the site (_contents/S0.md)")
            assert "it is kept as it was" in message and "`coursebot sync --allow-removals`" in message
            assert [r.title for r in (await store.get_session("S0")).readings] == ["P0"]  # the last good data
        report = await store.sync(config, allow_removals=True)
        assert report.removed == 1 and await _slugs(store) == [] and not report.errors


async def test_an_unreadable_collection_folder_keeps_its_sessions_and_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _site(tmp_path / "site", 4)
    (tmp_path / "site" / "_contents" / "sub").mkdir()
    (tmp_path / "site" / "_contents" / "sub" / "T.md").write_text("---\ntitle: T\n---\n")
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(config)
        assert await _slugs(store) == ["S0", "S1", "S2", "S3", "T"]
        real_scandir = os.scandir
        blocked = os.path.realpath(tmp_path / "site" / "_contents" / "sub")

        def scandir(path):  # what a folder without read permission gives (the tests may run as root)
            if os.fspath(path) == blocked:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
        report = await store.sync(config)
        assert report.removed == 0 and await _slugs(store) == ["S0", "S1", "S2", "S3", "T"]
        assert "_contents/sub:1: error: cannot read folder: Permission denied" in map(str, report.problems)


async def test_posts_deleted_from_an_unchanged_site_are_held_and_said_on_every_sync(tmp_path: Path) -> None:
    """Most posts deleted while _config.yml and the calendar stay as they were: the sync that keeps them
    wrote no problem (its placement took the quick path, keeping the stored site problems), so neither
    `coursebot sync` nor a read command said anything. The guard's problem is reported on that sync and
    every later one while the files are missing, and gone once they are back."""
    config = _site(tmp_path / "site", 4)
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(config)
        for i in (0, 1, 2):
            (tmp_path / "site" / "_contents" / f"S{i}.md").unlink()
        for _ in range(2):
            report = await store.sync(config)
            assert report.removed == 0 and await _slugs(store) == ["S0", "S1", "S2", "S3"]
            assert any("would remove 3 of the 4 sessions" in p.message for p in report.errors), report.problems
        for i in (0, 1, 2):
            (tmp_path / "site" / "_contents" / f"S{i}.md").write_text(f"---\ntitle: Session {i}\n---\n\n- [P{i}](https://e.org/{i})\n")
        report = await store.sync(config)
        assert not report.errors and await _slugs(store) == ["S0", "S1", "S2", "S3"]


async def test_a_one_session_site_with_a_broken_config_yml_still_serves_its_session(tmp_path: Path) -> None:
    """A stray colon in the title and a tab in the indentation: YAML refuses the file, a reader does not (the
    settings are read line by line, bot.course.lenient_yaml), so the one session is served from the first sync
    on, with a warning naming each line."""
    config = _site(tmp_path / "site", 1)
    (tmp_path / "site" / "_config.yml").write_text(
        "title: CS 101: Intro 2024\ncollections:\n  contents:\n    output: true\n\tpermalink: /:path/\n")
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        report = await store.sync(config)
        assert await _slugs(store) == ["S0"] and not report.errors
        lines = sorted(p.line for p in report.problems if p.file == "_config.yml" and p.severity == "warning")
        assert lines == [1, 5], report.problems
        again = await store.sync(config)  # read (and warned about) again: a recovered file is never memoised
        assert await _slugs(store) == ["S0"] and len([p for p in again.problems if p.file == "_config.yml"]) == 2
