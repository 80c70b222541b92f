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
