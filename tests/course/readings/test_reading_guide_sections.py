"""A section named as a guide to how to read ("## Reading Guide", "## Reading order", "### How to read these
papers") holds advice about the works, not works: other matter (vocabulary.READING_GUIDE in OTHER_MATTER_SECTION).
"## Readings", "## Required reading", "## Reading list" still name the works."""

import pytest

from bot.course.readings import extract_readings
from bot.course.readings.names import section_kind


def found(body: str):
    return [(r.section, r.title) for r in extract_readings(body)[0]]


@pytest.mark.parametrize("name", ["Reading Guide", "Reading order", "Reading guidance", "Suggested reading order",
                                  "How to read these papers", "Tips for reading", "A guide to the readings"])
def test_a_guide_to_how_to_read_is_other_matter_not_readings(name: str) -> None:
    assert section_kind(name) == "other"
    body = (
        f"## {name}\n"
        "- Skim [the survey](https://example.org/survey.pdf) first, then read sections 2-3 closely.\n"
        "- [How to Read a Paper](https://example.org/keshav.pdf)\n\n"
        "## Readings\n- [A Study of Networks](https://example.org/networks.pdf)\n"
    )
    assert found(body) == [("Readings", "A Study of Networks")]


def test_a_how_to_read_sub_heading_is_skipped_under_readings() -> None:
    body = (
        "## Readings\n- [A Study of Networks](https://example.org/networks.pdf)\n\n"
        "### How to read these papers\n- [Keshav's three-pass method](https://example.org/keshav.pdf)\n"
    )
    assert found(body) == [("Readings", "A Study of Networks")]


@pytest.mark.parametrize("name", ["Readings", "Required reading", "Reading list", "How to Read a Paper"])
def test_names_of_the_works_themselves_stay_readings_sections(name: str) -> None:
    assert section_kind(name) == "reading"
    assert found(f"## {name}\n- [A Study of Networks](https://example.org/networks.pdf)\n") == [
        (name, "A Study of Networks")
    ]
