"""Ordinal day numbers (``April 25th``, ``May 2nd``, ``1st``) are read wherever days are read."""

from bot.course.days import Day, leading_day, parse_day, title_day
from bot.course.schedule_rows import markdown_rows


def test_ordinal_days_parse_with_or_without_a_year():
    assert parse_day("April 25th") == Day(4, 25)
    assert parse_day("May 2nd") == Day(5, 2)
    assert parse_day("Sep 1st") == Day(9, 1)
    assert parse_day("May 23rd, 2023") == Day(5, 23, 2023)
    assert parse_day("1st") is None  # a number alone names no month


def test_a_title_naming_an_ordinal_day_is_dated_by_it():
    assert title_day("May 2nd") == "May 2nd"
    assert title_day("Intro (Sep 1st)") == "Sep 1st"
    assert title_day("May 23rd: Implications") == "May 23rd"
    assert title_day("Lecture 1st") is None and title_day("Part 2nd") is None  # no month: no day


def test_a_range_of_ordinal_days_starts_on_its_first_day():
    assert leading_day("1st - 3rd September") == "1 September"
    assert leading_day("May 30th - June 2nd") == "May 30th"


def test_a_schedule_row_with_an_ordinal_day_dates_the_page_it_links():
    rows = markdown_rows("| May 2nd | [Core LLMs](sessions/session2) |\n| May 9th | [Prepped](sessions/session3) |\n")
    assert [(r.day, r.references) for r in rows] == [("May 2nd", (("sessions", "session2"),)),
                                                     ("May 9th", (("sessions", "session3"),))]
