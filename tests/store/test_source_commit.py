"""The cache records the repository commit each session came from; the ledger takes notices and alerts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from bot.store.db import MIGRATIONS_DIR, Database
from bot.store.ledger import Ledger
from bot.store.sessions import Store
from tests.store.test_sync import config_for, post, write_site

NOW = dt.datetime(2026, 11, 9, 12, 0, tzinfo=dt.UTC)


async def test_each_session_keeps_the_commit_it_was_parsed_from(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    cfg = config_for(root)
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(cfg, commit="a" * 40)
        assert set((await store.source_commits()).values()) == {"a" * 40}
        (root / "_contents" / "S0-L02.md").write_text(post("Alignment survey", "L-Intro", "Another paper"))
        await store.sync(cfg, commit="b" * 40)
        commits = await store.source_commits()
        assert commits == {"S0-L01": "a" * 40, "S0-L02": "b" * 40, "S0-L03": "a" * 40}
        assert await store.meta_get("source_commit") == "b" * 40
        await store.sync(cfg)  # a local folder: no commit, nothing forgotten
        assert await store.source_commits() == commits


async def test_the_ledger_migration_keeps_rows_and_admits_notices_and_alerts(tmp_path: Path) -> None:
    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if int(path.name[:3]) <= 4:
            shutil.copy(path, old / path.name)
    db_path = tmp_path / "c.sqlite3"
    db = await Database.open(db_path, migrations_dir=old)
    await Ledger(db, platform="console", channel="c").add_pending("digest:2026-W46", kind="digest", content_hash="h", now=NOW)
    await db.close()
    async with await Store.open(db_path) as store:
        ledger = Ledger(store.db, platform="console", channel="c")
        assert (await ledger.get("digest:2026-W46")).status == "pending"  # type: ignore[union-attr]
        for kind in ("notice", "alert"):
            entry = await ledger.add_pending(f"{kind}:1", kind=kind, content_hash="h", now=NOW)  # type: ignore[arg-type]
            assert entry.kind == kind
