"""Parser accuracy against the hand-made gold labels of ../shared/corpus/gold.

    .venv/bin/python bench/accuracy.py [CORPUS_DIR]

Prints, per snapshot and overall: readings precision / recall / F1 (readings matched by normalised title
within a post), URL sets exact for matched readings, `required` right, `section` right, per-field session
accuracy (title, lecture, roles, tags, date) with every mismatch, and whether every history version of
the seed post parses without errors. tests/course/test_gold.py asserts the same thresholds.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bot.course.load import load_site  # noqa: E402
from bot.course.posts import parse_post  # noqa: E402

DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus"
SESSION_FIELDS = ("title", "lecture", "roles", "tags", "date")
THRESHOLDS = {"f1": 0.98, "urls": 0.98, "required": 0.98}


def normalise_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


@dataclass
class Score:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    urls_exact: int = 0
    required_right: int = 0
    section_right: int = 0
    field_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SESSION_FIELDS, 0))
    sessions: int = 0
    mismatches: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("true_pos", "false_pos", "false_neg", "urls_exact", "required_right", "section_right", "sessions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key in SESSION_FIELDS:
            self.field_right[key] += other.field_right[key]
        self.mismatches.extend(other.mismatches)

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def rate(self, count: int) -> float:
        return count / self.true_pos if self.true_pos else 1.0

    @property
    def fields_all_right(self) -> bool:
        return all(v == self.sessions for v in self.field_right.values())


def score_snapshot(corpus: Path, name: str) -> Score:
    """Compare load_site on ``corpus/name`` with ``corpus/gold/name.json``."""
    gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    load = load_site(corpus / name)
    ours = {s.file: s.to_json() for s in load.sessions}
    score = Score()
    for post in gold["posts"]:
        score.sessions += 1
        got = ours.get(post["file"])
        if got is None:
            score.mismatches.append(f"{name}: {post['file']}: no session parsed")
            score.false_neg += len(post["readings"])
            continue
        for key in SESSION_FIELDS:
            if got[key] == post[key]:
                score.field_right[key] += 1
            else:
                score.mismatches.append(f"{name}: {post['file']}: {key}: got {got[key]!r}, gold {post[key]!r}")
        _score_readings(name, post["file"], got["readings"], post["readings"], score)
    return score


def _score_readings(name: str, file: str, got: list[dict[str, Any]], want: list[dict[str, Any]], score: Score) -> None:
    ours = {normalise_title(r["title"]): r for r in got}
    theirs = {normalise_title(r["title"]): r for r in want}
    for key, reading in ours.items():
        if key not in theirs:
            score.false_pos += 1
            score.mismatches.append(f"{name}: {file}: extra reading {reading['title']!r}")
    for key, reading in theirs.items():
        if key not in ours:
            score.false_neg += 1
            score.mismatches.append(f"{name}: {file}: missed reading {reading['title']!r}")
            continue
        mine = ours[key]
        score.true_pos += 1
        for attr, counter in (("urls", "urls_exact"), ("required", "required_right"), ("section", "section_right")):
            if mine[attr] == reading[attr]:
                setattr(score, counter, getattr(score, counter) + 1)
            else:
                score.mismatches.append(
                    f"{name}: {file}: {reading['title'][:50]!r}: {attr}: got {mine[attr]!r}, gold {reading[attr]!r}"
                )


def check_history(corpus: Path) -> tuple[list[str], list[str]]:
    """Parse every stored version of the seed post; returns (one summary line per version, errors).
    The first versions are drafts without readings, so only errors count against the parser."""
    errors: list[str] = []
    lines: list[str] = []
    for path in sorted((corpus / "2024sp-GenAI-Risk-Benefits.history").rglob("*.md")):
        parsed = parse_post(path.name, path.read_bytes(), collection="_contents")
        if parsed.session is None or any(p.severity == "error" for p in parsed.problems):
            errors.append(f"{path.name}: " + "; ".join(str(p) for p in parsed.problems))
            continue
        session = parsed.session
        required = sum(r.required for r in session.readings)
        lines.append(
            f"{path.name}: {len(session.readings)} readings ({required} required), roles {session.roles}"
        )
    return lines, errors


def snapshots(corpus: Path) -> list[str]:
    return sorted(p.stem for p in (corpus / "gold").glob("*.json"))


def report(label: str, score: Score) -> None:
    print(f"== {label}")
    print(
        f"   readings: precision {score.precision:.4f}  recall {score.recall:.4f}  F1 {score.f1:.4f}"
        f"  (matched {score.true_pos}, extra {score.false_pos}, missed {score.false_neg})"
    )
    print(
        f"   matched readings: URLs exact {score.rate(score.urls_exact):.2%}  required right "
        f"{score.rate(score.required_right):.2%}  section right {score.rate(score.section_right):.2%}"
    )
    fields = "  ".join(f"{k} {v}/{score.sessions}" for k, v in score.field_right.items())
    print(f"   sessions: {fields}")


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    if not (corpus / "gold").is_dir():
        print(f"no gold labels under {corpus}", file=sys.stderr)
        return 2
    total = Score()
    for name in snapshots(corpus):
        score = score_snapshot(corpus, name)
        report(name, score)
        total.add(score)
    report("overall", total)
    for line in total.mismatches:
        print(f"   MISMATCH {line}")
    lines, errors = check_history(corpus)
    print(f"== history: {len(lines)}/{len(lines) + len(errors)} versions of S0-L11 parse without errors")
    for line in lines:
        print(f"   {line}")
    for line in errors:
        print(f"   ERROR {line}")
    ok = (
        total.f1 >= THRESHOLDS["f1"]
        and total.rate(total.urls_exact) >= THRESHOLDS["urls"]
        and total.rate(total.required_right) >= THRESHOLDS["required"]
        and total.fields_all_right
        and not errors
    )
    print("== targets met" if ok else "== targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
