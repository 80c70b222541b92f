"""Second round of attacks (issue 9): hostile sites and configurations through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_hostile_files_cli import project, run, slugs  # noqa: F401 - the fixture is used by name


def test_worst_case_markdown_is_refused_at_its_line_and_the_rest_served(project: Path) -> None:  # noqa: F811
    """issue 9 point 7: a megabyte of ``[`` cost 12 s of CPU (quadratic link-label search) and passed
    ``check`` with no word; a home page of ``![`` cost seconds on every sync. Now each is bounded by the
    work budget (bot/course/budget.py) and named at its line; the other posts are served."""
    site = project / "site"
    (site / "_contents" / "S0-L02.md").write_text("---\ntitle: Worst\n---\nintro\n\n" + "[" * 999_000)
    (site / "index.md").write_text("![" * 100_000)
    sync = run(project, "sync", timeout=120)
    assert sync.returncode == 0, sync.stderr
    assert "_contents/S0-L02.md:6: error: markdown too costly to read" in sync.stdout
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]
    found = run(project, "search", "Attention", "--json")
    assert [h["slug"] for h in json.loads(found.stdout)["hits"]] == ["S0-L01"]
    check = run(project, "check", timeout=120)
    assert check.returncode == 1
    assert "_contents/S0-L02.md:6: error: markdown too costly to read" in check.stdout
    assert "index.md:1: warning: page too costly to read as markdown" in check.stdout
    assert "Traceback" not in check.stdout + check.stderr
