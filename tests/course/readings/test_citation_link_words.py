"""Titles of citation items whose link only describes itself or names the container (citations.describes_link,
quoted_before_link, vocabulary.VENUE_TAIL): the quoted or italic title the citation marks is the reading's."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.title, r.urls) for r in extract_readings(body)[0]]


def test_a_link_that_only_says_external_link_names_no_work() -> None:
    body = (
        "## Readings\n\n"
        '+ Thomas Padilla, "On a Collections as Data Imperative" (2017), [external link](https://example.org/a.pdf)\n'
        "+ Ryan Cordell, “Taking Dirty OCR Seriously” (2017), [library link](https://doi.org/10.1353/bh.2017.0006)\n"
    )
    assert found(body) == [
        ("On a Collections as Data Imperative", ("https://example.org/a.pdf",)),
        ("Taking Dirty OCR Seriously", ("https://doi.org/10.1353/bh.2017.0006",)),
    ]


def test_a_quoted_chapter_before_its_linked_book_is_the_title() -> None:
    body = (
        "## Readings\n\n"
        '+ David A. Smith and Ryan Cordell, "Textual Criticism as Language Modeling" in '
        "[_Going the Rounds: Virality in Nineteenth-Century Newspapers_](https://example.org/book) (2019), "
        "[external link](https://example.org/ch3)\n"
        '+ Anne McGrail and Siobhan Senier, "Introduction" to _People, Practice, Power_ (2021), '
        "[external link](https://example.org/intro)\n"
    )
    assert found(body) == [
        ("Textual Criticism as Language Modeling", ("https://example.org/book", "https://example.org/ch3")),
        ("Introduction", ("https://example.org/intro",)),
    ]


def test_an_italic_title_dated_in_parentheses_is_no_venue() -> None:
    body = (
        "## Readings\n\n"
        "+ Lee Bessette and Quinn Dombrowski, _DSC Multilingual Mystery #1: Lee and the Missing Metadata_ (2020), "
        "[external link](https://example.org/dscm1) (_note: I would recommend looking at the next one too_)\n"
    )
    assert found(body) == [("DSC Multilingual Mystery #1: Lee and the Missing Metadata", ("https://example.org/dscm1",))]


def test_a_link_naming_a_work_keeps_its_title() -> None:
    body = "## Readings\n\n+ Doe, [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (2017)\n"
    assert found(body) == [("Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))]


def test_a_short_link_that_ends_a_name_begun_before_it_leaves_the_whole_name_as_title() -> None:
    body = (
        "## Readings\n\n"
        "1. The WildML Blog and [Glossary](http://www.wildml.com/deep-learning-glossary/)\n"
        "   1. [Recurrent Neural Networks](http://www.wildml.com/2015/09/rnn/)\n"
        "1. Chapter 2 and [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    )
    assert found(body) == [
        ("The WildML Blog and Glossary", ("http://www.wildml.com/deep-learning-glossary/",)),
        ("Recurrent Neural Networks", ("http://www.wildml.com/2015/09/rnn/",)),
        ("Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",)),
    ]
