"""Migrations: a fresh cache gets every NNN_*.sql, re-opening applies nothing, a failing one rolls back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store.db import MIGRATIONS_DIR, Database, DatabaseError, discover_migrations, split_sql


async def test_fresh_database_gets_every_migration(tmp_path: Path) -> None:
    expected = [m.version for m in discover_migrations()]
    assert expected[0] == 1 and expected == sorted(expected)
    db = await Database.open(tmp_path / "cache.sqlite3")
    try:
        assert sorted(await db.applied_versions()) == expected
        assert await db.user_version() == expected[-1]
        names = {row[0] for row in await db.fetchall("SELECT name FROM sqlite_master")}
        assert {"posts", "readings", "readings_fts", "problems", "meta", "schema_migrations"} <= names
        mode = await db.fetchone("PRAGMA journal_mode")
        assert mode is not None and mode[0] == "wal"
        fk = await db.fetchone("PRAGMA foreign_keys")
        assert fk is not None and fk[0] == 1
    finally:
        await db.close()


async def test_the_temporary_database_of_a_syncs_staged_rows_keeps_no_rollback_journal(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "cache.sqlite3")
    try:
        mode = await db.fetchone("PRAGMA temp.journal_mode")
        assert mode is not None and mode[0] == "off"
        main = await db.fetchone("PRAGMA main.journal_mode")
        assert main is not None and main[0] == "wal"  # the cache itself as ever
    finally:
        await db.close()


async def test_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    db = await Database.open(path)
    await db.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
    recorded = await db.fetchall("SELECT version, applied_at FROM schema_migrations ORDER BY version")
    await db.close()
    db = await Database.open(path)
    try:
        assert await db.migrate(discover_migrations()) == []
        again = await db.fetchall("SELECT version, applied_at FROM schema_migrations ORDER BY version")
        assert [tuple(r) for r in again] == [tuple(r) for r in recorded]
        row = await db.fetchone("SELECT value FROM meta WHERE key = 'k'")
        assert row is not None and row[0] == "v"
    finally:
        await db.close()


async def test_new_migration_file_is_picked_up_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001_first.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    path = tmp_path / "cache.sqlite3"
    db = await Database.open(path, migrations_dir=folder)
    await db.close()
    (folder / "003_third.sql").write_text("INSERT INTO b(y) VALUES (1);\n")
    (folder / "002_second.sql").write_text("-- a table\nCREATE TABLE b (y INTEGER);\n")
    db = await Database.open(path, migrations_dir=folder)
    try:
        rows = await db.fetchall("SELECT version, name FROM schema_migrations ORDER BY version")
        assert [tuple(r) for r in rows] == [(1, "first"), (2, "second"), (3, "third")]
        assert await db.user_version() == 3
        assert (await db.fetchone("SELECT count(*) FROM b"))[0] == 1  # type: ignore[index]
    finally:
        await db.close()


async def test_failing_migration_rolls_back_and_is_not_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001_ok.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (folder / "002_broken.sql").write_text("CREATE TABLE c (z INTEGER);\nINSERT INTO nowhere VALUES (1);\n")
    path = tmp_path / "cache.sqlite3"
    with pytest.raises(DatabaseError, match="002_broken.sql"):
        await Database.open(path, migrations_dir=folder)
    conn = sqlite3.connect(path)
    try:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == [1]
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'c'").fetchone()[0] == 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_badly_named_or_duplicate_migrations_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "1_short.sql").write_text("SELECT 1;")
    with pytest.raises(DatabaseError, match="NNN_name.sql"):
        discover_migrations(tmp_path)
    (tmp_path / "1_short.sql").unlink()
    (tmp_path / "001_a.sql").write_text("SELECT 1;")
    (tmp_path / "001_b.sql").write_text("SELECT 1;")
    with pytest.raises(DatabaseError, match="001"):
        discover_migrations(tmp_path)


def test_split_sql_keeps_trigger_bodies_whole() -> None:
    script = (MIGRATIONS_DIR / "001_cache.sql").read_text()
    statements = split_sql(script)
    triggers = [s for s in statements if s.upper().startswith("CREATE TRIGGER")]
    assert len(triggers) == 3 and all(s.rstrip().upper().endswith("END;") for s in triggers)
    with pytest.raises(ValueError, match="incomplete"):
        split_sql("CREATE TABLE x (a INTEGER)")


async def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="junk.sqlite3"):
        await Database.open(path)


async def test_transaction_rolls_back_on_error() -> None:
    db = await Database.open(":memory:")
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO meta(key, value) VALUES ('a', 'b')")
                raise RuntimeError("boom")
        assert await db.fetchone("SELECT value FROM meta WHERE key = 'a'") is None
    finally:
        await db.close()
