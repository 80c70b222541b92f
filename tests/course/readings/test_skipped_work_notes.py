"""A note saying one work need not be read, naming it by its quoted title ("Note: You do not need to read Lodge,
Steenbergen, and Brau - "The Responsive Voter". Consider it an optional refresher."): that work is an optional
reading, and the note says nothing of the other works of its section (shapes.skipped_work)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.required, r.title) for r in extract_readings(body)[0]]


NOTE = 'You do not need to read Lodge, Steenbergen, and Brau - "The Responsive Voter". Consider it an optional refresher.'


def test_a_paragraph_note_skipping_a_quoted_work_is_that_optional_work_and_leaves_the_others_required() -> None:
    body = f"## Readings\n\n*Note: {NOTE}*\n\n### Taber and Lodge\n\n### Healy and Malhotra\n"
    assert found(body) == [(False, "The Responsive Voter"), (True, "Taber and Lodge"), (True, "Healy and Malhotra")]


def test_a_list_item_note_skipping_a_quoted_work_makes_it_optional() -> None:
    body = f"## Readings\n\n* Note: {NOTE}\n\n### Taber and Lodge\n"
    assert found(body) == [(False, "The Responsive Voter"), (True, "Taber and Lodge")]


def test_a_note_naming_no_quoted_work_is_no_reading() -> None:
    body = "## Readings\n\n*Note: Do not read the Erikson article.*\n\n### Riker\n\n### Jacobs and Page\n"
    assert found(body) == [(True, "Riker"), (True, "Jacobs and Page")]


def test_a_line_saying_the_whole_list_is_optional_still_makes_it_optional() -> None:
    body = "## Readings\n\nOptional, for those interested.\n\n- [Paper A](https://a.org/1)\n"
    assert found(body) == [(False, "Paper A")]


def test_a_quoted_work_outside_a_readings_section_is_no_reading() -> None:
    body = f"## Discussion\n\n*Note: {NOTE}*\n"
    assert found(body) == []
