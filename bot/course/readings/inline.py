"""One inline token analysed: its visible text (bare URLs removed, link texts kept), its URLs, per line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from bot.course.readings.names import is_generic
from bot.course.text import find_hrefs, find_urls, is_http_url, remove_urls, squash

# A kramdown/attrs attribute list right after an element: "{.label .label-yellow }", "{target=_blank}".
ATTRIBUTE_LIST = re.compile(r"^\{[^{}\n]*\}")
# A raw-HTML anchor inside markdown text: <a href="https://..." target="_blank"> ... </a>.
ANCHOR_OPEN = re.compile(r"""^<a\s[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>$""", re.IGNORECASE | re.DOTALL)
ANCHOR_CLOSE = re.compile(r"^</a\s*>$", re.IGNORECASE)


@dataclass(slots=True)
class Inline:
    """One inline token, analysed: visible text (bare URLs removed, link texts kept) and its URLs."""

    text: str = ""
    urls: list[str] = field(default_factory=list)
    # per source line: raw text (not yet cleaned), its urls, whether it starts with a link or bold text
    lines: list[tuple[str, list[str], bool]] = field(default_factory=list)
    head: str = ""  # text before the first hard line break ("Title  \n Authors"), "" when there is none
    emphasised: bool = False  # one line, all of its text bold or italic, no link: "**Optional:**"
    # every link, in order: (shown text, target as written, where it starts and ends in ``pieces``)
    links: list[tuple[str, str, int, int]] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)  # the visible text in runs (links are runs of their own)
    italics: list[str] = field(default_factory=list)  # italic spans outside links ("_Think Python_")
    badges: list[str] = field(default_factory=list)  # kramdown label badges ("**(optional)**{: .label}")
    # where in ``pieces`` each of ``lines`` starts, and where each of ``badges`` stood (to tell them by line)
    line_starts: list[int] = field(default_factory=list)
    badge_at: list[int] = field(default_factory=list)
    bolds: list[str] = field(default_factory=list)  # bold spans outside links ("**The Ladder: ...**")

    def line_badges(self, number: int) -> list[str]:
        """The badges that stand on line ``number`` (``**Reading**{: .label} [A](..)`` then ``<br>`` and
        ``**Code**{: .label} [B](..)`` are two lines with a badge each)."""
        start, end = self.line_span(number)
        return [b for b, at in zip(self.badges, self.badge_at) if start <= at < end]

    def line_links(self, number: int) -> list[tuple[str, str, int, int]]:
        """The links that start on line ``number``."""
        start, end = self.line_span(number)
        return [link for link in self.links if start <= link[2] < end]

    def line_span(self, number: int) -> tuple[int, int]:
        starts = self.line_starts or [0]
        start = starts[number] if number < len(starts) else len(self.pieces)
        end = starts[number + 1] if number + 1 < len(starts) else len(self.pieces) + 1
        return start, end

    def gap(self, start: int, end: int) -> str:
        """The visible text between two positions of ``pieces`` (around and between links)."""
        return squash("".join(self.pieces[start:end]))

    @property
    def is_just_link(self) -> bool:
        """Only an address (or "[pdf](...)"), at least on its first line: a link of the reading above."""
        if not self.urls:
            return False
        if is_generic(self.text):
            return True
        first_text, first_urls, _ = self.lines[0] if self.lines else ("", [], False)
        return bool(first_urls) and is_generic(squash(first_text))




def analyse_inline(token: Token) -> Inline:
    """Visible text of an inline token without bare URLs, and every http(s) URL in it, in order."""
    children = token.children
    if children and len(children) == 1 and children[0].type == "text":
        return plain_text(children[0].content)  # most paragraphs: one run of text, no markup
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
    links: list[tuple[str, str, int, int]] = []
    link_start = 0
    italics: list[str] = []
    italic_start: list[int] = []
    bolds: list[str] = []
    bold_start: list[int] = []
    badges: list[str] = []
    badge_at: list[int] = []
    line_starts: list[int] = [0]
    in_anchor = False  # inside <a href="..">...</a> written as raw HTML
    spans: list[int] = []  # where each open <span> starts in text_parts ("<span>Theory</span>{:.label}" is a badge)
    opened: list[int] = []  # where each open emphasis starts in text_parts
    closed: int | None = None  # where the emphasis that just closed started (for a following "{: .label}")
    emphasis_pieces = 0

    def emit(piece: str) -> None:
        text_parts.append(piece)
        line_parts.append(piece)

    def add_url(url: str) -> None:
        urls.append(url)
        line_urls.append(url)

    def end_line() -> None:
        nonlocal line_parts, line_urls, line_start_marked, at_line_start
        lines.append(("".join(line_parts), line_urls, line_start_marked))
        line_starts.append(len(text_parts))
        line_parts, line_urls, line_start_marked, at_line_start = [], [], False, True

    for child in token.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            content = child.content
            if closed is not None and content.startswith("{"):
                attrs = ATTRIBUTE_LIST.match(content)
                if attrs:  # kramdown attributes of the emphasis just closed: not shown
                    content = content[attrs.end() :]
                    if ".label" in attrs.group(0):  # "**(optional)**{: .label}": a badge, not text
                        badges.append(squash("".join(text_parts[closed:])))
                        badge_at.append(closed)
                        del text_parts[closed:]
                        del line_parts[len(line_parts) - min(len(line_parts), emphasis_pieces) :]
            closed = None
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
            closed = None
            if not link_depth:
                link_href = str(child.attrs.get("href", ""))
                link_text = []
                link_start = len(text_parts)
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
                else:
                    shown = ""
                links.append((squash(shown), link_href or "", link_start, len(text_parts)))
                link_href = None
        elif kind in ("strong_open", "em_open"):
            closed = None
            opened.append(len(text_parts))
            if at_line_start and not link_depth:
                line_start_marked = True
            emphasis_depth += 1
            seen_emphasis = True
            if kind == "em_open" and not link_depth:
                italic_start.append(len(text_parts))
            if kind == "strong_open" and not link_depth:
                bold_start.append(len(text_parts))
        elif kind in ("strong_close", "em_close"):
            closed = opened.pop() if opened else None
            emphasis_pieces = len(text_parts) - closed if closed is not None else 0
            emphasis_depth = max(0, emphasis_depth - 1)
            if kind == "em_close" and italic_start and not link_depth:
                italics.append(squash("".join(text_parts[italic_start.pop() :])))
            if kind == "strong_close" and bold_start and not link_depth:
                bolds.append(squash("".join(text_parts[bold_start.pop() :])))
        elif kind == "html_inline":
            if child.content.startswith("<!--"):
                continue  # a comment is not shown
            anchor = ANCHOR_OPEN.match(child.content)
            if anchor and not link_depth:  # <a href="..">Title</a> in markdown: a link like [Title](..)
                closed = None
                link_href = anchor.group(2)
                link_text = []
                link_start = len(text_parts)
                if at_line_start:
                    line_start_marked = True
                link_depth = 1
                in_anchor = True
                continue
            if in_anchor and ANCHOR_CLOSE.match(child.content):
                in_anchor = False
                child_close = True
            else:
                child_close = False
            if child_close:
                link_depth = 0
                shown = "".join(link_text)
                if link_href and is_http_url(link_href):
                    add_url(link_href)
                if not is_http_url(shown.strip()):
                    emit(shown)
                    if shown.strip():
                        at_line_start = False
                else:
                    shown = ""
                links.append((squash(shown), link_href or "", link_start, len(text_parts)))
                link_href = None
                continue
            if not link_depth and child.content.lower().startswith("<span"):
                spans.append(len(text_parts))
            elif not link_depth and child.content.lower().startswith("</span") and spans:
                closed = spans.pop()  # a following "{: .label}" makes the span's text a badge
                emphasis_pieces = len(text_parts) - closed
                continue
            for url in find_hrefs(child.content):
                add_url(url)
        elif kind == "image":
            continue
    end_line()
    emphasised = emphasised and seen_emphasis and not urls and len(lines) == 1
    return Inline(
        squash("".join(text_parts)), urls, lines, head, emphasised, links, text_parts, italics, badges,
        line_starts[: len(lines)], badge_at, bolds,
    )


def plain_text(content: str) -> Inline:
    """analyse_inline of an inline token that is one text run (same result, without the token walk)."""
    urls: list[str] = []
    if "://" in content:
        urls = find_urls(content)
        content = remove_urls(content)
    return Inline(squash(content), urls, [(content, urls[:], False)], "")
