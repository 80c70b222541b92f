"""The SQLite connection: aiosqlite, WAL, foreign keys, busy timeout and numbered migrations.

Migrations are the files ``bot/store/migrations/NNN_name.sql``, applied in number order, each in its own
transaction together with its row in ``schema_migrations``; ``PRAGMA user_version`` mirrors the highest
applied number. Opening an up-to-date database applies nothing, so opening is idempotent, and two processes
opening a fresh file at once are serialised by ``BEGIN IMMEDIATE``.

Opening checks the file (``PRAGMA quick_check``, 15-20 ms for a cache of 2,000 sessions) unless it is
exactly as a coursebot process left it when it closed cleanly: a close that was the last connection (SQLite
then removes the ``-wal`` file) writes the file's identity and times to ``NAME-closed`` (:class:`CleanClose`);
an open removes that record before it can write. So a crash (the ``-wal`` file is left, or no record), a write
by anything else (another size, modification or inode-change time, another inode: the change time cannot be
set back) or a record that does not parse means a check; so does every :data:`QUICK_CHECK_EVERY`-th open
even of a clean file, for damage that bypassed the file system (a failing disk).

All writes go through :meth:`Database.transaction`, which also serialises the coroutines of one process
that share the connection (a sync and a ledger update never interleave inside one transaction).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.cachefile import (  # re-exported: the file's migrations and clean-close record need no aiosqlite
    BUSY_TIMEOUT_MS,
    CLOSED_SUFFIX,
    MIGRATIONS_DIR,
    QUICK_CHECK_EVERY,
    CleanClose,
    DatabaseError,
    Migration,
    _left_open,
    discover_migrations,
    split_sql,
)

log = logging.getLogger(__name__)


class DamagedCache(DatabaseError):
    """The cache file is damaged or was written by a newer coursebot. It is only a cache: opening it with
    ``rebuild=True`` (``COURSEBOT_REBUILD_CACHE=1``) sets the file aside and starts a new one, which the next
    sync fills from the site again."""


REBUILD_ENV = "COURSEBOT_REBUILD_CACHE"


def _rebuild_hint(target: str) -> str:
    return (f"it is only a cache: run again with {REBUILD_ENV}=1 to set it aside and rebuild it from the site "
            f"(or delete {target}); the record of what was already posted is in it too")


def set_aside(target: str) -> Path:
    """Rename the cache file (and its -wal / -shm files) to ``NAME.damaged-YYYYmmddTHHMMSS``; returns the
    new name of the main file."""
    import datetime as dt

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    main = Path(target)
    aside = main.with_name(f"{main.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = main.with_name(f"{main.name}.damaged-{stamp}-{n}")
    for suffix in ("-wal", "-shm"):
        extra = main.with_name(main.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    CleanClose.forget(str(main))
    main.rename(aside)
    return aside


class Database:
    """One aiosqlite connection in autocommit mode; transactions are explicit (:meth:`transaction`)."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._in_transaction = False
        #: whether this open ran ``PRAGMA quick_check`` (False: the file was as a clean close left it)
        self.checked = False
        # opens that trusted the file since its last quick_check, this one included; None: leave no record
        self._unchecked_opens: int | None = None

    @classmethod
    async def open(
        cls, path: str | Path = ":memory:", *, migrations_dir: Path = MIGRATIONS_DIR, rebuild: bool | None = None
    ) -> Database:
        """Open (creating if needed) the database at ``path``, check it (``PRAGMA quick_check``, unless the
        file is as a clean close left it, see the module's notes; and always that its schema is not newer than
        this code's migrations) and apply pending migrations.

        A damaged or newer cache raises :class:`DamagedCache` saying how to rebuild, unless ``rebuild``
        (default: ``$COURSEBOT_REBUILD_CACHE`` is set): then the file is set aside (kept, renamed) and a new
        cache is created in its place."""
        if rebuild is None:
            rebuild = os.environ.get(REBUILD_ENV, "").strip() not in ("", "0")
        try:
            return await cls._open(path, migrations_dir)
        except DamagedCache as exc:
            if not rebuild:
                raise
            aside = set_aside(str(Path(str(path)).expanduser()))
            log.warning("%s; set aside as %s, rebuilding the cache from the site", exc, aside)
            return await cls._open(path, migrations_dir)

    @classmethod
    async def _open(cls, path: str | Path, migrations_dir: Path) -> Database:
        target = str(path)
        if target != ":memory:":
            target = str(Path(target).expanduser())
            try:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"{target}: cannot create the cache folder: {exc.strerror or exc}") from exc
        clean = CleanClose.take(target) if target != ":memory:" else None
        pending = aiosqlite.connect(target, isolation_level=None)
        try:
            conn = await pending
        except sqlite3.Error as exc:
            # aiosqlite has asked its worker thread to stop; wait for it while the event loop still runs, or it
            # reports to a closed loop (a traceback after our message)
            thread = getattr(pending, "_thread", None)
            if thread is not None and thread.is_alive():
                await asyncio.to_thread(thread.join, 5)
            raise DatabaseError(f"{target}: cannot open the cache: {exc}") from exc
        conn.row_factory = sqlite3.Row
        db = cls(conn, target)
        migrations = discover_migrations(migrations_dir)
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            # the temporary database holds only a sync's staged rows (bot/store/staging.py), dropped after its
            # write either way: no rollback journal for it (a first sync of 2,000 posts wrote ~8,700 journal
            # pages of it, a tenth of its file writes)
            await conn.execute("PRAGMA temp.journal_mode = OFF")
            if target != ":memory:":
                trusted = clean is not None and clean.unchecked_opens + 1 < QUICK_CHECK_EVERY
                await db._check(migrations, quick=not trusted)
                db._unchecked_opens = clean.unchecked_opens + 1 if trusted and clean is not None else 0
                await conn.execute("PRAGMA journal_mode = WAL")
                await conn.execute("PRAGMA synchronous = NORMAL")
            await db.migrate(migrations)
        except DamagedCache:
            await conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            await conn.close()
            if "malformed" in str(exc) or "not a database" in str(exc):
                raise DamagedCache(f"{target}: the cache is damaged ({exc}); {_rebuild_hint(target)}") from exc
            raise DatabaseError(f"{target}: not a usable coursebot cache: {exc}") from exc
        except BaseException:
            await conn.close()
            raise
        return db

    async def _check(self, migrations: Sequence[Migration], *, quick: bool = True) -> None:
        """Raise DamagedCache when the file fails ``PRAGMA quick_check`` (run when ``quick``) or its schema is
        newer than ``migrations`` (a newer coursebot wrote it)."""
        if quick:
            rows = await self.fetchall("PRAGMA quick_check(5)")
            found = [str(row[0]) for row in rows]
            if found != ["ok"]:
                raise DamagedCache(
                    f"{self.path}: the cache is damaged (quick_check: {'; '.join(found)[:300]}); "
                    f"{_rebuild_hint(self.path)}"
                )
            self.checked = True
        version = await self.user_version()
        known = max((m.version for m in migrations), default=0)
        if version > known:
            raise DamagedCache(
                f"{self.path}: the cache was written by a newer coursebot (schema {version}; this version knows "
                f"up to {known}); upgrade coursebot, or {_rebuild_hint(self.path)}"
            )

    @property
    def connection(self) -> aiosqlite.Connection:
        return self._conn

    async def close(self) -> None:
        """Close the connection; a clean close of the last connection records the file (:class:`CleanClose`)
        so that the next open need not check it."""
        await self._conn.close()
        opens, self._unchecked_opens = self._unchecked_opens, None
        if opens is not None:
            CleanClose.leave(self.path, opens)

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
    async def transaction(self, *, immediate: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error), one at a time per connection.
        ``immediate=False``: ``BEGIN DEFERRED``, for a transaction that writes only temporary tables (it never
        waits for the database file's write lock)."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN DEFERRED")
            self._in_transaction = True
            try:
                yield self._conn
            except BaseException as exc:
                self._in_transaction = False
                # SQLite has already rolled back after some errors (disk full, I/O error): a ROLLBACK then
                # fails with "no transaction is active" and would hide the real cause
                if self._conn.in_transaction:
                    try:
                        await self._conn.execute("ROLLBACK")
                    except sqlite3.Error as rollback_exc:
                        log.warning("rollback after %r failed: %s", exc, rollback_exc)
                raise
            self._in_transaction = False
            try:
                await self._conn.execute("COMMIT")
            except sqlite3.Error:
                if self._conn.in_transaction:  # the commit failed (disk full): leave no transaction open
                    try:
                        await self._conn.execute("ROLLBACK")
                    except sqlite3.Error as rollback_exc:
                        log.warning("rollback after a failed commit failed: %s", rollback_exc)
                raise

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
