"""The parser against the gold labels (skips without the corpus); bench/accuracy.py prints the figures."""

import importlib.util
import sys
from pathlib import Path

import pytest

ACCURACY = Path(__file__).resolve().parents[2] / "bench" / "accuracy.py"


@pytest.fixture(scope="module")
def accuracy():
    spec = importlib.util.spec_from_file_location("bench_accuracy", ACCURACY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["2024sp-GenAI-Risk-Benefits", "2024sp-GenAI-Risk-Benefits@06463c0"])
def test_snapshot_meets_targets(corpus_dir, accuracy, name):
    score = accuracy.score_snapshot(corpus_dir, name)
    assert score.f1 >= 0.98, score.mismatches
    assert score.rate(score.urls_exact) >= 0.98, score.mismatches
    assert score.rate(score.required_right) >= 0.98, score.mismatches
    assert score.fields_all_right, score.mismatches


def test_history_versions_parse_without_errors(corpus_dir, accuracy):
    lines, errors = accuracy.check_history(corpus_dir)
    assert errors == [] and len(lines) == 20


def test_seed_post_readings(corpus_dir):
    from bot.course.posts import parse_post

    seed = next((corpus_dir.parent / "seed").glob("*"))
    session = parse_post("_contents/S0-L11.md", seed.read_bytes(), collection="_contents").session
    assert session is not None and session.lecture == "S0-Intro"
    assert session.roles == {"notes": "team-3", "video": "team-1"}
    required = [r.title for r in session.readings if r.required]
    assert required[0].startswith("Fine-tuning Aligned Language Models")
