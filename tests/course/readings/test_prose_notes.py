"""Running prose under sub-headings (bot/course/readings/prose.py): lecture notes are not readings."""

from bot.course.readings import extract_readings

SENTENCES = ("Real experimental data are subject to a variety of sources of noise, from random errors in the "
             "measurements to effects that compete with the one we study, and so we describe them with a ")


def found(body: str) -> list[tuple[str | None, str, tuple[str, ...]]]:
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


def test_a_sub_heading_over_paragraphs_of_notes_names_no_reading() -> None:
    body = (f"## Background\n\n### Fundamentals of distributions\n\n{SENTENCES}"
            "[normal distribution](https://en.wikipedia.org/wiki/Normal_distribution) and its moments.\n\n"
            f"### NHANES\n\nThe [NHANES](https://www.cdc.gov/nchs/nhanes/) survey {SENTENCES} few numbers.\n")
    assert found(body) == []


def test_prose_that_links_its_work_by_a_generic_word_or_a_paper_address_is_still_a_reading() -> None:
    body = (f"## Background\n\n### Attention Is All You Need\n\n{SENTENCES} model; read it "
            "[here](https://example.org/attention) before class.\n\n"
            f"### Deep Residual Learning\n\n{SENTENCES} shortcut, as in "
            "[the ResNet paper](https://arxiv.org/abs/1512.03385) by He et al.\n")
    assert found(body) == [
        ("Background", "Attention Is All You Need", ("https://example.org/attention",)),
        ("Background", "Deep Residual Learning", ("https://arxiv.org/abs/1512.03385",)),
    ]


def test_under_a_readings_heading_a_sub_heading_over_prose_stays_a_reading() -> None:
    body = (f"## Readings\n\n### Fundamentals of distributions\n\n{SENTENCES}"
            "[normal distribution](https://en.wikipedia.org/wiki/Normal_distribution) and its moments.\n")
    assert found(body) == [("Readings", "Fundamentals of distributions",
                            ("https://en.wikipedia.org/wiki/Normal_distribution",))]


def test_a_sub_heading_over_a_list_of_links_is_judged_as_before() -> None:
    body = "## Week 3\n\n### Attention Is All You Need\n\n- [paper](https://arxiv.org/abs/1706.03762)\n"
    assert found(body) == [("Week 3", "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))]


def test_a_sub_heading_over_one_sentence_linking_inside_it_names_no_reading() -> None:
    body = (
        "# Week 1\n\n### Collapsed Section\n\n"
        "The following uses the [`<details>`](https://docs.example.org/collapsed) tag to create a collapsed section.\n"
    )
    assert found(body) == []


def test_a_sub_heading_over_a_sentence_that_starts_with_its_link_is_judged_as_before() -> None:
    body = "## Week 3\n\n### Attention Is All You Need\n\n[Attention Is All You Need](https://ex.org/att) by Vaswani et al. in 2017.\n"
    assert [t for _, t, _ in found(body)] == ["Attention Is All You Need"]
