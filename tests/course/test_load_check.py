from pathlib import Path

from bot.config import CourseConfig, Team
from bot.course.check import check_site
from bot.course.load import load_site


def write(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_load_and_check_report_every_problem_and_serve_good_posts(tmp_path):
    write(tmp_path, {
        "_config.yml": (
            b"url: https://x.org\nbaseurl: /c\npermalink: pretty\ntitle: 2024 Spring\ncollections:\n  contents: {}\n"
        ),
        "index.html": b'{% assign ddates = "|0118|0123|0125|0130" | split: "|" %}',
        "_contents/a.md": b"---\ntitle: A\nlecture: L1\nnotes: team-1\nvideo: team-1\n---\n## Readings\n### Paper A\n",
        "_contents/b.md": b"---\nlecture: L1\nnotes: team-9\n---\n",
        "_contents/c.md": b"---\ntitle: [bad\n---\n",
        "_contents/d.md": b"\x00\x01binary",
    })
    config = CourseConfig(teams=[Team(id="team-1")])
    load = load_site(tmp_path, config)
    assert [s.slug for s in load.sessions] == ["a", "b"]
    assert load.sessions[0].url == "https://x.org/c/contents/a/"
    assert [str(s.date) for s in load.sessions] == ["2024-01-18", "2024-01-23"]
    assert sorted(load.failed) == ["_contents/c.md", "_contents/d.md"]
    problems = check_site(load, config)
    text = "\n".join(map(str, problems))
    assert "_contents/a.md:8: warning: reading 'Paper A' has no link" in text
    assert "_contents/a.md:1: warning: the same team 'team-1' is on both roles" in text
    assert "duplicate lecture id 'L1' (also in _contents/b.md)" in text
    assert "duplicate lecture id 'L1' (also in _contents/a.md)" in text
    assert "_contents/b.md:1: warning: missing title" in text
    assert "_contents/b.md:3: error: unknown team 'team-9'" in text
    assert "_contents/c.md:2: error: bad YAML" in text
    assert "_contents/d.md:1: error: binary" in text
    assert [(p.file, p.line) for p in problems] == sorted((p.file, p.line) for p in problems)


def test_no_date_warning(tmp_path):
    write(tmp_path, {"w1.md": b"---\ntitle: W1\n---\n"})
    load = load_site(tmp_path)
    problems = check_site(load, CourseConfig())
    assert [str(p) for p in problems] == [
        "w1.md:1: warning: no date (no date: in the post, calendar or schedule page)",
        "w1.md:1: warning: no readings (none found in the front matter or the body)",
    ]


def test_no_readings_warning_only_for_sessions_without_any(tmp_path):
    write(tmp_path, {
        "w1.md": b"---\ntitle: W1\ndate: 2024-01-18\n---\n## Readings\n- [Paper](https://a.org)\n",
        "w2.md": b"---\ntitle: W2\ndate: 2024-01-23\n---\nNo list this week.\n",
    })
    problems = check_site(load_site(tmp_path), CourseConfig())
    assert [str(p) for p in problems] == ["w2.md:1: warning: no readings (none found in the front matter or the body)"]


def test_site_section_in_the_configuration_chooses_the_sessions(tmp_path):
    from bot.config import load_config

    write(tmp_path, {
        "site/_config.yml": b"collections:\n  lectures: {}\n  announcements: {}\n",
        "site/_lectures/l1.md": b"---\ntitle: L1\n---\n",
        "site/_announcements/a1.md": b"---\ntitle: A1\n---\n",
        "course.toml": b'[course]\nsite = "site"\n[site]\ncollections = ["announcements"]\n',
    })
    config = load_config(tmp_path / "course.toml")
    assert config.site.collections == ["announcements"]
    load = load_site(config.site_path, config)
    assert [s.slug for s in load.sessions] == ["a1"]
    assert "not one of [site] collections" in load.skipped["_lectures/l1.md"]


def test_an_unknown_team_points_at_its_front_matter_line() -> None:
    from bot.course.check import key_line

    text = "---\ntitle: X\ndate: 2026-11-10\nNotes : team-9\nvideo: team-1\n---\nnotes: in the body\n"
    assert key_line(text, "notes") == 4 and key_line(text, "video") == 5
    assert key_line(text, "missing") == 1 and key_line("no front matter\nnotes: x\n", "notes") == 1
    assert key_line(None, "notes") == 1


def test_yaml_value_errors_are_reported_at_their_line(tmp_path):
    """issue 9 point 21: a value YAML cannot construct (a date that does not exist) names its own line."""
    write(tmp_path / "bad-config", {"_config.yml": b"title: 2024 Spring\ncollections:\n  contents: {}\nstarts: 2024-13-01\n"})
    config_problems = load_site(tmp_path / "bad-config", CourseConfig()).problems
    # read around (bot.course.lenient_yaml): a warning at the line, the value as written
    assert "_config.yml:4: warning: bad YAML: '2024-13-01': month must be in 1..12; read as starts: '2024-13-01'" in map(
        str, config_problems)
    write(tmp_path, {
        "_config.yml": b"title: 2024 Spring\ncollections:\n  contents: {}\n",
        "_contents/a.md": b"---\ntitle: A\nlecture: L1\ndate: 2024-02-30\n---\nbody\n",
        "_contents/b.md": b"---\ntitle: B\ntags:\n  - one\n  - 2024-02-31\n---\nbody\n",
        "_contents/c.md": b"---\ntitle: C\n---\nbody\n",
    })
    load = load_site(tmp_path, CourseConfig())
    text = "\n".join(map(str, check_site(load, CourseConfig())))
    assert "_contents/a.md:4: warning: front matter: bad YAML: '2024-02-30': day is out of range for month" in text
    assert "_contents/b.md:5: warning: front matter: bad YAML: '2024-02-31'" in text
    # the sessions are kept (bot.course.lenient_yaml): the date that does not exist dates nothing
    assert [s.slug for s in load.sessions] == ["a", "b", "c"] and load.sessions[0].front_date is None
    assert load.sessions[1].tags == ("one", "2024-02-31")


def test_schedule_page_scan_is_bounded_and_cached(tmp_path, monkeypatch):
    """issue 9 point 6: only so many candidate pages and bytes are read, each file's finding is cached
    by its hash, and the tag scan is linear (a megabyte of unclosed assigns is read in one pass)."""
    from bot.course import schedule
    from bot.course.site import open_site

    unit = '{% assign d = "|0118|0123 \n'
    write(tmp_path, {
        "_config.yml": b"title: 2024 Spring\n",
        "index.html": b'{% assign ddates = "|0118|0123|0125" | split: "|" %}',
        "_includes/evil.html": (unit * 40_000 + ' | split: "|" %}').encode(),
        "_includes/longer.html": b"x" * schedule.MAX_FILE_BYTES + b'{% assign e = "|1|2|3|4|5|6" | split: "|" %}',
    })
    for i in range(schedule.MAX_FILES + 5):
        write(tmp_path, {f"_pages/p{i:04d}.html": b"<p>page</p>"})
    schedule._cache.clear()
    site = open_site(tmp_path)
    assert site.schedule_file == "index.html" and site.schedule_dates == ["", "0118", "0123", "0125"]
    assert any("only the first 200 are read" in p.message for p in site.problems)
    decoded = []
    real = schedule.date_lists
    monkeypatch.setattr(schedule, "date_lists", lambda text: decoded.append(1) or real(text))
    assert open_site(tmp_path).schedule_dates == site.schedule_dates
    assert decoded == []  # same bytes: nothing scanned again
