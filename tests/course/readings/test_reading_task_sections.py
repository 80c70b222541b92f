"""Section names about the reading's task ("Reading Responses") hold no readings; a name about other matter that
also names readings ("Before class: Readings, resources, and tasks") is a readings section (names.section_kind)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.title) for r in extract_readings(body)[0]]


def test_reading_responses_and_questions_are_not_readings_sections() -> None:
    body = (
        "## Reading (Required)\n* [Fairness Through Awareness](https://arxiv.org/abs/1104.3913) by Dwork et al.\n\n"
        "## Reading Responses\n1. Summarize the main argument of the reading\n"
        "2. Give a supporting argument the author uses\n\n"
        "## Reading questions\n- [What is a fair classifier?](https://forum.example.org/t/1)\n"
    )
    assert found(body) == [("Reading (Required)", "Fairness Through Awareness")]


def test_before_class_naming_readings_is_a_readings_section() -> None:
    body = (
        "## Before class: Readings, resources, and tasks\n"
        "- Woo, B. (2020). [Readers, Audiences, and Fans](https://example.edu/woo.pdf). *Comics Studies* (pp. 126-137).\n"
    )
    assert found(body) == [("Before class: Readings, resources, and tasks", "Readers, Audiences, and Fans")]


def test_before_class_alone_is_still_not_a_readings_section() -> None:
    body = "## Before Class\n- [Install the reader app](https://example.org/app)\n- [Course FAQ](https://example.org/faq)\n"
    assert found(body) == []
