"""Headings and names that only say which class meeting follows (``### Tuesday, Jan 21``, ``### Week 3``,
``### Class 4 (Jan 21)``): a meeting day's label, not a work. Under one, the blocks that follow are what
that meeting asks for (the works to read among them), as under a definition list's meeting-day term."""

from __future__ import annotations

from bot.course.days import parse_day
from bot.course.readings.vocabulary import MEETING_LABEL, MEETING_SEPARATORS, WEEK_OF

_MAX_LABEL_CHARS = 60


def is_meeting_label(text: str | None) -> bool:
    """The whole text is a day (``Tuesday, Jan 21``, ``9/21``), a meeting and its number (``Week 3``,
    ``Class 4``), or both (``Week 3 - Tuesday, Jan 21``, ``Week of Jan 21``). A heading that goes on to name
    a topic (``Week 3: Transformers``) or a work is no such label."""
    if not text:
        return False
    text = text.strip().rstrip(":").strip()
    if not text or len(text) > _MAX_LABEL_CHARS or not any(map(str.isdigit, text)):
        return False
    week_of = WEEK_OF.match(text)
    if week_of:
        return parse_day(text[week_of.end() :]) is not None
    meeting = MEETING_LABEL.match(text)
    if meeting:
        rest = text[meeting.end() :].strip(MEETING_SEPARATORS)
        return not rest or parse_day(rest) is not None
    return parse_day(text) is not None
