"""Readings of a session post (rules: shared/corpus/gold/SPEC.md).

How a post is read, one module per step or layout:

- markdown.py: one markdown-it pass over the body (CommonMark, tables, raw HTML, definition lists, kramdown
  attributes); its core rules drop what the page does not show (HTML comments), open ``<div markdown="1">``
  wrappers, and end the token stream at a level-1 heading that ends the reading list (``# Blog``).
- inline.py / blocks.py / html_lists.py: the tokens as a small block tree (headings, paragraphs, list items,
  table rows, definition terms and lines, HTML lists) with each block's visible text and URLs.
- sections.py: level-2 headings (and definition terms, and lead-in lines) open sections; names.py says from
  the section's name whether it holds readings, something else, or must be judged by its items.
- collect.py / tables.py / definitions.py: the candidate items of each layout in a section; citations.py
  picks the title a citation marks; front_matter.py reads ``readings:``-like front matter lists.
- vocabulary.py: every word list the rules consult, as data.

The entry point is extract_readings (posts.py calls it with the front matter).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from bot.course.models import Problem, Reading
from bot.course.readings.front_matter import front_matter_readings
from bot.course.readings.markdown import EXCERPT_MARKER, MD
from bot.course.readings.names import is_supplementary
from bot.course.readings.sections import readings_from_tokens
from bot.course.text import drop_invisible

__all__ = ["EXCERPT_MARKER", "MD", "body_end", "extract_readings", "is_supplementary", "readings_from_tokens"]


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
) -> tuple[list[Reading], list[Problem]]:
    """Readings of a post, in document order: those of its front matter lists (``metadata``, when given)
    first, then those of the body (the text after the front matter).

    ``line_offset`` is the number of file lines before the body, so ``Reading.line`` is a line of the file.
    ``optional_sections``: section keys (guide.section_key) the site's own guide calls not required.
    Returns the readings and problems found (a reading without a link is a warning).
    """
    readings = front_matter_readings(metadata) if metadata else []
    text = drop_invisible(body[: body_end(body)])  # once for the body: inline text is then only squashed
    title = metadata.get("title") if metadata else None
    tokens = MD.parse(text, {"title": title if isinstance(title, str) else None, "body": True})
    found, problems = readings_from_tokens(
        tokens, line_offset=line_offset, file=file, optional_sections=optional_sections
    )
    return readings + found, problems
