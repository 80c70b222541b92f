"""The iCalendar export: parsed back with icalendar, events keep their UIDs, times and readings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
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


def uids(sessions: list[Session] = SESSIONS, config: CourseConfig = CONFIG) -> list[str]:
    cal = icalendar.Calendar.from_ical(build_calendar(sessions, config, stamp=STAMP))
    return [str(e["uid"]) for e in cal.walk("VEVENT")]


def events() -> dict[str, icalendar.Event]:
    """The events by slug (the part of the UID before its course hash)."""
    cal = icalendar.Calendar.from_ical(build_calendar(SESSIONS, CONFIG, stamp=STAMP))
    return {str(e["uid"]).rsplit("-", 1)[0]: e for e in cal.walk("VEVENT")}


def test_one_event_per_dated_meeting_with_stable_uids() -> None:
    assert sorted(events()) == ["S0-L11", "S0-L13"]
    assert uids() == uids()  # stable across runs
    assert all(re.fullmatch(r"S0-L1[13]-[0-9a-f]{16}@coursebot", uid) for uid in uids())


def test_uids_are_unique_across_courses_and_semesters(tmp_path: Path) -> None:
    """Two semesters (other site URL) or two courses (other name, other folder) with the same slugs must not
    share a UID, or a calendar app overwrites one course's events with the other's."""
    spring = [replace(s, url=f"https://example.edu/spring24/{s.slug}/") for s in SESSIONS]
    fall = [replace(s, url=f"https://example.edu/fall24/{s.slug}/") for s in SESSIONS]
    assert set(uids(spring)).isdisjoint(uids(fall))
    other = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"name": "Another course"})})
    assert set(uids()).isdisjoint(uids(config=other))
    here = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"site": tmp_path / "a"})})
    there = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"site": tmp_path / "b"})})
    undated_url = [replace(s, url=None) for s in SESSIONS]  # plain folders: no page URL, the folder decides
    assert set(uids(undated_url, here)).isdisjoint(uids(undated_url, there))


def test_times_are_aware_in_course_tz_across_daylight_saving() -> None:
    found = events()
    start = found["S0-L11"].decoded("dtstart")
    assert start == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    assert found["S0-L11"]["dtstart"].params["TZID"] == "America/New_York"
    assert found["S0-L11"].decoded("dtend") - start == dt.timedelta(minutes=75)
    after_dst = found["S0-L13"].decoded("dtstart")
    assert after_dst.utcoffset() == dt.timedelta(hours=-4) and after_dst.hour == 14


def test_vtimezone_matches_the_tzid() -> None:
    cal = icalendar.Calendar.from_ical(build_calendar(SESSIONS, CONFIG, stamp=STAMP))
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert str(cal["x-wr-calname"]) == CONFIG.course.name


def test_summary_url_and_required_readings_in_description() -> None:
    event = events()["S0-L11"]
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
