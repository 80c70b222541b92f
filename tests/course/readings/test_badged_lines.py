"""Badged lines outside lists (bot/course/readings/badges.py): ``**Reading**{: .label} [Title](url)`` paragraphs."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


WEEK = """**Concept**{: .label .label-purple }[What a parser does](../notes/parsers)

[Why grammars matter](../notes/grammars)

**Reading**{: .label .label-blue } [A Gentle Guide to Parsing](https://guides.example.org/parsing) <br>
**Reading**{: .label .label-blue } [Chart Parsing Revisited by Some Author](https://papers.example.org/chart)

**Code**{: .label .label-red } [Parser notebook](https://colab.research.google.com/drive/abc)
"""


def test_reading_badge_line_is_a_reading_with_its_own_link() -> None:
    assert found(WEEK) == [
        (None, True, "A Gentle Guide to Parsing", ("https://guides.example.org/parsing",)),
        (None, True, "Chart Parsing Revisited by Some Author", ("https://papers.example.org/chart",)),
    ]


def test_badge_naming_other_material_makes_the_line_no_reading() -> None:
    titles = [t for _, _, t, _ in found(WEEK)]
    assert "Parser notebook" not in titles and "What a parser does" not in titles


def test_optional_badge_line_is_a_reading_not_required() -> None:
    body = (
        "**Optional**{: .label .label-green } Roe, J. (2019). [Parsing in the wild.](https://x.example.org/wild) "
        "In Proceedings of Something (pp. 1-9).\n"
    )
    assert found(body) == [(None, False, "Parsing in the wild.", ("https://x.example.org/wild",))]


def test_due_badge_line_is_no_reading() -> None:
    assert found("**Project due**{: .label .label-red } [Proposal template](https://docs.example.org/p)\n") == []
