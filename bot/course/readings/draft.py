"""A reading being collected: what a layout rule found, before the section decides ``required``."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.course.readings.tree import Block, block_text, block_urls


@dataclass(slots=True)
class Draft:
    title: str
    line: int
    urls: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    level: int | None = None  # level of the heading that names it; None for items, rows and lines
    bare: bool = False  # named only by its address ("- <https://...>")
    supplementary: bool = False  # under a label saying Optional/More/... (counts when there is no section)
    heading_optional: bool = False  # under a sub-heading saying Optional/Additional/... (counts in a section too)
    item: bool = False  # a list item (its links are its own; prose after its list adds nothing)
    lead: str | None = None  # the lead-in line over its list ("Some additional references:"), if any
    optional: bool = False  # the item marks itself optional ("(optional)", an optional badge)
    badged: bool = False  # a badge on or over it names reading matter ("**Read**{: .label}", "**Watch**")
    cited: bool = False  # no link, but shaped as a citation ("Kuhn (1962), Chapters 2-4"): it names a work
    linked: bool = False  # names its work by a site-relative link ("[Title](/assets/x.pdf)"): no URL, still a work
    # the level-3+ heading naming reading matter in so many words that groups it ("### Readings" where no
    # level-2 heading says so): its list is a reading list, as under "## Readings"
    grouped_by: str | None = None

    def add(self, block: Block) -> None:
        self.urls.extend(block_urls(block))
        self.prose.extend(block_text(block))
