"""parse_post: which front matter keys date a session besides ``date:`` (bot/course/posts.py ``_front_date``)."""

import datetime as dt

from bot.course.posts import parse_post
from bot.course.select import looks_like_session


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


def test_a_display_date_saying_tba_leaves_the_session_undated_whatever_date_says():
    assert _dated("date: 2025-09-22T11:00:00+4:30\nformat_date: TBA") == (None, None, None)
    assert _dated("date: 2025-09-22\ndisplay_date: To be announced\nweek: 5\nday: Tuesday") == (None, None, None)
    s = parse_post("_lectures/l.md", b"---\ntitle: T\ndate: 2025-09-22\nformat_date: TBD\nweek: 5\n---\n").session
    assert s.traits.week is None


def test_a_display_date_that_agrees_with_date_leaves_it_and_one_alone_is_the_day():
    assert _dated("date: 2025-07-24T11:00:00+4:30\nformat_date: July 24, 2025 (Thursday)")[:2] == (
        dt.date(2025, 7, 24), "date:")
    assert _dated("format_date: July 24, 2025 (Thursday)")[2] == "July 24, 2025 (Thursday)"


def test_a_display_date_naming_another_day_with_its_year_wins_over_date():
    assert _dated("date: 2025-09-22\nformat_date: September 29, 2025")[:2] == (dt.date(2025, 9, 29), "format_date:")
    assert _dated("date: 2025-09-22\nformat_date: September 29")[:2] == (dt.date(2025, 9, 22), "date:")


def test_any_word_date_key_dates_the_session_after_the_named_date_keys():
    assert _dated("workshop_date: 2024-09-05")[:2] == (dt.date(2024, 9, 5), "workshop_date:")
    assert _dated("Lab-Date: Sep 5")[2] == "Sep 5"
    assert _dated("workshop_date: 2024-09-05\ndate: 2024-09-06")[0] == dt.date(2024, 9, 6)
    assert _dated("workshop_date: 2024-09-05\ntime: 2024-09-06 10:00")[0] == dt.date(2024, 9, 5)


def test_word_date_keys_that_date_the_page_or_other_work_date_no_session():
    assert _dated("last_modified_date: 2024-01-02\nrelease_date: 2024-01-03\nend_date: 2024-01-04") == (
        None, None, None)


def test_a_class_date_key_is_one_only_sessions_carry():
    s = parse_post("_schedule/02-data.md", b"---\ntitle: What is Humanities Data?\nclass_date: 2024-09-05\n---\n",
                   collection="_schedule").session
    assert s.front_date == dt.date(2024, 9, 5) and looks_like_session(s)
