"""Front matter lists that the site's layouts print as reading lists, through a Liquid loop.

A layout may loop over a page's list, at any nesting depth of the front matter, inside an element whose own
text names reading matter (``_layouts/lecture.html``)::

    <li>Textbook reading
      <ul>{% for section in page.files.textbook_sections %}
        <li><a href="{{ section.link }}">{{ section.number }}</a></li>{% endfor %}</ul></li>

The page then shows one linked work per entry of ``files.textbook_sections``, titled as the loop prints its
link text (``1.2``), although no key of the front matter says readings and no entry has a title key.
``layout_loop_fields`` finds such loops in a layout's text, as (path, label, title template, url template)
(see LoopField); ``loop_field_readings`` reads a post's readings through them.

The label is the nearest text the loop stands in or after: the own text of an enclosing element
(``<li>Textbook reading <ul>{% for``), or a short heading, paragraph or term before it in an enclosing
element (``<h2>Readings</h2><ul>{% for``); text of a link (a sibling item's anchor) and of closed list items
is no label. The label is judged as a section name is (names.section_kind):
- a name of reading matter ("Textbook reading", "Readings", "Required papers"): every entry the loop prints
  is a reading;
- a name of other matter ("Slides", "Jupyter Notebook", "Tags"): no entry is;
- a neutral name ("Materials"): the loop prints the class's material and works alike; an entry is a reading
  only when it links a web address and its printed title names a written work (chapter, book, paper,
  article: vocabulary.READING_LABEL), as "Chapter 4 of Bandits book by ..." does ("Study sheet" does not).

The layout's text is read once, in one pass of bounded work: every search for the end of a tag, a Liquid
tag or a comment stops at the next opening of its kind, texts kept for labels are capped, and at most
MAX_TOKENS tokens and MAX_LOOPS loops of a layout are looked at.
"""

from __future__ import annotations

import re
from itertools import islice
from collections.abc import Mapping
from typing import Any

from bot.course.budget import current
from bot.course.models import Reading
from bot.course.readings.names import is_supplementary, section_kind, words
from bot.course.readings.vocabulary import CLASS_MATERIAL, PLACEHOLDER, READING_LABEL
from bot.course.roles import holds_markup
from bot.course.text import URL_RE, clean_text, find_urls

#: (front matter path, label, title template, url template): ``("files.textbook_sections", "Textbook
#: reading", "{{number}}", "{{link}}")``. A template is the loop's printed text with each field of the entry
#: written ``{{dotted.path}}`` (``{{}}``: the entry itself) and all other Liquid dropped.
LoopField = tuple[str, str, str, str]

MAX_TOKENS = 20_000  # tags, Liquid tags and texts of one layout looked at
MAX_LOOPS = 32  # page loops of one layout read
MAX_DEPTH = 8  # parts of a dotted front matter path (``page.a.b.c``)
MAX_LABEL_WORDS = 6
MAX_ENTRIES = 1000  # entries of one listed front matter list read
MAX_BODY = 20_000  # characters of a loop's body (a longer one prints no reading list)
MAX_ANCHORS = 64  # anchors of one loop body looked at for the one linking a field of the entry
MAX_FIELDS = 16  # fields of the entry one template prints (a loop printing more gives no reading list)
_KEPT_TEXT = 400  # characters of an element's text kept (a longer text is no label)
_MAX_STACK = 200

_SPECIAL = re.compile(r"<|\{[{%]")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")
_FOR = re.compile(
    rf"^-?\s*for\s+([A-Za-z_]\w*)\s+in\s+page((?:\.[A-Za-z_][\w-]*){{1,{MAX_DEPTH}}})(?![\w.\[-])")
_LOOP_OPEN = re.compile(r"^-?\s*for\b")
_LOOP_CLOSE = re.compile(r"^-?\s*endfor\b")
_COMMENT = re.compile(r"^-?\s*comment\b")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr param".split())
# elements whose text runs on in their parent's text ("<li><strong>Readings:</strong> {% for"); an anchor's
# text is the link's, never a label
_INLINE = frozenset("a strong b em i span u small code mark font abbr sup sub label s cite q time big tt".split())
# elements whose short text labels what follows them in their parent ("<h2>Readings</h2><ul>{% for")
_LABEL_BLOCKS = frozenset("h1 h2 h3 h4 h5 h6 p dt summary caption legend th div header".split())
# an opening tag that closes an open one of these (HTML's implied ends): ``<li>a<li>b``
_AUTO_CLOSE = {"li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
               "td": {"td", "th"}, "th": {"td", "th"}}
_SKIPPED = ("script", "style")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_FIELD_MARK = re.compile(r"\{\{([\w.-]*)\}\}")
_MARKUP_PASTE = re.compile(r"\]\(")  # ``URL1](URL2``: a markdown link pasted into a link field


class _Frame:
    __slots__ = ("tag", "text", "size", "label", "label_size", "run")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.text: list[str] = []  # the element's text so far (no anchor text), capped
        self.size = 0
        self.label: list[str] = []  # the last run of own text, or the last label block's text
        self.label_size = 0
        self.run = False  # the last thing in the element was its own text (a text chunk continues the run)

    def keep(self, chunk: str) -> None:
        if self.size < _KEPT_TEXT:
            self.text.append(chunk)
            self.size += len(chunk) + 1

    def add_text(self, chunk: str) -> None:
        self.keep(chunk)
        if not self.run:
            self.label, self.label_size, self.run = [], 0, True
        if self.label_size < _KEPT_TEXT:
            self.label.append(chunk)
            self.label_size += len(chunk) + 1

    def set_label(self, text: str) -> None:
        self.label, self.label_size = [text], len(text)


def layout_loop_fields(text: str) -> list[LoopField]:
    """The loops over a page list (``{% for X in page.PATH %}``) of one layout's text whose label names reading
    matter or is neutral (see the module docstring), in layout order, each as a LoopField; a loop whose body
    prints no field of its entry gives nothing."""
    stack: list[_Frame] = [_Frame("")]
    loops: list[tuple[str, str, str, int] | None] = []  # open for-loops: (var, path, label, body start)
    found: list[LoopField] = []
    low = text.lower()
    pos, n, tokens = 0, len(text), 0
    while pos < n and tokens < MAX_TOKENS:
        tokens += 1
        match = _SPECIAL.search(text, pos)
        start = match.start() if match else n
        if start > pos:
            chunk = clean_text(text[pos:start])
            if chunk:
                stack[-1].add_text(chunk)
        if match is None:
            break
        if text.startswith("<!--", start):
            end = low.find("-->", start + 4)
            pos = n if end < 0 else end + 3
            continue
        if text[start] == "<":
            nxt = text.find("<", start + 1)
            end = text.find(">", start + 1, nxt if nxt >= 0 else n)
            if end < 0:
                stack[-1].add_text("<")
                pos = start + 1
                continue
            pos = end + 1
            name = _TAG_NAME.match(text, start, end)
            if name is None:
                continue
            tag = name.group(1).lower()
            if "/" in text[start + 1 : name.start(1)]:
                _close(stack, tag)
            elif tag in _SKIPPED:
                close = low.find(f"</{tag}", pos)
                pos = n if close < 0 else close
            elif tag not in _VOID and not text[start:end].rstrip().endswith("/") and len(stack) < _MAX_STACK:
                if stack[-1].tag in _AUTO_CLOSE.get(tag, ()):
                    _close(stack, stack[-1].tag)
                if tag not in _INLINE:
                    stack[-1].run = False
                stack.append(_Frame(tag))
            continue
        closing = "}}" if text[start + 1] == "{" else "%}"
        nxt = text.find(text[start : start + 2], start + 2)
        end = text.find(closing, start + 2, nxt if nxt >= 0 else n)
        if end < 0:
            pos = start + 2
            continue
        pos = end + 2
        if closing == "}}":
            continue  # a printed value: no text of the layout's own
        inner = text[start + 2 : end].strip()
        if _COMMENT.match(inner):
            close = low.find("endcomment", pos)
            pos = n if close < 0 else close
            close = text.find("%}", pos)
            pos = n if close < 0 else close + 2
        elif (loop := _FOR.match(inner)) is not None and len(found) + len(loops) < MAX_LOOPS:
            loops.append((loop.group(1), loop.group(2)[1:], _context_label(stack), pos))
        elif _LOOP_OPEN.match(inner):
            loops.append(None)
        elif _LOOP_CLOSE.match(inner) and loops:
            opened = loops.pop()
            if opened is not None and start - opened[3] <= MAX_BODY:
                var, path, label, body_start = opened
                field = _loop_field(var, path, label, text[body_start:start])
                if field is not None and all(f[0] != path for f in found):
                    found.append(field)
    return found


def _close(stack: list[_Frame], tag: str) -> None:
    """Close the innermost open ``tag`` (and what is open inside it); a stray closing tag is ignored."""
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].tag == tag:
            break
    else:
        return
    while len(stack) > depth:
        frame = stack.pop()
        parent = stack[-1]
        text = clean_text(" ".join(frame.text))
        if frame.tag == "a":
            continue  # a link's text: not the parent's label
        if frame.tag in _INLINE:
            if text:
                parent.add_text(text)
            continue
        if text:
            parent.keep(text)
        parent.run = False
        if frame.tag in _LABEL_BLOCKS and text:
            parent.set_label(text)


def _context_label(stack: list[_Frame]) -> str:
    """The nearest label of the open elements, innermost first: "" when none has one."""
    for frame in reversed(stack):
        label = clean_text(" ".join(frame.label)).strip(" :–—-|·•")
        if label:
            return label
    return ""


def _loop_field(var: str, path: str, label: str, body: str) -> LoopField | None:
    """The LoopField of one loop (``body``: the text between its ``for`` and ``endfor`` tags), or None when its
    label names other matter or none, or its body prints no field of the entry."""
    title, url = _templates(var, body)
    if not title:
        return None
    lead = _lead_label(body)
    if lead and len(words(lead)) <= MAX_LABEL_WORDS and section_kind(lead) == "reading":
        label = lead  # ``{% for r in page.x %}<li>Reading: <a href=..>``: the label stands in each item, nearest
    if not label or len(words(label)) > MAX_LABEL_WORDS or section_kind(label) == "other":
        return None
    return (path, label, title, url)


def _templates(var: str, body: str) -> tuple[str, str]:
    """(title template, url template) of a loop's body: the first anchor whose ``href`` prints a field of the
    entry gives the url and, when its text prints one, the title; else the title is the first printed field
    outside a tag."""
    field = re.compile(rf"\{{\{{-?\s*{re.escape(var)}((?:\.[\w-]+){{0,{MAX_DEPTH}}})\s*(?:\|[^{{}}]*)?-?\}}\}}")

    def template(text: str) -> str:
        marked = field.sub(lambda m: "\ue000" + m.group(1)[1:] + "\ue001", text)
        marked = re.sub(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}|<[^<>]*>", " ", marked)
        if "\ue000" not in marked or marked.count("\ue000") > MAX_FIELDS:
            return ""
        return clean_text(marked).replace("\ue000", "{{").replace("\ue001", "}}")

    low = body.lower()
    for anchor in islice(re.finditer(r"<a\b[^<>]*>", body, re.IGNORECASE), MAX_ANCHORS):
        href = _HREF.search(anchor.group(0))
        url = template(next(g for g in href.groups() if g is not None)) if href else ""
        if not url:
            continue
        close = low.find("</a", anchor.end())
        title = template(body[anchor.end() : close if close >= 0 else len(body)])
        if not title:
            outside = re.sub(r"<[^<>]*>", " ", body)
            title = template(outside)
        return title, url
    return template(re.sub(r"<[^<>]*>", " ", body)), ""


def _lead_label(body: str) -> str:
    """The text a loop's body prints before its first link or field (``Reading:`` in ``<li>Reading: <a ..>``)."""
    head = re.split(r"<a\b|\{\{", body, maxsplit=1, flags=re.IGNORECASE)[0]
    head = re.sub(r"\{%[^{}]*%\}|<[^<>]*>", " ", head)
    return clean_text(head).strip(" :–—-|·•")


def loop_field_readings(metadata: Mapping[str, Any], fields: list[LoopField]) -> list[Reading]:
    """The readings a post's front matter gives through the layout loops ``fields``, in field and list order:
    one per entry of the list at the field's path (a mapping there is no list: the loop prints nothing) whose
    printed title is not empty nor a placeholder. title = the title template filled with the entry's values;
    urls = the http(s) addresses of the url template so filled (a markdown link pasted into a link field,
    ``URL1](URL2``, gives each address once); section null; required unless the label says supplementary.
    Under a neutral label only an entry linking a web address by a title naming a written work is a reading."""
    out: list[Reading] = []
    budget = current()  # the post's parse budget: filling templates for its entries spends it
    for path, label, title_template, url_template in fields:
        entries = _at(metadata, path)
        if not isinstance(entries, list):
            continue
        reading_label = section_kind(label) == "reading"
        required = not is_supplementary(label)
        for entry in entries[:MAX_ENTRIES]:
            if budget is not None:
                budget.tick()
            title = _fill(title_template, entry)
            if not title or PLACEHOLDER.match(title):
                continue
            urls: list[str] = []
            for part in _MARKUP_PASTE.split(_fill(url_template, entry)) if url_template else []:
                urls.extend(u for u in find_urls(part) if u not in urls)
            if holds_markup(title) and not url_template:
                from bot.course.readings.front_matter import markup_readings  # the parser: loaded when used

                out.extend(markup_readings(label, title))
                continue
            title = clean_text(URL_RE.sub(" ", title)).strip(" ,;:-") if not urls else title
            if not title:
                continue
            if not reading_label and not (urls and READING_LABEL.search(title) and not CLASS_MATERIAL.match(title)):
                continue
            out.append(Reading(None, required, title, tuple(urls)))
    return out


def _at(value: Any, path: str) -> Any:
    for part in path.split(".") if path else ():
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _fill(template: str, entry: Any) -> str:
    """The template with each ``{{path}}`` replaced by the entry's value there ("" for none); "" when every
    field printed is empty (``{name: , link: }``)."""
    filled = False

    def value(match: re.Match[str]) -> str:
        nonlocal filled
        found = _at(entry, match.group(1))
        if found is None or isinstance(found, (bool, Mapping, list)):
            return ""
        text = clean_text(str(found))
        filled = filled or bool(text)
        return text

    text = _FIELD_MARK.sub(value, template)
    return clean_text(text) if filled else ""
