"""The site commands through real processes, on a small site written here (with hostile files in it)."""

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

[roles]
notes = "Blog team"
video = "Reading team"

[[teams]]
id = "team-1"
members = [{ name = "Ada Lovelace" }, { name = "Alan Turing" }]

[[teams]]
id = "team-2"
members = [{ name = "Grace Hopper" }]
"""


def post(title: str, lecture: str, notes: str, readings: str) -> str:
    return f"---\ntitle: {title}\nlecture: {lecture}\nnotes: {notes}\nvideo: team-2\ntags:\n- Basic\n---\n\n{readings}"


GOOD = {
    "S0-L01.md": post("Introduction", "L-Intro", "team-1",
                      "## Required Readings\n\n### Attention Is All You Need\n  + https://arxiv.org/abs/1706.03762\n"
                      "  + The Transformer paper.\n\n## More Readings\n\n### BERT\n  + https://arxiv.org/abs/1810.04805\n"),
    "S0-L02.md": post("Alignment survey", "L-Intro", "team-2",
                      "## Required Readings\n\n### Training language models with human feedback\n"
                      "  + https://arxiv.org/abs/2203.02155\n"),
    "S0-L03.md": post("Harmful outputs", "L-Harm", "team-1",
                      "## Required Readings\n\n### HarmBench evaluation\n  + https://arxiv.org/abs/2402.04249\n"),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp/course.toml + tmp/site/_contents with three good posts and four hostile files."""
    site = tmp_path / "site"
    contents = site / "_contents"
    contents.mkdir(parents=True)
    (site / "_config.yml").write_text(
        "title: Test 2024\nurl: https://example.org\nbaseurl: /t\ncollections:\n  contents:\n    output: true\n"
    )
    for name, text in GOOD.items():
        (contents / name).write_text(text)
    (contents / "binary.md").write_bytes(bytes(range(256)) * 8)
    (contents / "bomb.md").write_text(
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\ntitle: boom\n---\nbody\n"
    )
    marker = tmp_path / "PWNED"
    (contents / "tag.md").write_text(
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nbody\n"
    )
    (contents / "huge.md").write_text("---\ntitle: Huge\n---\n\n## Readings\n\n" + "- [x](https://e.org)\n" * 300_000)
    (tmp_path / "course.toml").write_text(CONFIG)
    return tmp_path


def run(project: Path, *args: str, db: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COURSEBOT_DB", "DISCORD_TOKEN", "SLACK_BOT_TOKEN"}}
    env["XDG_CACHE_HOME"] = str(project / "cache-home")
    extra = ["--config", str(project / "course.toml")]
    if db:
        extra += ["--db", str(project / "cache.sqlite3")]
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args, *extra], cwd=PROJECT, env=env, capture_output=True, text=True,
        timeout=120,
    )


def ok_json(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    # one line for the failure (a site with bad files also gets the read commands' warning: test_stale_answers_cli)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("coursebot: warning: ")]
    assert len(lines) == 1 and lines[0].startswith("coursebot: ") and result.stderr.endswith("\n")
    for needle in needles:
        assert needle in result.stderr


def test_sessions_json_serves_every_good_post(project: Path) -> None:
    doc = ok_json(run(project, "sessions", "--json"))
    sessions = doc["sessions"]
    assert [s["slug"] for s in sessions] == ["S0-L01", "S0-L02", "S0-L03"]
    first = sessions[0]
    assert set(first) >= {"file", "slug", "title", "lecture", "roles", "tags", "date", "url", "readings"}
    assert first["file"] == "_contents/S0-L01.md" and first["date"] == "2024-01-16"
    assert first["roles"] == {"notes": "team-1", "video": "team-2"} and first["tags"] == ["Basic"]
    assert first["url"].startswith("https://example.org/t/")
    assert first["readings"][0] == {
        "section": "Required Readings", "required": True, "title": "Attention Is All You Need",
        "urls": ["https://arxiv.org/abs/1706.03762"], "abstract": first["readings"][0]["abstract"],
    }
    assert first["readings"][1]["required"] is False
    assert not (project / "PWNED").exists()  # the YAML tag constructed nothing and ran nothing


def test_sync_reports_bad_files_and_is_incremental(project: Path) -> None:
    first = run(project, "sync")
    assert first.returncode == 0, first.stderr
    assert "3 parsed" in first.stdout and "4 failed" in first.stdout
    for name in ("binary.md", "bomb.md", "tag.md", "huge.md"):
        assert f"_contents/{name}:" in first.stdout and ": error: " in first.stdout
    again = ok_json(run(project, "sync", "--json"))
    assert (again["parsed"], again["unchanged"], again["failed"]) == (0, 7, 0)
    assert len([p for p in again["problems"] if ": error: " in p]) >= 4


def test_readings_by_slug_lecture_and_unknown(project: Path) -> None:
    one = ok_json(run(project, "readings", "S0-L03", "--json"))
    assert [s["slug"] for s in one["sessions"]] == ["S0-L03"]
    assert one["sessions"][0]["readings"][0]["title"] == "HarmBench evaluation"
    table = run(project, "readings", "harmful")
    assert table.returncode == 0 and "HarmBench evaluation" in table.stdout
    assert_clean_failure(run(project, "readings", "quantum chromodynamics"), 2, "no session matches", "none comes close")


def test_an_ambiguous_query_lists_the_candidates_and_exits_2(project: Path) -> None:
    several = run(project, "readings", "l-intro")
    assert several.returncode == 2 and several.stdout == ""
    assert several.stderr.splitlines() == [
        "coursebot: warning: 4 files of the site could not be read (what is shown for them is their last good "
        "version, if any); run `coursebot check`",
        "coursebot: 'l-intro' matches 2 sessions; ask again with one slug:",
        "  Tue 16 Jan 14:00  S0-L01  Introduction",
        "  Thu 18 Jan 14:00  S0-L02  Alignment survey",
    ]
    doc = json.loads((as_json := run(project, "readings", "l-intro", "--json")).stdout)
    assert as_json.returncode == 2
    assert doc == {"query": "l-intro", "candidates": [
        {"date": "2024-01-16", "slug": "S0-L01", "title": "Introduction"},
        {"date": "2024-01-18", "slug": "S0-L02", "title": "Alignment survey"},
    ]}
    team = run(project, "team", "notes", "--session", "l-intro")
    assert team.returncode == 2 and "S0-L02  Alignment survey" in team.stderr


def test_no_match_suggests_relevant_sessions_by_title(project: Path) -> None:
    typo = run(project, "readings", "L3")
    assert_clean_failure(typo, 2, "did you mean: S0-L03 (Harmful outputs)?")
    assert "S0-L01" not in typo.stderr and "S0-L02" not in typo.stderr  # only the relevant one


def test_piped_tables_are_plain_text_with_whole_urls(project: Path) -> None:
    long_url = "https://example.org/" + "a-very-long-path-segment/" * 6
    post = project / "site" / "_contents" / "S0-L01.md"
    post.write_text(post.read_text() + f"\n### A reading with a long link\n  + {long_url}\n")
    result = run(project, "readings", "S0-L01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "S0-L01 · Introduction · Tue 16 Jan 14:00"
    assert "\tsection\ttitle\tlinks" in lines
    assert any(line.endswith("\t" + long_url) for line in lines)  # whole, on the row's line
    assert not any(ch in result.stdout for ch in "┏━│└")  # no box drawing in a pipe
    schedule = run(project, "schedule", "--today", "2024-01-01")
    assert schedule.stdout.splitlines()[1].split("\t") == ["when", "slug", "title", "Blog team", "Reading team", "page"]


@pytest.mark.parametrize("command", ["readings", "sessions", "schedule", "search", "sync", "team", "digest"])
def test_help_shows_flags_as_flags(command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "bot.cli", command, "--help"], cwd=PROJECT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "<bool>" not in result.stdout
    assert "--json " in result.stdout and "--help " in result.stdout


def test_team_by_label_and_session(project: Path) -> None:
    doc = ok_json(run(project, "team", "Blog team", "--today", "2024-01-17", "--json"))
    assert doc["role"] == "notes"
    assert [(s["slug"], s["team"]) for s in doc["sessions"]] == [("S0-L02", "team-2"), ("S0-L03", "team-1")]
    assert doc["sessions"][1]["members"] == ["Ada Lovelace", "Alan Turing"]
    one = ok_json(run(project, "team", "video", "--session", "S0-L01", "--json"))
    assert [(s["slug"], s["team"], s["members"]) for s in one["sessions"]] == [("S0-L01", "team-2", ["Grace Hopper"])]
    table = run(project, "team", "notes", "--today", "2024-01-01")
    assert table.returncode == 0 and "Ada Lovelace" in table.stdout
    assert_clean_failure(run(project, "team", "scribes"), 2, "unknown role", "notes (Blog team)")
    assert_clean_failure(run(project, "team", "notes", "--session", "zzzz qqqq"), 2, "no session matches")
    assert_clean_failure(run(project, "team", "notes", "--today", "yesterday"), 2, "--today")


def test_schedule_and_search(project: Path) -> None:
    doc = ok_json(run(project, "schedule", "--today", "2024-01-18", "--json"))
    assert [s["slug"] for s in doc["sessions"]] == ["S0-L02", "S0-L03"]
    assert doc["sessions"][0]["start"] == "2024-01-18T14:00:00-05:00"
    # one name for "pretend it is then" across commands: --now takes a day or a moment, as run and digest do
    during = ok_json(run(project, "schedule", "--now", "2024-01-18T15:00", "--json"))  # S0-L02 ends 15:15
    after = ok_json(run(project, "schedule", "--now", "2024-01-18T15:30", "--json"))
    assert [s["slug"] for s in during["sessions"]] == ["S0-L02", "S0-L03"]
    assert [s["slug"] for s in after["sessions"]] == ["S0-L03"]
    hits = ok_json(run(project, "search", "transformer", "--json"))["hits"]
    assert [(h["slug"], h["reading"]["title"]) for h in hits] == [("S0-L01", "Attention Is All You Need")]
    for hostile in ('AND (', 'foo"', "*", "NEAR("):
        result = run(project, "search", hostile)
        assert result.returncode == 0 and "Traceback" not in result.stderr


def test_check_lists_problems_and_exits_1(project: Path) -> None:
    result = run(project, "check", db=False)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(": error: " in line or ": warning: " in line for line in lines)
    for name in ("binary.md", "bomb.md", "tag.md", "huge.md"):
        assert any(line.startswith(f"_contents/{name}:") and ": error: " in line for line in lines)
    for name in ("binary.md", "bomb.md", "tag.md", "huge.md"):
        (project / "site" / "_contents" / name).unlink()
    clean = run(project, "check", db=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_default_cache_is_per_site_in_user_cache_dir(project: Path) -> None:
    result = run(project, "sync", db=False)
    assert result.returncode == 0, result.stderr
    caches = list((project / "cache-home" / "coursebot").glob("site-*.sqlite3"))
    assert len(caches) == 1


def test_bad_inputs_fail_cleanly(project: Path, tmp_path: Path) -> None:
    assert_clean_failure(run(project, "sessions", "--site", str(tmp_path / "nowhere")), 2, "not found")
    (tmp_path / "a-file").write_text("x")  # a site path that is a file is named so, not "not found"
    assert_clean_failure(run(project, "sessions", "--site", str(tmp_path / "a-file")), 2, "is a file, not a folder")
    (project / "course.toml").write_text("[course\nname = 1")
    assert_clean_failure(run(project, "sessions"), 2, "course.toml", "TOML")
    (project / "course.toml").write_text('[course]\ntimezone = "Mars/Olympus"\n')
    assert_clean_failure(run(project, "sessions"), 2, "course.timezone", "Mars/Olympus")
    (project / "course.toml").write_text(CONFIG)
    (project / "cache.sqlite3").write_bytes(b"not a database" * 200)
    assert_clean_failure(run(project, "sessions"), 2, "cache.sqlite3")
