"""Definition lists as schedules: term = section, one reading per line that links a work by name."""

from bot.course.readings import extract_readings

MODULE = """**Week 2**

09/08
: [Lec4: Serverless basics](/course/assets/lec4.pdf)
  : [Video](https://ed.example.org/v/4)

: Reading: [A Study of Functions](https://a.example.org/f.pdf);  [Cold Starts Considered [ATC'24]](https://b.example.org/c)

: **Survey questions:**{: .label .label-blue } [Link](https://ed.example.org/s/1)

09/10
: [Scheduling Lambdas at Scale](https://c.example.org/s)

: Fill out [**the project survey**](https://forms.gle/abc){:target="_blank"}

: [Caching for Functions](https://d.example.org/c) **(optional)**{: .label .label-yellow }

: **Reading day (no class)**{: .label .label-green }
"""


def found():
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(MODULE)[0]]


def test_each_work_line_is_a_reading_under_its_term() -> None:
    assert found() == [
        ("09/08", True, "A Study of Functions", ("https://a.example.org/f.pdf",)),
        ("09/08", True, "Cold Starts Considered [ATC'24]", ("https://b.example.org/c",)),
        ("09/10", True, "Scheduling Lambdas at Scale", ("https://c.example.org/s",)),
        ("09/10", False, "Caching for Functions", ("https://d.example.org/c",)),
    ]


def test_slides_videos_surveys_forms_and_badges_are_not_readings() -> None:
    titles = " ".join(t for _, _, t, _ in found())
    for word in ("Lec4", "Video", "Survey", "survey", "Reading day"):
        assert word not in titles


TEMPLATE = """Aug 29
: **Lecture**{: .label .label-purple }[Introduction](https://course.example.org/slides/intro.pdf)
  : [Slides](https://course.example.org/s1) · [Video](https://course.example.org/v1)
: **Reading**{: .label .label-green } [The Art of Testing Things](https://book.example.org/ch1)
: **Due**{: .label .label-red } [Project 0](https://course.example.org/p0)
"""


def test_template_badges_tell_lectures_and_dues_from_readings() -> None:
    got = [(r.section, r.title, r.urls) for r in extract_readings(TEMPLATE)[0]]
    assert got == [("Aug 29", "The Art of Testing Things", ("https://book.example.org/ch1",))]


def test_readings_term_with_citation_lines() -> None:
    body = "Readings\n: Ann Author, [A Paper About Things](https://a.org/p) (2020)\n: [Video](https://v.org)\n"
    assert [(r.section, r.title) for r in extract_readings(body)[0]] == [("Readings", "A Paper About Things")]
