"""A site whose sessions are a page series (plain pages in ``lectures/``, bot.course.page_series) is served by the
store as load_site reads it, in the navigation's order; an unchanged resync and a narrow one keep that order."""

from __future__ import annotations

from pathlib import Path

from bot.config import CourseConfig, CourseSection
from bot.store.sessions import Store
from tests.course.test_page_series import JUST_THE_DOCS, LISTING, lecture, write


async def test_the_store_serves_the_pages_of_a_page_series_in_nav_order(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write(root, {"_config.yml": JUST_THE_DOCS, "lectures/index.md": LISTING,
                 **{f"lectures/Lecture-{n}.md": lecture(n) for n in (1, 2, 10)}})
    config = CourseConfig(course=CourseSection(site=root))
    store = await Store.open(tmp_path / "cache.sqlite3")
    try:
        await store.sync(config)
        assert [s.slug for s in await store.all_sessions()] == ["Lecture-1", "Lecture-2", "Lecture-10"]
        again = await store.sync(config)
        assert again.parsed == 0
        (root / "lectures/Lecture-2.md").write_text(lecture(2, "## Readings\n- [New](https://example.org/new)\n"))
        await store.sync(config, changed={"lectures/Lecture-2.md"})
        sessions = await store.all_sessions()
        assert [s.slug for s in sessions] == ["Lecture-1", "Lecture-2", "Lecture-10"]
        assert [r.title for r in sessions[1].readings] == ["New"]
    finally:
        await store.close()


async def test_the_store_serves_the_pages_a_release_calendar_links_and_redates_them_when_it_changes(tmp_path: Path) -> None:
    from tests.course.test_series_calendars import module, site_files
    from tests.course.test_series_calendars import write as write_files

    root = tmp_path / "site"
    write_files(root, site_files())
    config = CourseConfig(course=CourseSection(site=root))
    store = await Store.open(tmp_path / "cache.sqlite3")
    try:
        await store.sync(config)
        sessions = await store.all_sessions()
        assert [(s.file, str(s.date)) for s in sessions] == [
            ("lectures/week1.md", "2024-05-13"), ("lectures/week2.md", "2024-05-20"), ("lectures/week3.md", "None")]
        (root / "_modules/week2.md").write_text(module(2, "May 21"), encoding="utf-8")
        await store.sync(config, changed={"_modules/week2.md"})
        assert [str(s.date) for s in await store.all_sessions()] == ["2024-05-13", "2024-05-21", "None"]
    finally:
        await store.close()
