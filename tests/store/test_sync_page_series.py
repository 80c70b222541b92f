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
