"""Readings of a session post (rules: shared/corpus/gold/SPEC.md).

How a post is read, one module per step or layout:

- markdown.py: one markdown-it pass over the body (CommonMark, tables, raw HTML, definition lists, kramdown
  attributes); its core rules drop what the page does not show (HTML comments), open ``<div markdown="1">``
  wrappers, end the token stream at a level-1 heading that ends the reading list (``# Blog``), and read a
  line that is only an HTML heading (``<h3 id="bib">Further reading</h3>``) as a heading.
- inline.py / blocks.py / html_lists.py: the tokens as a small block tree (headings, paragraphs, list items,
  table rows, definition terms and lines, HTML lists) with each block's visible text and URLs.
- sections.py: level-2 headings (and definition terms, and lead-in lines) open sections, a level-1 heading
  naming reading matter one over its level-2 work headings; a session page's part headings ("### Slides",
  "### Further materials") are no works; names.py says from the section's name whether it holds readings,
  something else, or must be judged by its items.
- collect.py / tables.py / definitions.py / badges.py: the candidate items of each layout in a section
  (list items, table rows, definition lines, badged paragraph lines); shapes.py says what a block is shaped
  as (a lead-in or label over a list, a linked citation, a grouping heading); citations.py picks the title a
  citation marks; front_matter.py reads ``readings:``-like front matter lists; draft.py is what they collect.
- vocabulary.py: every word list the rules consult, as data.

The entry point is extract_readings (extract.py; posts.py calls it with the front matter).

The names below are loaded when first used (PEP 562), so importing one step of the package (guide.py, which
every sync runs on the site's home page) does not load markdown-it and every rule.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["EXCERPT_MARKER", "MD", "body_end", "extract_readings", "is_supplementary", "readings_from_tokens"]

_HOME = {
    "EXCERPT_MARKER": "bot.course.readings.markdown",
    "MD": "bot.course.readings.markdown",
    "body_end": "bot.course.readings.extract",
    "extract_readings": "bot.course.readings.extract",
    "is_supplementary": "bot.course.readings.names",
    "readings_from_tokens": "bot.course.readings.sections",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
