"""The iCalendar export: parsed back with icalendar, events keep their UIDs, times and readings."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from bot.config import CourseConfig, CourseSection
from bot.course.models import Reading, Session
from bot.services.ical import build_calendar

NY = ZoneInfo("America/New_York")
CONFIG = CourseConfig(course=CourseSection(name="Risks; Benefits, and more", timezone="America/New_York"))
STAMP = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)

SESSIONS = [
    Session(
        file="_contents/S0-L11.md",
        slug="S0-L11",
        title="FM toxicity / harmful outputs",
        lecture="S0-Intro",
        date=dt.date(2024, 2, 27),
        url="https://example.edu/S0-L11/",
        tags=("1Basic",),
        readings=(
            Reading("Required Readings", True, "Fine-tuning Aligned Models", ("https://arxiv.org/abs/2310.03693", "https://b.example")),
            Reading("Required Readings", True, "No link reading"),
            Reading("More Readings", False, "Extra paper", ("https://extra.example",)),
        ),
    ),
    Session(file="_contents/S0-L13.md", slug="S0-L13", title="FM's X risk", lecture=None, date=dt.date(2024, 3, 12)),
    Session(file="_contents/S0-L99.md", slug="S0-L99", title="Undated", lecture=None, date=None),
    Session(file="_contents/sec.md", slug="sec", title="Section", lecture=None, date=dt.date(2024, 3, 1), meeting=False),
]


def events() -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(build_calendar(SESSIONS, CONFIG, stamp=STAMP))
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_one_event_per_dated_meeting_with_stable_uids() -> None:
    assert sorted(events()) == ["S0-L11@coursebot", "S0-L13@coursebot"]


def test_times_are_aware_in_course_tz_across_daylight_saving() -> None:
    found = events()
    start = found["S0-L11@coursebot"].decoded("dtstart")
    assert start == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    assert found["S0-L11@coursebot"]["dtstart"].params["TZID"] == "America/New_York"
    assert found["S0-L11@coursebot"].decoded("dtend") - start == dt.timedelta(minutes=75)
    after_dst = found["S0-L13@coursebot"].decoded("dtstart")
    assert after_dst.utcoffset() == dt.timedelta(hours=-4) and after_dst.hour == 14


def test_vtimezone_matches_the_tzid() -> None:
    cal = icalendar.Calendar.from_ical(build_calendar(SESSIONS, CONFIG, stamp=STAMP))
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert str(cal["x-wr-calname"]) == CONFIG.course.name


def test_summary_url_and_required_readings_in_description() -> None:
    event = events()["S0-L11@coursebot"]
    assert str(event["summary"]) == "FM toxicity / harmful outputs"
    assert str(event["url"]) == "https://example.edu/S0-L11/"
    description = str(event["description"])
    assert "Fine-tuning Aligned Models: https://arxiv.org/abs/2310.03693" in description
    assert "https://b.example" not in description  # only the first link
    assert "- No link reading" in description
    assert "Extra paper" not in description and "1 more reading" in description


def test_same_input_gives_same_bytes() -> None:
    assert build_calendar(SESSIONS, CONFIG, stamp=STAMP) == build_calendar(SESSIONS, CONFIG, stamp=STAMP)


def test_no_dated_sessions_still_gives_a_valid_calendar() -> None:
    cal = icalendar.Calendar.from_ical(build_calendar(SESSIONS[2:3], CONFIG, stamp=STAMP))
    assert cal.walk("VEVENT") == [] and str(cal["version"]) == "2.0"
