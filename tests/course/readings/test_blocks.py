"""The block tree: lists whose items hold headings are split there; the others are kept whole."""

from __future__ import annotations

from bot.course.readings.blocks import build_blocks
from bot.course.readings.markdown import MD
from bot.course.readings.tree import Heading, ListBlock


def _blocks(body: str) -> list:
    return build_blocks(MD.parse(body, {}), 0)


def test_a_list_without_a_heading_in_its_items_is_one_list_block_of_every_item() -> None:
    blocks = _blocks("- [A](https://a.org)\n- B\n  - nested\n- C\n")
    assert len(blocks) == 1 and isinstance(blocks[0], ListBlock)
    assert [item.inline.text for item in blocks[0].items] == ["A", "B", "C"]
    assert blocks[0].line == 1 and [item.line for item in blocks[0].items] == [1, 2, 4]


def test_a_heading_indented_into_a_list_item_splits_the_list_there() -> None:
    blocks = _blocks("+ [A](https://a.org)\n\n  ### Title\n+ [B](https://b.org)\n")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["ListBlock", "Heading", "ListBlock"]
    assert isinstance(blocks[1], Heading) and blocks[1].inline.text == "Title"
    assert [i.inline.text for i in blocks[0].items] == ["A"] and [i.inline.text for i in blocks[2].items] == ["B"]
