"""Reading and parsing files for a sync: worker processes give the same result as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import scan as scan_module
from bot.store.scan import FileSpec, Known, content_hash, plan_workers, scan


def _site(root: Path, count: int) -> list[FileSpec]:
    (root / "_contents").mkdir(parents=True)
    specs = []
    for i in range(count):
        body = f"---\ntitle: Session {i}\nnotes: team-{i % 3}\n---\n\n## Readings\n\n- [Paper {i}](https://e.org/{i})\n"
        (root / "_contents" / f"S{i:03d}.md").write_text(body)
        specs.append(FileSpec(f"_contents/S{i:03d}.md", "_contents", None))
    (root / "_contents" / "bad.md").write_bytes(b"---\ntitle: [\n---\n")
    specs.append(FileSpec("_contents/bad.md", "_contents", None))
    specs.append(FileSpec("_contents/missing.md", "_contents", None))
    return specs


def test_worker_processes_match_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = _site(tmp_path, 12)
    monkeypatch.setattr(scan_module, "_CHUNK", 4)
    alone = scan(tmp_path, specs, {}, ["notes"], workers=1)
    pooled = scan(tmp_path, specs, {}, ["notes"], workers=2)
    assert [(s.file, s.state, s.content_hash, s.session, s.problems) for s in pooled] == [
        (s.file, s.state, s.content_hash, s.session, s.problems) for s in alone
    ]
    states = {s.file: s.state for s in alone}
    assert states["_contents/bad.md"] == "failed" and states["_contents/missing.md"] == "failed"
    assert sum(s.state == "parsed" for s in alone) == 12


def test_known_hash_means_unchanged(tmp_path: Path) -> None:
    specs = _site(tmp_path, 2)[:2]
    data = (tmp_path / specs[0].file).read_bytes()
    known = {specs[0].file: Known(content_hash(data), None), specs[1].file: Known("other", None)}
    first, second = scan(tmp_path, specs, known, ["notes"])
    assert first.state == "unchanged" and second.state == "parsed"
    forced = scan(tmp_path, specs, known, ["notes"], force=True)
    assert [s.state for s in forced] == ["parsed", "parsed"]


def test_workers_only_where_they_help() -> None:
    # an idle 2-core machine (load 1: this process), 10 s of parsing: two workers
    assert plan_workers(10.0, cpus=2, load=1.0) == 2
    # a busy machine: one process, however much there is to parse
    assert plan_workers(10.0, cpus=2, load=2.5) == 1
    assert plan_workers(100.0, cpus=2, load=1.9) == 1
    # little to parse: starting workers costs more than it saves
    assert plan_workers(0.8, cpus=2, load=0.2) == 1
    assert plan_workers(30.0, cpus=8, load=3.0) == 6


def test_measured_policy_parses_everything_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = _site(tmp_path, 20)
    monkeypatch.delenv("COURSEBOT_SYNC_WORKERS", raising=False)
    monkeypatch.setattr(scan_module, "PROBE_FILES", 5)
    monkeypatch.setattr(scan_module, "_load_average", lambda: 9.0)  # busy: the rest is parsed here too
    measured = scan(tmp_path, specs, {}, ["notes"])
    alone = scan(tmp_path, specs, {}, ["notes"], workers=1)
    assert [(s.file, s.state, s.session) for s in measured] == [(s.file, s.state, s.session) for s in alone]
