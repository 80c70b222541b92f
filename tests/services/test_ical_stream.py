"""The calendar serialises each event as it is built, yet writes the bytes of one icalendar Calendar holding
every event (VTIMEZONE first), as icalendar itself would."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import icalendar

from bot.config import CourseConfig, CourseSection
from bot.course.models import Reading, Session
from bot.services.ical import PRODID, _event, build_calendar
from tests.services.test_ical import SESSIONS, STAMP

CONFIG = CourseConfig(course=CourseSection(name="Risks; Benefits, and more", timezone="America/New_York"))


def reference(sessions: list[Session], config: CourseConfig, stamp: dt.datetime) -> bytes:
    """The calendar built whole: every event added to one Calendar, then its missing timezones."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", config.course.name)
    cal.add("x-wr-timezone", config.course.timezone)
    days = []
    for session in sessions:
        event = _event(session, config, stamp)
        if event is not None:
            days.append(event.decoded("dtstart").date())
            cal.add_component(event)
    if days:
        cal.add_missing_timezones(
            first_date=min(days).replace(month=1, day=1) - dt.timedelta(days=1),
            last_date=max(days).replace(month=12, day=31) + dt.timedelta(days=1),
        )
    return cal.to_ical()


def test_streamed_bytes_equal_one_whole_calendar() -> None:
    many = [
        replace(SESSIONS[i % len(SESSIONS)], slug=f"S{i:03d}", date=dt.date(2024, 1, 2) + dt.timedelta(days=3 * i),
                readings=(Reading("Required Readings", True, f"Paper {i} " + "long title " * 12, (f"https://e.org/{i}",)),))
        for i in range(300)  # two years and more: several daylight-saving changes
    ] + list(SESSIONS)
    for sessions in (many, SESSIONS, SESSIONS[2:3], []):
        data = build_calendar(sessions, CONFIG, stamp=STAMP)
        assert data == reference(sessions, CONFIG, STAMP)
    parsed = icalendar.Calendar.from_ical(build_calendar(many, CONFIG, stamp=STAMP))
    assert len(parsed.walk("VEVENT")) == sum(1 for s in many if s.date is not None and s.meeting)
    assert [tz["tzid"] for tz in parsed.walk("VTIMEZONE")] == ["America/New_York"]


async def test_calendar_command_reads_its_window_in_batches(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.services.lookups import CALENDAR_AHEAD, CALENDAR_PAST, Lookups
    from bot.store.sessions import Store
    from bot.store.sync import write_sessions

    today = dt.date(2024, 3, 1)
    many = [
        replace(SESSIONS[i % 2], file=f"_contents/S{i:03d}.md", slug=f"S{i:03d}",
                date=today - CALENDAR_PAST - dt.timedelta(days=10) + dt.timedelta(days=5 * i))
        for i in range(250)  # some before the window, most inside, some after it
    ]
    store = await Store.open(tmp_path / "c.sqlite3")
    try:
        await write_sessions(store.db, many)
        whole = await store.sessions_between(today - CALENDAR_PAST, today + CALENDAR_AHEAD)
        between = Store.iter_sessions_between

        def small(self, start, end, *, batch=500):  # type: ignore[no-untyped-def]
            return between(self, start, end, batch=7)

        monkeypatch.setattr(Store, "iter_sessions_between", small)
        now = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
        message = await Lookups(store, CONFIG, lambda: now).calendar()
    finally:
        await store.close()
    assert 100 < len(whole) < 250
    assert message.attachments[0].data == build_calendar(whole, CONFIG, stamp=now)
    assert message.description.startswith(f"{len(whole)} sessions as an iCalendar file")
