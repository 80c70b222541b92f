"""When sessions happen, in the course's timezone, and how the bot writes moments down.

A session post only gives a date; the meeting time and length come from the configuration
(``course.meeting_time``, ``course.duration_minutes``) and are read in ``course.timezone`` with zoneinfo,
so daylight-saving changes fall where the course's wall clock says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from bot.config import CourseConfig
from bot.course.models import Session

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def course_tz(config: CourseConfig) -> ZoneInfo:
    return config.course.tz


def meeting_start(day: dt.date | None, config: CourseConfig) -> dt.datetime | None:
    """The aware moment the course meets on ``day`` (``course.meeting_time`` in the course timezone).

    A meeting time that the day's daylight-saving jump skips (02:30 on a spring-forward night) is the moment
    the clocks show after the jump (03:30): the same instant, written as a time that exists that day.
    """
    if day is None:
        return None
    tz = course_tz(config)
    start = dt.datetime.combine(day, config.course.meeting_time, tzinfo=tz)
    try:
        return start.astimezone(dt.UTC).astimezone(tz)
    except (OverflowError, ValueError):  # a date at the edge of what datetime holds: keep it as written
        return start


def session_start(session: Session, config: CourseConfig) -> dt.datetime | None:
    """The aware start of ``session`` in the course timezone, or None when the session has no date."""
    return meeting_start(session.date, config)


def session_end(session: Session, config: CourseConfig) -> dt.datetime | None:
    """The aware end of ``session`` (start + ``course.duration_minutes``), or None when undated.

    The addition is done in UTC so a session spanning a daylight-saving change still lasts its minutes.
    """
    start = session_start(session, config)
    if start is None:
        return None
    try:
        end = start.astimezone(dt.UTC) + dt.timedelta(minutes=config.course.duration_minutes)
        return end.astimezone(course_tz(config))
    except (OverflowError, ValueError):  # a date at the edge of what datetime holds: no end, not upcoming
        return None


def local_today(now: dt.datetime, config: CourseConfig) -> dt.date:
    """The course's calendar date at the aware moment ``now``."""
    return to_course_tz(now, config).date()


def to_course_tz(moment: dt.datetime, config: CourseConfig) -> dt.datetime:
    """``moment`` in the course timezone; a naive moment is taken as course wall-clock time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=course_tz(config))
    return moment.astimezone(course_tz(config))


def upcoming(sessions: Iterable[Session], now: dt.datetime, config: CourseConfig) -> list[Session]:
    """Dated class meetings that have not ended at ``now``, earliest first."""
    found: list[tuple[dt.datetime, Session]] = []
    for session in sessions:
        if not session.meeting:
            continue
        end = session_end(session, config)
        if end is not None and end > now:
            found.append((end, session))
    found.sort(key=lambda pair: (pair[0], pair[1].slug))
    return [session for _, session in found]


def format_date(day: dt.date) -> str:
    """``Tue 27 Feb`` (English names whatever the process locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def format_moment(moment: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """``Tue 27 Feb 14:00`` in ``tz`` (default: the moment's own timezone)."""
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return f"{format_date(moment.date())} {moment:%H:%M}"


def format_session_when(session: Session, config: CourseConfig) -> str:
    """``Tue 27 Feb 14:00`` for a dated session, ``no date yet`` otherwise."""
    start = session_start(session, config)
    return format_moment(start) if start is not None else "no date yet"
