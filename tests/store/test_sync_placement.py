"""A sync that parsed some files places only those when nothing they changed can move another session
(``sync._place_changed``), and its cache is then the one a full placement gives: after each edit below (a
title, a date, a moved file, a new and a removed file, a schedule-page change, a file leaving the selection),
the ``posts`` table of a cache kept by incremental syncs equals that of a new cache synced from scratch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import CalendarConfig, CourseConfig, CourseSection
from bot.store import sync as sync_module
from bot.store.sessions import Store
from tests.store.test_sync import DATES, post
from tests.store.test_sync_unchanged import age

COLUMNS = "file, slug, title, lecture, collection, meeting, sort_key, front_date, date, url, traits, served, position"
SCHEDULE = '{% assign dates = "|0201|0206|0208|0213|0215|0220|0222|0227" | split: "|" %}\n'


def write_site(root: Path, *, schedule: bool) -> Path:
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Test Seminar 2024\nurl: https://example.org\nbaseurl: /seminar\n"
        "collections:\n  contents:\n    output: true\n"
    )
    if schedule:
        (root / "index.html").write_text(SCHEDULE)
    for i in range(1, 7):
        (root / "_contents" / f"S0-L0{i}.md").write_text(post(f"Session {i}", f"L-{i}", f"Reading {i}"))
    return root


def aged_site(tmp_path: Path, dating: str) -> tuple[Path, CourseConfig]:
    """The site of write_site, dated by the calendar or by its schedule page (``dating``), its files older
    than the racy window, and its configuration."""
    root = write_site(tmp_path / "site", schedule=dating == "schedule page")
    calendar = CalendarConfig(dates=DATES) if dating == "calendar" else CalendarConfig()
    config = CourseConfig(course=CourseSection(site=root), calendar=calendar)  # type: ignore[arg-type]
    age(root)
    return root, config


async def rows(store: Store) -> list[tuple[object, ...]]:
    found = await store.db.fetchall(f"SELECT {COLUMNS} FROM posts ORDER BY file")
    return [tuple(row) for row in found]


async def from_scratch(tmp_path: Path, config: CourseConfig, name: str) -> list[tuple[object, ...]]:
    async with await Store.open(tmp_path / f"{name}.sqlite3") as fresh:
        await fresh.sync(config)
        return await rows(fresh)


def full_placements(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the syncs that placed every session (``sync._place``)."""
    calls: list[int] = []
    real = sync_module._place

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "_place", spy)
    return calls


def dated(text: str, day: str) -> str:
    return text.replace("---\ntitle:", f"---\ndate: {day}\ntitle:", 1)


def edits(contents: Path, root: Path) -> list[tuple[str, bool, Callable[[], None]]]:
    """(what, placed incrementally?, the edit)."""
    def write(name: str, text: str) -> None:
        (contents / name).write_text(text)

    return [
        ("a title", True, lambda: write("S0-L02.md", post("Session 2, edited", "L-2", "Reading 2"))),
        ("a date in the front matter", True, lambda: write("S0-L03.md", dated(post("Session 3", "L-3", "Reading 3"), "2024-03-05"))),
        ("the date again", True, lambda: write("S0-L03.md", post("Session 3", "L-3", "Reading 3"))),
        ("two files at once", True, lambda: (write("S0-L01.md", post("Session 1 (moved room)", "L-1", "Reading 1b")),
                                             write("S0-L05.md", dated(post("Session 5", "L-5", "Reading 5"), "2024-04-02")))),
        ("a moved file", False, lambda: (contents / "S0-L04.md").rename(contents / "S0-L09.md")),
        ("a new file", False, lambda: write("S0-L00.md", post("Session 0", "L-0", "Reading 0"))),
        ("a removed file", False, lambda: (contents / "S0-L06.md").unlink()),
        ("a file leaving the selection", False,
         lambda: write("S0-L02.md", post("Session 2", "L-2", "Reading 2").replace("---\ntitle:", "---\npublished: false\ntitle:", 1))),
        ("the schedule page", False, lambda: (root / "index.html").write_text(SCHEDULE.replace("|0201|", "|0130|"))),
        ("a title after all that", True, lambda: write("S0-L05.md", post("Session 5, again", "L-5", "Reading 5"))),
    ]


@pytest.mark.parametrize("dating", ["calendar", "schedule page"])
async def test_an_incremental_placement_equals_a_full_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dating: str
) -> None:
    root, config = aged_site(tmp_path, dating)
    async with await Store.open(tmp_path / "kept.sqlite3") as kept:
        await kept.sync(config)
        assert await rows(kept) == await from_scratch(tmp_path, config, "first")
        assert any(row[8] for row in await rows(kept))  # dated by position
        for n, (what, quick, edit) in enumerate(edits(root / "_contents", root)):
            edit()
            age(root)
            calls = full_placements(monkeypatch)
            report = await kept.sync(config)
            monkeypatch.undo()
            assert report.parsed + report.removed >= 1 or what == "the schedule page", what
            assert await rows(kept) == await from_scratch(tmp_path, config, f"step{n}"), what
            assert (not calls) == quick, what


async def test_an_edited_date_is_reported_as_changed(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", schedule=False)
    config = CourseConfig(course=CourseSection(site=root), calendar=CalendarConfig(dates=DATES))  # type: ignore[arg-type]
    age(root)
    async with await Store.open(tmp_path / "kept.sqlite3") as kept:
        await kept.sync(config)
        (root / "_contents" / "S0-L02.md").write_text(dated(post("Session 2", "L-2", "Reading 2"), "2024-03-05"))
        age(root)
        report = await kept.sync(config)
        assert report.changed == ["S0-L02"]
        by_slug = {s.slug: s for s in await kept.all_sessions()}
        assert by_slug["S0-L02"].date == dt.date(2024, 3, 5)
        assert by_slug["S0-L03"].date == DATES[2]  # the calendar's third date stays with the third session
