"""The scan hands parsed files to its sink a batch at a time, in site order, from this process or from worker
processes; worker results never pile up (at most two chunks per worker in flight), and a pool that breaks
half-way leaves the rest to this process, each file parsed once."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from bot.store import scan as scan_module
from bot.store.scan import Scanned, read_and_parse, scan
from tests.store.test_scan import _site


def _key(results: list[Scanned]) -> list[tuple[Any, ...]]:
    return [(s.file, s.state, s.content_hash, s.session, s.problems) for s in results]


def test_sink_gets_batches_in_order_and_its_results_are_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = _site(tmp_path, 12)
    monkeypatch.setattr(scan_module, "SINK_BATCH", 5)
    monkeypatch.setattr(scan_module, "_CHUNK", 2)
    plain = scan(tmp_path, specs, {}, ["notes"], workers=1)
    for workers in (1, 2):
        batches: list[list[str]] = []

        def sink(batch: list[Scanned]) -> list[Scanned]:
            batches.append([s.file for s in batch])
            return [Scanned(s.file, s.content_hash, s.state, problems=s.problems, error=s.error) for s in batch]

        out = scan(tmp_path, specs, {}, ["notes"], workers=workers, sink=sink)
        assert [f for b in batches for f in b] == [s.file for s in specs]  # every file once, in order
        assert all(len(b) <= 6 for b in batches)  # a batch, plus at most one chunk of the workers
        assert [(s.file, s.state, s.session) for s in out] == [(s.file, s.state, None) for s in plain]


class _Pool:
    """A stand-in for ProcessPoolExecutor that runs each chunk here and, like a real pool whose worker was
    killed, fails every chunk from ``breaks_at`` on with BrokenProcessPool."""

    submitted = 0
    breaks_at = 3

    def __init__(self, max_workers: int, mp_context: Any) -> None:
        self.workers = max_workers

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        if type(self).submitted >= self.breaks_at:
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(fn(*args))
        type(self).submitted += 1
        return future


def test_a_broken_pool_leaves_the_rest_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = _site(tmp_path, 20)
    monkeypatch.setattr(scan_module, "_CHUNK", 2)
    monkeypatch.setattr(scan_module, "ProcessPoolExecutor", _Pool)
    monkeypatch.setattr(_Pool, "submitted", 0)
    alone = read_and_parse(str(tmp_path), specs, ["notes"])
    seen: list[int] = []
    out: list[Scanned] = []
    for chunk in scan_module._parse_in_processes(tmp_path, specs, ["notes"], 2):
        seen.append(_Pool.submitted - len(seen))  # chunks submitted and not yet handed over
        out.extend(chunk)
    assert _key(out) == _key(alone)  # every file once, in order, the same results
    assert max(seen) <= 2 * 2 + 1
