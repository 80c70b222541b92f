"""Citation lists under a heading named for class activities ("Class Activities", "In class"): SPEC says
lists under headings about something else are not readings, even when they link somewhere, and a section
holds readings when its heading names reading matter or the site itself says it lists works to read. A
list of citations under "Class Activities" is the activity's material, not the session's reading list."""

import pytest

from bot.course.readings import extract_readings
from bot.course.readings.names import section_kind

CITATIONS = (
    '- Bender, Emily M., and Alexander Koller. 2020. "Climbing towards NLU: On Meaning, Form, and Understanding '
    'in the Age of Data." ACL. https://doi.org/10.18653/v1/2020.acl-main.463\n'
    '- Onuoha, Mimi. 2016. "The Library of Missing Datasets." https://mimionuoha.com/the-library-of-missing-datasets\n'
)


@pytest.mark.parametrize("heading", ["Class Activities", "In class", "In-Class Activity"])
def test_citation_list_under_a_class_activities_heading_is_not_readings(heading: str) -> None:
    assert section_kind(heading) == "other"
    assert extract_readings(f"## {heading}\n\n{CITATIONS}")[0] == []


def test_the_same_citations_under_a_readings_heading_are_readings() -> None:
    body = f"## Class Activities\n\n- Discuss in groups\n\n## Assigned Readings\n\n{CITATIONS}"
    assert [r.title for r in extract_readings(body)[0]] == [
        "Climbing towards NLU: On Meaning, Form, and Understanding in the Age of Data",
        "The Library of Missing Datasets",
    ]
