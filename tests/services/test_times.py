"""Course-time helpers: session start/end in the course timezone, daylight saving, formatting."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.config import CourseConfig, CourseSection
from bot.course.models import Session
from bot.services.times import (
    format_date,
    format_moment,
    format_session_when,
    local_today,
    session_end,
    session_start,
    to_course_tz,
    upcoming,
)

NY = ZoneInfo("America/New_York")
CONFIG = CourseConfig(course=CourseSection(timezone="America/New_York", meeting_time=dt.time(14, 0), duration_minutes=75))


def session(slug: str, day: dt.date | None, *, meeting: bool = True) -> Session:
    return Session(file=f"_posts/{slug}.md", slug=slug, title=slug.title(), lecture=None, date=day, meeting=meeting)


def test_session_start_is_aware_in_course_tz() -> None:
    start = session_start(session("a", dt.date(2024, 2, 27)), CONFIG)
    assert start == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    assert start is not None and start.utcoffset() == dt.timedelta(hours=-5)


def test_session_start_follows_daylight_saving() -> None:
    before = session_start(session("a", dt.date(2024, 3, 7)), CONFIG)
    after = session_start(session("b", dt.date(2024, 3, 12)), CONFIG)  # DST began 10 March
    assert before is not None and after is not None
    assert (before.hour, after.hour) == (14, 14)
    assert before.astimezone(dt.UTC).hour == 19 and after.astimezone(dt.UTC).hour == 18


def test_undated_session_has_no_start_or_end() -> None:
    assert session_start(session("a", None), CONFIG) is None
    assert session_end(session("a", None), CONFIG) is None
    assert format_session_when(session("a", None), CONFIG) == "no date yet"


def test_session_end_adds_duration() -> None:
    end = session_end(session("a", dt.date(2024, 2, 27)), CONFIG)
    assert end == dt.datetime(2024, 2, 27, 15, 15, tzinfo=NY)


def test_to_course_tz_and_local_today() -> None:
    late_utc = dt.datetime(2024, 2, 28, 3, 0, tzinfo=dt.UTC)  # 22:00 on the 27th in New York
    assert local_today(late_utc, CONFIG) == dt.date(2024, 2, 27)
    assert to_course_tz(dt.datetime(2024, 2, 27, 9, 0), CONFIG) == dt.datetime(2024, 2, 27, 9, 0, tzinfo=NY)


def test_upcoming_keeps_dated_meetings_not_yet_over_in_order() -> None:
    sessions = [
        session("later", dt.date(2024, 3, 5)),
        session("past", dt.date(2024, 2, 20)),
        session("today", dt.date(2024, 2, 27)),
        session("undated", None),
        session("divider", dt.date(2024, 3, 1), meeting=False),
    ]
    during = dt.datetime(2024, 2, 27, 15, 0, tzinfo=NY)  # today's session is still running
    assert [s.slug for s in upcoming(sessions, during, CONFIG)] == ["today", "later"]
    after = dt.datetime(2024, 2, 27, 15, 15, tzinfo=NY)
    assert [s.slug for s in upcoming(sessions, after, CONFIG)] == ["later"]


def test_formatting() -> None:
    assert format_date(dt.date(2024, 3, 5)) == "Tue 5 Mar"
    moment = dt.datetime(2024, 2, 27, 19, 0, tzinfo=dt.UTC)
    assert format_moment(moment, NY) == "Tue 27 Feb 14:00"
    assert format_moment(moment) == "Tue 27 Feb 19:00"
    assert format_session_when(session("a", dt.date(2024, 2, 27)), CONFIG) == "Tue 27 Feb 14:00"


def test_session_end_across_a_daylight_saving_change_lasts_its_minutes() -> None:
    night = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"meeting_time": dt.time(1, 30)})})
    start = session_start(session("a", dt.date(2024, 3, 10)), night)  # clocks jump 02:00 -> 03:00
    end = session_end(session("a", dt.date(2024, 3, 10)), night)
    assert start is not None and end is not None
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(minutes=75)  # same-tz subtraction is wall time
    assert (end.hour, end.minute, end.utcoffset()) == (3, 45, dt.timedelta(hours=-4))


def test_a_meeting_time_the_clocks_skip_is_written_as_the_time_they_show() -> None:
    gap = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"meeting_time": dt.time(2, 30)})})
    start = session_start(session("a", dt.date(2024, 3, 10)), gap)  # 02:00 -> 03:00: 02:30 does not exist that night
    assert start is not None
    assert (start.hour, start.minute, start.utcoffset()) == (3, 30, dt.timedelta(hours=-4))
    assert start.astimezone(dt.UTC) == dt.datetime(2024, 3, 10, 7, 30, tzinfo=dt.UTC)  # the instant 02:30 EST names
    assert format_session_when(session("a", dt.date(2024, 3, 10)), gap) == "Sun 10 Mar 03:30"


def test_a_meeting_time_the_clocks_repeat_is_its_first_occurrence() -> None:
    twice = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"meeting_time": dt.time(1, 30)})})
    start = session_start(session("a", dt.date(2024, 11, 3)), twice)  # 02:00 -> 01:00: 01:30 happens twice
    assert start is not None
    assert (start.hour, start.minute, start.utcoffset()) == (1, 30, dt.timedelta(hours=-4))
