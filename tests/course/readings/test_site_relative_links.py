"""Items that name their work by a site-relative link (``[Title](/assets/papers/x.pdf)``,
``[Title]({{ site.baseurl }}/readings/x.pdf)``, ``[Title](../slides/x.pdf)``): readings wherever an http link
would make them one, with no URL (SPEC keeps only http(s) addresses among a reading's URLs)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_relative_link_items_under_a_reading_label_are_readings_without_urls() -> None:
    body = (
        "We start with attention.\n\n**Readings:**\n\n"
        "- [Attention Is All You Need](/assets/papers/attention.pdf)\n"
        "- [Deep Residual Learning for Image Recognition]({{ site.baseurl }}/readings/resnet.pdf)\n"
        "- [Speech and Language Processing, Chapter 3](../slides/slp3.pdf)\n"
    )
    assert found(body) == [
        ("Readings", True, "Attention Is All You Need", ()),
        ("Readings", True, "Deep Residual Learning for Image Recognition", ()),
        ("Readings", True, "Speech and Language Processing, Chapter 3", ()),
    ]


def test_relative_link_items_under_a_readings_heading_are_readings() -> None:
    body = "## Readings\n\n- [Attention Is All You Need](/assets/a.pdf)\n- [A Survey of Graphs](https://x.org/g)\n"
    assert found(body) == [
        ("Readings", True, "Attention Is All You Need", ()),
        ("Readings", True, "A Survey of Graphs", ("https://x.org/g",)),
    ]


def test_relative_link_lines_of_a_paragraph_under_readings_are_readings() -> None:
    body = "## Readings\n\n[Attention Is All You Need](/assets/a.pdf)  \n[Deep Residual Learning](../r/resnet.pdf)\n"
    assert [t for _, _, t, _ in found(body)] == ["Attention Is All You Need", "Deep Residual Learning"]


def test_bold_label_over_relative_link_lines_gives_one_reading_per_line() -> None:
    body = "Intro.\n\n**Required reading**  \n[Attention Is All You Need](/a.pdf)  \n[Deep Residual Learning](/b.pdf)\n"
    assert found(body) == [
        ("Required reading", True, "Attention Is All You Need", ()),
        ("Required reading", True, "Deep Residual Learning", ()),
    ]


def test_label_and_row_of_relative_links_gives_one_reading_per_work() -> None:
    body = "Intro.\n\n**Readings:** [Attention Is All You Need](/a.pdf); [Deep Residual Learning](/b.pdf)\n"
    assert [t for _, _, t, _ in found(body)] == ["Attention Is All You Need", "Deep Residual Learning"]
    assert found("Intro.\n\n**Paper:** [Attention Is All You Need](/assets/a.pdf)\n") == [
        ("Paper", True, "Attention Is All You Need", ())]


def test_relative_links_to_class_material_or_without_a_reading_label_are_not_readings() -> None:
    assert found("**Readings:**\n\n- [Slides](../slides/x.pdf)\n- [Lecture 3 slides](/slides/l3.pdf)\n") == []
    assert found("Intro to the session.\n\n- [Homework 1](../assignments/hw1)\n- [Lab 2](../labs/lab2)\n") == []


def test_an_item_telling_students_what_to_do_on_the_sites_own_pages_is_not_a_reading() -> None:
    body = (
        "## Readings\n\n"
        "+ Make sure to review the [course policies]({{site.baseurl}}/policies) and [assessment sections](/assessments/1)"
        ", including the assignments. You should complete the [discussion prep](/assessments/3) for this week.\n"
        "+ Jane Doe, “A Field Worth Having,” _Debates_ (2019), [external link](https://debates.example.org/a)\n"
    )
    assert found(body) == [("Readings", True, "A Field Worth Having", ("https://debates.example.org/a",))]
    # the same words over a work elsewhere, or over a document of the site, still name a reading
    body = (
        "## Readings\n\n+ Make sure to read [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "+ Be sure to finish [Speech and Language Processing, Chapter 3](/assets/slp3.pdf)\n"
    )
    assert [t for _, _, t, _ in found(body)] == [
        "Attention Is All You Need", "Speech and Language Processing, Chapter 3"]
