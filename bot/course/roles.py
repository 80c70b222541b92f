"""Role values and role names, shared by the configuration (which team a value names) and ``coursebot
init`` (which names to offer as teams): one rule for where a value like ``team-1, team-2`` splits and one
for what a role key is called when nobody configured a label."""

from __future__ import annotations

import re

# what separates the teams or people one role value names: "team-1, team-2", "Ada and Alan", "t1; t2", "A & B"
ROLE_VALUE_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)


def role_value_parts(value: str) -> list[str]:
    """The names one role value lists, in order (empty parts dropped)."""
    return [part for part in ROLE_VALUE_SEPARATORS.split(value) if part]


def label_for_key(key: str) -> str:
    """What a role key is called when no label is configured: ``presented_by`` -> "Presented by"."""
    return key.replace("_", " ").replace("-", " ").strip().capitalize() or key
