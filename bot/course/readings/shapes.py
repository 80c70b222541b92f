"""What a block of a section is shaped as, for the collector (collect.py) to decide what it holds: a lead-in
line or label over a list, a label naming other matter, a one-line linked citation, a labelled work, a
heading that groups readings, a list that names papers, a block of bare links, questions under a heading."""

from __future__ import annotations

from collections.abc import Sequence

from bot.course.readings.tree import LIST_BLOCKS, Block, Heading, ListBlock, Para, Table, block_urls
from bot.course.readings.citations import locator_title, names_title, names_work, unquote
from bot.course.readings.inline import Inline
from bot.course.readings.names import is_group_label, section_kind
from bot.course.readings.vocabulary import (
    ASIDE,
    CITATION_TAIL,
    CITATION_YEAR,
    COURSE_TASK,
    LANGUAGE_LINK_WORDS,
    LEAD_IN_WORDS,
    LINKS_TO,
    LINKED_CITATION_TAIL_WORDS,
    PLURAL_GROUP,
    QUESTION,
    QUOTED,
    READING_LABEL,
    WORK_VERB_LABEL,
    SCHEME,
    SETUP_ACTION,
    SETUP_TASK,
    SITE_DOCUMENT,
    SKIP_WORK_NOTE,
    SOURCE_CODE_SUFFIXES,
    TASK_ANNOUNCEMENT,
    TOPIC_HEADING,
)
from urllib.parse import urlsplit

from bot.course.text import is_http_url, squash


def lead_in(block: Block | None) -> str | None:
    """The text of a paragraph that introduces the list after it (one that ends with ``:``, or a bold
    label line such as ``**Further reading**``), without markup and the colon; None for any other block."""
    if not isinstance(block, Para):
        return None
    text = block.inline.text.strip()
    if not (text.endswith(":") or is_label(block.inline)) or len(block.inline.lines) > 2:
        return None
    if ends_with_bare_url(block.inline):
        return None  # "Title: https://..." names a work; its colon introduces the address, not a list
    return text.rstrip(":").strip() or None


def ends_with_bare_url(inline: Inline) -> bool:
    """The last line holds a bare address (one more URL than its links give): what the text ends with is
    followed by it."""
    number = len(inline.lines) - 1
    if number < 0:
        return False
    linked = sum(1 for _, href, _, _ in inline.line_links(number) if is_http_url(href))
    return len(inline.lines[number][1]) > linked


def links_site_file(blocks: Sequence[Block]) -> bool:
    """Whether a heading or paragraph among ``blocks`` links a page or file of the site itself (a relative
    address, ``/docs/x.pdf`` or ``x.pdf``; not an anchor, an e-mail or another scheme)."""
    for block in blocks:
        if isinstance(block, (Heading, Para)):
            for _text, href, _start, _end in block.inline.links:
                href = href.strip()
                if href and not href.startswith("#") and not SCHEME.match(href):
                    return True
    return False


def asks_questions(own: Sequence[Block]) -> bool:
    """The first list under a heading holds only questions (items ending in ``?``, no links): the heading
    introduces questions for students, not works to read."""
    first = next((b for b in own if isinstance(b, LIST_BLOCKS)), None)
    if not isinstance(first, ListBlock) or not first.items:
        return False
    return all(QUESTION.search(item.inline.text) and not item.all_urls() for item in first.items)


def names_other_matter(block: Block | None) -> bool:
    """A short line of its own, with no link and no colon, that names other class matter ("Featured",
    "Examples"): over a list it plays a heading's role, so the list is not readings."""
    if not isinstance(block, Para) or block.inline.urls or len(block.inline.lines) != 1:
        return False
    text = block.inline.text.strip()
    return 0 < len(text.split()) <= LEAD_IN_WORDS and section_kind(text) == "other"


def is_linked_citation(inline: Inline) -> bool:
    """A one-line paragraph that opens with a link naming a work and then says only who, when or how much
    of it (", Danah Boyd (2016)", "*(skim)*", "(chapters 1-3)", "by A. Author, Venue, 2019."): a reference-list
    entry. Not a sentence that merely starts with a link ("[OpenRefine](..) is a tool that ...")."""
    if len(inline.lines) != 1 or len(inline.links) != 1 or not inline.lines[0][2]:
        return False
    text, href, start, end = inline.links[0]
    if start > 1 or inline.gap(0, start) or not is_http_url(href) or not names_work(text):
        return False
    rest = inline.gap(end, len(inline.pieces))
    if not rest:
        return True
    if len(rest.split()) > LINKED_CITATION_TAIL_WORDS:
        return False
    return bool(CITATION_TAIL.match(rest))


def labels_other_matter(inline: Inline) -> bool:
    """An item that opens with a label naming other class matter before its first link ("Homework:",
    "Slides:", "Lab 2:")."""
    if not inline.links:
        return False
    label = inline.gap(0, inline.links[0][2])
    if not label.endswith(":") or len(label.split()) > 4:
        return False
    name = label.rstrip(":").strip()
    return section_kind(name) == "other" or bool(TOPIC_HEADING.match(name))


def tasks_on_site_pages(inline: Inline) -> bool:
    """An item that tells students what to do about the course and links only pages of the site itself
    (``+ Make sure to review the [course policies]({{site.baseurl}}/policies) and [assessment sections](..)``):
    an instruction, not a work (SPEC: a reading names a paper or resource). Not when a link leaves the site
    or points at a document of it (``[Chapter 2](/assets/ch2.pdf)``)."""
    if inline.urls or not inline.links or not (COURSE_TASK.match(inline.text) or SETUP_ACTION.match(inline.text)):
        return False
    for _text, href, _start, _end in inline.links:
        href = href.strip()
        if not href or SCHEME.match(href) or SITE_DOCUMENT.search(href):
            return False
    return True


def is_setup_task(inline: Inline) -> bool:
    """An item that asks students to get software or an account (``- Install Microsoft Excel (see <https://..>).``,
    ``- Create a [Flourish](https://flourish.studio/) account.``, ``- Download and install [Tesseract](..)``): a
    step to take, not a work, whatever it links (SPEC: a reading names a paper or resource to read). Not an item
    that also cites a work by a year in parentheses or a quoted title (``Install Python, then read “Python for
    Everybody” (2016)``), nor a title that only starts with the word (``Installing the future: ...``)."""
    text = inline.text
    if not SETUP_TASK.match(text):
        return False
    if QUOTED.search(text) or any(m.group(1) == "(" for m in CITATION_YEAR.finditer(text)):
        return False
    return True


def announces_task(inline: Inline) -> bool:
    """A line that only announces a course task and its state (``: [Assignment 2 Released](https://lms..)``,
    ``- Flash Quiz 1 Released``, ``- Project 1 due Fri``, ``Midterm exam posted``): a deliverable, no work to
    read, whatever it links (SPEC: a due-date badge adds nothing). Not a title that only holds a task word
    (``[The Exam Room: a history of testing](..)``, ``Quizzes as learning: Roediger (2006)``)."""
    return len(inline.lines) == 1 and bool(TASK_ANNOUNCEMENT.match(inline.text))


def reading_label(inline: Inline) -> tuple[str, str] | None:
    """An item that opens with a label naming reading matter in so many words, before a colon and before any
    link (``* Reading: Section 1.3``, ``* Required reading: [Title](..)``, ``* Readings: None``): (the label, the
    text after it). The label is a lead-in, no part of the title (SPEC: a lead-in line is not a reading); the
    item is the reading it names, as a ``**Reading:**`` line is (labelled_work). None for another item
    (``* Lecture Slides: [..](..)``, ``* Reading questions: ...``: section_kind says other matter)."""
    before = inline.gap(0, inline.links[0][2]) if inline.links else inline.text
    label, colon, _ = before.partition(":")
    label = label.strip()
    if not colon or not label or len(label.split()) > 4 or any(ch.isdigit() for ch in label):
        return None  # "Chapter 3: Storage and Retrieval" is a part's title, not a label
    if not READING_LABEL.search(label) or section_kind(label) != "reading":
        return None
    return label, inline.text.partition(":")[2].strip()


def links_only_source_files(inline: Inline) -> bool:
    """Every link of the item points at a source code file (``[hello.cpp](../code/hello.cpp)``, ``[a.py](..),
    [b.py](..)``; vocabulary.SOURCE_CODE_SUFFIXES): the session's code, not a work."""
    if not inline.links:
        return False
    for _text, href, _start, _end in inline.links:
        path = urlsplit(href.strip()).path
        name = path.rsplit("/", 1)[-1].lower()
        if "." not in name or name.rsplit(".", 1)[1] not in SOURCE_CODE_SUFFIXES:
            return False
    return True


def links_only_code_versions(inline: Inline) -> bool:
    """Every link text names only a programming language or where the code runs (``[[C++](..)][[Python](..)]``,
    ``[[Online](..)][[Source](..)]``): the item gives versions of a piece of code, not a work."""
    if not inline.links:
        return False
    return all(squash(text).strip("[]() ").lower() in LANGUAGE_LINK_WORDS for text, _, _, _ in inline.links)


def without_asides(text: str) -> str:
    """A name without its parenthesised asides ("Required readings (please read before class)")."""
    return squash(ASIDE.sub(" ", text))


def lead_subject(lead: str) -> str:
    """What a lead-in line says its list holds, without its asides: the words after "link(s) to" when they
    name a kind of matter ("Below is the link to the online notebook" -> "the online notebook"; "Links for
    this week" names none and stays whole), else the whole line."""
    whole = without_asides(lead)
    parts = LINKS_TO.split(whole, 1)
    if len(parts) == 2 and section_kind(parts[1]) != "neutral":
        return parts[1]
    return whole


def opening_label(block: Block | None) -> str | None:
    """The label that opens a paragraph on a line of its own before some prose (``**R files:**`` then "If
    you have the course repository set up, ..."): it introduces the list after the paragraph as a lead-in
    line would. None for any other block."""
    if not isinstance(block, Para) or len(block.inline.lines) < 2:
        return None
    raw, urls, marked = block.inline.lines[0]
    label = squash(raw)
    if urls or not marked or not label.endswith(":") or len(label.split()) > 8:
        return None
    return label.rstrip(":").strip() or None


def labelled_work(inline: Inline) -> tuple[str, str, list[str]] | None:
    """``**Main paper:** [Title](url) (Author et al., 2017)`` on a line of its own: (label, title, urls) when the
    bold label names reading matter or groups readings ("Paper", "Background", "Required reading") and one
    linked work follows it, with at most who and when after the link; None otherwise. So is
    ``**Readings:** Jurafsky & Martin, Chapter 3, sections [#7-16](url)``, whose links only locate parts of
    the work by number (``[§2.1](..)``, ``[Ch. 3](..)``): titled by the text after the label, with every link."""
    if len(inline.lines) != 1 or not inline.links or not inline.lines[0][2]:
        return None
    text, href, start, end = inline.links[0]
    before = inline.gap(0, start)
    label, colon, words_before = before.partition(":")
    # "**Reading:** Chapter 2 of [Deep Learning](..)": a few words may stand between the label and the link
    if not colon or len(words_before.split()) > 6 or not href.strip():
        return None
    label = label.strip()
    if not label or len(label.split()) > 4 or not (
        READING_LABEL.search(label) or is_group_label(label) or asks_to_read(label)
    ):
        return None
    rest = inline.gap(inline.links[-1][3], len(inline.pieces))
    if rest and len(rest.split()) > LINKED_CITATION_TAIL_WORDS:
        return None
    if len(inline.links) == 1 and names_title(text):
        if rest and not CITATION_TAIL.match(rest):
            return None
        return label, unquote(text), [href]
    title = locator_title(inline) if words_before.strip() else None
    if title:
        return label, title, [h for _, h, _, _ in inline.links]
    return None


def asks_to_read(label: str | None) -> bool:
    """A lead-in label that asks students to read or watch the work after it ("Watch Video", "Read Article")."""
    return bool(label) and WORK_VERB_LABEL.fullmatch(label.strip()) is not None


def gives_links(block: Block | None) -> bool:
    """A paragraph or list of bare links ("[pdf](...)", "<https://...>"): the links of a title above it."""
    if isinstance(block, Para):
        return block.inline.is_just_link
    return isinstance(block, ListBlock) and any(item.is_just_link for item in block.items)


def is_label(inline: Inline) -> bool:
    """A one-line paragraph that labels what follows: all bold or italic ("**Optional:**"), or ending in
    a colon ("Slides:"), without a link."""
    return not inline.urls and len(inline.lines) == 1 and (inline.emphasised or inline.text.endswith(":"))


def is_grouping_heading(
    head: Heading, own: Sequence[Block], first_list: int | None, before_urls: list[str], next_level: int | None
) -> bool:
    """A heading that groups readings rather than naming one: "### Even More:", a heading whose deeper
    headings follow, whose first list or table names papers, or "### Papers on X" over titled links."""
    text = head.inline.text
    if is_group_label(text) or (not text and not head.inline.urls):
        return True
    if next_level is not None and next_level > head.level and not before_urls:
        if not any(block_urls(b) for b in own):
            return True
    if first_list is None or before_urls:
        return False
    block = own[first_list]
    if names_readings(block) or cites_one_work(block):  # type: ignore[arg-type]
        return True
    return (
        isinstance(block, ListBlock)
        and bool(PLURAL_GROUP.search(text))
        and not any(item.is_just_link for item in block.items)
        and all(item.title_like for item in block.items)
        and any(item.all_urls() for item in block.items)
    )


def cites_one_work(block: ListBlock | Table) -> bool:
    """A list of one item that cites a work by a link naming it, amid who wrote it and where
    (``1. *P Alvaro, T Condie, et al.* 2010. [**BOOM Analytics.**](..) In Eurosys 2010.``): under a heading with
    no link of its own, the heading only groups it ("### Data-Centric Distributed Systems"), as over several.
    Not a lone link (``- [Paper A](..)``, ``- [pdf](..)``): that is the heading's own address."""
    if not isinstance(block, ListBlock) or len(block.items) != 1:
        return False
    item = block.items[0]
    if item.is_just_link:
        return False
    return any(names_title(text) and is_http_url(href) for text, href, _, _ in item.inline.links)


def lists_citations(block: ListBlock) -> bool:
    """Most items of a list (two at least) cite a work: a quoted or italic title and a year or a link
    (``+ Thomas Padilla, "On a Collections as Data Imperative" (2017), [external link](..)``)."""
    items = block.items
    if len(items) < 2:
        return False
    cited = sum(
        1 for item in items
        if (QUOTED.search(item.inline.text) or item.inline.italics)
        and (CITATION_YEAR.search(item.inline.text) or item.inline.urls)
    )
    return cited * 2 > len(items)


def names_readings(block: ListBlock | Table) -> bool:
    """Does the first list or table under a heading name papers (making the heading a group)?"""
    if isinstance(block, Table):
        return any(any(cell.text or cell.urls for cell in cells) for cells, _ in block.rows)
    return list_names_readings(block)


def list_names_readings(block: ListBlock) -> bool:
    """Does a list right under a heading name papers (rather than give the heading's links/abstract)?"""
    items = block.items
    if any(item.is_just_link for item in items) or len(items) < 2:
        return False
    if block.ordered:
        return True
    linked = sum(1 for item in items if item.title_like and item.all_urls())
    return linked >= 2 and linked * 2 >= len(items)




def skipped_work(inline: Inline) -> str | None:
    """The work a note says need not be read, when it names one by its quoted title and links nothing ("Note:
    You do not need to read Lodge, Steenbergen, and Brau - "The Responsive Voter". Consider it an optional
    refresher."): that title (vocabulary.SKIP_WORK_NOTE, QUOTED). None for a note naming no such work ("Note: Do
    not read the Erikson article") or several."""
    if inline.urls or inline.links:
        return None
    text = inline.text
    if not SKIP_WORK_NOTE.search(text):
        return None
    quoted = QUOTED.findall(text)
    if len(quoted) != 1 or not quoted[0].strip():
        return None
    return quoted[0].strip()
