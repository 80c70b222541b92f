"""Shared fixtures. Corpus tests read ../shared/corpus and skip, saying why, where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Under faketime (libfaketime preloaded: `faketime -f "@2031-01-15 12:00:00" ...`), a child process would start its
# fake clock again at that moment, minutes behind the test that spawned it; a heartbeat or a file time written
# by one process and read by the other would then compare two clocks. Children keep the parent's clock running.
if "faketime" in os.environ.get("LD_PRELOAD", ""):
    os.environ.setdefault("FAKETIME_DONT_RESET", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
EXAMPLE_SITE = PROJECT_ROOT / "posts"
EXAMPLE_CONFIG = PROJECT_ROOT / "config" / "course.toml"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "gold").is_dir():
        pytest.skip(f"course corpus not found at {CORPUS} (it lives in ../shared/corpus beside the project)")
    return CORPUS
