"""An unchanged ``coursebot sync`` is the cache's answer, told before typer, pydantic, asyncio or aiosqlite
are imported (bot.cli.warm, bot.store.warm; issue 11: bench/index.py row D), and says exactly what the full
sync says. Anything the full sync would find (an edited, added or removed post, another _config.yml or
schedule page, another configuration, a bot holding the cache, an edit that keeps size and modification
time) and the full sync runs."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.warm import sync_options
from tests.cli.test_imports import PROBE


PROJECT = Path(__file__).resolve().parent.parent.parent
POST = "---\ntitle: {title}\nlecture: {lecture}\nnotes: team-1\n---\n\n## Required Readings\n\n### A paper\n  + https://arxiv.org/abs/1706.03762\n\n### No link here\n"
CONFIG = '[course]\nname = "Warm test"\nsite = "site"\n\n[calendar]\ndates = [2031-01-14, 2031-01-16, 2031-01-21]\n'
# what an unchanged sync needs none of
HEAVY = ("typer", "click", "pydantic", "pydantic_settings", "asyncio", "aiosqlite", "markdown_it", "yaml",
         "frontmatter", "icalendar", "discord", "slack_sdk", "slack_bolt", "aiohttp", "rich", "multiprocessing")


def age(root: Path, seconds: int = 60) -> None:
    """Every file and folder below ``root`` modified ``seconds`` ago: older than the racy window
    (bot.store.scan.RACY_SECONDS), so that its stat may be trusted."""
    for path in [root, *root.rglob("*")]:
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


@pytest.fixture
def course(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_contents").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Warm 2031\ncollections:\n  contents:\n    output: true\n", encoding="utf-8")
    (site / "index.md").write_text("---\ntitle: Home\n---\n\nSchedule below.\n", encoding="utf-8")
    for n, (title, lecture) in enumerate([("Introduction", "L-Intro"), ("Alignment", "L-Align"), ("Safety", "L-Safe")]):
        (site / "_contents" / f"S0-L0{n + 1}.md").write_text(POST.format(title=title, lecture=lecture), encoding="utf-8")
    (tmp_path / "coursebot.toml").write_text(CONFIG, encoding="utf-8")
    age(site)
    return tmp_path


def run(course: Path, *args: str, env: dict[str, str] | None = None,
        watched: tuple[str, ...] = HEAVY) -> tuple[str, str, dict[str, object]]:
    """``coursebot ARGS`` in a fresh interpreter in ``course``: stdout, stderr (without the probe's line) and
    what the probe saw (exit code, which packages or modules of ``watched`` were imported)."""
    environ = {**os.environ, "COURSEBOT_DB": str(course / "cache.sqlite3"), "PYTHONPATH": str(PROJECT),
               "COURSEBOT_SYNC_WORKERS": "1", **(env or {})}
    environ.pop("COURSEBOT_CONFIG", None)
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(watched), *args], cwd=course, env=environ,
                          capture_output=True, text=True, timeout=120)
    lines = done.stderr.splitlines()
    probes = [line for line in lines if line.startswith("PROBE ")]
    assert probes, f"the probe printed nothing; stderr:\n{done.stderr}"
    stderr = "\n".join(line for line in lines if not line.startswith("PROBE ")).strip()
    return done.stdout, stderr, json.loads(probes[-1][len("PROBE "):])


def quick(found: dict[str, object]) -> bool:
    """Whether the command was answered without typer (nor pydantic, asyncio, the parser...)."""
    assert found["code"] == 0, found
    return found["loaded"] == []


def test_an_unchanged_sync_imports_none_of_the_stack_and_says_what_the_full_sync_says(course: Path) -> None:
    first, _, found = run(course, "sync")
    assert not quick(found) and "3 parsed" in first
    for args in [("sync",), ("sync", "--json"), ("sync", "-v"), ("sync", "--site", "site", "--config", "coursebot.toml"),
                 ("sync", "--config=coursebot.toml", "--verbose", "--json")]:
        full_out, full_err, slow = run(course, *args, "--verify")  # --verify: always the full sync
        assert not quick(slow)
        out, err, fast = run(course, *args)
        assert quick(fast), f"coursebot {' '.join(args)} imported {fast['loaded']}"
        assert (out, err) == (full_out, full_err), args
    assert "0 parsed, 3 unchanged, 0 removed, 0 failed; 0 sessions changed" in out or '"unchanged": 3' in out


def test_an_unchanged_sync_writes_the_sync_time_and_keeps_the_clean_close_record(course: Path) -> None:
    run(course, "sync")
    db = course / "cache.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = 'then' WHERE key = 'last_sync'")
    conn.close()
    run(course, "sync")  # the record of the clean close was taken by the write above's open: a full sync
    assert quick(run(course, "sync")[2])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'last_sync'").fetchone()[0] != "then"
    conn.close()
    assert (course / "cache.sqlite3-closed").exists()  # the next full open need not check the file


def test_a_site_modified_within_the_racy_window_is_not_recorded(course: Path) -> None:
    """A file modified moments ago could be edited again in the same clock tick, keeping size and time: such a
    tree is never recorded, so the next sync looks for itself."""
    post = course / "site" / "_contents" / "S0-L02.md"
    post.write_text(POST.format(title="Alignment, fresh", lecture="L-Align"), encoding="utf-8")
    run(course, "sync")
    assert not quick(run(course, "sync")[2])


@pytest.mark.parametrize("change", ["edit", "same size and time", "add", "remove", "site config", "home page",
                                    "data file", "configuration"])
def test_whatever_the_full_sync_would_find_runs_the_full_sync(course: Path, change: str) -> None:
    run(course, "sync")
    assert quick(run(course, "sync")[2])
    site = course / "site"
    post = site / "_contents" / "S0-L02.md"
    if change == "edit":
        post.write_text(POST.format(title="Alignment, revised", lecture="L-Align"), encoding="utf-8")
        age(site)
    elif change == "same size and time":  # racy git: an edit that keeps the size, its mtime set back
        st = post.stat()
        post.write_text(POST.format(title="Alignmenx", lecture="L-Align"), encoding="utf-8")
        os.utime(post, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert (post.stat().st_size, post.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    elif change == "add":
        (site / "_contents" / "S0-L04.md").write_text(POST.format(title="Added", lecture="L-Add"), encoding="utf-8")
        age(site)
    elif change == "remove":
        (site / "_contents" / "S0-L03.md").unlink()
        age(site)
    elif change == "site config":
        (site / "_config.yml").write_text("title: Warm 2032\ncollections:\n  contents:\n    output: true\n", encoding="utf-8")
        age(site)
    elif change == "home page":
        (site / "index.md").write_text("---\ntitle: Home\n---\n\nNo class on 2031-01-16.\n", encoding="utf-8")
        age(site)
    elif change == "data file":
        (site / "_data").mkdir()
        (site / "_data" / "schedule.yml").write_text("- date: 2031-01-14\n  link: /contents/S0-L01/\n", encoding="utf-8")
        age(site)
    elif change == "configuration":
        (course / "coursebot.toml").write_text(CONFIG + '\n[roles]\nnotes = "Scribes"\n', encoding="utf-8")
    out, _, found = run(course, "sync")
    assert not quick(found), change
    if change in ("edit", "same size and time", "add"):
        assert "1 parsed" in out, out
    if change == "remove":
        assert "1 removed" in out, out
    assert quick(run(course, "sync")[2]), f"after the full sync of {change}, the next one is unchanged again"


def test_a_bot_holding_the_cache_runs_the_full_sync(course: Path) -> None:
    """A running bot may keep the cache with another configuration: the full sync tells (and says so)."""
    run(course, "sync")
    with sqlite3.connect(course / "cache.sqlite3") as conn:
        conn.execute("INSERT INTO instance_lock (id, token, pid, host, started_at, heartbeat_at, process)"
                     " VALUES (1, 'x', 1, 'elsewhere', '2031-01-01T00:00:00+00:00', '2031-01-01T00:00:00+00:00', NULL)")
    conn.close()
    assert not quick(run(course, "sync")[2])


def test_another_writer_of_the_sessions_runs_the_full_sync(course: Path) -> None:
    """The record stands for the sessions version it saw: any later write of sessions makes it stale."""
    run(course, "sync")
    with sqlite3.connect(course / "cache.sqlite3") as conn:
        conn.execute("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'sessions_version'")
    conn.close()
    assert not quick(run(course, "sync")[2])


def test_the_options_read_before_typer_are_the_plain_forms_of_the_sync_commands_options() -> None:
    assert sync_options([]) == {}
    assert sync_options(["--site", "s", "--config=c.toml", "--db", "d", "--json", "-v", "--allow-removals"]) == {
        "site": Path("s"), "config": Path("c.toml"), "db": Path("d"), "as_json": True, "verbose": True,
        "allow_removals": True}
    # anything else is typer's to read (and to report)
    for args in (["--help"], ["--verify"], ["--repo", "https://x/y.git"], ["--site"], ["--site", "--json"],
                 ["--site", "a", "--site", "b"], ["-v", "--verbose"], ["extra"], ["--site="], ["-vq"], ["--"]):
        assert sync_options(args) is None, args


