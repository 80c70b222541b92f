"""Inline links whose destination holds spaces and balanced parentheses, read as kramdown reads them
(bot/course/readings/kramdown_links.py): CommonMark sees plain text there, the page a link."""

import pytest

import bot.course.readings.kramdown_links as kramdown_links
from bot.course.readings import extract_readings
from bot.course.readings.markdown import MD, make_parser

MODULE = """Nov. 13
: Prospect Theory
  : [Smith & Doe (1979)](https://example.org/assets/Smith & Doe (1979, ECTA).pdf)

: Lying
  : [Jones (2002)](https://example.org/assets/Jones (2002, AER).pdf "Jones, AER")
  : [Poe (2004)](see the appendix)
  : ![Cover](https://example.org/assets/cover 1.png)
  : [Moe (2005)](https://example.org/assets/Moe
    2005.pdf)
  : [Lee (2006)](https://example.org/assets/Lee (2006, QJE.pdf)
"""


def links(text: str) -> list[tuple[str, dict, str]]:
    """(type, attrs, content) of the inline tokens of a one-paragraph text."""
    inline = [t for t in MD.parse(text) if t.type == "inline"]
    return [(c.type, dict(c.attrs), c.content) for t in inline for c in t.children or []]


def test_a_destination_with_spaces_and_balanced_parentheses_is_a_link_kept_as_written() -> None:
    assert links("[Smith & Doe (1979)](https://example.org/assets/Smith & Doe (1979, ECTA).pdf) read it") == [
        ("link_open", {"href": "https://example.org/assets/Smith & Doe (1979, ECTA).pdf"}, ""),
        ("text", {}, "Smith & Doe (1979)"),
        ("link_close", {}, ""),
        ("text", {}, " read it"),
    ]


def test_a_quoted_title_after_a_spaced_destination_is_split_off() -> None:
    assert links('[a](https://x.org/a b "The title") z')[0] == (
        "link_open", {"href": "https://x.org/a b", "title": "The title"}, "")
    assert links("[a](https://x.org/a b 'T')")[0] == ("link_open", {"href": "https://x.org/a b", "title": "T"}, "")


@pytest.mark.parametrize(
    "dest", ["#", "# notes", "/assets/Doe 2003.pdf", "./Doe 2003.pdf", "../papers/Doe 2003.pdf", "assets/Doe 2003.pdf"]
)
def test_fragments_and_paths_with_spaces_are_links_too(dest: str) -> None:
    assert links(f"[Doe (2003)]({dest})")[0] == ("link_open", {"href": dest}, "")


def test_a_kramdown_attribute_list_after_the_link_still_applies() -> None:
    assert links("[a](https://x.org/a b){: .label}")[0] == (
        "link_open", {"href": "https://x.org/a b", "class": "label"}, "")


@pytest.mark.parametrize(
    "text",
    [
        "[1](see the note)",  # not an address
        "![Cover](https://x.org/cover 1.png)",  # an image: left to markdown-it
        "[a](https://x.org/a\nb.pdf)",  # not across a line break
        "[a](https://x.org/a (b c.pdf)",  # the parentheses never balance
        '[a](https://x.org/a b "open title)',  # the title never closes
        '[a](https://x.org/a b "t" more)',  # text after the title
        "[a] (https://x.org/a b)",  # not a link in kramdown either
    ],
)
def test_what_kramdown_or_this_rule_does_not_read_as_a_link_stays_text(text: str) -> None:
    assert all(kind != "link_open" for kind, _, _ in links(text))


def test_links_markdown_it_reads_are_untouched() -> None:
    assert links("[a](https://x.org/a_(b)) and [c](<https://x.org/c d>)") == [
        ("link_open", {"href": "https://x.org/a_(b)"}, ""), ("text", {}, "a"), ("link_close", {}, ""),
        ("text", {}, " and "),
        ("link_open", {"href": "https://x.org/c d"}, ""), ("text", {}, "c"), ("link_close", {}, ""),
    ]


def test_definition_list_citation_links_to_spaced_pdf_names_are_readings() -> None:
    found = [(r.section, r.title, r.urls) for r in extract_readings(MODULE)[0]]
    assert found == [
        ("Nov. 13", "Smith & Doe (1979)", ("https://example.org/assets/Smith & Doe (1979, ECTA).pdf",)),
        ("Nov. 13", "Jones (2002)", ("https://example.org/assets/Jones (2002, AER).pdf",)),
    ]


class CountingIndex(kramdown_links.LinkIndex):
    built: list[int] = []
    looked_up = 0

    def __init__(self, src: str) -> None:
        CountingIndex.built.append(len(src))
        super().__init__(src)

    def destination(self, src: str, open_at: int, limit: int):
        CountingIndex.looked_up += 1
        return super().destination(src, open_at, limit)


@pytest.mark.parametrize(
    "unit, starts, links_found",
    [
        ("[a](", 100_000, 0),  # 100,000 "[a](" on one line
        ("[a](https://x.org/a b ", 45_000, 0),  # 1 MB of spaced destinations never closed
        ("[a](https://x.org/a b (", 43_000, 0),  # 1 MB of parentheses opened, never closed
        ('[a](https://x.org/a b "t ', 40_000, 0),  # 1 MB of titles opened, never closed
        ("[a](https://x.org/a b) ", 43_000, None),  # 1 MB, every one a link
    ],
    ids=["open-links", "unclosed", "unbalanced", "open-titles", "all-links"],
)
def test_a_hostile_megabyte_line_is_indexed_once_and_each_link_start_looked_up_once(
    monkeypatch: pytest.MonkeyPatch, unit: str, starts: int, links_found: int | None
) -> None:
    """Linear time: one index of the line (one pass over its parentheses and quotes), then each ``[`` costs
    one look-up by bisection, never a scan to the line's end. markdown-it's own link rule is left out here
    (its 32-level destination scan is its own cost), so the count is this rule's work alone."""
    monkeypatch.setattr(kramdown_links, "LinkIndex", CountingIndex)
    monkeypatch.setattr(CountingIndex, "built", [])
    monkeypatch.setattr(CountingIndex, "looked_up", 0)
    md = make_parser(dispatch=False)  # one parser (no block-rule variants), without markdown-it's link rule
    md.inline.ruler.disable("link")
    line = unit * starts
    tokens = md.parse(line)
    assert len(CountingIndex.built) == (1 if "https" in unit else 0)  # "[a](" is no address: no index needed
    assert sum(CountingIndex.built) <= len(line)
    assert CountingIndex.looked_up <= starts
    opened = sum(c.type == "link_open" for t in tokens for c in t.children or [])
    assert opened == (starts if links_found is None else links_found)
