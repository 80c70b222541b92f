"""Role values and role names, shared by the configuration (which team a value names) and ``coursebot
init`` (which names to offer as teams): one rule for where a value like ``team-1, team-2`` splits and one
for what a role key is called when nobody configured a label."""

from __future__ import annotations

import re

# what separates the teams or people one role value names: "team-1, team-2", "Ada and Alan", "t1; t2", "A & B"
ROLE_VALUE_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
# What a value holds when it is content to show rather than a name: markup (an HTML tag, a markdown link or
# list item) or an address ...
VALUE_MARKUP = re.compile(r"<[a-z][^<>]*>|\]\(|https?://|^\s*(?:[-*+]|\d+[.)])\s+\S", re.IGNORECASE | re.MULTILINE)
# The markup of a value shown on the page (``<a href="..">Ada</a>``, ``[Ada](..)``, ``<b>team-3</b>``): an HTML tag,
# and a markdown link whose text is kept.
_VALUE_TAG = re.compile(r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_VALUE_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")
_SPACES = re.compile(r"\s+")
# ... or a sentence: four or more words closed by a full stop, question or exclamation mark.
VALUE_SENTENCE = re.compile(r"^\W*(?:\S+\s+){3,}\S*[.!?][\"'”)\]]*\s*$", re.DOTALL)


# A value that is only an address: a URL (``https://youtu.be/..``, ``www.x.org/..``), a path on the site
# (``/assets/lectures/lecture0.pdf``, ``./notes.pdf``, ``{{ site.baseurl }}/notes/``) or a file name
# (``lecture0.pdf``): where material is, not who does something.
VALUE_ADDRESS = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|(?:\.{0,2}/|~/|\{\{[^{}]*\}\}/?)\S*"
    r"|[\w.-]+(?:/[\w.-]+)*\.(?:pdf|html?|md|ipynb|pptx?|key|docx?|txt|zip|tex|mp4|mov|png|jpe?g|gif|svg|py|r|rmd))$",
    re.IGNORECASE,
)


def is_address_value(value: str) -> bool:
    """Is a front matter value only an address (a URL, a path on the site, a file name) and no name?"""
    return bool(VALUE_ADDRESS.match(value.strip().strip("'\"<>").strip()))


def role_value_parts(value: str) -> list[str]:
    """The names one role value lists, in order (empty parts dropped)."""
    return [part for part in ROLE_VALUE_SEPARATORS.split(value) if part]


def shown_value(value: str) -> str:
    """A role value as the page shows it: without HTML tags, a markdown link as its text, white space collapsed
    (``<a href="https://x.org/ada">Ada Lovelace</a>`` -> "Ada Lovelace"). Values without markup are returned
    as they are."""
    if "<" not in value and "](" not in value:
        return value
    return _SPACES.sub(" ", _VALUE_LINK.sub(r"\1", _VALUE_TAG.sub("", value))).strip()


def holds_markup(value: str) -> bool:
    """Does a front matter value hold markup (``<ul><li>..``, ``[Title](url)``, ``- item`` lines) or an address?"""
    return bool(VALUE_MARKUP.search(value))


def is_content_value(value: str) -> bool:
    """A value that is content, not the name of a person or team: markup, an address or a sentence
    (``reading: <ul><li>...``, ``reading: "There's nothing to read for today."``; ``team-3`` and
    ``Ada and Alan`` are names)."""
    return holds_markup(value) or bool(VALUE_SENTENCE.match(value))


def label_for_key(key: str) -> str:
    """What a role key is called when no label is configured: ``presented_by`` -> "Presented by"."""
    return key.replace("_", " ").replace("-", " ").strip().capitalize() or key
