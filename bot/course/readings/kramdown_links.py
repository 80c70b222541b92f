"""Inline links read the way kramdown (Jekyll's markdown renderer) reads them, where CommonMark sees none.

CommonMark ends a link destination at the first space, so ``[Smith & Doe (1979)](https://x.org/Smith & Doe
(1979, ECTA).pdf)`` is plain text for markdown-it, while the page Jekyll builds shows a link "Smith & Doe
(1979)". kramdown (lib/kramdown/parser/kramdown/link.rb, ``parse_link``) reads the destination from the ``(``
with ``LINK_PAREN_STOP_RE = /(\\()|(\\))|\\s(?=['"])/``: each ``(`` opens one more level, each ``)`` closes
one, the destination ends at the ``)`` that closes the first one, and a white space followed by a quote
ends it too, a title then following (``LINK_INLINE_TITLE_RE = /\\s*?(["'])(.+?)\\1\\s*?\\)/``); spaces
are kept and the destination is stripped. ``(<...>)`` is left to markdown-it, which reads it already.

:func:`kramdown_links_plugin` adds that as an inline rule tried after markdown-it's ``link`` rule (only
where it found no link), in the style of mdit-py-plugins, narrower than kramdown:

- only a destination that looks like an address: ``http(s)://``, ``#``, a path (``/x``, ``./x``, ``../x``,
  ``assets/x y.pdf``), so that ``[1](see the note)`` stays text;
- never across a line break (kramdown would read on into the paragraph's next line);
- never an image (``![..](..)``: the ``[`` after a ``!`` is left alone);
- the destination is kept as written (spaces, ``&``, parentheses; no percent-encoding, no entity or escape
  decoding), as kramdown writes it into ``href``.

Linear time: every attempt is a few bisections in an index of its inline text (the ``)`` that closes each
``(`` of a line, the white-space-then-quote stops, the quote-then-``)`` title ends, the line ends), built once
per inline text in one pass over its parentheses and quotes (:class:`LinkIndex`), so a line of 100,000
``[a](`` or of unbalanced parentheses costs no scan per ``[``."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

# what a destination kramdown reads must start with to be taken here: an http(s) address, a fragment, or a
# path (absolute, ./ ../, or a relative one whose first segment ends with "/" before any white space)
ADDRESS = re.compile(r"(?:https?://\S|#|\.{0,2}/|[\w.~%+-]+/)", re.IGNORECASE)
_PARENS = re.compile(r"[()\n]")
_TITLE_STOPS = re.compile(r"[ \t](?=[\"'])")  # kramdown's \s(?=['"]), on one line
_TITLE_ENDS = re.compile(r"([\"'])[ \t]*\)")  # a closing quote, then kramdown's \s*?\)


class LinkIndex:
    """Where kramdown's destination scan would stop, for every position of one inline text, found by
    bisection: built in one pass over the text's parentheses, line ends and quotes."""

    __slots__ = ("close", "line_ends", "title_stops", "title_ends", "after_title")

    def __init__(self, src: str) -> None:
        self.close: dict[int, int] = {}  # position of a "(" -> the ")" that closes it on its line
        self.line_ends: list[int] = []
        opened: list[int] = []
        for match in _PARENS.finditer(src):
            ch, at = match.group(), match.start()
            if ch == "(":
                opened.append(at)
            elif ch == ")":
                if opened:
                    self.close[opened.pop()] = at
            else:
                self.line_ends.append(at)
                opened.clear()
        self.title_stops = [m.start() for m in _TITLE_STOPS.finditer(src)]
        self.title_ends: dict[str, list[int]] = {'"': [], "'": []}
        self.after_title: dict[str, list[int]] = {'"': [], "'": []}
        for match in _TITLE_ENDS.finditer(src):
            quote = match.group(1)
            self.title_ends[quote].append(match.start())
            self.after_title[quote].append(match.end())

    def line_end(self, pos: int, limit: int) -> int:
        """The end of the line holding ``pos`` (no further than ``limit``)."""
        i = bisect_left(self.line_ends, pos)
        return min(self.line_ends[i], limit) if i < len(self.line_ends) else limit

    def destination(self, src: str, open_at: int, limit: int) -> tuple[str, str, int] | None:
        """kramdown's reading of the destination whose ``(`` is at ``open_at``, on that line and before
        ``limit``: (destination, title, position after the closing ``)``), or None when it reads no link."""
        end = self.line_end(open_at, limit)
        close = self.close.get(open_at)
        if close is not None and close >= end:
            close = None
        i = bisect_right(self.title_stops, open_at)
        stop = self.title_stops[i] if i < len(self.title_stops) else end
        if close is not None and close < stop:
            return src[open_at + 1 : close].strip(), "", close + 1
        if stop + 1 >= end:
            return None  # the line ends before the parentheses balance
        quote = src[stop + 1]
        ends = self.title_ends[quote]
        j = bisect_left(ends, stop + 3)  # a title of one character at least
        if j == len(ends) or self.after_title[quote][j] > end:
            return None
        return src[open_at + 1 : stop].strip(), src[stop + 2 : ends[j]], self.after_title[quote][j]


def _index(state: StateInline) -> LinkIndex:
    """The LinkIndex of ``state.src``, built on first use and kept on the state (a label's nested
    tokenize reads the same text)."""
    index = getattr(state, "kramdown_link_index", None)
    if index is None or index[0] is not state.src:
        index = (state.src, LinkIndex(state.src))
        state.kramdown_link_index = index  # type: ignore[attr-defined]
    return index[1]


def kramdown_link(state: StateInline, silent: bool) -> bool:
    """Inline rule after ``link``: ``[text](dest with spaces (and parentheses))`` or ``[text](dest "title")``
    read as kramdown reads it, when ``dest`` looks like an address (ADDRESS) and the link is on one line."""
    src, start, maximum = state.src, state.pos, state.posMax
    if src[start] != "[" or (start > 0 and src[start - 1] == "!"):
        return False
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    if label_end < 0:
        return False
    open_at = label_end + 1
    if open_at + 1 >= maximum or src[open_at] != "(" or not ADDRESS.match(src, open_at + 1 + _spaces(src, open_at + 1)):
        return False
    found = _index(state).destination(src, open_at, maximum)
    if found is None:
        return False
    href, title, after = found
    href = state.md.normalizeLink(href)
    if not href or not ADDRESS.match(href) or not state.md.validateLink(href):
        return False
    if not silent:
        state.pos, state.posMax = start + 1, label_end
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        if title:
            token.attrSet("title", title)
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
    state.pos, state.posMax = after, maximum
    return True


def _spaces(src: str, pos: int) -> int:
    """How many spaces or tabs start ``src`` at ``pos`` (at most a few: kramdown strips them)."""
    n = 0
    while n < 8 and pos + n < len(src) and src[pos + n] in " \t":
        n += 1
    return n


def kramdown_links_plugin(md: MarkdownIt) -> None:
    """Add :func:`kramdown_link` to ``md``'s inline rules, right after markdown-it's ``link``."""
    md.inline.ruler.after("link", "kramdown_link", kramdown_link)
