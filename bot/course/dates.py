"""Session dates and page URLs.

The date of a session, first source that has one: the post's own date (front matter ``date:`` or a
``_posts`` file name); the configured calendar (meeting dates taken in session order over meeting
sessions); the site's schedule page (its Liquid date list, matched by position to the posts the page
dates: meeting sessions when its template skips extra / platform / "Section" posts, else every post);
otherwise none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from bot.config import CalendarConfig
from bot.course.models import Session, date_out_of_range
from bot.course.site import SiteInfo, session_url

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_DASH = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_MMDD = re.compile(r"^(\d{2})(\d{2})$")


def parse_schedule_token(token: str) -> tuple[int | None, int, int] | None:
    """``"0118"``, ``"01/30"``, ``"1/30"``, ``"1/30/24"``, ``"2024-01-30"`` -> (year or None, month, day)."""
    token = token.strip()
    for pattern, order in ((_ISO, "ymd"), (_SLASH, "mdy"), (_DASH, "md"), (_MMDD, "md")):
        match = pattern.match(token)
        if not match:
            continue
        groups = match.groups()
        year: int | None
        if order == "ymd":
            year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
        else:
            month, day = int(groups[0]), int(groups[1])
            year = int(groups[2]) if len(groups) > 2 and groups[2] else None
            if year is not None and year < 100:
                year += 2000
        if 1 <= month <= 12 and 1 <= day <= 31:
            return year, month, day
        return None
    return None


def schedule_dates(tokens: Sequence[str], year: int | None) -> list[dt.date | None]:
    """The schedule page's dates in order. A Liquid list written ``"|0118|0123|..."`` starts with an
    empty token that the page never shows (its counter is incremented before use), so a leading empty
    token is dropped; other empty or unreadable tokens stay as gaps (None). Month-day tokens take
    ``year``, moving to the next year when the months wrap (December -> January)."""
    tokens = list(tokens)
    if tokens and not tokens[0].strip():
        tokens = tokens[1:]
    out: list[dt.date | None] = []
    current_year = year
    last_month = 0
    for token in tokens:
        parsed = parse_schedule_token(token)
        if parsed is None:
            out.append(None)
            continue
        explicit, month, day = parsed
        if explicit is not None:
            current_year = explicit
        elif current_year is not None and month < last_month:
            current_year += 1
        last_month = month
        if current_year is None:
            out.append(None)
            continue
        try:
            date: dt.date | None = dt.date(current_year, month, day)
        except ValueError:
            date = None
        out.append(date if date is not None and date_out_of_range(date) is None else None)
    return out


def assign_dates(
    sessions: Sequence[Session],
    *,
    site: SiteInfo,
    calendar: CalendarConfig | None = None,
    year: int | None = None,
) -> list[Session]:
    """Sessions (in Jekyll order) with ``date`` and ``url`` filled in; see the module docstring."""
    meeting_dates = calendar.meeting_dates() if calendar is not None else []
    page_dates = schedule_dates(site.schedule_dates, year if year is not None else site.year)
    out: list[Session] = []
    meeting_index = 0  # position among meeting sessions (the calendar's dates)
    page_index = 0  # position among the posts the schedule page gives a date
    for session in sessions:
        date = session.front_date
        if session.meeting:
            if date is None and meeting_index < len(meeting_dates):
                date = meeting_dates[meeting_index]
            meeting_index += 1
        if session.meeting or not site.schedule_skips_non_meetings:
            if date is None and page_index < len(page_dates):
                date = page_dates[page_index]
            page_index += 1
        if date is not None and date_out_of_range(date) is not None:
            date = None  # never served (the post's own date is reported by the parser)
        out.append(replace(session, date=date, url=session_url(site, session)))
    return out
