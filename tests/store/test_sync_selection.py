"""The sync serves only the class sessions of a site (bot/course/select.py) and dates them from what the
posts say (a day without a year), also when no file changed but the [site] choice did."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import CourseConfig, CourseSection, SiteSection
from bot.store.sessions import Store


def write_site(root: Path) -> Path:
    files = {
        "_config.yml": "title: Seminar, Autumn 2022\ncollections:\n  syllabus: {}\n  announcements: {}\n",
        "_syllabus/1-intro.md": "---\ntitle: Intro\nday: Wednesday, September 28\n---\n## Reading\n- [A](https://a.org)\n",
        "_syllabus/2-next.md": "---\ntitle: Next\nday: Friday, September 30\n---\n## Reading\n- [B](https://b.org)\n",
        "_announcements/week1.md": "---\ntitle: Week 1 news\ndate: 2022-09-26\n---\nWelcome.\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


async def test_announcements_are_not_served_and_year_less_days_are_dated(store: Store, tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    await store.sync(CourseConfig(course=CourseSection(site=root)))
    sessions = await store.all_sessions()
    assert [(s.slug, s.date) for s in sessions] == [
        ("1-intro", dt.date(2022, 9, 28)), ("2-next", dt.date(2022, 9, 30))]
    assert sessions[0].traits.day_source == "day:"
    # nothing changed on disk: the stored traits are enough to choose and date again
    again = await store.sync(CourseConfig(course=CourseSection(site=root)))
    assert again.parsed == 0
    assert [s.slug for s in await store.all_sessions()] == ["1-intro", "2-next"]
    # the [site] override re-chooses without parsing again
    chosen = CourseConfig(course=CourseSection(site=root), site=SiteSection(collections=["announcements"]))
    report = await store.sync(chosen)
    assert report.parsed == 0
    assert [(s.slug, s.date) for s in await store.all_sessions()] == [("week1", dt.date(2022, 9, 26))]
