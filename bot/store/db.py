"""The SQLite connection: aiosqlite, WAL, foreign keys, busy timeout and numbered migrations.

Migrations are the files ``bot/store/migrations/NNN_name.sql``, applied in number order, each in its own
transaction together with its row in ``schema_migrations``; ``PRAGMA user_version`` mirrors the highest
applied number. Opening an up-to-date database applies nothing, so opening is idempotent, and two processes
opening a fresh file at once are serialised by ``BEGIN IMMEDIATE``.

All writes go through :meth:`Database.transaction`, which also serialises the coroutines of one process
that share the connection (a sync and a ledger update never interleave inside one transaction).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([A-Za-z0-9_\-]+)\.sql$")
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """The cache cannot be opened or migrated; the message names the file and the cause."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    path: Path

    def statements(self) -> list[str]:
        """The file's SQL split into complete statements (trigger bodies stay whole)."""
        return split_sql(self.path.read_text(encoding="utf-8"))


def split_sql(script: str) -> list[str]:
    """Split a SQL script into statements, using SQLite's own notion of a complete statement."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement.rstrip(";").strip():
                out.append(statement)
            buffer = ""
    rest = buffer.strip()
    if rest and not all(part.strip().startswith("--") for part in rest.splitlines() if part.strip()):
        raise ValueError(f"incomplete SQL statement at end of script: {rest[:80]!r}")
    return out


def discover_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every ``NNN_name.sql`` in ``directory``, in number order; duplicate numbers are an error."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise DatabaseError(f"{path}: migration files are named NNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise DatabaseError(f"{path}: migration number {version:03d} also used by {found[version].path.name}")
        found[version] = Migration(version, match.group(2), path)
    return [found[v] for v in sorted(found)]


class Database:
    """One aiosqlite connection in autocommit mode; transactions are explicit (:meth:`transaction`)."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._in_transaction = False

    @classmethod
    async def open(
        cls, path: str | Path = ":memory:", *, migrations_dir: Path = MIGRATIONS_DIR
    ) -> Database:
        """Open (creating if needed) the database at ``path`` and apply pending migrations."""
        target = str(path)
        if target != ":memory:":
            target = str(Path(target).expanduser())
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = await aiosqlite.connect(target, isolation_level=None)
        except sqlite3.Error as exc:
            raise DatabaseError(f"{target}: cannot open the cache: {exc}") from exc
        conn.row_factory = sqlite3.Row
        db = cls(conn, target)
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            if target != ":memory:":
                await conn.execute("PRAGMA journal_mode = WAL")
                await conn.execute("PRAGMA synchronous = NORMAL")
            await db.migrate(discover_migrations(migrations_dir))
        except sqlite3.DatabaseError as exc:
            await conn.close()
            raise DatabaseError(f"{target}: not a usable coursebot cache: {exc}") from exc
        except BaseException:
            await conn.close()
            raise
        return db

    @property
    def connection(self) -> aiosqlite.Connection:
        return self._conn

    async def close(self) -> None:
        await self._conn.close()

    # -- migrations -------------------------------------------------------------------------------

    async def migrate(self, migrations: Iterable[Migration]) -> list[int]:
        """Apply the migrations not yet recorded; returns the versions applied now."""
        applied_now: list[int] = []
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
        )
        for migration in migrations:
            if migration.version in await self.applied_versions():
                continue
            async with self.transaction():
                # re-check under the write lock: another process may have applied it meanwhile
                if migration.version in await self.applied_versions():
                    continue
                for statement in migration.statements():
                    try:
                        await self._conn.execute(statement)
                    except sqlite3.Error as exc:
                        raise DatabaseError(
                            f"{migration.path.name}: migration failed: {exc} in: {statement[:120]!r}"
                        ) from exc
                await self._conn.execute(
                    "INSERT INTO schema_migrations(version, name) VALUES (?, ?)", (migration.version, migration.name)
                )
                await self._conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            applied_now.append(migration.version)
        return applied_now

    async def applied_versions(self) -> set[int]:
        rows = await self.fetchall("SELECT version FROM schema_migrations")
        return {row[0] for row in rows}

    async def user_version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    # -- transactions and queries -----------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error), one at a time per connection."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
            try:
                yield self._conn
            except BaseException:
                self._in_transaction = False
                await self._conn.execute("ROLLBACK")
                raise
            self._in_transaction = False
            await self._conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        """Run one statement. Outside :meth:`transaction` a write commits on its own (autocommit)."""
        await self._conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        # one trip to the connection's thread (execute, fetch and close the cursor there), not three
        return list(await self._conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def data_version(self) -> int:
        """Changes whenever another connection commits to this database file."""
        rows = await self.fetchall("PRAGMA data_version")  # every lookup asks: one trip, not three
        return int(rows[0][0]) if rows else 0
