"""Tables: which column names the reading."""

from __future__ import annotations

import re

from bot.course.readings.tree import Table

TITLE_COLUMNS = (
    re.compile(r"\b(papers?|titles?|readings?|articles?|resources?|books?|names?)\b", re.IGNORECASE),
    re.compile(r"\b(topics?|subjects?)\b", re.IGNORECASE),
)
NUMBERISH = re.compile(r"^[\d\s./:#-]*$")


def title_column(block: Table) -> int:
    """The column that names the reading: by header (Paper, Title, Reading, ... then Topic), else the
    first column whose cells are not just numbers or dates."""
    for pattern in TITLE_COLUMNS:
        for i, name in enumerate(block.header):
            if pattern.search(name):
                return i
    width = max((len(cells) for cells, _ in block.rows), default=0)
    for i in range(width):
        texts = [cells[i].text for cells, _ in block.rows if i < len(cells) and cells[i].text]
        if texts and not all(NUMBERISH.match(t) for t in texts):
            return i
    return 0


