"""Front matter fields that the site's layouts print as readings.

A layout may print a page's field after a label naming reading matter (``_layouts/lecture.html``:
``<li>Additional reading: {{ page.textbook }}</li>``): the page then shows that field's value as a work to
read, although the post's body never lists it. ``layout_reading_fields`` finds such (key, label) pairs in the
layouts' text (the site does it once, without loading the markdown parser); ``shown_field_readings`` reads one
reading per such field a post sets.
The label decides ``required`` as a section's name does ("Additional reading" is supplementary).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from bot.course.models import Reading
from bot.course.readings.layout_loops import LoopField, layout_loop_fields, loop_field_readings
from bot.course.readings.names import is_supplementary, words
from bot.course.readings.vocabulary import PLACEHOLDER, READING_LABEL
from bot.course.roles import holds_markup, is_address_value
from bot.course.text import URL_RE, clean_text, find_urls

# ``{{ page.textbook }}``, ``{{- page.reading | markdownify -}}``: a page field printed by a layout
_PAGE_FIELD = re.compile(r"\{\{-?\s*page\.([A-Za-z_][\w-]*)\s*(?:\|[^{}]*)?-?\}\}")
_TAG = re.compile(r"<[^<>]*>")
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
# what ends the text before a label on its line: a closing bracket or a separator ("[PDF] · Reading:")
_LABEL_START = re.compile(r".*[\]|·•;]")
_MAX_LABEL_WORDS = 6
# page fields that are never a work, whatever label stands before them
_NOT_WORKS = frozenset({"title", "content", "url", "date", "layout", "permalink", "excerpt"})


def layout_reading_fields(layouts: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """(front matter key, label) for each page field a layout's text prints right after a label that names
    reading matter and ends with ``:`` on the same line (``Additional reading: {{ page.textbook }}``), first
    label per key; a field inside a tag (``href="{{ page.reading }}"``) is a link target, not shown text.
    Then the layouts' loops over page lists that print reading lists (layout_loops.LoopField: (path, label,
    title template, url template)), first loop per path."""
    found: dict[str, str] = {}
    loops: dict[str, LoopField] = {}
    for text in layouts:
        for loop in layout_loop_fields(text):
            loops.setdefault(loop[0], loop)
        for match in _PAGE_FIELD.finditer(text):
            key = match.group(1)
            if key in found or key.lower() in _NOT_WORKS:
                continue
            before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
            if before.rfind("<") > before.rfind(">"):
                continue
            label = clean_text(_LIQUID.sub(" ", _TAG.sub(" ", before)))
            label = _LABEL_START.sub("", label).strip()
            if not label.endswith(":"):
                continue
            label = label.rstrip(":").strip()
            if label and len(words(label)) <= _MAX_LABEL_WORDS and READING_LABEL.search(label):
                found[key] = label
    return tuple(found.items()) + tuple(loops.values())


def shown_field_readings(metadata: Mapping[str, Any], fields: Collection[tuple[str, ...]],
                         known: Collection[Reading] = ()) -> list[Reading]:
    """The readings a post's front matter gives through the fields its layouts print as readings (``fields``:
    layout_reading_fields), in front matter order: a text value is one reading titled by it (section null,
    its http(s) URLs as urls); markup (``[Title](url)``) is read as a list under the label. Lists and mappings
    are the front matter lists' (front_matter.py); placeholders (``TBD``) and a value that is only an address
    name no work. Then the readings of the layouts' loops over page lists (layout_loops.loop_field_readings),
    but for an entry already read as ``known`` (the front matter list readings: a loop over ``page.readings``
    prints what front_matter.py reads), known by its title or its addresses."""
    from bot.course.readings.front_matter import markup_readings  # the parser: loaded when a post is parsed

    labels = dict(f for f in fields if len(f) == 2)
    loops = [f for f in fields if len(f) == 4]
    out: list[Reading] = []
    for key, value in metadata.items():
        label = labels.get(key) if isinstance(key, str) else None
        if label is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        text = clean_text(str(value))
        if not text or PLACEHOLDER.match(text) or is_address_value(text):
            continue
        if holds_markup(text):
            out.extend(markup_readings(label, text))
            continue
        title = clean_text(URL_RE.sub(" ", text)).strip(" ,;:-")
        if title:
            out.append(Reading(None, not is_supplementary(label), title, tuple(dict.fromkeys(find_urls(text)))))
    if loops and known:
        # a list the front matter lists already read (``page.readings`` with titles) is theirs: read without
        # it, they give fewer readings
        from bot.course.readings.front_matter import front_matter_readings

        loops = [f for f in loops if len(front_matter_readings(_without(metadata, f[0]))) == len(known)]
    if loops:
        titles = {r.title.casefold() for r in known}
        addresses = {r.urls for r in known if r.urls}
        out += [r for r in loop_field_readings(metadata, loops)  # type: ignore[arg-type]
                if r.title.casefold() not in titles and r.urls not in addresses]
    return out


def _without(metadata: Mapping[str, Any], path: str) -> Mapping[str, Any]:
    """``metadata`` without the value at the dotted ``path`` (the mappings on the way copied, not changed)."""
    head, _, rest = path.partition(".")
    if head not in metadata:
        return metadata
    copy = dict(metadata)
    if not rest:
        del copy[head]
    elif isinstance(copy[head], Mapping):
        copy[head] = _without(copy[head], rest)
    return copy
