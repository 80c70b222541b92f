"""Level-2 sections of a body and the readings collected in each."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from bot.course.models import Problem, Reading
from bot.course.readings.blocks import build_blocks
from bot.course.readings.definitions import definition_drafts
from bot.course.readings.guide import section_key
from bot.course.readings.tree import LIST_BLOCKS, Block, Definitions, Heading, ListBlock, Para
from bot.course.readings.collect import Collector, Draft
from bot.course.readings.meeting_days import is_meeting_label
from bot.course.readings.markdown import repeats_title
from bot.course.readings.prose import discussed_work
from bot.course.readings.names import is_group_label, is_session_title, is_supplementary, says_reading, section_kind
from bot.course.readings.shapes import (
    asks_to_read, labelled_work, lead_in, lead_subject, lists_citations, opening_label, skipped_work,
)
from bot.course.readings.vocabulary import (
    CHAPTER_CITATION, CHOOSE_SOME, DUTY_BADGE,
    ATTRIBUTE_HEADING, CONTINUING_HEADING, FORM_HOSTS, OTHER_MATTER_SECTION, PLACEHOLDER, READING_BADGE, READING_LABEL,
    INTRO_MAX_WORDS, NOT_REQUIRED, PEOPLE_HEADING, REQUIRED_AFTER_ALL, RESOURCE_HEADING,
    READINGS_OBJECT, INTRODUCTION_SECTION, MEDIA_SECTION, SESSION_PART_SECTION, TOPIC_HEADING, PLURAL_GROUP,
)
from bot.course.text import clean_title, strip_invisible, squash

def section_name(head: Heading) -> str:
    """SPEC: the level-2 heading's text without ``#``, trailing ``:`` and outer white space. Inner
    spacing is kept as written ("Even  More"); markup (links, emphasis) is removed when present."""
    raw = head.raw if not any(c in head.raw for c in "[*`_<") else head.inline.text
    name = strip_invisible(raw).strip().rstrip("#").strip()
    while name.endswith(":"):
        name = name[:-1].rstrip()
    return name


def split_sections(blocks: Sequence[Block]) -> Iterator[tuple[str | None, list[Block]]]:
    """(name, blocks) per level-2 section; each definition term is a section of its own (SPEC: the term
    plays the level-2 heading's role), after which the enclosing section goes on. A level-1 heading that
    names reading matter ("# Readings", on a page whose big blocks are level-1) runs to the next level-1
    heading: the level-2 headings under it ("## Taber and Lodge") are its works, unless named as sections
    themselves ("## Required", "## Optional", "## Assignment": is_section_heading), which go on as level-2
    sections (and a readings one among them opens its own block)."""
    name: str | None = None
    current: list[Block] = []
    reading_at: int | None = None  # the level of the heading naming reading matter that opened the section
    for block in blocks:
        if isinstance(block, Definitions):
            if current:
                yield name, current
                current = []
            yield term_name(block), [block]
        elif isinstance(block, Heading) and block.level <= 2 and (
            reading_at is None or block.level <= reading_at or is_section_heading(section_name(block))
        ):
            if name is not None or current:
                yield name, current
            name, current = section_name(block), []
            reading_at = block.level if section_kind(name) == "reading" else None
        else:
            current.append(block)
    if name is not None or current:
        yield name, current


def parts_level(headings: Sequence[Heading]) -> int | None:
    """The level of a section's (or a page's without level-2 headings) part headings: its shallowest
    sub-heading level, when the headings there are the parts of a session page ("### Introduction",
    "### Slides", "### Code", "### Further materials"): two or more, none linked, each one either named as a
    part about other matter in its whole name (is_part_heading) or named as a group of reading matter
    (names_reading_group), and one of them at least a part. Not inside a readings section, whose
    sub-headings are its works and groups. None for a section of "### Paper title" headings
    (works, whatever words their titles hold)."""
    if not headings:
        return None
    shallowest = min(h.level for h in headings)
    at_top = [section_name(h) for h in headings if h.level == shallowest]
    if len(at_top) < 2 or any(h.inline.urls for h in headings if h.level == shallowest):
        return None
    parts = [is_part_heading(name) for name in at_top]
    if not any(parts) or not all(p or names_reading_group(name) for p, name in zip(parts, at_top)):
        return None
    return shallowest


def names_reading_group(name: str) -> bool:
    """A part heading over works: named for reading matter (names.section_kind) by a plural or a word saying
    supplement ("Further materials", "Materials used in the session", "Additional resources on RL"), not a
    work's title with such a word ("Paper A")."""
    return section_kind(name) == "reading" and bool(PLURAL_GROUP.search(name) or is_supplementary(name))


def is_part_heading(name: str) -> bool:
    """A heading whose whole name is a part of a session page about other matter: its slides or recordings
    (vocabulary.MEDIA_SECTION), code or things to try (SESSION_PART_SECTION), its introduction
    (INTRODUCTION_SECTION), or another topic of the session (TOPIC_HEADING: "Homework", "Discussion")."""
    return any(p.match(name) for p in (MEDIA_SECTION, SESSION_PART_SECTION, INTRODUCTION_SECTION, TOPIC_HEADING))


def is_section_heading(name: str) -> bool:
    """A level-2 heading under a level-1 readings heading that is a section of its own, not a work: a grouping
    label ("## Required", "## Optional papers"), a part of the session ("## Slides", "## Assignment":
    is_part_heading), or a short name of other class matter (is_other_matter_heading)."""
    return is_group_label(name) or is_part_heading(name) or is_other_matter_heading(name)


def is_title_heading(block: Block, title: str | None) -> bool:
    """A level-1 heading that titles the page (the first block of the body, Liquid-only paragraphs being none):
    it titles the session by its meeting and number ("# Week 10: Graph algorithms lab", "# Lecture 3 - Sorting":
    names.is_session_title), or repeats the post title without naming a readings section ("# Readings" over a
    post titled "Readings" still opens one). Such a heading is no section: its words ("lab", "Discussion",
    "Book") say nothing of what stands under it, which is judged as before any heading (SPEC: section null)."""
    if not isinstance(block, Heading) or block.level != 1:
        return False
    name = section_name(block)
    return is_session_title(name) or (repeats_title(name, title) and section_kind(name) != "reading")


def is_definitions(blocks: Sequence[Block]) -> bool:
    return len(blocks) == 1 and isinstance(blocks[0], Definitions)


@functools.lru_cache(maxsize=4096)  # asked of each section and heading name several times a post (see section_kind)
def names_reading_matter(name: str | None) -> bool:
    """A section name that says reading matter in so many words ("Readings", "Papers", "Required",
    "Watch"), not only a word that may cover it ("Resources", "Links", "Materials")."""
    return bool(name) and section_kind(name) == "reading" and bool(
        READING_LABEL.search(name or "") or READING_BADGE.search(name or "")
    )


def term_name(block: Definitions) -> str | None:
    name = block.term.text.strip().rstrip(":").strip()
    return name or None


def section_drafts(name: str | None, kind: str, blocks: Sequence[Block]) -> list[Draft]:
    if len(blocks) == 1 and isinstance(blocks[0], Definitions):
        return definition_drafts(blocks[0])
    section = Collector(name, kind)
    headings = [i for i, b in enumerate(blocks) if isinstance(b, Heading)]
    opening = blocks[: headings[0]] if headings else blocks
    if intro_says_not_required(opening):
        section.supplementary = True  # "_Although not mandatory, ..._" under the heading: the whole section
    if is_meeting_label(name):
        section.meeting_day(opening)  # "## Tuesday, Jan 21": the meeting's block, as under a day sub-heading
    else:
        section.items(opening)
    skip_below: int | None = None  # level of a heading about other matter: it and its sub-headings are skipped
    skipped_at: int | None = None  # level of the last heading so skipped, while no other heading of it came since
    # Every sub-heading opens a section of its own for deciding readings and ``required``: the enclosing ones
    # (level, names reading matter, supplementary) decide for what stands under it, and a heading of the same
    # or a higher level closes it, so "##### More Resources" says nothing about the "##### Video Resources"
    # after it.
    above: list[Enclosing] = []
    # the part headings of a session page ("### Introduction", "### Where to try LLMs", "### Further materials"):
    # never readings themselves; one about other matter is skipped with what stands under it, one naming reading
    # matter groups the works under it
    parts = None if kind == "reading" else parts_level([blocks[i] for i in headings])  # type: ignore[misc]
    base = section.supplementary  # a label in the opening lines ("**Optional:**") over the headings after it
    base_optional = section.heading_optional
    reading_section = names_reading_matter(name)
    for n, index in enumerate(headings):
        end = headings[n + 1] if n + 1 < len(headings) else len(blocks)
        head = blocks[index]
        assert isinstance(head, Heading)
        if skip_below is not None and head.level > skip_below:
            continue
        skip_below = None
        if skipped_at is not None and head.level < skipped_at:
            skipped_at = None
        sibling: tuple[bool, bool] | None = None  # what a grouping label with nothing under it ("### Even More:") says
        while above and above[-1].level >= head.level:
            closed = above.pop()
            if closed.level == head.level:
                sibling = closed.for_siblings
        text = head.inline.text
        reading_above = reading_section or any(e.reading for e in above)
        part = parts is not None and head.level == parts
        if part and is_part_heading(text) or is_other_matter_heading(text) or (
            not reading_above and is_resource_heading(text)
        ) or (
            # "##### Additional Divide & Conquer Algorithm" right after "##### More Resources": more of those
            # (not a session page's part heading naming reading matter: "### Further materials" after "### Code")
            skipped_at == head.level and CONTINUING_HEADING.match(text) and not names_reading_matter(text)
            and not part
        ):
            skip_below = skipped_at = head.level
            section.reading_lead_ins(blocks[index + 1 : end])  # "_Readings for next week_" under "### Homework"
            continue
        if skipped_at == head.level:
            skipped_at = None
        outer = (above[-1].supplementary, above[-1].optional) if above else (base, base_optional)
        section.supplementary, section.heading_optional = sibling if sibling is not None else outer
        own = blocks[index + 1 : end]
        if intro_says_not_required(own):
            section.supplementary = section.heading_optional = True
        following = blocks[end] if end < len(blocks) else None
        # a heading that describes the one above ("#### Abstract") does not make it a group
        next_level = (
            following.level
            if isinstance(following, Heading) and not ATTRIBUTE_HEADING.match(following.inline.text)
            else None
        )
        section.heading(head, own, next_level, as_group=part)  # type: ignore[arg-type]
        # "### Even More:" with nothing under it groups the headings after it at its level, until the next group
        empty_label = not own and is_group_label(text)
        said = (section.supplementary, section.heading_optional)
        carried = said if (empty_label or sibling is not None and not own_group(head, own)) else None
        above.append(Enclosing(head.level, names_reading_matter(text), *said, carried))
    return section.drafts


@dataclass(slots=True)
class Enclosing:
    """A sub-heading over what follows until a heading of its level or a higher one."""

    level: int
    reading: bool  # it names reading matter ("### Readings"): resource headings under it may list works
    supplementary: bool  # what it and the labels under it say (or inherit) for ``required`` (no level-2 section)
    optional: bool  # what the headings alone say: "#### Optional Reading" under "## Required Readings"
    for_siblings: tuple[bool, bool] | None  # what it passes on to the next heading of its level ("### Even More:")


def intro_says_not_required(blocks: Sequence[Block]) -> bool:
    """The line right under a heading says its works are not required ("_Although not mandatory, it is
    recommended that you review the following materials._", "Optional, for those interested.", "you should
    choose **one** penumbral reading to prepare"): a short
    paragraph of its own, linking nothing (SPEC: required is false where the site says the section is optional
    or not required)."""
    first = blocks[0] if blocks else None
    if not isinstance(first, Para) or first.inline.urls or first.inline.links:
        return False
    if skipped_work(first.inline) is not None:
        return False  # "Note: You do not need to read ... "The Responsive Voter"": of that one work only
    text = first.inline.text
    return (
        len(text.split()) <= INTRO_MAX_WORDS
        and bool(NOT_REQUIRED.search(text) or CHOOSE_SOME.search(text))
        and not REQUIRED_AFTER_ALL.search(text)
    )


def own_group(head: Heading, own: Sequence[Block]) -> bool:
    """A grouping label with items of its own: it says nothing about the headings after it."""
    return is_group_label(head.inline.text) and bool(own)


def is_resource_heading(text: str) -> bool:
    """A sub-heading named only for resources, videos, tools or code ("##### More Resources", "### Videos"),
    not for reading matter (SPEC: Videos and the like are not reading sections); a heading that describes the
    reading above ("#### Links", "#### Code") is left to the collector."""
    return bool(PEOPLE_HEADING.match(text)) or (
        bool(RESOURCE_HEADING.match(text))
        and not ATTRIBUTE_HEADING.match(text)
        and not names_reading_matter(text)
    )


def reading_subsections(blocks: Sequence[Block]) -> list[Block]:
    """The sub-headings of a section about other matter that hold readings, each with what stands under it
    up to the next heading of its level or a higher one: a heading naming reading matter, or one not about
    other matter whose first list cites works (shapes.lists_citations)."""
    kept: list[Block] = []
    n = 0
    while n < len(blocks):
        head = blocks[n]
        if not isinstance(head, Heading):
            n += 1
            continue
        end = n + 1
        while end < len(blocks) and not (isinstance(blocks[end], Heading) and blocks[end].level <= head.level):
            end += 1
        text = head.inline.text
        own = blocks[n + 1 : end]
        first = next((b for b in own if isinstance(b, (ListBlock, Heading))), None)
        if names_reading_matter(text) or (
            section_kind(text) != "other" and not is_resource_heading(text)
            and isinstance(first, ListBlock) and lists_citations(first)
        ):
            kept.extend(blocks[n:end])
            n = end
        else:
            n += 1
    return kept


def is_other_matter_heading(text: str) -> bool:
    """A sub-heading about other class matter ("### Study Materials", "#### Practice Quiz"): short, and
    named for it (a paper title that merely contains such a word is longer)."""
    return len(text.split()) <= 5 and bool(OTHER_MATTER_SECTION.search(text)) and section_kind(text) == "other"


def _may_ask(blocks: Sequence[Block]) -> bool:
    """Whether a section holds a paragraph that asks to read or watch one work (shapes.labelled_work with such a
    label): the sections the page does not otherwise read are collected only then."""
    return any(isinstance(b, Para) and b.inline.links and (work := labelled_work(b.inline)) is not None
               and asks_to_read(work[0]) for b in blocks)


def _leads_reading(blocks: Sequence[Block]) -> bool:
    """Whether a section holds a list right after a lead-in line naming reading matter in so many words
    (names.says_reading: "_Readings for next week_", "For Tuesday, read:")."""
    return any(
        isinstance(block, LIST_BLOCKS) and (lead := lead_in(blocks[n - 1]) or opening_label(blocks[n - 1])) is not None
        and says_reading(lead_subject(lead))
        for n, block in enumerate(blocks) if n
    )


def is_form_only(draft: Draft) -> bool:
    """A candidate whose only links are sign-up forms or surveys (SPEC: a form is not a reading)."""
    return bool(draft.urls) and all(any(h in u.lower() for h in FORM_HOSTS) for u in draft.urls)


def dedupe(urls: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for url in urls:
        if url not in seen:
            seen[url] = None
    return tuple(seen)


def readings_from_tokens(
    tokens: Sequence[Token], *, line_offset: int = 0, file: str = "", optional_sections: Collection[str] = (),
    title: str | None = None,
) -> tuple[list[Reading], list[Problem]]:
    """Readings from an already parsed token stream (see extract_readings; the text should already be
    free of zero-width characters, see text.drop_invisible). ``title``: the post's title, if any (a ``#``
    heading at the top that repeats it is the page's title heading, no section: is_title_heading)."""
    blocks = build_blocks(tokens, line_offset)
    if blocks and is_title_heading(blocks[0], title):
        blocks = blocks[1:]
    readings: list[Reading] = []
    problems: list[Problem] = []
    sections = list(split_sections(blocks))
    # SPEC: a section holds readings when its name says reading matter. Where the page has one named so
    # in so many words ("## Readings"), it tells its other sections apart from it: a sibling named only by
    # a broader word ("## Resources", "## Links", "## Materials") is something else, unless its name says
    # supplement ("## Further resources"). Without such a section, "## Resources" counts as before, and
    # sections with names of their own ("## Apéritif") are judged by their content either way.
    named_for_reading = any(
        names_reading_matter(name) for name, part in sections if not is_definitions(part)
    )
    for name, section_blocks in sections:
        kind = "other" if name and PEOPLE_HEADING.match(name) else section_kind(name)
        definitions = is_definitions(section_blocks)
        asked_only = False
        first_heading = next((i for i, b in enumerate(section_blocks) if isinstance(b, Heading)), None)
        if kind != "reading" and name and first_heading is not None and READINGS_OBJECT.search(name):
            # "## Other notes/questions on readings" over "### Druckman and Lupia": its headings are the works
            # its notes are about; its own lines before them (questions, remarks) are none
            section_blocks, kind = section_blocks[first_heading:], "reading"
        if kind == "other" and not definitions:
            # a section about something else ("## Discussion Topic", a talk's title) may still hold a
            # sub-heading of readings: one naming reading matter ("### Optional reading:") or one over a
            # list of citations ("### Core" over "+ Author, “Title” (2017), [external link](..)")
            subsections = reading_subsections(section_blocks)
            if subsections:
                section_blocks, kind = subsections, "reading"
            else:
                # paragraphs that each ask to read or watch one work ("**Watch Video:** [Title](..)") say by
                # their labels that the section lists works, whatever its name and the page's other sections
                asked_only = True
        if (
            named_for_reading and kind == "reading" and not definitions
            and not names_reading_matter(name) and not is_supplementary(name) and not DUTY_BADGE.search(name)
        ):  # "## Recommended" / "## Suggested" beside "## Readings" still say what to read
            asked_only = True
        if asked_only and not _may_ask(section_blocks) and not _leads_reading(section_blocks):
            continue
        drafts = [
            d for d in section_drafts(name, kind, section_blocks)
            if d.title and (d.urls or not PLACEHOLDER.match(d.title)) and not is_form_only(d)
        ]
        if asked_only:
            # or lists under a lead-in naming reading matter ("## Homework" over "For Tuesday, read:"): the
            # nearest line introducing a list decides
            drafts = [d for d in drafts if asks_to_read(d.lead) or (d.lead is not None and says_reading(d.lead))]
            if not drafts:
                continue
        elif kind == "other":  # a term about other matter ("Due by today"): only lines badged as readings
            drafts = [d for d in drafts if d.badged]
        if kind == "neutral" and drafts:
            # items under a heading that names reading matter ("### Readings") are a reading list, as under
            # "## Readings": an unlinked textbook part among them ("van Steen §6.1-6.2") is a reading, and it
            # counts for nothing in the judging of the section's other items
            loose = [d for d in drafts if d.grouped_by is None]
            # items under a lead-in that names reading matter (``**Readings:**``) are that section's, as under a
            # heading; the others must mostly carry a link (or be shaped as citations)
            linked = sum(1 for d in loose if d.urls or d.cited)
            if loose and linked * 2 <= len(loose):
                # but a textbook part under a lead-in naming readings ("**Readings:**" over "Book, Chapter 2"),
                # or a work linked by a site-relative address ("[Title](/assets/x.pdf)"), is a reading, as under
                # a heading (a bare topic outline is not)
                drafts = [d for d in drafts if d.grouped_by is not None or (
                    d.lead is not None and section_kind(d.lead) == "reading"
                    and (d.urls or d.linked or CHAPTER_CITATION.search(d.title)))]
                if not drafts:
                    continue
        # the section's name says More/Extra/..., or the site's guide calls it not required
        supplementary = (
            is_supplementary(name)
            or bool(name and optional_sections and section_key(name) in optional_sections)
            or (name is not None and not definitions and intro_says_not_required(section_blocks))
        )
        for draft in drafts:
            # SPEC ties `required` to the level-2 section; without one, a grouping label is the only signal
            # SPEC ties `required` to the level-2 section, and a sub-heading saying Optional/Additional/... over
            # the item ("#### Optional Reading" under "## Reading lists") says so of its items; without a
            # section, a grouping label is the only signal
            under = draft.supplementary if name is None else draft.heading_optional
            required = not (supplementary or under) and not draft.optional
            if draft.lead is not None and (is_supplementary(draft.lead) or NOT_REQUIRED.search(draft.lead)):
                required = False  # "Some additional references:", "For those who want an introduction, see:"
            urls = dedupe(draft.urls)
            abstract = squash(" ".join(p for p in draft.prose if p))
            shown = name if name is not None or draft.lead is None else draft.lead
            readings.append(Reading(shown, required, draft.title, urls, abstract, draft.line))
            if not urls:
                problems.append(Problem(file, draft.line, "warning", f"reading {draft.title!r} has no link"))
    work = discussed_work(blocks) if not readings else None
    if work is not None:
        # "*Reading Group*. Discussion of the paper by Smith et al.: [[Title](url)]" as the whole body, which no
        # other rule reads (running prose): the one work the meeting discusses
        readings.append(Reading(None, True, clean_title(work[0]), (work[1],), "", blocks[0].line))
    return readings, problems
