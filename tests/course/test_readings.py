"""Each reading rule of shared/corpus/gold/SPEC.md, on small inline posts."""

from bot.course.readings import extract_readings, is_supplementary


def titles(body: str) -> list[str]:
    return [r.title for r in extract_readings(body)[0]]


def one(body: str):
    readings, _ = extract_readings(body)
    assert len(readings) == 1, readings
    return readings[0]


def test_headings_in_a_readings_section_are_readings_with_section_and_required():
    body = "## Required Readings:\n\n### Paper A\n+ https://a.org/1\n\n## More Readings\n\n### Paper B\n+ https://b.org/2\n"
    a, b = extract_readings(body)[0]
    assert (a.section, a.required, a.title, a.urls) == ("Required Readings", True, "Paper A", ("https://a.org/1",))
    assert (b.section, b.required, b.title) == ("More Readings", False, "Paper B")


def test_supplementary_section_names():
    for name in ("More Readings", "Extra Readings", "Additional papers", "Optional", "Background", "Further reading",
                 "Even  More"):
        assert is_supplementary(name), name
    for name in ("Readings", "Required Readings", "Require Readings", None):
        assert not is_supplementary(name), name


def test_section_name_keeps_inner_spacing_and_drops_trailing_colon():
    reading = one("## Even  More:\n\n### Paper\n+ https://a.org\n")
    assert reading.section == "Even  More"
    assert reading.required is False


def test_reading_list_ends_at_excerpt_marker_and_level1_heading():
    body = "## Readings\n### A\n+ https://a.org\n<!--excerpt.start-->\n### Not a reading\n+ https://b.org\n"
    assert titles(body) == ["A"]
    body = "## Readings\n### A\n+ https://a.org\n\n# Blog\n\n## Readings\n### Blog heading\n+ https://b.org\n"
    assert titles(body) == ["A"]


def test_any_level1_heading_ends_the_list_even_at_the_top():
    assert titles("# Study Guide\n\n## Readings\n- [Paper X](https://a.org)\n") == []


def test_grouping_heading_is_not_a_reading():
    body = "## More Readings\n### Paper A\n+ https://a.org\n\n### Even More:\n\n### Paper B\n+ https://b.org\n"
    readings, _ = extract_readings(body)
    assert [r.title for r in readings] == ["Paper A", "Paper B"]
    assert readings[1].section == "More Readings"


def test_empty_heading_with_a_title_is_a_reading_without_links():
    body = "## More Readings\n### A paper title WNLP@ACL2019\n\n### Paper B\n+ https://b.org\n"
    readings, problems = extract_readings(body, file="p.md")
    assert [r.title for r in readings] == ["A paper title WNLP@ACL2019", "Paper B"]
    assert readings[0].urls == ()
    assert [p.severity for p in problems] == ["warning"] and "no link" in problems[0].message


def test_heading_followed_by_deeper_headings_groups_them():
    body = "## Readings\n### Week 1\n#### Paper A\n- https://a.org\n#### Paper B\n- https://b.org\n"
    assert titles(body) == ["Paper A", "Paper B"]


def test_bullets_under_a_reading_heading_that_are_links_or_abstracts_are_not_readings():
    body = (
        "## Readings\n### Paper A\n+ Author One, Author Two\n+ [URL](https://a.org/abs)\n"
        "+ A long abstract that explains the paper in detail.\n+ Plus a related post https://a.org/blog\n"
    )
    reading = one(body)
    assert reading.urls == ("https://a.org/abs", "https://a.org/blog")
    assert "long abstract" in reading.abstract
    assert "https" not in reading.abstract


def test_separate_list_of_a_named_link_under_a_reading_heading_is_a_reading():
    body = (
        "## Readings\n#### Basics of NLP\n- [URL](https://a.org/nlp.pdf)\n- Typical NLP tasks\n\n\n"
        "+ A good code walk through on transformer at [URL](https://b.org/annotated)\n"
    )
    readings, _ = extract_readings(body)
    assert [(r.title, r.urls) for r in readings] == [
        ("Basics of NLP", ("https://a.org/nlp.pdf",)),
        ("A good code walk through on transformer at URL", ("https://b.org/annotated",)),
    ]


def test_heading_whose_list_names_papers_is_a_grouping_heading():
    body = (
        "### KV Caching in LLM:\n\n+ grouped query attention: https://a.org/gqa.pdf\n"
        "+ Paged attention https://b.org/paged.pdf\nhttps://c.org/paged2\n"
    )
    readings, _ = extract_readings(body)
    assert [(r.section, r.title, r.urls) for r in readings] == [
        (None, "grouped query attention", ("https://a.org/gqa.pdf",)),
        (None, "Paged attention", ("https://b.org/paged.pdf", "https://c.org/paged2")),
    ]


def test_numbered_list_under_a_heading_names_readings_and_link_lists_attach_to_the_item_above():
    body = (
        "## Readings\n### Tools - \n1. Torchtune - a library. Github - \n\n2. Langchain- https://l.org/intro\n\n"
        "3. haystack.deepset.ai\n+ https://github.com/deepset-ai/haystack\n+ An orchestration framework.\n\n"
        "4. LlamaIndex\n  + https://docs.llamaindex.ai/en/stable/\n  LlamaIndex supports RAG.\n"
    )
    readings, _ = extract_readings(body)
    assert [(r.title, r.urls) for r in readings] == [
        ("Torchtune - a library. Github -", ()),
        ("Langchain-", ("https://l.org/intro",)),
        ("haystack.deepset.ai", ("https://github.com/deepset-ai/haystack",)),
        ("LlamaIndex", ("https://docs.llamaindex.ai/en/stable/",)),
    ]


def test_urls_between_readings_belong_to_the_reading_above_in_order_and_distinct():
    body = (
        "## Readings\n### Paper A\n+ https://a.org/1\n+ https://a.org/1\n\nBuilt with [Pages](https://pages.example/).\n"
        "### Paper B\n  https://b.org/2\n"
    )
    a, b = extract_readings(body)[0]
    assert a.urls == ("https://a.org/1", "https://pages.example/")
    assert b.urls == ("https://b.org/2",)


def test_url_forms_markdown_links_autolinks_bare_and_html():
    body = (
        "## Readings\n### Paper\n- [paper](https://a.org/x)\n- <https://b.org/y>\n- see https://c.org/z.\n"
        '- <a href="https://d.org/w">code</a>\n- (https://en.wikipedia.org/wiki/Python_(language))\n'
    )
    assert one(body).urls == (
        "https://a.org/x", "https://b.org/y", "https://c.org/z", "https://d.org/w",
        "https://en.wikipedia.org/wiki/Python_(language)",
    )


def test_link_targets_are_kept_as_written():
    assert one("## Readings\n- [Ünïcode paper](https://a.org/Ü?q=a|b)\n").urls == ("https://a.org/Ü?q=a|b",)


def test_heading_with_a_link_in_it():
    reading = one("## Readings\n### [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n")
    assert (reading.title, reading.urls) == ("Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))


def test_heading_indented_into_a_list_item_still_starts_a_reading():
    body = "## Readings\n### Paper A\n+ https://a.org\n\n  ### - Paper B\n+ https://b.org\n"
    assert titles(body) == ["Paper A", "Paper B"]


def test_numbered_list_of_papers_and_bold_titles():
    body = (
        "## Readings\n1. [Attention](https://a.org). Vaswani et al.\n2. [BERT](https://b.org)\n\n"
        "## Optional\n- **The Illustrated Transformer** [blog](https://c.org)\n- Goodfellow, Deep Learning, Ch. 10\n"
    )
    readings, _ = extract_readings(body)
    assert [(r.title, r.required) for r in readings] == [
        ("Attention", True),  # SPEC "More rules": the link text names the work
        ("BERT", True),
        ("The Illustrated Transformer blog", False),
        ("Goodfellow, Deep Learning, Ch. 10", False),
    ]


def test_table_rows_name_readings():
    body = (
        "## Papers\n\n| # | Paper | Link |\n|---|---|---|\n"
        "| 1 | Attention | [arXiv](https://a.org) |\n| 2 | BERT | <https://b.org> |\n"
    )
    readings, _ = extract_readings(body)
    assert [(r.title, r.urls) for r in readings] == [("Attention", ("https://a.org",)), ("BERT", ("https://b.org",))]


def test_post_without_sections_has_section_none():
    readings, _ = extract_readings("- [Paper A](https://a.org)\n- [Paper B](https://b.org)\n")
    assert [(r.section, r.required, r.title) for r in readings] == [(None, True, "Paper A"), (None, True, "Paper B")]


def test_nested_list_item_groups_papers():
    body = (
        "## Week 1\n- Basics\n  - [Paper A](https://a.org)\n  - [Paper B](https://b.org)\n"
        "- [Paper C](https://c.org)\n  - Summary: good\n"
    )
    readings, _ = extract_readings(body)
    assert [r.title for r in readings] == ["Paper A", "Paper B", "Paper C"]
    assert readings[2].abstract == "Summary: good"


def test_link_lines_in_a_paragraph():
    assert titles("## Readings\n[Paper A](https://a.org/1)\n[Paper B](https://b.org/2)\n\nSee the syllabus.\n") == [
        "Paper A", "Paper B"]


def test_non_reading_sections_are_skipped():
    body = (
        "## Readings\n- [Paper X](https://a.org)\n\n## Blog\n- [Post](https://b.org)\n\n"
        "## Discussion\n- What is attention?\n- Why does scaling work?\n\n## Homework\n- [HW1](https://h.org)\n"
    )
    assert titles(body) == ["Paper X"]


def test_intro_prose_is_not_a_reading():
    assert titles("In this session, our readings cover:\n\n## Readings\n### Paper X\n+ https://a.org\n") == ["Paper X"]


def test_line_is_the_file_line():
    body = "\n## Readings\n\n### Paper A\n+ https://a.org\n- [B](https://b.org)\n"
    readings, _ = extract_readings(body, line_offset=10)
    assert readings[0].line == 14


def test_invisible_characters_are_cleaned_from_titles():
    assert one("## Readings\n### \u200bPaper\u00a0A\ufeff\n+ https://a.org\n").title == "Paper A"


def test_lettered_items_under_a_papers_heading_with_nested_links():
    body = (
        "## Required Readings: ACTION & TOOL USE\n**Core Component:** Agents and tools\n\n"
        "### 2025 HIGH-IMPACT PAPERS on this topic\n\n"
        "+ c. SWE-Bench Pro: Long-Horizon Tasks** (September 2025)\n  - arXiv: https://arxiv.org/abs/2509.16941\n"
        "  - Leaderboard: https://scale.com/lb\n  - 1,865 problems from 41 repositories\n"
    )
    reading = one(body)
    assert reading.title == "SWE-Bench Pro: Long-Horizon Tasks (September 2025)"
    assert reading.urls == ("https://arxiv.org/abs/2509.16941", "https://scale.com/lb")
    assert reading.section == "Required Readings: ACTION & TOOL USE"


def test_heading_over_a_table_groups_its_rows():
    body = (
        "## Required Readings\n### Here are the related slide decks:\n\n| Topic | Deck | Semester |\n|---|---|---|\n"
        "| Survey: LLMs | S1-LLM | [24course](https://a.org/24) |\n\n### Paper B\n+ https://b.org\n"
    )
    assert titles(body) == ["Survey: LLMs", "Paper B"]


def test_what_a_lecture_covers_is_not_a_reading():
    body = (
        "### In this lecture, we cover:\n- What is NLP?\n- Attention, see [notes](https://n.org)\n\n"
        "## Readings\n- [Paper X](https://x.org)\n"
    )
    assert titles(body) == ["Paper X"]


def test_link_lines_in_other_sections_are_not_readings():
    assert titles("## Week 1\n**Presenter:** [Alice](https://alice.org)\n\n## Readings\n- [Paper X](https://x.org)\n") == [
        "Paper X"]


def test_item_title_is_its_first_line_when_the_line_is_broken_on_purpose():
    body = "## Readings\n1. **Attention Is All You Need**  \n   Vaswani et al. NeurIPS 2017. [pdf](https://a.org)\n"
    reading = one(body)
    assert (reading.title, reading.urls) == ("Attention Is All You Need", ("https://a.org",))


def test_table_title_column_skips_numbers_and_dates():
    body = "## Schedule\n\n| Date | Topic | Link |\n|---|---|---|\n| 01/18 | Transformers | [pdf](https://t.org) |\n"
    assert titles(body) == ["Transformers"]
    body = "## Readings\n\n| 1 | Attention | [pdf](https://t.org) |\n|---|---|---|\n| 2 | BERT | [pdf](https://b.org) |\n"
    assert titles(body) == ["BERT"]


def test_sections_named_only_for_the_sessions_videos_or_slides_are_not_readings():
    body = ("## Videos\n- [Lecture recording](https://youtu.be/1)\n- [Boyd on gradient methods](https://youtu.be/2)\n\n"
            "## Lecture Slides\n- [Week 1 deck](https://x.org/w1.pdf)\n- [Week 2 deck](https://x.org/w2.pdf)\n\n"
            "## Videos to watch\n- [The Transformer, explained](https://youtu.be/3)\n\n"
            "## References\n1. [Convex Optimization](https://web.stanford.edu/~boyd/cvxbook/)\n")
    assert titles(body) == ["The Transformer, explained", "Convex Optimization"]


def test_a_one_line_textbook_chapter_paragraph_under_a_readings_heading_is_a_reading():
    body = ("## Reading\n\nJurafsky & Martin, Ch. 2, Sections 2.1-2.4\n\nPlease read it before class.\n\n"
            "## Notes\n\nWe follow Ch. 3 of the notes.\n")
    assert titles(body) == ["Jurafsky & Martin, Ch. 2, Sections 2.1-2.4"]
