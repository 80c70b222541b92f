"""A schedule table keyed by session number (``| 1 | April 25th | intro |``) dates the page numbered so
(``Session 1``, ``session1``, ``session-01``); ``{% link path %}`` in a schedule row names the page it links."""

import datetime as dt
from pathlib import Path

from bot.course.data_schedule import DataEntry, numbered_names
from bot.course.schedule_rows import numbered_rows, table_entries

OVERVIEW = """---
title: Formalia
permalink: /overview/
---
## Schedule

| session    | date       | topic                                  |
|------------|------------|----------------------------------------|
| 1          | April 25th | intro & overview                       |
| 2          | May 2nd    | core LLMs                              |
| 4 (online) | May 16th   | implications for linguistics           |
|            | May 30th   | **holiday**                            |
| ...        | ...        | project work                           |
"""


def test_a_table_keyed_by_session_number_names_each_numbered_page():
    assert numbered_rows(OVERVIEW) == [
        DataEntry("April 25th", (("session#1",),)), DataEntry("May 2nd", (("session#2",),)),
        DataEntry("May 16th", (("session#4",),))]
    assert table_entries(OVERVIEW) == numbered_rows(OVERVIEW)


def test_pages_are_numbered_by_their_title_or_file_name():
    assert numbered_names("Session 1", "session1") == ["session#1"]
    assert numbered_names("Lecture 03 - Trees", "lecture-03") == ["lecture#3"]
    assert numbered_names("Session 2: Core LLMs") == ["session#2"]
    assert numbered_names("Week 2 Notes", "Lecture 3.2", "Chapter 4", "intro") == []  # no number of a meeting


def test_a_table_whose_numbers_repeat_or_that_names_no_meeting_keys_no_page():
    repeated = "| Week | Date |\n|---|---|\n| 1 | Sep 3 |\n| 1 | Sep 5 |\n| 2 | Sep 10 |\n"
    assert numbered_rows(repeated) == []
    grades = "| Points | Due |\n|---|---|\n| 1 | Sep 3 |\n| 2 | Sep 5 |\n"
    assert numbered_rows(grades) == []  # "Points" is no word for a meeting
    no_header = "| 1 | Sep 3 |\n| 2 | Sep 5 |\n"
    assert numbered_rows(no_header) == []
    one = "| Session | Date |\n|---|---|\n| 1 | Sep 3 |\n"
    assert table_entries(one) == []  # one row is no schedule


def _dates(tmp_path: Path, files: dict[str, str]) -> dict[str, dt.date | None]:
    from bot.course.load import load_site

    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {s.slug: s.date for s in load_site(tmp_path).sessions}


SESSION = "---\nlayout: page\ntitle: Session {n}\npermalink: /materials/session{n}\n---\n### Further materials\n* [Paper {n}](https://example.com/{n})\n"


def test_a_session_page_takes_the_day_of_the_row_its_number_keys_in_the_terms_year(tmp_path: Path):
    dates = _dates(tmp_path, {
        "_config.yml": 'title: LLMs\ndescription: >-\n  Taught in SS2023 at the University.\n',
        "00_overview.markdown": OVERVIEW,
        **{f"sessions/session{n}.markdown": SESSION.format(n=n) for n in (1, 2, 3)},
    })
    assert dates == {"session1": dt.date(2023, 4, 25), "session2": dt.date(2023, 5, 2), "session3": None}


def test_the_pages_own_date_comes_before_the_numbered_row(tmp_path: Path):
    dated = SESSION.format(n=2).replace("layout: page\n", "layout: page\ndate: 2023-05-03\n")
    dates = _dates(tmp_path, {
        "_config.yml": "title: LLMs SS2023\n", "00_overview.markdown": OVERVIEW,
        "sessions/session1.markdown": SESSION.format(n=1), "sessions/session2.markdown": dated,
    })
    assert dates == {"session1": dt.date(2023, 4, 25), "session2": dt.date(2023, 5, 3)}


def test_a_liquid_link_tag_in_a_schedule_row_names_the_page_it_links(tmp_path: Path):
    materials = ("---\ntitle: Materials\n---\n| Date | Materials |\n|---|---|\n"
                 "| Apr 25th | [Session A]({{ site.baseurl }}{% link sessions/intro.markdown %}) |\n"
                 "| May 2nd | [Session B]({{ site.baseurl }}{% link sessions/core.markdown %}) |\n")
    page = "---\ntitle: {t}\n---\n### Further materials\n* [Paper](https://example.com/p)\n"
    dates = _dates(tmp_path, {
        "_config.yml": "title: LLMs SoSe 2023\n", "materials.markdown": materials,
        "sessions/intro.markdown": page.format(t="Intro"), "sessions/core.markdown": page.format(t="Core"),
    })
    assert dates == {"intro": dt.date(2023, 4, 25), "core": dt.date(2023, 5, 2)}
