"""A citation that sets its authors in italics and its title in bold, with only a generic link
(``*Authors.* **Title** [arxiv](..)``): the bold title is the reading's (inline.Inline.bolds,
citations.is_bold_title)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.title, r.urls, r.required) for r in extract_readings(body)[0]]


def test_the_bold_title_beside_italic_authors_names_the_work() -> None:
    body = (
        "## Readings\n\n"
        "* *Avrim Blum and Moritz Hardt.*  **The Ladder: A Reliable Leaderboard for Machine Learning Competitions**"
        " [arxiv](https://arxiv.org/abs/1502.04585)\n"
    )
    assert found(body) == [
        ("The Ladder: A Reliable Leaderboard for Machine Learning Competitions", ("https://arxiv.org/abs/1502.04585",), True)
    ]


def test_a_bold_label_is_no_title() -> None:
    body = "## Readings\n\n* **Optional Reading**: *Designing Data-Intensive Applications* [pdf](https://x.org/d.pdf)\n"
    assert found(body) == [("Designing Data-Intensive Applications", ("https://x.org/d.pdf",), False)]
