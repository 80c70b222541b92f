"""A label badge that sets its line beside a main one (``**Supporting Paper**{: .label}``, ``**Background**``,
``**Related**``) makes it not required, as an ``**(optional)**{: .label}`` badge does; a ``**Paper**{: .label}``
badge leaves it required (vocabulary.OPTIONAL_BADGE)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


def test_supporting_paper_badges_beside_a_paper_badge_are_not_required() -> None:
    body = (
        "Paper 1\n"
        ": **Paper**{: .label .label-purple }[Depth Pro](https://arxiv.org/abs/2410.02073)\n"
        ": **Supporting Paper**{: .label .label-blue }[ZoeDepth](https://github.com/isl-org/ZoeDepth)\n"
    )
    assert found(body) == [("Paper 1", True, "Depth Pro"), ("Paper 1", False, "ZoeDepth")]


def test_background_and_related_badges_on_list_items_and_lines_are_not_required() -> None:
    body = (
        "## Readings\n\n- **Paper**{: .label} [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "- **Background**{: .label} [Sequence to Sequence Learning](https://arxiv.org/abs/1409.3215)\n"
        "- **Related**{: .label} [Neural Machine Translation by Jointly Learning to Align](https://arxiv.org/abs/1409.0473)\n"
    )
    assert [r for _, r, _ in found(body)] == [True, False, False]
    body = "**Reading**{: .label} [A Main Paper](https://a.org/1)  \n**Supplementary**{: .label} [A Side Paper](https://a.org/2)\n"
    assert [(r, t) for _, r, t in found(body)] == [(True, "A Main Paper"), (False, "A Side Paper")]
