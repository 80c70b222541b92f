"""A whole date on a line of its own under the page's title heading is the session's date (days.opening_date_line)."""

import datetime as dt

from bot.course.days import opening_date_line
from bot.course.posts import parse_post


def _date(text: str) -> dt.date | None:
    session = parse_post("Notes/Week8.md", text.encode(), collection="Notes").session
    assert session is not None
    return session.front_date


def test_a_date_line_under_the_title_heading_dates_a_page_without_front_matter():
    page = "# Week 8 Notes #\nOctober 23, 2013\n\n## General questions ##\n* What did you learn?\n"
    assert _date(page) == dt.date(2013, 10, 23)
    assert _date("# Week 8\n\n23 October 2013\n\nText.\n") == dt.date(2013, 10, 23)
    assert _date("# Week 8\n*Wednesday, October 23, 2013*\n") == dt.date(2013, 10, 23)
    assert _date("2013-10-23\n\n## Readings\n") == dt.date(2013, 10, 23)


def test_a_date_line_dates_a_page_whose_front_matter_has_no_date_and_never_overrules_one():
    page = "---\ntitle: Week 8 Notes\n---\n\n# Week 8 Notes #\nOctober 23, 2013\n"
    assert _date(page) == dt.date(2013, 10, 23)
    dated = "---\ntitle: Week 8\ndate: 2013-10-24\n---\n# Week 8\nOctober 23, 2013\n"
    assert _date(dated) == dt.date(2013, 10, 24)
    keyed = parse_post("w.md", b"---\ntitle: W\nday: Thursday, October 24\n---\n# W\nOctober 23, 2013\n").session
    assert keyed is not None and keyed.front_date is None and keyed.traits.day_text == "Thursday, October 24"


def test_a_date_in_running_prose_or_a_news_line_is_not_the_sessions_date():
    assert _date("# Week 8\nWe meet on October 23, 2013 in room 4.\n") is None
    assert _date("# News\nSep 3: HW 1 released\n") is None
    assert _date("# Week 8\nOctober 23\n") is None  # no year: not a whole date
    assert _date("# Week 8\nWed 24 Oct 2013\n") is None  # the weekday disagrees: no one day


def test_a_date_line_below_a_list_a_section_or_the_opening_lines_is_not_the_sessions_date():
    assert opening_date_line("# Week 8\n* Read the paper\n\nOctober 23, 2013\n") is None
    assert opening_date_line("# Week 8\n## Readings\nOctober 23, 2013\n") is None
    assert opening_date_line("# Week 8\nOne.\n\nTwo.\n\nThree.\n\nOctober 23, 2013\n") is None
    assert opening_date_line("# Week 8\n| October 23, 2013 |\n") is None
    assert opening_date_line("{% include header.html %}\n# Week 8\nOctober 23, 2013\n") == "October 23, 2013"
    assert opening_date_line("# Week 8\n<!-- October 22, 2013 -->\nOctober 23, 2013\n") == "October 23, 2013"
