"""The course's sessions as an iCalendar file (RFC 5545), built with the icalendar package.

One VEVENT per dated class meeting: a UID that is globally unique and stable across runs
(``<slug>-<hash>@coursebot``, the hash of the course's identity: its name and where its pages live, the session
page URL when the site has one, else the site folder, and the slug), so calendar apps update events in place
on re-import while two courses or semesters with the same slugs never overwrite each other; DTSTART/DTEND with the course's TZID and a matching VTIMEZONE, the session title, its
page link and the required readings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from bot.config import CourseConfig
from bot.course.models import Session
from bot.course.text import drop_invisible
from bot.services.times import session_end, session_start

PRODID = "-//coursebot//course calendar//EN"
UID_DOMAIN = "coursebot"
CONTENT_TYPE = "text/calendar"


def course_identity(session: Session, config: CourseConfig) -> str:
    """What tells this course's session apart from any other course's: the course name and the session's
    page URL (site url + baseurl + permalink), or the site folder where the site has no ``url``."""
    where = session.url or str(config.site_path.resolve())
    return "\x1f".join((config.course.name, where, session.slug))


def event_uid(session: Session, config: CourseConfig) -> str:
    """``<slug>-<16 hex>@coursebot``: the slug for people (without invisible or control characters a file
    name may hold), the hash of the course identity (the slug as it is) for uniqueness."""
    digest = hashlib.sha256(course_identity(session, config).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"{drop_invisible(session.slug)}-{digest}@{UID_DOMAIN}"


def _description(session: Session) -> str:
    lines: list[str] = []
    required = [r for r in session.readings if r.required]
    more = len(session.readings) - len(required)
    if required:
        lines.append("Required readings:")
        for reading in required:
            title = reading.title or (reading.urls[0] if reading.urls else "(untitled)")
            lines.append(f"- {title}: {reading.urls[0]}" if reading.urls else f"- {title}")
    if more:
        lines.append(f"{more} more reading{'s' if more != 1 else ''} on the session page.")
    if session.url:
        lines.append(session.url)
    return "\n".join(lines)


def build_calendar(
    sessions: Iterable[Session], config: CourseConfig, *, stamp: dt.datetime | None = None
) -> bytes:
    """The ``.ics`` bytes for ``sessions`` (undated posts and non-meetings are left out).

    ``stamp`` is the DTSTAMP of every event (default: now, UTC); pass a fixed one for reproducible bytes.
    """
    import icalendar  # imported here: only /calendar and `coursebot calendar` pay for it

    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", config.course.name)
    cal.add("x-wr-timezone", config.course.timezone)

    days: list[dt.date] = []
    for session in sessions:
        start, end = session_start(session, config), session_end(session, config)
        if start is None or end is None or not session.meeting:
            continue
        days.append(start.date())
        event = icalendar.Event()
        event.add("uid", event_uid(session, config))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", session.display_name)
        if session.url:
            event.add("url", session.url)
        description = _description(session)
        if description:
            event.add("description", description)
        if session.tags:
            event.add("categories", list(session.tags))
        cal.add_component(event)

    if days:
        # A VTIMEZONE covering the course (with a year's margin) instead of the default 1970..2038 span.
        first, last = min(days), max(days)
        cal.add_missing_timezones(
            first_date=first.replace(month=1, day=1) - dt.timedelta(days=1),
            last_date=last.replace(month=12, day=31) + dt.timedelta(days=1),
        )
    return cal.to_ical()
