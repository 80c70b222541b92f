"""Front matter lists that the site's layouts print as reading lists through a loop
(bot/course/readings/layout_loops.py, read through readings.layout_fields)."""

import time
from pathlib import Path

from bot.course.load import load_site
from bot.course.readings.front_matter import front_matter_readings
from bot.course.readings.layout_fields import layout_reading_fields, shown_field_readings
from bot.course.readings.layout_loops import layout_loop_fields, loop_field_readings

LAYOUT = """---
layout: default
---
<div class="lecture">
  <h1>Lecture on {{ page.title }}</h1>
  <section>
    <h2>Materials</h2>
    <ul>
      {% if page.files.slides %}<li><a href="{{ page.files.slides }}">Slides</a></li>{% endif %}
      {% if page.files.textbook_sections %}
      <li>Textbook reading
        <ul>
          {% for section in page.files.textbook_sections %}
          <li><a href="{{ section.link }}">{{ section.number }}</a></li>
          {% endfor %}
        </ul>
      </li>
      {% endif %}
      <li><a href="{{ page.files.notebook }}">Jupyter Notebook</a></li>
      {% for item in page.files.additional_files %}
        {% if item.name and item.link %}<li><a href="{{ item.link }}">{{ item.name }}</a></li>{% endif %}
      {% endfor %}
    </ul>
  </section>
  <div class="tags">{% for tag in page.tags %}<a href="{{ site.baseurl }}/tag/{{ tag }}">{{ tag }}</a>{% endfor %}</div>
</div>
"""

FILES = {
    "slides": "https://docs.example.org/s1",
    "textbook_sections": [
        {"number": 1.2, "link": "https://book.example.org/ch01/02_testing.html"},
        {"number": '2.2 (up to "Educated Guess" section)', "link": "https://book.example.org/ch02/02.html"},
    ],
    "notebook": "https://example.org/nb.ipynb",
}


def _rows(readings):
    return [(r.section, r.required, r.title, r.urls) for r in readings]


def test_a_loop_inside_an_element_labelled_reading_is_a_reading_list_at_its_nested_path():
    fields = layout_loop_fields(LAYOUT)
    assert ("files.textbook_sections", "Textbook reading", "{{number}}", "{{link}}") in fields
    found = loop_field_readings({"files": FILES}, fields)
    assert _rows(found) == [
        (None, True, "1.2", ("https://book.example.org/ch01/02_testing.html",)),
        (None, True, '2.2 (up to "Educated Guess" section)', ("https://book.example.org/ch02/02.html",)),
    ]


def test_a_loop_under_a_neutral_heading_reads_only_linked_entries_naming_a_written_work():
    fields = layout_loop_fields(LAYOUT)
    # the loop's own label is the section's heading: the sibling items' link texts are no label
    assert ("files.additional_files", "Materials", "{{name}}", "{{link}}") in fields
    files = {"additional_files": [
        {"name": "Chapter 4 of Bandits book by Lattimore and Szepesvari", "link": "https://example.org/book.pdf"},
        {"name": "Study sheet", "link": "https://example.org/sheet.pdf"},
        {"name": "Lecture 3 slides", "link": "https://example.org/slides.pdf"},
        {"name": "Chapter 5 of the same book"},
        {"name": None, "link": None},
    ]}
    assert _rows(loop_field_readings({"files": files}, fields)) == [
        (None, True, "Chapter 4 of Bandits book by Lattimore and Szepesvari", ("https://example.org/book.pdf",))]


def test_a_mapping_where_the_loop_expects_a_list_gives_nothing():
    fields = layout_loop_fields(LAYOUT)
    files = {"additional_files": {"name": "Testing by betting", "link": "https://example.org/betting.pdf"},
             "textbook_sections": {"number": 1.1, "link": "https://book.example.org/ch01.html"}}
    assert loop_field_readings({"files": files}, fields) == []


def test_a_loop_over_tags_or_under_a_label_of_other_matter_is_no_reading_list():
    fields = layout_loop_fields(LAYOUT)
    assert loop_field_readings({"tags": ["reading group", "papers"]}, fields) == []  # a site-relative link each
    other = """<h3>Slides</h3><ul>{% for s in page.slides %}<li><a href="{{ s.url }}">{{ s.title }}</a></li>{% endfor %}</ul>
<ul><li>Reading: see below</li><li>Extras</li>{% for x in page.extras %}<li>{{ x }}</li>{% endfor %}</ul>
<div>{% for p in page.people %}<span>{{ p.name }}</span>{% endfor %}</div>"""
    assert layout_loop_fields(other) == []


def test_a_closed_list_item_labelled_reading_does_not_label_a_later_loop_of_the_list():
    layout = """<ul><li>Textbook reading: {{ page.textbook }}</li><li><a href="{{ page.r }}">Readings</a></li>
{% for v in page.videos %}<li><a href="{{ v.url }}">{{ v.name }}</a></li>{% endfor %}</ul>"""
    assert layout_loop_fields(layout) == []


def test_a_label_in_the_loop_body_or_a_heading_before_the_list_labels_the_loop():
    layout = """<h3>Optional papers</h3>
<ul>{% for p in page.extra %}<li><a href="https://arxiv.org/abs/{{ p.arxiv }}">{{ p.authors }}: {{ p.title }}</a></li>{% endfor %}</ul>
<ol>{% for r in page.items %}<li><strong>Reading:</strong> <a href="{{ r.url }}">{{ r.name | markdownify }}</a></li>{% endfor %}</ol>"""
    fields = layout_loop_fields(layout)
    assert fields == [("extra", "Optional papers", "{{authors}}: {{title}}", "https://arxiv.org/abs/{{arxiv}}"),
                      ("items", "Reading", "{{name}}", "{{url}}")]
    meta = {"extra": [{"authors": "Vaswani et al.", "title": "Attention", "arxiv": "1706.03762"}],
            "items": [{"name": "The Unix Philosophy", "url": "https://example.org/unix"}, {"name": "TBD"}]}
    assert _rows(loop_field_readings(meta, fields)) == [
        (None, False, "Vaswani et al.: Attention", ("https://arxiv.org/abs/1706.03762",)),
        (None, True, "The Unix Philosophy", ("https://example.org/unix",))]


def test_a_markdown_link_pasted_into_a_link_field_gives_each_address_once():
    fields = [("files.textbook_sections", "Textbook reading", "{{number}}", "{{link}}")]
    link = "https://b.org/01.html](https://b.org/02.html](https://b.org/02.html"
    found = loop_field_readings({"files": {"textbook_sections": [{"number": 1.2, "link": link}]}}, fields)
    assert _rows(found) == [(None, True, "1.2", ("https://b.org/01.html", "https://b.org/02.html"))]


def test_a_loop_over_a_list_the_front_matter_already_reads_adds_no_second_reading():
    layout = """<h2>Readings</h2><ul>{% for r in page.readings %}<li><a href="{{ r.url }}">{{ r.title }}</a></li>{% endfor %}</ul>"""
    fields = layout_reading_fields([layout])
    assert fields == (("readings", "Readings", "{{title}}", "{{url}}"),)
    known = loop_field_readings({"readings": [{"title": "A Paper", "url": "https://x.org/a"}]}, list(fields))
    assert shown_field_readings({"readings": [{"title": "A Paper", "url": "https://x.org/a"}]}, fields, known) == []
    # printed otherwise than the front matter lists read it (a row: date, then title, no link): still theirs
    layout = """<h2>Reading list</h2><table>{% for r in page.readings %}<tr><td>{{ r.date }}</td><td>{{ r.title }}</td></tr>{% endfor %}</table>"""
    fields = layout_reading_fields([layout])
    assert fields == (("readings", "Reading list", "{{date}} {{title}}", ""),)
    meta = {"readings": [{"date": "Jan 5", "title": "A Paper", "url": "https://x.org/a"}]}
    known = front_matter_readings(meta)
    assert [r.title for r in known] == ["A Paper"]
    assert shown_field_readings(meta, fields, known) == []


def test_a_loop_inside_a_liquid_or_html_comment_is_not_read():
    layout = """{% comment %}<h2>Readings</h2>{% for r in page.old %}<a href="{{ r.url }}">{{ r.title }}</a>{% endfor %}{% endcomment %}
<!-- <h2>Readings</h2>{% for r in page.older %}<a href="{{ r.url }}">{{ r.title }}</a>{% endfor %} -->"""
    assert layout_loop_fields(layout) == []


def test_hostile_layouts_are_read_in_bounded_time():
    loop = '<li>Readings<ul>{% for r in page.r %}<a href="{{ r.url }}">{{ r.title }}</a>{% endfor %}</ul></li>'
    for junk in ("<" * 200_000, "{{" * 100_000, "{%" * 100_000, "<a " * 60_000, "<div>" * 40_000,
                 "{% for x in page.a %}" * 9_000, "{{ r.title | " * 15_000):
        started = time.process_time()
        layout_loop_fields(junk + loop)
        layout_loop_fields(loop + junk)
        assert time.process_time() - started < 2.0, junk[:10]


def test_a_site_whose_layout_loops_over_a_nested_reading_list_reads_it_for_its_posts(tmp_path: Path):
    (tmp_path / "_config.yml").write_text("collections:\n  lectures:\n    output: true\n")
    (tmp_path / "_layouts").mkdir()
    (tmp_path / "_layouts" / "lecture.html").write_text(LAYOUT)
    (tmp_path / "_lectures").mkdir()
    (tmp_path / "_lectures" / "01.md").write_text(
        "---\nlayout: lecture\ntitle: Hypothesis Testing\ndate: 2025-09-04\nfiles:\n"
        "  slides: https://docs.example.org/s1\n  textbook_sections:\n    - number: 1.2\n"
        "      link: https://book.example.org/ch01/02_testing.html\n  additional_files:\n    name:\n    link:\n---\n")
    (tmp_path / "_lectures" / "02.md").write_text("---\nlayout: lecture\ntitle: Review\ndate: 2025-09-09\n---\n")
    sessions = load_site(tmp_path).sessions
    assert [(s.slug, [(r.title, r.urls) for r in s.readings]) for s in sessions] == [
        ("01", [("1.2", ("https://book.example.org/ch01/02_testing.html",))]), ("02", [])]


def test_an_include_file_looping_over_a_page_reading_list_is_read_as_a_layout_is(tmp_path: Path):
    (tmp_path / "_config.yml").write_text("collections:\n  lectures:\n    output: true\n")
    (tmp_path / "_layouts").mkdir()
    (tmp_path / "_layouts" / "lecture.html").write_text("<article>{{ content }}{% include materials.html %}</article>")
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "materials.html").write_text(
        "<p><b>Readings:</b></p>\n<ul>{% for r in page.materials.books %}"
        "<li><a href='{{ r.href }}'>{{ r.label }}</a></li>{% endfor %}</ul>\n")
    (tmp_path / "_lectures").mkdir()
    (tmp_path / "_lectures" / "01.md").write_text(
        "---\ntitle: Intro\ndate: 2025-09-04\nmaterials:\n  books:\n    - label: Sipser 1.1\n"
        "      href: https://book.example.org/1.1\n---\n\nHello.\n")
    sessions = load_site(tmp_path).sessions
    assert [(r.title, r.urls, r.required) for r in sessions[0].readings] == [
        ("Sipser 1.1", ("https://book.example.org/1.1",), True)]


def test_a_loop_printing_thousands_of_fields_per_entry_costs_no_time_per_entry():
    layout = ('<li>Readings<ul>{% for r in page.r %}<li><a href="{{ r.url }}">' + "{{ r.t }} " * 15_000
              + "</a></li>{% endfor %}</ul></li>")
    entries = [{"t": f"x{i}", "url": f"https://e.org/{i}"} for i in range(1000)]
    started = time.process_time()
    readings = loop_field_readings({"r": entries}, layout_loop_fields(layout))
    assert time.process_time() - started < 2.0
    assert readings == []


def test_an_include_file_symlinked_outside_the_site_is_refused_and_named(tmp_path: Path):
    site, outside = tmp_path / "site", tmp_path / "outside.html"
    outside.write_text("<h2>Readings</h2><ul>{% for r in page.secret %}<li><a href='{{ r.u }}'>{{ r.t }}</a></li>"
                       "{% endfor %}</ul>")
    (site / "_includes").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Course\n")
    (site / "_includes" / "m.html").symlink_to(outside)
    from bot.course.site import open_site

    opened = open_site(site)
    assert not any(f[0] == "secret" for f in opened.reading_fields if len(f) == 4)
    assert [(p.file, p.severity) for p in opened.problems if "outside the site" in p.message] == [
        ("_includes/m.html", "error")]


def test_nested_page_loops_around_thousands_of_anchors_are_read_in_bounded_time():
    head = "<li>Readings<ul>" + "".join(f"{{% for r{i} in page.p{i} %}}" for i in range(32))
    for unit in ("<a href=x>", "<a href={{r0.u}}>", "{{ r0.t }}"):
        layout = head + unit * (190_000 // len(unit)) + "{{ r0.t }}" + "{% endfor %}" * 32
        started = time.process_time()
        layout_loop_fields(layout)
        assert time.process_time() - started < 0.5, unit
