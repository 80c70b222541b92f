"""HTML lists (``<ul><li><a href=...>Title</a></li></ul>``, bare ``<li>`` lines) inside raw HTML blocks."""

from __future__ import annotations

import html
import re

from bot.course.readings.inline import Inline
from bot.course.readings.tree import Item, ListBlock
from bot.course.text import find_hrefs, find_urls, remove_urls, squash

HTML_ITEM = re.compile(r"<li\b[^<>]*>(.*?)(?=<li\b|</li\s*>|</[uo]l\s*>|\Z)", re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(r"<[^<>]*>")
HTML_LIST = re.compile(r"<[uo]l\b", re.IGNORECASE)


def html_list(content: str, line: int) -> ListBlock | None:
    """An HTML list (``<ul><li><a href="...">Title</a></li></ul>``, or bare ``<li>`` lines) as a list
    block whose items carry their visible text and links; None when the HTML holds no list item."""
    if "<li" not in content and "<LI" not in content:
        return None
    items: list[Item] = []
    start = line
    seen = 0  # where the line count below has got to (counting from the start each time is quadratic)
    for match in HTML_ITEM.finditer(content):
        line += content.count("\n", seen, match.start())
        seen = match.start()
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


