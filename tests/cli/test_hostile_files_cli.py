"""Hostile files in a course site, through the real command line: symlinks out of the site, FIFOs named
like posts, file names that are not UTF-8 (issue 9, points 1-3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent.parent

CONFIG = """
[course]
name = "Test course"
site = "site"
timezone = "America/New_York"
meeting_time = "14:00"

[calendar]
dates = [2024-01-16, 2024-01-18, 2024-01-23, 2024-01-25]
"""

GOOD = "---\ntitle: Introduction\n---\n\n## Readings\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
SECRET = "---\ntitle: Secret session\n---\n\n## Readings\n\n- [Zanzibar secret paper](https://secret.example/x)\n"


def run(project: Path, *args: str, timeout: float = 60, input_text: str | None = None,
        environ: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COURSEBOT_DB", "DISCORD_TOKEN", "SLACK_BOT_TOKEN"}}
    env["XDG_CACHE_HOME"] = str(project / "cache-home")
    env.update(environ or {})
    extra = ["--config", str(project / "course.toml")]
    if args[0] != "check" and "--db" not in args:
        extra += ["--db", str(project / "cache.sqlite3")]
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args, *extra], cwd=PROJECT, env=env, capture_output=True, text=True,
        timeout=timeout, input=input_text if input_text is not None else "",
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_contents").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Test 2024\ncollections:\n  contents:\n    output: true\n  extra:\n")
    (site / "_contents" / "S0-L01.md").write_text(GOOD)
    outside = tmp_path / "outside"
    (outside / "nested").mkdir(parents=True)
    (outside / "secret.md").write_text(SECRET)
    (outside / "nested" / "secret2.md").write_text(SECRET)
    (tmp_path / "course.toml").write_text(CONFIG)
    return tmp_path


def slugs(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [s["slug"] for s in json.loads(result.stdout)["sessions"]]


def test_symlinks_out_of_the_site_are_refused_and_named(project: Path) -> None:
    site, outside = project / "site", project / "outside"
    (site / "_contents" / "leak.md").symlink_to(outside / "secret.md")  # a post linked outside
    (site / "_contents" / "folder").symlink_to(outside / "nested")  # a folder below a collection
    (site / "_extra").symlink_to("/")  # a collection folder that is a symlink to /
    (site / "_contents" / "inside.md").symlink_to(site / "_contents" / "S0-L01.md")  # inside: fine
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01", "inside"]
    found = run(project, "search", "Zanzibar", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"] == []
    check = run(project, "check")
    assert check.returncode == 1
    assert "_contents/leak.md:1: error: outside the site" in check.stdout
    assert "_contents/folder:1: error: outside the site" in check.stdout
    assert "_extra:1: error: outside the site" in check.stdout
    assert "Traceback" not in check.stdout + check.stderr


def test_a_fifo_named_like_a_post_is_refused_not_waited_on(project: Path) -> None:
    site = project / "site"
    os.mkfifo(site / "_contents" / "x.md")
    (site / "_includes").mkdir()
    os.mkfifo(site / "_includes" / "schedule.html")
    os.mkfifo(site / "index.md")
    sync = run(project, "sync", timeout=60)  # hung forever before: open() of a FIFO blocks
    assert sync.returncode == 0, sync.stderr
    assert "_contents/x.md:1: error: a FIFO, not a regular file" in sync.stdout
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]
    check = run(project, "check", timeout=60)
    assert "_contents/x.md:1: error: a FIFO" in check.stdout


def test_a_file_name_that_is_not_utf8_is_named_and_the_rest_served(project: Path) -> None:
    folder = os.fsencode(project / "site" / "_contents")
    with open(folder + b"/caf\xe9.md", "wb") as fh:
        fh.write(SECRET.encode())
    os.mkdir(folder + b"/d\xff")
    with open(folder + b"/d\xff/inner.md", "wb") as fh:
        fh.write(SECRET.encode())
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]  # crashed before (UnicodeEncodeError)
    sync = run(project, "sync")
    assert sync.returncode == 0, sync.stderr
    check = run(project, "check")
    assert check.returncode == 1, check.stderr
    assert "_contents/caf\\xe9.md:1: error: file name is not valid UTF-8" in check.stdout
    assert "_contents/d\\xff/inner.md:1: error: file name is not valid UTF-8" in check.stdout
    assert "Traceback" not in check.stdout + check.stderr


def test_a_huge_include_does_not_stall_every_sync(project: Path) -> None:
    """issue 9 point 6: a megabyte of unclosed Liquid assigns in _includes/ took minutes per sync (the
    schedule-page pattern backtracked over the whole file for every assign)."""
    site = project / "site"
    (site / "index.html").write_text('{% assign ddates = "|0116|0118" | split: "|" %}')
    (site / "_includes").mkdir()
    unit = '{% assign d = "|0118|0123 \n'
    (site / "_includes" / "big.html").write_text(unit * (1_000_000 // len(unit)) + ' | split: "|" %}')
    sync = run(project, "sync", timeout=60)
    assert sync.returncode == 0, sync.stderr
    doc = json.loads(run(project, "sessions", "--json", timeout=60).stdout)
    assert [(s["slug"], s["date"]) for s in doc["sessions"]] == [("S0-L01", "2024-01-16")]


def test_dates_out_of_range_are_refused_at_their_line_and_the_bot_runs(project: Path) -> None:
    """issue 9 point 4: ``date: 0001-01-01`` passed check, then stopped the bot (OverflowError in the
    reminder arithmetic). Every accepted date is bounded; the post is reported, the others served."""
    site = project / "site"
    (site / "_contents" / "S0-L02.md").write_text("---\ntitle: Ancient\nlecture: 2\ndate: 0001-01-01\n---\nbody\n")
    (site / "_contents" / "S0-L03.md").write_text("---\ntitle: Far\ndate: 9999-12-31 23:59:59\n---\nbody\n")
    (site / "index.html").write_text('{% assign ddates = "|0001-01-01|2024-01-18" | split: "|" %}')
    check = run(project, "check")
    assert "_contents/S0-L02.md:4: error: date 0001-01-01 is outside the dates the bot accepts" in check.stdout
    assert "_contents/S0-L03.md:3: error: date 9999-12-31 is outside the dates the bot accepts" in check.stdout
    assert "index.html:1: error: schedule date '0001-01-01' is outside" in check.stdout
    reminders = run(project, "reminders", "--at", "2024-01-15T15:00", "--json")
    assert reminders.returncode == 0, reminders.stderr
    bot = run(project, "run", "--now", "2024-01-15T12:00", "--db", str(project / "run.sqlite3"),
              input_text="/readings S0-L01\n")
    assert bot.returncode == 0, bot.stderr
    assert "Attention Is All You Need" in bot.stdout and "Traceback" not in bot.stderr
    bad_config = project / "course.toml"
    bad_config.write_text(CONFIG.replace("2024-01-16", "0001-01-16"))
    refused = run(project, "sessions")
    assert refused.returncode == 2 and "calendar.dates" in refused.stderr and "0001-01-16" in refused.stderr


def test_an_unopenable_or_damaged_cache_is_one_clear_line(project: Path) -> None:
    """issue 9 point 19: an unopenable --db printed a traceback after its message (the connection's thread
    outlived the event loop); a damaged cache says how to rebuild, and COURSEBOT_REBUILD_CACHE=1 does."""
    for args in (("run", "--db", "/"), ("sessions", "--db", "/")):
        result = run(project, *args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("coursebot: /: cannot open the cache") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]
    cache = project / "cache.sqlite3"
    cache.write_bytes(cache.read_bytes()[:100] + b"\xff" * 8192 + cache.read_bytes()[8292:])
    damaged = run(project, "sessions", "--json")
    assert damaged.returncode == 2 and "the cache is damaged" in damaged.stderr
    assert "COURSEBOT_REBUILD_CACHE=1" in damaged.stderr and "Traceback" not in damaged.stderr
    os.environ["COURSEBOT_REBUILD_CACHE"] = "1"
    try:
        assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]
    finally:
        del os.environ["COURSEBOT_REBUILD_CACHE"]
    assert any(p.name.startswith("cache.sqlite3.damaged-") for p in project.iterdir())


def test_hostile_file_names_are_escaped_in_the_bots_log_lines(project: Path) -> None:
    """A post named with a line break and a terminal escape: the bot's log line about it (its start-up
    warning naming the file) shows them escaped, as `coursebot check` does, and forges no log line of its own."""
    forged = "S0-L02\n2024-01-15 12:00:00,000 WARNING bot.app: forged line\x1b[2J.md"
    (project / "site" / "_contents" / forged).write_text("---\ntitle: [unclosed\n---\nbody\n")
    check = run(project, "check")
    assert "'_contents/S0-L02\\n2024-01-15 12:00:00,000 WARNING bot.app: forged line\\x1b[2J.md':2: error" in check.stdout
    bot = run(project, "run", "--now", "2024-01-15T12:00", input_text="/readings S0-L01\n")
    assert bot.returncode == 0, bot.stderr
    assert "Attention Is All You Need" in bot.stdout
    [warning] = [line for line in bot.stderr.splitlines() if "bad YAML" in line]
    assert " WARNING bot.app: _contents/S0-L02\\n2024-01-15 12:00:00,000 WARNING bot.app: forged line\\x1b[2J.md:" in warning
    assert "\x1b" not in bot.stderr and not any(line.startswith("2024-01-15 12:00:00,000") for line in bot.stderr.splitlines())


@pytest.mark.parametrize("command", ["sessions", "sync"])
def test_hostile_file_names_are_escaped_in_every_commands_log_lines(project: Path, command: str) -> None:
    """Not only the bot's log: a command's log line (here: its cache, damaged, set aside and rebuilt, named in a
    warning) shows a line break, a terminal escape, a bell and a carriage return escaped, said as the command's
    own warnings are (``coursebot: warning: ...``), and forges no line of its own. ``sync`` with plain options
    runs without typer (bot.cli.warm), ``sessions`` under typer: both log the same way."""
    name = "cache\n2024-01-15 12:00:00,000 WARNING bot.app: forged\x1b[2J\x07\r.sqlite3"
    cache = project / name
    assert slugs(run(project, "sessions", "--json", "--db", str(cache))) == ["S0-L01"]
    data = cache.read_bytes()
    cache.write_bytes(data[:100] + b"\xff" * 8192 + data[8292:])  # damaged: refused unless rebuilt
    result = run(project, command, "--db", str(cache), environ={"COURSEBOT_REBUILD_CACHE": "1"})
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "rebuilding the cache" in line]
    escaped = "cache\\n2024-01-15 12:00:00,000 WARNING bot.app: forged\\x1b[2J\\x07\\r.sqlite3"
    assert warning.startswith("coursebot: warning: ") and f"set aside as {project}/{escaped}.damaged-" in warning
    assert not set(result.stderr) & {"\x1b", "\x07", "\r"}
    assert not any(line.startswith("2024-01-15") for line in result.stderr.splitlines())
    assert any(p.name.startswith(name + ".damaged-") for p in project.iterdir())
