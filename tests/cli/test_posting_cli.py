"""``coursebot digest | reminders | calendar | run`` through real processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest


from tests.conftest import EXAMPLE_CONFIG

SET = "2024sp-GenAI-Risk-Benefits@06463c0"


EXAMPLE = ("--config", str(EXAMPLE_CONFIG))  # the bundled example (tests run in tmp_path, outside the project)


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "COURSEBOT_"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def coursebot(tmp_path: Path, *args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:  # noqa: A002
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=tmp_path, env=cli_env(tmp_path), input=input,
        capture_output=True, text=True, timeout=timeout,
    )


def test_digest_on_the_corpus_lists_the_two_sessions_of_that_week(corpus_dir: Path, tmp_path: Path) -> None:
    site = corpus_dir / SET
    roster = tmp_path / "course.toml"  # the course's own roster; dates come from the site's schedule page
    roster.write_text("".join(f'[[teams]]\nid = "team-{n}"\nmembers = [{{ name = "Member {n}" }}]\n' for n in range(1, 7)))
    result = coursebot(tmp_path, "digest", "--at", "2024-02-25T18:00", "--site", str(site), "--json",
                       "--config", str(roster), "--db", str(tmp_path / "c.sqlite3"))
    assert result.returncode == 0, result.stderr
    digest = json.loads(result.stdout)
    assert (digest["kind"], digest["key"]) == ("digest", "digest:2024-W09")
    same = coursebot(tmp_path, "digest", "--now", "2024-02-25T18:00", "--site", str(site), "--json",
                     "--config", str(roster), "--db", str(tmp_path / "c.sqlite3"))
    assert json.loads(same.stdout) == digest  # --now is the same option as --at
    gold = {p["slug"]: p for p in json.loads((corpus_dir / "gold" / f"{SET}.json").read_text())["posts"]}
    sections = digest["sections"]
    assert [s["when"][:10] for s in sections] == ["2024-02-27", "2024-02-29"]
    assert [s["url"].rstrip("/").rsplit("/", 1)[-1] for s in sections] == ["S0-L11", "S0-L12"]
    config_roles = {"notes": "Notes", "video": "Video"}  # no [roles]: the keys the site uses, as labels
    for section, slug in zip(sections, ["S0-L11", "S0-L12"], strict=True):
        post = gold[slug]
        assert section["heading"].endswith(post["title"])
        assert section["when"].startswith(f"{post['date']}T14:00:00-05:00")
        required = [r for r in post["readings"] if r["required"]]
        lines = section["lines"]
        assert [(line["text"], line["url"]) for line in lines[: len(required)]] == [
            (r["title"], r["urls"][0] if r["urls"] else None) for r in required
        ]
        more = len(post["readings"]) - len(required)
        assert lines[len(required)]["text"] == f"{more} more readings"
        teams = [line["text"] for line in lines[len(required) + 1 :]]
        assert teams == [f"{config_roles[k]}: {post['roles'][k]}" for k in ("notes", "video")]
        assert all(line["people"] for line in lines[len(required) + 1 :])  # members from the roster

    text = coursebot(tmp_path, "digest", "--at", "2024-02-25T18:00", "--site", str(site), "--db", str(tmp_path / "c.sqlite3"))
    assert text.returncode == 0, text.stderr
    assert "Tue 27 Feb 14:00" in text.stdout and "Thu 29 Feb 14:00" in text.stdout and "Mon 5 Mar" not in text.stdout


def test_reminders_at_a_moment(corpus_dir: Path, tmp_path: Path) -> None:
    site, db = str(corpus_dir / SET), str(tmp_path / "c.sqlite3")
    result = coursebot(tmp_path, "reminders", "--at", "2024-02-26T15:00", "--site", site, "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    assert [m["key"] for m in json.loads(result.stdout)["reminders"]] == ["reminder:S0-L11"]
    quiet = coursebot(tmp_path, "reminders", "--at", "2024-02-25T12:00", "--site", site, "--db", db)
    assert quiet.returncode == 0 and "No reminders at 2024-02-25 12:00 EST" in quiet.stdout


def test_bad_at_is_a_clear_error(tmp_path: Path) -> None:
    result = coursebot(tmp_path, "digest", "--at", "next sunday", *EXAMPLE, "--db", str(tmp_path / "c.sqlite3"))
    assert result.returncode == 2
    assert "--at: expected a date and time like 2024-02-25T18:00, got 'next sunday'" in result.stderr
    assert "Traceback" not in result.stderr


def test_calendar_writes_icalendar(tmp_path: Path) -> None:
    result = coursebot(tmp_path, "calendar", *EXAMPLE, "--db", str(tmp_path / "c.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BEGIN:VCALENDAR") and result.stdout.count("BEGIN:VEVENT") == 11


def test_console_run_answers_commands_and_exits_at_eof(tmp_path: Path) -> None:
    assert EXAMPLE_CONFIG.exists()
    # the clock is set (a Saturday of the example term), so the answers do not depend on the day the test runs
    result = coursebot(tmp_path, "run", "--config", str(EXAMPLE_CONFIG), "--db", str(tmp_path / "c.sqlite3"),
                       "--now", "2026-11-28T12:00", input="/readings S0-Intro\n/team notes\n/nonsense\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "console mode" in out and "DISCORD_TOKEN" in out  # how to add a token
    assert "Fine-tuning Aligned Language Models Compromises Safety" in out  # /readings S0-Intro
    assert "Blog team" in out and "Barbara Liskov" in out  # /team notes
    assert out.count("coursebot> ") == 4
    assert "instance lock taken" in result.stderr and "instance lock released" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_with_one_slack_token_is_one_line_naming_the_missing_one(tmp_path: Path) -> None:
    """Only SLACK_BOT_TOKEN set: one line naming SLACK_APP_TOKEN, exit 2, no traceback, no token shown."""
    env = {**cli_env(tmp_path), "SLACK_BOT_TOKEN": "xoxb-secret-value"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run", *EXAMPLE, "--db", str(tmp_path / "c.sqlite3")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "xoxb-secret-value" not in result.stderr
    assert "coursebot: SLACK_APP_TOKEN is not set" in result.stderr


def test_second_run_on_the_same_cache_exits_3(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    first = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *EXAMPLE, "--db", db], cwd=tmp_path, env=cli_env(tmp_path),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert first.stdout is not None and first.stdin is not None
        banner = first.stdout.readline()  # printed once the lock is held and the site synced
        assert "coursebot console" in banner
        second = coursebot(tmp_path, "run", *EXAMPLE, "--db", db, input="")
        assert second.returncode == 3, second.stderr
        assert f"another coursebot is already running on {db}" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        first.stdin.close()
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    third = coursebot(tmp_path, "run", *EXAMPLE, "--db", db, input="")
    assert third.returncode == 0, third.stderr  # the lock went with the first process



def test_sigterm_stops_the_bot_cleanly(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *EXAMPLE, "--db", db], cwd=tmp_path, env=cli_env(tmp_path),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert bot.stdout is not None and "coursebot console" in bot.stdout.readline()
        bot.send_signal(signal.SIGTERM)  # as `docker stop` does; stdin stays open
        _, err = bot.communicate(timeout=60)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
    assert bot.returncode == 0, err
    assert "SIGTERM: stopping" in err and "instance lock released" in err and "Traceback" not in err


@pytest.mark.parametrize("how", ["--now", "COURSEBOT_NOW"])
def test_run_on_the_example_in_2029_is_mid_term(tmp_path: Path, how: str) -> None:
    """The real `coursebot run` on the bundled example with the clock in 2029: upcoming sessions, a digest of
    the coming week, and a reminder due within the next days."""
    args = ["run", *EXAMPLE, "--db", str(tmp_path / "c.sqlite3")]
    env = cli_env(tmp_path)
    if how == "--now":
        args += ["--now", "2029-03-06T12:00"]
    else:
        env["COURSEBOT_NOW"] = "2029-03-06T12:00"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=tmp_path, env=env, input="/schedule\n/digest preview\n",
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out, err = result.stdout, result.stderr
    assert "No upcoming sessions" not in out and "Traceback" not in err
    assert "Tue 6 Mar 14:00 · L05-prompting" in out and "Thu 8 Mar 14:00 · L06-harmful-outputs" in out  # /schedule
    assert "readings for" in out and "arxiv.org" in out  # /digest preview: the coming week's readings
    assert "next digest: 2029-03-11T18:00:00-04:00" in err
    assert "reminders scheduled, next: L06-harmful-outputs at 2029-03-07T14:00:00-05:00" in err
    assert "trial clock: the bot's time starts at 2029-03-06T12:00" in err


def test_digest_and_reminders_at_a_moment_on_the_example(tmp_path: Path) -> None:
    """As the README shows them: the example's term is read at --at, so these show a real digest and reminder."""
    db = str(tmp_path / "c.sqlite3")
    digest = coursebot(tmp_path, "digest", "--at", "2029-03-04T18:00", *EXAMPLE, "--db", db)
    assert digest.returncode == 0, digest.stderr
    assert "Tue 6 Mar 14:00" in digest.stdout and "Thu 8 Mar 14:00" in digest.stdout
    reminders = coursebot(tmp_path, "reminders", "--at", "2029-03-05T15:00", *EXAMPLE, "--db", db)
    assert reminders.returncode == 0, reminders.stderr
    assert "Prompting and reasoning" in reminders.stdout and "No reminders" not in reminders.stdout


@pytest.mark.parametrize(
    ("text", "line", "wanted"),
    [
        ('[schedule]\ndigest_cron = "0 18 * * sunday"\n', 2, "schedule.digest_cron: Invalid weekday name \"sunday\""),
        ("[schedule]\n\nreminder_hours = -1\n", 3, "schedule.reminder_hours: expected hours before a session"),
        ("[schedule]\ngrace_hours = inf\n", 2, "schedule.grace_hours: Input should be a finite number"),
        ('[[teams]]\nid = "a"\n[[teams]]\nid = "b"\ndiscord_role_id = 123\n', 5, "teams.1.discord_role_id: 123 is not a Discord id"),
        ('[[teams]]\nid = "t1"\n[[teams]]\nid = "T1"\n', 1, "teams: team id 'T1' is given twice"),
    ],
)
def test_check_names_the_configuration_mistake(tmp_path: Path, text: str, line: int, wanted: str) -> None:
    (tmp_path / "site").mkdir()
    bad = tmp_path / "bad.toml"
    bad.write_text('[course]\nsite = "site"\n' + text if "[course]" not in text else text)
    line += 2  # the [course] lines above
    for command in ("check", "run"):  # caught by check, and at start (before any sync)
        db = ["--db", str(tmp_path / "c.sqlite3")] if command == "run" else []
        result = coursebot(tmp_path, command, "--config", str(bad), *db, input="")
        assert result.returncode == 2, result.stderr
        assert f"{bad}:{line}: error: {wanted}" in result.stderr
        assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr


def test_the_configuration_is_found_in_the_working_folder_and_named(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE_CONFIG.parent.parent / "posts", site / "_contents")
    (site / "_config.yml").write_text("title: Trustworthy ML (Spring 2029)\ncollections:\n  contents:\n    output: true\n")
    (tmp_path / "coursebot.toml").write_text('[course]\nsite = "site"\n')
    result = coursebot(tmp_path, "sessions", "--db", str(tmp_path / "c.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert f"coursebot: configuration {tmp_path / 'coursebot.toml'} (found in the working folder)" in result.stderr
    assert "Trustworthy ML (Spring 2029): 11 sessions" in result.stdout
    # inside the course site, with no configuration at all: the site itself, named by its title
    inside = coursebot(site, "sessions", "--db", str(tmp_path / "c.sqlite3"))
    assert inside.returncode == 0, inside.stderr
    assert "no configuration file" in inside.stderr and "Trustworthy ML (Spring 2029)" in inside.stdout
    # elsewhere, nothing to go on: a clear error, not the example course
    empty = tmp_path / "empty"
    empty.mkdir()
    lost = coursebot(empty, "sessions", "--db", str(tmp_path / "c.sqlite3"))
    assert lost.returncode == 2
    assert "give --config FILE (or set $COURSEBOT_CONFIG) or --site DIR" in lost.stderr
    assert lost.stderr.count("no configuration file") == 1  # said once, in the error
    assert "GenAI" not in lost.stdout + lost.stderr
