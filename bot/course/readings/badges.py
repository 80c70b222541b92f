"""Badged lines outside lists: paragraphs whose lines open with a kramdown label badge, as course templates
built on Just the Docs write a week's material (``**Reading**{: .label} [Title](url)``, ``**Code**{: .label}
[Notebook](url)``, ``**Optional**{: .label} Author. [Title](url). Venue.``, several lines joined by ``<br>``).

The badge says what the line is: a badge naming reading matter (``Reading``, ``Paper``, ``Watch``) or a duty
(``Optional``, ``Required``) makes the line a reading; any other badge (``Code``, ``KeyConcept``, ``Lab``,
``HW 1 due``) makes it something else. Each line keeps its own links; ``Optional`` badges make it not required.
"""

from __future__ import annotations

from bot.course.readings.citations import names_title, unquote
from bot.course.readings.draft import Draft
from bot.course.readings.inline import Inline
from bot.course.readings.names import is_generic
from bot.course.readings.vocabulary import (
    ACTIVITY_BADGE, DUTY_BADGE, OPTIONAL_BADGE, OPTIONAL_NOTE, OTHER_BADGE, PLACEHOLDER, READING_BADGE,
)
from bot.course.text import clean_title, is_http_url, squash


def is_other_matter_label(badge: str) -> bool:
    """A badge or label naming another kind of class matter (``Lecture``, ``Quiz``, ``Final paper``), not
    the works read for a class activity (``Discussion paper``, ``Readings for discussion``)."""
    other = OTHER_BADGE.findall(badge)
    if not other:
        return False
    if READING_BADGE.search(badge) and all(ACTIVITY_BADGE.fullmatch(word) for word in other):
        return False
    return True


def badged_drafts(inline: Inline, line: int) -> list[Draft] | None:
    """The readings of a paragraph whose lines are badged; None when no line of it opens with a badge
    (the paragraph is then read by the other rules)."""
    if not inline.badges or not inline.line_starts:
        return None
    drafts: list[Draft] = []
    badged_any = False
    for number, (raw, urls, _) in enumerate(inline.lines):
        badges = inline.line_badges(number)
        if not badges:
            continue
        badged_any = True
        draft = _line_draft(inline, number, squash(raw), urls, badges, line + number)
        if draft is not None:
            drafts.append(draft)
    return drafts if badged_any else None


def _line_draft(inline: Inline, number: int, text: str, urls: list[str], badges: list[str], at: int) -> Draft | None:
    if any(is_other_matter_label(b) for b in badges):
        return None
    if not any(READING_BADGE.search(b) or DUTY_BADGE.search(b) for b in badges):
        return None  # "**Code**{: .label}", "**KeyConcept**{: .label}": the session's other material
    named = [t for t, href, _, _ in inline.line_links(number) if names_title(t) and is_http_url(href)]
    title = unquote(named[0]) if named else text
    if not title or is_generic(title) or PLACEHOLDER.match(title):
        return None
    optional = any(OPTIONAL_BADGE.search(b) for b in badges) or bool(OPTIONAL_NOTE.search(text))
    return Draft(clean_title(title), at, list(urls), optional=optional, item=True, badged=True)
