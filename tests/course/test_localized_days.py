"""Days written in other European languages (days.py with calendar_words' data), the site's language hint,
and term words of other languages (site.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.course.calendar_words import MONTH_FORMS, WEEKDAY_FORMS, language_code, month_table
from bot.course.days import Day, first_listed_day, leading_day, parse_day, title_day
from bot.course.site import open_site
from bot.course.term import term_years


@pytest.mark.parametrize(
    "text, day",
    [
        ("5. října", Day(10, 5)),
        ("21. září", Day(9, 21)),
        ("5. Oktober", Day(10, 5)),
        ("3 octobre", Day(10, 3)),
        ("3 ottobre", Day(10, 3)),
        ("3 października", Day(10, 3)),
        ("3 októbra", Day(10, 3)),
        ("5 lokakuuta", Day(10, 5)),
        ("5 октября", Day(10, 5)),
        ("október 5.", Day(10, 5)),
        ("3 oct. 2017", Day(10, 3, 2017)),
        ("3 déc.", Day(12, 3)),
    ],
)
def test_month_names_of_european_languages_make_a_day(text: str, day: Day) -> None:
    assert parse_day(text) == day


def test_dotted_day_and_month_numbers_read_day_first() -> None:
    assert parse_day("12. 10.") == Day(10, 12)
    assert parse_day("12.10.") == Day(10, 12)
    assert parse_day("12.10.2017") == Day(10, 12, 2017)
    assert parse_day("3. 7. 2014") == Day(7, 3, 2014)
    assert parse_day("10. 3.", "hu") == Day(10, 3)  # Hungarian writes the month first
    assert parse_day("10.30") is None  # a time or a number, not a day


def test_words_between_a_days_parts_count_only_beside_a_month_name() -> None:
    assert parse_day("el 3 de octubre") == Day(10, 3)
    assert parse_day("3 de outubro de 2017") == Day(10, 3, 2017)
    assert parse_day("am 5. Oktober") == Day(10, 5)
    assert parse_day("de 5 de") is None
    assert parse_day("The March 5 lecture") is None  # English words are no fillers


def test_weekday_in_another_language_is_checked_like_an_english_one() -> None:
    assert parse_day("čtvrtek 5. října") == Day(10, 5, None, 3)
    assert parse_day("Donnerstag, 5. Oktober") == Day(10, 5, None, 3)
    assert parse_day("jeudi 5 octobre") == Day(10, 5, None, 3)


def test_month_form_two_languages_read_differently_follows_the_site_language() -> None:
    assert parse_day("5. listopada") == Day(11, 5)  # Polish (and Czech listopad): November
    assert parse_day("5. listopada", "hr") == Day(10, 5)  # Croatian: October
    assert month_table("hr")["listopad"] == 10 and month_table()["listopad"] == 11


def test_site_language_reads_an_ambiguous_slash_day_day_first() -> None:
    assert parse_day("3/10") == Day(3, 10)
    assert parse_day("3/10", "en") == Day(3, 10)
    assert parse_day("3/10", "cs") == Day(10, 3)
    assert parse_day("3/10", "fr") == Day(10, 3)


def test_slash_day_that_can_be_read_one_way_only_is_read_that_way() -> None:
    assert parse_day("25/10") == Day(10, 25)
    assert parse_day("Wed 9/28", "cs") == Day(9, 28, None, 2)
    assert parse_day("2024.09.28", "cs") == Day(9, 28, 2024)


def test_day_in_another_language_in_a_title_or_front_matter_value() -> None:
    assert title_day("Kritika techniky (7. 10.)") == "7. 10."
    assert title_day("5. října: Úvod") == "5. října"
    assert title_day("Sesión (3 de octubre)") == "3 de octubre"
    assert leading_day("čtvrtek 5. října, 17:30") == "čtvrtek 5. října"


def test_day_in_another_language_labels_a_module_meeting() -> None:
    assert first_listed_day("Intro.\n\n### 5. října\n\n- [A](https://a.org)\n") == "5. října"


def test_every_language_lists_twelve_months_and_seven_weekdays() -> None:
    assert all(len(months) == 12 and all(months) for months in MONTH_FORMS.values())
    assert all(len(days) == 7 and all(days) for days in WEEKDAY_FORMS.values())
    words = [w for months in MONTH_FORMS.values() for forms in months for w in forms]
    assert all(w == w.lower() and w.strip() == w and len(w) >= 3 for w in words)


def test_language_code_of_a_lang_setting() -> None:
    assert [language_code(v) for v in ("cs", "cs-CZ", "pt_BR", "EN", "", None, 3, "česky")] == [
        "cs", "cs", "pt", "en", None, None, None, None
    ]


def test_term_word_of_another_language_names_the_term_year(tmp_path: Path) -> None:
    assert term_years("Seminář, podzim 2017") == [("podzim", 2017)]
    assert term_years("Wintersemester 2017/18") == [("wintersemester", 2017)]
    assert term_years("https://is.example.cz/el/1421/podzim2017/um/") == [("podzim", 2017)]  # 1421 is no year
    (tmp_path / "_config.yml").write_text("lang: cs-CZ\ndocs: https://is.example.cz/el/1421/podzim2017/um/\n")
    site = open_site(tmp_path)
    assert (site.year, site.term, site.language) == (2017, "podzim", "cs")


def test_january_day_of_an_autumn_term_in_another_language_falls_in_the_next_year(tmp_path: Path) -> None:
    from bot.course.dates import resolve_day

    (tmp_path / "_config.yml").write_text("description: Seminář, podzim 2027\n")
    day = parse_day("6. ledna")
    assert day is not None and resolve_day(day, open_site(tmp_path)) == dt.date(2028, 1, 6)


def test_whole_dates_written_day_first_on_the_course_pages_name_the_year(tmp_path: Path) -> None:
    from bot.course.term import whole_date_years

    assert list(whole_date_years("Zkouška 5. 10. 2017, opravný termín 12.1.2018.")) == [2017, 2018]
    assert list(whole_date_years("Konzultace 5. října 2017; el 3 de octubre de 2017")) == [2017, 2017]
    assert list(whole_date_years("3 hours 2019, chapters 3 and 2019")) == []  # no month between
    (tmp_path / "_config.yml").write_text("title: Seminář\n")
    (tmp_path / "index.md").write_text("Zápočet: 14. prosince 2027. Konzultace 20. 12. 2027.\n")
    site = open_site(tmp_path)
    assert (site.year, site.year_source) == (2027, "dates on index.md")
