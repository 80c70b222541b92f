"""One cache, one site (bot.store.site_claim): syncing another site into a cache that holds sessions is
refused, naming both, and the cache keeps what it holds; --allow-removals confirms a site that replaces it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import CourseConfig, CourseSection
from bot.store.sessions import Store, SyncError


def _site(root: Path, names: list[str]) -> CourseConfig:
    (root / "_contents").mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text("title: T 2024\ncollections:\n  contents: {}\n")
    for name in names:
        (root / "_contents" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n- [P](https://e.org/{name})\n")
    return CourseConfig(course=CourseSection(site=root))


async def _slugs(store: Store) -> list[str]:
    return [s.slug for s in await store.all_sessions()]


async def test_a_second_site_synced_into_a_cache_is_refused_naming_both_and_loses_nothing(tmp_path: Path) -> None:
    first = _site(tmp_path / "course-a", ["A1", "A2", "A3"])
    second = _site(tmp_path / "course-b", ["B1", "B2", "B3", "B4", "B5"])  # more files: the guard alone let it in
    async with await Store.open(tmp_path / "shared.sqlite3") as store:
        await store.sync(first)
        with pytest.raises(SyncError) as refused:
            await store.sync(second)
        message = str(refused.value)
        assert str((tmp_path / "course-a").resolve()) in message and str((tmp_path / "course-b").resolve()) in message
        assert "--db" in message and "--allow-removals" in message
        assert await _slugs(store) == ["A1", "A2", "A3"]
        report = await store.sync(first)  # its own site syncs as ever
        assert not report.errors and await _slugs(store) == ["A1", "A2", "A3"]
        # the same folder by another path is the same site
        (tmp_path / "link").symlink_to(tmp_path / "course-a")
        await store.sync(first.with_site(tmp_path / "link"))
        # confirmed: the second site replaces the first
        report = await store.sync(second, allow_removals=True)
        assert report.removed == 3 and await _slugs(store) == ["B1", "B2", "B3", "B4", "B5"]
        with pytest.raises(SyncError, match="course-b"):
            await store.sync(first)


async def test_an_empty_cache_takes_any_site(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(_site(tmp_path / "empty", []))
        await store.sync(_site(tmp_path / "course", ["S1"]))  # nothing held: nothing to lose
        assert await _slugs(store) == ["S1"]
