"""Schedule data files (_data/*.yml): dated entries that link session pages date those sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.course.data_schedule import DataEntry, entries_of, reference_parts
from bot.course.load import load_site


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_reference_parts_drop_host_liquid_suffix_and_the_collection_underscore():
    assert reference_parts("notes/introduction") == ("notes", "introduction")
    assert reference_parts("{{ site.baseurl }}/notes/introduction/") == ("notes", "introduction")
    assert reference_parts("https://c.example.edu/cs1/notes/Introduction.html#top") == ("cs1", "notes", "introduction")
    assert reference_parts("_lectures/l3.md") == ("lectures", "l3")


def test_entries_are_dated_mappings_at_any_depth_with_the_links_in_their_values():
    data = [
        {"date": "2020-01-21 08:30", "topic": "[Introduction](notes/introduction)", "reading": "Ch. 1"},
        {"date": "2020-01-23", "topic": "Bits and Binary"},  # links nothing: no entry
        {"week": 2, "lectures": [
            {"day": "Tue Sep 3", "link": "/lectures/02-regression/"},
            {"day": dt.date(2020, 9, 5), "slides": '<a href="/lectures/03-trees.html">slides</a>'},
        ]},
        {"date": "TBD", "page": "lectures/04-tba"},  # no day: no entry
        {"when": "Oct 1", "notes": "{% link _lectures/05-nets.md %}, [extra](https://example.org/paper.pdf)"},
    ]
    assert entries_of(data) == [
        DataEntry("2020-01-21", (("notes", "introduction"),)),
        DataEntry("Tue Sep 3", (("lectures", "02-regression"),)),
        DataEntry("2020-09-05", (("lectures", "03-trees"),)),
        DataEntry("Oct 1", (("paper.pdf",), ("lectures", "05-nets"))),  # a PDF is no page: it matches none
    ]


def test_a_session_linked_from_the_schedule_data_takes_that_entry_date(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: CS 1 (Spring 2020)\ncollections:\n  notes: {output: true}\n  labs: {output: true}\n",
        "_data/schedule.yml": (
            "- date: '2020-01-21 08:30'\n  topic: '[Introduction](notes/introduction)'\n"
            "- date: '2020-01-23 08:30'\n  topic: '[Lab 0](labs/lab-0)'\n"
            "- date: Jan 28\n  topic: '[Bits]({{ site.baseurl }}/notes/bits/)'\n"
            "- date: '2020-02-04'\n  topic: '[Bits, again](notes/bits)'\n"
        ),
        "_notes/introduction.md": "---\ntitle: Introduction\n---\n",
        "_notes/bits.md": "---\ntitle: Bits\n---\n",
        "_notes/unlinked.md": "---\ntitle: Not on the schedule\n---\n",
        "_labs/lab-0.md": "---\ntitle: Lab 0\n---\n",
    })
    dates = {s.slug: s.date for s in load_site(site).sessions}
    assert dates == {"introduction": dt.date(2020, 1, 21), "bits": dt.date(2020, 1, 28), "unlinked": None}


def intro_lecture_dates(root: Path, title: str, data: dict[str, str]) -> list[dt.date | None]:
    """The session dates of a site titled ``title`` whose collection ``lectures`` holds one page, intro, with
    the ``data`` files (by path) beside it."""
    site = write(root, {
        "_config.yml": f"title: {title}\ncollections:\n  lectures: {{output: true}}\n",
        **data,
        "_lectures/intro.md": "---\ntitle: Intro\n---\n",
    })
    return [s.date for s in load_site(site).sessions]


def test_a_link_under_another_collection_folder_does_not_date_a_session_of_the_same_name(tmp_path):
    assert intro_lecture_dates(tmp_path, "CS 1 Fall 2024", {
        "_data/schedule.yml": "- date: 2024-09-03\n  link: exercises/intro\n- date: 2024-09-05\n  link: intro\n",
    }) == [dt.date(2024, 9, 5)]


def test_posts_are_linked_by_their_dated_url_and_the_schedule_entry_comes_before_their_own_date(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: Seminar\n",
        "_data/calendar.yml": ("- date: 2015-01-27\n  url: /2015/01/20/lecture-1/\n"
                               "- date: 2015-02-03\n  url: /2015/01/22/lecture-2/\n"),
        "_posts/2015-01-20-lecture-1.md": "---\ntitle: One\n---\n",
        "_posts/2015-01-22-lecture-2.md": "---\ntitle: Two\ndate: 2015-01-29\n---\n",
    })
    # SPEC: the date the schedule shows; the entry names the post's page, so it wins over the file name's date
    # and the post's date: key (a post written before, or a recap written after, the meeting)
    assert [s.date for s in load_site(site).sessions] == [dt.date(2015, 1, 27), dt.date(2015, 2, 3)]


def test_bad_or_oversized_data_files_are_warnings_and_date_nothing(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: X 2024\ncollections:\n  lectures: {output: true}\n",
        "_data/schedule.yml": "- date: 2024-09-03\n  link: [unclosed\n",
        "_lectures/a.md": "---\ntitle: A\n---\n",
    })
    loaded = load_site(site)
    assert [s.date for s in loaded.sessions] == [None]
    assert any(p.file == "_data/schedule.yml" and p.severity == "warning" for p in loaded.problems)


def test_a_session_is_linked_from_the_schedule_data_by_its_own_permalink(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: ML Fall 2024\nbaseurl: /ml\ncollections:\n  lectures: {output: true}\n",
        "_data/schedule.yml": (
            "- date: Sep 3\n  topic: Introduction\n  url: /ml/lectures/intro/\n"
            "- date: Sep 5\n  topic: Regression\n  url: '{{ site.baseurl }}/lectures/regression'\n"
            "- date: Sep 10\n  topic: Trees\n  url: /exercises/trees/\n"
        ),
        "_lectures/01.md": "---\ntitle: Introduction\npermalink: /lectures/intro/\n---\n",
        "_lectures/02.md": "---\ntitle: Regression\npermalink: /lectures/regression/\n---\n",
        "_lectures/03.md": "---\ntitle: Trees\npermalink: /lectures/trees/\n---\n",  # linked under another folder
    })
    dates = {s.slug: s.date for s in load_site(site).sessions}
    assert dates == {"01": dt.date(2024, 9, 3), "02": dt.date(2024, 9, 5), "03": None}


def test_a_schedule_page_front_matter_week_entry_keys_a_data_row_whose_page_is_the_session_permalink(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: Cloud Computing, Fall 2024\nbaseurl: /cc\ncollections:\n  lectures: {output: true}\n",
        "schedule.md": (
            "---\ntitle: Schedule\nweeks:\n"
            "  '1':\n    Mon: {date: 2024/08/26, content: noClass}\n    Wed: {date: 2024/08/28, content: 1a}\n"
            "  '5':\n    Mon: {date: 2024/09/23, content: 8a, note: '[Lab 2](/cc/labs/lab2) out'}\n"
            "    Wed: {date: 2024/09/25, content: [8b, quiz]}\n"
            "---\n"
        ),
        "_data/modules.yml": (
            "noClass:\n  name: No class\n  type: holiday\n"
            "1a:\n  name: Introduction\n  page: /lectures/lec1-intro\n"
            "8a:\n  name: Time and clocks I\n  page: /lectures/lec8-time-clocks\n"
            "8b:\n  name: Time and clocks II\n  page: /lectures/lec8-time-clocks\n"
        ),
        "_lectures/lec1.md": "---\ntitle: Introduction\npermalink: /lectures/lec1-intro\n---\n",
        "_lectures/lec8.md": "---\ntitle: Time and clocks\npermalink: /lectures/lec8-time-clocks\n---\n",
        "_lectures/lec9.md": "---\ntitle: AWS\npermalink: /lectures/lec9-aws\n---\n",  # no day keys it
    })
    loaded = load_site(site)
    # a page two days key is dated by the first of them
    assert {s.slug: s.date for s in loaded.sessions} == {
        "lec1": dt.date(2024, 8, 28), "lec8": dt.date(2024, 9, 23), "lec9": None}
    assert loaded.site.data_schedule.files == ("schedule.md",)


def test_a_schedule_data_entry_keys_the_rows_of_another_data_file(tmp_path):
    assert intro_lecture_dates(tmp_path, "X Spring 2024", {
        "_data/calendar.yml": "- date: 2024-01-16\n  content: intro\n- date: 2024-01-18\n  content: other\n",
        "_data/topics.yml": "intro:\n  page: /lectures/intro/\nother:\n  name: Not a page\n",
    }) == [dt.date(2024, 1, 16)]


def test_a_syllabus_html_table_row_dates_the_session_page_it_links(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: Seminar\ncollections:\n  lectures: {output: true}\n",
        "syllabus.md": (
            "---\ntitle: Syllabus\n---\n<table>\n"
            "<tr><th> 1 </th><td> 08/29/2016 </td><td><h4>Overview</h4></td></tr>\n"
            '<tr><th> 2 </th><td> 09/12/2016 </td><td><h4><a href="{{ site.baseurl }}/lectures/rendezvous.html">'
            "Data-Centric Programming</a></h4></td></tr>\n"
            "<tr><th> 3 </th><td> 09/19/2016 </td><td><a href=\"{{ site.baseurl }}/lectures/hardware.html\">"
            "Trusted Hardware</a></td></tr>\n</table>\n"
        ),
        "_lectures/rendezvous.md": "---\ntitle: Data-Centric Programming\n---\n",
        "_lectures/hardware.md": "---\ntitle: Trusted Hardware\n---\n",
    })
    loaded = load_site(site)
    assert [(s.slug, s.date) for s in loaded.sessions] == [
        ("hardware", dt.date(2016, 9, 19)), ("rendezvous", dt.date(2016, 9, 12))]
    assert loaded.site.data_schedule.files == ("syllabus.md",)


def test_the_schedule_table_row_wins_over_the_page_own_date_key_and_lends_it_the_year(tmp_path):
    # the collection's overview page (a table of its meetings) dates them; 03's class_date is a copy of 02's
    site = write(tmp_path, {
        "_config.yml": "title: Intro to DH\ncollections:\n  classes: {output: true}\n",
        "_classes/00-overview.md": (
            "---\ntitle: ''\npermalink: /classes/00-overview\n---\n| Week | Date | Topic |\n|--|--|--|\n"
            "| 1 | Aug 29 | [What is DH?]({{site.baseurl}}/classes/01-what-is-dh) |\n"
            "| 2 | Sep 5 | [Data]({{site.baseurl}}/classes/02-data) |\n"
            "| 3 | Sep 12 | [Text]({{site.baseurl}}/classes/03-text) |\n"
            "| 4 | Sep 19 | Class choice |\n"
        ),
        "_classes/01-what-is-dh.md": "---\ntitle: What is DH?\nclass_date: 2024-08-29\n---\n## Readings\n",
        "_classes/02-data.md": "---\ntitle: Data\nclass_date: 2024-09-05\n---\n## Readings\n",
        "_classes/03-text.md": "---\ntitle: Text\nclass_date: 2024-09-05\n---\n## Readings\n",
        "_classes/04-choice.md": "---\ntitle: Class choice\nclass_date: 2024-09-19\n---\n## Readings\n",
    })
    dates = {s.slug: s.date for s in load_site(site).sessions}
    assert dates == {"01-what-is-dh": dt.date(2024, 8, 29), "02-data": dt.date(2024, 9, 5),
                     "03-text": dt.date(2024, 9, 12), "04-choice": dt.date(2024, 9, 19)}
