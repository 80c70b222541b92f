"""Hand-written course sites in layouts the visible corpus does not use in exactly that form (tests/course/sites/:
course-template ``_lectures`` + ``_events`` sites (one whose lectures carry only slide links), a reading
group's dated ``_meetings``, lecture-notes pages with Videos / References sections, "Just the Class" weekly modules, ``_posts`` with
categories, ``_lectures`` with front matter reading lists and year-less days, HTML tables and bold labels,
badged paragraphs and link-first citation paragraphs, schedule lines citing author and year without a link,
course-template lectures with ``**Lecture Materials:**`` / ``**R files:**`` labels, lectures numbered by
``week:`` (with ``day: Thursday``) under a ``term_start_date`` in _config.yml, citation headings linking PDFs
through ``{{ site.KEY }}`` settings of _config.yml, a Czech seminar dated in Czech (``6. ledna``, ``23. 9.``, ``7/10``
under ``lang: cs``) in the term year ``podzim 2027`` names),
each with gold labels written by hand to shared/corpus/gold/SPEC.md (``<site>.gold.json``), scored by the
scorer the unseen sites are scored with (../shared/tools/score_gold.py; skips without it). The targets are
the issue's: readings F1, URL sets, required and every session field >= 0.95, no extra session. And, as on
the corpus sites, the ``coursebot init`` draft used as the configuration changes nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.course.load import load_site

SITES = Path(__file__).resolve().parent / "sites"
SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "score_gold.py"
NAMES = sorted(p.name.removesuffix(".gold.json") for p in SITES.glob("*.gold.json"))
SUMMARY = re.compile(r"F1=([\d.]+) P=[\d.]+ R=[\d.]+ url=([\d.]+) req=([\d.]+) post=([\d.]+) extra_sessions=(\d+)")


@pytest.mark.parametrize("name", NAMES)
def test_fixture_site_meets_the_targets(name: str, tmp_path: Path) -> None:
    if not SCORER.is_file():
        pytest.skip(f"scorer not found at {SCORER}")
    loaded = load_site(SITES / name)
    predicted = tmp_path / "predicted.json"
    predicted.write_text(json.dumps({"sessions": [s.to_json() for s in loaded.sessions]}), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCORER), str(SITES / f"{name}.gold.json"), str(predicted), "--show", "40"],
                         capture_output=True, text=True, check=False)
    match = SUMMARY.search(run.stdout)
    assert match, run.stdout + run.stderr
    f1, url, req, post, extra = (float(g) for g in match.groups())
    if "readings: gold 0," in run.stdout:  # a site whose sessions list nothing to read: nothing may be found
        assert "got 0," in run.stdout and post >= 0.95 and extra == 0, run.stdout
    else:
        assert min(f1, url, req, post) >= 0.95 and extra == 0, run.stdout


def test_every_fixture_site_has_gold() -> None:
    assert len(NAMES) >= 5
    for name in NAMES:
        assert (SITES / name / "_config.yml").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_init_draft_as_configuration_changes_nothing_on_a_fixture_site(name: str, tmp_path: Path) -> None:
    from bot.config import load_config
    from bot.course.inspect import draft_config, inspect_load

    bare = load_site(SITES / name)
    draft = tmp_path / "course.toml"
    draft.write_text(draft_config(inspect_load(bare)), encoding="utf-8")
    config = load_config(draft)
    configured = load_site(config.site_path, config)
    assert [s.to_json() for s in configured.sessions] == [s.to_json() for s in bare.sessions]
