"""A sync parses and stages its files a batch at a time (bot/store/staging.py): at most ``SINK_BATCH`` parsed
sessions are alive at once, yet the cache ends up exactly as with one batch, the write stays one transaction
(a failing sync loses nothing and leaves no staging tables), and the bot's other writes may run meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import bot.store.sync as sync_module
from bot.store import scan as scan_module
from bot.store.sessions import Store
from bot.store.staging import Staging
from tests.store.test_sync import config_for, post


def write_site(root: Path, count: int = 11) -> Path:
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Test Seminar 2024\nurl: https://example.org\ncollections:\n  contents:\n    output: true\n"
    )
    for i in range(count):
        text = post(f"Session {i}", f"L-{i % 4}", f"Paper number {i}", url=f"https://arxiv.org/abs/{i}")
        (root / "_contents" / f"S0-L{i:02d}.md").write_text(text)
    (root / "_contents" / "S0-L03-copy.md").write_text((root / "_contents" / "S0-L03.md").read_text())
    (root / "_contents" / "broken.md").write_bytes(b"---\ntitle: [\n---\n")
    return root


@pytest.fixture
async def stores(tmp_path: Path) -> AsyncIterator[tuple[Store, Store]]:
    one, many = await Store.open(tmp_path / "one.sqlite3"), await Store.open(tmp_path / "many.sqlite3")
    yield one, many
    await one.close()
    await many.close()


async def _contents(store: Store) -> dict[str, Any]:
    db = store.db
    return {
        "posts": [tuple(r) for r in await db.fetchall(
            "SELECT file, content_hash, good_hash, error, slug, served, position, title, lecture, date, url,"
            " collection, meeting, sort_key, front_date, session, traits FROM posts ORDER BY rowid")],
        "readings": [tuple(r) for r in await db.fetchall("SELECT * FROM readings ORDER BY id")],
        "problems": [tuple(r)[1:] for r in await db.fetchall("SELECT * FROM problems ORDER BY id")],
        "search": [h.slug for h in await store.search("paper")],
        "sessions": await store.all_sessions(),
    }


def _count_batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    encode = Staging.encode

    def counting(self: Staging, batch: Any) -> Any:
        sizes.append(len(batch))
        return encode(self, batch)

    monkeypatch.setattr(Staging, "encode", counting)
    return sizes


async def test_small_batches_write_what_one_batch_writes(
    stores: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, many = stores
    site = write_site(tmp_path / "site")
    config = config_for(site)
    first = await one.sync(config)
    monkeypatch.setattr(scan_module, "SINK_BATCH", 3)
    sizes = _count_batches(monkeypatch)
    report = await many.sync(config)
    assert max(sizes) <= 3 and sum(sizes) == 13  # every file handed over once, three at a time
    assert (report.parsed, report.failed, report.changed) == (first.parsed, first.failed, first.changed) == (
        12, 1, report.changed)
    assert report.problems == first.problems
    assert await _contents(many) == await _contents(one)
    assert (await many.get_session("S0-L05")).readings[0].title == "Paper number 5"  # type: ignore[union-attr]

    # edits, a removal and a full re-parse (new role keys), still three at a time: the same as one batch
    (site / "_contents" / "S0-L01.md").write_text(post("Session 1", "L-1", "A new paper"))
    (site / "_contents" / "S0-L02.md").unlink()
    for store in (one, many):
        await store.sync(config)
    assert await _contents(many) == await _contents(one)
    wider = config_for(site, roles={"notes": "Blog", "video": "Reading", "slides": "Slides"})
    with monkeypatch.context() as patch:
        patch.setattr(scan_module, "SINK_BATCH", 10_000)
        await one.sync(wider)
    sizes.clear()
    await many.sync(wider)
    assert max(sizes) <= 3
    assert await _contents(many) == await _contents(one)


async def test_the_sync_keeps_skeletons_not_readings(
    stores: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, store = stores
    site = write_site(tmp_path / "site")
    seen: list[Any] = []
    place = sync_module._place

    def placing(candidates: Any, *args: Any) -> Any:
        seen.extend(candidates)
        return place(candidates, *args)

    monkeypatch.setattr(sync_module, "_place", placing)
    await store.sync(config_for(site))
    assert len(seen) == 12
    assert all(s.readings == () and s.roles == {} and s.traits.reading_count == 1 for s in seen)
    served = await store.all_sessions()
    assert len(served) == 12 and all(len(s.readings) == 1 and s.roles for s in served)


async def test_a_failing_sync_loses_nothing_and_leaves_no_staging(
    stores: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, store = stores
    site = write_site(tmp_path / "site")
    config = config_for(site)
    monkeypatch.setattr(scan_module, "SINK_BATCH", 2)
    await store.sync(config)
    before = await _contents(store)
    (site / "_contents" / "S0-L01.md").write_text(post("Session 1", "L-1", "A new paper"))
    (site / "_contents" / "S0-L20.md").write_text(post("Session 20", "L-20", "Yet another paper"))

    def failing(*args: Any) -> Any:
        raise RuntimeError("dating failed")

    with monkeypatch.context() as patch:
        patch.setattr(sync_module, "_place", failing)  # fails inside the write transaction, after staging
        with pytest.raises(RuntimeError, match="dating failed"):
            await store.sync(config)
    assert await _contents(store) == before
    assert await store.db.fetchall("SELECT name FROM sqlite_temp_master") == []
    report = await store.sync(config)
    assert report.parsed == 2 and sorted(report.changed) == ["S0-L01", "S0-L20"]
    assert await store.db.fetchall("SELECT name FROM sqlite_temp_master") == []
    assert [h.slug for h in await store.search("yet another")] == ["S0-L20"]


async def test_other_writes_go_on_while_a_sync_stages(
    stores: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, store = stores
    site = write_site(tmp_path / "site", count=40)
    config = config_for(site)
    monkeypatch.setattr(scan_module, "SINK_BATCH", 2)
    staged = asyncio.Event()
    write = Staging.write

    async def noting(self: Staging, rows: Any) -> None:
        await write(self, rows)
        staged.set()

    monkeypatch.setattr(Staging, "write", noting)

    async def other_writer() -> int:
        await staged.wait()  # the sync has staged a batch and is parsing the next ones
        done = 0
        for i in range(20):
            async with store.db.transaction() as conn:
                await conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"other-{i}", str(i)))
            done += 1
            await asyncio.sleep(0)
        return done

    report, written = await asyncio.gather(store.sync(config), other_writer())
    assert written == 20 and report.parsed == 41
    rows = await store.db.fetchall("SELECT key FROM meta WHERE key LIKE 'other-%'")
    assert len(rows) == 20
    await one.sync(config)
    assert await _contents(store) == await _contents(one)


async def test_a_full_reparse_of_unchanged_files_changes_nothing(
    stores: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, store = stores
    site = write_site(tmp_path / "site")
    config = config_for(site)
    monkeypatch.setattr(scan_module, "SINK_BATCH", 4)
    await store.sync(config)
    before = await _contents(store)
    await store.db.execute("UPDATE meta SET value = 'another parser' WHERE key = 'parse_context'")
    again = await store.sync(config)  # every file parsed again, compared with its stored row in SQL
    assert (again.parsed, again.changed) == (12, [])
    (site / "_contents" / "S0-L04.md").write_text(post("Session 4", "L-0", "Paper number 4", notes="team-9"))
    edited = await store.sync(config)
    assert (edited.parsed, edited.changed) == (1, ["S0-L04"])
    assert [s for s in (await _contents(store))["sessions"] if s.slug != "S0-L04"] == [
        s for s in before["sessions"] if s.slug != "S0-L04"]
