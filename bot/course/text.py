"""Text cleaning shared by the course parser: invisible characters, white space, titles and URLs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Zero-width and other invisible format characters (incl. the BOM) that editors leave in posts; the
# direction controls (embeddings, overrides, isolates: an unclosed U+202E turns the rest of a chat line
# around, a spoof); and control characters (a terminal escape in a title reached calendars and terminals).
# Tab, line feed, vertical tab, form feed and carriage return are white space, handled as such.
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0E, *range(0x0F, 0x20), *range(0x7F, 0xA0)])
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c" + _CONTROLS))
# Non-breaking and other unusual spaces become plain spaces.
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"), " "
)
_TRANSLATE = {**_INVISIBLE, **_SPACES}
_INVISIBLE_RE = re.compile("[" + re.escape("".join(map(chr, _INVISIBLE))) + "]")
_ASCII_INVISIBLE = bytes(c for c in _INVISIBLE if c < 0x80)  # what of them an ASCII text can hold

# A bare http(s) address inside one token's text; trailing punctuation is trimmed by trim_url.
URL_RE = re.compile(r"https?://[^\s<>\"'`\u00a0]+", re.IGNORECASE)
# A bare address alone in parentheses: "(https://a.org/x)", "( https://en.wikipedia.org/wiki/Python_(language) )".
_PARENTHESISED_URL = re.compile(r"\(\s*https?://[^\s<>\"'`\u00a0]+\s*\)", re.IGNORECASE)
_HREF_RE = re.compile(r"""href\s*=\s*["']\s*(https?://[^"'\s]+)""", re.IGNORECASE)

# Leading list or enumeration markers left in a title: "- ", "* ", "+ ", "a. ", "1) ", "(b) ".
_LEADING_MARK = re.compile(r"^(?:[-*+\u2022]\s+|\(?(?:[a-z]|\d{1,2})[.)]\s+)")
_TRAILING = " \t/:"
_PAIRS = {")": "(", "]": "[", "}": "{"}
# What separates the words of a front matter key, lower-cased (``Lecture-Date``, ``paper_presenter2``).
KEY_WORD_BREAKS = re.compile(r"[^a-z0-9]+")


def clean_text(text: str) -> str:
    """Drop invisible characters, turn unusual spaces into spaces, collapse white space, strip. A printable
    ASCII text (most titles) holds none of the invisible characters: it is only squashed."""
    if text.isascii() and text.isprintable():
        return squash(text)
    if _INVISIBLE_RE.search(text):
        text = _INVISIBLE_RE.sub("", text)
    return " ".join(text.split())  # str.split() also splits at NBSP and the other Unicode spaces


def drop_invisible(text: str) -> str:
    """Remove zero-width characters and BOMs (one scan; no copy when there are none). An ASCII text (most
    post bodies) can hold only the ASCII control characters of the set: their bytes are looked for with
    ``bytes.translate``, several times faster than the pattern's scan of a whole body."""
    if text.isascii():
        data = text.encode("ascii")
        if len(data.translate(None, _ASCII_INVISIBLE)) == len(data):
            return text
    elif _INVISIBLE_RE.search(text) is None:
        return text
    return _INVISIBLE_RE.sub("", text)


def invisible_in(text: str) -> list[str]:
    """The invisible, direction-control and control characters of ``text``, as ``U+XXXX`` (in order, once)."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _INVISIBLE_RE.findall(text)))


def squash(text: str) -> str:
    """Collapse white space (NBSP and other Unicode spaces included) and strip. A printable ASCII text (no
    tab, line end or other control character) with no white space but single spaces between words (most
    titles and one-line paragraphs) is returned as it is (found by substring tests instead of splitting it
    into words and joining them again)."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def clip_middle(text: str, size: int) -> str:
    """``text`` in at most ``size`` characters: its start and its end around an ellipsis (long names that
    share their first characters stay told apart)."""
    if len(text) <= size:
        return text
    head = (size - 1) * 2 // 3
    return text[:head] + "…" + text[len(text) - (size - 1 - head):]


def strip_invisible(text: str) -> str:
    """Drop zero-width characters and BOMs and turn NBSPs into spaces, keeping line structure."""
    return text.translate(_TRANSLATE)


def scalar_text(value: Any) -> str | None:
    """A front matter value as stripped text; None when absent, empty or not a scalar."""
    if value is None or isinstance(value, (Mapping, list, tuple, set)):
        return None
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    text = strip_invisible(text).strip()
    return text or None


def clean_title(text: str) -> str:
    """A reading or session title: cleaned text without leading list markers and without a trailing
    ``/`` or ``:`` (``"LIMA: Less Is More /"`` -> ``"LIMA: Less Is More"``)."""
    title = clean_text(text.replace("**", "").replace("__", ""))
    previous = None
    while previous != title:
        previous = title
        title = _LEADING_MARK.sub("", title).strip()
        title = title.rstrip(_TRAILING)
    return title


def trim_url(url: str) -> str:
    """Remove trailing characters that end a sentence rather than the address: ``.``, ``,``, ``;``,
    ``:``, ``!``, ``?``, quotes, ``>``, ``*``, and closing brackets that have no opening partner in the
    address (so ``https://en.wikipedia.org/wiki/Python_(language)`` keeps its parenthesis)."""
    url = url.strip()
    while url:
        last = url[-1]
        if last in ".,;:!?'\"*>|`":
            url = url[:-1]
        elif last in _PAIRS and url.count(_PAIRS[last]) < url.count(last):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """Every bare http(s) address in one piece of text, trimmed, in order (duplicates kept)."""
    out = []
    for match in URL_RE.finditer(text):
        url = trim_url(match.group(0))
        if len(url) > len("https://"):
            out.append(url)
    return out


def remove_urls(text: str) -> str:
    """The text with its bare http(s) addresses taken out, with the parentheses that enclose one alone
    (``Title (https://...)`` -> ``Title``, not ``Title (``)."""
    if "://" not in text:
        return text
    if "(" in text:
        text = _PARENTHESISED_URL.sub(" ", text)
    return URL_RE.sub(" ", text)


def find_hrefs(html: str) -> list[str]:
    """http(s) targets of ``href="..."`` attributes in a piece of raw HTML."""
    return [trim_url(m.group(1)) for m in _HREF_RE.finditer(html)] if "href" in html.lower() else []


def is_http_url(url: str) -> bool:
    return url[:7].lower() == "http://" or url[:8].lower() == "https://"


def setting_text(value: Any) -> str | None:
    """A setting's value (``_config.yml``, front matter) as stripped text; None for none, a mapping or a list."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None
