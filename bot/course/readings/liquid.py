"""Liquid tags inside link targets, resolved before the body is parsed: Jekyll pages write site-relative
links as ``[Notes]({{ site.baseurl }}/notes/ch2.pdf)`` or ``[Graphs]({% link _notes/graphs.md %})``, whose
spaces keep markdown from seeing a link at all (the item's title would then be its raw markdown).

Only the targets of inline links change: ``{% link path %}`` / ``{% post_url name %}`` become their path,
an output tag with a quoted string (``{{ "/x.pdf" | relative_url }}``) becomes that string, any other
output tag (``{{ site.baseurl }}``) becomes nothing. Line breaks are kept, so line numbers stay right."""

from __future__ import annotations

import re

# "](" then one or more Liquid tags, then the rest of the target, up to ")".
_LINK_TARGET = re.compile(r"\]\(\s*((?:\{\{[^}\n]*\}\}|\{%[^%\n]*%\})+)([^)\s]*)\)")
_TAG = re.compile(r"\{\{([^}\n]*)\}\}|\{%([^%\n]*)%\}")
_QUOTED = re.compile(r"""["']([^"']*)["']""")
_PATH_TAGS = ("link", "post_url", "include_relative")


def resolve_liquid_links(text: str) -> str:
    """``text`` with the Liquid tags in its inline link targets resolved to plain paths."""
    if "](" not in text or ("{{" not in text and "{%" not in text):
        return text
    return _LINK_TARGET.sub(_target, text)


def _target(match: re.Match[str]) -> str:
    tags, rest = match.group(1), match.group(2)
    return "](" + "".join(_tag_text(t) for t in _TAG.finditer(tags)) + rest + ")"


def _tag_text(tag: re.Match[str]) -> str:
    output, statement = tag.group(1), tag.group(2)
    if statement is not None:
        words = statement.split()
        return words[1] if len(words) >= 2 and words[0] in _PATH_TAGS else ""
    quoted = _QUOTED.search(output or "")
    return quoted.group(1) if quoted else ""
