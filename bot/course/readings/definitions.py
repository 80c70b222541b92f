"""Definition lists (kramdown ``09/10`` then ``: [Paper](url)`` lines, the "Just the Class" schedule
module): each definition line is an item and the term plays the level-2 heading's role (SPEC "More
rules"). A line is a reading when it links a work by name; the session's slides and recordings, forms
and surveys, badges alone (``**Due**{: .label}``) and holidays name none. Each reading keeps only its own
links; a line that is not a reading adds nothing to the one above, nor do the unlabelled lines nested under it
(``: **Lecture**{: .label}[slides](..)`` / ``  : [Video](..)``), but a nested line whose own badge or lead-in
names reading matter (``  : **Read**{: .label}[..](..)``, ``  : Reading: [..](..)``) is judged by that. Badges
name what a line is: ``**Lab**``, ``**Submit**`` lines are none, ``**Read**`` / ``**Watch**`` / ``**Annotate**``
lines (or a list under such a label) are readings even under a term about something else (``Due``). A line
that links nothing is a reading only when it cites a work by author and year (``Kuhn (1962), Chapters 2-4``).
A link whose target the author left empty (``[A Paper Title](), A. Author (Venue)``, a link still to come)
names its work as a linked one does: a reading without a URL."""

from __future__ import annotations

from collections.abc import Sequence

from bot.course.readings.citations import (
    is_class_material,
    is_form,
    is_optional,
    link_row,
    locator_title,
    marked_title,
    names_work,
    split_works,
)
from bot.course.readings.badges import is_other_matter_label
from bot.course.readings.bare_citations import cited_title
from bot.course.readings.collect import Draft
from bot.course.readings.tree import Definitions, Item, ListBlock
from bot.course.readings.names import section_kind
from bot.course.readings.people import names_person
from bot.course.readings.shapes import announces_task
from bot.course.readings.vocabulary import (
    ARCHIVE_URL, AUTHOR_YEAR_CITATION, CITATION_YEAR, DUTY_BADGE, LEAD_IN_WORDS, OPTIONAL_BADGE, READING_BADGE,
    SETUP_ACTION,
)
from bot.course.text import clean_title, is_http_url


def definition_drafts(block: Definitions) -> list[Draft]:
    """Drafts of one term's lines. The list it belongs to is read once, as a whole: when one of its
    lines has a nested definition holding readings (``: [Probability](notes) Review`` /
    ``  : - [Experimentology 5.1](..)``), the list gives each meeting a topic line linked to its notes and
    the works under it, so its linked lines are topics, not readings, under every term (``: [Regression
    Review](notes)`` on a day with nothing under it too); the nested lines and lines a reading badge marks
    stay readings. A flat list (``: [Paper](url)`` per line, a ``  : [Video](..)`` under a lecture line)
    keeps every line."""
    whole = block.owner
    if whole is None:
        return _drafts(block.items, [])
    if whole.drafts is None:
        lines = [_lines(term.items, []) for term in whole.terms]
        # (an activity's line, ``**Lecture**{: .label}[slides](..)`` over its ``**Read**`` line, is no topic line)
        two_level = any(item.nests_definition and item.inline.links and under
                        and not any(_is_other(b) for b in item.inline.badges)
                        for term in lines for item, _, under in term)
        whole.drafts = [
            [d for item, own, under in term
             for d in (*(o for o in own if not two_level or o.badged or not item.inline.urls), *under)]
            for term in lines
        ]
    return whole.drafts[block.index]


def _drafts(items: Sequence[Item], badges: list[str]) -> list[Draft]:
    return [d for _, own, under in _lines(items, badges) for d in (*own, *under)]


def _lines(items: Sequence[Item], badges: list[str]) -> list[tuple[Item, list[Draft], list[Draft]]]:
    """(line, its own drafts, the drafts of what stands under it) for the lines ``items``: under a line
    that links something but is no reading (``[Install X](..)``, a form, slides) nothing is a reading
    either; under a label line (``**Annotate**{: .label}``, ``Temple Library Guides``) the items take its
    badges. A line that is only a label (``: **Lab**{: .label}``, ``: **Listen**``) also labels the lines
    after it, up to the next such line: ``: **Lab**`` then ``: Visualization with [Tool](..)`` is a lab,
    not a reading."""
    lines: list[tuple[Item, list[Draft], list[Draft]]] = []
    context: list[str] = []  # the labels of the last line that was only a label
    for item in items:
        own_labels = _label_line(item)
        if own_labels is not None:
            context = own_labels
        scope = badges if own_labels is not None else [*badges, *context]
        if _labelled_reading(item):
            # its own label says what it is: ``  : **Paper**{: .label}[..](..)`` under ``**Lecture**{: .label}``
            scope = [label for label in scope if not _is_other(label)]
        own = _item_drafts(item, scope)
        under: list[Draft] = []
        nested = [c for c in item.children if isinstance(c, ListBlock)]
        if nested and item.inline.urls and not own:
            # an activity's line (``**Lecture**{: .label}[slides](..)``, a lab handout): its unlabelled lines
            # are its companions (``[Video](..)``), but a line labelled as reading matter is judged by its own
            # label (``  : **Read**{: .label}[Process API](..)``, ``  : Reading: [..](..)``)
            for block in nested:
                under.extend(_drafts([c for c in block.items if _labelled_reading(c)], scope))
        elif nested:
            inherited = scope if item.inline.urls else [*scope, *_labels(item)]
            for block in nested:
                under.extend(_drafts(block.items, inherited))
        lines.append((item, own, under))
    return lines


def _labelled_reading(item: Item) -> bool:
    """A line whose own badge or lead-in names reading matter (``**Read**{: .label}``, ``**Paper**``,
    ``**Optional**``, ``Reading: [..](..)``) and no other class matter."""
    inline = item.inline
    lead = inline.gap(0, inline.links[0][2]).strip() if inline.links else ""
    labels = [*inline.badges, *([lead.rstrip(":").strip()] if lead.endswith(":") else [])]
    return any(_names_reading(label) for label in labels) and not any(_is_other(label) for label in labels)


def _names_reading(label: str) -> bool:
    return section_kind(label) == "reading" or bool(READING_BADGE.search(label) or DUTY_BADGE.search(label))


def _labels(item: Item) -> list[str]:
    """What a line with no link says about the lines under it: its badges, and its words when it is a
    short label (``Read``, ``Temple Library Research Guides``), not a ``Key: value`` line
    (``Discussion leader: Xiang`` names a person; the lines under it keep the labels above)."""
    text = item.inline.text
    if text and not item.inline.links and ":" not in text.rstrip(":") and len(text.split()) <= LEAD_IN_WORDS:
        return [*item.inline.badges, text.rstrip(":")]
    return list(item.inline.badges)


def _label_line(item: Item) -> list[str] | None:
    """The labels of a line that is only a label, a badge alone (``**Lab**{: .label}``) or bold words
    alone (``**Listen**``); None for any other line. A field awaiting its value (``*Presenter(s):*``) is
    no label: it says who, not what the lines after it are."""
    inline = item.inline
    if inline.urls or inline.links:
        return None
    if not inline.text and inline.badges:
        return list(inline.badges)
    if inline.emphasised and ":" not in inline.text and len(inline.text.split()) <= LEAD_IN_WORDS:
        return [*inline.badges, inline.text]
    return None


def _is_other(label: str) -> bool:
    """A label naming another kind of class matter (``Lab``, ``Submit``, ``Research Guides``)."""
    return is_other_matter_label(label) or section_kind(label) == "other"


def _item_drafts(item: Item, inherited: Sequence[str] = ()) -> list[Draft]:
    inline = item.inline
    badges = [*inherited, *inline.badges]
    if announces_task(inline):
        return []  # ": [Assignment 2 Released](lms-link)", ": Flash Quiz 1 Released": a task's state, not a work
    if inline.urls and all(ARCHIVE_URL.search(u) for u in inline.urls) and not any(_names_reading(b) for b in badges):
        return []  # ": [Ch26](../HW-Threads.tgz)": code to download and run, not a work to read
    if not any(names_work(text) and (is_http_url(href) or not href.strip()) for text, href, _, _ in inline.links):
        located = locator_title(inline) if inline.urls else None
        if located and not is_form(inline) and not any(_is_other(b) for b in badges):
            # "Reading: Chapter 3, sections [#7-16](..)": links that only number the parts of a work
            optional = is_optional(inline) or any(OPTIONAL_BADGE.search(b) for b in inherited)
            badged = any(READING_BADGE.search(b) for b in badges)
            return [Draft(clean_title(located), item.line, list(inline.urls), optional=optional, badged=badged)]
        return _citation_draft(item, badges)
    if is_form(inline) or is_class_material(inline) or names_person(inline) or any(_is_other(b) for b in badges):
        return []  # a form, the session's slides, its speaker (": *[Jane Doe](https://janedoe.com)*"), a lab
    if SETUP_ACTION.match(inline.text):
        return []  # "[Install the bookmarklet](..)", "Create an account": a step to take, not a work
    optional = is_optional(inline) or any(OPTIONAL_BADGE.search(b) for b in inherited)
    badged = any(READING_BADGE.search(b) for b in badges)
    works = split_works(inline) or link_row(inline)
    if works:
        return [Draft(clean_title(t), item.line, [u] if is_http_url(u) else [], optional=optional, badged=badged,
                      cited=not is_http_url(u)) for t, u in works]
    title = marked_title(inline) or inline.text
    # a line whose only link has an empty target counts as a citation (it names its work all the same)
    return [Draft(clean_title(title), item.line, list(inline.urls), optional=optional, badged=badged,
                  cited=not inline.urls)]


def _citation_draft(item: Item, badges: Sequence[str]) -> list[Draft]:
    """A line that links no work but cites one: by author and year (``**Theory**{: .label} Kuhn (1962),
    Chapters 2-4``), or as a reference-list entry with a marked title and a year (``Doe, Jane. “A Title,”
    Journal 24:3 (2017)``, or ``Doe. “A Title,” Journal 24:3, https://doi.org/...``, the address bare or
    ``[pdf](..)``): a reading titled by its text,
    or by the title it marks, unless a badge says it is another class event."""
    inline = item.inline
    if any(_is_other(b) for b in badges):
        return []
    optional = is_optional(inline) or any(OPTIONAL_BADGE.search(b) for b in badges)
    badged = any(READING_BADGE.search(b) for b in badges)
    if not inline.urls and AUTHOR_YEAR_CITATION.match(inline.text):
        return [Draft(clean_title(inline.text), item.line, [], optional=optional, badged=badged, cited=True)]
    title = marked_title(inline)
    if title and title != inline.text and (CITATION_YEAR.search(inline.text) or inline.urls):
        return [Draft(clean_title(title), item.line, list(inline.urls), optional=optional, badged=badged,
                      cited=True)]
    # "Marie de France, *Bisclavret*": no year and no link, a citation all the same
    title = cited_title(inline, unmarked=False)
    if title and not item.children:
        return [Draft(clean_title(title), item.line, [], optional=optional, badged=badged, cited=True)]
    return []
