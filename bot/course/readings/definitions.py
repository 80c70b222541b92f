"""Definition lists (kramdown ``09/10`` then ``: [Paper](url)`` lines, the "Just the Class" schedule
module): each definition line is an item and the term plays the level-2 heading's role (SPEC "More
rules"). A line is a reading when it links a work by name; the session's slides and recordings, forms
and surveys, badges alone (``**Due**{: .label}``) and holidays name none. Each reading keeps only its own
links; a line that is not a reading adds nothing to the one above."""

from __future__ import annotations

from bot.course.readings.citations import (
    is_class_material,
    is_form,
    is_optional,
    marked_title,
    names_work,
    split_works,
)
from bot.course.readings.collect import Draft
from bot.course.readings.tree import Definitions, Item
from bot.course.readings.vocabulary import OTHER_BADGE
from bot.course.text import clean_title, is_http_url


def definition_drafts(block: Definitions) -> list[Draft]:
    drafts: list[Draft] = []
    for item in block.items:
        drafts.extend(_item_drafts(item))
    return drafts


def _item_drafts(item: Item) -> list[Draft]:
    inline = item.inline
    if not any(names_work(text) and is_http_url(href) for text, href, _, _ in inline.links):
        return []
    if is_form(inline) or is_class_material(inline) or any(OTHER_BADGE.search(b) for b in inline.badges):
        return []
    optional = is_optional(inline)
    works = split_works(inline)
    if works:
        return [Draft(clean_title(t), item.line, [u] if is_http_url(u) else [], optional=optional) for t, u in works]
    title = marked_title(inline) or inline.text
    return [Draft(clean_title(title), item.line, list(inline.urls), optional=optional)]
