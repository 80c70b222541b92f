"""Running prose: the paragraphs of lecture notes, whose links sit inside sentences.

SPEC: running prose is not a reading list; links inside the sentences of a summary or recap are not readings.
In a section whose name says nothing of readings (``## Background``), a sub-heading over paragraphs of such
prose (``### Confidence intervals`` then a few paragraphs linking Wikipedia pages, formulas, images) is a
topic of the notes, not a work: it names no reading, and its links belong to none. A heading whose prose
links a work by a generic word (``read it [here](..)``, ``[pdf](..)``) or links a paper (a PDF, a DOI, arXiv)
is a reading described in prose, and stays one.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.course.readings.citations import names_title
from bot.course.readings.inline import Inline
from bot.course.readings.names import is_generic
from bot.course.readings.tree import Block, Heading, Para, block_urls
from bot.course.readings.vocabulary import (
    DISCUSSED_WORK, PAPER_ADDRESS, PROSE_MIN_WORDS, SENTENCE_END, SENTENCE_MIN_WORDS,
)
from bot.course.text import is_http_url


def is_running_prose(inline: Inline) -> bool:
    """A paragraph of sentences, its links a small part of its words: long, or one sentence whose links
    sit inside it, words before and after them ("The following uses the [`<details>`](..) tag to create a
    collapsed section.")."""
    words = len(inline.text.split())
    link_words = sum(len(text.split()) for text, *_ in inline.links)
    if link_words * 3 >= words:
        return False
    if words >= PROSE_MIN_WORDS:
        return True
    if words < SENTENCE_MIN_WORDS or not SENTENCE_END.search(inline.text) or not inline.links:
        return False
    return bool(inline.gap(0, inline.links[0][2])) and bool(inline.gap(inline.links[-1][3], len(inline.pieces)))


def _links_a_work(text: str, href: str) -> bool:
    """A link in the prose that stands for the heading's work: shown by a generic word (``[here](..)``,
    ``[pdf](..)``) or pointing at a paper (a PDF, a DOI, an arXiv or OpenReview page)."""
    shown = text.strip()
    return not shown or is_generic(shown) or bool(PAPER_ADDRESS.search(href))


def is_notes_heading(head: Heading, own: Sequence[Block]) -> bool:
    """A sub-heading with no link of its own over running prose only: every block of it that links
    somewhere is a paragraph of sentences, none of whose links stands for a work."""
    if head.inline.urls:
        return False
    linked = [block for block in own if block_urls(block)]
    if not linked:
        return False
    for block in linked:
        if not isinstance(block, Para) or not is_running_prose(block.inline):
            return False
        if any(_links_a_work(text, href) for text, href, *_ in block.inline.links):
            return False
    return True


def discussed_work(blocks: Sequence[Block]) -> tuple[str, str] | None:
    """A body that is one paragraph naming the one work a meeting reads (``*Reading Group*. Discussion of the
    paper by Smith et al., 2021: [[Title](url)]``): (link text, address) of that work. The paragraph is the
    whole body, links one http(s) address, names its work by the link text (citations.names_title), says
    before it that the work is read or discussed (vocabulary.DISCUSSED_WORK) and holds nothing after it but
    the brackets and stop that close it (``[[Title](url)]`` keeps one pair of brackets as decoration). Not a
    recap: more sentences after the link, or a second link, and it is running prose as before."""
    if len(blocks) != 1 or not isinstance(blocks[0], Para):
        return None
    inline = blocks[0].inline
    if len(inline.links) != 1 or len(inline.urls) != 1:
        return None
    text, href, start, end = inline.links[0]
    before, after = inline.gap(0, start), inline.gap(end, len(inline.pieces))
    if not is_http_url(href.strip()) or not names_title(text) or not DISCUSSED_WORK.search(before):
        return None
    if after.strip(" ]).") or len(before.split()) >= PROSE_MIN_WORDS:
        return None
    return text.strip(), href.strip()
