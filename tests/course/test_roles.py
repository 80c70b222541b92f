"""Role values split as the configuration and ``coursebot init`` both read them; labels for unlabelled keys."""

from __future__ import annotations

import pytest

from bot.course.roles import is_content_value, label_for_key, role_value_parts


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("team-3", ["team-3"]),
        ("team-1, team-2", ["team-1", "team-2"]),
        ("Ada and Alan", ["Ada", "Alan"]),
        ("t1;t2 & t3", ["t1", "t2", "t3"]),
        ("Brandon", ["Brandon"]),  # "and" inside a word is no separator
        ("team-1,,team-2", ["team-1", "team-2"]),
    ],
)
def test_role_values_split_on_commas_semicolons_ampersands_and_the_word_and(value: str, parts: list[str]) -> None:
    assert role_value_parts(value) == parts


@pytest.mark.parametrize(("key", "label"), [("presented_by", "Presented by"), ("lead-scribe", "Lead scribe"),
                                            ("notes", "Notes"), ("_", "_")])
def test_an_unlabelled_role_key_is_named_in_words(key: str, label: str) -> None:
    assert label_for_key(key) == label


@pytest.mark.parametrize("value, content", [
    ("team-3", False), ("Ada and Alan", False), ("on nlp basics", False), ("Team 3.", False),
    ("There's nothing to read for today.", True), ("<ul><li>Book</li></ul>", True),
    ("[A Paper](https://a.org)", True), ("https://a.org/p.pdf", True), ("- Book One\n- Book Two", True),
])
def test_a_value_with_markup_an_address_or_a_sentence_is_content_not_a_name(value: str, content: bool) -> None:
    assert is_content_value(value) is content
