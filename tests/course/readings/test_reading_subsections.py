"""Sub-headings of readings under a section about something else (sections.reading_subsections): a heading
naming reading matter, or one over a list of citations, holds readings whatever its level-2 heading is; guest
and speaker sections are not readings; a heading announcing readings to come names none; link texts that
describe the link ("external link") and italic authors beside a bold title (citations.marked_title)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


def test_citation_lists_under_sub_headings_of_a_discussion_section_are_readings() -> None:
    body = (
        "## Guest\n\n[Tess McNulty](https://www.example.org/tess), UIUC English\n\n"
        "## Discussion Topic\n\n_What is humanities data?_\n\n"
        "[Discussion Prep and Collaborative Notes Doc](https://docs.example.org/d/1)\n\n"
        "### Core\n\n"
        "+ Thomas Padilla, \"On a Collections as Data Imperative\" (2017), [external link](https://example.org/a.pdf)\n"
        "+ Miriam Posner, “Humanities Data: A Necessary Contradiction” (2015), [external link](https://example.org/p)\n\n"
        "### Penumbra\n\n"
        "+ Katie Rawson and Trevor Muñoz, \"Against Cleaning\" (2016), [library link](https://example.org/c)\n"
        "+ Sarah Allison, “Other People’s Data: Humanities Edition” (2016), [external link](https://example.org/o)\n\n"
        "### Questions\n\n+ What does it mean to transform objects into data?\n+ Who decides?\n"
    )
    assert [t for _, _, t in found(body)] == [
        "On a Collections as Data Imperative", "Humanities Data: A Necessary Contradiction",
        "Against Cleaning", "Other People’s Data: Humanities Edition",
    ]


def test_a_reading_sub_heading_under_a_talk_title_holds_readings() -> None:
    body = (
        "## New Tools for Reliable Data Science\n\nMost applications of machine learning rely on the holdout.\n\n"
        "### Optional reading:\n"
        "* *Avrim Blum and Moritz Hardt.*  **The Ladder: A Reliable Leaderboard for Machine Learning Competitions** "
        "[arxiv](https://arxiv.org/abs/1502.04585)\n"
    )
    assert found(body) == [
        ("New Tools for Reliable Data Science", False,
         "The Ladder: A Reliable Leaderboard for Machine Learning Competitions"),
    ]


def test_a_heading_announcing_readings_to_come_is_not_a_reading() -> None:
    body = (
        "## Reading List:\n\n### Important Neural Architectures\n\n"
        "1. *Szegedy et al.* [**Going Deeper with Convolutions**](https://x.org/googlenet.pdf), CVPR'15.\n\n"
        "### Additional reading coming soon...\n"
    )
    assert [t for _, _, t in found(body)] == ["Going Deeper with Convolutions"]
