"""The vocabulary matches whole words: a reading word's stem does not take other words ("Ready" is not
"read", "Readiness" is not "reading"); bot/course/readings/vocabulary.py spells out the forms it means."""

import pytest

from bot.course.readings import extract_readings
from bot.course.readings.names import is_supplementary, section_kind
from bot.course.readings.vocabulary import READING_BADGE, READING_LABEL, READING_WORDS


@pytest.mark.parametrize("word", ["Ready", "Readiness", "README", "Readily", "Readable"])
def test_words_that_only_begin_like_read_are_not_reading_words(word: str) -> None:
    assert not READING_WORDS.search(word) and not READING_LABEL.search(word) and not READING_BADGE.search(word)


@pytest.mark.parametrize("word", ["Read", "reads", "Reading", "Readings", "Course Reader", "readers"])
def test_forms_of_read_are_reading_words(word: str) -> None:
    assert READING_WORDS.search(word) and READING_LABEL.search(word) and READING_BADGE.search(word)


def test_get_ready_section_is_not_a_readings_section() -> None:
    assert section_kind("Get Ready") == "other" and section_kind("Getting ready for class") == "other"
    body = "## Get Ready\n\n- [Install Python](https://python.org)\n- [Set up your laptop](https://x.org/setup)\n"
    assert extract_readings(body)[0] == []


def test_a_section_that_gets_ready_by_reading_is_still_judged_by_its_reading_word() -> None:
    assert section_kind("Get ready: readings") == "neutral"
    assert section_kind("Reading assignment") == "reading" and section_kind("Assigned readings") == "reading"


def test_supplement_forms_still_mark_a_section_supplementary() -> None:
    assert all(is_supplementary(n) for n in ["Supplementary", "Supplemental readings", "Supplements"])
    assert section_kind("Supplementary readings") == "reading"
