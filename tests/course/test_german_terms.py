"""German term years (``SS2023``, ``SoSe 2023``, ``WS2023/24``, ``WiSe 2023/24``, ``Summer Semester 2023``) give the
year of the days a site writes without one; a winter semester spans two years (calendar_words' term words)."""

from pathlib import Path

import pytest

from bot.course.dates import resolve_day
from bot.course.days import parse_day
from bot.course.site import open_site
from bot.course.term import term_years


def _days(site, *texts: str) -> list[str]:
    return [str(resolve_day(parse_day(text), site)) for text in texts]


@pytest.mark.parametrize("config", [
    'description: >-\n  Class website for the course taught in SS2023 at the University of Tuebingen.\n',
    "title: Seminar (SoSe 2023)\n",
    "title: Seminar\nsemester: Summer Semester 2023\n",
])
def test_a_summer_semester_dates_year_less_days_in_its_year(tmp_path: Path, config: str) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    site = open_site(tmp_path)
    assert site.year == 2023 and not site.academic_year
    assert _days(site, "April 25th", "Jun 6th", "January 10") == ["2023-04-25", "2023-06-06", "2023-01-10"]


@pytest.mark.parametrize("config", ["title: Seminar WS2023/24\n", "title: Seminar\ndescription: WiSe 2023/24\n",
                                    "title: Seminar\nterm: Winter Semester 2023/24\n"])
def test_a_winter_semester_dates_autumn_days_in_its_first_year_and_spring_days_in_its_second(
        tmp_path: Path, config: str) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    site = open_site(tmp_path)
    assert site.year == 2023
    assert _days(site, "October 17th", "December 12", "January 9", "February 6") == [
        "2023-10-17", "2023-12-12", "2024-01-09", "2024-02-06"]


def test_a_winter_semester_without_its_second_year_is_a_late_term():
    assert term_years("WS 2023") == [("ws", 2023)]


def test_words_that_only_end_like_the_abbreviations_name_no_term():
    assert term_years("CSS 2023, otherwise 2023, class 2023, glass 2023") == []
