"""The block tree of a post body: headings, paragraphs, lists of items, tables, raw HTML, built from
markdown-it tokens in one walk."""

from __future__ import annotations

from collections.abc import Sequence
from markdown_it.token import Token

from bot.course.readings.html_lists import html_list, html_table
from bot.course.readings.inline import Inline, analyse_inline
from bot.course.readings.liquid import is_liquid_only
from bot.course.readings.tree import Block, DefinitionList, Definitions, Heading, Html, Item, ListBlock, Para, Table
from bot.course.text import find_hrefs

def build_blocks(tokens: Sequence[Token], offset: int) -> list[Block]:
    """The block tree of a token stream, stopping at the first level-1 heading that does not name a
    readings section (SPEC: the reading list ends there, even when it is the first line of the body)."""
    blocks, _ = _build(tokens, 0, None, offset)
    return blocks


def _line(token: Token, offset: int) -> int:
    return (token.map[0] + 1 + offset) if token.map else 0


def _build(tokens: Sequence[Token], i: int, close: str | None, offset: int) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        if close is not None and kind == close:
            return blocks, i + 1
        if kind == "heading_open":
            level = int(tok.tag[1:])
            heading_inline = tokens[i + 1]
            # "# Readings" in a post that uses level 1 for its sections opens one, like "## Readings"
            blocks.append(Heading(level, analyse_inline(heading_inline), heading_inline.content, _line(tok, offset)))
            i += 3
        elif kind == "paragraph_open":
            # a paragraph of Liquid tags only ("{% include toc.html %}") shows nothing of its own: read as absent
            if not is_liquid_only(tokens[i + 1].content):
                blocks.append(Para(analyse_inline(tokens[i + 1]), _line(tok, offset)))
            i += 3
        elif kind == "bullet_list_open" or kind == "ordered_list_open":
            items: list[Item] = []
            line = _line(tok, offset)
            list_close = "bullet_list_close" if kind == "bullet_list_open" else "ordered_list_close"
            i += 1
            while i < n:
                item = tokens[i]
                if item.type == list_close:
                    break
                if item.type == "list_item_open":
                    item_line = (item.map[0] + 1 + offset) if item.map else 0
                    children, i = _build(tokens, i + 1, "list_item_close", offset)
                    first = children[0] if children else None
                    own = Inline()
                    if isinstance(first, Para):
                        own = first.inline
                        children.pop(0)
                    items.append(Item(own, children, item_line))
                else:
                    i += 1
            listed = ListBlock(kind.startswith("ordered"), items, line)
            previous = blocks[-1] if blocks else None
            if isinstance(previous, Definitions) and previous.items and previous.items[-1].is_lead_in:
                # ": Read" closing a definition list, then "- Author, “Title”" at the margin: the list is
                # the one that line introduces, as it would be indented under it
                previous.items[-1].children.append(listed)
            else:
                blocks.extend(hoist_headings(listed))
            i += 1
        elif kind == "dl_open":
            i = build_definitions(tokens, i, blocks, offset)
        elif kind == "table_open":
            i = build_table(tokens, i, blocks, offset)
        elif kind in ("html_block",):
            found: Block | None = html_table(tok.content, _line(tok, offset))
            if found is None:
                found = html_list(tok.content, _line(tok, offset))
            if found is not None:
                blocks.append(found)
            else:
                urls = find_hrefs(tok.content)
                if urls:
                    blocks.append(Html(urls, _line(tok, offset)))
            i += 1
        elif kind == "blockquote_open":
            inner, i = _build(tokens, i + 1, "blockquote_close", offset)
            blocks.extend(inner)
        else:
            i += 1
    return blocks, i



def hoist_headings(block: ListBlock) -> list[Block]:
    """A heading indented into a list item (``  ### Title`` after ``+ link``) still starts a new
    reading: split the list there and lift the heading and what follows it to the outer level."""
    if not any(type(child) is Heading for item in block.items for child in item.children):
        return [block] if block.items else []  # no heading in an item (most lists): the list as it is
    out: list[Block] = []
    items: list[Item] = []
    for item in block.items:
        at = next((j for j, child in enumerate(item.children) if isinstance(child, Heading)), None)
        if at is None:
            items.append(item)
            continue
        items.append(Item(item.inline, item.children[:at], item.line))
        out.append(ListBlock(block.ordered, items, block.line))
        out.extend(item.children[at:])
        items = []
    if items or not out:
        out.append(ListBlock(block.ordered, items, block.line if not out else items[0].line))
    return [b for b in out if not (isinstance(b, ListBlock) and not b.items)]


def build_table(tokens: Sequence[Token], i: int, blocks: list[Block], offset: int) -> int:
    start = tokens[i]
    header: list[str] = []
    rows: list[tuple[list[Inline], int]] = []
    in_head = False
    row: list[Inline] = []
    row_line = 0
    n = len(tokens)
    i += 1
    while i < n and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row, row_line = [], _line(tok, offset)
        elif tok.type == "inline":
            row.append(analyse_inline(tok))
        elif tok.type == "tr_close":
            if in_head:
                header = [cell.text for cell in row]
            else:
                rows.append((row, row_line))
        i += 1
    blocks.append(Table(header, rows, _line(start, offset)))
    return i + 1



def build_definitions(tokens: Sequence[Token], i: int, blocks: list[Block], offset: int) -> int:
    """A definition list (``term`` then ``: definition`` lines): one Definitions block per term, whose items
    are its definition lines (see _definition_items for what is nested under a line)."""
    n = len(tokens)
    i += 1
    current: Definitions | None = None
    whole = DefinitionList([])
    while i < n and tokens[i].type != "dl_close":
        tok = tokens[i]
        if tok.type == "dt_open":
            current = Definitions(analyse_inline(tokens[i + 1]), [], _line(tok, offset), whole, len(whole.terms))
            whole.terms.append(current)
            blocks.append(current)
            i += 3
        elif tok.type == "dd_open":
            children, i = _build(tokens, i + 1, "dd_close", offset)
            if current is None:
                current = Definitions(Inline(), [], _line(tok, offset), whole, len(whole.terms))
                whole.terms.append(current)
                blocks.append(current)
            current.items.extend(_definition_items(children))
        else:
            i += 1
    return i + 1


def _definition_items(children: list[Block]) -> list[Item]:
    """The lines of one definition, in order. What stands under a line stays its children: a nested
    definition list's lines under its term (``: [Install X](..)`` / ``  : [Walkthrough](..)``), a list
    under a label line (``: **Annotate**{: .label}`` then ``- [Paper](..)``), so that the line over them
    can decide what they are (definitions.py)."""
    items: list[Item] = []
    for child in children:
        if isinstance(child, Para):
            items.append(Item(child.inline, [], child.line))
        elif isinstance(child, Definitions):
            if child.term.text or child.term.urls:
                nested = [ListBlock(False, child.items, child.line)] if child.items else []
                items.append(Item(child.term, nested, child.line, nests_definition=True))
            else:
                items.extend(child.items)
        elif isinstance(child, ListBlock):
            if items and not items[-1].inline.urls:
                items[-1].children.append(child)  # the items a label line introduces
            else:
                items.extend(child.items)
    return items
