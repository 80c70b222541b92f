"""The term's year (bot.course.term): academic years ("2020-21") and the days they date."""

import datetime as dt
from pathlib import Path

import pytest

from bot.course.dates import resolve_day, schedule_dates
from bot.course.days import parse_day
from bot.course.site import open_site
from bot.course.term import academic_years, whole_date_years


@pytest.mark.parametrize("text, years", [
    ("CS 101, 2020-21", [2020]),
    ("Course 2020-2021", [2020]),
    ("Séminaire 2020/21", [2020]),
    ("année 2020-2021", [2020]),
    ("Fall 2020 - Spring 2021", [2020]),
    ("1999-2000", [1999]),
    ("Lecture of 2020-02-03", []),  # a date
    ("2019-2024 reports", []),  # not two years in a row
    ("© 2020-2021 Lab", []),  # a copyright range
    ("Spring 2020 - Fall 2020", []),
])
def test_two_years_in_a_row_in_a_setting_are_an_academic_year(text: str, years: list[int]) -> None:
    assert academic_years(text) == years


def test_a_span_of_years_in_page_prose_is_an_academic_year_only_beside_its_word_or_on_a_heading() -> None:
    assert academic_years("Postdoc at MIT (2019-2020), then here.", prose=True) == []
    assert academic_years("Welcome to the academic year 2019-2020!", prose=True) == [2019]
    assert academic_years("Cours de l'année universitaire 2019-2020.", prose=True) == [2019]
    assert academic_years("Curso 2019/2020, grupo A", prose=True) == [2019]
    assert academic_years("Meetings for the 2019-20 school year.", prose=True) == [2019]
    assert academic_years("# Machine Learning 2019-2020\n", prose=True) == [2019]
    assert academic_years("---\ntitle: ML 2019/20\n---\n", prose=True) == [2019]


@pytest.mark.parametrize("config", [
    "title: Seminar 2020-21\n",
    "title: Seminar\ndescription: année 2020-2021\n",
    "title: Seminar (Fall 2020 - Spring 2021)\n",
    "title: Seminar\nschedule:\n  term: Semester 2020/21\n",
])
def test_a_year_less_day_takes_the_year_of_the_academic_year_it_falls_in(tmp_path: Path, config: str) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    site = open_site(tmp_path)
    assert (site.year, site.academic_year) == (2020, True)
    days = [parse_day(text) for text in ("September 28", "December 14", "January 19", "July 2", "August 30")]
    assert [str(resolve_day(d, site)) for d in days if d is not None] == [
        "2020-09-28", "2020-12-14", "2021-01-19", "2021-07-02", "2020-08-30"]
    # a configured year that is the academic year's first reads the same (a draft of `coursebot init` writes it)
    assert str(resolve_day(parse_day("January 19"), site, 2020)) == "2021-01-19"


def test_an_academic_year_on_the_home_or_syllabus_page_is_the_term_year(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Seminar\n")
    (tmp_path / "syllabus.md").write_text("# Syllabus\n\nAcademic year 2030–31. The instructor was a postdoc 2027-2028.\n")
    site = open_site(tmp_path)
    assert (site.year, site.academic_year, site.year_source) == (2030, True, "syllabus.md")
    assert resolve_day(parse_day("Tuesday, February 4"), site) == dt.date(2031, 2, 4)
    (tmp_path / "index.md").write_text("---\ntitle: Home\n---\nThe instructor was a postdoc 2027-2028.\n")
    assert open_site(tmp_path).year == 2030  # a range in a sentence names no term


def test_a_season_with_its_year_outranks_an_academic_year_and_keeps_its_own_reading(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Seminar, Spring 2021\ndescription: Year 2020-21\n")
    site = open_site(tmp_path)
    assert (site.year, site.term, site.academic_year) == (2021, "spring", False)
    assert resolve_day(parse_day("January 19"), site) == dt.date(2021, 1, 19)


def test_a_schedule_list_of_an_academic_year_starting_before_august_starts_in_its_second_year() -> None:
    assert [str(d) for d in schedule_dates(["", "0119", "0126"], 2020, academic=True)] == ["2021-01-19", "2021-01-26"]
    assert [str(d) for d in schedule_dates(["", "0921", "0119"], 2020, academic=True)] == ["2020-09-21", "2021-01-19"]
    assert [str(d) for d in schedule_dates(["", "0119"], 2020)] == ["2020-01-19"]


def test_whole_dates_written_year_first_with_dots_name_their_year() -> None:
    assert list(whole_date_years("Exam 2027.01.19, retake 2027. 2. 3.")) == [2027, 2027]
    assert list(whole_date_years("version 2027.1 of the tool, 1.2027.3")) == []


def test_a_readme_home_page_naming_the_year_of_its_course_offering_gives_the_term_year(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Psych 710\ncollections:\n  modules:\n")
    (tmp_path / "README.md").write_text(
        "# PSYCH 710\n\nThis repository generates the [course website](https://ex.org/) for the 2024 version of "
        "the course.\n")
    (tmp_path / "_modules").mkdir()
    (tmp_path / "_modules" / "week-01.md").write_text(
        "---\ntitle: Week 1\n---\n\nJan 24\n: [Probability](https://ex.org/notes/prob.html) Review\n")
    from bot.course.load import load_site

    assert [s.date for s in load_site(tmp_path).sessions] == [dt.date(2024, 1, 24)]


def test_an_earlier_offering_or_a_readme_beside_an_index_page_names_no_term_year(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Data Science\n")
    (tmp_path / "index.md").write_text("- Previous editions: [2023 version](https://ex.org/2023/)\n"
                                       "- See the previous 2022 edition of the course.\n")
    (tmp_path / "README.md").write_text("The 2021 version of the course.\n")
    assert open_site(tmp_path).year is None
    (tmp_path / "index.md").unlink()
    assert open_site(tmp_path).year == 2021
