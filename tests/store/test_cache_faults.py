"""A damaged cache, one from a newer coursebot, a full disk during a sync (issue 9, point 19)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from bot.config import CourseConfig, CourseSection
from bot.store.db import Database, DamagedCache, discover_migrations
from bot.store.sessions import Store


def _site(root: Path, count: int, start: int = 0) -> CourseConfig:
    (root / "_contents").mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text("title: T 2024\ncollections:\n  contents: {}\n")
    for i in range(start, start + count):
        readings = "".join(f"- [Paper {i}-{j} on topic {j * i}](https://e.org/{i}/{j})\n" for j in range(20))
        (root / "_contents" / f"S{i:04d}.md").write_text(f"---\ntitle: Session {i}\n---\n\n## Readings\n\n{readings}")
    return CourseConfig(course=CourseSection(site=root))


async def test_a_cache_damaged_in_the_middle_is_refused_then_rebuilt_with_the_old_file_kept(tmp_path: Path) -> None:
    config = _site(tmp_path / "site", 150)
    path = tmp_path / "cache.sqlite3"
    async with await Store.open(path) as store:
        await store.sync(config)
    size = path.stat().st_size
    assert size > 64 * 1024
    data = bytearray(path.read_bytes())
    middle = (size // 2) // 4096 * 4096
    data[middle : middle + 8192] = random.Random(9).randbytes(8192)  # 8 KB overwritten in the middle
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedCache, match="the cache is damaged") as caught:
        await Database.open(path, rebuild=False)
    assert "COURSEBOT_REBUILD_CACHE=1" in str(caught.value) and str(path) in str(caught.value)
    async with Store(await Database.open(path, rebuild=True)) as store:  # set aside, a new cache in its place
        report = await store.sync(config)
        assert report.parsed == 150
        assert len(await store.search("topic")) > 0
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("cache.sqlite3.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes()[:16] == bytes(data[:16])  # the old file, kept


async def test_a_cache_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await (await Database.open(path)).close()
    newest = discover_migrations()[-1].version
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {newest + 5}")
    with pytest.raises(DamagedCache, match=rf"newer coursebot \(schema {newest + 5}; this version knows up to {newest}\)"):
        await Database.open(path, rebuild=False)


async def test_disk_full_during_a_sync_reports_the_real_cause_and_keeps_the_cache(tmp_path: Path) -> None:
    site = tmp_path / "site"
    config = _site(site, 5)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config)
        db = store._db  # noqa: SLF001 - the real connection, with its page budget cut to what it has now
        pages = (await db.fetchone("PRAGMA page_count"))[0]
        await db.execute(f"PRAGMA max_page_count = {pages}")
        _site(site, 200, start=5)
        with pytest.raises(sqlite3.OperationalError, match="full"):  # not "cannot rollback"
            await store.sync(config)
        assert [s.slug for s in await store.all_sessions()] == [f"S{i:04d}" for i in range(5)]
        await db.execute("PRAGMA max_page_count = 1073741823")
        report = await store.sync(config)  # the connection is usable again (no transaction left open)
        assert report.parsed == 200
