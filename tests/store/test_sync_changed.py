"""``Store.sync(changed=...)``: the caller (a file watcher, a commit diff) names the files that may have
changed since the last sync; the sync then looks at those only (plus the listing, which still finds new and
removed files), and never at a file whose stat it trusts and the caller did not name."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.course import files as site_files
from bot.store.sessions import Store
from tests.store.test_sync import config_for, post, write_site
from tests.store.test_sync_unchanged import age


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The post files the sync reads from now on (every read of a post goes through SiteFiles.read)."""
    seen: list[str] = []
    real = site_files.SiteFiles.read

    def spy(self: site_files.SiteFiles, file: str, limit: int) -> bytes:
        if file.startswith("_contents/"):  # not _config.yml, which every sync reads
            seen.append(file)
        return real(self, file, limit)

    monkeypatch.setattr(site_files.SiteFiles, "read", spy)
    return seen


async def test_only_the_named_files_are_read(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    config = config_for(site)
    assert (await store.sync(config)).parsed == 3
    (site / "_contents" / "S0-L01.md").write_text(post("Introduction, edited", "L-Intro", "Attention Is All You Need"))
    (site / "_contents" / "S0-L02.md").write_text(post("Alignment, edited", "L-Intro", "Training with human feedback"))
    age(site)
    seen = reads(monkeypatch)
    report = await store.sync(config, changed={"_contents/S0-L02.md"})
    assert seen == ["_contents/S0-L02.md"]
    assert (report.parsed, report.unchanged) == (1, 2)
    assert {s.file: s.title for s in await store.all_sessions()}["_contents/S0-L01.md"] == "Introduction"
    seen.clear()
    report = await store.sync(config)  # no list: every file is looked at, and the other edit is found
    assert "_contents/S0-L01.md" in seen
    assert (report.parsed, report.unchanged) == (1, 2)
    assert {s.file: s.title for s in await store.all_sessions()}["_contents/S0-L01.md"] == "Introduction, edited"


async def test_new_and_removed_files_are_found_by_the_listing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    config = config_for(site)
    await store.sync(config)
    (site / "_contents" / "S0-L03.md").rename(site / "_contents" / "S0-L04.md")
    seen = reads(monkeypatch)
    report = await store.sync(config, changed={"_contents/S0-L03.md", "_contents/S0-L04.md"})
    assert seen == ["_contents/S0-L04.md"]  # the new name is parsed; the old one is gone from the listing
    assert (report.parsed, report.removed, report.unchanged) == (1, 1, 2)
    assert sorted(s.file for s in await store.all_sessions()) == [
        "_contents/S0-L01.md", "_contents/S0-L02.md", "_contents/S0-L04.md"]


async def test_verify_ignores_the_list(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    config = config_for(site)
    await store.sync(config)
    seen = reads(monkeypatch)
    await store.sync(config, verify=True, changed=set())
    assert sorted(seen) == ["_contents/S0-L01.md", "_contents/S0-L02.md", "_contents/S0-L03.md"]
