"""Titles and items of common seminar-page shapes: a label with a few words before its link (shapes.labelled_work), lead-ins with asides, items labelled as other
matter, several works in one table cell, Liquid tags in link targets (liquid.py)."""

from bot.course.readings import extract_readings
from bot.course.readings.liquid import resolve_liquid_links


def found(body: str):
    return [(r.section, r.required, r.title, len(r.urls)) for r in extract_readings(body)[0]]


def test_bold_label_then_words_then_link_names_the_linked_work() -> None:
    assert found("**Reading:** Chapter 2 of [Learning From Data](https://book.example.org/)\n") == [
        ("Reading", True, "Learning From Data", 1)]


def test_lead_in_with_an_aside_about_class_still_introduces_readings() -> None:
    body = "Required readings (please read before class):\n\n- [Paper A](https://a.org/1)\n- [Paper B](https://b.org/2)\n"
    assert [t for _, _, t, _ in found(body)] == ["Paper A", "Paper B"]


def test_item_labelled_as_other_class_matter_is_not_a_reading() -> None:
    body = (
        "- **Readings:** [Paper A](https://a.org/1), [Paper B](https://b.org/2)\n"
        "- **Homework:** [Problem Set 1](https://a.org/ps1)\n"
        "- **Slides:** [pdf](https://a.org/s.pdf)\n"
    )
    assert [t for _, _, t, _ in found(body)] == ["Paper A", "Paper B"]


def test_table_cell_with_several_works_gives_one_reading_each() -> None:
    body = (
        "| Date | Topic | Readings |\n|---|---|---|\n"
        "| 9/5 | Pretraining | [Paper A](https://a.org/1), [Paper B](https://b.org/2) |\n"
    )
    assert [(t, n) for _, _, t, n in found(body)] == [("Paper A", 1), ("Paper B", 1)]


def test_liquid_tags_in_link_targets_resolve_to_paths() -> None:
    text = "[A]({{ site.baseurl }}{% link _notes/a.md %}) [B]({{ '/b.pdf' | relative_url }}) [C](https://c.org/x)"
    assert resolve_liquid_links(text) == "[A](_notes/a.md) [B](/b.pdf) [C](https://c.org/x)"


def test_link_with_a_liquid_target_is_titled_by_its_text() -> None:
    body = "## Readings\n\n- [Chapter 2 of the course notes]({{ site.baseurl }}/notes/ch2.pdf)\n"
    assert found(body) == [("Readings", True, "Chapter 2 of the course notes", 0)]
