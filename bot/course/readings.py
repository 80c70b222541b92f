"""Readings of a session post, read from markdown-it tokens (rules: shared/corpus/gold/SPEC.md).

The body (up to ``<!--excerpt.start-->``) is parsed once into a small block tree: headings, paragraphs,
lists of items (HTML ``<ul>``/``<ol>`` lists too), tables, raw HTML. Level-2 headings open sections. A
level-1 heading ends the reading list (``# Blog``, ``# Study Guide``, a page title), unless it names a
readings section (``# Readings``, ``# Optional Reading``, ``# Papers``): a post that uses level 1 for
its sections opens one there. A section takes part when its name speaks of readings (Readings, Papers,
More, Background, ...); sections named for other things (Blog, Summary, Homework, Glossary, Slides,
Recording, Discussion, ...) never do; any other section (and the part before the first ``##``) counts
when most of its candidate readings carry a link.

Inside a section a reading is

- a heading (``###`` and deeper), unless it groups readings: made only of words like "Even More",
  followed by deeper headings, introducing a table, or whose first list names papers (several titled
  links, a numbered list, "### Papers on X" over titled items); a heading such as "In this lecture, we
  cover:" is not a reading, and "#### Abstract" under a reading belongs to it;
- a list item, table row or (in a section named for readings) a ``[Title](url)`` line or a bold
  title line over its links (``**Title**`` then ``[pdf](...)``) that names one paper. A list that holds
  a bare link ("+ https://...", "[URL](...)", "Paper: https://...") gives the links and abstract of the
  reading above it, unless that reading is itself a bare address (a list of addresses names one
  resource each); a later separate list of titled links under a reading heading names further readings;
  a list item with no link of its own whose sub-items are titled links groups them.

A heading or label (a bold line, or a line ending in ``:``) that starts another topic of the session
(Slides, Schedule, Discussion, Recording, Homework, ...) is not a reading and ends the reading above,
unless it is a heading deeper than that reading's own (``### Paper`` then ``#### Slides``); what
follows it, up to the next heading or grouping label, is not a reading. Placeholders ("TBA", "None
this week") without a link are not readings.

Every http(s) URL between a reading and the next reading (or section) belongs to that reading, in
order, once; ``abstract`` is the prose in between without its URLs. ``required`` is False in sections
whose name says More, Extra, Additional, Optional, Background, Further, Supplementary, Recommended;
sub-headings and labels inside a section do not change it. Before any section (``section`` null), the
last grouping label ("### Optional reading", "**Further reading**", "- Optional:") decides instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from bot.course.models import Problem, Reading
from bot.course.text import (
    clean_title,
    drop_invisible,
    find_hrefs,
    find_urls,
    is_http_url,
    remove_urls,
    squash,
    strip_invisible,
)

EXCERPT_MARKER = "<!--excerpt.start-->"


def _keep_link(url: str) -> str:
    """Keep link targets as written (markdown-it would percent-encode them)."""
    return url.strip()


def _end_at_title(state: StateCore) -> None:
    """Core rule between the block and inline passes: the token stream ends at the first top-level
    level-1 heading that does not name a readings section (SPEC: the reading list ends there, ``# Blog``),
    so what follows it is never parsed for inline markup. Link reference definitions anywhere in the text
    were already collected by the block pass, so the inline tokens that remain parse exactly as they
    would in the whole text."""
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.tag == "h1" and not _opens_section(tokens[i + 1]):
            del tokens[i:]
            return


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.normalizeLink = _keep_link  # type: ignore[method-assign]
    md.normalizeLinkText = _keep_link  # type: ignore[method-assign,assignment]
    md.core.ruler.after("block", "end_at_title", _end_at_title)
    return md


MD = _make_parser()

# --- vocabulary -----------------------------------------------------------------------------------

_SUPPLEMENTARY = re.compile(
    r"\b(more|extra|additional|optional|background|further|supplement\w*|recommended|suggested|bonus"
    r"|not\s+required|non-required)\b",
    re.IGNORECASE,
)
_READING_WORDS = re.compile(
    r"\b(read\w*|papers?|literature|references?|resources?|materials?|bibliography|articles?|textbooks?"
    r"|books?|chapters?|required|require|optional|supplement\w*|additional|extra|more|further|background"
    r"|recommended|suggested|links?|sources?|related\s+work|videos?|watch|tutorials?)\b",
    re.IGNORECASE,
)
_NON_READING_SECTION = re.compile(
    r"\b(blog|summary|summaries|recap|assignments?|homework|hw\d*|exercises?|quiz\w*|exams?|logistics"
    r"|announcements?|agenda|outline|presenters?|deadlines?|due|grading|teams?|scribes?|to\s*do|todo"
    r"|comments?|feedback|in\s+this\s+session|glossary|study\s+guide|answer\s+key|essay|slides?|recordings?"
    r"|discussion|questions)\b",
    re.IGNORECASE,
)
# A heading made only of these words groups readings ("### Even More:", "#### Optional papers").
_GROUP_WORDS = frozenset(
    "even more extra additional optional background further required require requires readings reading "
    "read papers paper resources resource materials material references reference suggested recommended "
    "supplementary supplemental other also see and or links link related work works list of the for this "
    "session week lecture class today core main primary secondary must key".split()
)
# Headings that introduce what a session covers, not what to read ("### In this lecture, we cover:").
_NON_READING_HEADING = re.compile(
    r"^(in\s+this\s+(lecture|session|class|week|module|talk)\b|we\s+(will\s+)?cover\b|(lecture\s+)?outline\b"
    r"|agenda\b|topics(\s+covered)?\W*$|learning\s+(objectives|goals|outcomes)\b|objectives\W*$"
    r"|(study\s+guide|glossary|quiz|answer\s+key|homework|assignments?|announcements?)\b)",
    re.IGNORECASE,
)
# A heading that says it lists papers ("### 2025 HIGH-IMPACT PAPERS on this topic").
_PLURAL_GROUP = re.compile(r"\b(papers|readings|resources|references|materials|articles|links|tools)\b", re.IGNORECASE)
# Headings below a reading that describe it rather than name another one.
_ATTRIBUTE_HEADING = re.compile(
    r"^(abstract|summary|tl;?dr|notes?|authors?|venue|bibtex|citation|code|slides|key\s+(ideas|points|takeaways)"
    r"|discussion(\s+questions)?|questions|comments|links?|why\s+read\s+(it|this))\W*$",
    re.IGNORECASE,
)
# ... of these, the ones that describe the reading above wherever they stand.
_DESCRIBING_HEADING = re.compile(
    r"^(abstract|summary|tl;?dr|notes?|authors?|venue|bibtex|citation|code|key\s+(ideas|points|takeaways)"
    r"|why\s+read\s+(it|this))\W*$",
    re.IGNORECASE,
)
# A heading or label that starts another topic of the session ("### Slides", "**Discussion:**",
# "#### Schedule"): not a reading, and it ends the reading above unless it sits deeper than that
# reading's own heading ("### Paper" / "#### Slides" are the paper's slides).
_TOPIC_HEADING = re.compile(
    r"^((lecture|class|session|course|today'?s)\s+)?(slides?|slide\s+decks?|recordings?|video\s+recordings?"
    r"|(lecture|class)\s+videos?"
    r"|schedule|logistics|homework|assignments?|announcements?|deadlines?|presenters?|projects?"
    r"|quiz(zes)?|exercises?|discussion(\s+(questions|points|prompts))?|questions|notes|scribe\s+notes|code"
    r"|comments|feedback|agenda|outline|due|to\s*do)\W*$",
    re.IGNORECASE,
)
# What a post writes where a reading will go later ("- TBA", "### TBD").
_PLACEHOLDER = re.compile(
    r"^(tba|tbd|tbc|to\s+be\s+(announced|determined|decided|added)|none(\s+(this|for\s+this)\s+\w+)?|n/?a"
    r"|coming\s+soon|\?+|-+)\W*$",
    re.IGNORECASE,
)
# Link texts that say "here is the address" rather than name a paper.
_GENERIC_WORDS = frozenset(
    "url urls link links pdf pdfs paper arxiv here slides slide deck code website web site github video videos blog "
    "post html project page homepage openreview doi source abstract official download repo repository preprint "
    "full text version online available at see also the on in via tutorial notebook colab demo dataset talk "
    "podcast youtube leaderboard huggingface hf card webpage news press release poster bib bibtex citation "
    "supplementary appendix scholar semantic anthology acl click".split()
)
_WORD = re.compile(r"[\w@'’.+-]+")
_MAX_TITLE_WORDS = 30


def is_supplementary(section: str | None) -> bool:
    """``required`` is False for a section whose name says More, Extra, Optional, Background, ..."""
    return bool(section) and bool(_SUPPLEMENTARY.search(section or ""))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _is_generic(text: str) -> bool:
    if len(text) > 80:
        return False
    for word in _words(text):
        word = word.strip(".-")
        if word and word not in _GENERIC_WORDS:
            return False
    return True


_GROUP_FILLERS = frozenset({"and", "or", "of", "the", "for", "this", "also", "see", "list", "other"})


def _is_group_label(text: str) -> bool:
    """Every word is a grouping word ("Further Reading", "Papers"), and not all of them are fillers."""
    named = False
    for word in _words(text):
        word = word.strip(".-")
        if not word:
            continue
        if word not in _GROUP_WORDS:
            return False
        named = named or word not in _GROUP_FILLERS
    return named


# --- block tree -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Inline:
    """One inline token, analysed: visible text (bare URLs removed, link texts kept) and its URLs."""

    text: str = ""
    urls: list[str] = field(default_factory=list)
    # per source line: raw text (not yet cleaned), its urls, whether it starts with a link or bold text
    lines: list[tuple[str, list[str], bool]] = field(default_factory=list)
    head: str = ""  # text before the first hard line break ("Title  \n Authors"), "" when there is none
    emphasised: bool = False  # one line, all of its text bold or italic, no link: "**Optional:**"

    @property
    def is_just_link(self) -> bool:
        """Only an address (or "[pdf](...)"), at least on its first line: a link of the reading above."""
        if not self.urls:
            return False
        if _is_generic(self.text):
            return True
        first_text, first_urls, _ = self.lines[0] if self.lines else ("", [], False)
        return bool(first_urls) and _is_generic(squash(first_text))


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

    def all_urls(self) -> list[str]:
        urls = list(self.inline.urls)
        for child in self.children:
            urls.extend(_block_urls(child))
        return urls

    @property
    def is_just_link(self) -> bool:
        return self.inline.is_just_link

    @property
    def title_like(self) -> bool:
        text = self.inline.text
        return bool(text) and text.count(" ") < _MAX_TITLE_WORDS and not _is_generic(text)


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


Block = Heading | Para | Html | ListBlock | Table
_INLINE_BLOCKS = (Para, Heading)  # tuples: isinstance with a ``X | Y`` union builds the union on every call
_LIST_BLOCKS = (ListBlock, Table)


def _block_urls(block: Block) -> list[str]:
    if isinstance(block, _INLINE_BLOCKS):
        return list(block.inline.urls)
    if isinstance(block, Html):
        return list(block.urls)
    if isinstance(block, ListBlock):
        return [u for item in block.items for u in item.all_urls()]
    return [u for cells, _ in block.rows for c in cells for u in c.urls]


def _block_text(block: Block) -> list[str]:
    """Prose of a block for a reading's abstract (link labels such as "pdf" left out)."""
    if isinstance(block, Para):
        return [block.inline.text] if not _is_generic(block.inline.text) else []
    if isinstance(block, ListBlock):
        out = []
        for item in block.items:
            if not _is_generic(item.inline.text):
                out.append(item.inline.text)
            for child in item.children:
                out.extend(_block_text(child))
        return out
    return []


def analyse_inline(token: Token) -> Inline:
    """Visible text of an inline token without bare URLs, and every http(s) URL in it, in order."""
    children = token.children
    if children and len(children) == 1 and children[0].type == "text":
        return _plain_text(children[0].content)  # most paragraphs: one run of text, no markup
    text_parts: list[str] = []
    urls: list[str] = []
    lines: list[tuple[str, list[str], bool]] = []
    line_parts: list[str] = []
    line_urls: list[str] = []
    line_start_marked = False
    at_line_start = True
    link_depth = 0
    link_text: list[str] = []
    link_href: str | None = None
    head = ""
    emphasis_depth = 0
    emphasised = True  # until text shows up outside bold/italic
    seen_emphasis = False

    def emit(piece: str) -> None:
        text_parts.append(piece)
        line_parts.append(piece)

    def add_url(url: str) -> None:
        urls.append(url)
        line_urls.append(url)

    def end_line() -> None:
        nonlocal line_parts, line_urls, line_start_marked, at_line_start
        lines.append(("".join(line_parts), line_urls, line_start_marked))
        line_parts, line_urls, line_start_marked, at_line_start = [], [], False, True

    for child in token.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            content = child.content
            if link_depth:
                link_text.append(content)
                continue
            if kind == "text" and "://" in content:
                for url in find_urls(content):
                    add_url(url)
                content = remove_urls(content)
            if content.strip():
                at_line_start = False
                if emphasised and not emphasis_depth and content.strip(" :\t"):
                    emphasised = False
            emit(content)
        elif kind in ("softbreak", "hardbreak"):
            if kind == "hardbreak" and not head and not link_depth:
                head = squash("".join(text_parts))
            if link_depth:
                link_text.append(" ")
            else:
                emit(" ")
                end_line()
        elif kind == "link_open":
            if not link_depth:
                link_href = str(child.attrs.get("href", ""))
                link_text = []
                if at_line_start:
                    line_start_marked = True
            link_depth += 1
        elif kind == "link_close":
            link_depth = max(0, link_depth - 1)
            if not link_depth:
                shown = "".join(link_text)
                if link_href and is_http_url(link_href):
                    add_url(link_href)
                # a link whose text is its own address shows no title text
                if not is_http_url(shown.strip()):
                    emit(shown)
                    if shown.strip():
                        at_line_start = False
                link_href = None
        elif kind in ("strong_open", "em_open"):
            if at_line_start and not link_depth:
                line_start_marked = True
            emphasis_depth += 1
            seen_emphasis = True
        elif kind in ("strong_close", "em_close"):
            emphasis_depth = max(0, emphasis_depth - 1)
        elif kind == "html_inline":
            for url in find_hrefs(child.content):
                add_url(url)
        elif kind == "image":
            continue
    end_line()
    emphasised = emphasised and seen_emphasis and not urls and len(lines) == 1
    return Inline(squash("".join(text_parts)), urls, lines, head, emphasised)


def _plain_text(content: str) -> Inline:
    """analyse_inline of an inline token that is one text run (same result, without the token walk)."""
    urls: list[str] = []
    if "://" in content:
        urls = find_urls(content)
        content = remove_urls(content)
    return Inline(squash(content), urls, [(content, urls[:], False)], "")


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
            if level == 1 and close is None and not _opens_section(heading_inline):
                return blocks, n  # a level-1 heading ends the reading list (# Blog, # Study Guide)
            # "# Readings" in a post that uses level 1 for its sections opens one, like "## Readings"
            blocks.append(Heading(level, analyse_inline(heading_inline), heading_inline.content, _line(tok, offset)))
            i += 3
        elif kind == "paragraph_open":
            blocks.append(Para(analyse_inline(tokens[i + 1]), _line(tok, offset)))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items: list[Item] = []
            line = _line(tok, offset)
            list_close = kind.replace("_open", "_close")
            i += 1
            while i < n and tokens[i].type != list_close:
                if tokens[i].type == "list_item_open":
                    item_line = _line(tokens[i], offset)
                    children, i = _build(tokens, i + 1, "list_item_close", offset)
                    first = children[0] if children else None
                    own = Inline()
                    if isinstance(first, Para):
                        own = first.inline
                        children.pop(0)
                    items.append(Item(own, children, item_line))
                else:
                    i += 1
            blocks.extend(_hoist_headings(ListBlock(kind.startswith("ordered"), items, line)))
            i += 1
        elif kind == "table_open":
            i = _build_table(tokens, i, blocks, offset)
        elif kind in ("html_block",):
            html_list = _html_list(tok.content, _line(tok, offset))
            if html_list is not None:
                blocks.append(html_list)
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


_HTML_ITEM = re.compile(r"<li\b[^<>]*>(.*?)(?=<li\b|</li\s*>|</[uo]l\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^<>]*>")
_HTML_LIST = re.compile(r"<[uo]l\b", re.IGNORECASE)


def _html_list(content: str, line: int) -> ListBlock | None:
    """An HTML list (``<ul><li><a href="...">Title</a></li></ul>``, or bare ``<li>`` lines) as a list
    block whose items carry their visible text and links; None when the HTML holds no list item."""
    if "<li" not in content and "<LI" not in content:
        return None
    items: list[Item] = []
    start = line
    seen = 0  # where the line count below has got to (counting from the start each time is quadratic)
    for match in _HTML_ITEM.finditer(content):
        line += content.count("\n", seen, match.start())
        seen = match.start()
        inner = match.group(1)
        if _HTML_LIST.search(inner):
            continue  # "<li>Topic<ul>...": the topic groups the items that follow
        shown = squash(html.unescape(_HTML_TAG.sub(" ", inner)))
        urls = find_hrefs(inner) + find_urls(shown)
        text = squash(remove_urls(shown))
        if not text and not urls:
            continue
        starts_linked = inner.lstrip()[:2].lower() == "<a"
        inline = Inline(text, urls, [(text, list(urls), starts_linked)])
        items.append(Item(inline, [], line))
    if not items:
        return None
    return ListBlock(content.lstrip()[:3].lower() == "<ol", items, start)


def _hoist_headings(block: ListBlock) -> list[Block]:
    """A heading indented into a list item (``  ### Title`` after ``+ link``) still starts a new
    reading: split the list there and lift the heading and what follows it to the outer level."""
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


def _build_table(tokens: Sequence[Token], i: int, blocks: list[Block], offset: int) -> int:
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


# --- readings -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    title: str
    line: int
    urls: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    level: int | None = None  # level of the heading that names it; None for items, rows and lines
    bare: bool = False  # named only by its address ("- <https://...>")
    supplementary: bool = False  # under a label saying Optional/More/... (counts when there is no section)

    def add(self, block: Block) -> None:
        self.urls.extend(_block_urls(block))
        self.prose.extend(_block_text(block))


class _Section:
    """Collects the readings of one level-2 section."""

    def __init__(self, name: str | None, kind: str) -> None:
        self.name = name
        self.kind = kind
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.supplementary = False  # the last grouping label said Optional, More, Further, ...

    def start(
        self, title: str, line: int, urls: Sequence[str] = (), *, level: int | None = None, bare: bool = False
    ) -> _Draft:
        draft = _Draft(title, line, list(urls), level=level, bare=bare, supplementary=self.supplementary)
        self.drafts.append(draft)
        self.current = draft
        return draft

    def attach(self, block: Block) -> None:
        if self.current is not None:
            self.current.add(block)

    def group(self, label: str) -> None:
        """A label grouping the readings after it ("### Optional", "**Further reading**")."""
        self.current = None
        if _is_group_label(label):
            self.supplementary = is_supplementary(label)

    def takes_links(self) -> bool:
        """Does a bare link here belong to the reading above? Not when that reading is itself a bare link
        ("- <https://a>" then "- <https://b>" are two resources)."""
        return self.current is not None and not self.current.bare

    # items mode: list items, table rows and link lines name readings
    def items(self, blocks: Sequence[Block]) -> None:
        skipping = False  # under a label that starts another topic ("**Slides:**")
        for n, block in enumerate(blocks):
            if isinstance(block, Para) and _is_label(block.inline):
                text = block.inline.text
                if _is_group_label(text):
                    self.group(text)
                    skipping = False
                    continue
                if _TOPIC_HEADING.match(text) and not (
                    self.current is not None and _DESCRIBING_HEADING.match(text)
                ):
                    self.current = None
                    skipping = True
                    continue
            if skipping:
                continue
            if isinstance(block, ListBlock):
                self.list_block(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Para):
                self.paragraph(block, blocks[n + 1] if n + 1 < len(blocks) else None)
            else:
                self.attach(block)

    def list_block(self, block: ListBlock) -> None:
        if self.takes_links() and any(item.is_just_link for item in block.items):
            self.attach(block)  # the links and abstract of the reading above
            return
        for item in block.items:
            self.item(item)

    def item(self, item: Item) -> None:
        text = item.inline.text
        nested = [c for c in item.children if isinstance(c, ListBlock)]
        if not item.inline.urls and (not text or _is_group_label(text)) and nested:
            outer = self.supplementary
            self.group(text)  # "- Optional:" grouping the items below it
            self.items(item.children)
            self.supplementary = outer
            return
        if not text and not item.inline.urls:
            self.items(item.children)
            return
        title = text if text and not _is_generic(text) else ""
        if title and item.inline.head and not _is_generic(item.inline.head):
            title = item.inline.head  # "**Title**  \n Authors, venue": the first line names the paper
        bare = False
        if not title:
            if self.takes_links() and item.is_just_link:
                self.attach(ListBlock(False, [item], item.line))
                return
            title = item.inline.urls[0] if item.inline.urls else text
            bare = not text  # shown as its own address, not as "[pdf](...)"
        draft = self.start(clean_title(title), item.line, item.inline.urls, bare=bare)
        if (
            not item.inline.urls
            and len(nested) == 1
            and len(item.children) == 1
            and _list_names_readings(nested[0])
        ):
            self.current = None
            self.drafts.pop()
            self.items(item.children)
            return
        if title is item.inline.head and text.startswith(title):
            draft.prose.append(text[len(title) :].strip())
        for child in item.children:
            draft.add(child)

    def table(self, block: Table) -> None:
        column = _title_column(block)
        for cells, line in block.rows:
            if not cells:
                continue
            urls = [u for c in cells for u in c.urls]
            title = cells[column].text if column < len(cells) else ""
            if not title or _is_generic(title):
                title = next((c.text for c in cells if c.text and not _is_generic(c.text)), "")
            if not title:
                if not urls:
                    continue
                title = urls[0]
            draft = self.start(clean_title(title), line, urls)
            draft.prose.extend(c.text for i, c in enumerate(cells) if i != column and not _is_generic(c.text))

    def paragraph(self, block: Para, following: Block | None) -> None:
        inline = block.inline
        if (
            inline.emphasised
            and self.kind == "reading"
            and _gives_links(following)
            and not _ATTRIBUTE_HEADING.match(inline.text)
            and not _is_generic(inline.text)
            and inline.text.count(" ") < _MAX_TITLE_WORDS
        ):
            # "**Attention Is All You Need**" on its own line over "[pdf](...)" names a paper, as a heading would
            self.start(clean_title(inline.text), block.line)
            return
        if self.current is not None:
            self.current.add(block)
            return
        if self.kind != "reading":
            return
        # "[Title](url)" or "**Title** url" lines directly in a section named for readings
        for number, (raw, urls, marked) in enumerate(inline.lines):
            text = squash(raw) if urls and marked else ""
            if text and not _is_generic(text):
                self.start(clean_title(text), block.line + number, urls)
        self.current = None

    # heading mode
    def heading(self, head: Heading, own: Sequence[Block], next_level: int | None) -> None:
        text = head.inline.text
        if self.current is not None and _ATTRIBUTE_HEADING.match(text):
            level = self.current.level
            if _DESCRIBING_HEADING.match(text) or (level is not None and head.level > level):
                for block in own:
                    self.current.add(block)
                return
        if _NON_READING_HEADING.match(text) or (_TOPIC_HEADING.match(text) and not _is_group_label(text)):
            self.current = None  # another topic of the session: its links belong to no reading
            return
        first_list = next((i for i, b in enumerate(own) if isinstance(b, _LIST_BLOCKS)), None)
        before_urls = list(head.inline.urls) + [u for b in own[: first_list or 0] for u in _block_urls(b)]
        grouping = _is_grouping_heading(head, own, first_list, before_urls, next_level)
        if grouping:
            self.group(text)
            self.items(own)
            return
        title = text or (head.inline.urls[0] if head.inline.urls else "")
        self.start(clean_title(title), head.line, head.inline.urls, level=head.level)
        seen_list = False
        for block in own:
            if isinstance(block, ListBlock):
                if not seen_list or any(item.is_just_link for item in block.items):
                    seen_list = True
                    self.attach(block)
                    continue
                for item in block.items:
                    if item.title_like and item.all_urls():
                        self.item(item)
                    else:
                        self.attach(ListBlock(block.ordered, [item], item.line))
            else:
                self.attach(block)


def _gives_links(block: Block | None) -> bool:
    """A paragraph or list of bare links ("[pdf](...)", "<https://...>"): the links of a title above it."""
    if isinstance(block, Para):
        return block.inline.is_just_link
    return isinstance(block, ListBlock) and any(item.is_just_link for item in block.items)


def _is_label(inline: Inline) -> bool:
    """A one-line paragraph that labels what follows: all bold or italic ("**Optional:**"), or ending in
    a colon ("Slides:"), without a link."""
    return not inline.urls and len(inline.lines) == 1 and (inline.emphasised or inline.text.endswith(":"))


def _is_grouping_heading(
    head: Heading, own: Sequence[Block], first_list: int | None, before_urls: list[str], next_level: int | None
) -> bool:
    """A heading that groups readings rather than naming one: "### Even More:", a heading whose deeper
    headings follow, whose first list or table names papers, or "### Papers on X" over titled links."""
    text = head.inline.text
    if _is_group_label(text) or (not text and not head.inline.urls):
        return True
    if next_level is not None and next_level > head.level and not before_urls:
        if not any(_block_urls(b) for b in own):
            return True
    if first_list is None or before_urls:
        return False
    block = own[first_list]
    if _names_readings(block):  # type: ignore[arg-type]
        return True
    return (
        isinstance(block, ListBlock)
        and bool(_PLURAL_GROUP.search(text))
        and not any(item.is_just_link for item in block.items)
        and all(item.title_like for item in block.items)
        and any(item.all_urls() for item in block.items)
    )


def _names_readings(block: ListBlock | Table) -> bool:
    """Does the first list or table under a heading name papers (making the heading a group)?"""
    if isinstance(block, Table):
        return any(any(cell.text or cell.urls for cell in cells) for cells, _ in block.rows)
    return _list_names_readings(block)


def _list_names_readings(block: ListBlock) -> bool:
    """Does a list right under a heading name papers (rather than give the heading's links/abstract)?"""
    items = block.items
    if any(item.is_just_link for item in items) or len(items) < 2:
        return False
    if block.ordered:
        return True
    linked = sum(1 for item in items if item.title_like and item.all_urls())
    return linked >= 2 and linked * 2 >= len(items)


_TITLE_COLUMNS = (
    re.compile(r"\b(papers?|titles?|readings?|articles?|resources?|books?|names?)\b", re.IGNORECASE),
    re.compile(r"\b(topics?|subjects?)\b", re.IGNORECASE),
)
_NUMBERISH = re.compile(r"^[\d\s./:#-]*$")


def _title_column(block: Table) -> int:
    """The column that names the reading: by header (Paper, Title, Reading, ... then Topic), else the
    first column whose cells are not just numbers or dates."""
    for pattern in _TITLE_COLUMNS:
        for i, name in enumerate(block.header):
            if pattern.search(name):
                return i
    width = max((len(cells) for cells, _ in block.rows), default=0)
    for i in range(width):
        texts = [cells[i].text for cells, _ in block.rows if i < len(cells) and cells[i].text]
        if texts and not all(_NUMBERISH.match(t) for t in texts):
            return i
    return 0


def _section_name(head: Heading) -> str:
    """SPEC: the level-2 heading's text without ``#``, trailing ``:`` and outer white space. Inner
    spacing is kept as written ("Even  More"); markup (links, emphasis) is removed when present."""
    raw = head.raw if not any(c in head.raw for c in "[*`_<") else head.inline.text
    name = strip_invisible(raw).strip().rstrip("#").strip()
    while name.endswith(":"):
        name = name[:-1].rstrip()
    return name


def _split_sections(blocks: Sequence[Block]) -> Iterator[tuple[str | None, list[Block]]]:
    name: str | None = None
    current: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 2:
            if name is not None or current:
                yield name, current
            name, current = _section_name(block), []
        else:
            current.append(block)
    if name is not None or current:
        yield name, current


def _opens_section(heading_inline: Token) -> bool:
    """Does a level-1 heading (its inline token, before inline parsing) name a readings section?"""
    return _section_kind(heading_inline.content.strip()) == "reading"


def _section_kind(name: str | None) -> str:
    """'reading' (name says readings), 'other' (blog, summary, ...), or 'neutral' (judge by content)."""
    if name is None:
        return "neutral"
    reading = bool(_READING_WORDS.search(name))
    other = bool(_NON_READING_SECTION.search(name))
    if reading and not other:
        return "reading"
    if other and not reading:
        return "other"
    return "neutral"


def _section_drafts(name: str | None, kind: str, blocks: Sequence[Block]) -> list[_Draft]:
    section = _Section(name, kind)
    headings = [i for i, b in enumerate(blocks) if isinstance(b, Heading)]
    section.items(blocks[: headings[0]] if headings else blocks)
    for n, index in enumerate(headings):
        end = headings[n + 1] if n + 1 < len(headings) else len(blocks)
        following = blocks[end] if end < len(blocks) else None
        # a heading that describes the one above ("#### Abstract") does not make it a group
        next_level = (
            following.level
            if isinstance(following, Heading) and not _ATTRIBUTE_HEADING.match(following.inline.text)
            else None
        )
        section.heading(blocks[index], blocks[index + 1 : end], next_level)  # type: ignore[arg-type]
    return section.drafts


def _dedupe(urls: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for url in urls:
        if url not in seen:
            seen[url] = None
    return tuple(seen)


def body_end(body: str) -> int:
    """Where the reading part of a body ends: the excerpt marker, else the whole body."""
    at = body.find(EXCERPT_MARKER)
    return len(body) if at < 0 else at


def extract_readings(body: str, *, line_offset: int = 0, file: str = "") -> tuple[list[Reading], list[Problem]]:
    """Readings of a post body (the text after the front matter), in document order.

    ``line_offset`` is the number of file lines before the body, so ``Reading.line`` is a line of the file.
    Returns the readings and problems found (a reading without a link is a warning).
    """
    text = drop_invisible(body[: body_end(body)])  # once for the body: inline text is then only squashed
    tokens = MD.parse(text)
    return readings_from_tokens(tokens, line_offset=line_offset, file=file)


def readings_from_tokens(
    tokens: Sequence[Token], *, line_offset: int = 0, file: str = ""
) -> tuple[list[Reading], list[Problem]]:
    """Readings from an already parsed token stream (see extract_readings; the text should already be
    free of zero-width characters, see text.drop_invisible)."""
    blocks = build_blocks(tokens, line_offset)
    readings: list[Reading] = []
    problems: list[Problem] = []
    for name, section_blocks in _split_sections(blocks):
        kind = _section_kind(name)
        if kind == "other":
            continue
        drafts = [
            d for d in _section_drafts(name, kind, section_blocks)
            if d.title and (d.urls or not _PLACEHOLDER.match(d.title))
        ]
        if kind == "neutral" and drafts:
            linked = sum(1 for d in drafts if d.urls)
            if linked * 2 <= len(drafts):  # most candidates must carry a link
                continue
        supplementary = is_supplementary(name)
        for draft in drafts:
            # SPEC ties `required` to the level-2 section; without one, a grouping label is the only signal
            required = not (supplementary if name is not None else draft.supplementary)
            urls = _dedupe(draft.urls)
            abstract = squash(" ".join(p for p in draft.prose if p))
            readings.append(Reading(name, required, draft.title, urls, abstract, draft.line))
            if not urls:
                problems.append(Problem(file, draft.line, "warning", f"reading {draft.title!r} has no link"))
    return readings, problems
