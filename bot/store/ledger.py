"""The posting ledger and the instance lock (tables from ``002_ledger.sql``). SQL for both lives here.

The ledger is the outbox behind "exactly once": see :class:`bot.services.posting.Posting` for the steps.
Every write runs in its own ``BEGIN IMMEDIATE`` transaction (``Database.transaction``), so a crash between
two steps leaves the row in the state of the last completed step.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import secrets
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.store.db import Database

log = logging.getLogger(__name__)

Status = Literal["pending", "sent", "skipped"]
Kind = Literal["digest", "reminder", "notice", "alert"]
Clock = Callable[[], dt.datetime]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: ledger times must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    platform: str
    channel: str
    key: str
    kind: Kind
    message_id: str | None
    content_hash: str
    status: Status
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    session_slug: str | None
    due_at: dt.datetime | None
    parts: int | None = None  # messages the post takes (a long Discord post), None: one or not known yet
    starts_at: dt.datetime | None = None  # a reminder: the start of the session it announces (None: not recorded)

    @property
    def sent_ids(self) -> list[str]:
        """The platform ids recorded so far, in order (a pending row: the parts already sent)."""
        return [part for part in (self.message_id or "").split(",") if part]

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> LedgerEntry:
        return cls(
            platform=row["platform"],
            channel=row["channel"],
            key=row["key"],
            kind=row["kind"],
            message_id=row["message_id"],
            content_hash=row["content_hash"],
            status=row["status"],
            attempts=int(row["attempts"]),
            last_error=row["last_error"],
            created_at=_parse(row["created_at"]),  # type: ignore[arg-type]
            updated_at=_parse(row["updated_at"]),  # type: ignore[arg-type]
            session_slug=row["session_slug"],
            due_at=_parse(row["due_at"]),
            parts=row["parts"] if "parts" in row.keys() else None,  # a cache from before migration 006
            starts_at=_parse(row["starts_at"]) if "starts_at" in row.keys() else None,  # before migration 011
        )


class Ledger:
    """The ledger rows of one channel (``platform`` + ``channel``)."""

    def __init__(self, db: Database, *, platform: str, channel: str) -> None:
        self.db = db
        self.platform = platform
        self.channel = channel

    @property
    def _scope(self) -> tuple[str, str]:
        return (self.platform, self.channel)

    async def get(self, key: str) -> LedgerEntry | None:
        row = await self.db.fetchone("SELECT * FROM ledger WHERE platform = ? AND channel = ? AND key = ?", (*self._scope, key))
        return LedgerEntry.from_row(row) if row else None

    async def entries(self, *, status: Status | None = None, kind: Kind | None = None) -> list[LedgerEntry]:
        sql = "SELECT * FROM ledger WHERE platform = ? AND channel = ?"
        params: list[str] = [*self._scope]
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        rows = await self.db.fetchall(sql + " ORDER BY due_at, key", params)
        return [LedgerEntry.from_row(r) for r in rows]

    async def reminders_due_at(self, due_at: dt.datetime) -> list[LedgerEntry]:
        """The reminder rows (any status) due at the instant ``due_at``."""
        rows = await self.db.fetchall(
            "SELECT * FROM ledger WHERE platform = ? AND channel = ? AND kind = 'reminder' AND due_at = ? ORDER BY key",
            (*self._scope, _iso(due_at)),
        )
        return [LedgerEntry.from_row(r) for r in rows]

    async def set_session(self, key: str, session_slug: str, *, now: dt.datetime) -> None:
        """The row ``key`` is about the session ``session_slug`` now (a session renamed: its slug changed)."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE ledger SET session_slug = ?, updated_at = ? WHERE platform = ? AND channel = ? AND key = ?",
                (session_slug, _iso(now), *self._scope, key),
            )

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT count(*) FROM ledger WHERE platform = ? AND channel = ?", self._scope)
        return int(row[0]) if row else 0

    async def add_pending(
        self,
        key: str,
        *,
        kind: Kind,
        content_hash: str,
        now: dt.datetime,
        session_slug: str | None = None,
        due_at: dt.datetime | None = None,
        starts_at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Write the ``pending`` row (step 1 of the outbox); an existing row for ``key`` is returned as is.
        ``starts_at``: a reminder's, the start of the session it announces."""
        columns, values = "", ()
        if starts_at is not None:  # a reminder's (the column is migration 011's: other rows never name it)
            columns, values = ", starts_at", (_iso(starts_at),)
        async with self.db.transaction():
            await self.db.execute(
                "INSERT OR IGNORE INTO ledger (platform, channel, key, kind, content_hash, status, attempts,"
                f" created_at, updated_at, session_slug, due_at{columns})"
                f" VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?{', ?' * len(values)})",
                (*self._scope, key, kind, content_hash, _iso(now), _iso(now), session_slug, _iso(due_at), *values),
            )
        entry = await self.get(key)
        assert entry is not None  # written just now, or already there
        return entry

    async def mark_sent(self, key: str, *, message_id: str, content_hash: str, now: dt.datetime) -> None:
        """The platform confirmed the message (or an edit of it): record its id and what it now says."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE ledger SET status = 'sent', message_id = ?, content_hash = ?, last_error = NULL,"
                " parts = ?, updated_at = ? WHERE platform = ? AND channel = ? AND key = ?",
                (message_id, content_hash, len([p for p in message_id.split(",") if p]) or None, _iso(now), *self._scope, key),
            )

    async def record_parts(self, key: str, *, message_ids: list[str], parts: int, now: dt.datetime) -> None:
        """Progress of a post that takes ``parts`` messages: the ids of those sent so far (the row stays
        ``pending`` until :meth:`mark_sent`)."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE ledger SET message_id = ?, parts = ?, updated_at = ?"
                " WHERE platform = ? AND channel = ? AND key = ? AND status = 'pending'",
                (",".join(message_ids) or None, parts, _iso(now), *self._scope, key),
            )

    async def record_failure(self, key: str, *, error: str, now: dt.datetime) -> None:
        """One more failed attempt; the row keeps its status (``pending`` stays pending)."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE ledger SET attempts = attempts + 1, last_error = ?, updated_at = ?"
                " WHERE platform = ? AND channel = ? AND key = ?",
                (error[:500], _iso(now), *self._scope, key),
            )

    async def mark_skipped(
        self,
        key: str,
        *,
        kind: Kind,
        reason: str,
        now: dt.datetime,
        content_hash: str = "",
        session_slug: str | None = None,
        due_at: dt.datetime | None = None,
    ) -> None:
        """Record that ``key`` will not be posted (missed beyond the grace window); a sent row is kept."""
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO ledger (platform, channel, key, kind, content_hash, status, attempts, last_error,"
                " created_at, updated_at, session_slug, due_at) VALUES (?, ?, ?, ?, ?, 'skipped', 0, ?, ?, ?, ?, ?)"
                " ON CONFLICT (platform, channel, key) DO UPDATE SET status = 'skipped', last_error = excluded.last_error,"
                " updated_at = excluded.updated_at WHERE ledger.status = 'pending'",
                (*self._scope, key, kind, content_hash, reason, _iso(now), _iso(now), session_slug, _iso(due_at)),
            )


# -- the instance lock ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LockHolder:
    pid: int
    host: str
    started_at: dt.datetime
    heartbeat_at: dt.datetime
    instance: str = ""  # the holder's random instance id
    process: str | None = None  # "pid-namespace:pid:start-ticks" where known

    def __str__(self) -> str:
        return (
            f"instance {self.instance[:8] or '?'}, pid {self.pid} on {self.host}, "
            f"started {self.started_at:%Y-%m-%d %H:%M:%S} UTC, last heartbeat {self.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC"
        )


class InstanceLocked(Exception):
    """Another running bot holds the cache: only one instance may post for it."""

    def __init__(self, db_path: str, holder: LockHolder) -> None:
        super().__init__(
            f"another coursebot is already running on {db_path} ({holder}). "
            "Stop it first, or give this one its own cache with --db."
        )
        self.db_path = db_path
        self.holder = holder


def _pid_namespace() -> str | None:
    """This process's pid namespace (Linux: the inode of /proc/self/ns/pid plus the boot id): a pid means
    the same process only inside one namespace of one boot. None where that is not known."""
    try:
        ns = os.readlink("/proc/self/ns/pid")
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None
    return f"{boot}/{ns}"


def _start_ticks(pid: int) -> str | None:
    """When process ``pid`` (in this namespace) started, in clock ticks after boot; None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]  # field 22
    except (OSError, IndexError):
        return None


def process_identity(pid: int) -> str | None:
    """``namespace:pid:start`` for a live process of this namespace; None where it cannot be known."""
    ns, start = _pid_namespace(), _start_ticks(pid)
    if ns is None or start is None:
        return None
    return f"{ns}:{pid}:{start}"


def _process_gone(identity: str) -> bool | None:
    """True when the process ``identity`` names is certainly gone (its namespace is ours and that pid is
    dead or now another process); None when this process cannot tell (another namespace or host)."""
    ns, _, rest = identity.rpartition(":")
    ns, _, pid_text = ns.rpartition(":")
    if not ns or ns != _pid_namespace():
        return None
    try:
        pid = int(pid_text)
    except ValueError:
        return None
    return _start_ticks(pid) != rest


class InstanceLock:
    """A single-row lock in the cache file, shared by every process that opens it.

    Taking it runs in ``BEGIN IMMEDIATE``, so two processes racing for it are serialised by SQLite. The
    holder is identified by a random instance id, never by hostname and pid (two containers with the same
    hostname both run as pid 1). From the moment it is taken, the lock heartbeats by itself every
    ``heartbeat_every`` (also during a long first sync) until :meth:`release`. A holder is taken over, with
    a warning in the log, only when its heartbeat is older than ``stale_after``, or when its process is
    certainly gone: the same pid namespace of the same boot, and that pid dead or now another process.
    """

    def __init__(
        self,
        db: Database,
        *,
        stale_after: dt.timedelta = dt.timedelta(minutes=3),
        clock: Clock = _utcnow,
        pid: int | None = None,
        host: str | None = None,
        heartbeat_every: float | None = None,
    ) -> None:
        self.db = db
        self.stale_after = stale_after
        self.clock = clock
        self.pid = os.getpid() if pid is None else pid
        self.host = socket.gethostname() if host is None else host
        self.token = secrets.token_hex(16)  # the instance id
        self.process = process_identity(self.pid)
        self.heartbeat_every = heartbeat_every if heartbeat_every is not None else stale_after.total_seconds() / 6
        self.held = False
        self.lost = asyncio.Event()  # set when another instance took the lock over
        self.beaten = asyncio.Event()  # set after each background heartbeat (tests and supervisors wait on it)
        self._beating: asyncio.Task[None] | None = None

    async def holder(self) -> LockHolder | None:
        row = await self.db.fetchone("SELECT * FROM instance_lock WHERE id = 1")
        return self._holder(row) if row else None

    @staticmethod
    def _holder(row: sqlite3.Row) -> LockHolder:
        return LockHolder(
            pid=int(row["pid"]),
            host=row["host"],
            started_at=_parse(row["started_at"]),  # type: ignore[arg-type]
            heartbeat_at=_parse(row["heartbeat_at"]),  # type: ignore[arg-type]
            instance=row["token"],
            process=row["process"],
        )

    async def live_holder(self) -> LockHolder | None:
        """The running bot that holds the lock (its heartbeat fresh, its process there), if any."""
        holder = await self.holder()
        if holder is None or holder.instance == self.token or self._stale_reason(holder, self.clock()) is not None:
            return None
        return holder

    def _stale_reason(self, holder: LockHolder, now: dt.datetime) -> str | None:
        if now - holder.heartbeat_at > self.stale_after:
            return f"no heartbeat for {now - holder.heartbeat_at}"
        if holder.process and _process_gone(holder.process):
            return f"its process {holder.pid} is gone"
        return None

    async def acquire(self) -> None:
        """Take the lock, or raise :class:`InstanceLocked` naming the database file and the holder; then
        heartbeat in the background until :meth:`release`."""
        now = self.clock()
        async with self.db.transaction():
            row = await self.db.fetchone("SELECT * FROM instance_lock WHERE id = 1")
            if row is not None and row["token"] != self.token:
                holder = self._holder(row)
                reason = self._stale_reason(holder, now)
                if reason is None:
                    raise InstanceLocked(self.db.path, holder)
                log.warning("taking over the instance lock of %s from a stale holder (%s): %s", self.db.path, reason, holder)
            await self.db.execute(
                "INSERT OR REPLACE INTO instance_lock (id, token, pid, host, started_at, heartbeat_at, process)"
                " VALUES (1, ?, ?, ?, ?, ?, ?)",
                (self.token, self.pid, self.host, _iso(now), _iso(now), self.process),
            )
        self.held = True
        self.lost.clear()
        log.info("instance lock taken on %s (instance %s, pid %d on %s)", self.db.path, self.token[:8], self.pid, self.host)
        if self._beating is None and self.heartbeat_every > 0:
            self._beating = asyncio.get_running_loop().create_task(self._beat(), name="instance lock heartbeat")

    async def _beat(self) -> None:
        while self.held:
            await asyncio.sleep(self.heartbeat_every)
            try:
                if not await self.heartbeat():
                    return
                self.beaten.set()
            except Exception:  # the database is busy or closing: try again at the next beat
                log.warning("instance lock heartbeat failed on %s", self.db.path, exc_info=True)

    async def heartbeat(self) -> bool:
        """Refresh the heartbeat; False (and an error in the log) when another instance took the lock over."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE instance_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?", (_iso(self.clock()), self.token)
            )
            row = await self.db.fetchone("SELECT changes()")
        still = bool(row and row[0])
        if not still and self.held:
            log.error("lost the instance lock on %s: another instance took it over", self.db.path)
            self.held = False
            self.lost.set()
        return still

    async def _stop_beating(self) -> None:
        task, self._beating = self._beating, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def release(self) -> None:
        """Give the lock up (only if this instance still holds it)."""
        await self._stop_beating()
        if not self.held:
            return
        async with self.db.transaction():
            await self.db.execute("DELETE FROM instance_lock WHERE id = 1 AND token = ?", (self.token,))
        self.held = False
        log.info("instance lock released on %s", self.db.path)
