"""Regular expressions compiled on first use, for modules that hold many of them (the parser's vocabulary):
importing such a module then costs nothing for a command that never matches them (``coursebot sessions`` on
a synced cache imports the vocabulary through the site reader and parses nothing)."""

from __future__ import annotations

import re
from typing import Any, cast

# what callers use of a compiled pattern: bound into the instance at the first use, so that a call costs
# what the compiled pattern's own method call costs (no __getattr__ after the first)
_ATTRIBUTES = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split", "pattern", "flags",
               "groups", "groupindex")


class LazyPattern:
    """``re.compile(pattern, flags)`` made the first time one of its attributes is asked for."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle and the like ask for dunders: not the pattern's
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        pattern, flags = self._source
        return f"LazyPattern({pattern!r}, {flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern like ``re.compile(pattern, flags)``'s, compiled when first used (see LazyPattern)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
