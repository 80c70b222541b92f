"""Citations written out without a link or a year (bare_citations.py; collect.py: Collector.cite): under a
readings heading, and as the entries of a class meeting's block (``### Tuesday, Jan 21``) in a section named
for its topic. The title is the first title the entry marks; prose, tasks and questions are not readings."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


def test_citation_paragraph_without_year_or_link_is_a_reading_under_readings() -> None:
    body = (
        "## Readings\n\n"
        "J.B. Harley, “Deconstructing the Map”, 1-15.\n\n"
        "Marie de France, *Bisclavret*\n\n"
        "**Jacques Le Goff, *Les intellectuels du Moyen Age* (9-28)**\n\n"
        "Umberto Eco, *Serendipities*, \"The Force of Falsity: Ptolemy & The Flat Earth\".\n"
    )
    assert found(body) == [
        ("Readings", "Deconstructing the Map", ()),
        ("Readings", "Bisclavret", ()),
        ("Readings", "Les intellectuels du Moyen Age", ()),
        ("Readings", "Serendipities", ()),
    ]


def test_prose_under_readings_is_not_a_citation() -> None:
    body = (
        "## Readings\n\n"
        "This reading shows how the texts of “Aristotle the Philosopher” survived the end of antiquity.\n\n"
        "Map analysis: the portolan\n\n"
        "Nous reviendrons souvent à ce document, “la carte en T-O”, et à ses éléments.\n"
    )
    assert found(body) == []


def test_topic_section_without_meeting_days_keeps_its_prose_out() -> None:
    body = (
        "## Overview\n\n"
        "Umberto Eco, *Serendipities*, 1-20.\n\n"
        "We will discuss how “the flat earth” became a myth, and why it matters for the course.\n"
    )
    assert found(body) == []


def test_definition_line_citing_a_marked_title_without_year_is_a_reading() -> None:
    body = "Thu Feb 9\n: Marie de France, *Bisclavret*\n: *Percy Liang*\n: Jane Doe, Course Instructor\n"
    assert found(body) == [("Thu Feb 9", "Bisclavret", ())]


def test_citation_item_is_titled_by_the_first_title_it_marks() -> None:
    body = "## Readings\n\n- Umberto Eco, *Serendipities*, “The Force of Falsity: Ptolemy & The Flat Earth”\n"
    assert found(body) == [("Readings", "Serendipities", ())]
