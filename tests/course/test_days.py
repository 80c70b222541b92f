"""parse_day and first_listed_day: days as course pages write them."""

import pytest

from bot.course.days import Day, first_listed_day, leading_day, parse_day, title_day


@pytest.mark.parametrize(
    "text, day",
    [
        ("Wednesday, September 28", Day(9, 28, None, 2)),
        ("Firday, October 28", Day(10, 28, None, None)),  # a misspelt weekday is ignored
        ("Sept. 28, 2022", Day(9, 28, 2022, None)),
        ("28 September", Day(9, 28, None, None)),
        ("Mon 9/8", Day(9, 8, None, 0)),
        ("09/10", Day(9, 10, None, None)),
        ("2022-09-28", Day(9, 28, 2022, None)),
        ("Oct 3rd", Day(10, 3, None, None)),
        ("2024/10/02", Day(10, 2, 2024, None)),  # year first with slashes
        ("2024.10.02", Day(10, 2, 2024, None)),
        ("Mon., Oct. 7", Day(10, 7, None, 0)),
        ("Thurs Oct 3", Day(10, 3, None, 3)),
        ("Tue, 10/1/2024", Day(10, 1, 2024, 1)),
    ],
)
def test_days_people_write(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["Week 1", "Introduction", "Reading day (no class)", "Lec 3", "", "March Madness Final 3", "3.14"])
def test_text_that_is_not_only_a_day(text):
    assert parse_day(text) is None


def test_first_definition_list_term_that_is_a_day():
    body = "**Week 1**\n\n08/27\n: [Lec1](/lec1.pdf)\n\n**Week 2**\n\n09/01\n: [Lec2](x)\n"
    assert first_listed_day(body) == "08/27"


def test_term_with_blank_line_before_its_definition_and_heading_days():
    assert first_listed_day("Intro text.\n\n12/01\n\n: **Project presentation I**\n") == "12/01"
    assert first_listed_day("# Module\n\n## Mon Sept 8\n- [Paper](x)\n") == "Mon Sept 8"


def test_day_lines_that_introduce_no_definition_code_and_comments_are_not_meeting_days():
    assert first_listed_day("Due 09/05\nsee below\n") is None
    assert first_listed_day("09/05\nplain text\n") is None
    assert first_listed_day("```\n09/05\n: x\n```\n") is None
    assert first_listed_day("<!--\n09/05\n: x\n-->\n") is None


def test_a_line_that_labels_the_day_dates_the_post_without_its_time():
    assert first_listed_day("**Date:** Tue, Sept 3, 2:00-3:15pm  \n**Room:** Hall 101\n") == "Tue, Sept 3"
    assert first_listed_day("Intro text.\n\nWhen: Thursday, September 5\n") == "Thursday, September 5"
    assert first_listed_day("Lecture date: Sept 12 @ 10am\n") == "Sept 12"
    assert first_listed_day("The date: is unknown\n\nDay: 3\n") is None


def test_a_label_ends_at_its_line_and_is_at_most_sixty_characters():
    # the label runs are possessive (days.py): a long line is no label, nor is any prefix of it
    long_term = "9/10 " + "x" * 60
    assert first_listed_day(f"{long_term}\n: [Lec1](x)\n\n09/12\n: [Lec2](y)\n") == "09/12"
    assert first_listed_day(f"## Mon Sept 8 {'y' * 60}\n\n## Tue Sept 9\n") == "Tue Sept 9"
    assert first_listed_day(f"Date: Sept 12 {'z' * 60}\nWhen: Sept 13\n") == "Sept 13"
    # inline ``` that opens no fence line leaves the text as it is
    assert first_listed_day("Use ```code``` here.\n\n## 09/14\n") == "09/14"


@pytest.mark.parametrize(
    "title, day",
    [
        ("Week 2 - What is Digital History? (August 29)", "August 29"),
        ("November 1, 2024", "November 1, 2024"),
        ("Oct 28: Race", "Oct 28"),
        ("What is a Game? (1/15)", "1/15"),
        ("Week 3 - Sept 14", "Sept 14"),
        ("Sept 9, 2024 - Intro", "Sept 9, 2024"),
        ("Week of Mar 31", "Mar 31"),
    ],
)
def test_a_title_that_names_its_day(title, day):
    from bot.course.days import title_day

    assert title_day(title) == day


@pytest.mark.parametrize(
    "title", ["Lecture 3", "Part 1/2", "Chapter 9: Trees", "1984: Orwell", "#1: Course Overview", "May the force: Part 2", None]
)
def test_numbers_in_a_title_are_no_day(title):
    from bot.course.days import title_day

    assert title_day(title) is None


def test_a_week_of_term_labels_the_weeks_first_day():
    assert first_listed_day("Week of Mar 31\n: **1**{: .label} Introduction\n") == "Mar 31"


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("Wednesday, September 28", "Wednesday, September 28"),
        ("Sept 3, 2pm", "Sept 3"),
        ("Tue Sep 3, 10:00-11:15", "Tue Sep 3"),
        ("Tue, Sept 3 @ 3pm", "Tue, Sept 3"),
        ("2024-09-03 10:00 AM", "2024-09-03"),
    ],
)
def test_leading_day_leaves_out_a_time_after_the_day(value: str, day: str) -> None:
    assert leading_day(value) == day


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("Sep 3 - Sep 5", "Sep 3"),
        ("Sep 3-5", "Sep 3"),
        ("9/3 to 9/5", "9/3"),
        ("Sept. 3 – Sept. 5", "Sept. 3"),
        ("September 3–5, 2024", "September 3, 2024"),
        ("Jan 30 - Feb 3, 2025", "Jan 30, 2025"),
        ("2024-09-03 to 2024-09-05", "2024-09-03"),
    ],
)
def test_leading_day_of_a_range_is_its_first_day_with_the_range_year(value: str, day: str) -> None:
    assert leading_day(value) == day
    assert parse_day(day) is not None


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("19-26 January", "19 January"),
        ("19 to 26 January 2021", "19 January 2021"),
        ("Mon 19 - Fri 23 January", "Mon 19 January"),
        ("du 19 au 26 janvier", "19 janvier"),
        ("19–26 janvier 2021", "19 janvier 2021"),
        ("19. bis 26. Januar", "19. Januar"),
        ("vom 19. bis 26. Januar", "19. Januar"),
        ("del 19 al 26 de enero", "19 de enero"),
        ("dal 19 al 26 gennaio", "19 gennaio"),
        ("de 19 a 26 de janeiro", "19 de janeiro"),
        ("van 19 tot 26 januari", "19 januari"),
        ("od 19. do 26. ledna", "19. ledna"),
        ("19.–26. ledna", "19. ledna"),
        ("19. - 26. 1.", "19. 1."),
    ],
)
def test_a_range_whose_month_follows_its_last_day_is_dated_by_its_first_day_in_that_month(value: str, day: str) -> None:
    assert leading_day(value) == day
    assert parse_day(day) is not None and parse_day(day).day == 19  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["30 - 2 February", "26 - 19 January", "19-26", "du 19 au 26", "Lecture 19 - 26 May"])
def test_a_range_of_bare_numbers_needs_a_later_day_of_a_named_month(value: str) -> None:
    assert leading_day(value) is None


@pytest.mark.parametrize("value", ["Week 1", "TBD", "Tuesday", "10:00", "Spring 2024", "Lecture 3 - Sep 5", ""])
def test_leading_day_is_none_for_values_that_name_no_day(value: str) -> None:
    assert leading_day(value) is None


def test_an_html_element_whose_class_names_a_date_labels_a_meeting_day():
    body = ('Intro paragraph.\n\n<details>\n  <summary class="session-summary">\n'
            '    <span class="date-label">Sept 10</span>\n    <span class="label">Discussion</span>\n'
            '  </summary>\n</details>\n\n<details>\n    <span class="date-label">Sept 12</span>\n</details>\n')
    assert first_listed_day(body) == "Sept 10"
    assert first_listed_day('<table>\n<tr>\n  <td class="lecture-date">9/10</td>\n</tr>\n') == "9/10"
    assert first_listed_day('<p>\n<time datetime="2024-09-10">Tue Sep 10</time>\n</p>\n') == "Tue Sep 10"


def test_an_html_element_that_names_no_date_or_holds_no_day_is_no_label():
    assert first_listed_day('<span class="update">Sept 10</span>\n') is None  # "update" is not "date"
    assert first_listed_day('<span class="date">TBD</span>\n') is None
    assert first_listed_day('Met on <span class="date">Sept 10</span> and talked.\n') is None  # inside prose
    assert first_listed_day('<!-- <span class="date">Sept 9</span> -->\n<span class="date">Sept 10</span>\n') == "Sept 10"


def test_the_first_day_label_in_the_body_wins_whatever_its_form():
    assert first_listed_day('09/08\n: [Paper](https://x.org)\n\n<span class="date">9/10</span>\n') == "09/08"
    assert first_listed_day('<span class="date">9/10</span>\n\n09/12\n: [Paper](https://x.org)\n') == "9/10"


@pytest.mark.parametrize("title, day", [
    ("Week 1, Jan. 24/26", "Jan. 24"),
    ("Week 2, Jan. 31/Feb. 2", "Jan. 31"),
    ("Week 3, Feb. 7/9", "Feb. 7"),
    ("Spring Recess, Mar. 13–19", "Mar. 13"),
    ("Week 4 - Sept 14 to Sept 16", "Sept 14"),
])
def test_a_title_listing_or_spanning_days_of_a_month_is_dated_by_its_first_day(title: str, day: str) -> None:
    assert title_day(title) == day


def test_a_month_followed_by_a_list_of_days_is_never_read_as_month_slash_day() -> None:
    # "Feb. 7/9" is two days of February; reading 7/9 as July 9 would post on the wrong day
    assert parse_day("Feb. 7/9") is None
    assert parse_day("Wed 9/28") == Day(9, 28, None, 2) and title_day("Part 1/2") is None


@pytest.mark.parametrize(("text", "language"), [("2021.03.04", None), ("2021. 3. 4.", None), ("2021. 03. 04", "cs"),
                                                ("2021.3.4.", "hu"), ("2021. 3. 4. (목)", None)])
def test_a_dotted_day_written_year_first_is_year_month_day_in_any_language(text: str, language: str | None) -> None:
    assert parse_day(text, language) == Day(3, 4, 2021, None)


@pytest.mark.parametrize("language", [None, "cs", "de", "fr"])
def test_a_dotted_day_written_day_first_keeps_its_reading(language: str | None) -> None:
    assert parse_day("04.03.2021", language) == Day(3, 4, 2021, None)
    assert parse_day("4. 3. 2021", language) == Day(3, 4, 2021, None)
    assert parse_day("2021. 13. 4.", language) is None  # no 13th month


@pytest.mark.parametrize(("label", "day"), [("Week of Mar 31", "Mar 31"), ("Semaine du 19 janvier", "19 janvier"),
                                            ("Woche vom 19. Januar", "19. Januar"), ("Semana del 19 de enero", "19 de enero"),
                                            ("Settimana del 19 gennaio", "19 gennaio")])
def test_a_week_named_by_its_first_day_in_any_language_labels_that_day(label: str, day: str) -> None:
    assert first_listed_day(f"## {label}\n\nReadings\n") == day
    assert title_day(label) == day


def test_a_day_after_the_label_of_the_pages_title_heading_is_its_first_listed_day():
    assert first_listed_day("# Week 2 - Sept 21\n\n## Introduction\n\nText.\n") == "Sept 21"
    assert first_listed_day("# Week 9: Nov. 16\n\n**Theme** Review\n") == "Nov. 16"
    # a lower heading must be only a day, and a title heading naming no day dates nothing
    assert first_listed_day("## Part 2 - Sept 21\n\nText.\n") is None
    assert first_listed_day("# Lecture 3: Structured Data (Part I)\n\nText.\n") is None


def test_a_range_of_days_as_a_definition_term_is_listed_by_its_first_day_before_a_later_single_day():
    body = ("### What Is Science?\n\nProse.\n\n9/28–10/2\n: <span>Theory</span>{:.label} Kuhn (1962)\n\n"
            "10/7\n: <span>BU Deadline</span>{:.label} Last day to drop courses\n")
    assert first_listed_day(body) == "9/28"
    assert first_listed_day("11/16–23\n: Papers of students\n\n11/25–27\n: Holiday\n") == "11/16"
    assert first_listed_day("## Sep 3 - Sep 5\n\n- [Paper](x)\n") == "Sep 3"
    assert first_listed_day("**10:00-11:15**\n\n## Week 1 - 2\n") is None
