"""Section kinds from a section's name (bot/course/readings/names.py)."""

import pytest

from bot.course.readings import extract_readings
from bot.course.readings.names import section_kind


@pytest.mark.parametrize("name", ["Videos", "Lecture videos", "Recordings", "Slides", "Lecture Slides", "Video"])
def test_a_section_named_only_for_the_sessions_media_holds_no_readings(name: str) -> None:
    assert section_kind(name) == "other"
    body = f"## {name}\n- [Boyd on gradient methods](https://youtu.be/2)\n- [Week 1 deck](https://x.org/w1.pdf)\n"
    assert extract_readings(body)[0] == []


@pytest.mark.parametrize("name", ["Talks to watch", "Videos to watch", "Readings and videos"])
def test_a_section_that_names_works_to_watch_is_a_readings_section(name: str) -> None:
    assert section_kind(name) == "reading"


def test_background_alone_is_judged_by_content_but_background_reading_names_readings() -> None:
    assert section_kind("Background") == "neutral"
    assert section_kind("Background reading") == "reading"
    body = ("## Background\n\nLocal feature matching matters for [SLAM](https://en.wikipedia.org/wiki/SLAM) "
            "and image stitching.\n\n## Background reading\n\n- [Multiple View Geometry](https://mvg.example.org)\n")
    assert [(r.section, r.required, r.title) for r in extract_readings(body)[0]] == [
        ("Background reading", False, "Multiple View Geometry")
    ]


@pytest.mark.parametrize("name", ["Credits", "Acknowledgements", "Tutors", "Office Hours", "Course Staff",
                                  "Useful Resources", "Useful tools"])
def test_sections_about_people_and_help_hold_no_readings(name: str) -> None:
    assert section_kind(name) == "other"
    body = f"## {name}\n- [Jane Tutor's homepage](https://a.org/jane)\n- [The Lab Wiki Pages](https://b.org/wiki)\n"
    assert extract_readings(body)[0] == []


@pytest.mark.parametrize("name", ["Notebooks", "Jupyter notebooks", "Code", "Demos", "Datasets", "Colab"])
def test_sections_of_code_and_notebooks_to_work_with_hold_no_readings(name: str) -> None:
    """The week's notebooks or code (``[Notebook 1](..ipynb) - [Open in Google Colab](..) - [Download](..)``)
    are class material to work with, like Slides and Worksheets: not works to read."""
    assert section_kind(name) == "other"
    body = (f"## {name}\n- [Notebook 1](https://github.com/a/b/blob/master/w1/orbitals.ipynb) - "
            "[Open in Google Colab](https://colab.research.google.com/github/a/b/w1/orbitals.ipynb) - "
            "[Download](https://raw.githubusercontent.com/a/b/master/w1/orbitals.ipynb)\n"
            "- [fitting.ipynb](https://github.com/a/b/blob/master/w1/fitting.ipynb)\n")
    assert extract_readings(body)[0] == []


def test_a_section_naming_readings_beside_code_is_judged_by_its_content() -> None:
    assert section_kind("Readings and code") == "neutral"


def test_section_kind_is_worked_out_once_per_name_and_is_the_same_every_time() -> None:
    from bot.course.readings.names import section_kind

    section_kind.cache_clear()
    assert [section_kind(n) for n in ("Readings", "Blog", "Background", None, "Readings")] == [
        "reading", "other", "neutral", "neutral", "reading"]
    assert section_kind.cache_info().hits == 1
