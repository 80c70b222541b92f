"""parse_post: which front matter keys date a session besides ``date:`` (bot/course/posts.py ``_front_date``)."""

import datetime as dt

from bot.course.posts import parse_post


def _dated(front: str) -> tuple[object, object, object]:
    s = parse_post("_lectures/l.md", f"---\ntitle: T\n{front}\n---\nBody\n".encode(), collection="_lectures").session
    assert s is not None
    return s.front_date, s.traits.date_source, s.traits.day_text


def test_a_meeting_time_key_holding_a_full_date_and_time_dates_the_session():
    assert _dated("time: 2022-08-18 14:00")[:2] == (dt.date(2022, 8, 18), "time:")
    assert _dated("meeting_time: 2022-08-18T14:00:00")[0] == dt.date(2022, 8, 18)
    assert _dated("Class-Time: 2022-08-18 2:00 PM")[0] == dt.date(2022, 8, 18)


def test_a_date_key_wins_over_a_meeting_time_key():
    assert _dated("time: 2022-08-18 14:00\ndate: 2022-08-19")[:2] == (dt.date(2022, 8, 19), "date:")


def test_a_meeting_time_key_holding_only_a_time_of_day_dates_nothing():
    assert _dated("time: 2:00-3:15 PM") == (None, None, None)
    assert _dated("time: '14:00'") == (None, None, None)


def test_a_meeting_time_key_holding_a_day_without_a_year_gives_that_day():
    assert _dated("time: Aug 18, 2:00 PM")[2] == "Aug 18"


def test_a_time_after_at_or_from_is_not_part_of_the_day():
    assert _dated("date: Thursday, September 5, 2024 at 2pm")[2] == "Thursday, September 5, 2024"
    assert _dated("when: Sep 3 from 2:00 to 3:15")[2] == "Sep 3"
