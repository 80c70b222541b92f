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


from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from markdown_it.rules_core import inline as stock_inline  # noqa: E402

from bot.course.readings.markdown import MD, RULE_STARTS, make_parser  # noqa: E402

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
