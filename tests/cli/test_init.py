"""``coursebot init``: the draft it writes (never over a file), what it prints, and, on every visible corpus
site, that the draft used as the configuration scores the same or better than no configuration."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import load_config
from bot.course.inspect import draft_config, draft_path, inspect_load
from bot.course.load import load_site

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT.parent / "shared" / "corpus"
SCORER = CORPUS.parent / "tools" / "score_gold.py"
GOLD_SETS = sorted(p.stem for p in (CORPUS / "gold").glob("*.json")) if (CORPUS / "gold").is_dir() else []
SUMMARY = re.compile(r"F1=([\d.]+) P=[\d.]+ R=[\d.]+ url=([\d.]+) req=([\d.]+) post=([\d.]+) extra_sessions=(\d+)")


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COURSEBOT_DB"}
    env["XDG_CACHE_HOME"] = str(cwd / "cache-home")
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


SITE = {
    "_config.yml": "title: Seminar, Autumn 2022\ncollections:\n  syllabus: {}\n  announcements: {}\n",
    "_syllabus/1-intro.md": "---\ntitle: Intro\nday: Wednesday, September 28\npresenter: Ann\n---\n"
                            "## Reading\n- [A](https://a.org)\n",
    "_syllabus/2-next.md": "---\ntitle: Next\n---\nNothing to read.\n",
    "_announcements/week1.md": "---\ntitle: Week 1 news\ndate: 2022-09-26\n---\nWelcome.\n",
}


def test_init_writes_a_draft_never_over_a_file_and_reports_gaps(tmp_path):
    site = write(tmp_path / "site", SITE)
    work = tmp_path / "work"
    work.mkdir()
    first = run(work, "init", "--site", str(site))
    assert first.returncode == 0, first.stderr
    draft = (work / "course.toml").read_text(encoding="utf-8")
    assert 'collections = ["syllabus"]' in draft and "year = 2022" in draft
    assert "presenter = " in draft and "not sessions: 1 document: collection announcements" in draft
    out = first.stdout
    assert "2022-09-28" in out and "presenter: Ann" in out
    assert "no date (1): 2-next" in out and "no readings (1): 2-next" in out
    second = run(work, "init", "--site", str(site))
    assert second.returncode == 0 and (work / "course.draft.toml").is_file()
    assert (work / "course.toml").read_text(encoding="utf-8") == draft  # untouched
    taken = run(work, "init", "--site", str(site), "--output", str(work / "course.toml"))
    assert taken.returncode == 2 and "already exists; not written over" in taken.stderr
    as_json = json.loads(run(work, "init", "--site", str(site), "--json").stdout)
    assert as_json["without_date"] == ["2-next"] and as_json["draft"].endswith("course.draft-2.toml")
    assert as_json["not_sessions"] == {"_announcements/week1.md": "collection announcements holds no class sessions "
                                                                   "(by its name)"}
    # the draft is a valid configuration for the site
    config = load_config(work / "course.toml")
    assert [s.slug for s in load_site(config.site_path, config).sessions] == ["1-intro", "2-next"]


def test_init_names_the_files_it_could_not_read(tmp_path):
    """A post with broken front matter is no session in init's table: init says which files had an error and
    what, instead of a table that looks complete; --json lists them too."""
    broken = {**SITE, "_syllabus/3-broken.md": "---\ntitle: [unclosed\n---\n## Reading\n- [B](https://b.org)\n",
              "_syllabus/4-list.md": "---\n- a\n- b\n---\n"}
    site = write(tmp_path / "site", broken)
    work = tmp_path / "work"
    work.mkdir()
    result = run(work, "init", "--site", str(site))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "errors (2; files with an error are not in the table" in out and "coursebot check --site" in out
    assert "_syllabus/3-broken.md:2: error: bad YAML" in out
    assert "_syllabus/4-list.md:2: error: front matter is a list" in out
    assert "3-broken" not in out.split("errors (")[0]  # not a session of the table
    as_json = json.loads(run(work, "init", "--site", str(site), "--json").stdout)
    assert [e.split(":")[0] for e in as_json["errors"]] == ["_syllabus/3-broken.md", "_syllabus/4-list.md"]
    clean = run(work, "init", "--site", str(write(tmp_path / "clean", SITE)))
    assert "errors (" not in clean.stdout


def test_missing_site_is_one_clear_line(tmp_path):
    result = run(tmp_path, "init", "--site", str(tmp_path / "nope"))
    assert result.returncode == 2 and "not found" in result.stderr and not (tmp_path / "course.toml").exists()


def test_draft_path_picks_the_first_free_name(tmp_path):
    assert draft_path(tmp_path) == tmp_path / "course.toml"
    (tmp_path / "course.toml").write_text("x")
    (tmp_path / "course.draft.toml").write_text("x")
    assert draft_path(tmp_path) == tmp_path / "course.draft-2.toml"


def score(name: str, sessions: list, tmp_path: Path, tag: str) -> tuple[float, ...]:
    predicted = tmp_path / f"{tag}.json"
    predicted.write_text(json.dumps({"sessions": [s.to_json() for s in sessions]}), encoding="utf-8")
    run_ = subprocess.run([sys.executable, str(SCORER), str(CORPUS / "gold" / f"{name}.json"), str(predicted)],
                          capture_output=True, text=True, check=False)
    match = SUMMARY.search(run_.stdout)
    assert match, run_.stdout + run_.stderr
    f1, url, req, post, extra = match.groups()
    return float(f1), float(url), float(req), float(post), -int(extra)


@pytest.mark.parametrize("name", GOLD_SETS)
def test_the_draft_as_configuration_scores_the_same_or_better(corpus_dir, name, tmp_path):
    if not SCORER.is_file():
        pytest.skip("scorer not found")
    bare = load_site(corpus_dir / name)
    draft = tmp_path / "course.toml"
    draft.write_text(draft_config(inspect_load(bare)), encoding="utf-8")
    config = load_config(draft)
    configured = load_site(config.site_path, config)
    before, after = score(name, bare.sessions, tmp_path, "bare"), score(name, configured.sessions, tmp_path, "draft")
    assert all(a >= b for a, b in zip(after, before)), (before, after)


def test_draft_takes_the_site_timezone_and_lists_team_values_to_configure(tmp_path):
    site = write(tmp_path / "site", {
        "_config.yml": "title: Seminar 2025\ntimezone: America/Chicago\ncollections:\n  lectures: {}\n",
        **{f"_lectures/{n:02d}.md": f"---\ntitle: L{n}\ndate: 2025-01-{n + 10:02d}\n"
                                     f"notes: team-{n % 3 + 1}, team-10\n---\n- [A](https://a.org/{n}.pdf)\n"
           for n in range(1, 7)},
    })
    found = inspect_load(load_site(site))
    draft = draft_config(found)
    assert 'timezone = "America/Chicago"' in draft
    assert "seen: team-10 (6), team-1 (2), team-2 (2), team-3 (2)" in draft  # most used first, team-2 before team-10
    assert '# id = "team-10"' in draft and "# [schedule]" in draft and "# channel_id = " in draft
    (tmp_path / "course.toml").write_text(draft, encoding="utf-8")
    config = load_config(tmp_path / "course.toml")  # commented templates keep the draft a valid configuration
    assert config.course.timezone == "America/Chicago" and config.teams == []


def test_an_unknown_site_timezone_is_not_copied_into_the_draft(tmp_path):
    site = write(tmp_path / "site", {"_config.yml": "timezone: Mars/Olympus\n", "a.md": "---\ntitle: A\n---\n"})
    draft = draft_config(inspect_load(load_site(site)))
    assert "Mars" not in draft and 'timezone = "America/New_York"' in draft


def test_the_report_lists_sessions_in_date_order_and_names_a_shared_date_source_once(tmp_path):
    site = write(tmp_path / "site", {
        "_config.yml": "title: Seminar\ncollections:\n  lectures: {output: true}\n",
        "_lectures/10-late.md": "---\ntitle: Late\ndate: 2022-09-07\n---\n",
        "_lectures/2-early.md": "---\ntitle: Early\ndate: 2022-09-05\n---\n",
        "_lectures/1-middle.md": "---\ntitle: Middle\ndate: 2022-09-06\n---\n",
    })
    (tmp_path / "work").mkdir()
    out = run(tmp_path / "work", "init", "--site", str(site)).stdout
    assert out.count("front matter date:") == 1 and "dates: every session's date comes from" in out
    assert "date from" not in out  # no column repeating it on every row
    rows = [line.split("│")[2].strip() for line in out.splitlines() if line.startswith("│")]
    assert rows == ["2-early", "1-middle", "10-late"]


def test_a_day_given_with_its_year_in_a_date_range_is_not_reported_as_a_day_without_a_year(tmp_path):
    from bot.course.inspect import date_source
    from bot.course.load import load_site

    site = write(tmp_path / "site", {
        "_config.yml": "title: Seminar Fall 2022\ncollections:\n  lectures: {output: true}\n",
        "_lectures/a.md": '---\ntitle: Workshop\ndate: "September 19-20, 2024"\n---\n',
        "_lectures/b.md": '---\ntitle: Talk\nwhen: "Thu, Sept 8 @ 4pm"\n---\n',
    })
    loaded = load_site(site)
    sources = {s.slug: date_source(s, loaded) for s in loaded.sessions}
    assert sources == {"a": "front matter date:", "b": "front matter when: without a year (year from _config.yml title)"}
    assert [str(s.date) for s in loaded.sessions] == ["2024-09-19", "2022-09-08"]


def test_the_draft_says_what_year_a_day_without_one_gets_in_an_academic_year(tmp_path):
    """A site naming an academic year ("2020-21", bot.course.term): the draft's year is its first, and its
    comments say that a day written without a year falls in that year from August on and in the next before,
    which is what the draft, used as the configuration, does."""
    files = {"_lectures/a.md": "---\ntitle: A\nday: September 14\n---\n",
             "_lectures/b.md": "---\ntitle: B\nday: January 18\n---\n"}
    site = write(tmp_path / "site", {"_config.yml": "title: Seminar 2020-21\ncollections:\n  lectures: {}\n", **files})
    draft = draft_config(inspect_load(load_site(site)))
    assert "\nyear = 2020 " in draft
    assert ("#   the site names the academic year 2020-21: a day written without a year falls in 2020 from August to "
            "December, in 2021 from January to July\n") in draft
    (tmp_path / "course.toml").write_text(draft, encoding="utf-8")
    config = load_config(tmp_path / "course.toml")
    assert [str(s.date) for s in load_site(config.site_path, config).sessions] == ["2020-09-14", "2021-01-18"]
    plain = write(tmp_path / "plain", {"_config.yml": "title: Seminar 2020\ncollections:\n  lectures: {}\n", **files})
    draft = draft_config(inspect_load(load_site(plain)))
    assert "\nyear = 2020 " in draft and "academic year" not in draft  # one year: no such note
