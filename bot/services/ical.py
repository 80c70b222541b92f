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
from typing import Any

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


def _event(session: Session, config: CourseConfig, stamp: dt.datetime) -> Any | None:
    """The VEVENT of ``session`` (None for an undated post or a non-meeting)."""
    import icalendar

    start, end = session_start(session, config), session_end(session, config)
    if start is None or end is None or not session.meeting:
        return None
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
    return event


_END = b"END:VCALENDAR\r\n"


class CalendarFile:
    """An ``.ics`` file built a session at a time (:meth:`add`, then :meth:`finish`): each event is
    serialised as soon as it is built (icalendar's objects cost ~10 kB per event; a two-year window of a big
    course holds thousands). The bytes are those of one ``Calendar`` holding every event, with the VTIMEZONE
    components first, as icalendar writes them. ``events``: how many were added."""

    def __init__(self, config: CourseConfig, *, stamp: dt.datetime | None = None) -> None:
        import icalendar  # imported here: only /calendar and `coursebot calendar` pay for it

        self._ical = icalendar
        self.config = config
        self.stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        self._first: dt.date | None = None
        self._last: dt.date | None = None
        self._tzids: dict[str, None] = {}  # in the order first used
        self._events: list[bytes] = []

    @property
    def events(self) -> int:
        return len(self._events)

    def add(self, sessions: Iterable[Session]) -> None:
        """Add the events of ``sessions`` (undated posts and non-meetings are left out)."""
        for session in sessions:
            event = _event(session, self.config, self.stamp)
            if event is None:
                continue
            day = event.decoded("dtstart").date()
            self._first = day if self._first is None or day < self._first else self._first
            self._last = day if self._last is None or day > self._last else self._last
            for _name, value in event.property_items(sorted=False):
                tzid = value.params.get("TZID") if hasattr(value, "params") else None
                if tzid:
                    self._tzids.setdefault(tzid)
            self._events.append(event.to_ical())

    def finish(self) -> bytes:
        icalendar = self._ical
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", self.config.course.name)
        cal.add("x-wr-timezone", self.config.course.timezone)
        if self._first is not None and self._last is not None:
            # A VTIMEZONE covering the course (with a year's margin) instead of the default 1970..2038 span
            # (what Calendar.add_missing_timezones adds, for the TZIDs the events use).
            for tzid in self._tzids:
                try:
                    timezone = icalendar.Timezone.from_tzid(
                        tzid,
                        first_date=self._first.replace(month=1, day=1) - dt.timedelta(days=1),
                        last_date=self._last.replace(month=12, day=31) + dt.timedelta(days=1),
                    )
                except ValueError:
                    continue  # a timezone icalendar does not know is left out, as add_missing_timezones does
                cal.add_component(timezone)
        head = cal.to_ical()
        assert head.endswith(_END)
        return head[: -len(_END)] + b"".join(self._events) + _END


def build_calendar(
    sessions: Iterable[Session], config: CourseConfig, *, stamp: dt.datetime | None = None
) -> bytes:
    """The ``.ics`` bytes for ``sessions`` (undated posts and non-meetings are left out); see
    :class:`CalendarFile`. ``stamp`` is the DTSTAMP of every event (default: now, UTC); pass a fixed one for
    reproducible bytes."""
    built = CalendarFile(config, stamp=stamp)
    built.add(sessions)
    return built.finish()
