"""Schedule tables: rows of a schedule or syllabus page pairing a date cell and a link to a session's page."""

from __future__ import annotations

from bot.course.data_schedule import DataEntry
from bot.course.schedule_rows import html_rows, markdown_rows, table_entries

HTML_TABLE = """
<table>
<thead><tr><th> Week </th><th> Date </th><th> Topic </th></tr></thead>
<tbody>
  <tr>
    <th> {{ counter }} {% assign counter = counter | plus: 1 %} </th>
    <td>  09/12/2016 </td>
    <td><h4><a href="{{ site.baseurl }}/rendezvous.html">Data-Centric Programming</a></h4>
        <p>See <a href="https://example.org/boom.pdf">the paper</a>.</p></td>
  </tr>
  <tr><td> 09/19/2016 </td><td><h4>Class canceled</h4></td></tr>
  <tr><td>&nbsp;09/26/2016&nbsp;</td><td><a href='/cs294/cluster.html'>Clusters</a></td>
</tbody>
</table>
"""


def test_an_html_row_gives_its_date_cell_and_the_site_pages_it_links():
    assert html_rows(HTML_TABLE) == [
        DataEntry("09/12/2016", (("rendezvous",),)),  # the paper on another site is no page of this one
        DataEntry("09/26/2016", (("cs294", "cluster"),)),  # an unclosed row ends at the table's end
    ]


def test_a_markdown_row_gives_its_first_day_cell_and_its_links():
    text = (
        "| Week | Date | Type | Topic |\n| :-- | :--- | :---: | --------:|\n"
        "| 1 | Aug 29 | Orientation | [What is DH?]({{site.baseurl}}/classes/01-what-is-dh) |\n"
        "| 5 | **Sep 26** | Lab | [Analyzing Text]({{site.baseurl}}/classes/05-text-lab) |\n"
        "| 8 | Oct 17 | Discussion | Models of Culture |\n"
        "|**2015-01-23**|[Introduction]({% post_url 2015-01-23-lecture-1 %})|\n"
    )
    assert markdown_rows(text) == [
        DataEntry("Aug 29", (("classes", "01-what-is-dh"),)),
        DataEntry("Sep 26", (("classes", "05-text-lab"),)),
        DataEntry("2015-01-23", (("2015-01-23-lecture-1",),)),
    ]


def test_a_page_with_a_single_dated_link_row_is_no_schedule():
    one = "| Due | Homework |\n|---|---|\n| Sep 3 | [HW 1](/hw/hw1) |\n"
    assert table_entries(one) == []
    assert len(table_entries(one + "| Sep 10 | [HW 2](/hw/hw2) |\n")) == 2


def test_cells_that_are_not_only_a_day_date_nothing():
    text = ("| Topic | Notes |\n|---|---|\n| [Intro](/l/intro) | week 1 of 12 |\n"
            "| [Trees](/l/trees) | Sept 14 review session for everyone in the class |\n")
    assert markdown_rows(text) == []


# A schedule page is read up to data_schedule.MAX_FILE_BYTES: the hostile pages below are that size.
PAGE = 512 * 1024


def test_rows_that_never_close_are_read_in_one_pass():
    """512 KB of ``<tr>`` with no ``</tr>`` (a page of nested tables cut off by the read bound) cost 72 s:
    each row looked for its ``</tr`` to the end of the page. Each closing tag is now looked for once."""
    assert html_rows("<tr>" * (PAGE // 4)) == []
    nested = "<table><tr><td>" * (PAGE // 15 - 2) + "Sep 3<td><a href='a'>a</a>" + "<tr><td>Sep 4<td><a href='b'>b</a>"
    assert html_rows(nested) == [DataEntry("Sep 3", (("a",),)), DataEntry("Sep 4", (("b",),))]


def test_a_row_of_a_hundred_thousand_cells_is_read_in_one_pass():
    """One ``<tr>`` of 130,000 ``<td>`` cost 42 s (each cell looked for the next ``<th`` to the end of the row),
    ``<td`` with no ``>`` as much (each looked for its ``>`` to the end)."""
    assert html_rows("<tr>" + "<td>" * (PAGE // 4)) == []
    assert html_rows("<tr>" + "<td" * (PAGE // 3)) == []
    assert html_rows("<tr>" + "<th>" * (PAGE // 4)) == []
    row = "<tr><td>Sep 3<td><a href='a'>a</a>" + "<td>x" * 1000 + "</tr>"
    assert html_rows(row + row.replace("Sep 3", "Sep 4")) == [DataEntry("Sep 3", (("a",),)), DataEntry("Sep 4", (("a",),))]


def test_a_row_is_looked_at_for_a_day_only_when_it_links_a_page_and_in_its_first_cells(monkeypatch):
    """A table of numbers (no links) parsed each of its cells as a day: 1 s for 512 KB. A row without a link to a
    page is no schedule row, and only a row's first ``MAX_ROW_CELLS`` cells are looked at for its day."""
    import bot.course.schedule_rows as rows

    parsed = []
    real = rows._cell_day
    monkeypatch.setattr(rows, "_cell_day", lambda cell: parsed.append(cell) or real(cell))
    assert table_entries(("| 1 " * 1200 + "|\n") * (PAGE // 4800)) == []
    assert parsed == []
    wide = "| " + " | ".join(["1 2 3"] * 300) + " | [a](a) |\n"
    assert markdown_rows(wide * 100) == []
    assert len(parsed) == 100 * rows.MAX_ROW_CELLS
    assert markdown_rows("| Sep 3 | [a](a) |\n") == [DataEntry("Sep 3", (("a",),))]
