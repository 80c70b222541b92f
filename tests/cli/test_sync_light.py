"""A full ``coursebot sync`` with plain options runs without typer (bot.cli.warm.quick_sync ->
bot.cli.base.sync_command; issue 11: bench/index.py row B), and does exactly what the command does under
typer: the same output, exit code and cache."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_imports import PROBE
from tests.cli.test_sync_unchanged_cli import age

PROJECT = Path(__file__).resolve().parent.parent.parent
CONFIG = '[course]\nname = "Light test"\nsite = "site"\n\n[roles]\nnotes = "Blog team"\n\n[calendar]\ndates = [2031-01-14, 2031-01-16, 2031-01-21]\n'
POST = ("---\ntitle: {title}\nlecture: {lecture}\nnotes: team-1\n---\n\n## Required Readings\n\n### A paper on {title}\n"
        "  + https://arxiv.org/abs/1706.03762\n\n## More Readings\n\n- [Another](https://example.org/{lecture})\n")
# what a sync needs none of (pydantic and asyncio it needs: the configuration models, the store)
HEAVY = ("typer", "click", "rich", "discord", "slack_sdk", "slack_bolt", "aiohttp", "icalendar", "pydantic_settings")
# the command line under typer, as when the options are not plain ones (bot.cli.main without quick_sync)
TYPER = """
import sys
from bot.cli import _register, app
_register()
sys.argv = ["coursebot", *sys.argv[1:]]
app()
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_contents").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Light 2031\ncollections:\n  contents:\n    output: true\n", encoding="utf-8")
    for n, (title, lecture) in enumerate([("Introduction", "L-Intro"), ("Alignment", "L-Align"), ("Alignment", "L-Align")]):
        (site / "_contents" / f"S0-L0{n + 1}.md").write_text(POST.format(title=title, lecture=lecture), encoding="utf-8")
    (site / "_contents" / "S0-L09.md").write_text("---\ntitle: [unclosed\n---\n\nbroken front matter\n", encoding="utf-8")
    (site / "_contents" / "S0-L10.md").write_bytes(b"---\ntitle: Bad bytes\n---\n\n\xff\xfe not UTF-8\n")
    (tmp_path / "coursebot.toml").write_text(CONFIG, encoding="utf-8")
    age(site)  # both syncs trust the same stats
    return tmp_path


def run(course: Path, code: str, *args: str, db: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COURSEBOT_DB": str(course / db), "PYTHONPATH": str(PROJECT), "COURSEBOT_SYNC_WORKERS": "1"}
    environ.pop("COURSEBOT_CONFIG", None)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=course, env=environ, capture_output=True, text=True,
                          timeout=120)


def light(course: Path, *args: str, db: str) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    """``coursebot ARGS`` through bot.cli.main, and what the probe saw (exit code, heavy packages imported)."""
    done = run(course, PROBE, json.dumps(HEAVY), *args, db=db)
    probes = [line for line in done.stderr.splitlines() if line.startswith("PROBE ")]
    assert probes, done.stderr
    done.stderr = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("PROBE ")).rstrip("\n")
    return done, json.loads(probes[-1][len("PROBE "):])


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of a cache, rows sorted, with the times a sync writes (and the key of its inputs, which
    holds the environment: another COURSEBOT_DB) left out."""
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
        out: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            rows = []
            for row in cursor.fetchall():
                values = dict(zip(names, row))
                for column in ("parsed_at", "applied_at"):
                    values.pop(column, None)
                if table == "meta" and values["key"] in ("last_sync", "warm_sync"):
                    values["value"] = "(when)" if values["key"] == "last_sync" else "(recorded)"
                rows.append(tuple(values.items()))
            out[table] = sorted(rows, key=repr)
        out["search"] = conn.execute("SELECT rowid FROM readings_fts WHERE readings_fts MATCH 'paper' ORDER BY rowid").fetchall()
        return out
    finally:
        conn.close()


def test_a_full_sync_with_plain_options_loads_no_typer_nor_a_platform_sdk(course: Path) -> None:
    done, found = light(course, "sync", db="cache.sqlite3")
    assert found["code"] == 0, done.stderr
    assert "3 parsed" in done.stdout and "2 failed" in done.stdout, done.stdout
    assert found["loaded"] == [], f"coursebot sync imported {found['loaded']}"


@pytest.mark.parametrize("args", [("sync",), ("sync", "--json"), ("sync", "-v", "--allow-removals"),
                                  ("sync", "--site", "site", "--config=coursebot.toml")],
                         ids=["plain", "json", "verbose", "named"])
def test_the_sync_without_typer_says_and_writes_what_the_sync_under_typer_does(course: Path, args: tuple[str, ...]) -> None:
    fast, found = light(course, *args, db="light.sqlite3")
    assert found["loaded"] == [], found
    slow = run(course, TYPER, *args, db="typer.sqlite3")
    assert (found["code"], fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr.rstrip("\n"))
    assert dump(course / "light.sqlite3") == dump(course / "typer.sqlite3")
    # and the next sync of each is the unchanged one, which the recorded inputs of either tell
    again, _ = light(course, *args, db="light.sqlite3")
    assert again.stdout == run(course, TYPER, *args, db="typer.sqlite3").stdout


def test_a_failing_sync_without_typer_fails_as_under_typer(course: Path) -> None:
    for args in [("sync", "--site", "nowhere"), ("sync", "--config", "missing.toml"), ("sync", "--db", "site")]:
        fast, found = light(course, *args, db="light.sqlite3")
        slow = run(course, TYPER, *args, db="typer.sqlite3")
        assert found["code"] == slow.returncode == 2, (args, fast.stderr, slow.stderr)
        assert (fast.stdout, fast.stderr) == (slow.stdout, slow.stderr.rstrip("\n")), args
        if args[1] != "--config":  # a configuration file that cannot be read: typer's command reports it
            assert found["loaded"] == [], (args, found)
