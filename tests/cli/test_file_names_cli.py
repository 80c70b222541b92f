"""File names reach the terminal escaped: a post named with an ANSI escape or a line break (both valid in
a Linux file name) is printed by check, sync and the read commands' warnings as its repr, so it can neither
colour, move nor clear the terminal, nor fake a line of output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.tables import problem_line, terminal_name, terminal_text
from bot.course.models import Problem
from tests.cli.test_site_cli import PROJECT, post

EVIL = "_contents/evil\x1b[2J\x1b[31mred.md"
BROKEN = "_contents/new\nline.md:1: error: fake.md"
BROKEN_FRONT = "---\ntitle: [unclosed\n---\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\ncollections:\n  contents:\n    output: true\n")
    (root / "_contents" / "ok.md").write_text(post("Fine", "L1", "team-1", "## Readings\n\n- [P](https://e.org/1)\n"))
    for name in (EVIL, BROKEN):
        (root / name).write_text(BROKEN_FRONT)
    return root


def coursebot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT),
                                            "XDG_CACHE_HOME": str(cwd / "cache"), "HOME": str(cwd)})


def assert_escaped(output: str) -> None:
    assert "\x1b" not in output
    assert repr("evil\x1b[2J\x1b[31mred.md")[1:-1] in output  # evil\x1b[2J\x1b[31mred.md, as a repr shows it
    assert not any(line.startswith("line.md") for line in output.splitlines())  # no forged line
    assert "new\\nline.md" in output


def test_check_prints_file_names_with_control_characters_escaped(site: Path) -> None:
    done = coursebot("check", "--site", str(site), cwd=site.parent)
    assert done.returncode == 1, done.stderr
    assert_escaped(done.stdout)
    assert len([line for line in done.stdout.splitlines() if ": error: bad YAML" in line]) == 2
    annotations = coursebot("check", "--site", str(site), "--format", "github", cwd=site.parent)
    assert "\x1b" not in annotations.stdout and "evil\\x1b[2J" in annotations.stdout


def test_sync_prints_file_names_with_control_characters_escaped(site: Path) -> None:
    db = site.parent / "c.sqlite3"
    for _ in range(2):  # the full sync, then the unchanged one (bot.cli.warm, before typer)
        done = coursebot("sync", "--site", str(site), "--db", str(db), cwd=site.parent)
        assert done.returncode == 0, done.stderr
        assert_escaped(done.stdout)


def test_terminal_text_escapes_what_a_terminal_would_obey_and_keeps_the_rest() -> None:
    assert terminal_name("_contents/S0-L01 · Été.md") == "_contents/S0-L01 · Été.md"
    assert terminal_name("a\x1b[31mb") == "'a\\x1b[31mb'"
    assert terminal_text("title \u202eevil\u2028x \udcff") == "title \\u202eevil\\u2028x \\udcff"
    line = problem_line(Problem("x\ny.md", 3, "error", "duplicate of 'z\x07.md'"))
    assert line == "'x\\ny.md':3: error: duplicate of 'z\\x07.md'" and "\n" not in line
