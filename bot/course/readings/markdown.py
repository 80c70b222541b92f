"""The markdown-it parser of post bodies (CommonMark, tables, raw HTML) and its core rules."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from bot.course.readings.names import section_kind

EXCERPT_MARKER = "<!--excerpt.start-->"


def keep_link(url: str) -> str:
    """Keep link targets as written (markdown-it would percent-encode them)."""
    return url.strip()


def end_at_title(state: StateCore) -> None:
    """Core rule between the block and inline passes: the token stream ends at the first top-level
    level-1 heading that does not name a readings section (SPEC: the reading list ends there, ``# Blog``),
    so what follows it is never parsed for inline markup. Link reference definitions anywhere in the text
    were already collected by the block pass, so the inline tokens that remain parse exactly as they
    would in the whole text."""
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.tag == "h1" and not opens_section(tokens[i + 1]):
            del tokens[i:]
            return


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.normalizeLink = keep_link  # type: ignore[method-assign]
    md.normalizeLinkText = keep_link  # type: ignore[method-assign,assignment]
    md.core.ruler.after("block", "end_at_title", end_at_title)
    return md


MD = make_parser()



def opens_section(heading_inline: Token) -> bool:
    """Does a level-1 heading (its inline token, before inline parsing) name a readings section?"""
    return section_kind(heading_inline.content.strip()) == "reading"


