"""Reading and parsing files for a sync: worker processes give the same result as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import scan as scan_module
from bot.store.scan import FileSpec, Known, content_hash, scan


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
    monkeypatch.setattr(scan_module, "PARALLEL_MIN_FILES", 1)
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
