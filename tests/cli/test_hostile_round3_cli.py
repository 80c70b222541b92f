"""A careless staff member at the command line (real subprocesses in tmp_path): `--now` with nonsense or
a moment out of range, the same `--now` on every command (relative calendar dates read at that moment),
a count beyond reason, and `init` / `check` on a site in which no document is a class session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

# a term relative to "today": only a command that reads the calendar at --now sees sessions around it
CONFIG = """\
[course]
site = "site"
timezone = "America/New_York"
meeting_time = "14:00"

[calendar]
first_day = "today"
last_day = "today + 3 weeks"
weekdays = ["Tue", "Thu"]
"""

POST = "---\ntitle: {title}\nnotes: team-{n}\n---\n## Readings\n- [Paper {n}](https://example.org/{n})\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for n in range(1, 5):
        (site / f"L0{n}.md").write_text(POST.format(title=f"Lecture {n}", n=n))
    (tmp_path / "course.toml").write_text(CONFIG)
    return tmp_path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COURSEBOT_DB", "COURSEBOT_NOW", "DISCORD_TOKEN",
                                                              "SLACK_BOT_TOKEN"}}
    env["XDG_CACHE_HOME"] = str(cwd / "cache-home")
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def clean_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert "unexpected error" not in result.stderr, result.stderr
    assert result.stderr.startswith("coursebot: ") and result.stderr.count("\n") == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.mark.parametrize("command", [["schedule"], ["team", "notes"], ["digest"], ["reminders"]])
def test_now_nonsense_is_named_as_now(project: Path, command: list[str]) -> None:
    clean_failure(run(project, *command, "--config", "course.toml", "--now", "next tuesday"), "--now", "'next tuesday'")


@pytest.mark.parametrize("moment", ["9999-12-31T23:59-12:00", "0001-01-01T00:00+01:00", "0001-01-01", "2400-01-01"])
@pytest.mark.parametrize("command", [["schedule"], ["team", "notes"], ["digest"], ["reminders"]])
def test_now_out_of_range_is_one_clear_line(project: Path, command: list[str], moment: str) -> None:
    clean_failure(run(project, *command, "--config", "course.toml", "--now", moment), "--now", "out of range")


def test_schedule_and_team_read_relative_calendar_dates_at_now_as_digest_does(project: Path) -> None:
    # 2031-03-04 is a Tuesday: the term relative to "today" starts that day when --now says so
    args = ("--config", "course.toml", "--now", "2031-03-04T09:00", "--json")
    schedule = json.loads(run(project, "schedule", *args).stdout)
    assert [s["date"] for s in schedule["sessions"]] == ["2031-03-04", "2031-03-06", "2031-03-11", "2031-03-13"]
    team = json.loads(run(project, "team", "notes", *args).stdout)
    assert [(s["date"], s["team"]) for s in team["sessions"]][:2] == [("2031-03-04", "team-1"), ("2031-03-06", "team-2")]
    digest = json.loads(run(project, "digest", "--config", "course.toml", "--now", "2031-03-02T18:00", "--json").stdout)
    assert "2 sessions in week 2031-W10" in json.dumps(digest)  # Tue 4 and Thu 6 March


@pytest.mark.parametrize("command", [["schedule"], ["team", "notes"]])
def test_a_count_beyond_reason_is_refused_clearly(project: Path, command: list[str]) -> None:
    result = run(project, *command, "--config", "course.toml", "--count", "100000000000000000000")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert "--count" in result.stderr


def test_init_and_check_on_a_site_without_sessions_say_so(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_lectures").mkdir(parents=True)  # the collection named, its posts not written yet (or misnamed)
    (site / "_config.yml").write_text("title: New course\ncollections:\n  lectures:\n    output: true\n")
    (site / "_lectures" / "README.txt").write_text("lectures go here\n")
    (site / "index.md").write_text("---\ntitle: Home\nlayout: home\n---\nWelcome to the course.\n")
    init = run(tmp_path, "init", "--site", "site")
    assert init.returncode == 0, init.stderr
    assert "every session has a date and readings" not in init.stdout
    assert "no sessions found" in init.stdout
    check = run(tmp_path, "check", "--config", "course.toml")
    assert check.returncode == 1, (check.stdout, check.stderr)
    assert "error: no sessions found" in check.stdout
    assert "coursebot check failed" in check.stderr


async def test_a_command_with_another_configuration_does_not_rewrite_a_running_bots_cache(project: Path) -> None:
    import asyncio

    from bot.config import load_config
    from bot.store.ledger import InstanceLock
    from bot.store.sessions import Store

    db = project / "bot.sqlite3"
    bot_config = load_config(project / "course.toml")
    store = await Store.open(db)
    lock = InstanceLock(store.db)
    await lock.acquire()  # the running bot
    try:
        await store.sync(bot_config)
        dated = [s.date for s in await store.all_sessions()]
        assert all(dated)
        (project / "other.toml").write_text('[course]\nsite = "site"\n')  # no calendar: every date gone
        other = await asyncio.to_thread(run, project, "sessions", "--config", "other.toml", "--db", str(db), "--json")
        assert other.returncode == 0, other.stderr
        assert "a running bot" in other.stderr and "not syncing" in other.stderr
        assert [s.date for s in await store.all_sessions()] == dated  # students still see the dates
        assert all(s["date"] for s in json.loads(other.stdout)["sessions"])  # and so does the command
        same = await asyncio.to_thread(run, project, "sessions", "--config", "course.toml", "--db", str(db))
        assert same.returncode == 0 and "a running bot" not in same.stderr
    finally:
        await lock.release()
        await store.close()
    alone = run(project, "sessions", "--config", "other.toml", "--db", str(db), "--json")  # no bot: it syncs
    assert "a running bot" not in alone.stderr and not any(s["date"] for s in json.loads(alone.stdout)["sessions"])
