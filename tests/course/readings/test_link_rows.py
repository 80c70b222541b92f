"""Rows of links without a lead-in (citations.py: link_row) and lines that open with the session's own
material (citations.py: is_class_material)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_comma_separated_links_naming_different_works_are_one_reading_each() -> None:
    body = (
        "Extra\n"
        ": Related essays\n"
        "    : [Open Data](https://essays.example.edu/open), [Citing Software](https://essays.example.edu/cite)\n"
    )
    assert found(body) == [
        ("Extra", False, "Open Data", ("https://essays.example.edu/open",)),
        ("Extra", False, "Citing Software", ("https://essays.example.edu/cite",)),
    ]


def test_list_item_row_of_links_is_one_reading_per_link() -> None:
    body = "## Readings\n\n- [First Essay](https://a.example.org/1); [Second Essay](https://b.example.org/2)\n"
    assert [t for _, _, t, _ in found(body)] == ["First Essay", "Second Essay"]


def test_links_to_parts_of_one_work_stay_one_reading() -> None:
    body = "## Readings\n\n- [Part 1](https://talks.example.org/1), [Part 2](https://talks.example.org/2)\n"
    assert len(found(body)) == 1


def test_line_opening_with_the_lecture_file_is_class_material() -> None:
    body = (
        "Sep 02\n"
        ": Introduction\n"
        "  : [Lecture 1](https://drive.example.com/lec1) , [Setup & Installation](https://docs.example.com/setup)\n"
    )
    assert found(body) == []


def test_an_authors_quoted_titles_joined_by_and_are_one_reading_each() -> None:
    body = (
        "## Readings\n\n"
        "- Lane, [\"The Street as Archive: Listening\"](https://a.example.org/1) and "
        "[\"The Street as Archive: Recording\"](https://a.example.org/2)\n"
    )
    assert found(body) == [
        ("Readings", True, "The Street as Archive: Listening", ("https://a.example.org/1",)),
        ("Readings", True, "The Street as Archive: Recording", ("https://a.example.org/2",)),
    ]


def test_quoted_parts_of_one_work_after_an_author_stay_one_reading() -> None:
    body = "## Readings\n\n- Lane, [\"Part 1\"](https://a.example.org/1) and [\"Part 2\"](https://a.example.org/2)\n"
    assert len(found(body)) == 1


def test_chapter_links_to_separate_documents_are_one_reading_each() -> None:
    body = (
        "Feb 21\n"
        ": **Read**{: .label .label-green}[Ch3](https://book.example.org/ch3.pdf), [Ch4](https://book.example.org/ch4.pdf)\n"
        ": [Chapter 5](https://book.example.org/ch5.pdf), [Chapter 6](https://book.example.org/ch6.pdf)\n"
    )
    assert [(t, u) for _, _, t, u in found(body)] == [
        ("Ch3", ("https://book.example.org/ch3.pdf",)), ("Ch4", ("https://book.example.org/ch4.pdf",)),
        ("Chapter 5", ("https://book.example.org/ch5.pdf",)), ("Chapter 6", ("https://book.example.org/ch6.pdf",)),
    ]


def test_chapter_links_into_one_document_stay_one_reading() -> None:
    # the same address up to its fragment: parts of one work; so is a marked work title before them
    body = (
        "## Readings\n\n"
        "- [Ch1](https://book.example.org/book.html#c1), [Ch2](https://book.example.org/book.html#c2)\n"
        "- *Deep Learning* [Ch6](https://dl.example.org/6), [Ch7](https://dl.example.org/7)\n"
    )
    got = found(body)
    assert len(got) == 2
    assert got[1][2] == "Deep Learning"
