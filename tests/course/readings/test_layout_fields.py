"""Front matter fields that the site's layouts print as readings (bot/course/readings/layout_fields.py)."""

from pathlib import Path

from bot.course.load import load_site
from bot.course.readings.layout_fields import layout_reading_fields, shown_field_readings

LAYOUT = """<div>
  <h2>Lecture {{ page.number }}: {{ page.title }}</h2>
  <ul>
    <li>Weekly Quiz: [<a href="{{ page.quiz }}">Google Form</a>]</li>
    <li>Slides: [<a href="{{ page.slides_pdf }}">PDF</a>]</li>
    {% if page.textbook %}
    <li>
      Additional reading: {{ page.textbook }}
    </li>
    {% endif %}
    <li><strong>Reading:</strong> {{ page.paper | markdownify }}</li>
    <li>Zoom Passcode: {{ page.passcode }}</li>
    <li>Location: {{ page.location }}</li>
  </ul>
  {{ content }}
</div>
"""


def test_a_layout_field_after_a_reading_label_is_a_reading_field_and_others_are_not():
    assert layout_reading_fields([LAYOUT]) == (("textbook", "Additional reading"), ("paper", "Reading"))


def test_a_field_inside_a_tag_is_a_link_target_not_shown_text():
    assert layout_reading_fields(['<li>Reading: <a href="{{ page.reading }}">PDF</a></li>']) == ()


def test_a_reading_field_gives_one_reading_required_as_its_label_says():
    fields = (("textbook", "Additional reading"), ("paper", "Reading"))
    found = shown_field_readings({"title": "T", "textbook": "CLRS sections 1.1, 1.2"}, fields)
    assert [(r.section, r.required, r.title, r.urls) for r in found] == [
        (None, False, "CLRS sections 1.1, 1.2", ())]
    found = shown_field_readings({"paper": "[Attention Is All You Need](https://arxiv.org/abs/1706.03762)"}, fields)
    assert [(r.required, r.title, r.urls) for r in found] == [
        (True, "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))]


def test_a_reading_field_holding_a_placeholder_or_only_an_address_names_no_work():
    fields = (("textbook", "Additional reading"),)
    assert shown_field_readings({"textbook": "TBD"}, fields) == []
    assert shown_field_readings({"textbook": "/assets/ch1.pdf"}, fields) == []


def test_a_site_whose_layout_prints_a_field_as_reading_reads_it_for_its_posts(tmp_path: Path):
    (tmp_path / "_config.yml").write_text("collections:\n  lectures:\n    output: true\n")
    (tmp_path / "_layouts").mkdir()
    (tmp_path / "_layouts" / "lecture.html").write_text(LAYOUT)
    (tmp_path / "_lectures").mkdir()
    (tmp_path / "_lectures" / "lecture-00.md").write_text(
        "---\ntitle: Welcome\ntime: 2022-08-18 14:00\ntextbook: CLRS sections 1.1, 1.2\n---\n\nHello.\n")
    (tmp_path / "_lectures" / "lecture-01.md").write_text("---\ntitle: Karatsuba\ntime: 2022-08-23 14:00\n---\n")
    sessions = load_site(tmp_path).sessions
    assert [(s.slug, [(r.title, r.required) for r in s.readings]) for s in sessions] == [
        ("lecture-00", [("CLRS sections 1.1, 1.2", False)]), ("lecture-01", [])]
