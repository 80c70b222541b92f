"""A lead-in line that names the source of the works under it (``From the textbook (Smith, 2020):``,
``Read from *Designing Data-Intensive Applications*:``) over chapter items: the line is no reading (SPEC:
a line that only introduces the works listed under it), the items are, the line playing the lead-in's role."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_source_lead_in_item_over_chapters_gives_the_chapters() -> None:
    body = (
        "## Readings\n\n- From the textbook (Smith, 2020):\n  - Chapter 3: Storage and Retrieval\n"
        "  - Chapter 5: Replication\n- Read from *Designing Data-Intensive Applications*:\n"
        "  - Chapter 7: Transactions\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    )
    assert found(body) == [
        ("Readings", True, "Chapter 3: Storage and Retrieval", ()),
        ("Readings", True, "Chapter 5: Replication", ()),
        ("Readings", True, "Chapter 7: Transactions", ()),
        ("Readings", True, "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",)),
    ]


def test_source_lead_in_item_without_a_heading_plays_the_headings_role() -> None:
    body = (
        "We cover storage engines.\n\n- From the textbook (Smith, 2020):\n  - Chapter 3: Storage and Retrieval\n"
        "- Topics we cover:\n  - B-trees\n  - LSM trees\n"
    )
    assert found(body) == [("From the textbook (Smith, 2020)", True, "Chapter 3: Storage and Retrieval", ())]


def test_source_lead_in_paragraph_over_chapters_gives_the_chapters() -> None:
    body = "We cover storage engines.\n\nFrom the textbook (Smith, 2020):\n\n- Chapter 3: Storage\n- Chapter 5: Replication\n"
    assert [t for _, _, t, _ in found(body)] == ["Chapter 3: Storage", "Chapter 5: Replication"]


def test_linked_source_over_its_chapters_is_no_reading_of_its_own() -> None:
    body = (
        "## Readings\n\n- Read from [Designing Data-Intensive Applications](https://dataintensive.net):\n"
        "  - Chapter 3: Storage and Retrieval\n  - Chapter 5: Replication\n"
    )
    assert [t for _, _, t, _ in found(body)] == ["Chapter 3: Storage and Retrieval", "Chapter 5: Replication"]


def test_linked_item_over_notes_that_are_not_parts_stays_one_reading() -> None:
    body = "## Readings\n\n- [A Survey of Graphs](https://x.org/g):\n  - focus on section two\n  - skim the rest\n"
    assert [t for _, _, t, _ in found(body)] == ["A Survey of Graphs"]


def test_optional_source_lead_in_makes_its_chapters_not_required() -> None:
    body = "## Readings\n\n- Optional, from the textbook:\n  - Chapter 9: Consistency\n"
    assert found(body) == [("Readings", False, "Chapter 9: Consistency", ())]
