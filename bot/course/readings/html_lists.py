"""HTML lists (``<ul><li><a href=...>Title</a></li></ul>``, bare ``<li>`` lines) and HTML tables
(``<tr><td><a href=...>Title</a></td>...``) inside raw HTML blocks, as the list and table blocks that
markdown lists and tables give."""

from __future__ import annotations

import html
import re

from bot.course.readings.inline import Inline
from bot.course.readings.tree import Item, ListBlock, Table
from bot.course.text import find_hrefs, find_urls, remove_urls, squash

HTML_ITEM = re.compile(r"<li\b[^<>]*>(.*?)(?=<li\b|</li\s*>|</[uo]l\s*>|\Z)", re.IGNORECASE | re.DOTALL)
# a link between the items of a list, outside any ``<li>`` (``</li><a href="..">Title</a><li>``): an item too
HTML_LOOSE_LINK = re.compile(r"</li\s*>\s*(<a\b[^<>]*>.*?</a\s*>)(?=\s*(?:<li\b|</[uo]l\s*>|\Z))", re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(r"<[^<>]*>")
HTML_LIST = re.compile(r"<[uo]l\b", re.IGNORECASE)
HTML_ROW = re.compile(r"<tr\b[^<>]*>(.*?)(?=<tr\b|</tr\s*>|</table\s*>|\Z)", re.IGNORECASE | re.DOTALL)
HTML_CELL = re.compile(r"<(t[hd])\b[^<>]*>(.*?)(?=<t[hd]\b|</t[hd]\s*>|</tr\s*>|\Z)", re.IGNORECASE | re.DOTALL)


def _cell(inner: str) -> Inline:
    shown = squash(html.unescape(HTML_TAG.sub(" ", inner)))
    urls = find_hrefs(inner) + find_urls(shown)
    text = squash(remove_urls(shown))
    return Inline(text, urls, [(text, list(urls), inner.lstrip()[:2].lower() == "<a")])


def html_table(content: str, line: int) -> Table | None:
    """An HTML table as a table block: a row of ``<th>`` cells (before any ``<td>`` row) is the header,
    every other row one row of cells with their visible text and links; None when there is no row."""
    if "<tr" not in content and "<TR" not in content:
        return None
    header: list[str] = []
    rows: list[tuple[list[Inline], int]] = []
    seen = 0
    start = line
    for match in HTML_ROW.finditer(content):
        line += content.count("\n", seen, match.start())
        seen = match.start()
        cells = HTML_CELL.findall(match.group(1))
        if not cells:
            continue
        if not rows and not header and all(tag.lower() == "th" for tag, _ in cells):
            header = [_cell(inner).text for _, inner in cells]
            continue
        rows.append(([_cell(inner) for _, inner in cells], line))
    if not rows:
        return None
    return Table(header, rows, start)


def html_list(content: str, line: int) -> ListBlock | None:
    """An HTML list (``<ul><li><a href="...">Title</a></li></ul>``, or bare ``<li>`` lines) as a list
    block whose items carry their visible text and links; None when the HTML holds no list item."""
    if "<li" not in content and "<LI" not in content:
        return None
    items: list[Item] = []
    start = line
    seen = 0  # where the line count below has got to (counting from the start each time is quadratic)
    found = list(HTML_ITEM.finditer(content))
    if "</a" in content or "</A" in content:
        loose = list(HTML_LOOSE_LINK.finditer(content))
        if loose:
            found = sorted(found + loose, key=lambda m: m.start(1))
    for match in found:
        line += content.count("\n", seen, match.start(1))
        seen = match.start(1)
        inner = match.group(1)
        if HTML_LIST.search(inner):
            continue  # "<li>Topic<ul>...": the topic groups the items that follow
        shown = squash(html.unescape(HTML_TAG.sub(" ", inner)))
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


