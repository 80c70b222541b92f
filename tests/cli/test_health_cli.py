"""``coursebot health`` (the Docker HEALTHCHECK) and ``coursebot run`` without a token and without input,
through real processes."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from bot.store.ledger import InstanceLock
from bot.store.sessions import Store
from tests.cli.test_posting_cli import cli_env, coursebot
from tests.conftest import EXAMPLE_CONFIG


def test_run_without_token_and_with_stdin_closed_exits_2_saying_why(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--config", str(EXAMPLE_CONFIG), "--db", str(db)],
        cwd=tmp_path, env=cli_env(tmp_path), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert "console mode needs a terminal (docker run -it" in done.stderr
    assert "DISCORD_TOKEN" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not db.exists()  # decided before opening the cache or syncing


def test_health_follows_the_running_bot(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    absent = coursebot(tmp_path, "health", "--db", str(db))
    assert absent.returncode == 1 and "the bot has not started" in absent.stderr
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--config", str(EXAMPLE_CONFIG), "--db", str(db)],
        cwd=tmp_path, env=cli_env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert bot.stdout is not None and bot.stdin is not None
        assert "coursebot console" in bot.stdout.readline()  # printed once the lock is held
        running = coursebot(tmp_path, "health", "--db", str(db))
        assert running.returncode == 0, running.stderr
        assert running.stdout.startswith("ok: heartbeat") and f"pid {bot.pid}" in running.stdout
        bot.stdin.write("quit\n")
        bot.stdin.close()
        assert bot.wait(timeout=60) == 0
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
    stopped = coursebot(tmp_path, "health", "--db", str(db))
    assert stopped.returncode == 1 and "no bot holds the lock" in stopped.stderr


def test_health_is_unhealthy_when_the_heartbeat_is_stale(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    ten_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)

    async def hung_bot() -> None:  # took the lock, then stopped beating (and never released it)
        store = await Store.open(db)
        try:
            await InstanceLock(store.db, clock=lambda: ten_minutes_ago, pid=4242, host="elsewhere").acquire()
        finally:
            await store.close()

    asyncio.run(hung_bot())
    stale = coursebot(tmp_path, "health", "--db", str(db))
    assert stale.returncode == 1
    # about 600 s: the child process reads the clock a moment later (or, under faketime, a moment earlier)
    assert re.search(r"last heartbeat (5[6-9]\d|6[0-3]\d) s ago \(over 90 s\)", stale.stderr), stale.stderr
    assert "pid 4242 on elsewhere" in stale.stderr
    lenient = coursebot(tmp_path, "health", "--db", str(db), "--max-age", "3600")
    assert lenient.returncode == 0 and re.match(r"ok: heartbeat (5[6-9]\d|6[0-3]\d) s ago", lenient.stdout), lenient.stdout


def test_health_reads_coursebot_db_like_the_docker_image(tmp_path: Path) -> None:
    env = {**cli_env(tmp_path), "COURSEBOT_DB": str(tmp_path / "data" / "coursebot.sqlite3")}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "health"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and f"no cache at {tmp_path / 'data' / 'coursebot.sqlite3'}" in done.stderr
