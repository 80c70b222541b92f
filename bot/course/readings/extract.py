"""The entry point of the readings parser: a post body (and its front matter) to readings and problems."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from bot.course.models import Problem, Reading
from bot.course.readings.front_matter import front_matter_readings, page_link_work
from bot.course.readings.layout_fields import shown_field_readings
from bot.course.readings.liquid import resolve_liquid_links
from bot.course.readings.markdown import EXCERPT_MARKER, MD
from bot.course.readings.sections import readings_from_tokens
from bot.course.readings.vocabulary import OPTIONAL_TITLE_MARK
from bot.course.text import clean_title, drop_invisible


def body_end(body: str) -> int:
    """Where the reading part of a body ends: the excerpt marker, else the whole body."""
    at = body.find(EXCERPT_MARKER)
    return len(body) if at < 0 else at


def extract_readings(
    body: str,
    *,
    line_offset: int = 0,
    file: str = "",
    metadata: Mapping[str, Any] | None = None,
    optional_sections: Collection[str] = (),
    variables: Mapping[str, str] | None = None,
    reading_fields: Collection[tuple[str, ...]] = (),
) -> tuple[list[Reading], list[Problem]]:
    """Readings of a post, in document order: those of its front matter lists (``metadata``, when given)
    first, then those of the body (the text after the front matter).

    ``line_offset`` is the number of file lines before the body, so ``Reading.line`` is a line of the file.
    ``optional_sections``: section keys (guide.section_key) the site's own guide calls not required.
    ``variables``: the site settings ``{{ site.KEY }}`` in a link target names (liquid.link_variables).
    ``reading_fields``: (front matter key, label) pairs the site's layouts print as readings, and the lists their
    loops print as reading lists (layout_fields.layout_reading_fields).
    Returns the readings and problems found (a reading without a link is a warning).
    """
    readings = front_matter_readings(metadata) if metadata else []
    if metadata and reading_fields:
        readings += shown_field_readings(metadata, reading_fields, known=readings)
    text = drop_invisible(body[: body_end(body)])  # once for the body: inline text is then only squashed
    text = resolve_liquid_links(text, variables)
    title = metadata.get("title") if metadata else None
    title = title if isinstance(title, str) else None
    tokens = MD.parse(text, {"title": title, "body": True})
    found, problems = readings_from_tokens(
        tokens, line_offset=line_offset, file=file, optional_sections=optional_sections, title=title
    )
    if metadata and not readings and not found:
        # no reading anywhere: a page titled by its work links it by a generic key (``hyperlink: https://arxiv..``)
        work = page_link_work(metadata, (variables or {}).get("url", ""))
        if work is not None:
            return [work], problems
    return [without_optional_mark(r) for r in readings + found], problems


def without_optional_mark(reading: Reading) -> Reading:
    """A reading whose own title opens with an optional marker (``[Optional: Hippocratic Databases](u)``,
    ``(optional) Title``): not required, and shown without the marker ("Hippocratic Databases"). A title that is
    only the marker keeps it."""
    mark = OPTIONAL_TITLE_MARK.match(reading.title)
    if mark is None:
        return reading
    title = clean_title(reading.title[mark.end() :])
    if not any(ch.isalnum() for ch in title):
        return reading
    return replace(reading, title=title, required=False)
