"""Shared fixtures. Corpus tests read ../shared/corpus and skip, saying why, where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
EXAMPLE_SITE = PROJECT_ROOT / "posts"
EXAMPLE_CONFIG = PROJECT_ROOT / "config" / "course.toml"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "gold").is_dir():
        pytest.skip(f"course corpus not found at {CORPUS} (it lives in ../shared/corpus beside the project)")
    return CORPUS
