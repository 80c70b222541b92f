"""Scheduled pages (bot.course.scheduled_pages): on a site whose sessions are no collection's documents, the plain
pages its schedule links one per dated row are the sessions, dated by their row."""

import datetime as dt
from pathlib import Path

from bot.course.load import load_site
from bot.course.site import open_site

CONFIG = "title: Seminar\nurl: https://example.org\npermalink: /:categories/:year/:month/:day/:title\n"
SYLLABUS = """---
layout: page
title: "Syllabus"
---
<table>
<tr><th> Week </th><th> Date </th><th> Topic </th></tr>
<tr><td> 08/29/2016 </td><td><h4> Course Overview </h4>
  <a href="{{ site.baseurl }}/assets/slides/overview.pdf">pdf</a></td></tr>
<tr><td> 09/12/2016 </td><td><h4><a href="{{ site.baseurl }}/rendezvous.html">Data-Centric Programming</a></h4></td></tr>
<tr><td> 09/19/2016 </td><td><h4><a href="{{ site.baseurl }}/trusted_hardware.html">Trusted Hardware</a></h4>
  <p>Due: <a href="{{ site.baseurl }}/hw1.html">homework 1</a></p></td></tr>
<tr><td> 09/26/2016 </td><td><a href="{{ site.baseurl }}/hw2.html">Homework 2</a></td></tr>
</table>
"""


def page(title: str, body: str = "") -> str:
    return f'---\nlayout: page\ntitle: "{title}"\n---\n' + (
        body or "## Reading lists:\n1. [**BOOM Analytics.**](http://x.org/boom.pdf) In Eurosys 2010.\n")


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_top_pages_the_syllabus_links_one_per_dated_row_are_the_sessions_dated_by_their_row(tmp_path):
    write(tmp_path, {"_config.yml": CONFIG, "index.md": page("Home", "Welcome. See the [syllabus](syllabus).\n"),
                     "syllabus.md": SYLLABUS, "reading.md": page("Reading", "This is the reading list\n"),
                     "rendezvous.md": page("Data-Centric Programming"), "trusted_hardware.md": page("Trusted Hardware"),
                     "hw1.md": page("Homework 1", "Write a proof.\n"), "hw2.md": page("Homework 2", "Write more.\n")})
    load = load_site(tmp_path)
    assert [(s.slug, s.date) for s in load.sessions] == [
        ("rendezvous", dt.date(2016, 9, 12)), ("trusted_hardware", dt.date(2016, 9, 19))]
    first = load.sessions[0]
    assert first.title == "Data-Centric Programming" and first.url == "https://example.org/rendezvous.html"
    assert [r.urls for r in first.readings] == [("http://x.org/boom.pdf",)]


def test_a_markdown_schedule_linking_pages_of_a_folder_makes_them_sessions(tmp_path):
    schedule = ("---\ntitle: Schedule\n---\n| Date | Topic |\n|---|---|\n"
                "| Sep 3 | [Intro](topics/intro) |\n| Sep 10 | [Trees](topics/trees.html) |\n"
                "| Sep 17 | [Syllabus](syllabus) |\n| Sep 24 | [Syllabus](syllabus) |\n| Oct 1 | [Syllabus](syllabus) |\n")
    write(tmp_path, {"_config.yml": CONFIG + "year: 2024\n", "schedule.md": schedule,
                     "syllabus.md": page("Syllabus", "Grading.\n"),
                     "topics/intro.md": page("Intro"), "topics/trees.md": page("Trees")})
    site = open_site(tmp_path)
    assert [(s.folder, s.files) for s in site.page_series] == [("topics", ("topics/intro.md", "topics/trees.md"))]
    load = load_site(tmp_path)
    assert [(s.slug, s.date) for s in load.sessions] == [("intro", dt.date(2024, 9, 3)), ("trees", dt.date(2024, 9, 10))]


def test_pages_a_schedule_links_are_no_sessions_and_not_even_listed_beside_a_collection_of_documents(tmp_path):
    write(tmp_path, {"_config.yml": CONFIG + "collections:\n  lectures:\n    output: true\n",
                     "syllabus.md": SYLLABUS, "rendezvous.md": page("Data-Centric Programming"),
                     "trusted_hardware.md": page("Trusted Hardware"),
                     "_lectures/01-intro.md": "---\ntitle: Intro\n---\n## Readings\n- [P](https://x.org/p)\n"})
    assert open_site(tmp_path).page_series == []
    assert [s.file for s in load_site(tmp_path).sessions] == ["_lectures/01-intro.md"]


def test_a_schedule_row_names_a_top_page_by_its_permalink(tmp_path):
    schedule = ("---\ntitle: Schedule\n---\n| Date | Topic |\n|---|---|\n"
                "| 2024-09-03 | [Intro]({{ site.baseurl }}/lectures/intro/) |\n"
                "| 2024-09-10 | [Trees](/course/lectures/trees/) |\n")
    write(tmp_path, {"_config.yml": CONFIG + "baseurl: /course\n", "schedule.md": schedule,
                     "01-intro.md": "---\ntitle: Intro\npermalink: /lectures/intro/\n---\nHello.\n",
                     "02-trees.md": "---\ntitle: Trees\npermalink: /lectures/trees/\n---\nMore.\n"})
    load = load_site(tmp_path)
    assert [(s.slug, s.date, s.url) for s in load.sessions] == [
        ("01-intro", dt.date(2024, 9, 3), "https://example.org/course/lectures/intro/"),
        ("02-trees", dt.date(2024, 9, 10), "https://example.org/course/lectures/trees/")]


def test_an_html_page_with_front_matter_is_a_scheduled_page_and_one_without_is_a_static_file(tmp_path):
    schedule = ("---\ntitle: Schedule\n---\n| Date | Topic |\n|---|---|\n| 2024-09-03 | [Intro](intro.html) |\n"
                "| 2024-09-10 | [Trees](trees.html) |\n| 2024-09-17 | [Demo](demo.html) |\n")
    write(tmp_path, {"_config.yml": CONFIG, "schedule.md": schedule,
                     "intro.html": "---\ntitle: Intro\n---\n<h2>Readings</h2>\n", "trees.md": page("Trees"),
                     "trees.html": "---\ntitle: Old trees\n---\n", "demo.html": "<html>a static demo</html>\n"})
    assert [s.files for s in open_site(tmp_path).page_series] == [("intro.html", "trees.md")]


def test_top_pages_without_front_matter_that_a_home_schedule_list_links_are_the_sessions(tmp_path):
    # GitHub Pages renders a page without front matter (jekyll-optional-front-matter): still a page, not a static file
    week = "# Week {n}\n\n## Readings\n- Hatfield, C. (2020). [Comic Books {n}](https://ex.edu/h{n}.pdf).\n"
    write(tmp_path, {"_config.yml": "title: Comics\n",
                     "index.md": "# Schedule\n- [Week 1](week01.md) _(2025-02-02)_: Introductions\n"
                                 "- [Week 2](week02.md) _(2025-02-09)_: Fan studies\n",
                     "week01.md": week.format(n=1), "week02.md": week.format(n=2)})
    load = load_site(tmp_path)
    assert [(s.file, s.date) for s in load.sessions] == [("week01.md", dt.date(2025, 2, 2)),
                                                         ("week02.md", dt.date(2025, 2, 9))]
    assert [r.title for r in load.sessions[1].readings] == ["Comic Books 2"]
