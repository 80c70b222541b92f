"""Schedule lists: bulleted items of a home or schedule page that name a session with its day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.course.data_schedule import DataEntry
from bot.course.schedule_lists import list_entries

HOME = """\
- Course Name: Data Science (2023/2024)
- Week 1
  - [Lecture 1 (Feb 6)](lectures/lec1): Course introduction
  - [Practice 1](practices/warm-up): Python warm-up
  - We will release assignment 1 by the end of Feb 9 Friday.
- Week 2
  - Lecture 3 (Feb 13): Tutorial of the structured data module
  - **Mid-term Exam (Feb 27)**, covering Lecture 1 to 3.
"""


def test_a_nested_list_item_naming_a_lecture_and_its_day_dates_the_page_it_links_or_its_number_names():
    assert list_entries(HOME) == [
        DataEntry("Feb 6", (("lectures", "lec1"),)),
        # unlinked: the page the linked items' links name, with its own number
        DataEntry("Feb 13", (("lectures", "lec3"),)),
    ]


def test_a_labelled_item_dates_only_pages_of_the_site_and_a_day_alone_before_the_colon_is_news():
    text = ("* [Class 5 (Sep 26)](/classes/05-text-lab)\n* [Class 6 (Oct 3)]({{site.baseurl}}/classes/06-maps)\n"
            "* [Talk 1 (Oct 10)](https://ex.org/talk)\n")
    assert list_entries(text) == [DataEntry("Sep 26", (("classes", "05-text-lab"),)),
                                  DataEntry("Oct 3", (("classes", "06-maps"),))]
    assert list_entries("- **Sep 3**: [HW 1](hw/hw1) released\n- Sep 10: [HW 2](hw/hw2) released\n") == []


def test_a_day_in_parentheses_right_after_the_items_link_dates_the_page_it_links():
    text = ("# Schedule\n- [Week 1](week01.md) _(2025-02-02)_: Introductions\n"
            "- [Week 2](week02.md) _(2025-02-09)_: Fan studies\n- [Syllabus](syllabus.md): the rules\n")
    assert list_entries(text) == [DataEntry("2025-02-02", (("week01",),)), DataEntry("2025-02-09", (("week02",),))]


def test_one_dated_item_or_unlinked_labels_with_no_linked_example_are_no_schedule():
    assert list_entries("- [Lecture 1 (Feb 6)](lectures/lec1): Intro\n- Some prose item.\n") == []
    assert list_entries("- Lecture 1 (Feb 6): Intro\n- Lecture 2 (Feb 8): More\n") == []
    # a day in a sentence is no item's lead
    assert list_entries("- Read [this](a/b) by Feb 6.\n- Read [that](a/c) by Feb 8.\n") == []


def test_a_home_page_list_schedule_dates_the_lectures_in_the_terms_year(tmp_path: Path):
    from bot.course.load import load_site

    files = {
        "_config.yml": "title: Data Science\ncollections:\n  lectures:\n    output: true\n",
        "index.md": "---\ntitle: Overview\n---\nCourse of Spring 2024.\n\n" + HOME,
        "_lectures/lec1.md": "---\ntitle: 'L1: Introduction'\n---\n# Lecture 1: Introduction\n",
        "_lectures/lec3.md": "---\ntitle: 'L3: Structured Data I'\n---\n# Lecture 3: Structured Data (Part I)\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    dates = {s.slug: s.date for s in load_site(tmp_path).sessions}
    assert dates == {"lec1": dt.date(2024, 2, 6), "lec3": dt.date(2024, 2, 13)}
