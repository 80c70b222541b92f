"""Rules the body parser runs besides CommonMark (bot/course/readings/markdown.py)."""

from bot.course.readings import extract_readings


def titles(body: str, **kw) -> list[str]:
    return [r.title for r in extract_readings(body, **kw)[0]]


def test_markdown_div_wrapper_is_transparent() -> None:
    body = (
        '<div class="readings" markdown="1">\n## Readings\n- Ada Author, [A Paper Title](https://a.org/p) (2001)\n'
        '</div>\n<div class="other" markdown="1">\n## Readings\n- [Second Work Here](https://b.org)\n</div>\n'
    )
    assert len(titles(body)) == 2 and titles(body)[1] == "Second Work Here"


def test_title_heading_at_the_top_does_not_end_the_list() -> None:
    body = "# Week 3 - Networks\n\n## Readings\n- [A Study of Networks](https://a.org)\n"
    assert len(titles(body, metadata={"title": "Week 3 - Networks"})) == 1
    assert len(titles(body)) == 1  # no title to compare: the heading names nothing that ends the list


def test_blog_heading_at_the_top_still_ends_the_list() -> None:
    assert titles("# Blog\n\n## Readings\n- [A Study of Networks](https://a.org)\n") == []


def test_html_comment_hides_readings_and_links() -> None:
    body = (
        "## Readings\n- [Shown Work Title](https://a.org)\n"
        "<!-- - [Hidden Work Title](https://hidden.org) -->\n- [Other Shown Work](https://b.org)\n"
    )
    readings = extract_readings(body)[0]
    assert [r.title for r in readings] == ["Shown Work Title", "Other Shown Work"]
    assert all("hidden.org" not in u for r in readings for u in r.urls)
