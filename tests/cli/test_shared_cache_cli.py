"""$COURSEBOT_DB (or one --db) used for two course sites: the second site's commands are refused with one
line naming both sites, and the first site's answers are untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_site_cli import PROJECT, post

CONFIG = '[course]\nname = "{name}"\nsite = "{site}"\ntimezone = "America/New_York"\n\n[roles]\nnotes = "Blog team"\n'


def make_site(root: Path, prefix: str, count: int) -> Path:
    contents = root / "_contents"
    contents.mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\ncollections:\n  contents:\n    output: true\n")
    for i in range(1, count + 1):
        (contents / f"{prefix}-L0{i}.md").write_text(
            post(f"{prefix} {i}", f"{prefix}-{i}", "team-1", f"## Required Readings\n\n### P\n  + https://e.org/{prefix}{i}\n"))
    return root


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COURSEBOT_DB": str(tmp / "shared.sqlite3"), "XDG_CACHE_HOME": str(tmp / "cache-home")}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_one_coursebot_db_for_two_sites_refuses_the_second_and_keeps_the_first(tmp_path: Path) -> None:
    a = make_site(tmp_path / "course-a", "A", 2)
    b = make_site(tmp_path / "course-b", "B", 3)
    first = run(tmp_path, "sessions", "--json", "--site", str(a))
    assert first.returncode == 0, first.stderr
    assert [s["slug"] for s in json.loads(first.stdout)["sessions"]] == ["A-L01", "A-L02"]
    for command in (("sessions", "--json"), ("sync",), ("readings", "B-L01")):
        other = run(tmp_path, *command, "--site", str(b))
        assert other.returncode == 2 and other.stdout == "", (other.stdout, other.stderr)
        [line] = [line for line in other.stderr.splitlines() if "holds the sessions of another site" in line]
        assert str(a.resolve()) in line and str(b.resolve()) in line and "Traceback" not in other.stderr
    again = run(tmp_path, "sessions", "--json", "--site", str(a))
    assert [s["slug"] for s in json.loads(again.stdout)["sessions"]] == ["A-L01", "A-L02"]
    moved = run(tmp_path, "sync", "--site", str(b), "--allow-removals")  # B replaces A, confirmed
    assert moved.returncode == 0 and "2 removed" in moved.stdout, moved.stderr
    now = run(tmp_path, "sessions", "--json", "--site", str(b))
    assert [s["slug"] for s in json.loads(now.stdout)["sessions"]] == ["B-L01", "B-L02", "B-L03"]
