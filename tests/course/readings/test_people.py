"""A speaker's or guest's link is not a reading (people.py): a person's name under a label for who speaks, or
linked alone to that person's own page; a work's link stays a reading."""

import pytest

from bot.course.readings import extract_readings
from bot.course.readings.people import is_person_name, is_personal_page

PAPER = "[Attention Is All You Need](https://arxiv.org/abs/1706.03762)"


def found(body: str):
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


def test_a_definition_line_that_only_links_a_person_to_a_home_page_is_no_reading() -> None:
    body = f"09/10\n: *[Maxwell Nye](https://maxwellnye.github.io/)*\n: {PAPER}\n"
    assert found(body) == [("09/10", "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))]
    body = f"Lecture 3\n: *[Jane Doe](https://people.csail.mit.edu/jane/)* (MIT)\n: {PAPER}\n"
    assert [t for _, t, _ in found(body)] == ["Attention Is All You Need"]


@pytest.mark.parametrize("line", [
    "Speaker: [Jane Doe](https://univ.edu/~jane)",
    "**Guest:** [Jane Doe](https://example.org/talks)",
    "*Presented by* [Jane Doe](https://janedoe.com) and [John Roe](https://roe.org)",
    "Intervenante : [Marie Curie](https://example.fr/mc)",
])
def test_a_person_under_a_speaker_or_guest_label_is_no_reading(line: str) -> None:
    assert [t for _, t, _ in found(f"## Readings\n\n{line}\n\n- {PAPER}\n")] == ["Attention Is All You Need"]
    assert [t for _, t, _ in found(f"## Readings\n\n- {line}\n- {PAPER}\n")] == ["Attention Is All You Need"]


def test_works_named_like_people_or_linked_to_their_sites_stay_readings() -> None:
    body = ("## Readings\n\n- *[Jane Eyre](https://www.gutenberg.org/ebooks/1260)*\n"
            "- [Deep Learning](https://www.deeplearningbook.org/)\n"
            "- Speaker: [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n")
    assert [t for _, t, _ in found(body)] == ["Jane Eyre", "Deep Learning", "Attention Is All You Need"]
    assert [t for _, t, _ in found(f"09/10\n: {PAPER}\n")] == ["Attention Is All You Need"]


def test_a_persons_name_and_page_are_told_by_their_shape() -> None:
    assert all(map(is_person_name, ["Jane Doe", "J. R. R. Tolkien", "Ludwig van Beethoven", "Yann LeCun"]))
    assert not any(map(is_person_name, ["Attention Is All You Need", "Deep Learning", "BERT Explained", "Doe",
                                        "Lecture 3 Notes"]))
    assert all(is_personal_page(u, "Jane Doe") for u in [
        "https://univ.edu/~jane", "https://janedoe.github.io/", "https://www.cs.univ.edu/people/jdoe/",
        "https://people.csail.mit.edu/jane/", "https://janedoe.com", "https://scholar.google.com/citations?user=x"])
    assert not any(is_personal_page(u, "Jane Doe") for u in [
        "https://arxiv.org/abs/1706.03762", "https://www.gutenberg.org/ebooks/1260", "https://janedoe.github.io/a/b",
        "https://en.wikipedia.org/wiki/Jane_Doe", "https://doe.org/papers/2020/x.pdf", "https://univ.edu/~jane/book/",
        "https://univ.edu/~bob", "https://functions.example.org/doe"])


def test_a_book_under_its_authors_folder_stays_a_reading() -> None:
    body = "## References\n1. [Convex Optimization](https://web.stanford.edu/~boyd/cvxbook/)\n"
    assert [t for _, t, _ in found(body)] == ["Convex Optimization"]
