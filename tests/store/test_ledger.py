"""The posting ledger and the instance lock against a temporary SQLite file."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import textwrap
from pathlib import Path

import pytest

from bot.store.db import Database
from bot.store.ledger import InstanceLock, InstanceLocked, Ledger

T0 = dt.datetime(2024, 2, 25, 23, 0, tzinfo=dt.UTC)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "cache.sqlite3")
    yield database
    await database.close()


async def test_pending_then_sent(db: Database) -> None:
    ledger = Ledger(db, platform="console", channel="stdout")
    entry = await ledger.add_pending("digest:2024-W09", kind="digest", content_hash="h1", now=T0, due_at=T0)
    assert (entry.status, entry.attempts, entry.message_id, entry.due_at) == ("pending", 0, None, T0)
    again = await ledger.add_pending("digest:2024-W09", kind="digest", content_hash="other", now=T0 + dt.timedelta(hours=1))
    assert again == entry  # an existing row is never overwritten by a second pending write
    await ledger.record_failure("digest:2024-W09", error="HTTP 503", now=T0)
    await ledger.record_failure("digest:2024-W09", error="HTTP 429", now=T0)
    failed = await ledger.get("digest:2024-W09")
    assert failed is not None and (failed.status, failed.attempts, failed.last_error) == ("pending", 2, "HTTP 429")
    await ledger.mark_sent("digest:2024-W09", message_id="m-1", content_hash="h1", now=T0)
    sent = await ledger.get("digest:2024-W09")
    assert sent is not None and (sent.status, sent.message_id, sent.last_error) == ("sent", "m-1", None)
    assert [e.key for e in await ledger.entries(status="sent")] == ["digest:2024-W09"]
    assert await ledger.entries(status="pending") == []


async def test_skipped_never_replaces_sent(db: Database) -> None:
    ledger = Ledger(db, platform="console", channel="stdout")
    await ledger.add_pending("reminder:S1", kind="reminder", content_hash="h", now=T0, session_slug="S1")
    await ledger.mark_sent("reminder:S1", message_id="7", content_hash="h", now=T0)
    await ledger.mark_skipped("reminder:S1", kind="reminder", reason="too late", now=T0)
    entry = await ledger.get("reminder:S1")
    assert entry is not None and entry.status == "sent"
    await ledger.mark_skipped("reminder:S2", kind="reminder", reason="missed by 3 days", now=T0, session_slug="S2")
    skipped = await ledger.get("reminder:S2")
    assert skipped is not None and (skipped.status, skipped.last_error, skipped.session_slug) == ("skipped", "missed by 3 days", "S2")


async def test_rows_are_scoped_by_channel(db: Database) -> None:
    console = Ledger(db, platform="console", channel="stdout")
    discord = Ledger(db, platform="discord", channel="123")
    await console.add_pending("digest:2024-W09", kind="digest", content_hash="h", now=T0)
    assert await discord.get("digest:2024-W09") is None
    assert (await console.count(), await discord.count()) == (1, 0)


async def test_naive_times_are_refused(db: Database) -> None:
    ledger = Ledger(db, platform="console", channel="stdout")
    with pytest.raises(ValueError, match="timezone-aware"):
        await ledger.add_pending("digest:x", kind="digest", content_hash="h", now=dt.datetime(2024, 1, 1))


async def test_second_handle_on_the_same_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    first_db, second_db = await Database.open(path), await Database.open(path)
    try:
        first = InstanceLock(first_db)
        await first.acquire()
        second = InstanceLock(second_db)
        with pytest.raises(InstanceLocked) as info:
            await second.acquire()
        assert str(path) in str(info.value) and f"pid {first.pid}" in str(info.value) and first.token[:8] in str(info.value)
        await first.release()
        await second.acquire()  # free again once the first let go
        assert await second.heartbeat()
    finally:
        await first_db.close()
        await second_db.close()


async def test_stale_holder_is_taken_over(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "cache.sqlite3"
    a_db, b_db = await Database.open(path), await Database.open(path)
    now = [T0]
    try:
        # a holder on another host: only its missing heartbeat can make it stale
        old = InstanceLock(a_db, clock=lambda: now[0], stale_after=dt.timedelta(minutes=3), host="other-host")
        await old.acquire()
        new = InstanceLock(b_db, clock=lambda: now[0], stale_after=dt.timedelta(minutes=3))
        now[0] = T0 + dt.timedelta(minutes=2)
        with pytest.raises(InstanceLocked):
            await new.acquire()
        now[0] = T0 + dt.timedelta(minutes=4)
        with caplog.at_level("WARNING"):
            await new.acquire()
        assert "stale holder" in caplog.text and "no heartbeat" in caplog.text
        assert not await old.heartbeat()  # the old holder learns it lost the lock
        await old.release()  # a no-op: it does not hold it any more
        holder = await new.holder()
        assert holder is not None and holder.heartbeat_at == now[0]
    finally:
        await a_db.close()
        await b_db.close()


async def test_dead_process_in_this_namespace_is_taken_over(tmp_path: Path) -> None:
    """A holder whose process (same pid namespace, same boot) is gone need not wait for its heartbeat."""
    path = tmp_path / "cache.sqlite3"
    a_db, b_db = await Database.open(path), await Database.open(path)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", "import sys; sys.stdin.read()", stdin=asyncio.subprocess.PIPE)
    try:
        ghost = InstanceLock(a_db, pid=proc.pid, heartbeat_every=0)
        if ghost.process is None:
            pytest.skip("no /proc here: only the heartbeat can tell a holder is gone")
        await ghost.acquire()
        assert proc.stdin is not None
        proc.stdin.close()
        await proc.wait()  # its pid is now free (not reused this quickly)
        live = InstanceLock(b_db, heartbeat_every=0)
        await live.acquire()
        holder = await live.holder()
        assert holder is not None and holder.pid == live.pid and holder.instance == live.token
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await a_db.close()
        await b_db.close()


async def test_same_host_and_pid_in_another_container_is_not_taken_over(tmp_path: Path) -> None:
    """Two containers with the same hostname both run the bot as pid 1: the other one is not "a previous
    life of this process". Only a random instance id tells holders apart; a live one keeps the lock."""
    path = tmp_path / "cache.sqlite3"
    a_db, b_db = await Database.open(path), await Database.open(path)
    try:
        other = InstanceLock(a_db, heartbeat_every=0)
        other.process = "another-boot/pid:[4026532999]:%d:1" % os.getpid()  # same pid, another pid namespace
        await other.acquire()
        me = InstanceLock(b_db, heartbeat_every=0)
        assert (me.host, me.pid) == (other.host, other.pid)
        with pytest.raises(InstanceLocked) as info:
            await me.acquire()
        assert f"instance {other.token[:8]}" in str(info.value)
    finally:
        await a_db.close()
        await b_db.close()


async def test_heartbeat_starts_when_the_lock_is_taken(tmp_path: Path) -> None:
    """The holder heartbeats by itself from acquire() on: a first sync longer than ``stale_after`` (before
    the app's scheduler runs) does not make it look stale to a second instance."""
    path = tmp_path / "cache.sqlite3"
    a_db, b_db = await Database.open(path), await Database.open(path)
    now = [T0]
    try:
        first = InstanceLock(a_db, clock=lambda: now[0], heartbeat_every=0.01)
        await first.acquire()
        now[0] = T0 + dt.timedelta(minutes=10)  # a long first sync: nobody calls heartbeat() explicitly
        first.beaten.clear()
        await asyncio.wait_for(first.beaten.wait(), 10)
        second = InstanceLock(b_db, clock=lambda: now[0], heartbeat_every=0)
        with pytest.raises(InstanceLocked):
            await second.acquire()
        await first.release()
        assert first._beating is None
    finally:
        await a_db.close()
        await b_db.close()


async def test_lock_held_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        from bot.store.db import Database
        from bot.store.ledger import InstanceLock
        async def main():
            db = await Database.open({str(path)!r})
            lock = InstanceLock(db)
            await lock.acquire()
            print("held", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            await lock.release()
            await db.close()
        asyncio.run(main())
        """
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, cwd=PROJECT_ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    db = await Database.open(path)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert (await asyncio.wait_for(proc.stdout.readline(), 30)).strip() == b"held"
        with pytest.raises(InstanceLocked) as info:
            await InstanceLock(db).acquire()
        assert f"pid {proc.pid}" in str(info.value)
        proc.stdin.close()
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        await InstanceLock(db).acquire()  # released on the other side's clean exit
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await db.close()
