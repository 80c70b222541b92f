"""Heading levels relative to the page's own layout (HOLDOUT10-F causes 1, 3, 4): a level-1 heading naming reading
matter over level-2 work headings (sections.split_sections), a session page whose parts are its top headings
("### Introduction", "### Slides", "### Further materials": sections.parts_level), and raw HTML headings
(markdown.html_headings)."""

from bot.course.readings import extract_readings


def found(body: str, title: str | None = None):
    metadata = {"title": title} if title else None
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body, metadata=metadata)[0]]


def titles(body: str, title: str | None = None):
    return [r.title for r in extract_readings(body, metadata={"title": title} if title else None)[0]]


# --- cause 1: "# Readings #" over "## Author ##" headings ------------------------------------------------------


def test_level_one_readings_heading_makes_its_level_two_headings_works() -> None:
    body = (
        "# Week 8 Notes #\n\n## General questions ##\n* What did you learn?\n\n"
        "# Readings #\n\n## Taber and Lodge ##\n\n"
        "## Page and Shapiro ##\n* Page et al. talk about opinion in the aggregate.\n\n"
        "## Healy and Malhotra ##\n* Why tornadoes? (194)\n"
    )
    assert found(body, "Week 8 Notes") == [
        ("Readings", True, "Taber and Lodge", ()),
        ("Readings", True, "Page and Shapiro", ()),
        ("Readings", True, "Healy and Malhotra", ()),
    ]


def test_level_one_readings_block_ends_at_a_level_one_heading_naming_other_matter() -> None:
    body = "# Readings\n\n## Taber and Lodge\n\n## Zaller\n\n# Blog\n\n## Another Author\n- [Post](https://b.org/p)\n"
    assert titles(body, "Week 8") == ["Taber and Lodge", "Zaller"]


def test_group_and_part_headings_under_a_level_one_readings_heading_stay_sections() -> None:
    body = (
        "# Readings\n\n## Required\n\n- [Paper A](https://a.org/1)\n\n## Optional\n\n- [Paper B](https://b.org/2)\n\n"
        "## Assignment\n\n- [Problem set](https://hw.org/1.pdf)\n"
    )
    assert found(body) == [
        ("Required", True, "Paper A", ("https://a.org/1",)),
        ("Optional", False, "Paper B", ("https://b.org/2",)),
    ]


def test_level_two_headings_without_a_readings_heading_are_sections_as_before() -> None:
    # "## Herbst" over questions with no readings heading anywhere: SPEC gives nothing
    body = "# Week 2 Notes\n\n## General questions\n* What did you learn?\n\n## Herbst\n* What are the two values?\n"
    assert titles(body) == []


def test_a_meeting_heading_naming_its_page_titles_it_and_does_not_end_the_list() -> None:
    # no front matter title, or one that does not match ("Week 5 Notes" on the week 7 page)
    body = "# Week 5 Notes #\n\n## General questions ##\n* What?\n\n# Readings #\n\n## Taber and Lodge ##\n"
    assert titles(body) == ["Taber and Lodge"]
    assert titles(body, "Week 7 Notes") == ["Taber and Lodge"]


def test_a_meeting_heading_naming_readings_still_opens_a_section_and_blog_still_ends() -> None:
    assert found("# Week 3 Readings\n\n- [A Study of Networks](https://a.org/n.pdf)\n") == [
        ("Week 3 Readings", True, "A Study of Networks", ("https://a.org/n.pdf",))
    ]
    assert titles("# Blog\n\n## Readings\n- [A Study of Networks](https://a.org)\n") == []


def test_a_top_heading_naming_notes_of_a_topic_titles_a_page_without_title_and_ends_nothing() -> None:
    body = '# Notes for "How do people form opinions?"\n\n# Readings\n\n## Druckman and Lupia\n\n## Zaller\n'
    assert titles(body) == ["Druckman and Lupia", "Zaller"]


def test_a_top_heading_naming_only_notes_or_after_content_still_ends_the_list() -> None:
    assert titles("# Notes\n\n# Readings\n\n## Druckman and Lupia\n") == []
    body = '## Readings\n\n- [Paper A](https://a.org/1)\n\n# Notes for "Week 3"\n\n- [Paper B](https://b.org/2)\n'
    assert titles(body) == ["Paper A"]


def test_author_headings_over_discussion_questions_under_a_readings_heading_are_works() -> None:
    body = (
        "## Readings\n\n### Page and Shapiro\n* What data do the authors use?\n* What is their unit of analysis?\n\n"
        "### Questions to consider\n* Why does it matter?\n"
    )
    assert titles(body) == ["Page and Shapiro"]


def test_a_heading_over_questions_outside_a_readings_section_is_still_no_work() -> None:
    body = "## Discussion\n\n### Page and Shapiro\n* What data do the authors use?\n"
    assert titles(body) == []


def test_headings_under_notes_on_the_readings_are_the_works_the_notes_are_about() -> None:
    body = (
        "## General questions ##\n* What did you learn?\n\n"
        "## Other notes/questions on readings ##\n\n"
        "### Druckman and Lupia\n* How do they define preferences?\n\n"
        "### Zaller\n* What are the four axioms?\n\n### Lau and Redlawsk\n\n"
        "### General Questions\n* How credible are the models?\n"
    )
    assert found(body, "Week 3") == [
        ("Other notes/questions on readings", True, "Druckman and Lupia", ()),
        ("Other notes/questions on readings", True, "Zaller", ()),
        ("Other notes/questions on readings", True, "Lau and Redlawsk", ()),
    ]


def test_questions_right_under_notes_on_the_readings_are_no_works() -> None:
    body = "## Questions on the readings\n\n* Why does opinion matter?\n* What is a frame?\n"
    assert titles(body) == []


# --- cause 3: a session page whose parts are "###" headings -----------------------------------------------------

PARTS_PAGE = (
    "### Introduction\n\nWatch the demo:\n\n* [Demo video](https://example.com/v)\n* [Another demo](https://example.com/w)\n\n"
    "### Slides\n\nSee the slides.\n\n"
    "### Where to try LLMs\n\n* [ChatGPT](https://chat.openai.com/): a chat model\n"
    "* [GPT-2](https://huggingface.co/gpt2-xl): an open model\n\n"
    "### Hands-on exercises\n\nThe [Colab notebook](https://colab.research.google.com/x).\n\n"
    "#### Loading evaluations\n\nCompute the perplexity.\n\n"
    "### Further materials\n\n* [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    "* [Language Models are Few-Shot Learners](https://arxiv.org/abs/2005.14165)\n"
)


def test_part_headings_of_a_session_page_are_no_readings_and_only_reading_parts_hold_works() -> None:
    assert found(PARTS_PAGE) == [
        (None, False, "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",)),
        (None, False, "Language Models are Few-Shot Learners", ("https://arxiv.org/abs/2005.14165",)),
    ]


def test_part_headings_under_a_lone_level_two_heading_are_parts_too() -> None:
    assert titles("## Lecture\n\n" + PARTS_PAGE) == ["Attention Is All You Need", "Language Models are Few-Shot Learners"]


def test_work_headings_beside_a_part_heading_are_still_works() -> None:
    body = (
        "### Attention Is All You Need\n- https://arxiv.org/abs/1706.03762\n\n"
        "### Paper B\n- https://b.org/2\n\n### Slides\n- [deck](https://s.org/l.pdf)\n"
    )
    assert titles(body) == ["Attention Is All You Need", "Paper B"]


def test_introduction_as_a_topic_of_a_schedule_is_judged_by_its_content() -> None:
    body = "## Introduction\n* Reading: [Syllabus](../syllabus)\n\n## Graphs\n* Reading: [Graph Notes](https://g.org/n.pdf)\n"
    assert titles(body) == ["Syllabus", "Graph Notes"]


# --- cause 4: raw HTML headings ---------------------------------------------------------------------------------


def test_a_line_that_is_only_an_html_heading_is_a_heading_of_its_level() -> None:
    body = (
        "### Slides\n\nSee slides.\n\n<h3 id=\"bib\">Further reading</h3>\n\n"
        "* [Paper A](https://example.com/a)\n* [Paper B](https://example.com/b)\n"
    )
    assert found(body) == [
        (None, False, "Paper A", ("https://example.com/a",)),
        (None, False, "Paper B", ("https://example.com/b",)),
    ]


def test_an_html_heading_among_other_html_is_no_heading() -> None:
    body = (
        "### Slides\n\nSee slides.\n\n<div>\n<h3 id=\"bib\">Further reading</h3>\n</div>\n\n"
        "* [Paper A](https://example.com/a)\n"
    )
    assert titles(body) == []


def test_an_html_level_two_heading_opens_a_section_as_a_markdown_one_does() -> None:
    body = "## Readings\n\n- [Paper A](https://a.org/1)\n\n<h2>Slides</h2>\n\n- [Lecture deck](https://s.org/2)\n"
    assert found(body) == [("Readings", True, "Paper A", ("https://a.org/1",))]
