"""What a sync keeps per file until its write is small: the parse problems are staged with the rows (and
written in the order they always were: parsed files' first, then failed ones', each in site order), and the
skeletons of a site's posts share one traits object per distinct value (their front matter keys one tuple)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import bot.store.sync as sync_module
from bot.course.models import Problem
from bot.store import scan as scan_module
from bot.store.scan import Scanned
from bot.store.sessions import Store
from bot.store.staging import Staging
from tests.store.test_sync import config_for, post



def warned(title: str, lecture: str) -> str:
    """A post whose two readings have no link: two parse warnings."""
    return (f"---\ntitle: {title}\nlecture: {lecture}\nnotes: team-1\n---\n\n## Required Readings\n\n"
            "### A paper without a link\n  + An abstract.\n\n### Another one\n  + More text.\n")


def write_site(root: Path) -> Path:
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Test Seminar 2024\nurl: https://example.org\ncollections:\n  contents:\n    output: true\n"
    )
    for i in range(7):
        if i % 2:
            text = warned(f"Session {i}", f"L-{i}")
        else:
            text = post(f"Session {i}", f"L-{i}", f"Paper {i}", url=f"https://arxiv.org/abs/{i}")
        (root / "_contents" / f"S0-L{i:02d}.md").write_text(text)
    (root / "_contents" / "S0-L02-broken.md").write_bytes(b"---\ntitle: [\n---\n")  # a failed file, amid them
    (root / "_contents" / "S0-L05-broken.md").write_bytes(b"---\n- a list\n---\n")
    return root


def in_memory_order(scanned: list[Scanned]) -> list[tuple[Any, ...]]:
    """The problem rows as the write used to build them from the problems kept in memory."""
    parsed = [s for s in scanned if s.state == "parsed" and s.session is not None]
    failed = [s for s in scanned if s.state == "failed"]
    return [(p.file or s.file, p.line, p.severity, p.message) for s in parsed + failed for p in s.problems]


async def test_staged_parse_problems_are_written_in_the_order_kept_ones_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site")
    monkeypatch.setattr(scan_module, "SINK_BATCH", 2)  # several batches, failed files in between
    full: list[Scanned] = []
    encode = Staging.encode

    def seeing(self: Staging, batch: Any) -> Any:
        full.extend(batch)
        rows, slim = encode(self, batch)
        assert all(s.problems == [] for s in slim)  # the sync keeps none of them
        return rows, slim

    monkeypatch.setattr(Staging, "encode", seeing)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        report = await store.sync(config_for(site))
        assert report.failed == 2
        order = {s.file: i for i, s in enumerate(sorted(full, key=lambda s: s.file))}
        want = in_memory_order(sorted(full, key=lambda s: order[s.file]))
        assert len(want) == 8 and [row[2] for row in want][-2:] == ["error", "error"]
        got = [tuple(r) for r in await store.db.fetchall(
            "SELECT file, line, severity, message FROM problems WHERE scope = 'parse' ORDER BY id")]
        assert got == want
        assert {str(p) for p in report.problems} >= {str(Problem(*row)) for row in want}


async def test_a_file_the_scan_could_not_read_keeps_its_problems_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site")
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config_for(site))
        before = (await store.db.fetchone("SELECT max(id) FROM problems"))[0]
        (site / "_contents" / "S0-L04.md").write_text(warned("Session 4", "L-4"))
        read = scan_module.read_limited

        def refusing(files: Any, file: str) -> bytes:
            if file.endswith("S0-L01.md"):
                raise PermissionError(13, "Permission denied")
            return read(files, file)

        monkeypatch.setattr(scan_module, "read_limited", refusing)
        (site / "_contents" / "S0-L01.md").write_text(post("Session 1", "L-1", "Paper 1b"))
        report = await store.sync(config_for(site), verify=True)
        assert (report.parsed, report.failed) == (1, 1)  # S0-L04 parsed; S0-L01 unreadable (never staged)
        rows = [tuple(r) for r in await store.db.fetchall(
            "SELECT file, severity, message FROM problems WHERE scope = 'parse' AND id > ? ORDER BY id", (before,))]
        assert [row[0] for row in rows] == ["_contents/S0-L04.md"] * 2 + ["_contents/S0-L01.md"]
        assert "Permission denied" in rows[-1][2]


async def test_skeletons_share_one_traits_object_per_distinct_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site")
    seen: list[Any] = []
    place = sync_module._place

    def placing(candidates: Any, *args: Any) -> Any:
        seen.extend(candidates)
        return place(candidates, *args)

    monkeypatch.setattr(sync_module, "_place", placing)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config_for(site))
        assert len(seen) == 7
        assert len({id(s.traits.keys) for s in seen}) == len({s.traits.keys for s in seen}) == 2  # two layouts
        assert len({id(s.traits) for s in seen}) == len({s.traits for s in seen})
        served = {s.slug: s for s in await store.all_sessions()}
        assert all(served[s.slug].traits == s.traits for s in seen)  # the stored values are the parsed ones
