"""The top of a session page's body (A4): a paragraph of Liquid tags only ("{% include toc.html %}") is read as
absent, so the "# Title" heading after it is still the page's title heading and what follows is read as without
it (liquid.is_liquid_only); a "# Week 10: Graph algorithms lab" heading at the top titles the session
(names.is_session_title, vocabulary.SESSION_TITLE): it ends nothing and is no section whose words ("lab",
"Discussion", "Book") decide what stands under it."""

import pytest

from bot.course.posts import parse_post
from bot.course.readings import extract_readings


def found(body: str, **kw):
    return [(r.section, r.title) for r in extract_readings(body, **kw)[0]]


@pytest.mark.parametrize("liquid", ["{% include toc.html %}", "{% assign week = page.week %}\n{{ page.summary }}",
                                    "{%- include_relative header.md -%} {{ site.data.nav }}"])
def test_a_liquid_only_paragraph_before_the_title_heading_is_read_as_absent(liquid: str) -> None:
    body = f"{liquid}\n\n# Lecture 3 - Sorting\n\n## Required reading\n- [A Study of Sorting](https://a.org/s.pdf)\n"
    assert found(body) == [("Required reading", "A Study of Sorting")]
    assert found(body, metadata={"title": "Lecture 3 - Sorting"}) == [("Required reading", "A Study of Sorting")]


def test_the_title_heading_after_a_liquid_paragraph_titles_a_post_without_one() -> None:
    body = "{% include_relative header.md %}\n\n# Week 5: Comic Book Paratexts\n\n## Readings\n- [Paratexts](https://a.org/p.pdf)\n"
    post = parse_post("docs/week05.md", body.encode())
    assert post.session is not None and post.session.title == "Week 5: Comic Book Paratexts"
    assert [r.title for r in post.session.readings] == ["Paratexts"]


def test_a_liquid_only_paragraph_does_not_part_a_lead_in_from_its_list() -> None:
    body = ("Some references:\n\n{% if page.show_readings %}\n\n- [A Study of Networks](https://a.org/n.pdf)\n"
            "- [Another Study Here](https://b.org/m.pdf)\n\n{% endif %}\n")
    assert found(body) == [("Some references", "A Study of Networks"), ("Some references", "Another Study Here")]


def test_a_liquid_only_paragraph_does_not_hide_the_line_under_a_heading() -> None:
    body = "## Readings\n\n{{ page.note }}\n\n_Optional, for those interested._\n\n- [A Study](https://a.org/s.pdf)\n"
    assert [r.required for r in extract_readings(body)[0]] == [False]


def test_a_paragraph_with_text_besides_liquid_is_still_content() -> None:
    body = "{{ page.date }} Notes from class.\n\n# Blog\n\n- [A Study of Networks](https://a.org/n.pdf)\n"
    assert found(body) == []


@pytest.mark.parametrize("heading", ["Week 10: Graph algorithms lab", "Session 4: Discussion", "Lecture 3 - Sorting",
                                     "Week 5: Comic Book Paratexts", "Class 2"])
def test_a_session_title_heading_at_the_top_is_the_title_not_a_section(heading: str) -> None:
    body = (f"{{% include toc.html %}}\n\n# {heading}\n\n- [A Study of Networks](https://a.org/n.pdf)\n"
            "- [Another Study Here](https://b.org/m.pdf)\n\n## Readings\n- [Third Study](https://c.org/t.pdf)\n")
    assert found(body) == [(None, "A Study of Networks"), (None, "Another Study Here"), ("Readings", "Third Study")]


def test_a_title_heading_repeating_the_post_title_is_no_section() -> None:
    body = "# Sorting lab\n\n- [A Study of Sorting](https://a.org/s.pdf)\n- [Another Sorting Study](https://b.org/t.pdf)\n"
    assert found(body, metadata={"title": "Sorting lab"}) == [(None, "A Study of Sorting"), (None, "Another Sorting Study")]


def test_a_session_heading_that_only_names_readings_still_opens_a_readings_section() -> None:
    assert found("# Week 3: Readings\n\n- [A Study of Networks](https://a.org/n.pdf)\n") == [
        ("Week 3: Readings", "A Study of Networks")
    ]


def test_a_session_heading_after_content_still_ends_the_list() -> None:
    body = "## Readings\n- [A Study of Networks](https://a.org)\n\n# Week 2: Graphs\n- [Another Study Here](https://b.org)\n"
    assert found(body) == [("Readings", "A Study of Networks")]


def test_a_blog_heading_after_a_liquid_paragraph_still_ends_the_list() -> None:
    assert found("{% include toc.html %}\n\n# Blog\n\n## Readings\n- [A Study of Networks](https://a.org)\n") == []
