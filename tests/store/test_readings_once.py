"""Readings are stored once (rows of ``readings``); the session document keeps only a digest of them, and a
cache from before migration 007 keeps serving its readings."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.store.db import MIGRATIONS_DIR
from bot.store.sessions import Store
from tests.store.test_sync import config_for, post, write_site


async def test_documents_hold_no_readings_and_a_reading_change_is_still_seen(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config_for(site))
        docs = [json.loads(row[0]) for row in await store.db.fetchall("SELECT session FROM posts")]
        assert docs and all("readings" not in doc and len(doc["readings_digest"]) == 24 for doc in docs)
        (first,) = (await store.resolve("S0-L01")).sessions
        assert [r.title for r in first.readings] == ["Attention Is All You Need"]
        assert first.readings[0].urls == ("https://arxiv.org/abs/1",)
        assert [len(s.readings) for s in await store.all_sessions()] == [1, 1, 1]
        # only the reading's link changes: the digest tells the session changed
        (site / "_contents" / "S0-L01.md").write_text(
            post("Introduction", "L-Intro", "Attention Is All You Need", url="https://arxiv.org/abs/1706.03762")
        )
        report = await store.sync(config_for(site), verify=True)
        assert report.changed == ["S0-L01"]
        again = await store.get_session("S0-L01")
        assert again is not None and again.readings[0].urls == ("https://arxiv.org/abs/1706.03762",)


async def test_a_cache_from_before_007_is_migrated(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    path = tmp_path / "cache.sqlite3"
    async with await Store.open(path) as store:
        await store.sync(config_for(site))
    with sqlite3.connect(path) as conn:  # as 006 left it: readings in the document too, migration not applied
        conn.execute("UPDATE posts SET session = json_set(session, '$.readings', json('[[\"x\",1,\"old\",[],\"\",0]]'))")
        conn.execute("DELETE FROM schema_migrations WHERE version = 7")  # later migrations stay applied
        conn.execute("PRAGMA user_version = 6")
    assert (MIGRATIONS_DIR / "007_readings_once.sql").exists()
    async with await Store.open(path) as store:
        docs = [json.loads(row[0]) for row in await store.db.fetchall("SELECT session FROM posts")]
        assert all("readings" not in doc for doc in docs)
        session = await store.get_session("S0-L02")
        assert session is not None and [r.title for r in session.readings] == ["Training with human feedback"]
        assert await store.meta_get("parse_context") is None  # the next sync parses every file again
        report = await store.sync(config_for(site))
        assert report.parsed == 3


def test_reading_urls_are_stored_as_json_dumps_writes_them() -> None:
    from bot.store.codec import urls_json

    for urls in [(), ("https://a.org",), ("https://a.org/é\"q\\b\n\t\u2028", "https://b.org"), ("\x00\x1f\x7f",)]:
        assert urls_json(urls) == json.dumps(list(urls), ensure_ascii=False)
