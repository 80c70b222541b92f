"""The line right under a heading that says its works are not required ("_Although not mandatory, ..._")
makes that section's items required=false (sections.intro_says_not_required)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


def test_an_intro_line_saying_not_mandatory_makes_the_section_not_required() -> None:
    body = (
        "## Preparatory Materials\n\n- [Null Hypothesis Testing](https://example.org/nht)\n\n"
        "## Recommended Materials\n\n"
        "_Although not mandatory, it is recommended that you review the following materials._\n\n"
        "- [Sequential Art for Scientific Communication](http://worrydream.com/ScientificCommunicationAsSequentialArt/)\n"
    )
    assert found(body) == [
        ("Preparatory Materials", True, "Null Hypothesis Testing"),
        ("Recommended Materials", False, "Sequential Art for Scientific Communication"),
    ]


def test_an_intro_line_under_a_sub_heading_says_so_for_that_sub_heading_only() -> None:
    body = (
        "## Readings\n\n### Week 3 papers\n\n1. [Paper A](https://a.org/1)\n2. [Paper B](https://a.org/2)\n\n"
        "### For the curious\n\nRecommended but not required.\n\n1. [Paper C](https://a.org/3)\n2. [Paper D](https://a.org/4)\n\n"
        "### Week 4 papers\n\n1. [Paper E](https://a.org/5)\n2. [Paper F](https://a.org/6)\n"
    )
    assert [(t, r) for _, r, t in found(body)] == [
        ("Paper A", True), ("Paper B", True), ("Paper C", False), ("Paper D", False), ("Paper E", True), ("Paper F", True),
    ]


def test_an_intro_line_saying_the_readings_are_not_optional_leaves_them_required() -> None:
    body = "## Readings\n\nThese are not optional: read both before class.\n\n- [Paper A](https://a.org/1)\n"
    assert found(body) == [("Readings", True, "Paper A")]


def test_an_intro_line_asking_to_choose_one_of_the_works_makes_each_not_required() -> None:
    body = (
        "## Discussion Topic\n\n### Core\n\n"
        '+ Jane Doe, "A Field Worth Having" (2019), [external link](https://a.org/1)\n'
        '+ John Roe, "Against Cleaning" (2016), [external link](https://a.org/2)\n\n'
        "### Penumbra\n\n_Remember, you should choose **one** penumbral reading to prepare in detail._\n\n"
        '+ Ann Poe, "Data Fail" (2021), [external link](https://a.org/3)\n'
        '+ Bo Loe, "Datasheets for Datasets" (2018), [external link](https://a.org/4)\n'
    )
    assert [(t, r) for _, r, t in found(body)] == [
        ("A Field Worth Having", True), ("Against Cleaning", True), ("Data Fail", False), ("Datasheets for Datasets", False)]
