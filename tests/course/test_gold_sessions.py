"""Session fields and session choice against every visible gold set, scored by the scorer the unseen
sites are scored with (../shared/tools/score_gold.py). Skips without the corpus.

Targets (issue 8): title, lecture, roles, tags and date >= 0.95 on every set, no session returned that is
not in the gold (announcements, calendars, homework posts), none missing. Readings are the readings
helper's (bench/accuracy.py, tests/course/test_gold.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.course.load import load_site

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SCORER = CORPUS.parent / "tools" / "score_gold.py"
GOLD_SETS = sorted(p.stem for p in (CORPUS / "gold").glob("*.json")) if (CORPUS / "gold").is_dir() else []
FIELD_LINE = re.compile(r"^post fields: (.*)$", re.MULTILINE)


def score(corpus: Path, name: str, tmp_path: Path, config=None) -> tuple[dict[str, float], str]:
    """Run the scorer on what load_site gives for one set: per-field rates and the whole output."""
    loaded = load_site(corpus / name, config)
    predicted = tmp_path / f"{name}.json"
    predicted.write_text(json.dumps({"sessions": [s.to_json() for s in loaded.sessions]}), encoding="utf-8")
    if not SCORER.is_file():
        pytest.skip(f"scorer not found at {SCORER}")
    run = subprocess.run(
        [sys.executable, str(SCORER), str(corpus / "gold" / f"{name}.json"), str(predicted)],
        capture_output=True, text=True, check=False,
    )
    match = FIELD_LINE.search(run.stdout)
    assert match, run.stdout + run.stderr
    rates = {}
    for part in match.group(1).split(", "):
        key, ratio = part.split()
        right, total = ratio.split("/")
        rates[key] = int(right) / int(total) if int(total) else 0.0
    return rates, run.stdout


@pytest.mark.parametrize("name", GOLD_SETS)
def test_session_fields_and_no_extra_sessions(corpus_dir, name, tmp_path):
    rates, output = score(corpus_dir, name, tmp_path)
    assert "missing sessions" not in output, output
    assert "extra sessions" not in output, output
    assert "extra_sessions=0" in output, output
    for key, rate in rates.items():
        assert rate >= 0.95, f"{name}: {key} {rate:.3f}\n{output}"


def test_every_gold_set_is_checked(corpus_dir):
    assert len(GOLD_SETS) >= 7
