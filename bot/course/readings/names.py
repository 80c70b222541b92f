"""Judging names and short texts against the vocabulary: section kinds, grouping labels, generic link texts."""

from __future__ import annotations

import functools

from bot.course.readings.vocabulary import (
    ADJECTIVE_ONLY_SECTION,
    COVER_WORD_SECTION,
    GENERIC_WORDS,
    GROUP_FILLERS,
    GROUP_WORDS,
    MEDIA_SECTION,
    MEETING_LABEL,
    MEETING_SEPARATORS,
    NON_READING_SECTION,
    OTHER_MATTER_SECTION,
    READING_ASSIGNMENT,
    READING_BADGE,
    READING_LABEL,
    READING_WORDS,
    SESSION_PART_SECTION,
    SESSION_TITLE,
    SUPPLEMENTARY,
    WORD,
)


@functools.lru_cache(maxsize=4096)  # asked of each section name several times a post, and posts repeat them
def is_supplementary(section: str | None) -> bool:
    """``required`` is False for a section whose name says More, Extra, Optional, Background, ..."""
    return bool(section) and bool(SUPPLEMENTARY.search(section or ""))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


# is_generic and is_group_label are kept per text, as section_kind is: a post asks about the same link and item
# texts several times (an item's text, as a link of the reading above, as a title), ~20 asks a post for ~9 texts.
@functools.lru_cache(maxsize=4096)
def is_generic(text: str) -> bool:
    if len(text) > 80:
        return False
    for word in words(text):
        word = word.strip(".-")
        if word and word not in GENERIC_WORDS:
            return False
    return True



@functools.lru_cache(maxsize=4096)
def is_group_label(text: str) -> bool:
    """Every word is a grouping word ("Further Reading", "Papers"), and not all of them are fillers."""
    named = False
    for word in words(text):
        word = word.strip(".-")
        if not word:
            continue
        if word not in GROUP_WORDS:
            return False
        named = named or word not in GROUP_FILLERS
    return named


def is_session_title(text: str) -> bool:
    """A heading that titles the session by its meeting and number, then its topic ("Week 10: Graph algorithms
    lab", "Lecture 3 - Sorting", "Session 4: Discussion", "Week 3"): vocabulary.SESSION_TITLE. Not when the
    topic only groups readings ("Week 3: Readings", "Week 3 - Required papers"): that heading opens a readings
    section, as "# Readings" does."""
    text = text.strip()
    match = SESSION_TITLE.match(text)
    if match is None:
        # no separator: "Week 8 Notes", "Lecture 3 Slides" title the meeting's page by what it is, unless
        # the words name reading matter ("Week 3 Readings", "Week 3 Papers and Slides" opens a section)
        label = MEETING_LABEL.match(text)
        return label is not None and section_kind(text[label.end():].strip(MEETING_SEPARATORS)) == "other"
    topic = text[match.end():].strip(MEETING_SEPARATORS)
    return not topic or not is_group_label(topic)


@functools.lru_cache(maxsize=1024)
def section_kind(name: str | None) -> str:
    """'reading' (name says readings), 'other' (blog, summary, ...), or 'neutral' (judge by content). A
    name about other matter is 'other' unless its other words name reading matter. Kept
    per name: a site's posts repeat their layout's section names, each asked about several times a post."""
    if name is None:
        return "neutral"
    if MEDIA_SECTION.match(name) or SESSION_PART_SECTION.match(name):
        return "other"
    if OTHER_MATTER_SECTION.search(name):
        # "## Before class: Readings, resources, and tasks": the rest of the name says readings in so many
        # words, so the section holds them; "## Before Class", "## Reading Responses" name only other matter
        rest = OTHER_MATTER_SECTION.sub(" ", name)
        if not READING_LABEL.search(rest):
            return "other"
        return section_kind(rest)
    if ADJECTIVE_ONLY_SECTION.match(name) or COVER_WORD_SECTION.match(name):
        return "neutral"  # "## Background": what the paper builds on, not "Background reading"
    if READING_ASSIGNMENT.search(name):
        return "reading"  # "## Reading assignment": the assignment is the reading
    reading = bool(READING_WORDS.search(name))
    other = bool(NON_READING_SECTION.search(name))
    if reading and not other:
        return "reading"
    if other and not reading:
        return "other"
    return "neutral"


def says_reading(lead: str) -> bool:
    """A lead-in line that names reading matter in so many words ("Readings for next week", "For Tuesday,
    read", "Papers"): its name is about readings (section_kind) and holds a word for reading or a kind of work
    (vocabulary.READING_BADGE), not only a word that may group anything ("Optional", "Required", "More")."""
    return section_kind(lead) == "reading" and bool(READING_BADGE.search(lead))
