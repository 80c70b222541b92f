"""A site with no ``[roles]`` configured: the roles are the front matter keys its sessions use, in the
tables, ``team``, digests and reminders; a configured ``[roles]`` is kept as it is."""

from __future__ import annotations

import json
from pathlib import Path

from bot.config import CourseConfig
from tests.cli.test_posting_cli import coursebot

SITE = {
    "_config.yml": "title: Systems Seminar 2029\ncollections:\n  lectures:\n    output: true\n",
    "_lectures/01-intro.md": "---\ntitle: Introduction\ndate: 2029-03-06\npresented_by: Ada Lovelace\n---\n"
                             "## Readings\n- [The UNIX Time-Sharing System](https://example.org/unix.pdf)\n",
    "_lectures/02-fs.md": "---\ntitle: File systems\ndate: 2029-03-08\npresented_by: Alan Turing\n"
                          "scribe: Grace Hopper\n---\n## Readings\n- [A Fast File System](https://example.org/ffs.pdf)\n",
}


def make_site(root: Path) -> Path:
    for name, text in SITE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_roles_come_from_the_site_when_none_are_configured(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    db = str(tmp_path / "c.sqlite3")
    listed = coursebot(tmp_path, "sessions", "--site", str(site), "--db", db)
    assert listed.returncode == 0, listed.stderr
    header = listed.stdout.splitlines()[1]
    assert "Presented by" in header and "Scribe" in header and "Blog team" not in header
    team = coursebot(tmp_path, "team", "presented_by", "--site", str(site), "--db", db, "--today", "2029-03-01",
                     "--json")
    assert team.returncode == 0, team.stderr
    assert [s["team"] for s in json.loads(team.stdout)["sessions"]] == ["Ada Lovelace", "Alan Turing"]
    by_label = coursebot(tmp_path, "team", "scribe", "--site", str(site), "--db", db, "--today", "2029-03-01")
    assert by_label.returncode == 0 and "Grace Hopper" in by_label.stdout
    digest = coursebot(tmp_path, "digest", "--site", str(site), "--db", db, "--at", "2029-03-04T18:00", "--json")
    assert digest.returncode == 0, digest.stderr
    lines = [line["text"] for section in json.loads(digest.stdout)["sections"] for line in section["lines"]]
    assert any("Presented by" in text and "Ada Lovelace" in text for text in lines), lines


def test_configured_roles_are_kept() -> None:
    configured = CourseConfig.model_validate({"roles": {"notes": "Blog team"}})
    assert configured.with_site_roles(["presented_by", "notes"]).role_names == {"notes": "Blog team"}
    unconfigured = CourseConfig.model_validate({})
    found = unconfigured.with_site_roles(["presented_by", "scribe"])
    assert found.role_names == {"presented_by": "Presented by", "scribe": "Scribe"}
    assert found.roles == unconfigured.roles  # what the parser is told does not change (no re-parse)
