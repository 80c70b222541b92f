"""Sections beside a readings section (sections.py): the page's own names tell reading lists from other
lists; grouping headings over questions (collect.py); link texts in scripts without case (citations.py)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


def test_a_resources_section_beside_a_readings_section_is_not_readings() -> None:
    body = (
        "## Readings\n\n* [Why Teams Ship Late](https://essays.example.org/late)\n\n"
        "## Resources\n\n* [Icon Library](https://icons.example.org/)\n* [Colour Picker](https://colour.example.org/)\n"
    )
    assert found(body) == [("Readings", True, "Why Teams Ship Late")]


def test_a_resources_section_on_a_page_without_a_readings_section_still_counts() -> None:
    body = "## Resources\n\n* [A Field Guide to Grids](https://essays.example.org/grids)\n"
    assert found(body) == [("Resources", True, "A Field Guide to Grids")]


def test_a_supplementary_section_beside_readings_stays_a_reading_section() -> None:
    body = (
        "## Readings\n\n* [Why Teams Ship Late](https://essays.example.org/late)\n\n"
        "## Further resources\n\n* [Shipping on Time](https://essays.example.org/time)\n"
    )
    assert found(body) == [("Readings", True, "Why Teams Ship Late"), ("Further resources", False, "Shipping on Time")]


def test_a_section_with_a_name_of_its_own_beside_readings_is_judged_by_its_content() -> None:
    body = (
        "## Readings\n\n* [Why Teams Ship Late](https://essays.example.org/late)\n\n"
        "## Appetiser\n\n* [A Short Film About Deadlines](https://films.example.org/deadlines)\n"
    )
    assert [t for _, _, t in found(body)] == ["Why Teams Ship Late", "A Short Film About Deadlines"]


def test_examples_and_inspiration_are_not_readings() -> None:
    body = "## Examples & Inspiration\n\n* [A Swipe Animation](https://shots.example.org/1)\n* [Menus I Made](https://me.example.org/)\n"
    assert found(body) == []


def test_a_heading_over_questions_inside_readings_is_not_a_reading() -> None:
    body = (
        "## Readings\n\n### Questions to Consider\n* Where does a story start in your design work?\n"
        "* Who is the audience of a pitch?\n\n### Materials\n* [Pitching a Design](https://essays.example.org/pitch)\n"
    )
    assert found(body) == [("Readings", True, "Pitching a Design")]


def test_link_text_in_a_script_without_case_titles_the_item_like_any_other() -> None:
    body = (
        "**Suggested Readings:**\n\n"
        "- [数字电路基础](http://course.example.cn/dc): 包含组合逻辑等内容\n"
        "- [Digital Circuits](http://course.example.org/dc): the course notes\n"
    )
    assert [t for _, _, t in found(body)] == ["数字电路基础", "Digital Circuits"]
