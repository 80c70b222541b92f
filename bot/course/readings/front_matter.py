"""Readings given as a front matter list: any list of mappings whose entries have a title-like and a
link-like key (``readings: [{title: ..., url: ..., video_url: ...}]``), unless the list's key names
something else (``slides``, ``videos``, ``extras``). SPEC "Front matter readings"."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from bot.course.models import Reading
from bot.course.readings.citations import is_optional, marked_title
from bot.course.readings.inline import analyse_inline
from bot.course.readings.markdown import MD
from bot.course.readings.meeting_days import is_meeting_label
from bot.course.readings.names import is_supplementary, section_kind, words
from bot.course.readings.vocabulary import (
    CHAPTER_CITATION,
    CLASS_MATERIAL,
    FRONT_MATTER_GROUP_LISTS,
    FRONT_MATTER_LINK_KEYS,
    FRONT_MATTER_NON_READING_LISTS,
    FRONT_MATTER_OPTIONAL_KEYS,
    FRONT_MATTER_READING_LISTS,
    FRONT_MATTER_TITLE_KEYS,
    MEETING_LABEL,
    OPTIONAL_VALUES,
    OWN_MATERIAL_ADDRESS_WORD,
    PAPER_ADDRESS,
    PLACEHOLDER,
    SESSION_NUMBER,
    VENUE_YEAR,
)
from bot.course.roles import holds_markup
from bot.course.text import clean_text, drop_invisible, find_urls, is_http_url


def front_matter_readings(metadata: Mapping[str, Any]) -> list[Reading]:
    """One reading per titled entry of every reading list in the front matter, in key and list order,
    then the one work named by scalar keys (``paper_title:`` + ``paper_url:``, see paired_readings)."""
    readings: list[Reading] = []
    for key, value in metadata.items():
        if not isinstance(key, str):
            continue
        if isinstance(value, Mapping) and _names_readings(key) and _title_key(value) is not None and _entry_urls(value):
            # reading: {title: ..., url: ...}: the one work of the page
            reading = _entry_reading(value, is_supplementary(key.replace("_", " ")))
            if reading is not None:
                readings.append(reading)
        elif isinstance(value, Mapping) and _names_readings(key):
            # readings: {required: [...], optional: [...]}: each list named by its own key
            for inner, entries in value.items():
                if isinstance(inner, str) and isinstance(entries, list):
                    readings.extend(_list_readings(f"{key} {inner}", entries))
        elif isinstance(value, Mapping):
            # a page section kept as a mapping ("watch-read: {videos: [...], readings: [...]}"): its
            # reading lists are the page's, its other lists (videos, forms) are not; the section's key
            # names the group as a heading would ("additional: {readings: [...]}" is supplementary)
            for inner, entries in value.items():
                if isinstance(inner, str) and _names_readings(inner) and isinstance(entries, list):
                    readings.extend(_list_readings(f"{key} {inner}", entries))
        elif isinstance(value, list) and holds_groups(value):
            readings.extend(group_readings(key, value))
        elif is_reading_list(key, value) or (_names_readings(key) and isinstance(value, list)):
            readings.extend(_list_readings(key, value))
        elif isinstance(value, list):
            readings.extend(entry_field_readings(key, value))
        elif isinstance(value, str) and _names_readings(key) and holds_markup(value) and not _paired_key(key, metadata):
            readings.extend(markup_readings(key, value))
    return readings + paired_readings(metadata)


def markup_readings(key: str, text: str) -> list[Reading]:
    """A field named for reading whose value is markup, the reading list as the page shows it
    (``reading: <ul><li><i>Book</i> - Ch. 3</li><li><a href="https://..">Title</a></li></ul>``, a markdown
    list, a line of links): read as the body reads a list under a heading named by the key, through the same
    markdown-it pass, so the key's name decides ``required`` (``optional_reading:``). section null (SPEC
    front matter readings); a placeholder or a sentence naming no work gives nothing."""
    from bot.course.readings.sections import readings_from_tokens  # sections -> collect -> ...: loaded when used

    heading = " ".join(words(key.replace("_", " ").replace("-", " "))) or "readings"
    tokens = MD.parse(f"## {heading}\n\n{drop_invisible(text)}\n", {"title": None})
    found, _ = readings_from_tokens(tokens)
    return [Reading(None, r.required, r.title, r.urls, r.abstract) for r in found]


def _paired_key(key: str, metadata: Mapping[str, Any]) -> bool:
    """A key of a work named by scalar keys (``paper_url:``, or ``paper:`` beside ``paper_title:``), which
    paired_readings reads."""
    match = _PAIRED_KEY.match(key.lower())
    if match is None:
        return False
    word, number, part = match.groups()
    return bool(part) or any(
        isinstance(k, str) and k != key and (m := _PAIRED_KEY.match(k.lower())) is not None
        and m.group(1, 2) == (word, number) for k in metadata
    )


def entry_field_readings(key: str, entries: list[Any]) -> list[Reading]:
    """A schedule kept as a front matter list of mappings, each meeting naming what to read in a field
    (``units: [{topic: Regular Models, date: Thurs 2/8, reading: Sipser §1.3}]``): one reading per work a
    reading field names (a text, or a list of texts; works joined by ``;`` are several), in list order.
    Placeholders (``TBD``, ``none``) name no work; a list under a key naming other material (``labs``)
    is not read."""
    if key_words(key) & FRONT_MATTER_NON_READING_LISTS:
        return []
    supplementary = is_supplementary(key.replace("_", " "))
    out: list[Reading] = []
    for entry in entries[:MAX_ENTRIES]:
        if not isinstance(entry, Mapping):
            continue
        for field, value in entry.items():
            if not (isinstance(field, str) and _names_readings(field)):
                continue
            if isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
                out.extend(_list_readings(f"{key} {field}", value))  # reading: [{title: .., url: ..}]
                continue
            texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
            for text in texts:
                for part in text.split(";"):
                    reading = _string_reading(part.strip(), supplementary or is_supplementary(field), any_title=True)
                    if reading is not None:
                        out.append(reading)
    return out


MAX_ENTRIES = 1000  # a front matter list longer than any term's schedule is read this far


# "paper_title" / "paper2_name" / "reading_url" / "article-link": a work's word, an optional number, a part.
_PAIRED_KEY = re.compile(r"^(paper|reading|article|book|chapter)[_-]?(\d*)(?:[_-]?(title|name|url|link|pdf|href))?$")


def paired_readings(metadata: Mapping[str, Any]) -> list[Reading]:
    """The works a seminar page names by scalar keys, one per word and number (``paper_title: JamMa: ...``
    with ``paper_url: https://arxiv.org/...``; ``paper2_title`` / ``paper2_url``). A work needs a title key
    (``*_title`` / ``*_name``), or a bare ``paper:`` with a link key beside it (a bare ``reading: team-3``
    assigns a role)."""
    groups: dict[tuple[str, str], dict[str, str]] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, (str, int, float)) or isinstance(value, bool):
            continue
        match = _PAIRED_KEY.match(key.lower())
        if match:
            word, number, part = match.groups()
            groups.setdefault((word, number), {}).setdefault(part or "", str(value).strip())
    out: list[Reading] = []
    for (word, _number), parts in groups.items():
        urls = [parts[p].split()[0] for p in ("url", "link", "pdf", "href") if is_http_url(parts.get(p, "").strip())]
        title = parts.get("title") or parts.get("name") or (parts.get("", "") if urls else "")
        if not title and set(parts) == {""} and word in PAGE_TITLED_WORKS and _address(parts[""]):
            # ``paper: ./papers/doop.pdf`` alone on a page titled by the paper: the page's title names the work
            # (its layout links the value as "Paper link"); the address is its URL when it is a web address
            title = _page_title(metadata)
            urls = [parts[""]] if is_http_url(parts[""]) else []
        title = clean_text(title)
        if title and not is_http_url(title):
            out.append(Reading(None, True, title, tuple(dict.fromkeys(urls))))
    return out


# The works a bare key names (``paper: <address>``) that the page's own title names when no title key is beside it.
PAGE_TITLED_WORKS = frozenset({"paper", "article"})
# Scalar keys named only by a generic link word (``hyperlink: https://arxiv.org/...``, ``-``/``_`` ignored): on a
# page titled by a work and with no other reading, the address of that work (see page_link_work).
PAGE_LINK_KEYS = frozenset({"hyperlink", "link", "url", "href", "pdf", "weblink"})
# Keys that say where the page's work appeared: any text under them (``venue: ICML``) describes a work; under
# PAGE_SUBTITLE_KEYS only a venue and year or a chapter (``subtitle: NeurIPS 2017``, ``subtitle: <i>Book</i>, Chapter 5``).
PAGE_VENUE_KEYS = frozenset({"venue", "journal", "conference", "booktitle", "publication", "publishedin", "proceedings"})
PAGE_SUBTITLE_KEYS = frozenset({"subtitle", "subheading", "tagline", "source"})
_DOCUMENT_PATH = re.compile(r"^(?:\.{0,2}/)?[\w.~%+-]+(?:/[\w.~%+-]+)*\.[A-Za-z0-9]{2,5}$")


def page_link_work(metadata: Mapping[str, Any], site_url: str = "") -> Reading | None:
    """The work a page is about when its ``title`` is that work and only a link key names it: first a key
    naming the work's address (``paper_url:``, see page_work_link_key), else a generic link key.

    The generic key: the work a page is about when its ``title`` is that work and one scalar generic link key holds its
    address (``title: Attention is All You Need`` + ``hyperlink: https://arxiv.org/abs/1706.03762``; the
    layout links it under the title), as ``paper:`` is (paired_readings): title = the page title, urls = [the
    address]. The caller asks only for a page with no other reading. None when:
    - not exactly one generic link key (PAGE_LINK_KEYS) holds an http(s) address (a relative link is the
      site's own page);
    - the address is the site's own (``site_url``'s host) or names the class's own material (``/slides/``,
      ``/lec3.pdf``, a video host: OWN_MATERIAL_ADDRESS_WORD);
    - the title is a meeting's label or a day (``Lecture 3``, ``Week 2: Intro``, ``Tuesday, Jan 21``) or an address;
    - nothing says the title names a work: the address is a paper's (PAPER_ADDRESS: arXiv, a DOI, a PDF,
      OpenReview, ...) or the page says where the work appeared (a venue key, a ``subtitle:`` naming a venue
      and year or a chapter). A topic page's generic ``link:`` to some other page is no reading."""
    work = page_work_link_key(metadata)
    if work is not None:
        return work
    addresses = [
        str(value).strip() for key, value in metadata.items()
        if isinstance(key, str) and re.sub(r"[-_\s]", "", key.lower()) in PAGE_LINK_KEYS
        and isinstance(value, str) and value.strip()
    ]
    if len(addresses) != 1 or not is_http_url(addresses[0]) or any(c.isspace() for c in addresses[0]):
        return None
    address = addresses[0]
    title = _work_page_title(metadata)
    if not title:
        return None
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    own = (urlsplit(site_url.strip()).hostname or "").lower() if is_http_url(site_url.strip()) else ""
    if not host or (own and host.removeprefix("www.") == own.removeprefix("www.")):
        return None
    if any(OWN_MATERIAL_ADDRESS_WORD.match(w) for w in re.split(r"[^A-Za-z0-9]+", f"{host} {parts.path}")):
        return None
    if not (PAPER_ADDRESS.search(address) or _says_where_published(metadata)):
        return None
    return Reading(None, True, title, (address,))


def presents_page_work(metadata: Mapping[str, Any], readings: list[Reading], site_url: str = "") -> bool:
    """Does the page present one work through scalar front matter, the work its title names: its only
    reading is that of a bare ``paper:`` (or a title key giving the page's own title), of a work link key
    (``paper_url:``) or of a generic link key (``hyperlink:``; page_link_work)? A seminar's page for one talk;
    its ``author:`` may then be the presenter (role_keys.session_roles)."""
    if len(readings) != 1 or not metadata:
        return False
    found = (readings[0].title, readings[0].urls)
    title = clean_text(_page_title(metadata))
    works = [r for r in paired_readings(metadata) if r.title == title]
    if not works and (work := page_link_work(metadata, site_url)) is not None:
        works = [work]
    return any((w.title, w.urls) == found for w in works)


def page_work_link_key(metadata: Mapping[str, Any]) -> Reading | None:
    """The work a page titled by it names by a key for the work's address only (``title: Sparse Attention Is
    All You Need`` + ``paper_url: https://arxiv.org/abs/..``; ``paper_link``, ``paper_pdf``, ``article_url``),
    as a bare ``paper:`` is (paired_readings): title = the page title, urls = the web addresses of the group's
    link keys (a path on the site, ``paper_pdf: /assets/p.pdf``, is the work without a URL). The key's word
    says the address is a work's, so no venue or paper address is asked for. The caller asks only for a page
    with no other reading. None when no such group or more than one (``paper_url`` and ``paper2_url``: which
    work the title names is not said), a group with a title or bare key (``paper_title:``, read by
    paired_readings), no link key holding an address, or a page title that is a session's label (``01``,
    ``Week 3``, ``Lecture 5``), a placeholder or an address."""
    groups: dict[tuple[str, str], dict[str, str]] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or (match := _PAIRED_KEY.match(key.lower())) is None:
            continue
        word, number, part = match.groups()
        if word in PAGE_TITLED_WORKS:
            text = str(value).strip() if isinstance(value, str) else ""
            groups.setdefault((word, number), {}).setdefault(part or "", text)
    linked = [parts for parts in groups.values() if parts and set(parts) <= set(_LINK_PARTS)]
    if len(linked) != 1 or len(groups) != 1:
        return None
    values = [linked[0][p] for p in _LINK_PARTS if p in linked[0]]
    if not any(_address(v) for v in values):
        return None
    title = _work_page_title(metadata)
    if not title:
        return None
    urls = [v for v in values if is_http_url(v) and _address(v)]
    return Reading(None, True, title, tuple(dict.fromkeys(urls)))


_LINK_PARTS = ("url", "link", "pdf", "href")


def _work_page_title(metadata: Mapping[str, Any]) -> str:
    """The page title when it can name a work: not empty, an address, a placeholder, or a session's label or
    number (``Lecture 3``, ``Week 2: Intro``, ``Tuesday, Jan 21``, ``01``); else ""."""
    title = clean_text(_page_title(metadata))
    if (not title or is_http_url(title) or PLACEHOLDER.match(title) or MEETING_LABEL.match(title)
            or is_meeting_label(title) or SESSION_NUMBER.match(title)):
        return ""
    return title


def _says_where_published(metadata: Mapping[str, Any]) -> bool:
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            continue
        name = re.sub(r"[-_\s]", "", key.lower())
        text = clean_text(re.sub(r"<[^<>]*>", " ", value))
        if name in PAGE_VENUE_KEYS and text:
            return True
        if name in PAGE_SUBTITLE_KEYS and (VENUE_YEAR.search(text) or CHAPTER_CITATION.search(text)):
            return True
    return False


def _address(value: str) -> bool:
    """A web address, or a path to a document of the site (``./papers/doop.pdf``, ``/assets/p.pdf``)."""
    value = value.strip()
    return is_http_url(value) and " " not in value or bool(_DOCUMENT_PATH.match(value))


def _page_title(metadata: Mapping[str, Any]) -> str:
    title = metadata.get("title")
    return title if isinstance(title, str) else ""


def _names_readings(key: str) -> bool:
    return bool(key_words(key) & FRONT_MATTER_READING_LISTS)


@functools.lru_cache(maxsize=4096)
def key_words(key: str) -> frozenset[str]:
    """The words of a front matter key (``further_reading`` -> further, reading), kept per key: every post of
    a site repeats its layout's keys, and each key is asked about several times."""
    return frozenset(words(key.replace("_", " ").replace("-", " ")))


def _list_readings(key: str, entries: list[Any]) -> list[Reading]:
    supplementary = is_supplementary(key.replace("_", " "))
    reading_list = _names_readings(key)
    out = []
    for entry in entries:
        if not reading_list and isinstance(entry, Mapping) and _other_kind(entry):
            continue  # materials: [{type: slides, ...}]: under a key that does not say readings, the type decides
        reading = _string_reading(entry, supplementary) if isinstance(entry, str) else _entry_reading(entry, supplementary)
        if reading is not None:
            out.append(reading)
    return out


def _string_reading(entry: str, supplementary: bool, *, any_title: bool = False) -> Reading | None:
    """An entry written as markdown text (``- "[Title](https://...)"``, ``- Author. Title. https://...``).
    ``any_title``: the text stands in a field named for reading, so a short one names a work too
    (``Sipser §1.3``), but for a placeholder (``TBD``, ``none``)."""
    if not entry.strip():
        return None
    tokens = [t for t in MD.parse(entry) if t.type == "inline"]
    if not tokens:
        return None
    inline = analyse_inline(tokens[0])
    title = clean_text(marked_title(inline) or inline.text)
    if not title or PLACEHOLDER.match(title):
        return None
    if not (inline.urls or len(title.split()) >= (2 if any_title else 3)):
        return None  # a bare word ("team-3") names no work
    return Reading(None, not (supplementary or is_optional(inline)), title, tuple(dict.fromkeys(inline.urls)))


def holds_groups(entries: list[Any]) -> bool:
    """A front matter list of titled groups of links (``sections: [{title: Recommended Readings, links: [{name:
    .., url: ..}]}]``), not a list of works: some entry is a group (see _group_entries)."""
    return any(_group_entries(e) for e in entries[:MAX_ENTRIES])


def _group_entries(entry: Any) -> list[tuple[str, list[Any]]]:
    """The nested link lists of a titled group, each with its key: an entry with a title-like key, no address
    of its own, and lists of entries under keys naming a group's contents (``links``, ``items``, ``resources``,
    ``readings``, ``extra_readings``) of which at least one entry is titled (``{name: .., url: ..}``) or a
    markdown link. ``[]`` for any other entry (a work with companion links, ``lang_links: [{language: ..,
    link: ..}]``, is a work, not a group)."""
    if not isinstance(entry, Mapping) or _title_key(entry) is None:
        return []
    if any(isinstance(v, str) and _address(v) for k, v in entry.items()
           if isinstance(k, str) and k.lower() in FRONT_MATTER_LINK_KEYS):
        return []
    out = [(key, value) for key, value in entry.items()
           if isinstance(key, str) and key_words(key) & FRONT_MATTER_GROUP_LISTS and isinstance(value, list)]
    return out if any(_link_entry(e) for _, value in out for e in value[:MAX_ENTRIES]) else []


def _link_entry(entry: Any) -> bool:
    """A titled entry (``{name: .., url: ..}``) or a markdown link (``"[Title](https://..)"``) of a group."""
    if isinstance(entry, Mapping):
        return _title_key(entry) is not None
    return isinstance(entry, str) and ("](" in entry or bool(find_urls(entry)))


def group_readings(key: str, entries: list[Any]) -> list[Reading]:
    """The works of a list of titled groups, in order. Each group's title plays a heading's role, as the
    layout shows it: it is the section, decides ``required`` (``Optional Readings``; the list's key and the
    nested list's key too: ``extra_readings:``), and a group named for other matter (``Lecture Materials``,
    ``Homework``, ``Slides``, ``Videos``) holds no readings, by the judgement the body uses for headings
    (names.section_kind). Each nested entry with a title-like key is one work (title and urls as any front
    matter entry); a group title is never a reading itself. An entry of the list that is no group is read as
    a front matter list entry."""
    named = key_words(key)
    if named & FRONT_MATTER_NON_READING_LISTS and not named & FRONT_MATTER_READING_LISTS:
        return []
    outer = key.replace("_", " ") if is_supplementary(key.replace("_", " ")) else ""
    out: list[Reading] = []
    for entry in entries[:MAX_ENTRIES]:
        lists = _group_entries(entry)
        if not lists:
            if isinstance(entry, Mapping) and _title_key(entry) is not None and _entry_urls(entry):
                out.extend(_list_readings(key, [entry]))
            continue
        name = _text(entry[_title_key(entry)])
        kind = section_kind(name)
        if kind == "other":
            continue
        for inner, nested in lists:
            inner_words = inner.replace("_", " ").replace("-", " ")
            group_key = " ".join(p for p in (outer, name, inner_words if is_supplementary(inner_words) else "") if p)
            for reading in _list_readings(group_key, nested):
                if kind != "reading" and CLASS_MATERIAL.match(reading.title):
                    continue  # "Lecture 3 slides" in a group named by its week: the class's own material
                out.append(Reading(name, reading.required, reading.title, reading.urls, reading.abstract))
    return out


def is_reading_list(key: str, value: Any) -> bool:
    """A list of mappings with a title-like and a link-like key, under a key that does not name another
    kind of material."""
    if not isinstance(value, list) or not value:
        return False
    named = key_words(key)
    if named & FRONT_MATTER_NON_READING_LISTS and not named & FRONT_MATTER_READING_LISTS:
        return False
    entries = [e for e in value if isinstance(e, Mapping)]
    if not entries:
        return False
    return any(_title_key(e) is not None for e in entries) and any(_entry_urls(e) for e in entries)


def _title_key(entry: Mapping[Any, Any]) -> str | None:
    """The entry's first title-like key with a text, passing over one whose text is only a label of the
    list (``title: Readings`` beside ``name: Lifelong Kindergarten, Chapter 2``)."""
    found = [k for k in entry if isinstance(k, str) and k.lower() in FRONT_MATTER_TITLE_KEYS and _text(entry[k])]
    named = [k for k in found if not set(words(_text(entry[k]))) <= FRONT_MATTER_READING_LISTS]
    return (named or found or [None])[0]


def _text(value: Any) -> str:
    return clean_text(str(value)) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _entry_urls(entry: Mapping[Any, Any]) -> list[str]:
    """Every http(s) URL among the entry's values, in field order (link-like keys hold one address each;
    other string values may mention some)."""
    urls: list[str] = []
    _collect_urls(entry, urls, depth=0)
    return urls


def _collect_urls(entry: Mapping[Any, Any], urls: list[str], depth: int) -> None:
    """The URLs of ``entry``'s values into ``urls``, nested lists and mappings included (the same work in
    other languages, ``lang_links: [{language: .., link: https://..}]``), a few levels deep."""
    for key, value in entry.items():
        if isinstance(value, (Mapping, list)) and depth < 3:
            for inner in value.values() if isinstance(value, Mapping) else value:
                if isinstance(inner, Mapping):
                    _collect_urls(inner, urls, depth + 1)
                elif isinstance(inner, str):
                    _collect_urls({key: inner}, urls, depth + 1)
            continue
        if not isinstance(value, str):
            continue
        text = value.strip()
        if isinstance(key, str) and key.lower() in FRONT_MATTER_LINK_KEYS and is_http_url(text):
            found = [text.split()[0]] if text else []
        else:
            found = find_urls(text)
        for url in found:
            if url not in urls:
                urls.append(url)


def _is_optional(entry: Mapping[Any, Any]) -> bool:
    """``optional: true`` / ``required: false`` / ``type: optional`` (or supplementary, extra, ...)."""
    for key, value in entry.items():
        if not isinstance(key, str):
            continue
        name = key.lower()
        if name in FRONT_MATTER_OPTIONAL_KEYS and _truthy(value):
            return True
        if name == "required" and not _truthy(value):
            return True
        if name in ("type", "kind", "category", "status") and isinstance(value, str):
            if value.strip().lower() in OPTIONAL_VALUES or is_supplementary(value):
                return True
    return False


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "no", "off", "0", "null", "none")
    return bool(value)


def _other_kind(entry: Mapping[Any, Any]) -> bool:
    """An entry whose type says it is another kind of material (``type: slides``, ``kind: video``)."""
    for key, value in entry.items():
        if isinstance(key, str) and key.lower() in ("type", "kind", "category") and isinstance(value, str):
            named = set(words(value.replace("_", " ").replace("-", " ")))
            if named & FRONT_MATTER_NON_READING_LISTS and not named & FRONT_MATTER_READING_LISTS:
                return True
    return False


def _entry_reading(entry: Any, supplementary: bool) -> Reading | None:
    if not isinstance(entry, Mapping):
        return None
    key = _title_key(entry)
    if key is None:
        return None
    required = not (supplementary or _is_optional(entry))
    return Reading(None, required, _text(entry[key]), tuple(_entry_urls(entry)))
