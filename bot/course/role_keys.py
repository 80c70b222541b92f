"""Which front matter keys name a person or team for the session (``notes: team-3``, ``presented_by: ...``,
``paper_presenter``), and the roles a post's front matter assigns, as written."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from typing import Any

from bot.course.readings.vocabulary import FRONT_MATTER_READING_LISTS
from bot.course.roles import is_address_value, is_content_value, role_value_parts, shown_value
from bot.course.session_vocabulary import (
    AUTHORSHIP_KEYS,
    MAX_NAME_WORDS,
    PRESENTER_AUTHOR_KEYS,
    ROLE_ENTRY_NAME_KEYS,
    ROLE_KEYS,
    ROLE_WORDS,
    SEVERAL_PEOPLE,
)
from bot.course.text import KEY_WORD_BREAKS as _KEY_WORDS
from bot.course.text import scalar_text as _scalar

# Front matter keys that assign a team or a person to a session (besides the configured role keys).
DEFAULT_ROLE_KEYS = ROLE_KEYS


def is_role_key(key: str, extra: Collection[str] = ()) -> bool:
    """Does a front matter key name a person or team for the session? A known role key (``notes``,
    ``presenter``; ``extra``: the configured ones, lower case), the same with a number (``presenter_2``,
    ``scribe1``), a key whose last word is a role word (``paper_presenter``, ``discussion-leads``), or a
    ``<verb>_by`` key (``presented_by``) that does not name the page's writer (``posted_by``)."""
    name = key.strip().lower()
    if name in ROLE_KEYS or name in extra:
        return True
    return _role_shaped(name)


@functools.lru_cache(maxsize=4096)
def _role_shaped(name: str) -> bool:
    """is_role_key's rules on the key's words (cached: posts repeat their keys)."""
    words = [w for w in _KEY_WORDS.split(name) if w]
    while words and words[-1].isdigit():
        words.pop()
    if words:
        words[-1] = words[-1].rstrip("0123456789")
    words = [w for w in words if w]
    if not words:
        return False
    if "_".join(words) in ROLE_KEYS or words[-1] in ROLE_WORDS:
        return True
    return len(words) >= 2 and words[-1] == "by" and "_".join(words) not in AUTHORSHIP_KEYS


def session_roles(
    metadata: Mapping[str, Any],
    raw: Mapping[str, str],
    role_keys: Collection[str] | None,
    *,
    presents_work: bool = False,
    site_authors: Collection[str] = (),
) -> dict[str, str]:
    """Every front matter key that assigns a team or person, with a non-empty value, as written (SPEC:
    the key decides, not the value: ``video: on nlp basics`` is kept; markup gives what the page shows,
    ``notes: <a href="..">Ada</a>`` the role "Ada"), but for
    a value that is only an address (``notes: '/assets/lectures/lecture0.pdf'``, ``video: https://youtu.be/..``:
    a link to the session's material, no person or team) and a key that also names reading matter, whose
    content is not a role (_names_readings).

    ``presents_work``: the page presents one work by its front matter, titled by it (a seminar's page for one
    talk, front_matter.presents_page_work); its ``author:`` then names the session's presenter when it holds
    one person's name that is not the site's own author (``site_authors``, case folded; presenter_author).
    Elsewhere ``author:`` is who wrote the page, no role."""
    extra = {k.lower() for k in (role_keys or ())}
    roles: dict[str, str] = {}
    for key, value in metadata.items():
        if not isinstance(key, str):
            continue
        if not is_role_key(key, extra):
            if presents_work and key.strip().lower() in PRESENTER_AUTHOR_KEYS:
                name = presenter_author(value, site_authors)
                if name is not None:
                    roles[key] = name
            continue
        if isinstance(value, (list, tuple)):
            parts = [_role_entry(v) for v in value]
            text = ", ".join(p for p in parts if p and not is_address_value(p)) or None
        elif isinstance(value, Mapping):
            text = _role_entry(value)
        elif value is not None and not isinstance(value, str) and key in raw:
            text = _scalar(raw[key])
        else:
            text = _scalar(value)
        if text and not is_address_value(text) and not (_names_readings(key) and is_content_value(text)):
            text = shown_value(text)  # "<a href=..>Ada</a>": the name the page shows
            if text and not is_address_value(text):
                roles[key] = text
    return roles


def presenter_author(value: Any, site_authors: Collection[str] = ()) -> str | None:
    """An ``author:`` value as the presenter it names: one person's name as the page shows it, else None
    (a list, several names, "et al.", a sentence, an address, more words than a name has, the site's own
    author)."""
    text = _scalar(value) if isinstance(value, str) else None
    if not text or is_address_value(text) or is_content_value(text) or "\n" in text.strip():
        return None
    text = shown_value(text).strip()
    if not text or is_address_value(text) or SEVERAL_PEOPLE.search(text) or len(role_value_parts(text)) != 1:
        return None
    if len(text.split()) > MAX_NAME_WORDS or text.casefold() in site_authors:
        return None
    return text


@functools.lru_cache(maxsize=4096)
def _names_readings(key: str) -> bool:
    """A role key that also names reading matter (``reading:``): its value is a role only when it names a
    person or team (``reading: team-3``); markup, an address or a sentence there is the session's reading
    list or a note about it (read by front_matter.py), not a role."""
    return bool(set(_KEY_WORDS.split(key.strip().lower())) & FRONT_MATTER_READING_LISTS)


def _role_entry(value: Any) -> str | None:
    """One entry of a role list: a name as written, or the name of a mapping (``{name: Ada, email: ...}``)."""
    if isinstance(value, Mapping):
        for key in ROLE_ENTRY_NAME_KEYS:
            if (text := _scalar(value.get(key))) is not None:
                return text
        return None
    return _scalar(value)
