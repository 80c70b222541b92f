"""Rules the body parser runs besides CommonMark (bot/course/readings/markdown.py)."""

from bot.course.readings import extract_readings


def titles(body: str, **kw) -> list[str]:
    return [r.title for r in extract_readings(body, **kw)[0]]


def test_markdown_div_wrapper_is_transparent() -> None:
    body = (
        '<div class="readings" markdown="1">\n## Readings\n- Ada Author, [A Paper Title](https://a.org/p) (2001)\n'
        '</div>\n<div class="other" markdown="1">\n## Readings\n- [Second Work Here](https://b.org)\n</div>\n'
    )
    assert len(titles(body)) == 2 and titles(body)[1] == "Second Work Here"


def test_title_heading_at_the_top_does_not_end_the_list() -> None:
    body = "# Week 3 - Networks\n\n## Readings\n- [A Study of Networks](https://a.org)\n"
    assert len(titles(body, metadata={"title": "Week 3 - Networks"})) == 1
    assert len(titles(body)) == 1  # no title to compare: the heading names nothing that ends the list


def test_blog_heading_at_the_top_still_ends_the_list() -> None:
    assert titles("# Blog\n\n## Readings\n- [A Study of Networks](https://a.org)\n") == []


def test_html_comment_hides_readings_and_links() -> None:
    body = (
        "## Readings\n- [Shown Work Title](https://a.org)\n"
        "<!-- - [Hidden Work Title](https://hidden.org) -->\n- [Other Shown Work](https://b.org)\n"
    )
    readings = extract_readings(body)[0]
    assert [r.title for r in readings] == ["Shown Work Title", "Other Shown Work"]
    assert all("hidden.org" not in u for r in readings for u in r.urls)


def test_kramdown_comment_lines_are_not_read_as_readings() -> None:
    # kramdown reads any "[label]: rest of line" as a link definition and shows nothing of it (the markdown
    # comment idiom); CommonMark would show those lines as text
    body = (
        "## Preparatory Materials\n**Read Article:** [Real Article](https://example.org/a)\n\n"
        "[//]: # Read [Chapter 2](https://example.org/ch2.pdf) of Some Book (_Authors: A, B_)\n\n"
        "[//]: <> ## Additional Reading Material\n[old]: - [Old Paper](https://example.org/old)\n"
    )
    readings = extract_readings(body)[0]
    assert [(r.title, r.urls) for r in readings] == [("Real Article", ("https://example.org/a",))]


def test_a_reference_definition_keeps_its_target_and_a_footnote_is_still_read() -> None:
    body = ("## Readings\n- [A Referenced Paper][ref]\n- [Second Paper](https://b.org)[^1]\n\n"
            "[ref]: https://example.org/ref \"The paper\"\n[^1]: see [Footnote Work](https://c.org)\n")
    readings = extract_readings(body)[0]
    assert [(r.title, r.urls) for r in readings][0] == ("A Referenced Paper", ("https://example.org/ref",))


from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from markdown_it.rules_core import inline as stock_inline  # noqa: E402

from bot.course.readings.markdown import (  # noqa: E402
    MD, OPTIONAL_RULES, RULE_STARTS, make_parser, rules_not_needed,
)

SITES = Path(__file__).resolve().parent.parent / "sites"
# Inline texts next to each kind of markup, and plain texts with characters markdown-it's terminator set
# holds but no active rule starts at (":", "-", "+", "#", "=", "~", "%", "$", "^", "@", ">", "]", "}").
TEXTS = [
    "Plain title: a study - part 2 + more #1 = 100% ~ $5 ^ @ > ] }",
    "Attention Is All You Need", "**bold** text", "_it_ and *em*", "a [link](https://x.org) b", "![img](i.png)",
    "<https://x.org>", "<b>html</b>", "caf&eacute; &amp;", "esc \\* star", "`code` span", "line one\nline two",
    "hard  \nbreak", "**(optional)**{: .label}", "[x](url){:target=\"_blank\"}", "{.label} at start",
    "~~struck~~", "trailing spaces   ", "https://bare.org/url and text",
]


def _key(token):
    return (token.type, token.tag, token.nesting, token.attrs, token.map, token.level, token.content, token.markup,
            token.info, token.meta, token.block, token.hidden, [_key(c) for c in token.children or []])


def test_every_active_inline_rule_says_where_it_can_start() -> None:
    # else plain text takes markdown-it's whole inline pass again (correct, but slower)
    assert set(MD.inline.ruler.get_active_rules()) <= set(RULE_STARTS)


@pytest.mark.parametrize("text", TEXTS)
def test_plain_inline_text_gives_the_tokens_markdown_it_gives(text: str) -> None:
    stock = make_parser()
    stock.core.ruler.at("inline", stock_inline)  # markdown-it's own inline rule, no shortcut
    for body in (text, f"## {text}\n\n- {text}\n\n| a | b |\n|---|---|\n| {text} | x |\n\nterm\n: {text}\n"):
        assert [_key(t) for t in MD.parse(body, {})] == [_key(t) for t in stock.parse(body, {})]


def test_fixture_site_posts_give_the_tokens_markdown_it_gives() -> None:
    stock = make_parser()
    stock.core.ruler.at("inline", stock_inline)
    posts = sorted(SITES.rglob("*.md"))
    assert posts
    for post in posts:
        body = post.read_text(encoding="utf-8").split("---", 2)[-1]
        assert [_key(t) for t in MD.parse(body, {})] == [_key(t) for t in stock.parse(body, {})], post


# Bodies where the block rules' dispatch by first character or the stop at an ending heading could go wrong:
# a level-1 heading inside a list, a quote, a wrapper or a fence; a reference defined after the heading; a
# title heading; setext headings; indented code that starts with a rule's character; tabs and blank lines;
# CR line ends and a NUL (normalize_if_needed).
BLOCK_BODIES = [
    "# Week 1\n\n## Readings\n- [A](https://a.org)\n\n# Blog\n\n- [B](https://b.org)\n",
    "## Readings\n- [Ref Work][r]\n\n# Blog\n\ntext\n\n[r]: https://r.org\n",
    "## Readings\n- [Ref Work][r]\n\n# Blog\n\n[r]:\n  https://r.org 'T'\n",
    "## Readings\n- item\n  # In a list\n- [B](https://b.org)\n# Summary\n- [C](https://c.org)\n",
    "> # Quoted\n> - [A](https://a.org)\n\n# Readings\n- [B](https://b.org)\n\n# Notes\n- [C](https://c.org)\n",
    '<div markdown="1">\n# Blog\n</div>\n\n- [A](https://a.org)\n',
    "```\n# not a heading\n```\n# Blog\n- [A](https://a.org)\n",
    "    # indented code\n    - [A](https://a.org)\n\n# Blog\n",
    "Blog\n====\n\n- [A](https://a.org)\n\nReadings\n--------\n- [B](https://b.org)\n",
    "#\tTabbed heading\n\n#Not a heading\n\n#\n\n# \n- [A](https://a.org)\n",
    "para line\n# Blog\nmore\n\n- * - -\n***\n+ plus\n1. one\n2) two\n\n> q\n[x]: /u\n<b>x</b>\n",
    "Term\n: # Heading in a definition\n\n# Readings\n\n   \n\t\n- [A](https://a.org)\n# Blog\n",
    "| a | b |\n|---|---|\n| # | > |\n\n# Blog\n| c | d |\n|---|---|\n",
    "# My Course Title\n\n- [A](https://a.org)\n\n# My Course Title\n\n- [B](https://b.org)\n",
    "## Readings\r\n- [A](https://a.org)\r- [B\0](https://b.org)\r\n\r\n# Blog\r\n- [C](https://c.org)\n",
    # choose_block_rules: lines only the table, deflist or lheading rule reads, where they match and where not;
    # a paragraph (lheading fails there and leaves parentType "paragraph") then a quote a list line ends lazily
    "para\n\n> quote\n2. two\n\n> q2\n1. one\n\n- a\n\n  > q3\n  - x\n",
    "Term\n: d\n2. two\n",  # the definition's end reads the parentType a failed lheading left (lheading_cannot_match)
    "a | b\n--|--\n1 | 2\n\npipe | alone\n\nTerm\n: def\n\n> Term\n> : quoted def\n\n- Term\n  ~ tilde def\n",
    "Title\n===\n\n> Quoted\n> ---\n\n- Item\n  ---\n\n1. x\n   ===  \n\ntext\n- - -\n",
    "Term\n:no space\n\nT2\n:\t tab def\n\n<!-- c -->: after a comment\nline\n<!--\n-->===\n",
]


@pytest.mark.parametrize("body", BLOCK_BODIES)
def test_block_rule_dispatch_and_stop_give_the_tokens_markdown_it_gives(body: str) -> None:
    stock = make_parser(dispatch=False)
    for env in ({}, {"title": "My Course Title", "body": True}):
        assert [_key(t) for t in MD.parse(body, dict(env))] == [_key(t) for t in stock.parse(body, dict(env))]


def test_fixture_and_corpus_posts_give_the_tokens_of_the_undispatched_parser(corpus_dir: Path) -> None:
    stock = make_parser(dispatch=False)
    posts = sorted(SITES.rglob("*.md")) + sorted(corpus_dir.rglob("*.md"))
    assert len(posts) > 100
    for post in posts:
        body = post.read_text(encoding="utf-8", errors="replace").split("---", 2)[-1]
        assert [_key(t) for t in MD.parse(body, {})] == [_key(t) for t in stock.parse(body, {})], post


def test_the_block_pass_stops_at_the_heading_that_ends_the_reading_list() -> None:
    seen: list[int] = []
    parser = make_parser(without=frozenset(OPTIONAL_RULES))  # the parser MD's choose_block_rules picks here
    rules = parser.block.ruler.getRules("")

    def counting(state, start, end, silent):  # noqa: ANN001, ANN202
        seen.append(start)
        return rules[0](state, start, end, silent)

    parser.block.ruler.__cache__[""] = [counting]
    parser.parse("## Readings\n- [A](https://a.org)\n\n# Blog\n\n" + "- x\n" * 50, {})
    assert max(seen) == 3  # the heading's line: nothing after it is tokenized
    seen.clear()
    parser.parse("## Readings\n- [A][r]\n\n# Blog\n\n" + "- x\n" * 50 + "[r]: https://r.org\n", {})
    assert max(seen) > 3  # a reference may be defined after it: the pass goes on


def test_rules_not_needed_names_the_optional_block_rules_no_line_of_the_text_can_start() -> None:
    assert rules_not_needed("plain text\n\n- a list: with colons ~ and = and - signs\n") == set(OPTIONAL_RULES)
    assert rules_not_needed("a | b\n") == {"deflist", "lheading"}
    assert rules_not_needed("Term\n: def\n") == rules_not_needed("> T\n> ~ d\n") == {"table", "lheading"}
    assert rules_not_needed("Title\n===\n") == rules_not_needed("- x\n  ---  \n") == {"table", "deflist"}
    assert rules_not_needed(": at the start\n") == {"table", "lheading"}
    assert rules_not_needed("Term\n:no space\n") == set(OPTIONAL_RULES)


# Inline texts where text_until_markup could go wrong: link labels with brackets, colons and other terminator
# characters no active rule starts at, escapes, code spans and HTML holding ']', references, nesting.
INLINE_BODIES = [
    "[a [b] c](https://u.org) and [x]: y, [[z]] ![i [j]](k.png) **a:b** `c]d` \\] &amp; <a:b> {x} ]\n",
    "[label: with = signs - and # marks](https://u.org){: .label} ~ tilde % ^ $ @ > } )\n",
    "[ref][r] [r] [not a ref] [a `]` b](https://v.org) [<b>]</b>](https://w.org)\n\n[r]: https://r.org\n",
    "- **Reading:** [Title: Sub-title](https://x.org) -- (optional) = 2 + 2 # 1\n- [[nested [deep]]](u)\n",
    "[unclosed [label](https://u.org\n\n" + "[" * 40 + "x" + "]" * 40 + "(y)\n",
]


@pytest.mark.parametrize("body", INLINE_BODIES)
def test_text_runs_to_the_next_markup_give_the_tokens_of_markdown_its_text_rule(body: str) -> None:
    stock = make_parser(dispatch=False)  # markdown-it's own text rule
    assert [_key(t) for t in MD.parse(body, {})] == [_key(t) for t in stock.parse(body, {})]
