"""The cache file as a file: its numbered migrations, and the record a clean close leaves beside it
(:class:`CleanClose`). Apart from :mod:`bot.store.db` (which re-exports every name here) so that a command
can look at the cache with the standard library's ``sqlite3`` alone, without asyncio and aiosqlite: an
unchanged ``coursebot sync`` (:mod:`bot.store.warm`)."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([A-Za-z0-9_\-]+)\.sql$")
BUSY_TIMEOUT_MS = 5000
#: A file closed cleanly is checked anyway at this many opens since its last ``quick_check``.
QUICK_CHECK_EVERY = 50
CLOSED_SUFFIX = "-closed"
log = logging.getLogger("bot.store.db")


class DatabaseError(Exception):
    """The cache cannot be opened or migrated; the message names the file and the cause."""


def _left_open(target: str) -> bool:
    """Whether SQLite's files say a connection is open or died open: a ``-wal`` file (removed by the last
    connection's clean close) or a ``-journal`` file (a write in progress, in rollback-journal mode)."""
    return os.path.lexists(target + "-wal") or os.path.lexists(target + "-journal")


@dataclass(frozen=True, slots=True)
class CleanClose:
    """What a clean close left: the cache file's identity and times (``os.stat``), and how many opens have
    trusted it since its last ``quick_check``. Kept beside the cache as ``NAME-closed`` (JSON)."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int
    unchecked_opens: int

    @staticmethod
    def record_path(target: str) -> str:
        return target + CLOSED_SUFFIX

    @classmethod
    def of(cls, stat: os.stat_result, unchecked_opens: int) -> CleanClose:
        return cls(stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, unchecked_opens)

    @classmethod
    def take(cls, target: str) -> CleanClose | None:
        """The record a clean close left for ``target``, removed (this process may write from now on), when
        the file is still exactly as that close left it: the same file, size and times, and no ``-wal`` file
        (another connection open, or one that crashed). None otherwise: then the file must be checked."""
        record = cls.record_path(target)
        try:
            with open(record, "rb") as handle:
                text = handle.read(4096)
        except OSError:
            return None
        if not cls.forget(target):
            return None  # a record this process cannot remove would vouch for whatever it writes next
        try:
            found = cls(**{key: int(value) for key, value in json.loads(text).items()})
        except (ValueError, TypeError, AttributeError):
            return None
        try:
            now = cls.of(os.stat(target), found.unchecked_opens)
        except OSError:
            return None
        if now != found or _left_open(target):
            return None
        return found

    @classmethod
    def forget(cls, target: str) -> bool:
        """Remove ``target``'s record; False when there is one that could not be removed."""
        try:
            os.unlink(cls.record_path(target))
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return True

    @classmethod
    def leave(cls, target: str, unchecked_opens: int) -> None:
        """After the connection is closed: record the file as this close left it, if this was the last
        connection (SQLite removed the ``-wal`` file). Best effort: no record only means a check next time."""
        if _left_open(target):
            return  # another connection is open: its close (or the next open's check) will speak for the file
        try:
            record = cls.of(os.stat(target), unchecked_opens)
            temp = f"{cls.record_path(target)}.{os.getpid()}.tmp"
            with open(temp, "w", encoding="utf-8") as handle:
                json.dump({name: getattr(record, name) for name in cls.__slots__}, handle)
            os.replace(temp, cls.record_path(target))
        except OSError as exc:
            log.debug("cannot record the clean close of %s: %s", target, exc)


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
