"""An item that marks itself supplementary by a bracketed note at its end (citations.notes_optional,
vocabulary.ITEM_SUPPLEMENT): required is false whatever its section."""

from bot.course.readings import extract_readings


def required(body: str):
    return [(r.title, r.required) for r in extract_readings(body)[0]]


def test_background_and_optional_notes_make_an_item_not_required() -> None:
    body = (
        "## Readings\n\n"
        "* Benjamin, Chapter 1 & Chapter 2\n"
        "* Sorting Things Out: Classification and Its Consequences (Starr & Bowker) [Background]\n"
        "* How Immigration Became Illegal (background)\n"
        "* [Ranking Fairly](https://example.org/rank) [Optional]\n"
        "* [Lakoff on Categories](https://example.org/lakoff) (optional)\n"
    )
    assert required(body) == [
        ("Benjamin, Chapter 1 & Chapter 2", True),
        ("Sorting Things Out: Classification and Its Consequences (Starr & Bowker) [Background]", False),
        ("How Immigration Became Illegal (background)", False),
        ("Ranking Fairly", False),
        ("Lakoff on Categories", False),
    ]


def test_background_as_a_word_of_the_title_is_no_note() -> None:
    body = "## Readings\n\n* [Background on Fairness Metrics](https://example.org/bg) (Smith, 2020)\n"
    assert required(body) == [("Background on Fairness Metrics", True)]
