"""Lines that name a person, not a work: a session's speaker or guest linked to their home page
(``Speaker: [Jane Doe](https://univ.edu/~jane)``, ``**Guest:** [Name](url)``, a definition line
``: *[Maxwell Nye](https://maxwellnye.github.io/)*`` under a meeting's day). The words are vocabulary.py's."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from bot.course.readings.bare_citations import is_name_word
from bot.course.readings.inline import Inline
from bot.course.readings.vocabulary import (
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    PAPER_ADDRESS,
    PERSON_LABEL,
    PERSONAL_PAGE_HOST,
    PERSONAL_PAGE_HOSTS,
    PERSONAL_SITE_HOSTS,
    PERSON_FOLDERS,
)

_MAX_NAME_WORDS = 5
_MAX_AFFILIATION_WORDS = 8  # "Jane Doe (Stanford University)" after the link


def is_person_name(text: str) -> bool:
    """Text shaped as a person's name: two to five words, each capitalised or an initial or a particle
    (``Jane Doe``, ``J. R. R. Tolkien``, ``Ludwig van Beethoven``), none a title's word (``Deep Learning``,
    ``Attention Is All You Need``: NOT_NAME_WORDS) or an acronym (``BERT``), no digits."""
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= _MAX_NAME_WORDS:
        return False
    named = 0
    for word in words:
        bare = word.strip("().'’\"“”*_")
        if not bare or not is_name_word(bare) or bare.lower() in NOT_NAME_WORDS:
            return False
        if bare.lower() in NAME_PARTICLES:
            continue
        if len(bare) > 2 and bare.isupper() and "." not in bare:
            return False  # an acronym
        named += 1
    return named >= 2


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isascii() and c.isalpha())


def is_personal_page(href: str, name: str) -> bool:
    """Whether ``href`` is the own page of the person ``name`` names: a profile site (LinkedIn, Google Scholar,
    ORCID), or a home page whose address carries a word of the name where a person's page is named: the folder
    of a people's folder (``/~jane``, ``/people/jdoe/``, ``people.csail.mit.edu/jane/``), a personal site's host
    (``maxwellnye.github.io``), a site's host at its root (``janedoe.com``, the family name). A page inside such
    a folder (``/~boyd/cvxbook/``, a book) or a paper's address is none."""
    if PAPER_ADDRESS.search(href):
        return False
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host:
        return False
    lowered = href.lower()
    if any(h in lowered for h in PERSONAL_PAGE_HOSTS):
        return True
    words = [_folded(w) for w in name.replace(",", " ").split()]
    words = [w for w in words if len(w) >= 3 and w not in NAME_PARTICLES and w not in NOT_NAME_WORDS]
    if not words:
        return False

    def named(part: str) -> bool:
        folded = _folded(part)
        return any(w in folded for w in words)

    segments = [s for s in parts.path.split("/") if s and s.lower() not in ("index.html", "index.htm", "index.php")]
    for n, segment in enumerate(segments):
        if segment.startswith("~"):  # "/~jane": the person's folder, nothing below it
            return n == len(segments) - 1 and named(segment)
        if segment.lower() in PERSON_FOLDERS:  # "/people/jdoe/"
            return n == len(segments) - 2 and named(segments[-1])
    if PERSONAL_PAGE_HOST.match(host):  # "people.csail.mit.edu/jane/"
        return len(segments) == 1 and named(segments[0])
    if host == "sites.google.com":  # "sites.google.com/view/janedoe"
        return len(segments) <= 3 and named("".join(segments))
    if host.endswith(PERSONAL_SITE_HOSTS):  # "maxwellnye.github.io/"
        return not segments and named(host)
    # "janedoe.com", "www.doe.org/bio": the family name's own site
    return len(segments) <= 1 and words[-1] in _folded(host.removeprefix("www."))


def names_person(inline: Inline) -> bool:
    """A line that names a person rather than a work: a label for who speaks or leads (PERSON_LABEL:
    ``Speaker:``, ``**Guest:**``, ``Presented by``) before links whose texts are all people's names, or a line
    that is only one link (emphasised or not, an affiliation in parentheses after it) whose text is a person's
    name and whose target is that person's page (``*[Maxwell Nye](https://maxwellnye.github.io/)*``). A work's
    link (``[Attention Is All You Need](https://arxiv.org/abs/...)``) is none."""
    if not inline.links:
        return False
    first = inline.links[0]
    label = inline.gap(0, first[2]).strip()
    names = all(is_person_name(text) for text, *_ in inline.links)
    if label:
        return names and bool(PERSON_LABEL.match(label.rstrip(":").strip() + ":"))
    if len(inline.links) != 1 or not names:
        return False
    rest = inline.gap(first[3], len(inline.pieces)).strip(" ,;–—-")
    if rest and not (rest.startswith("(") and rest.endswith(")") and len(rest.split()) <= _MAX_AFFILIATION_WORDS):
        return False
    return is_personal_page(first[1], first[0])
