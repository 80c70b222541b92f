"""The block tree of a post body: the shapes the layouts are read from (no parsing here)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.course.readings.inline import Inline
from bot.course.readings.names import is_generic
from bot.course.readings.vocabulary import LEAD_IN_WORDS, MAX_TITLE_WORDS


@dataclass(slots=True)
class Heading:
    level: int
    inline: Inline
    raw: str
    line: int


@dataclass(slots=True)
class Para:
    inline: Inline
    line: int


@dataclass(slots=True)
class Html:
    urls: list[str]
    line: int


@dataclass(slots=True)
class Item:
    inline: Inline  # the item's first paragraph
    children: list["Block"]
    line: int
    # a definition line with a nested definition under it (``: [Topic](notes)`` / ``  : - [Paper](..)``)
    nests_definition: bool = False

    def all_urls(self) -> list[str]:
        urls = list(self.inline.urls)
        for child in self.children:
            urls.extend(block_urls(child))
        return urls

    @property
    def is_just_link(self) -> bool:
        return self.inline.is_just_link

    @property
    def is_lead_in(self) -> bool:
        """A line that only introduces what comes under it: no link, nothing under it yet, and a badge
        alone or a few words (``: Read``, ``: **Annotate**{: .label}``, ``: Temple Library Guides``)."""
        if self.inline.urls or self.inline.links or self.children:
            return False
        text = self.inline.text
        return (not text and bool(self.inline.badges)) or 0 < len(text.split()) <= LEAD_IN_WORDS

    @property
    def title_like(self) -> bool:
        text = self.inline.text
        return bool(text) and text.count(" ") < MAX_TITLE_WORDS and not is_generic(text)


@dataclass(slots=True)
class ListBlock:
    ordered: bool
    items: list[Item]
    line: int


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[tuple[list[Inline], int]]
    line: int


@dataclass(slots=True)
class Definitions:
    """One term of a definition list (``09/10``) and its definition lines, nested ones flattened in order.
    ``owner``: the whole list it belongs to, whose shape a rule may read; ``index``: its place there."""

    term: Inline
    items: list[Item]
    line: int
    owner: "DefinitionList | None" = None
    index: int = 0


@dataclass(slots=True)
class DefinitionList:
    """The terms of one definition list. ``drafts``: what definitions.py found under each term, worked out
    once for the whole list (the list's shape decides what its lines are)."""

    terms: list[Definitions]
    drafts: list | None = None


Block = Heading | Para | Html | ListBlock | Table | Definitions
INLINE_BLOCKS = (Para, Heading)  # tuples: isinstance with a ``X | Y`` union builds the union on every call
LIST_BLOCKS = (ListBlock, Table)


def block_urls(block: Block) -> list[str]:
    if isinstance(block, INLINE_BLOCKS):
        return list(block.inline.urls)
    if isinstance(block, Html):
        return list(block.urls)
    if isinstance(block, ListBlock):
        return [u for item in block.items for u in item.all_urls()]
    if isinstance(block, Definitions):
        return [u for item in block.items for u in item.all_urls()]
    return [u for cells, _ in block.rows for c in cells for u in c.urls]


def block_text(block: Block) -> list[str]:
    """Prose of a block for a reading's abstract (link labels such as "pdf" left out)."""
    if isinstance(block, Para):
        return [block.inline.text] if not is_generic(block.inline.text) else []
    if isinstance(block, ListBlock):
        out = []
        for item in block.items:
            if not is_generic(item.inline.text):
                out.append(item.inline.text)
            for child in item.children:
                out.extend(block_text(child))
        return out
    return []
