"""An unchanged resync (what the running bot does every few minutes) decodes no session: it reads the
files' hashes and stats, finds every file unchanged and the site as it was, and writes only the sync's time.
The sessions version (``Store.sessions_version``) moves with every sync that writes sessions, only then."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import codec
from bot.store.sessions import Store
from tests.store.test_sync import config_for, post, write_site


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


def age(root: Path) -> None:
    """Make the files' mtimes old enough to be trusted (see scan.RACY_SECONDS)."""
    for path in (root / "_contents").glob("*.md"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 60 * 10**9))


async def test_an_unchanged_resync_decodes_no_session(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    config = config_for(site)
    first = await store.sync(config)
    assert first.parsed == 3
    version = await store.sessions_version()
    before = [(s.slug, s.date, s.url, s.readings) for s in await store.all_sessions()]

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged resync decoded a session")

    with monkeypatch.context() as patch:
        patch.setattr(codec, "skeleton_from_row", no_decoding)
        patch.setattr(codec, "session_from_row", no_decoding)
        again = await store.sync(config)
        racy = await store.sync(config)  # and once more, now that the stats are trusted
    assert (again.parsed, again.unchanged, again.removed, again.failed, again.changed) == (0, 3, 0, 0, [])
    assert (racy.parsed, racy.unchanged, racy.changed) == (0, 3, [])
    assert await store.sessions_version() == version  # nothing written: the same sessions
    assert [(s.slug, s.date, s.url, s.readings) for s in await store.all_sessions()] == before


async def test_a_change_takes_the_full_sync_and_moves_the_version(store: Store, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    age(site)
    config = config_for(site)
    await store.sync(config)
    version = await store.sessions_version()
    (site / "_contents" / "S0-L02.md").write_text(post("Alignment survey", "L-Intro", "A new reading"))
    report = await store.sync(config)
    assert (report.parsed, report.changed) == (1, ["S0-L02"])
    assert await store.sessions_version() != version
    session = await store.get_session("S0-L02")
    assert session is not None and [r.title for r in session.readings] == ["A new reading"]


async def test_a_new_calendar_redates_an_unchanged_site(store: Store, tmp_path: Path) -> None:
    """Same files, another calendar: not the unchanged shortcut (dates are recomputed)."""
    import datetime as dt

    from bot.config import CalendarConfig

    site = write_site(tmp_path / "site")
    age(site)
    await store.sync(config_for(site))
    version = await store.sessions_version()
    later = [dt.date(2024, 2, 6), dt.date(2024, 2, 8), dt.date(2024, 2, 13)]
    report = await store.sync(config_for(site).model_copy(update={"calendar": CalendarConfig(dates=later)}))
    assert report.parsed == 0 and sorted(report.changed) == ["S0-L01", "S0-L02", "S0-L03"]
    assert [s.date for s in await store.all_sessions()] == later
    assert await store.sessions_version() != version


async def test_an_unchanged_resync_reports_the_problems_it_knows(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problems of an unchanged resync are those of this store's last sync at the same sessions
    version: not read again; a sync by another process (the version moved) makes them read again."""
    import bot.store.sync as sync_module

    site = write_site(tmp_path / "site")
    (site / "_contents" / "S0-L04.md").write_text("---\ntitle: [unclosed\n---\n")  # a parse error
    age(site)
    config = config_for(site)
    first = await store.sync(config)
    assert first.failed == 1 and first.errors
    reads: list[int] = []
    real = sync_module.load_problems

    async def counting(db):  # type: ignore[no-untyped-def]
        reads.append(1)
        return await real(db)

    monkeypatch.setattr(sync_module, "load_problems", counting)
    again = await store.sync(config)
    assert reads == [] and again.problems == first.problems
    async with await Store.open(tmp_path / "cache.sqlite3") as other:  # another process changes the site
        (site / "_contents" / "S0-L04.md").write_text(post("Fixed", "L-4", "A reading"))
        assert (await other.sync(config)).parsed == 1
    reads.clear()
    after = await store.sync(config)  # unchanged for this store's files, but not the version it knew
    assert reads == [1] and after.errors == []


def test_the_site_fingerprint_does_not_follow_the_hash_seed(tmp_path) -> None:
    # a set's repr follows PYTHONHASHSEED: the fingerprint of the same site must not, or a sync in a new
    # process takes an unchanged site for a changed one
    import os
    import subprocess
    import sys

    code = (
        "from pathlib import Path; from bot.course.site import SiteInfo; from bot.store.sync import _stable_repr;"
        "print(_stable_repr(SiteInfo(root=Path('x'), optional_sections=frozenset(f'section {i}' for i in range(20)))))"
    )
    seen = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(seen) == 1 and "section 0" in seen.pop()


async def test_an_edit_in_the_same_clock_tick_is_found(store: Store, tmp_path: Path) -> None:
    """Racy git: a file edited again within the tick of its last write keeps its size and mtime. A stat
    taken that young is never trusted, so the next sync reads and hashes the file."""
    site = write_site(tmp_path / "site")
    config = config_for(site)
    path = site / "_contents" / "S0-L03.md"
    await store.sync(config)  # the files were written moments ago: their stats are not trusted
    st = path.stat()
    path.write_text(post("Harmful results", "L-Harm", "HarmBench evaluation"))  # the same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same mtime, as an edit in the same tick
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    report = await store.sync(config)
    assert report.parsed == 1
    assert [s.title for s in await store.all_sessions() if s.file.endswith("S0-L03.md")] == ["Harmful results"]

