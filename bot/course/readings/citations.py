"""What a citation-like item names: the title it marks amid authors, years and venues, the works of a
lead-in row of links, and the marks that make it optional or not a work at all. SPEC "More rules":
titles of citations, several works in one item, optional marks, forms and class material."""

from __future__ import annotations

from collections.abc import Sequence

from bot.course.readings.inline import Inline
from bot.course.text import is_http_url, squash
from bot.course.readings.names import is_generic, is_group_label
from bot.course.readings.vocabulary import (
    CHAPTER_CITATION,
    CHAPTER_LOCATOR,
    CITATION_YEAR,
    CLASS_MATERIAL,
    DESCRIBED_LINK_WORDS,
    FORM_HOSTS,
    AUTHOR_DATE_TITLE,
    FORM_WORDS,
    LINK_DESCRIPTION_WORDS,
    LOCATOR,
    MATERIAL_LABEL,
    OPTIONAL_LEAD,
    OPTIONAL_BADGE,
    OPTIONAL_NOTE,
    PART_OF_WORK,
    PART_SEPARATOR,
    QUESTION,
    QUOTED,
    READING_LABEL,
    ROW_SEPARATOR,
    VENUE_TAIL,
    WORK_SEPARATOR,
)

_QUOTES = "\"'“”‘’"
_MAX_AUTHOR_WORDS = 8  # words of the authors before a citation's quoted titles
_MAX_GAP_WORDS = 4
_MAX_PART_WORDS = 2  # words of a link text that completes a name begun before it ("The WildML Blog and [Glossary]")
_MAX_NAME_WORDS = 6  # words of that name before the link, "and" included
_MAX_BARE_TITLE_WORDS = 20  # words of a line's text before a bare address that still make it a title  # words between two links that still make one citation ("part 1 and Part 2", "(2001) and")


def links_work(inline: Inline) -> bool:
    """An item whose first link names a work, wherever it points: ``[Paper title](/assets/papers/x.pdf)``,
    ``[Title](../slides/x.pdf)`` (a site-relative file) names its work as an http link does; SPEC keeps only
    http(s) addresses among its URLs, so such a reading has none."""
    return bool(inline.links) and bool(inline.links[0][1].strip()) and names_work(inline.links[0][0])


def work_urls(href: str) -> list[str]:
    """The URLs a link gives its reading: its target when that is an http(s) address; none for a site-relative
    one (``/assets/x.pdf``, ``../slides/x.pdf``), which SPEC leaves out of a reading's URLs."""
    return [href] if is_http_url(href) else []


def starts_with_work(inline: Inline, number: int) -> bool:
    """Line ``number`` of a paragraph opens with a link naming a work, wherever it points."""
    start, _ = inline.line_span(number)
    own = inline.line_links(number)
    return bool(own) and not inline.gap(start, own[0][2]) and bool(own[0][1].strip()) and names_work(own[0][0])


def bare_url_lines(inline: Inline) -> list[tuple[str, list[str]]] | None:
    """A paragraph whose every line is a short text and a bare address (``Title (https://...)``,
    ``Title: https://...``), no link: ``[(title, urls), ...]``, one per line, the title being the line's text
    without the address (and the colon before it). None for any other paragraph (prose that mentions an
    address in passing is longer, or has lines without one)."""
    if inline.links or not inline.lines:
        return None
    out = []
    for raw, urls, _ in inline.lines:
        title = squash(raw).rstrip(":–—- ").strip()
        if (
            not urls
            or not title
            or len(title.split()) > _MAX_BARE_TITLE_WORDS
            or is_generic(title)
            or CLASS_MATERIAL.match(title)
            or QUESTION.search(title)
        ):
            return None
        out.append((title, urls))
    return out


def names_title(text: str) -> bool:
    """Does a link text name the work, so that it is the reading's title? Not when it names no work
    (names_work) nor when it only locates a part of one by number (``[Ch. 3](..)``, ``[§2.1](..)``)."""
    return names_work(text) and not LOCATOR.match(text)


def names_work(text: str) -> bool:
    """Does a link text name a work (not "pdf", "here", "this video", nor pages "1-17", nor the address
    itself: ``[https://doi.org/..](https://doi.org/..)`` after a citation names it no more than a bare URL)?"""
    return (
        any(ch.isalpha() for ch in text)
        and not is_generic(text)
        and not CLASS_MATERIAL.match(text)
        and not is_http_url(text.strip())
        and not describes_link(text)
    )


def describes_link(text: str) -> bool:
    """A link text that only says what the link is (``external link``, ``library link``, ``journal version``):
    a few lowercase words ending in a generic word. It names no work, as ``pdf`` or ``here`` does not."""
    words = text.split()
    return (
        0 < len(words) <= LINK_DESCRIPTION_WORDS
        and text == text.lower()
        and is_generic(words[-1])
    )


def is_description(text: str, before: str) -> bool:
    """A plain lowercase description of the resource rather than its name ("Lifehacker's [command line
    primer]", "a [video tutorial]"): all lowercase, and not set off as a citation title (after "Author,")."""
    # lowercase is a matter of cased scripts: a name in a script without case (数字集成电路设计原理) is no
    # lowercase description, so it needs a lowercase letter and no capital
    if text != text.lower() or not any(ch.islower() for ch in text) or any(ch.isdigit() for ch in text):
        return False
    if len(text.split()) <= DESCRIBED_LINK_WORDS and is_generic(text.split()[-1]):
        return True  # "[external link](..)", "[library link](..)", "[direct pdf link](..)": a kind of link, anywhere
    return not before or not before.rstrip().endswith((",", ".", ":"))


def completes_name(text: str, before: str) -> bool:
    """A short link text that ends a name begun before it with "and" or "&" (``The WildML Blog and
    [Glossary](..)``): the link is one part of the name the item gives, so the visible text is the title. The
    name before is short, capitalised and set off by no punctuation (a citation's "Author," is)."""
    if not before.endswith((" and", " &")) or len(text.split()) > _MAX_PART_WORDS:
        return False
    words = before.split()
    return len(words) <= _MAX_NAME_WORDS and words[0][:1].isupper() and not any(c in before for c in ",;:.()")


def unquote(title: str) -> str:
    """Drop enclosing quotation marks and the ``.``/``,`` that closes the title inside them."""
    title = title.strip()
    if len(title) > 2 and title[0] in _QUOTES and title[-1] in _QUOTES and title[1:-1].count(title[0]) == 0:
        title = title[1:-1].rstrip(".,").strip()
    return title


def marked_title(inline: Inline) -> str | None:
    """The one title an item marks amid other text: the first link text that names the work (when the
    links are parts or companions of one work, not a running sentence), else a quoted, else an italic
    title; None when the item marks none (its visible text is then the title)."""
    cited = quoted_before_link(inline)
    if cited:
        return cited
    named = [
        (text, start, end) for text, _, start, end in inline.links[:1]
        if names_title(text) and not is_description(text, inline.gap(0, start))
        and not completes_name(text, inline.gap(0, start))
    ]
    if named:
        text, _, end = named[0]
        # links inside running prose ("[OpenRefine] is a tool that ...") name no single title
        if len(inline.links) > 1:
            for (_, _, _, a_end), (_, _, b_start, _) in zip(inline.links, inline.links[1:]):
                if len(inline.gap(a_end, b_start).split()) > _MAX_GAP_WORDS:
                    return None
        return unquote(text)
    quoted = QUOTED.search(inline.text)
    if quoted and len(quoted.group(1).split()) >= 2:
        return quoted.group(1).strip().rstrip(".,")
    bold = next((t for t in inline.bolds if is_bold_title(t)), None)
    if bold and inline.italics:
        # "*Avrim Blum and Moritz Hardt.* **The Ladder: ...** [arxiv](..)": italic authors, bold title
        return bold.rstrip(".,:")
    italic = next((t for t in inline.italics if len(t.split()) >= 2 and not is_venue(t, inline.text)), None)
    if italic:
        bold = next((t for t in inline.bolds if len(t.split()) >= 3 and not t.endswith(":")), None)
        if bold and inline.links and not any(names_title(text) for text, _, _, _ in inline.links):
            # "*Blum and Hardt.* **The Ladder: A Reliable Leaderboard** [arxiv](..)": italic authors, and the
            # bold span names the work (the links name nothing; a bold label ends with a colon)
            return bold.rstrip(".,")
        return italic.rstrip(".,:")
    author_date = AUTHOR_DATE_TITLE.search(inline.text)
    if author_date:
        return author_date.group("title").strip()
    return None


def quoted_before_link(inline: Inline) -> str | None:
    """``Authors, "Chapter Title" in [_Book_](..)``, ``Authors, "Introduction" to _Book_ (2021), [external
    link](..)``: a quoted title right after the citation's authors, before its first link, is the work (one word
    will do there); the link after it names the work's container or venue, or is a companion. None otherwise."""
    if not inline.links:
        return None
    before = inline.gap(0, inline.links[0][2])
    quoted = QUOTED.search(before)
    if quoted is None or not is_author_lead(before[: quoted.start()]):
        return None
    return quoted.group(1).strip().rstrip(".,") or None


def is_bold_title(text: str) -> bool:
    """A bold span that can be a citation's title: a few words or more, not a label (``**Optional Reading**:``,
    ``**Chapter 2:**``, ``**Slides**``)."""
    return (
        len(text.split()) >= 2
        and not text.rstrip().endswith(":")
        and not is_group_label(text)
        and not MATERIAL_LABEL.match(text)
        and not LOCATOR.match(text)
    )


def is_venue(italic: str, text: str) -> bool:
    """An italic span that names the journal rather than the work: a volume, issue or pages follow it
    (``*Machine Learning*, 1, 81-106``)."""
    at = text.find(italic)
    return at >= 0 and bool(VENUE_TAIL.match(text[at + len(italic) :]))


def split_works(inline: Inline, least: int = 2) -> list[tuple[str, str]] | None:
    """A lead-in and a row of links each naming a different work (``Reading: [A](..); [B](..)``,
    ``Three videos by X: 1 [A](..). 2 [B](..)``): ``[(title, url), ...]``; None for any other item.
    ``least``: how many links the row needs (1 for ``Reading: [A](..)`` on a line of its own)."""
    links = inline.links
    if len(links) < max(1, least):
        return None
    lead = inline.gap(0, links[0][2]).rstrip("0123456789.) ")  # "Three videos by X: 1 [A](..)"
    if not lead.endswith(":"):
        return None
    if not only_separators_after(inline, links):
        return None
    if not all(names_title(text) for text, *_ in links):
        return None
    return [(unquote(text), href) for text, href, _, _ in links]


def only_separators_after(inline: Inline, links: Sequence[tuple[str, str, int, int]]) -> bool:
    """Between ``links`` and after the last of them, only separators of a row of works ("; ", " | ", "and")."""
    for (_, _, _, a_end), (_, _, b_start, _) in zip(links, links[1:]):
        if not WORK_SEPARATOR.match(inline.gap(a_end, b_start)):
            return False
    return bool(WORK_SEPARATOR.match(inline.gap(links[-1][3], len(inline.pieces))))


def link_row(inline: Inline) -> list[tuple[str, str]] | None:
    """An item that is only a row of links, each naming a different work, set apart by commas or
    semicolons (``[Open Access](..), [Research Impact](..), [A Toolkit](..)``): ``[(title, url), ...]``, one
    reading per work. So is a citation of one author's works whose link texts are each a quoted title
    (``Doe, ["The Making of X"](..) and ["What X Is"](..)``): quotation marks say each is a title of its own.
    None for any other item (``[Part 1](..) and [Part 2](..)`` is one work in parts). A row of chapter
    numbers alone (``[Ch3](..), [Ch4](..)``) names one reading per document it links: each chapter its own
    when each has its own address, one work in parts when they point into the same one."""
    links = inline.links
    if len(links) < 2 or inline.gap(links[-1][3], len(inline.pieces)).strip(" .;,"):
        return None
    quoted = all(is_quoted(text) for text, *_ in links)
    lead = inline.gap(0, links[0][2])
    if lead and not (quoted and is_author_lead(lead)):
        return None
    if inline.gap(links[-1][3], len(inline.pieces)) and not quoted:
        return None
    separator = WORK_SEPARATOR if quoted else ROW_SEPARATOR
    for (_, _, _, a_end), (_, _, b_start, _) in zip(links, links[1:]):
        if not separator.match(inline.gap(a_end, b_start)):
            return None
    titles = [unquote(text) for text, *_ in links]
    if not quoted and all(is_locator(t) and CHAPTER_LOCATOR.match(t) for t in titles):
        # "[Ch3](../ch3.pdf), [Ch4](../ch4.pdf)": chapters numbered alone, each a document of its own, are
        # separate readings; into one document ("[Ch1](book#c1), [Ch2](book#c2)") they are parts of one
        documents = {document_address(href) for _, href, _, _ in links}
        if len(documents) < len(links) or len({t.lower() for t in titles}) < len(titles):
            return None
        return [(title, href) for title, (_, href, _, _) in zip(titles, links)]
    if not all(names_title(t) for t in titles) or len({t.lower() for t in titles}) < len(titles):
        return None
    if any(PART_OF_WORK.match(t) for t in titles):
        return None
    return [(title, href) for title, (_, href, _, _) in zip(titles, links)]


def document_address(href: str) -> str:
    """The document a link points into: its address without the ``#fragment`` (``book.html#p2``)."""
    return href.split("#", 1)[0].rstrip("/")


def is_quoted(text: str) -> bool:
    """A link text set in quotation marks (``["The Sound of Life"](..)``), a title by its marks."""
    text = text.strip()
    return len(text) > 2 and text[0] in _QUOTES and text[-1] in _QUOTES and len(text.split()) >= 2


def is_author_lead(text: str) -> bool:
    """The authors that open a citation before its titles ("Guzy, ", "Doe and Roe, "): a few words, no
    digits, ending in a comma."""
    text = text.strip()
    return text.endswith(",") and 0 < len(text.split()) <= _MAX_AUTHOR_WORDS and not any(c.isdigit() for c in text)


def is_optional(inline: Inline) -> bool:
    """An item that marks itself optional: ``(optional)`` in its text, an optional badge, or a label that
    opens it (``**Optional:** [Title](..)``, ``**Optional Reading**: ...``)."""
    return (
        any(OPTIONAL_BADGE.search(b) for b in inline.badges)
        or notes_optional(inline.text)
        or bool(OPTIONAL_LEAD.match(inline.text))
    )


def names_own_work(inline: Inline) -> bool:
    """A nested list item that carries its own linked title, so is a reading of its own and not a note of the
    item over it: it opens with a link naming a work (``[Gradient Descent](..)``), maybe after a citation's italic
    authors and year (``*Authors* 2014. [**Title**](..)``) or a label marking it optional (``**Optional
    Reading**: *Authors* 2015 [**Title**](..)``). Not a companion of the work above (``[pdf](..)``, ``[Slides](..)``,
    ``[Code](..)``, ``[Part 2](..)``), nor a sentence that mentions a work (``Viola and Jones inspired later work
    ... in the design of [**Structured prediction cascades**](..)``)."""
    if not inline.links:
        return False
    text, href, start, _ = inline.links[0]
    before = inline.gap(0, start)
    if (
        not href.strip()
        or not names_title(text)
        or CLASS_MATERIAL.match(text)
        or PART_OF_WORK.match(text)
        or MATERIAL_LABEL.match(text)
        or is_description(text, before)
    ):
        return False
    before = OPTIONAL_LEAD.sub("", before)
    for italic in inline.italics:
        before = before.replace(italic, "")
    return not any(ch.isalpha() for ch in CITATION_YEAR.sub("", before))


def notes_optional(text: str) -> bool:
    """Does the text's note mark its item optional (``(optional)``, ``[Background]`` at the end)? Not a note
    that closes one part of a list of a work's parts (``van Steen §4.1-4.2; §8.3 (optional)``: §8.3 is optional,
    the reading is not)."""
    note = OPTIONAL_NOTE.search(text)
    if note is None:
        return False
    parts = PART_SEPARATOR.split(text[: note.start()])
    return not (
        len(parts) > 1 and is_locator(parts[-1]) and any(CHAPTER_CITATION.search(part) for part in parts[:-1])
    )


def is_form(inline: Inline) -> bool:
    """A sign-up form or survey: every address is a form's, or the item asks to fill one in."""
    if inline.urls and all(any(h in u.lower() for h in FORM_HOSTS) for u in inline.urls):
        return True
    named = [t for t, *_ in inline.links if t]
    return bool(FORM_WORDS.search(" ".join(inline.badges))) or any(FORM_WORDS.search(t) for t in named)


def is_locator(text: str) -> bool:
    """A link text that only locates a part of a work by number ("#7-16", "§2.1", "Ch. 3", "pp. 10-25")."""
    return bool(LOCATOR.match(text)) or (bool(text.strip()) and not any(ch.isalpha() for ch in text))


def locator_title(inline: Inline) -> str | None:
    """The title of an item whose links only locate parts of its work by number (``Jurafsky & Martin,
    Chapter 3, sections [#7-16](..)``, ``Reading: Eisenstein [§2.1](..), [§2.4](..)``): its visible text (SPEC:
    no marked title), without a label naming reading matter before a colon. None when a link does more, or
    when nothing but the numbers is said."""
    if not inline.links or not all(is_locator(text) for text, *_ in inline.links):
        return None
    text = inline.text
    label, colon, after = text.partition(":")
    if colon and len(label.split()) <= 4 and READING_LABEL.search(label) and after.strip():
        text = after.strip()
    outside = inline.gap(0, inline.links[0][2]) + inline.gap(inline.links[-1][3], len(inline.pieces))
    return text if any(ch.isalpha() for ch in outside) else None


def names_only_companions(inline: Inline) -> bool:
    """An item whose first link is the session's own material and whose other words only label it or its
    companions (``**Video** [Lecture 2](..)``, ``[Lecture 3 slides](..) | [Notes](..)``): it names no work."""
    if not inline.links or not CLASS_MATERIAL.match(inline.links[0][0]):
        return False
    if any(names_title(text) and not PART_OF_WORK.match(text) for text, *_ in inline.links[1:]):
        return False
    bounds = [0, *[p for _, _, start, end in inline.links for p in (start, end)], len(inline.pieces)]
    for a, b in zip(bounds[::2], bounds[1::2]):
        words = inline.gap(a, b).strip(" |,;·•–—-:()")
        if words and not (is_generic(words) or MATERIAL_LABEL.match(words)):
            return False
    return True


def is_class_material(inline: Inline) -> bool:
    """The session's own slides or recordings ("[Lec3: Cloud computing](/docs/lec3.pdf)"), and a line that
    opens with them: what follows are its companions ("[Lecture 1](..), [Instructor Notes](..), [Setup](..)")."""
    if not inline.links:
        return False
    first = inline.links[0]
    if CLASS_MATERIAL.match(first[0]) and not inline.gap(0, first[2]):
        return True
    return all(CLASS_MATERIAL.match(t) or not t for t, *_ in inline.links)
