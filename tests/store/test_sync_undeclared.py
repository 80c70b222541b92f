"""A collection the configuration names but ``_config.yml`` does not declare is synced into the cache (the
bot serves what ``[site] collections`` asks for), and an unchanged resync stays unchanged."""

from __future__ import annotations

from pathlib import Path

from bot.config import CourseConfig, CourseSection, SiteSection
from bot.store.sessions import Store
from tests.course.test_site import _weeks_site


async def test_the_store_serves_a_configured_undeclared_collection(tmp_path: Path) -> None:
    root = _weeks_site(tmp_path / "site")
    config = CourseConfig(course=CourseSection(site=root), site=SiteSection(collections=["weeks"]))
    store = await Store.open(tmp_path / "cache.sqlite3")
    try:
        report = await store.sync(config)
        assert [s.slug for s in await store.all_sessions()] == ["week-01", "week-02"]
        assert any("does not declare" in p.message for p in report.problems)
        again = await store.sync(config)
        assert again.parsed == 0 and [s.slug for s in await store.all_sessions()] == ["week-01", "week-02"]
    finally:
        await store.close()
