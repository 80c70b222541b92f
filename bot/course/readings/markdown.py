"""The markdown-it parser of post bodies (CommonMark, tables, raw HTML, definition lists, kramdown
attributes) and the rules it runs besides CommonMark's."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import heading
from markdown_it.rules_core import StateCore
from markdown_it.rules_core import normalize as stock_normalize
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin

from bot.course.budget import TickingList
from bot.course.budget import current as current_budget
from bot.course.readings.kramdown_links import kramdown_links_plugin
from bot.course.readings.liquid import is_liquid_only
from bot.course.readings.names import is_session_title, section_kind
from bot.course.readings.vocabulary import MATTER_OF_TOPIC

EXCERPT_MARKER = "<!--excerpt.start-->"
COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
# kramdown reads every line ``[label]: anything`` as a link definition, which the page never shows (the markdown
# comment idiom ``[//]: # hidden text``, ``[//]: <> ## old heading``); a footnote ``[^1]: ...`` is shown.
KRAMDOWN_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S[^\n]*$", re.MULTILINE)
# the ones CommonMark reads as definitions too (a destination, then at most a title), which it hides itself
COMMONMARK_DEFINITION = re.compile(
    r" {0,3}\[[^\]\n]+\]:[ \t]*(?:<[^<>\n]*>|[^\s<]\S*)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*"
)
KRAMDOWN_IAL = re.compile(r"\{:\s*(?=[.#\w])")
# HTML containers whose content kramdown parses as markdown, and the tags that close them.
MARKDOWN_WRAPPER_OPEN = re.compile(
    r"<(div|section|article|aside|main|header|footer|details|span)\b[^<>]*\bmarkdown\s*=\s*[\"']?(1|block|span)\b",
    re.IGNORECASE,
)
WRAPPER_CLOSE = re.compile(r"</(div|section|article|aside|main|header|footer|details|span)\s*>\s*$", re.IGNORECASE)


# A line that is only an HTML heading element (``<h3 id="bib">Further reading</h3>``), written so to give the
# heading an anchor: a heading of that level, with that text.
HTML_HEADING = re.compile(r"\s*<h([1-6])(?:\s[^<>]*)?>([^\n]*?)</h\1\s*>\s*", re.IGNORECASE)


def keep_link(url: str) -> str:
    """Keep link targets as written (markdown-it would percent-encode them)."""
    return url.strip()


def html_headings(state: StateCore) -> None:
    """Core rule after end_at_title: an HTML block that is only a heading element on one line
    (``<h3 id="bib">Materials used in the session</h3>``) is a heading of its level (HTML_HEADING): the tokens
    of a markdown heading, its inline text parsed as markdown's (raw links in it stay ``<a href>``), for the
    sections that follow (sections.py). Only one alone in its HTML block: one inside a ``<div>`` is the div's.
    Run after end_at_title, which cuts the body only at a markdown ``# Blog``."""
    tokens = state.tokens
    if not any(tok.type == "html_block" and tok.content.lstrip()[:2].lower() == "<h" for tok in tokens):
        return
    out: list[Token] = []
    for tok in tokens:
        match = HTML_HEADING.fullmatch(tok.content) if tok.type == "html_block" else None
        if match is None or not match.group(2).strip():
            out.append(tok)
            continue
        tag = "h" + match.group(1)
        opening = Token("heading_open", tag, 1, map=tok.map, level=tok.level, block=True)
        inline = Token("inline", "", 0, map=tok.map, level=tok.level + 1, content=match.group(2).strip(),
                       children=[], block=True)
        closing = Token("heading_close", tag, -1, level=tok.level, block=True)
        out.extend((opening, inline, closing))
    tokens[:] = out


def end_at_title(state: StateCore) -> None:
    """Core rule between the block and inline passes: the token stream ends at the first top-level
    level-1 heading that ends the reading list (SPEC: ``# Blog``), so what follows it is never parsed for
    inline markup. Not at a level-1 heading that names a readings section (``# Readings``), nor at one
    that comes first in the body and only repeats the post's title (SPEC "More rules"). Link reference
    definitions anywhere in the text were already collected by the block pass, so the inline tokens that
    remain parse exactly as they would in the whole text. Not for a page read whole (``env["whole"]``: a home
    page read for its guide, whose ``# README`` heading ends nothing)."""
    if state.env.get("whole"):
        return
    tokens = state.tokens
    seen_content = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.tag == "h1":
            if ends_reading_list(tokens[i + 1], seen_content, state.env.get("title")):
                del tokens[i:]
                return
            continue
        if not seen_content and _is_content(tokens, i):
            seen_content = True


def ends_reading_list(heading_inline: Token, seen_content: bool, title: str | None) -> bool:
    """Does a top-level level-1 heading (its inline token, before inline parsing) end the reading list?
    Not when it names a readings section, nor when nothing came before it (``seen_content``: a top-level
    block opened, a fence or a code block) and it stands for the page title (see end_at_title)."""
    if opens_section(heading_inline):
        return False
    return seen_content or not is_title_heading(heading_inline.content, title)


def _is_content(tokens: Sequence[Token], i: int) -> bool:
    """Does ``tokens[i]`` open a top-level block the page shows (a fence and a code block too)? A paragraph of
    Liquid tags only (``{% include toc.html %}`` above ``# Week 3: ...``) shows nothing of its own: no content."""
    tok = tokens[i]
    if tok.type == "paragraph_open" and tok.level == 0 and i + 1 < len(tokens):
        return not is_liquid_only(tokens[i + 1].content)
    return tok.level == 0 and tok.type.endswith("_open") or tok.type in ("fence", "code_block")


def stop_at_end_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule before ``heading``: a top-level ATX level-1 heading that ends the reading list (what
    end_at_title cuts the token stream at) is parsed as markdown-it's heading rule parses it, and the block
    pass stops there, since end_at_title drops every token after it: the rest of the body is never
    tokenized. Unless the rest holds a ``]:`` (a link reference definition there would be collected by the
    block pass for the links before the heading): then the pass goes on, and end_at_title cuts as ever."""
    if silent or state.level != 0 or state.env.get("whole"):
        return False
    tokens = state.tokens
    at = len(tokens)
    if not heading(state, start, end, False):
        return False
    if tokens[at].tag != "h1":
        return True  # the heading as markdown-it parses it; state.line is past it
    if state.src.find("]:", state.bMarks[start]) >= 0:
        return True
    seen_content = _seen_content(state.env, tokens, at)
    if ends_reading_list(tokens[at + 1], seen_content, state.env.get("title")):
        state.line = end  # the block pass ends here; end_at_title drops this heading
    return True


def _seen_content(env: dict, tokens: Sequence[Token], at: int) -> bool:
    """Whether a block the page shows (_is_content) stands before ``tokens[at]``, each token looked at once per
    parse (``env["content_scan"]``: which token list, how far it was looked at, and whether one was found): a body
    of blocks that are no content (HTML blocks, Liquid-only paragraphs) then many ``# Readings`` headings is linear."""
    of, upto, seen = env.get("content_scan", (None, 0, False))
    if of != id(tokens):
        upto, seen = 0, False
    if not seen:
        seen = any(_is_content(tokens, i) for i in range(upto, at))
        env["content_scan"] = (id(tokens), at, seen)
    return seen


def is_title_heading(text: str, title: str | None) -> bool:
    """A level-1 heading at the top of the body that stands for the page title: it repeats the post title,
    titles the session by its meeting and number (names.is_session_title: "Week 10: Graph algorithms lab",
    whatever its topic's words), or (without one to compare) names nothing that ends the reading list (Blog,
    Summary, Notes, ...) or names such matter of a topic (``# Notes for "How do people form opinions?"``:
    vocabulary.MATTER_OF_TOPIC), as the post's title taken from it (posts._heading_title) does."""
    if is_session_title(text) or repeats_title(text, title):
        return True
    # without a title to compare, "# Notes for "How do people form opinions?"" titles the page (MATTER_OF_TOPIC)
    return section_kind(text.strip()) != "other" or (not title and bool(MATTER_OF_TOPIC.match(text)))


def repeats_title(text: str, title: str | None) -> bool:
    """The heading's letters and digits are the post title's, or a part of them, or the other way round."""
    if not title:
        return False
    a, b = _letters(text), _letters(title)
    return bool(a and b and (a == b or a in b or b in a))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def hide_comments(state: StateCore) -> None:
    """Core rule before the block pass: every HTML comment of the text is replaced by the line ends it
    holds, so no block rule sees what the page does not show. CommonMark makes a comment at a line's start
    an HTML block, but a definition list's loop reads ``<!-- 1/21`` followed by ``: [Paper](..)`` lines as
    one more term with its definitions (the plugin looks for the next term without asking the other block
    rules), and a list item's continuation likewise; a commented-out schedule day then comes back as
    readings. Line numbers stay as they were.

    So are kramdown's link definition lines that CommonMark would show as text (:func:`hide_link_definitions`)."""
    src = state.src
    if "<!--" in src:
        src = state.src = COMMENT.sub(_line_ends, src)
    if "]:" in src:
        state.src = hide_link_definitions(src)


def hide_link_definitions(text: str) -> str:
    """``text`` with each line kramdown reads as a link definition (``[//]: # Read [Chapter 1](..)``, the markdown
    comment idiom) made empty, where CommonMark would show it: kramdown takes anything after ``[label]:`` as the
    destination, and the page shows nothing of the line. Definitions CommonMark reads too (``[paper]:
    https://x.org "Title"``) are left for it, so reference links keep their targets."""
    return KRAMDOWN_DEFINITION.sub(_unless_commonmark, text)


def _unless_commonmark(match: re.Match[str]) -> str:
    line = match.group(0)
    return line if COMMONMARK_DEFINITION.fullmatch(line) else ""


def _line_ends(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


def drop_comments(state: StateCore) -> None:
    """Core rule after the block pass: HTML comments are not shown by the page, so they are not read
    (a comment block is removed; a comment inside a larger HTML block is cut out of it)."""
    kept = []
    for tok in state.tokens:
        if tok.type == "html_block" and "<!--" in tok.content:
            tok.content = COMMENT.sub("", tok.content)
            if not tok.content.strip():
                continue
        kept.append(tok)
    state.tokens[:] = kept


def kramdown_attributes(state: StateCore) -> None:
    """Core rule before the inline pass: kramdown's inline attribute lists (``**(optional)**{: .label}``,
    ``[x](url){:target="_blank"}``) are written ``{: ...}``; the attrs plugin reads them as ``{...}``."""
    for tok in state.tokens:
        if tok.type == "inline" and "{:" in tok.content:
            tok.content = KRAMDOWN_IAL.sub("{", tok.content)


def markdown_html_wrapper(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a line that only opens an HTML container whose content is markdown
    (``<div class="readings" markdown="1">``) or only closes one (``</div>``) is an HTML block of that one
    line, so the headings and lists inside the wrapper are parsed as markdown (kramdown's
    ``markdown="1"``); CommonMark would swallow everything up to the next blank line as raw HTML."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    line = state.src[pos : state.eMarks[start]]
    if not line.startswith("<") or not (MARKDOWN_WRAPPER_OPEN.match(line) or WRAPPER_CLOSE.match(line)):
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.map = [start, start + 1]
    token.content = line + "\n"
    state.line = start + 1
    return True


def budget_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule run first at every line (and in every paragraph's end test): spends the post's work
    budget (``env["budget"]``, bot/course/budget.py), which raises once it is spent. Matches nothing."""
    budget = state.env.get("budget")
    if budget is not None:
        budget.line = start
        budget.countdown -= 1
        if budget.countdown <= 0:
            budget.check()
    return False


def budget_inline(state: StateInline, silent: bool) -> bool:
    """Inline rule run first at every position (also when a link label is searched): spends the budget."""
    budget = state.env.get("budget")
    if budget is not None:
        budget.countdown -= 1
        if budget.countdown <= 0:
            budget.check()
    return False


def budget_tokens(state: StateCore) -> None:
    """First core rule: the parse spends the work budget being spent (bot/course/budget.py ``spending``),
    if any, kept in ``env["budget"]`` for the other rules; block tokens are then collected in a list that
    spends it. Lines reached are lines of the post body when ``env["body"]`` says this is the body."""
    budget = state.env.get("budget") or current_budget()
    state.env["budget"] = budget
    if budget is not None:
        budget.line, budget.lines = None, bool(state.env.get("body"))
        state.tokens = TickingList(budget)


def plain_tokens(state: StateCore) -> None:
    """Last core rule: the parse returns its block tokens in a plain list, no longer the TickingList that
    spent the budget while they were made (the parse is over; the readings code then indexes the list
    token by token, which is several times slower on a list subclass)."""
    if type(state.tokens) is not list:
        state.tokens = list(state.tokens)


# The characters at which each inline rule can match (markdown-it's rules_inline and the plugins used here
# test the character at the position first; ``attr`` needs a token before it, so never matches plain text).
RULE_STARTS = {
    "budget": "", "text": "", "text_special": "", "newline": "\n", "escape": "\\", "backticks": "`",
    "emphasis": "*_", "strikethrough": "~", "link": "[", "kramdown_link": "[", "image": "!", "autolink": "<",
    "html_inline": "<", "entity": "&", "attr": "{",
}


@functools.lru_cache(maxsize=8)
def markup_starts(rules: tuple[str, ...], terminators: str) -> re.Pattern[str]:
    """A pattern matching where one of the active inline ``rules`` can start; markdown-it's terminator set
    (every character some rule may want) when a rule is not in RULE_STARTS."""
    if any(rule not in RULE_STARTS for rule in rules):
        return re.compile(terminators)
    chars = sorted({c for rule in rules for c in RULE_STARTS[rule]})
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else re.compile(r"(?!)")


def text_until_markup(state: StateInline, silent: bool) -> bool:
    """markdown-it's text rule, taking the text up to the next character at which an active inline rule can
    start (RULE_STARTS) or a ``]`` (where a link label's search, parseLinkLabel, looks for its end between
    the tokens it skips) instead of the next of markdown-it's terminator characters: at a terminator no rule
    starts at (``:``, ``-``, ``=``, ``#``, ...) every rule refuses and markdown-it adds the character to the
    pending text, which this does without trying each rule there. Same tokens."""
    inline = state.md.inline
    stops = getattr(inline, "text_stops", None)
    if stops is None:
        stops = inline.text_stops = text_stops(tuple(inline.ruler.get_active_rules()), inline.terminator_re.pattern)
    pos = state.pos
    found = stops.search(state.src, pos, state.posMax)
    end = found.start() if found else state.posMax
    if end == pos:
        return False
    if not silent:
        state.append_pending(state.src[pos:end])
    state.pos = end
    return True


@functools.lru_cache(maxsize=8)
def text_stops(rules: tuple[str, ...], terminators: str) -> re.Pattern[str]:
    """Where text_until_markup ends a text run: a character some active inline rule can start at, or ``]``;
    markdown-it's terminator set when a rule is not in RULE_STARTS."""
    if any(rule not in RULE_STARTS for rule in rules):
        return re.compile(terminators)
    chars = sorted({c for rule in rules for c in RULE_STARTS[rule]} | {"]"})
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def inline_with_lines(state: StateCore) -> None:
    """markdown-it's core inline rule, telling the budget which line's inline text is being parsed (and
    collecting inline tokens in a list that spends it).

    Inline text without a character at which an active inline rule can match (``markup_starts``: no
    ``*``, ``[``, ``<``, ``&``, line break, ...) is one text token: markdown-it's rules all refuse every
    position of it, so its text run is all it gives. That token is made here without the inline state
    (most headings and one-line paragraphs of a course post are such plain text)."""
    budget = state.env.get("budget")
    inline = state.md.inline
    markup = markup_starts(tuple(inline.ruler.get_active_rules()), inline.terminator_re.pattern).search
    for token in state.tokens:
        if token.type == "inline":
            content = token.content
            plain = bool(content) and markup(content) is None
            if budget is not None:
                if not token.children:  # one text token to add to a plain text's: nothing to spend the budget on
                    token.children = [] if plain else TickingList(budget)
                if token.map:
                    budget.line = token.map[0]
            elif token.children is None:
                token.children = []
            if plain:
                text = Token("text", "", 0)
                text.content = content
                token.children.append(text)
            else:
                inline.parse(content, state.md, state.env, token.children)


def normalize_if_needed(state: StateCore) -> None:
    """markdown-it's normalize rule (CR and CR LF line ends to LF, NUL to U+FFFD), which rewrites the
    whole text with a regular expression matching every line end, run only when the text has a CR or a
    NUL (post bodies have their line ends made LF already)."""
    if "\r" in state.src or "\0" in state.src:
        stock_normalize(state)


def make_parser(*, dispatch: bool = True, without: frozenset[str] = frozenset()) -> MarkdownIt:
    """The body parser. ``dispatch=False``: without normalize_if_needed, stop_at_end_heading,
    choose_block_rules and dispatch_block_rules (the same tokens, the slower way: what the tests compare
    with). ``without``: RULE_NEEDS rules left out (the parsers choose_block_rules picks from)."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(deflist_plugin)
    md.use(kramdown_links_plugin)  # [x](https://x.org/Doe 2003.pdf): kramdown's spaced destinations
    md.use(attrs_plugin, after=("image", "code_inline", "link_close", "span_close", "strong_close", "em_close"))
    md.normalizeLink = keep_link  # type: ignore[method-assign]
    md.normalizeLinkText = keep_link  # type: ignore[method-assign,assignment]
    md.block.ruler.before(
        "html_block", "markdown_html_wrapper", markdown_html_wrapper,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.core.ruler.after("normalize", "hide_comments", hide_comments)
    md.core.ruler.after("block", "drop_comments", drop_comments)
    md.core.ruler.after("drop_comments", "end_at_title", end_at_title)
    md.core.ruler.after("end_at_title", "html_headings", html_headings)
    md.core.ruler.before("inline", "kramdown_attributes", kramdown_attributes)
    first_block = md.block.ruler.get_all_rules()[0]
    md.block.ruler.before(first_block, "budget", budget_block, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before(md.inline.ruler.get_all_rules()[0], "budget", budget_inline)
    md.core.ruler.at("inline", inline_with_lines)
    md.core.ruler.before(md.core.ruler.get_all_rules()[0], "budget_tokens", budget_tokens)
    md.core.ruler.push("plain_tokens", plain_tokens)
    if dispatch:
        md.inline.ruler.at("text", text_until_markup)
        md.core.ruler.at("normalize", normalize_if_needed)
        md.block.ruler.before("heading", "stop_at_end_heading", stop_at_end_heading)
        if without:
            if "lheading" in without:  # its side effect kept, see lheading_cannot_match
                md.block.ruler.at("lheading", lheading_cannot_match)
            md.block.ruler.disable([name for name in without if name != "lheading"])
        else:
            variants: dict[frozenset[str], MarkdownIt] = {frozenset(): md}
            md.core.ruler.after("hide_comments", "choose_block_rules", functools.partial(choose_block_rules, variants))
        dispatch_block_rules(md)
    return md


# Block rules that can match only at a certain line: a text without any such line is parsed by a parser
# without the rule (choose_block_rules), the same tokens with fewer calls at every line. The pattern matches
# a superset of those lines: the line's first characters after any container markers (blockquote ``>``,
# list markers, indentation), where the rule tests them. ``table``: the header row must hold a '|'.
RULE_LINES = re.compile(
    r"\n[ \t>*+\-0-9.)]*(?:(?P<deflist>[:~][ \t])|(?P<lheading>(?:=+|-+)[ \t]*(?![^\n])))"
)
OPTIONAL_RULES = ("table", "deflist", "lheading")


def rules_not_needed(src: str) -> frozenset[str]:
    """The OPTIONAL_RULES that cannot match anywhere in ``src`` (one pass over its line starts)."""
    needed = {"table"} if "|" in src else set()
    for match in RULE_LINES.finditer("\n" + src):
        needed.add(match.lastgroup or "")
        if len(needed) == len(OPTIONAL_RULES):
            break
    return frozenset(name for name in OPTIONAL_RULES if name not in needed)


def choose_block_rules(variants: dict[frozenset[str], MarkdownIt], state: StateCore) -> None:
    """Core rule after hide_comments (the text the block pass reads): the block pass runs on a parser
    without the OPTIONAL_RULES that cannot match anywhere in this text (rules_not_needed; each such parser
    built once, kept in ``variants``). The core rules that follow read ``state.md`` for the block and inline
    parsers, so only the block rules tried differ, and the tokens are the same
    (tests/course/test_markdown_dispatch.py compares them with the stock chains)."""
    if state.inlineMode:
        return
    without = rules_not_needed(state.src)
    if not without:
        return
    md = variants.get(without)
    if md is None:
        md = variants[without] = make_parser(without=without)
    state.md = md


def lheading_cannot_match(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's lheading on a text without a setext underline line: it finds none and returns False,
    leaving ``state.parentType`` set to "paragraph" (it does not restore it on that path, and a list's
    terminator test reads it), which this does too without scanning the paragraph's lines."""
    if not state.is_code_block(start):
        state.parentType = "paragraph"
    return False


# The characters a line must start with (its first character after the indentation) for each block rule to
# match: markdown-it's rules and the ones here test that character before anything else and return False
# without a side effect when it is not theirs. A rule not named here may match at any line (``table``,
# ``code``, ``lheading``, ``deflist``, ``paragraph`` look at the next lines or at the indentation).
BLOCK_STARTS = {
    "fence": "`~", "blockquote": ">", "hr": "*-_", "list": "*-+0123456789", "reference": "[",
    "markdown_html_wrapper": "<", "html_block": "<", "heading": "#", "stop_at_end_heading": "#",
}


def dispatch_block_rules(md: MarkdownIt) -> None:
    """Replace each compiled chain of block rules (the main one and the paragraph, list, blockquote and
    reference terminators) with one rule that tries, in the chain's order, only the rules that can match
    at the line's first character (BLOCK_STARTS): the same first rule matches, without a call to each of
    the others at every line. The budget rule is run first at every line, as in the chain. Changing the
    ruler (enable, disable, a plugin) recompiles the stock chains."""
    ruler = md.block.ruler
    ruler.getRules("")  # compile
    cache = ruler.__cache__
    assert cache is not None
    names = {rule.fn: rule.name for rule in ruler.__rules__}
    for chain, rules in list(cache.items()):
        if rules:
            cache[chain] = [_dispatcher([(names.get(fn, ""), fn) for fn in rules])]


def _dispatcher(rules: list[tuple[str, object]]) -> object:
    ticks = bool(rules) and rules[0][1] is budget_block
    if ticks:
        rules = rules[1:]
    full = tuple(fn for _, fn in rules)
    starts = {c for name, _ in rules for c in BLOCK_STARTS.get(name, "")}
    by_char = {
        c: tuple(fn for name, fn in rules if name not in BLOCK_STARTS or c in BLOCK_STARTS[name]) for c in starts
    }
    anywhere = tuple(fn for name, fn in rules if name not in BLOCK_STARTS)

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if ticks:
            budget = state.env.get("budget")
            if budget is not None:
                budget.line = start
                budget.countdown -= 1
                if budget.countdown <= 0:
                    budget.check()
        pos = state.bMarks[start] + state.tShift[start]
        chosen = by_char.get(state.src[pos], anywhere) if pos < state.eMarks[start] else full
        for fn in chosen:
            if fn(state, start, end, silent):
                return True
        return False

    return rule


MD = make_parser()



def opens_section(heading_inline: Token) -> bool:
    """Does a level-1 heading (its inline token, before inline parsing) name a readings section?"""
    return section_kind(heading_inline.content.strip()) == "reading"


