"""A read command (sessions, readings, team, ...) answers from the cache after a sync; when that sync could
not read every file, or the removal guard kept sessions the site no longer lists, the answer is stale or
partial. It says so in one short line on stderr (stdout, e.g. --json, stays the answer alone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_site_cli import CONFIG, post, run

GOOD = {f"S0-L0{i}.md": post(f"Session {i}", f"L-{i}", "team-1",
                             f"## Required Readings\n\n### Paper {i}\n  + https://arxiv.org/abs/1706.0376{i}\n")
        for i in range(1, 5)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    contents = tmp_path / "site" / "_contents"
    contents.mkdir(parents=True)
    (tmp_path / "site" / "_config.yml").write_text("title: T\ncollections:\n  contents:\n    output: true\n")
    for name, text in GOOD.items():
        (contents / name).write_text(text)
    (tmp_path / "course.toml").write_text(CONFIG)
    return tmp_path


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("coursebot: warning:")]


def test_a_read_command_over_a_site_it_read_whole_says_nothing(project: Path) -> None:
    done = run(project, "sessions", "--json")
    assert done.returncode == 0 and warnings(done.stderr) == [], done.stderr


@pytest.mark.parametrize("command", [("sessions", "--json"), ("readings", "S0-L01", "--json"), ("team", "notes", "--json"),
                                     ("schedule", "--json", "--now", "2024-01-01"), ("search", "Paper", "--json")])
def test_read_commands_warn_on_stderr_when_files_could_not_be_read(project: Path, command: tuple[str, ...]) -> None:
    contents = project / "site" / "_contents"
    (contents / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    (contents / "tagged.md").write_text("---\ntitle: !!python/object/apply:os.system ['true']\n---\nbody\n")
    for attempt in (1, 2):  # the sync that finds them, and one that finds nothing new: both say it
        done = run(project, *command)
        assert done.returncode == 0, done.stderr
        json.loads(done.stdout)  # stdout is the answer alone
        [line] = warnings(done.stderr)
        assert "2 files of the site could not be read" in line and "coursebot check" in line, attempt


def test_read_commands_warn_when_the_removal_guard_kept_sessions(project: Path) -> None:
    assert run(project, "sync").returncode == 0
    for name in ("S0-L01.md", "S0-L02.md", "S0-L03.md"):
        (project / "site" / "_contents" / name).unlink()
    done = run(project, "sessions", "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["sessions"]) == 4  # kept as they were
    [line] = warnings(done.stderr)
    assert "would remove 3 of the 4 sessions" in line and "--allow-removals" in line
    synced = run(project, "sync", "--allow-removals")
    assert synced.returncode == 0 and "3 removed" in synced.stdout, synced.stdout
    after = run(project, "sessions", "--json")
    assert warnings(after.stderr) == [] and len(json.loads(after.stdout)["sessions"]) == 1
