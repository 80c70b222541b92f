"""Links whose text only numbers a part of a work (``Chapter 3, sections [#7-16](url)``, ``[§2.1](url)``,
``[Ch. 3](url)``) and bold companion labels beside a work (``**Notes**``, ``**Slides**``, ``**Video**``): the
number is no title (SPEC: the item's visible text is), the label neither; the item stays one reading with its
URLs."""

import pytest

from bot.course.readings import extract_readings
from bot.course.readings.vocabulary import LOCATOR

SLP = "https://web.stanford.edu/~jurafsky/slp3/3.pdf"


def found(body: str):
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


@pytest.mark.parametrize("text", ["#7-16", "§2.1", "§§ 2-3", "Ch. 3", "Chapter 3", "Chapters 2-4", "Section 4.2",
                                  "pp. 10-25", "Part IV", "Sections 1 and 2"])
def test_section_and_page_numbers_are_locators(text: str) -> None:
    assert LOCATOR.match(text)


@pytest.mark.parametrize("text", ["Chapter 3: Storage and Retrieval", "Attention Is All You Need", "I", "GPT-4"])
def test_titles_are_not_locators(text: str) -> None:
    assert not LOCATOR.match(text)


def test_section_number_link_in_an_item_keeps_the_item_text_as_title() -> None:
    body = f"## Readings\n\n- Jurafsky & Martin, Chapter 3, sections [#7-16]({SLP})\n"
    assert found(body) == [("Readings", "Jurafsky & Martin, Chapter 3, sections #7-16", (SLP,))]


def test_chapter_links_of_one_book_are_one_reading_titled_by_the_item() -> None:
    body = "## Readings\n\n- Jurafsky & Martin [Ch. 3](https://slp.org/3.pdf), [Ch. 4](https://slp.org/4.pdf)\n"
    assert found(body) == [("Readings", "Jurafsky & Martin Ch. 3, Ch. 4", ("https://slp.org/3.pdf", "https://slp.org/4.pdf"))]


def test_reading_label_and_section_number_links_give_one_reading_without_the_label() -> None:
    body = "## Readings\n\n- Reading: Eisenstein [§2.1](https://e.org/a), [§2.4](https://e.org/b)\n"
    assert found(body) == [("Readings", "Eisenstein §2.1, §2.4", ("https://e.org/a", "https://e.org/b"))]


def test_bold_reading_label_over_a_section_number_link_in_a_paragraph() -> None:
    body = f"We start with n-grams.\n\n**Readings:** Jurafsky & Martin, Chapter 3, sections [#7-16]({SLP})\n"
    assert found(body) == [("Readings", "Jurafsky & Martin, Chapter 3, sections #7-16", (SLP,))]


def test_definition_line_with_section_number_links_is_a_reading() -> None:
    body = f"09/10\n: Reading: Chapter 3, sections [#7-16]({SLP})\n"
    assert found(body) == [("09/10", "Chapter 3, sections #7-16", (SLP,))]


def test_a_link_naming_the_book_before_section_numbers_is_the_title() -> None:
    body = f"## Readings\n\n- [Speech and Language Processing](https://slp.org), Chapter 3, sections [#7-16]({SLP})\n"
    assert found(body) == [("Readings", "Speech and Language Processing", ("https://slp.org", SLP))]


def test_bold_companion_label_is_not_the_title() -> None:
    body = "## Readings\n\n- **Notes**  \n  [Word Vectors](https://cs224n.org/notes1.pdf)\n"
    assert found(body) == [("Readings", "Word Vectors", ("https://cs224n.org/notes1.pdf",))]


def test_companion_labels_and_links_beside_a_work_do_not_split_it() -> None:
    body = (
        "## Readings\n\n"
        "- [Efficient Estimation of Word Representations](https://arxiv.org/abs/1301.3781), [Notes](https://x.org/n)\n"
        "- **Notes** [Word Vectors](https://cs224n.org/n1.pdf) **Slides** [pdf](https://x.org/s.pdf)\n"
    )
    assert found(body) == [
        ("Readings", "Efficient Estimation of Word Representations", ("https://arxiv.org/abs/1301.3781", "https://x.org/n")),
        ("Readings", "Word Vectors", ("https://cs224n.org/n1.pdf", "https://x.org/s.pdf")),
    ]


def test_a_label_and_the_sessions_own_material_name_no_work() -> None:
    assert found("## Readings\n\n- **Video** [Lecture 2](https://youtube.com/x)\n- [GloVe](https://nlp.org/g.pdf)\n") == [
        ("Readings", "GloVe", ("https://nlp.org/g.pdf",))]
