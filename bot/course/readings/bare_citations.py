"""Citations written out in full without a link or a year, as humanities reading lists give them
(``J.B. Harley, “Deconstructing the Map”, 1-15.``, ``Marie de France, *Bisclavret*``, ``Extraits du
*Novellino* (à suivre)``, ``Boccaccio, Alatel``), and the entries whose link points at a page of the site
(``[Macrobe, *Commentaire ...*](/texts/macrobe.html): Livre 1``). SPEC "Titles of citations": the title is
the first title the entry marks (quoted or italic), else the visible text. Strict on purpose: an entry is
one short line that opens with names (or the marked title) and says no more than which part to read;
a sentence, a question or a task is none."""

from __future__ import annotations

from bot.course.readings.citations import names_work, only_separators_after, unquote
from bot.course.readings.inline import Inline
from bot.course.readings.vocabulary import (
    CITATION_MAX_WORDS,
    CITATION_TAIL,
    CITATION_TAIL_MAX_WORDS,
    EXCERPT_LEAD,
    LINKED_CITATION_TAIL_WORDS,
    NAME_PARTICLES,
    NAME_PREFIXES,
    QUOTED,
    SCHEME,
    SENTENCE_OPENERS,
    TITLE_FIRST_TAIL,
    UNMARKED_TITLE_WORDS,
)

_MAX_NAME_WORDS = 8  # words of the authors before the title ("Jacques Le Goff", "J.B. Harley and A. Doe")
_SENTENCE_MARKS = "?!;"


def is_name_word(word: str) -> bool:
    """A word of a person's name: capitalised (``Harley``, ``J.B.``), a particle (``de``, ``van``, ``al-``
    before a capital as in ``al-Idrisi``), or ``et al.``; never a number."""
    if any(ch.isdigit() or ch in "():;" for ch in word):
        return False
    bare = word.strip("().")
    if bare.lower() in NAME_PARTICLES:
        return True
    for prefix in NAME_PREFIXES:
        if bare.lower().startswith(prefix) and len(bare) > len(prefix):
            bare = bare[len(prefix) :]
            break
    return bool(bare) and bare[0].isupper()


def is_name_lead(lead: str) -> bool:
    """The authors that open a citation, ending with the comma before the title (``Umberto Eco, ``,
    ``Dalché, ``, ``Muhammad al-Idrisi, ``). A label (``Map analysis:``) or words of a sentence are none."""
    lead = lead.strip()
    if not lead.endswith(","):
        return False
    words = lead[:-1].replace(",", " ").split()
    if len(words) == 1 and words[0].lower() in SENTENCE_OPENERS:
        return False  # "Instead, “Inverse LoRA” ...": a sentence, not an author
    return 0 < len(words) <= _MAX_NAME_WORDS and all(is_name_word(w) for w in words) and any(
        w.strip("().").lower() not in NAME_PARTICLES for w in words
    )


def _first_mark(inline: Inline) -> tuple[int, int, str] | None:
    """Where the first title the text marks (an italic span, or a quoted one of two words or more) starts
    and ends in ``inline.text``, and the title without its quotation marks."""
    text = inline.text
    best: tuple[int, int, str] | None = None
    for italic in inline.italics:
        at = text.find(italic)
        if italic.strip() and at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(italic), italic.strip().rstrip(".,:"))
    quoted = QUOTED.search(text)
    if quoted and len(quoted.group(1).split()) >= 2 and (best is None or quoted.start() < best[0]):
        best = (quoted.start(), quoted.end(), quoted.group(1).strip().rstrip(".,"))
    return best


def cited_title(inline: Inline, *, unmarked: bool = True) -> str | None:
    """The work a one-line entry cites without a link: the first title it marks, after the authors
    (``Umberto Eco, *Serendipities*, "The Force of Falsity"`` -> Serendipities) or after words saying which
    part (``Extraits du *Novellino*``), or leading the entry with at most pages or parts after it; an
    ``Author, Title`` entry that marks no title is titled by its text (``unmarked``: where that may count).
    None for any other paragraph."""
    if inline.links or inline.urls or len(inline.lines) != 1:
        return None
    text = inline.text.strip()
    words = text.split()
    if not words or len(words) > CITATION_MAX_WORDS or any(mark in text for mark in _SENTENCE_MARKS):
        return None
    mark = _first_mark(inline)
    if mark is None:
        return _author_and_title(text) if unmarked else None
    start, end, title = mark
    lead, tail = text[:start], text[end:].strip()
    if len(tail.split()) > CITATION_TAIL_MAX_WORDS or not title:
        return None
    if lead.strip():
        if not (is_name_lead(lead) or EXCERPT_LEAD.match(lead.strip())):
            return None
    elif not TITLE_FIRST_TAIL.match(tail) or any(ch in title for ch in ":\"“”"):
        # a title alone ("*Percy Liang*" in a speaker's slot) cites nothing, nor does a label ("*Applications*:
        # copy-editing, ...", "*Episodes: S3E5 "Yerba Buena", ...*"): pages, a part or the authors follow a title
        return None
    return title


def _author_and_title(text: str) -> str | None:
    """``Boccaccio, Alatel``: names, a comma, a few words of a capitalised title, nothing else; not two
    names of two words or more (authors, or a person and a role)."""
    lead, comma, title = text.partition(",")
    title = title.strip().rstrip(".")
    if not comma or not title or "," in title or ":" in title or any(ch.isdigit() for ch in title):
        return None
    if len(title.split()) > UNMARKED_TITLE_WORDS or not title[0].isupper() or not is_name_lead(lead + ","):
        return None
    if all(len(part.split()) >= 2 and all(is_name_word(w) for w in part.split()) for part in (lead, title)):
        return None  # "Albert Gu, Tri Dao", "Jane Doe, Course Instructor": a list of people, or one and a role
    return text.rstrip(".")


def cited_by_site_link(inline: Inline) -> str | None:
    """An entry that opens with a link to a page of the site whose text is a citation (``[Macrobe,
    *Commentaire sur le songe*](/texts/macrobe.html): Livre 1``, ``[Cicéron, “Le songe de Scipion”](/texts/..)``),
    with at most which parts after it: the link text, which names the work. None otherwise."""
    if len(inline.lines) != 1 or len(inline.links) != 1 or inline.urls:
        return None
    shown, href, start, end = inline.links[0]
    href = href.strip()
    if start > 1 or inline.gap(0, start) or not href or href.startswith("#") or SCHEME.match(href):
        return None
    if not names_work(shown):
        return None
    lead, comma, rest = shown.partition(",")
    if not comma or not rest.strip() or not is_name_lead(lead + ","):
        return None
    tail = inline.gap(end, len(inline.pieces))
    if tail and (len(tail.split()) > LINKED_CITATION_TAIL_WORDS or not CITATION_TAIL.match(tail)):
        return None
    return unquote(shown)


def source_row(inline: Inline) -> list[tuple[str, str]] | None:
    """A lead that cites the source (``From the *Encyclopédie* of Denis Diderot -``, ``“Keywords”:``) over
    a row of links, each naming a part of it to read (``[HOMME](..); [TERRE](..)``): one (title, url) per
    link. None for any other paragraph."""
    links = inline.links
    if len(inline.lines) != 1 or len(links) < 2:
        return None
    lead = inline.gap(0, links[0][2])
    if not lead.endswith((":", "-", "–", "—")):
        return None
    marked = any(italic and italic in lead for italic in inline.italics) or bool(QUOTED.search(lead))
    if not marked:
        return None
    if not only_separators_after(inline, links):
        return None
    if not all(names_work(text) for text, *_ in links):
        return None
    return [(unquote(text), href) for text, href, _, _ in links]
