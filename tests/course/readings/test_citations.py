"""Titles of citation items and rows of works (bot/course/readings/citations.py)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.title, r.urls, r.required) for r in extract_readings(body)[0]]


def test_citation_title_is_the_link_text_amid_author_and_date() -> None:
    assert found("## Readings\n- Steven Levy, [\"Hackers\"](https://h.org) (1984)\n") == [
        ("Hackers", ("https://h.org",), True)]


def test_quoted_title_when_the_link_text_is_generic() -> None:
    body = '## Reading\n- Doe, J. (2015) “Maps as Texts,” in Journal of X: 1-20. Available [here](https://m.org).\n'
    assert found(body)[0][0] == "Maps as Texts"


def test_italic_title_of_a_book_chapter_without_link() -> None:
    body = "## Reading\n- Downey, A. (2015) _Think Python. How to Think_: Chapter 3 (Functions).\n"
    assert found(body)[0][0] == "Think Python. How to Think"


def test_lead_in_and_row_of_links_gives_one_reading_per_work() -> None:
    body = "## Readings\n- Two related books: [First Book Title](https://a.org), [Second Book Title](https://b.org)\n"
    assert found(body) == [("First Book Title", ("https://a.org",), True), ("Second Book Title", ("https://b.org",), True)]


def test_two_parts_of_one_work_stay_one_reading() -> None:
    body = "## Readings\n- Ann Writer, [The Long Essay, part 1](https://a.org/1) and [Part 2](https://a.org/2), Mag (1998)\n"
    assert found(body) == [("The Long Essay, part 1", ("https://a.org/1", "https://a.org/2"), True)]


def test_item_marked_optional_is_not_required() -> None:
    assert found("## Readings\n- [A Paper on Things](https://a.org) (optional)\n")[0][2] is False


def test_one_citation_per_paragraph_under_a_readings_heading() -> None:
    body = (
        "## Readings\n\nPlease read before class:\n\n"
        "Doe, J. (2019). *Counting Things at Scale*. Journal of Counting, 3(2). https://doi.org/10.1/abc\n\n"
        "Roe, R. 2021. \u201cA Second Look at Counting.\u201d Proceedings of Things.\n\n"
        "We will discuss these in class.\n"
    )
    assert [(r.title, r.urls) for r in extract_readings(body)[0]] == [
        ("Counting Things at Scale", ("https://doi.org/10.1/abc",)), ("A Second Look at Counting", ())]


def test_prose_paragraph_in_a_recap_is_not_a_reading() -> None:
    body = "We covered regression. See Chapter 4 of [Intro to Statistical Learning](https://isl.org) for more.\n"
    assert extract_readings(body)[0] == []


def test_italic_journal_followed_by_volume_is_not_the_title() -> None:
    item = "## Readings\n- Quinlan, J. R. (1986). Induction of Decision Trees. *Machine Learning*, 1, 81-106.\n"
    assert found(item) == [("Induction of Decision Trees", (), True)]


def test_italic_book_title_followed_by_a_chapter_is_the_title() -> None:
    assert found("## Optional\n1. Bishop, *Pattern Recognition and Machine Learning*, Ch. 1\n") == [
        ("Pattern Recognition and Machine Learning", (), False)]


def test_author_date_sentence_is_the_title_when_nothing_is_marked() -> None:
    item = "## Readings\n- Breiman, L. (2001). Statistical Modeling: The Two Cultures. Statistical Science 16(3).\n"
    assert found(item) == [("Statistical Modeling: The Two Cultures", (), True)]


def test_author_date_entries_without_a_heading_are_readings_and_badges_mark_them_optional() -> None:
    body = (
        "**Milestone**{: .label } [Project proposal](https://canvas.example.edu/a/1)\n\n"
        "Doe, J. (2019). A Book About Things: Subtitle Here. Press. (read pages [1-17](https://d.org/p))\n\n"
        "Roe, K., Poe, E., & Lee, A. (2020, April). [A Paper Title](https://p.org). In Proceedings (pp. 1-16).\n\n"
        "**Optional**{: .label .label-green } Kim, S. (2016, May). [An Optional Paper](https://o.org). In Proc.\n\n"
        "We will also look at [this tool](https://t.org) in class (2021).\n"
    )
    assert found(body) == [
        ("A Book About Things: Subtitle Here", ("https://d.org/p",), True),
        ("A Paper Title", ("https://p.org",), True),
        ("An Optional Paper", ("https://o.org",), False),
    ]


def test_a_page_range_link_names_no_work() -> None:
    from bot.course.readings.citations import names_work

    assert not names_work("1-17")
    assert names_work("Chapter 1")
