"""A command that answers from the cache (``readings``, ``sessions``, ``search``, ``schedule``, ``team``,
``calendar``, ``digest``, ``reminders``) skips its sync when the cache holds what that sync would leave, as an
unchanged ``coursebot sync`` does (bot.cli.warm, bot.store.warm): it neither reads the site nor loads the
site reader, and answers exactly as after a sync. Anything a sync would find (an edited post, another
configuration, ``--today``/``--at``, which read the configuration at another day) and it syncs first
(issue 11: warm ``coursebot readings`` in whole-process time)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_sync_unchanged_cli import PROJECT, age
from tests.cli.test_sync_unchanged_cli import run as run_command
from tests.cli.test_sync_unchanged_cli import course as course  # noqa: F401 - the fixture, shared

#: what reading the site loads (the site reader, the front matter and markdown parsers): a skipped sync never
READER = ("bot.course.site", "bot.course.posts", "bot.course.readings", "markdown_it", "frontmatter")

#: the process clock of every run here (the cache's record holds the day relative dates are read at)
NOW = {"COURSEBOT_NOW": "2031-01-10T09:00:00+00:00"}


def run(course: Path, *args: str, db: str = "cache.sqlite3",
        watched: tuple[str, ...] = READER) -> tuple[str, str, dict[str, object]]:
    """``coursebot ARGS`` in a fresh interpreter in ``course`` with the cache ``db``: stdout, stderr and what
    the probe saw (exit code, which modules of ``watched`` were loaded)."""
    return run_command(course, *args, env={**NOW, "COURSEBOT_DB": str(course / db)}, watched=watched)


def synced(found: dict[str, object]) -> bool:
    """Whether the command read the site (it loaded the site reader)."""
    return bool(found["loaded"])


def test_readings_from_an_unchanged_site_skip_the_sync_and_answer_as_after_one(course: Path) -> None:
    cold_out, cold_err, cold = run(course, "readings", "L-Intro", "--json")  # a new cache: the sync reads the site
    assert cold["code"] == 0 and synced(cold), cold
    warm_out, warm_err, warm = run(course, "readings", "L-Intro", "--json")
    assert warm["code"] == 0 and not synced(warm), f"a warm readings loaded {warm['loaded']}"
    assert warm_out == cold_out and warm_err == cold_err
    assert json.loads(warm_out)["sessions"][0]["readings"][0]["urls"] == ["https://arxiv.org/abs/1706.03762"]
    table_out, _, table = run(course, "readings", "L-Intro")
    assert not synced(table) and "https://arxiv.org/abs/1706.03762" in table_out


def test_an_edited_post_is_read_before_the_answer(course: Path) -> None:
    run(course, "readings", "L-Intro")
    post = course / "site" / "_contents" / "S0-L01.md"
    post.write_text(post.read_text(encoding="utf-8").replace("### A paper", "### A better paper"), encoding="utf-8")
    out, _, found = run(course, "readings", "L-Intro", "--json")
    assert synced(found) and json.loads(out)["sessions"][0]["readings"][0]["title"] == "A better paper"
    age(course / "site")  # the edit no longer within the racy window: the next answer may trust the stat
    run(course, "sync")
    again, _, warm = run(course, "readings", "L-Intro", "--json")
    assert not synced(warm) and again == out


def test_another_configuration_syncs_first(course: Path) -> None:
    run(course, "readings", "L-Intro")
    toml = course / "coursebot.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('name = "Warm test"', 'name = "Warm test 2"'),
                    encoding="utf-8")
    _, _, found = run(course, "readings", "L-Intro")
    assert synced(found)


def test_an_unknown_session_is_still_a_clear_error_from_the_cache(course: Path) -> None:
    run(course, "sync")
    out, err, found = run(course, "readings", "No-Such-Lecture")
    assert found["code"] == 2 and not synced(found) and out == ""
    assert "no session matches 'No-Such-Lecture'" in err


def _stamps_off(text: str) -> str:
    return re.sub(r"DTSTAMP:\S+", "DTSTAMP:-", text)  # the moment the file was written


@pytest.mark.parametrize("args", [("sessions", "--json"), ("search", "paper", "--json"), ("calendar",),
                                  ("schedule", "--json"), ("team", "notes", "--json"), ("digest", "--json"),
                                  ("reminders", "--json")])
def test_other_answering_commands_skip_the_sync_of_an_unchanged_site(course: Path, args: tuple[str, ...]) -> None:
    cold_out, _, cold = run(course, *args, db="cold.sqlite3")  # a cache of its own: the sync reads the site
    assert cold["code"] == 0 and synced(cold), cold
    run(course, "sync")
    warm_out, _, warm = run(course, *args)
    assert warm["code"] == 0 and not synced(warm), f"coursebot {' '.join(args)} loaded {warm['loaded']}"
    assert _stamps_off(warm_out) == _stamps_off(cold_out)


@pytest.mark.parametrize("args", [("schedule", "--today", "2031-01-12"), ("digest", "--at", "2031-01-12T18:00")])
def test_a_command_read_at_another_day_syncs(course: Path, args: tuple[str, ...]) -> None:
    run(course, "sync")
    _, _, found = run(course, *args)
    assert found["code"] == 0 and synced(found)


# -- readings without typer ---------------------------------------------------------------------------------

TYPER_PROBE = """
import json, sys
from bot.cli import _register, app_for
_register()
sys.argv = ["coursebot", *sys.argv[1:]]
code = 0
try:
    app_for(sys.argv[1:])(sys.argv[1:], prog_name="coursebot")
except SystemExit as exc:
    code = exc.code or 0
sys.stdout.flush()
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "loaded": []}) + "\\n")
"""


def under_typer(course: Path, *args: str) -> tuple[str, str, int]:
    """``coursebot ARGS`` read by typer, whatever the arguments (the path every other form takes)."""
    environ = {**os.environ, "COURSEBOT_DB": str(course / "cache.sqlite3"), "PYTHONPATH": str(PROJECT),
               "COURSEBOT_SYNC_WORKERS": "1", **NOW}
    environ.pop("COURSEBOT_CONFIG", None)
    done = subprocess.run([sys.executable, "-c", TYPER_PROBE, *args], cwd=course, env=environ,
                          capture_output=True, text=True, timeout=120)
    lines = done.stderr.splitlines()
    code = json.loads([line for line in lines if line.startswith("PROBE ")][-1][len("PROBE "):])["code"]
    return done.stdout, "\n".join(line for line in lines if not line.startswith("PROBE ")).strip(), code


def test_readings_options_take_one_query_and_the_plain_options_only() -> None:
    from bot.cli.answers import readings_options

    assert readings_options(["L-Intro"]) == {"query": "L-Intro"}
    assert readings_options(["--json", "S0-L01", "--site", "site", "--db=c.db"]) == {
        "as_json": True, "query": "S0-L01", "site": Path("site"), "db": Path("c.db")}
    for typer_reads in ([], ["--help"], ["a", "b"], ["--json"], ["a", "--json", "--json"], ["a", "--site"],
                        ["a", "--site", "--json"], ["a", "--sight", "x"], ["a", "-v"], ["", "--json"], ["--", "-a"]):
        assert readings_options(typer_reads) is None, typer_reads


@pytest.mark.parametrize("args", [("L-Intro",), ("L-Intro", "--json"), ("No-Such-Lecture",), ("a",),
                                  ("a", "--json")])
def test_readings_without_typer_say_what_typer_says(course: Path, args: tuple[str, ...]) -> None:
    run(course, "sync")
    out, err, found = run(course, "readings", *args, watched=("typer", "click"))
    assert found["loaded"] == [], f"coursebot readings {' '.join(args)} loaded {found['loaded']}"
    typer_out, typer_err, typer_code = under_typer(course, "readings", *args)
    assert (out, err, found["code"]) == (typer_out, typer_err, typer_code)

