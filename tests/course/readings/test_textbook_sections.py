"""Unlinked textbook parts in a list under a heading naming readings (collect.py heading groups, sections.py's
judging of a section whose name says nothing): each is a reading titled by its text, and they never make
the linked items of their list be dropped."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.title, r.urls, r.required) for r in extract_readings(body)[0]]


LECTURE = """### Learning objectives:
In this lecture, you will learn:

* why distributed systems need time synchronization
* logical time

### Lecture slides

* Time and clocks: [slides pdf](/assets/docs/lec8.pdf)

### Readings

* [Time and clocks paper](https://example.org/p558-lamport.pdf)
* van Steen §6.1-6.2
"""


def test_an_unlinked_textbook_section_keeps_its_linked_sibling() -> None:
    assert found(LECTURE) == [
        ("Time and clocks paper", ("https://example.org/p558-lamport.pdf",), True),
        ("van Steen §6.1-6.2", (), True),
    ]


def test_textbook_parts_alone_under_a_readings_subheading_are_readings() -> None:
    body = "## Lecture\n\n### Readings\n\n* Kleinberg & Tardos 2.1-2.3\n* Chapter 4\n"
    assert [t for t, _, _ in found(body)] == ["Kleinberg & Tardos 2.1-2.3", "Chapter 4"]


def test_a_topic_outline_under_a_heading_about_something_else_stays_out() -> None:
    body = "### Topics\n\n* logical time\n* vector clocks\n* [Lamport](https://example.org/lamport)\n"
    assert found(body) == []


def test_an_optional_note_on_the_last_part_leaves_the_reading_required() -> None:
    body = "### Readings\n\n* van Steen §4.1-4.2; §8.3 (optional)\n* Chapter 5 (optional)\n"
    assert found(body) == [("van Steen §4.1-4.2; §8.3 (optional)", (), True), ("Chapter 5 (optional)", (), False)]


def test_a_broader_word_than_readings_does_not_make_the_list_one() -> None:
    body = "### Lecture slides\n\n* Intro: [slides pdf](/docs/lec1.pdf)\n\n### Resources\n* [Class Syllabus](/info)\n"
    assert found(body) == []
