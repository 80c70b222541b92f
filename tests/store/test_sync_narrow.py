"""A sync told which files changed (a file watcher, a commit's diff) reads only those rows: no listing of the
site, no pass over every stored row, no read of the whole problems table (``sync._narrow``). After each edit
of ``test_sync_placement`` (dated by a calendar and by a schedule page), synced with ``changed=`` naming the
edited files, the ``posts`` table equals that of a cache synced from scratch and the problems reported are
those the table holds; the edits that can move another session (a new, moved or removed file, a file
leaving the selection, a schedule-page change) fall back to the full read and still give that cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import CalendarConfig, CourseConfig, CourseSection
from bot.store import sync as sync_module
from bot.store.sessions import Store
from bot.store.sync import load_problems
from tests.store.test_sync import DATES
from tests.store.test_sync_placement import aged_site, edits, from_scratch, rows, write_site
from tests.store.test_sync_unchanged import age


def state(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def what_changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The paths a watcher would name: added, removed, or with other bytes."""
    return {f for f in before.keys() | after.keys() if before.get(f) != after.get(f)}


def full_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each read of every row or of the site's listing."""
    calls: list[str] = []
    real_known, real_stored, real_files = sync_module._load_known, sync_module._load_stored, sync_module.post_files

    async def known(*args: object) -> object:
        calls.append("every hash")
        return await real_known(*args)  # type: ignore[arg-type]

    async def stored(db: object, files: object = None) -> object:
        if files is None:
            calls.append("every row")
        return await real_stored(db, files)  # type: ignore[arg-type]

    def listing(*args: object) -> object:
        calls.append("listing")
        return real_files(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "_load_known", known)
    monkeypatch.setattr(sync_module, "_load_stored", stored)
    monkeypatch.setattr(sync_module, "post_files", listing)
    return calls


@pytest.mark.parametrize("dating", ["calendar", "schedule page"])
async def test_a_sync_told_what_changed_reads_only_those_rows_and_equals_a_full_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dating: str
) -> None:
    root, config = aged_site(tmp_path, dating)
    async with await Store.open(tmp_path / "kept.sqlite3") as kept:
        await kept.sync(config)
        for n, (what, quick, edit) in enumerate(edits(root / "_contents", root)):
            before = state(root)
            edit()
            age(root)
            changed = what_changed(before, state(root))
            reads = full_reads(monkeypatch)
            report = await kept.sync(config, changed=changed)
            monkeypatch.undo()
            assert await rows(kept) == await from_scratch(tmp_path, config, f"step{n}"), what
            assert report.problems == await load_problems(kept.db), what
            assert report.parsed + report.unchanged + report.failed == len(list((root / "_contents").glob("*.md"))), what
            assert (reads == []) == quick, (what, reads)


async def test_a_narrow_sync_rereads_the_files_whose_stat_it_did_not_trust(tmp_path: Path) -> None:
    """A file synced while its mtime was too recent to trust is read again by the next sync even when the
    watcher names another file (its stat is NULL: the partial index of migration 010 finds it)."""
    root = write_site(tmp_path / "site", schedule=False)
    config = CourseConfig(course=CourseSection(site=root), calendar=CalendarConfig(dates=DATES))  # type: ignore[arg-type]
    async with await Store.open(tmp_path / "kept.sqlite3") as kept:
        await kept.sync(config)  # the files are new: their stats are not trusted yet
        untrusted = await kept.db.fetchall("SELECT file FROM posts WHERE stat IS NULL")
        assert untrusted
        age(root)
        report = await kept.sync(config, changed={"_contents/S0-L01.md"})
        assert report.parsed == 0 and report.unchanged == 6
        assert await kept.db.fetchall("SELECT file FROM posts WHERE stat IS NULL") == []
