"""A site's own guide to its session pages ("Brief guide to class layout: - **Apéritifs** Casual viewing
... not required viewing."): the section names it calls optional (SPEC: required is false also when the
site itself says the section is optional or not required). Pure: reads page text handed to it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def optional_sections(pages: Iterable[str]) -> frozenset[str]:
    """Keys (see section_key) of the section names that a guide on these pages (markdown or HTML text)
    describes as optional: a list item or definition that starts with the bold name, then says so.

    A page without ``**`` or ``__`` has no bold text (markdown-it makes ``strong`` only of those delimiters;
    an entity-encoded one never delimits), so it holds no guide and is not parsed: every sync reads the home
    page, and most have no guide, so a sync with nothing to parse never loads markdown-it."""
    found: set[str] = set()
    for text in pages:
        if "**" not in text and "__" not in text:
            continue
        from bot.course.readings.markdown import MD  # here: see above
        from bot.course.readings.vocabulary import NOT_REQUIRED

        tokens = MD.parse(text, {"whole": True})  # a guide may stand below any level-1 heading
        for i, tok in enumerate(tokens):
            if tok.type != "inline" or not tok.children or i == 0:
                continue
            if tokens[i - 1].type != "paragraph_open" or i < 2 or tokens[i - 2].type not in ("list_item_open", "dd_open"):
                continue
            children = tok.children
            if len(children) < 4 or children[0].type != "text" or children[0].content.strip():
                if not (children and children[0].type == "strong_open"):
                    continue
            start = 0 if children[0].type == "strong_open" else 1
            if children[start].type != "strong_open":
                continue
            close = next((k for k in range(start, len(children)) if children[k].type == "strong_close"), None)
            if close is None:
                continue
            name = "".join(c.content for c in children[start + 1 : close])
            description = "".join(c.content for c in children[close + 1 :])
            if name.strip() and NOT_REQUIRED.search(description):
                found.add(section_key(name))
    return frozenset(found)


def section_key(name: str) -> str:
    """A section name compared loosely: letters and digits only, accents and case dropped, a plural ``s``
    dropped ("Apéritifs" and "Apéritif" are one name)."""
    text = unicodedata.normalize("NFKD", name).casefold()
    key = "".join(ch for ch in text if ch.isalnum())
    return key[:-1] if key.endswith("s") and len(key) > 3 else key
