"""Headings that only name a class meeting (meeting_days.py, collect.py: Collector.meeting_day): a day or a
meeting label names no work; the blocks under it are that meeting's, and outside a readings section only
those that name a work (by a link or as a citation) are readings."""

from bot.course.readings import extract_readings
from bot.course.readings.meeting_days import is_meeting_label


def found(body: str):
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


def test_day_and_meeting_labels_are_told_from_titles() -> None:
    for label in ("Tuesday, Jan 21", "Week 3", "Class 4", "Week 3 - Tuesday, Jan 21", "Class 4 (Jan 21)",
                  "Week of Jan 21", "9/21", "Day 1:"):
        assert is_meeting_label(label), label
    for title in ("Week 3: Transformers", "Chapter 3", "Attention Is All You Need", "2024 papers", "Session 12: Ethics"):
        assert not is_meeting_label(title), title


def test_week_labels_in_other_languages_are_meeting_labels() -> None:
    for label in ("Semaine 3", "Woche 3", "Semana 3", "Settimana 3", "Týden 3", "Week 3", "Semaine du 19 janvier",
                  "Woche vom 19. Januar", "Semana del 19 de enero", "Woche 3 - 19. Januar"):
        assert is_meeting_label(label), label
    for title in ("Semaine 3 : Les réseaux", "Woche 3: Transformer", "Semana de la ciencia 2024"):
        assert not is_meeting_label(title), title


def test_heading_made_only_of_a_day_names_no_work() -> None:
    body = (
        "## The medieval cosmos\n\n"
        "### Tuesday, Jan 28\n\n"
        "**Map analysis: [Ebstorf map](https://maps.example.org/ebstorf.jpg)**\n\n"
        "### Thursday, Jan 30\n\n"
        "**[Aristotle, *Metaphysics*, Book One](https://texts.example.org/metaphysics)**\n"
    )
    # the map is the day's assignment, not a work; the day heading takes neither link
    assert found(body) == [
        ("The medieval cosmos", "Aristotle, Metaphysics, Book One", ("https://texts.example.org/metaphysics",)),
    ]


def test_meeting_day_block_keeps_only_items_that_name_works() -> None:
    body = (
        "## Space and place\n\n"
        "### Week 3\n\n"
        "Map analysis\n"
        "1. What is a map for?\n"
        "2. Which parts make a map work?\n\n"
        "[Deconstructing the Map](https://texts.example.org/harley), J.B. Harley (1989)\n"
    )
    assert found(body) == [("Space and place", "Deconstructing the Map", ("https://texts.example.org/harley",))]


def test_meeting_label_under_readings_groups_the_readings_below() -> None:
    body = "## Readings\n\n### Class 4\n\n[A Paper on Maps](https://papers.example.org/maps)\n"
    assert found(body) == [("Readings", "A Paper on Maps", ("https://papers.example.org/maps",))]
