"""Incremental sync of a small site written in the test: counts, last good version, removal, dates."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import CalendarConfig, CourseConfig, CourseSection
from bot.store.sessions import Store
from bot.store.sync import SyncError

DATES = [dt.date(2024, 1, 16), dt.date(2024, 1, 18), dt.date(2024, 1, 23), dt.date(2024, 1, 25)]


def post(title: str, lecture: str, reading: str, *, url: str = "https://arxiv.org/abs/1", notes: str = "team-1") -> str:
    return (
        f"---\ntitle: {title}\nlecture: {lecture}\nnotes: {notes}\nvideo: team-2\ntags:\n- Basic\n---\n\n"
        f"## Required Readings\n\n### {reading}\n  + {url}\n  + An abstract about {reading.lower()}.\n\n"
        "<!--excerpt.start-->\n\n# Blog\n\nStudent notes.\n"
    )


def write_site(root: Path) -> Path:
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Test Seminar 2024\nurl: https://example.org\nbaseurl: /seminar\n"
        "collections:\n  contents:\n    output: true\n"
    )
    (root / "_contents" / "S0-L01.md").write_text(post("Introduction", "L-Intro", "Attention Is All You Need"))
    (root / "_contents" / "S0-L02.md").write_text(post("Alignment survey", "L-Intro", "Training with human feedback"))
    (root / "_contents" / "S0-L03.md").write_text(post("Harmful outputs", "L-Harm", "HarmBench evaluation"))
    return root


def config_for(root: Path, **changes: object) -> CourseConfig:
    return CourseConfig(course=CourseSection(site=root), calendar=CalendarConfig(dates=DATES), **changes)  # type: ignore[arg-type]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


async def test_first_sync_then_nothing_changed(store: Store, site: Path) -> None:
    config = config_for(site)
    first = await store.sync(config)
    assert (first.parsed, first.unchanged, first.removed, first.failed) == (3, 0, 0, 0)
    assert first.changed == ["S0-L01", "S0-L02", "S0-L03"]
    sessions = await store.all_sessions()
    assert [(s.slug, s.date) for s in sessions] == list(zip(["S0-L01", "S0-L02", "S0-L03"], DATES))
    assert sessions[0].url and sessions[0].url.startswith("https://example.org/seminar/")
    assert sessions[0].readings[0].title == "Attention Is All You Need"
    assert sessions[0].roles == {"notes": "team-1", "video": "team-2"}
    second = await store.sync(config)
    assert (second.parsed, second.unchanged, second.removed, second.failed) == (0, 3, 0, 0)
    assert second.changed == []
    assert await store.all_sessions() == sessions


async def test_changed_file_is_parsed_again(store: Store, site: Path) -> None:
    config = config_for(site)
    await store.sync(config)
    (site / "_contents" / "S0-L02.md").write_text(post("Alignment survey", "L-Intro", "Constitutional AI"))
    report = await store.sync(config)
    assert (report.parsed, report.unchanged, report.removed, report.failed) == (1, 2, 0, 0)
    assert report.changed == ["S0-L02"]
    l02 = await store.get_session("S0-L02")
    assert l02 is not None and [r.title for r in l02.readings] == ["Constitutional AI"]
    assert {h.slug for h in await store.search("constitutional")} == {"S0-L02"}
    assert await store.search("feedback") == []  # the old reading left the full-text index


async def test_same_content_after_touch_is_unchanged(store: Store, site: Path) -> None:
    config = config_for(site)
    await store.sync(config)
    path = site / "_contents" / "S0-L01.md"
    path.write_bytes(path.read_bytes())
    report = await store.sync(config)
    assert (report.parsed, report.unchanged) == (0, 3)


async def test_deleted_file_is_removed_and_later_dates_move(store: Store, site: Path) -> None:
    config = config_for(site)
    await store.sync(config)
    (site / "_contents" / "S0-L01.md").unlink()
    report = await store.sync(config)
    assert (report.parsed, report.unchanged, report.removed, report.failed) == (0, 2, 1, 0)
    assert await store.get_session("S0-L01") is None
    # the calendar's dates are taken in session order, so the later sessions move up a date
    assert [(s.slug, s.date) for s in await store.all_sessions()] == [("S0-L02", DATES[0]), ("S0-L03", DATES[1])]
    assert report.changed == ["S0-L01", "S0-L02", "S0-L03"]
    assert await store.search("attention") == []
    assert (await store.resolve("L-Intro")).how == "lecture"
    assert [s.slug for s in (await store.resolve("L-Intro")).sessions] == ["S0-L02"]


async def test_broken_edit_keeps_last_good_version(store: Store, site: Path) -> None:
    config = config_for(site)
    await store.sync(config)
    good = await store.get_session("S0-L03")
    (site / "_contents" / "S0-L03.md").write_text("---\ntitle: [unclosed\nlecture: x\n---\n\nbody\n")
    report = await store.sync(config)
    assert (report.parsed, report.unchanged, report.failed) == (0, 2, 1)
    assert await store.get_session("S0-L03") == good
    errors = [p for p in await store.problems() if p.severity == "error"]
    assert errors and all(p.file == "_contents/S0-L03.md" for p in errors)
    assert report.errors == errors
    # the broken bytes are not parsed again while unchanged, and the error stays recorded
    again = await store.sync(config)
    assert (again.parsed, again.unchanged, again.failed) == (0, 3, 0)
    assert [p for p in again.problems if p.severity == "error"] == errors
    assert await store.get_session("S0-L03") == good
    # fixing the file replaces the stored version and clears the error
    (site / "_contents" / "S0-L03.md").write_text(post("Harmful outputs, revised", "L-Harm", "HarmBench evaluation"))
    fixed = await store.sync(config)
    assert (fixed.parsed, fixed.failed) == (1, 0) and fixed.errors == []
    l03 = await store.get_session("S0-L03")
    assert l03 is not None and l03.title == "Harmful outputs, revised"


async def test_new_broken_file_is_reported_and_not_served(store: Store, site: Path) -> None:
    config = config_for(site)
    (site / "_contents" / "S0-L04.md").write_bytes(b"---\ntitle: x\n---\n\x00\x01\x02\xff\xfe binary")
    report = await store.sync(config)
    assert (report.parsed, report.failed) == (3, 1)
    assert await store.get_session("S0-L04") is None
    assert any(p.file == "_contents/S0-L04.md" and p.severity == "error" for p in report.problems)
    assert len(await store.all_sessions()) == 3


async def test_duplicate_slug_keeps_the_first_and_reports(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "dup"
    write_site(root)
    (root / "_config.yml").write_text(
        "title: Dup 2024\ncollections:\n  contents:\n    output: true\n  sessions:\n    output: true\n"
    )
    (root / "_sessions").mkdir()
    (root / "_sessions" / "S0-L01.md").write_text(post("Impostor", "L-X", "Something else"))
    report = await store.sync(config_for(root))
    l01 = await store.get_session("S0-L01")
    assert l01 is not None and l01.file == "_contents/S0-L01.md" and l01.title == "Introduction"
    dup = [p for p in report.problems if "duplicate session slug" in p.message]
    assert len(dup) == 1 and dup[0].file == "_sessions/S0-L01.md" and dup[0].severity == "error"
    assert "_contents/S0-L01.md" in dup[0].message
    assert len(await store.all_sessions()) == 3
    # when the first file goes away, the other one is served
    (root / "_contents" / "S0-L01.md").unlink()
    report = await store.sync(config_for(root))
    l01 = await store.get_session("S0-L01")
    assert l01 is not None and l01.title == "Impostor" and "S0-L01" in report.changed
    assert not [p for p in report.problems if "duplicate" in p.message]


async def test_a_site_path_that_is_a_file_is_named_so_and_cache_untouched(store: Store, site: Path, tmp_path: Path) -> None:
    await store.sync(config_for(site))
    before = await store.all_sessions()
    (tmp_path / "site.md").write_text("# not a folder\n")
    with pytest.raises(SyncError, match="site.md: is a file, not a folder"):
        await store.sync(config_for(tmp_path / "site.md"))
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    with pytest.raises(SyncError, match="a broken symbolic link"):
        await store.sync(config_for(tmp_path / "gone"))
    assert await store.all_sessions() == before


async def test_missing_site_is_an_error_and_cache_untouched(store: Store, site: Path, tmp_path: Path) -> None:
    await store.sync(config_for(site))
    before = await store.all_sessions()
    with pytest.raises(SyncError, match="not found"):
        await store.sync(config_for(tmp_path / "nowhere"))
    assert await store.all_sessions() == before


async def test_new_role_keys_reparse_every_file(store: Store, site: Path) -> None:
    await store.sync(config_for(site))
    text = (site / "_contents" / "S0-L01.md").read_text().replace("video: team-2", "video: team-2\nscribe2: team-9")
    (site / "_contents" / "S0-L01.md").write_text(text)
    report = await store.sync(config_for(site, roles={"notes": "Blog", "video": "Reading", "scribe2": "Scribes"}))
    assert (report.parsed, report.unchanged) == (3, 0)
    l01 = await store.get_session("S0-L01")
    assert l01 is not None and l01.roles.get("scribe2") == "team-9"


async def test_hostile_files_fail_alone(store: Store, site: Path) -> None:
    contents = site / "_contents"
    (contents / "bomb.md").write_text(
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "title: boom\n---\nbody\n"
    )
    (contents / "tag.md").write_text("---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nbody\n")
    (contents / "huge.md").write_text("---\ntitle: Huge\n---\n" + "word " * 1_000_000)
    (contents / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    report = await store.sync(config_for(site))
    failed = {p.file for p in report.errors}
    assert {"_contents/bomb.md", "_contents/tag.md", "_contents/huge.md", "_contents/latin1.md"} <= failed
    assert (report.parsed, report.failed) == (3, 4)
    assert [s.slug for s in await store.all_sessions()] == ["S0-L01", "S0-L02", "S0-L03"]


async def test_corpus_snapshot_cache_equals_direct_load(corpus_dir: Path, tmp_path: Path) -> None:
    from bot.course.load import load_site

    site = corpus_dir / "2024sp-GenAI-Risk-Benefits@06463c0"
    config = CourseConfig(course=CourseSection(site=site))
    store = await Store.open(tmp_path / "corpus.sqlite3")
    try:
        report = await store.sync(config)
        assert report.failed == 0 and report.parsed == 28
        cached = await store.all_sessions()
    finally:
        await store.close()
    direct = load_site(site, config).sessions
    assert sorted(cached, key=lambda s: s.slug) == sorted(direct, key=lambda s: s.slug)


def _age(path: Path, seconds: int = 3600) -> None:
    """Give ``path`` an old modification time, as a file not edited for a while has."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


async def test_an_edit_keeping_size_and_an_old_mtime_is_found_by_the_change_time(store: Store, site: Path) -> None:
    """The stat the cache trusts holds the change time: an edit that keeps the size and sets the old
    modification time back (a tool restoring it) still moves the change time, which cannot be set back."""
    config = config_for(site)
    for path in (site / "_contents").iterdir():
        _age(path)
    await store.sync(config)
    assert (await store.sync(config)).parsed == 0  # trusted stats: nothing read
    path = site / "_contents" / "S0-L02.md"
    st = path.stat()
    same_size = path.read_text().replace("Training with human feedback", "Training with human FEEDBACK")
    path.write_text(same_size)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    report = await store.sync(config)
    assert (report.parsed, report.unchanged) == (1, 2) and report.changed == ["S0-L02"]
    verified = await store.sync(config, verify=True)  # reads every file: all as the cache has them now
    assert (verified.parsed, verified.unchanged) == (0, 3)


async def test_recently_modified_file_is_always_hashed(store: Store, site: Path) -> None:
    config = config_for(site)
    await store.sync(config)  # the files were just written: their stat is not trusted
    path = site / "_contents" / "S0-L02.md"
    st = path.stat()
    path.write_text(path.read_text().replace("Training with human feedback", "Training with human FEEDBACK"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = await store.sync(config)
    assert (report.parsed, report.unchanged) == (1, 2)


async def test_full_text_index_stays_consistent(store: Store, site: Path) -> None:
    config = config_for(site)
    await store.sync(config)
    (site / "_contents" / "S0-L02.md").write_text(post("Alignment survey", "L-Intro", "Constitutional AI"))
    (site / "_contents" / "S0-L01.md").unlink()
    await store.sync(config)
    await store.db.execute("INSERT INTO readings_fts(readings_fts, rank) VALUES ('integrity-check', 1)")
    rows = await store.db.fetchall("SELECT rowid FROM readings_fts WHERE readings_fts MATCH 'constitutional'")
    assert len(rows) == 1


async def test_two_processes_syncing_at_once_agree(site: Path, tmp_path: Path) -> None:
    import asyncio

    path = tmp_path / "shared.sqlite3"
    first, second = await Store.open(path), await Store.open(path)
    try:
        reports = await asyncio.gather(first.sync(config_for(site)), second.sync(config_for(site)))
        assert all(r.failed == 0 for r in reports)
        assert [s.slug for s in await first.all_sessions()] == ["S0-L01", "S0-L02", "S0-L03"]
        count = await first.db.fetchone("SELECT count(*) FROM readings")
        assert count is not None and count[0] == 3
        await first.db.execute("INSERT INTO readings_fts(readings_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        await first.close()
        await second.close()


async def test_new_calendar_redates_unchanged_files(store: Store, site: Path) -> None:
    await store.sync(config_for(site))
    later = [d + dt.timedelta(days=7) for d in DATES]
    config = CourseConfig(course=CourseSection(site=site), calendar=CalendarConfig(dates=later))
    report = await store.sync(config)
    assert (report.parsed, report.unchanged) == (0, 3)
    assert report.changed == ["S0-L01", "S0-L02", "S0-L03"]
    assert [s.date for s in await store.all_sessions()] == later[:3]
    again = await store.sync(config)
    assert again.changed == [] and [s.date for s in await store.all_sessions()] == later[:3]


async def test_new_site_url_changes_page_urls(store: Store, site: Path) -> None:
    await store.sync(config_for(site))
    text = (site / "_config.yml").read_text().replace("https://example.org", "https://courses.example.edu")
    (site / "_config.yml").write_text(text)
    report = await store.sync(config_for(site))
    # the posts are read again: a link target may name the setting ({{ site.url }}, | absolute_url)
    assert report.parsed == 3 and len(report.changed) == 3
    assert all(s.url and s.url.startswith("https://courses.example.edu/") for s in await store.all_sessions())
