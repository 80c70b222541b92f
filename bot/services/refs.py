"""Short references to sessions, for platforms that cap what a choice carries (Discord: 100 characters for
an autocomplete choice's or a select option's value; Slack: 150 for an option's value).

A slug within the limit is its own reference. A longer one becomes its first characters, ``~`` and 12 hex
digits of its hash (``limit`` characters in all): cut at the limit instead, it named no session, or several
sessions whose slugs share the first 100 characters. :meth:`bot.services.lookups.Lookups` reads a reference
back (:func:`parse_ref`: the slug's first characters, to find the candidates by, and the hash that tells
which of them it is)."""

from __future__ import annotations

import hashlib
import re

_DIGITS = 12
_SEPARATOR = "~"
_REF = re.compile(rf"^(?P<prefix>.+){_SEPARATOR}(?P<digest>[0-9a-f]{{{_DIGITS}}})$", re.DOTALL)


def ref_digest(slug: str) -> str:
    """The hash a shortened reference to ``slug`` ends with."""
    return hashlib.blake2b(slug.encode("utf-8", "surrogatepass"), digest_size=_DIGITS // 2).hexdigest()


def session_ref(slug: str, limit: int) -> str:
    """``slug`` when it has at most ``limit`` characters, else a reference of exactly ``limit`` characters."""
    if len(slug) <= limit:
        return slug
    return slug[: limit - _DIGITS - len(_SEPARATOR)] + _SEPARATOR + ref_digest(slug)


def parse_ref(text: str) -> tuple[str, str] | None:
    """(the slug's first characters, its hash) when ``text`` has the shape of a shortened reference, else None."""
    found = _REF.match(text)
    return (found.group("prefix"), found.group("digest")) if found else None
