"""A ``Reading:`` item in a topic's mixed materials list (``* Slides: [..](..)``, ``* Reading: Section 1.3``,
``* Codes: [x.cpp](..)``): the item is the reading, titled by the text after the label (shapes.reading_label);
a placeholder value gives nothing; the siblings with other labels and links to source code files add nothing."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_reading_item_under_a_topic_heading_is_titled_by_the_text_after_its_label() -> None:
    body = (
        "## Functions\n"
        "* Reading: Section 1.3\n"
        "* Lecture Slides: [Functions](../slides/functions.pdf)\n"
        "* Codes: [hello.cpp](../code/hello.cpp)\n\n"
        "## Scope and Const\n"
        "* Reading: Section 1.5 and Section 1.6\n"
        "* Codes (Separate Function): [main.cpp](../code/main.cpp), [complex.h](../code/complex.h)\n"
    )
    assert found(body) == [
        ("Functions", True, "Section 1.3", ()),
        ("Scope and Const", True, "Section 1.5 and Section 1.6", ()),
    ]


def test_reading_item_linking_one_work_is_titled_by_its_link_text() -> None:
    body = (
        "## Introduction\n"
        "* Reading: [Syllabus](../syllabus)\n"
        "* Lecture Slides: [Introduction](../slides/intro.pdf)\n\n"
        "## Graphs\n"
        "* Required reading: [Graph Theory Notes](https://notes.example.org/graphs.pdf)\n"
    )
    assert found(body) == [
        ("Introduction", True, "Syllabus", ()),
        ("Graphs", True, "Graph Theory Notes", ("https://notes.example.org/graphs.pdf",)),
    ]


def test_placeholder_reading_item_gives_nothing() -> None:
    body = (
        "## Formatting\n"
        "* Reading: None\n"
        "* Codes: [poor_formatting.cpp](../code/poor_formatting.cpp)\n\n"
        "## Compiler Options\n"
        "* Reading: No reading\n"
        "* Lecture Slides: [Compiler Options](../slides/options.pdf)\n\n"
        "## Version Control\n"
        "* Reading: No Reading\n"
    )
    assert found(body) == []


def test_links_to_source_code_files_are_not_readings() -> None:
    body = (
        "## Examples from class\n"
        "* [references_pointers.cpp](../code/references_pointers.cpp)\n"
        "* [train.py](https://github.com/example/course/blob/main/train.py), [model.py](https://github.com/example/course/blob/main/model.py)\n\n"
        "## Readings\n"
        "* [Ranking at www.cs.put.poznan.pl](https://www.cs.put.poznan.pl)\n"
    )
    assert found(body) == [
        ("Readings", True, "Ranking at www.cs.put.poznan.pl", ("https://www.cs.put.poznan.pl",)),
    ]


def test_chapter_title_before_a_colon_is_not_a_reading_label() -> None:
    body = "## Readings\n* Chapter 3: Storage and Retrieval\n"
    assert [t for _, _, t, _ in found(body)] == ["Chapter 3: Storage and Retrieval"]


def test_label_naming_a_reading_task_is_not_a_reading_label() -> None:
    body = "## Topic\n* Reading questions: What is a pointer?\n* Reading: Section 2.1\n"
    assert [t for _, _, t, _ in found(body)] == ["Section 2.1"]
