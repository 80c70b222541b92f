"""Liquid tags inside link targets, resolved before the body is parsed: Jekyll pages write links as
``[Notes]({{ site.baseurl }}/notes/ch2.pdf)``, ``[PDF]({{ site.docsUrl }}paper.pdf)`` or
``[Graphs]({% link _notes/graphs.md %})``, whose spaces keep markdown from seeing a link at all (the item's
title would then be its raw markdown).

Only link targets change: those of inline links and of ``href="..."`` attributes. ``{% link path %}`` /
``{% post_url name %}`` become their path; ``{{ site.KEY }}`` becomes the value ``_config.yml`` gives KEY, as
Jekyll fills it (``variables``: see :func:`link_variables`), so a link the page shows as an http(s) URL is
one here too; an output tag with a quoted string (``{{ "/x.pdf" | relative_url }}``) becomes that string;
the ``relative_url`` / ``absolute_url`` filters prepend ``site.baseurl`` (and ``site.url``) as Jekyll does;
any other output tag (``{{ site.data.x }}``, a key the settings lack) becomes nothing, leaving a
site-relative link. Line breaks are kept, so line numbers stay right."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.course.readings.vocabulary import LIQUID_ONLY

# "](" then one or more Liquid tags, then the rest of the target, up to ")".
_LINK_TARGET = re.compile(r"\]\(\s*((?:\{\{[^}\n]*\}\}|\{%[^%\n]*%\})+)([^)\s]*)\)")
# href="{{ site.docsUrl }}x.pdf" in raw HTML (the quote kept as written)
_HREF_TARGET = re.compile(r"""(\bhref\s*=\s*["'])((?:\{\{[^}\n]*\}\}|\{%[^%\n]*%\})+)""", re.IGNORECASE)
_TAG = re.compile(r"\{\{([^}\n]*)\}\}|\{%([^%\n]*)%\}")
_QUOTED = re.compile(r"""^\s*["']([^"']*)["']""")
_SITE_KEY = re.compile(r"^\s*site\.([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*(?=\||$)")
_FILTER = re.compile(r"\|\s*([a-z_]+)")
_PATH_TAGS = ("link", "post_url", "include_relative")

# What of _config.yml a link may use: scalar settings whose value is an address or a site path (no white
# space, ``http(s)://...`` or ``/...``), nested mappings by their dotted key (``site.links.docs``). Other
# settings (a title, a theme) never make a link's address; leaving them out keeps an edit of them from
# re-reading every post (the variables are part of the sync's parse context). The site's own author is kept
# too (SITE_AUTHOR_SETTINGS): whether a post's ``author:`` is a session's presenter depends on it.
MAX_VARIABLES = 200
MAX_VALUE_CHARS = 500
_DEPTH = 3


def link_variables(settings: Any) -> tuple[tuple[str, str], ...]:
    """The ``(dotted key, value)`` pairs of ``_config.yml``'s data that ``{{ site.KEY }}`` in a link target
    can name, sorted; ``()`` for anything but a mapping. With them the site's own author (``author: Jane Doe``
    or ``author: {name: Jane Doe}``, SITE_AUTHOR_SETTINGS), whom a post's ``author:`` names when the post is
    the site owner's writing, not a session's presenter (role_keys.session_roles)."""
    out: dict[str, str] = {}
    _collect(settings, "", 0, out)
    out.update(site_author_settings(settings))
    return tuple(sorted(out.items()))


# The settings naming the site's own author (``{{ site.author }}``, ``{{ site.author.name }}``).
SITE_AUTHOR_SETTINGS = ("author", "author.name")


def site_author_settings(settings: Any) -> dict[str, str]:
    """The site's author as ``_config.yml`` names it: SITE_AUTHOR_SETTINGS with a short one-line text."""
    out: dict[str, str] = {}
    if not isinstance(settings, Mapping):
        return out
    for name in SITE_AUTHOR_SETTINGS:
        value: Any = settings
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, str) and value.strip() and len(value) <= MAX_VALUE_CHARS and "\n" not in value.strip():
            out[name] = value.strip()
    return out


def site_authors(variables: Mapping[str, str] | None) -> frozenset[str]:
    """The site's own author names among ``variables`` (link_variables), case folded."""
    return frozenset(v.casefold() for k in SITE_AUTHOR_SETTINGS if (v := (variables or {}).get(k, "")))


def _collect(value: Any, prefix: str, depth: int, out: dict[str, str]) -> None:
    if not isinstance(value, Mapping) or depth >= _DEPTH:
        return
    for key, item in value.items():
        if len(out) >= MAX_VARIABLES:
            return
        if not isinstance(key, str) or not key or "." in key:
            continue
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):
            _collect(item, f"{name}.", depth + 1, out)
        elif isinstance(item, str) and _is_address(item.strip()):
            out[name] = item.strip()


def _is_address(text: str) -> bool:
    if not text or len(text) > MAX_VALUE_CHARS or any(c.isspace() for c in text) or "{" in text:
        return False
    lower = text[:8].lower()
    return lower.startswith(("http://", "https://")) or text.startswith("/")


def resolve_liquid_links(text: str, variables: Mapping[str, str] | None = None) -> str:
    """``text`` with the Liquid tags in its link targets resolved (see the module docstring)."""
    if "{{" not in text and "{%" not in text:
        return text
    known = variables or {}
    if "](" in text:
        text = _LINK_TARGET.sub(lambda m: "](" + _tags(m.group(1), known) + m.group(2) + ")", text)
    if "href" in text or "HREF" in text:
        text = _HREF_TARGET.sub(lambda m: m.group(1) + _tags(m.group(2), known), text)
    return text


def _tags(tags: str, variables: Mapping[str, str]) -> str:
    return "".join(_tag_text(t, variables) for t in _TAG.finditer(tags))


def _tag_text(tag: re.Match[str], variables: Mapping[str, str]) -> str:
    output, statement = tag.group(1), tag.group(2)
    if statement is not None:
        words = statement.split()
        return words[1] if len(words) >= 2 and words[0] in _PATH_TAGS else ""
    output = output or ""
    quoted = _QUOTED.match(output)
    site_key = _SITE_KEY.match(output) if quoted is None else None
    if quoted is not None:
        value = quoted.group(1)
    elif site_key is not None:
        value = variables.get(site_key.group(1), "")
    else:
        return ""
    rest = output[(quoted or site_key).end() :]  # type: ignore[union-attr]
    for name in _FILTER.findall(rest):
        if name in ("relative_url", "absolute_url") and not value.lower().startswith(("http://", "https://")):
            base = variables.get("baseurl", "").rstrip("/")
            value = base + "/" + value.lstrip("/") if base or not value.startswith("/") else value
            if name == "absolute_url":
                value = variables.get("url", "").rstrip("/") + value
    return value


def is_liquid_only(text: str) -> bool:
    """The text is only Liquid tags (vocabulary.LIQUID_ONLY: ``{% include toc.html %}``, ``{{ page.x }}``): a
    paragraph so made shows nothing of its own, and the body is read as if it were absent."""
    return "{" in text and LIQUID_ONLY.fullmatch(text) is not None
