"""A site's guide to its class pages decides `required` for the sections it calls optional."""

from bot.course.readings import extract_readings
from bot.course.readings.guide import optional_sections, section_key

GUIDE = """# About

How each class page is laid out:
- **Warm-ups** Short videos to enjoy before meeting. Not required viewing.
- **Readings** Material for deeper thinking.
- **Tools** Software to try.
"""


def test_guide_names_the_sections_it_calls_not_required() -> None:
    assert optional_sections([GUIDE]) == {section_key("Warm-up")}


def test_section_named_in_the_guide_is_not_required() -> None:
    body = "## Warm-up\n- [A Fun Short Film](https://v.org/1)\n\n## Readings\n- [A Serious Essay](https://e.org)\n"
    got = extract_readings(body, optional_sections=optional_sections([GUIDE]))[0]
    assert [(r.title, r.required) for r in got] == [("A Fun Short Film", False), ("A Serious Essay", True)]


def test_without_a_guide_the_section_is_required() -> None:
    assert all(r.required for r in extract_readings("## Warm-up\n- [A Fun Short Film](https://v.org/1)\n")[0])


def test_a_guide_below_a_level_one_heading_after_other_content_is_read() -> None:
    # "# README" is no readings section (whole words: not "read"), and a guide page is read whole
    page = "Intro\n---\n\n# README\n\nGuide:\n- **Apéritifs** Casual viewing; not required viewing.\n"
    assert optional_sections([page]) == {section_key("Apéritifs")}
