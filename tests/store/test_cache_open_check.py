"""When opening the cache runs ``PRAGMA quick_check`` (issue 11): not for a file exactly as a clean close of
the last connection left it; always after a crash, a write by anything else, another connection still open,
an unreadable record, and every QUICK_CHECK_EVERY-th open even of a clean file."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import db as dbmod
from bot.store.db import CLOSED_SUFFIX, Database, DamagedCache

PROJECT = Path(__file__).resolve().parent.parent.parent


async def _opened(path: Path) -> bool:
    """Open and close ``path``; whether the open ran quick_check."""
    db = await Database.open(path, rebuild=False)
    try:
        return db.checked
    finally:
        await db.close()


async def _filled(path: Path, rows: int = 3000) -> None:
    db = await Database.open(path)
    await db.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, text TEXT)")
    async with db.transaction():
        await db.executemany("INSERT INTO filler(text) VALUES (?)", [(f"row {i} " * 20,) for i in range(rows)])
    await db.close()


async def test_a_cleanly_closed_cache_opens_without_a_quick_check(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    assert await _opened(path) is True  # a new file: nothing vouches for it
    assert Path(str(path) + CLOSED_SUFFIX).is_file()
    assert await _opened(path) is False
    assert await _opened(path) is False


async def test_the_record_is_removed_while_the_cache_is_open(tmp_path: Path) -> None:
    """A process that dies while it has the cache open leaves no record that would vouch for the file."""
    path = tmp_path / "cache.sqlite3"
    await _opened(path)
    db = await Database.open(path)
    assert not db.checked
    assert not Path(str(path) + CLOSED_SUFFIX).exists()
    await db.close()
    assert Path(str(path) + CLOSED_SUFFIX).exists()


async def test_a_cache_another_connection_holds_open_is_checked_and_its_last_close_records_it(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await _opened(path)
    first = await Database.open(path)
    second = await Database.open(path)
    assert (first.checked, second.checked) == (False, True)
    await first.close()  # not the last connection: the -wal file is still there, no record
    assert not Path(str(path) + CLOSED_SUFFIX).exists()
    await second.close()
    assert await _opened(path) is False


CRASH = """
import asyncio, os, sys
from bot.store.db import Database

async def main():
    db = await Database.open(sys.argv[1])
    await db.execute("CREATE TABLE IF NOT EXISTS t (x)")
    await db.execute("INSERT INTO t VALUES (1)")
    os._exit(0)  # dies with the cache open: no close

asyncio.run(main())
"""


async def test_a_cache_left_open_by_a_crashed_process_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await _opened(path)
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    subprocess.run([sys.executable, "-c", CRASH, str(path)], check=True, env=env, timeout=60)
    assert Path(str(path) + "-wal").exists()
    db = await Database.open(path)
    assert db.checked
    assert [tuple(r) for r in await db.fetchall("SELECT x FROM t")] == [(1,)]  # the write survived
    await db.close()
    assert await _opened(path) is False  # closed cleanly now


async def test_damage_with_size_and_modification_time_put_back_is_still_caught(tmp_path: Path) -> None:
    """The inode change time cannot be set back: bytes overwritten in place, with the size and mtime restored
    (os.utime), still mean a check, which finds the damage."""
    path = tmp_path / "cache.sqlite3"
    await _filled(path)
    before = path.stat()
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 8192] = random.Random(11).randbytes(8192)
    with open(path, "r+b") as handle:  # in place: the same inode and size
        handle.write(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    with pytest.raises(DamagedCache, match="the cache is damaged"):
        await Database.open(path, rebuild=False)


async def test_a_cache_file_replaced_by_another_is_checked(tmp_path: Path) -> None:
    path, other = tmp_path / "cache.sqlite3", tmp_path / "other.sqlite3"
    await _opened(path)
    await _opened(other)
    os.replace(other, path)
    assert await _opened(path) is True


@pytest.mark.parametrize("record", [b"", b"not json", b"[1, 2]", b'{"dev": 1}', b'{"dev": "x", "ino": 1}'])
async def test_a_record_that_does_not_read_means_a_check(tmp_path: Path, record: bytes) -> None:
    path = tmp_path / "cache.sqlite3"
    await _opened(path)
    Path(str(path) + CLOSED_SUFFIX).write_bytes(record)
    assert await _opened(path) is True
    assert await _opened(path) is False


async def test_a_clean_cache_is_still_checked_every_so_many_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "QUICK_CHECK_EVERY", 3)
    path = tmp_path / "cache.sqlite3"
    assert [await _opened(path) for _ in range(7)] == [True, False, False, True, False, False, True]


async def test_a_rebuilt_cache_is_not_vouched_for_by_the_old_files_record(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await _filled(path)
    with open(path, "r+b") as handle:
        handle.seek(0)
        handle.write(b"not a database at all, these 32 bytes..")
    rebuilt = await Database.open(path, rebuild=True)
    assert rebuilt.checked
    await rebuilt.close()
    aside = [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and not any(name.endswith(CLOSED_SUFFIX) for name in aside)
    assert await _opened(path) is False
