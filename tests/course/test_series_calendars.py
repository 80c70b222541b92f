"""Calendars of page series (bot.course.scheduled_pages.find_calendar_collections): a collection whose documents
are only dated one-line announcements linking the pages of a page series is the site's calendar, not its sessions;
the series' pages are the sessions, each dated by the calendar entry that links it."""

import datetime as dt
from pathlib import Path

from bot.course.load import load_site
from bot.course.schedule_lists import calendar_entries
from bot.course.site import open_site

CONFIG = ("title: Course\nurl: https://example.org\npermalink: pretty\nyear: 2024\n"
          "collections:\n  modules:\n  announcements:\n")
LISTING = "---\nlayout: page\ntitle: Lectures\nhas_children: true\n---\nThe weekly lectures.\n"


def lecture(n: int) -> str:
    return (f"---\nlayout: page\ntitle: Week {n}\npermalink: /lectures/week{n}\nparent: Lectures\n---\n"
            f"## Topic {n}\n* [Chapter {n} of the book](https://book.example.org/ch{n}.html)\n")


def module(n: int, day: str) -> str:
    return (f"---\ntitle: Week {n}\n---\n\n{day}\n: [Week {n} Lectures Released](../lectures/week{n})\n\n"
            f"{day}\n: [Assignment {n} Released](https://lms.example.edu/event/{n})\n")


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def site_files(**extra: str) -> dict[str, str]:
    files = {"_config.yml": CONFIG, "lectures.md": LISTING,
             "_modules/week1.md": module(1, "May 13"), "_modules/week2.md": module(2, "May 20"),
             "lectures/week1.md": lecture(1), "lectures/week2.md": lecture(2), "lectures/week3.md": lecture(3)}
    files.update(extra)
    return files


def test_calendar_entries_read_a_definition_list_of_days_with_one_line_definitions():
    body = "\nMay 13\n: Classes begin!\n\nMay 13\n: [Week 1 Lectures Released](../lectures/week1)\n<!-- Sep 1\n: x -->\n"
    entries = calendar_entries(body)
    assert entries is not None
    assert [(e.day, e.references) for e in entries] == [("May 13", ()), ("May 13", (("lectures", "week1"),))]


def test_calendar_entries_refuse_a_meeting_with_nested_materials_a_paragraph_or_a_term_that_is_no_day():
    assert calendar_entries("Sep 3\n: [Lecture 1](slides1.pdf)\n  : [Reading](https://x.org/r.pdf)\n") is None
    assert calendar_entries("Welcome to week 1.\n\nSep 3\n: [Lecture 1](lectures/l1)\n") is None
    assert calendar_entries("Lecture one\n: [Slides](lectures/l1)\n") is None
    assert calendar_entries("") is None


def test_the_pages_a_release_calendar_collection_links_are_the_sessions_dated_by_its_entries(tmp_path):
    write(tmp_path, site_files())
    site = open_site(tmp_path)
    assert site.calendar_collections == (("_modules", "lectures"),)
    load = load_site(tmp_path)
    assert [(s.file, s.date) for s in load.sessions] == [
        ("lectures/week1.md", dt.date(2024, 5, 13)), ("lectures/week2.md", dt.date(2024, 5, 20)),
        ("lectures/week3.md", None)]  # a page of the series the calendar does not link: a session, undated
    assert "calendar" in load.skipped["_modules/week1.md"]
    assert [r.title for r in load.sessions[0].readings] == ["Chapter 1 of the book"]


def test_a_calendar_of_series_pages_without_a_year_leaves_their_dates_unknown(tmp_path):
    write(tmp_path, site_files(**{"_config.yml": CONFIG.replace("year: 2024\n", "")}))
    load = load_site(tmp_path)
    assert [s.slug for s in load.sessions] == ["week1", "week2", "week3"]
    assert [s.date for s in load.sessions] == [None, None, None]


def test_a_module_collection_of_dated_meetings_that_also_links_series_pages_stays_the_sessions(tmp_path):
    meeting = ("---\ntitle: Week {n}\n---\n\nSep {n}\n: [Lecture {n}](../lectures/week{n})\n"
               "  : [Reading {n}](https://papers.example.org/{n}.pdf)\n")
    write(tmp_path, site_files(**{"_modules/week1.md": meeting.format(n=1), "_modules/week2.md": meeting.format(n=2)}))
    assert open_site(tmp_path).calendar_collections == ()
    load = load_site(tmp_path)
    assert [s.file for s in load.sessions] == ["_modules/week1.md", "_modules/week2.md"]


def test_a_calendar_that_links_series_pages_from_too_few_of_its_documents_is_not_their_calendar(tmp_path):
    plain = "---\ntitle: Week {n}\n---\n\nSep {n}\n: [Lecture {n}](https://slides.example.org/{n}.pdf)\n"
    write(tmp_path, site_files(**{"_modules/week2.md": plain.format(n=2), "_modules/week3.md": plain.format(n=3),
                                  "_modules/week4.md": plain.format(n=4)}))
    assert open_site(tmp_path).calendar_collections == ()


def test_a_calendar_linking_pages_of_no_series_changes_nothing(tmp_path):
    files = site_files(**{"_modules/week1.md": module(1, "May 13").replace("lectures/week1", "notes/intro"),
                          "_modules/week2.md": module(2, "May 20").replace("lectures/week2", "notes/trees"),
                          "notes/intro.md": "---\ntitle: Intro\n---\nNotes.\n",
                          "notes/trees.md": "---\ntitle: Trees\n---\nNotes.\n"})
    write(tmp_path, files)
    site = open_site(tmp_path)
    assert [s.folder for s in site.page_series] == ["lectures"] and site.calendar_collections == ()
