"""Lead-in lines over lists where no heading stands (bot/course/readings/shapes.py: lead_in)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


RECAP = """We spent the class on [gradient descent](https://en.wikipedia.org/wiki/Gradient_descent) and more.

We looked at three application areas:

* [Vision](https://en.wikipedia.org/wiki/Vision): seeing things in [images](https://x.org/img)
* [Speech](https://en.wikipedia.org/wiki/Speech): hearing things

A few references:

* [Deep Learning Tutorial Notes](https://dl.example.org/notes.pdf) by Someone (2014)
* [Convolutional Networks Explained](https://cnn.example.org)

Some additional references:

* [An Old Survey of Vision](https://old.example.org)
"""


def test_list_under_a_reading_lead_in_is_readings_with_its_section() -> None:
    assert found(RECAP) == [
        ("A few references", True, "Deep Learning Tutorial Notes"),
        ("A few references", True, "Convolutional Networks Explained"),
        ("Some additional references", False, "An Old Survey of Vision"),
    ]


def test_list_under_a_lead_in_about_something_else_is_not_readings() -> None:
    assert all("Vision" != t and "Speech" not in t for _, _, t in found(RECAP))


def test_prose_links_are_not_readings() -> None:
    assert all("gradient" not in t.lower() for _, _, t in found(RECAP))


def test_prose_after_a_list_adds_no_links_to_its_last_item() -> None:
    body = "A few references:\n\n- [Cheatsheet of Things](https://a.org/c.pdf)\n\nSee also [Other](https://b.org).\n"
    assert [r.urls for r in extract_readings(body)[0]] == [("https://a.org/c.pdf",)]


def test_reading_label_and_row_of_links_in_a_paragraph() -> None:
    body = "Class notes here.\n\n**Readings:** [First Paper Title](https://a.org); [Second Paper Title](https://b.org)\n"
    assert [(r.section, r.title, r.urls) for r in extract_readings(body)[0]] == [
        ("Readings", "First Paper Title", ("https://a.org",)), ("Readings", "Second Paper Title", ("https://b.org",))]


def test_single_reading_label_line_gives_its_work_without_the_label() -> None:
    body = "Reading: [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n\nWe derive [attention](https://w.org/a).\n"
    assert [(r.section, r.title, r.urls) for r in extract_readings(body)[0]] == [
        ("Reading", "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))]


def test_one_link_after_a_label_that_does_not_say_reading_is_not_a_reading() -> None:
    assert found("Video: [Zoom recording of the class](https://zoom.us/rec/1)\n") == []
    assert found("Slides: [Week 3 deck](https://x.org/w3.pdf)\n") == []


def test_bold_label_over_link_lines_gives_one_reading_per_line() -> None:
    body = (
        "**Required reading**  \n[Fairness and Machine Learning](https://fairmlbook.org)  \n"
        "[Inherent Trade-Offs in Risk Scores](https://arxiv.org/abs/1609.05807)\n\n"
        "**Further reading**  \n[Equality of Opportunity](https://arxiv.org/abs/1610.02413) (optional)\n"
    )
    assert found(body) == [
        ("Required reading", True, "Fairness and Machine Learning"),
        ("Required reading", True, "Inherent Trade-Offs in Risk Scores"),
        ("Further reading", False, "Equality of Opportunity"),
    ]


def test_label_over_link_lines_about_something_else_is_not_readings() -> None:
    assert found("**Logistics**  \n[Zoom room](https://zoom.us/j/1)  \n[Office hours](https://x.org/oh)\n") == []


def test_list_under_a_lecture_materials_label_is_not_readings() -> None:
    body = (
        "**Lecture Materials:**\n"
        "- [Syllabus](https://github.com/org/course/blob/main/syllabus.pdf)\n"
        "- [Notes on vectors](https://github.com/org/course/blob/main/vectors.pdf)\n\n"
        "**Recommended Readings:**\n"
        "- [A Book About Vectors](https://vectors.example.org) (chapters 1, 2)\n"
    )
    assert found(body) == [("Recommended Readings", True, "A Book About Vectors")]


def test_suggested_and_recommended_readings_are_required_as_spec_names_only_more_extra_optional_and_kin() -> None:
    # SPEC: required is false when the section's name says More, Extra, Additional, Optional, Background,
    # Further; "Suggested" / "Recommended" readings are the course's readings (required), an item badge still counts
    body = (
        "**Suggested Readings:**\n"
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "- [Layer Normalization](https://arxiv.org/abs/1607.06450) (optional)\n\n"
        "**Further Readings:**\n"
        "- [An Old Survey](https://old.example.org)\n"
    )
    assert found(body) == [
        ("Suggested Readings", True, "Attention Is All You Need"),
        ("Suggested Readings", False, "Layer Normalization"),
        ("Further Readings", False, "An Old Survey"),
    ]
    assert found("## Recommended reading\n\n- [Paper C](https://c.org/3)\n") == [("Recommended reading", True, "Paper C")]


def test_label_opening_a_paragraph_is_the_lead_in_of_the_list_after_it() -> None:
    body = (
        "**Code files:**\n"
        "Open the course project first, then the file below.\n"
        "- [05-loops](https://github.com/org/course/blob/main/05-loops.Rmd)\n"
    )
    assert found(body) == []


def test_textbook_chapters_under_a_readings_lead_in_are_readings_but_a_topic_outline_is_not() -> None:
    from bot.course.readings import extract_readings

    got = extract_readings("**Readings:**\n- Deep Learning Explained, Chapter 3\n- Deep Learning Explained, Ch. 4\n")[0]
    assert [(r.title, r.required) for r in got] == [
        ("Deep Learning Explained, Chapter 3", True), ("Deep Learning Explained, Ch. 4", True)]
    assert extract_readings("**Suggested Readings:**\n- History of AI\n- Uses of generative models\n")[0] == []


def test_a_lead_in_addressed_to_those_who_want_more_lists_optional_readings() -> None:
    body = (
        "This lecture covers deep learning.\n\n"
        "For those who want a good introduction to deep learning checkout the following links:\n\n"
        "1. [Gradient Descent](https://cs231n.example.org/opt)\n1. [Convolution](https://cs231n.example.org/conv)\n"
    )
    assert [(req, t) for _, req, t in found(body)] == [(False, "Gradient Descent"), (False, "Convolution")]
