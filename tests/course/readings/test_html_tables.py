"""Raw HTML tables and lists in a post body (bot/course/readings/html_lists.py)."""

from bot.course.readings import extract_readings

TABLE = """## Readings

<table>
  <tr><th>Paper</th><th>Notes</th></tr>
  <tr><td><a href="https://a.org/dp.pdf">The Algorithmic Foundations of Differential Privacy</a></td><td>Ch. 1-3</td></tr>
  <tr><td><a href="https://arxiv.org/abs/1607.00133">Deep Learning with Differential Privacy</a></td><td>CCS 2016</td></tr>
</table>
"""


def test_html_table_rows_are_readings_titled_by_the_paper_column() -> None:
    readings = extract_readings(TABLE)[0]
    assert [(r.section, r.title, r.urls) for r in readings] == [
        ("Readings", "The Algorithmic Foundations of Differential Privacy", ("https://a.org/dp.pdf",)),
        ("Readings", "Deep Learning with Differential Privacy", ("https://arxiv.org/abs/1607.00133",)),
    ]


def test_html_table_in_a_section_about_something_else_is_not_readings() -> None:
    assert extract_readings(TABLE.replace("## Readings", "## Grading"))[0] == []


def test_html_list_items_are_readings() -> None:
    body = '## Readings\n\n<ul>\n  <li><a href="https://arxiv.org/abs/1412.6572">Explaining Adversarial Examples</a> (ICLR)</li>\n</ul>\n'
    assert [r.urls for r in extract_readings(body)[0]] == [("https://arxiv.org/abs/1412.6572",)]
