"""A lead-in line naming reading matter over a list under a heading about other matter (collect.py:
Collector.reading_lead_ins, sections.py: _leads_reading): the nearest line introducing the list decides."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


WEEK = """### [9/18] Exploratory Data Analysis

Class intro.

#### Assignments

_Technical_
- Do the exercise on the [Stop and Frisk data](https://data.example.org/sqf).
- Submit a PDF to Dropbox.

_Readings for next week_
- (Optional Overview) A. Author, “Introducing Social Networks” (Dropbox)
- Mark Granovetter, “The Strength of Weak Ties” (Dropbox)
- [Identity and Deception](https://smg.example.edu/identity.html)
"""


def test_reading_lead_in_under_an_assignments_sub_heading_gives_its_list() -> None:
    assert found(WEEK) == [
        ("Readings for next week", False, "Introducing Social Networks", ()),
        ("Readings for next week", True, "The Strength of Weak Ties", ()),
        ("Readings for next week", True, "Identity and Deception", ("https://smg.example.edu/identity.html",)),
    ]


def test_other_lists_under_the_assignments_sub_heading_stay_out() -> None:
    assert all("Stop and Frisk" not in t and "Dropbox" not in t for _, _, t, _ in found(WEEK))


def test_colon_lead_in_under_a_homework_section_gives_its_list_in_that_section() -> None:
    body = "## Homework\n\n- [Problem set 3](https://hw.example.org/3)\n\nFor Tuesday, read:\n\n- [The Paper Title](https://p.example.org/a)\n"
    assert found(body) == [("Homework", True, "The Paper Title", ("https://p.example.org/a",))]


def test_reading_label_after_a_homework_label_ends_the_skip() -> None:
    body = "**Homework:**\n\n- [Problem set 3](https://hw.example.org/3)\n\n**Readings:**\n\n- [The Paper Title](https://p.example.org/a)\n"
    assert found(body) == [("Readings", True, "The Paper Title", ("https://p.example.org/a",))]


def test_lead_in_that_only_groups_is_not_reading_under_an_assignments_heading() -> None:
    # "_Optional_" / "_Required_" under "#### Assignments" group tasks, not works
    body = "#### Assignments\n\n_Optional_\n- [Extra exercise](https://ex.example.org/e)\n\n_Required_\n- [Lab 2](https://lab.example.org/2)\n"
    assert found(body) == []


def test_lead_in_about_other_matter_under_an_assignments_heading_is_not_reading() -> None:
    body = "#### Assignments\n\n_Technical_\n- [Do the exercise](https://ex.example.org/e)\n\n_Submit here_\n- [Dropbox folder](https://db.example.org/x)\n"
    assert found(body) == []
    body = "## Assignments\n\nReading responses:\n\n- [Response form](https://form.example.org/r)\n"
    assert found(body) == []
