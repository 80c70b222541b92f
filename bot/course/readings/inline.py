"""One inline token analysed: its visible text (bare URLs removed, link texts kept), its URLs, per line."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from bot.course.readings.names import is_generic
from bot.course.text import find_hrefs, find_urls, is_http_url, remove_urls, squash


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


def plain_text(content: str) -> Inline:
    """analyse_inline of an inline token that is one text run (same result, without the token walk)."""
    urls: list[str] = []
    if "://" in content:
        urls = find_urls(content)
        content = remove_urls(content)
    return Inline(squash(content), urls, [(content, urls[:], False)], "")
