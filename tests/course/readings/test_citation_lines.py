"""Citations that stand alone: link-first reference paragraphs (shapes.py: is_linked_citation) and
schedule lines that cite a work by author and year without a link (definitions.py: _citation_draft)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


def test_paragraph_that_is_a_link_and_its_author_is_a_reading() -> None:
    body = (
        "[The Code of Practice for Engineers](https://codes.example.org/) *(skim)*\n\n"
        '["What Could Go Wrong"](https://essays.example.org/wrong), A. Writer (2016)\n'
    )
    assert found(body) == [
        (None, True, "The Code of Practice for Engineers"),
        (None, True, "What Could Go Wrong"),
    ]


def test_sentence_that_starts_with_a_link_is_not_a_reading() -> None:
    body = "[OpenRefine](https://openrefine.example.org) is a tool that we will use a lot in the labs this term.\n"
    assert found(body) == []


def test_relative_link_paragraph_is_not_a_reading() -> None:
    assert found("[Tokenization notes](../notes/token)\n") == []


def test_definition_line_citing_author_and_year_is_a_reading() -> None:
    body = (
        "10/2\n"
        ": <span>Theory</span>{:.label.label-yellow} Kuhn (1962), Chapters 2–4\n"
        ": <span>Theory</span>{:.label.label-yellow} van Fraassen (1980), Section 5.4\n"
        "\n10/7\n"
        ": <span>Deadline</span>{:.label.label-red} Last day to drop courses (2024)\n"
    )
    assert found(body) == [
        ("10/2", True, "Kuhn (1962), Chapters 2–4"),
        ("10/2", True, "van Fraassen (1980), Section 5.4"),
    ]


def test_definition_line_without_link_or_citation_is_not_a_reading() -> None:
    assert found("9/7\n: <span>Holiday</span>{:.label.label-red} No class (Labor Day)\n") == []


def test_span_badge_is_not_part_of_the_title() -> None:
    body = "9/4\n: <span>Writing Sample</span>{:.label.label-yellow} Sarnecka (2019), Introduction\n"
    assert found(body) == [("9/4", True, "Sarnecka (2019), Introduction")]
