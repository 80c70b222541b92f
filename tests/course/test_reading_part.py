"""The reading part of a body ends at the first top-level ``#`` heading: what follows is not parsed
for inline markup, yet link reference definitions after it still resolve links before it."""

from bot.course.readings import MD, extract_readings


def test_tokens_end_at_first_top_level_h1() -> None:
    tokens = MD.parse("## Readings\n\n- [A](https://a.org)\n\n# Blog\n\n- [B](https://b.org)\n")
    assert [t.type for t in tokens if t.type.startswith("heading")] == ["heading_open", "heading_close"]
    assert all(t.children is not None for t in tokens if t.type == "inline")


def test_h1_inside_blockquote_does_not_end_the_part() -> None:
    tokens = MD.parse("> # Quoted\n\n## Readings\n\n- [A](https://a.org)\n")
    assert any(t.type == "heading_open" and t.tag == "h2" for t in tokens)


def test_reference_defined_after_h1_still_resolves() -> None:
    body = "## Readings\n\n- [Attention Is All You Need][tf]\n\n# Blog\n\n[tf]: https://arxiv.org/abs/1706.03762\n"
    readings, _ = extract_readings(body)
    assert [(r.title, r.urls) for r in readings] == [
        ("Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))
    ]
