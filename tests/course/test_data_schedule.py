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


def test_a_link_under_another_collection_folder_does_not_date_a_session_of_the_same_name(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: CS 1 Fall 2024\ncollections:\n  lectures: {output: true}\n",
        "_data/schedule.yml": "- date: 2024-09-03\n  link: exercises/intro\n- date: 2024-09-05\n  link: intro\n",
        "_lectures/intro.md": "---\ntitle: Intro\n---\n",
    })
    assert [s.date for s in load_site(site).sessions] == [dt.date(2024, 9, 5)]


def test_posts_are_linked_by_their_dated_url_and_the_own_date_of_a_session_comes_first(tmp_path):
    site = write(tmp_path, {
        "_config.yml": "title: Seminar\n",
        "_data/calendar.yml": ("- date: 2015-01-27\n  url: /2015/01/20/lecture-1/\n"
                               "- date: 2015-02-03\n  url: /2015/01/22/lecture-2/\n"),
        "_posts/2015-01-20-lecture-1.md": "---\ntitle: One\n---\n",
        "_posts/2015-01-22-lecture-2.md": "---\ntitle: Two\ndate: 2015-01-29\n---\n",
    })
    # a post's file name dates it (Jekyll's own date): the data entry does not move it
    assert [s.date for s in load_site(site).sessions] == [dt.date(2015, 1, 20), dt.date(2015, 1, 29)]


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
