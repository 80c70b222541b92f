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


def readings_of(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_setup_steps_and_the_lines_nested_under_them_are_not_readings() -> None:
    body = (
        "Class\n"
        ": **Lab**{: .label .label-yellow } Set up the tools\n"
        ": [Install the annotation bookmarklet](https://tool.example.org/)\n"
        "  : [Walkthrough](https://guide.example.org/annotate)\n"
        ": [Create a GitHub account](https://github.com/)\n"
        ": [The Craft of Research](https://book.example.org/craft)\n"
    )
    assert readings_of(body) == [("Class", True, "The Craft of Research", ("https://book.example.org/craft",))]


def test_a_list_under_a_reading_badge_holds_readings_even_under_a_due_term() -> None:
    body = (
        "Due by today\n\n"
        ": **Annotate**{: .label .label-purple }\n"
        "  - Risam, [\"The Stakes of Digital Work\"](https://a.example.org/risam.pdf) in *New Worlds*\n\n"
        ": **Watch**{: .label .label-green }\n"
        "  - Posner, [\"How Did They Make That?\"](https://v.example.org/posner) (~40 minutes)\n\n"
        ": **Submit**{: .label .label-blue }\n"
        "  - [Pick a week to lead discussion](https://sheet.example.org/x)\n"
        "  - [Reflection essay](https://lms.example.org/essay)\n\n"
        "Bonus\n"
        ": Further reading\n"
        "    : [Open Access Essay](https://lib.example.org/oa)\n"
    )
    assert readings_of(body) == [
        ("Due by today", True, "The Stakes of Digital Work", ("https://a.example.org/risam.pdf",)),
        ("Due by today", True, "How Did They Make That?", ("https://v.example.org/posner",)),
        ("Bonus", False, "Open Access Essay", ("https://lib.example.org/oa",)),
    ]


def test_a_commented_out_meeting_day_is_not_read() -> None:
    body = (
        "2/03\n: [Shown Paper On Sensing](https://a.example.org/p)\n\n\n"
        "<!-- 2/04\n: [Hidden Paper On Energy](https://hidden.example.org/e)<br /> A. Author\n\n"
        "2/06\n: [Another Hidden Paper](https://hidden.example.org/f)  -->\n\n"
        "2/10\n: [Later Shown Paper](https://b.example.org/q)\n"
    )
    readings, _ = extract_readings(body)
    assert [(r.section, r.title) for r in readings] == [
        ("2/03", "Shown Paper On Sensing"), ("2/10", "Later Shown Paper")]
    assert readings[1].line == 12  # the line numbers after the comment stay the file's


def test_a_paper_line_with_an_empty_link_is_still_a_reading() -> None:
    body = (
        "3/02\n: [Slides]()\n: [Quiet Rooms: Acoustic Sensing at Home](https://a.example.org/q), A. Author (MobiSys 2020)\n"
        ": [Loud Rooms: Noise Cancellation for Everyone](), B. Author, C. Author (SIGCOMM 2018)\n"
    )
    assert [(r.title, list(r.urls)) for r in extract_readings(body)[0]] == [
        ("Quiet Rooms: Acoustic Sensing at Home", ["https://a.example.org/q"]),
        ("Loud Rooms: Noise Cancellation for Everyone", []),
    ]


def test_a_bonus_badge_or_note_marks_a_definition_line_optional():
    body = ("Sep 13\n: [Protean: VM Allocation at Scale](https://a.example.org/p.pdf)\n"
            ": **Bonus**{: .label .label-bonus } [RAS: Region-Wide Resource Allocation](https://b.example.org/r.pdf)\n"
            ": [Borg, Omega, and Kubernetes](https://c.example.org/b.pdf) (bonus)\n")
    assert [(title, required) for _, required, title, _ in readings_of(body)] == [
        ("Protean: VM Allocation at Scale", True), ("RAS: Region-Wide Resource Allocation", False),
        ("Borg, Omega, and Kubernetes", False)]


ACTIVITY_LABELS = """Mon Jan 3
: [Introduction](../lectures/introduction)
  : **Lecture**{: .label .label-purple } **Discussion**{: .label .label-green }
: Discussion paper:
  - [On Foundation Models](https://arxiv.org/pdf/2108.07258.pdf) (section 1).

Wed Jan 5
: Readings for discussion:
  - [Stochastic Parrots](https://dl.acm.org/doi/10.1145/3442188.3445922)
: Final paper:
  - [Project report template](https://course.example.org/report.pdf)
: Lab:
  - [Notebook setup](https://course.example.org/lab1)
"""


def test_a_label_naming_reading_matter_for_a_class_activity_labels_readings() -> None:
    """``Discussion paper:`` or ``Readings for discussion:`` over a list: the works read for the discussion;
    a deliverable (``Final paper``) or an activity alone (``Lab``, a ``Lecture``/``Discussion`` badge row)
    stays other class matter."""
    got = [(r.section, r.title, r.urls) for r in extract_readings(ACTIVITY_LABELS)[0]]
    assert got == [
        ("Mon Jan 3", "On Foundation Models", ("https://arxiv.org/pdf/2108.07258.pdf",)),
        ("Wed Jan 5", "Stochastic Parrots", ("https://dl.acm.org/doi/10.1145/3442188.3445922",)),
    ]


TOPIC_LINES = """Jan 24
: [Probability](https://notes.example.org/prob.html) & [Estimation](https://notes.example.org/est.html) Review
  : - [Experimentology 5.1](https://experimentology.example.org/005.html)
    - [Cumming (2014)](https://papers.example.org/c.pdf)

Jan 26
: [Regression](https://notes.example.org/reg.html) Review

Jan 29
: [Model comparison](#)
  : - [Oberauer (2019)](https://papers.example.org/o.pdf)
: **Read**{: .label .label-green } [The Garden of Forking Paths](https://papers.example.org/g.pdf)
"""


def test_topic_lines_over_nested_readings_are_not_readings() -> None:
    # a list whose lines have the works nested under them: each linked line is the meeting's topic (its notes),
    # on a day with nothing nested too; a line a reading badge marks is still a reading
    got = [(r.section, r.title, r.urls) for r in extract_readings(TOPIC_LINES)[0]]
    assert got == [
        ("Jan 24", "Experimentology 5.1", ("https://experimentology.example.org/005.html",)),
        ("Jan 24", "Cumming (2014)", ("https://papers.example.org/c.pdf",)),
        ("Jan 29", "Oberauer (2019)", ("https://papers.example.org/o.pdf",)),
        ("Jan 29", "The Garden of Forking Paths", ("https://papers.example.org/g.pdf",)),
    ]


def test_a_nested_video_under_a_lecture_keeps_the_flat_lines() -> None:
    # the nested line is the lecture's video, not readings: the list is flat, each linked line a work
    text = """09/08
: [Lecture 4](https://course.example.org/l4.pdf)
  : [Video](https://ed.example.org/v/4)
: [A Study of Functions](https://a.example.org/f.pdf)
"""
    assert [r.title for r in extract_readings(text)[0]] == ["A Study of Functions"]


ACTIVITY_CHILDREN = """Mar 6
: **Lecture**{: .label .label-blue }[Concurrency](/slides/lec06.pdf)
    : **Read**{: .label .label-green}[Operating Systems Basics](https://ex.org/ch5.pdf), [Process API](https://ex.org/ch6.pdf)
: **Lab 2 Out**{: .label .label-purple } [Lab 2: User Programs](https://ex.org/lab2)
    : **Paper**{: .label .label-green}[NSDI'11 DRF](https://ex.org/drf)
: [Caching for Functions](https://ex.org/caching.pdf)

Mar 8
: **Guest Lecture**{: .label .label-blue }[Jolteon](https://ex.org/jolteon)
    : **Paper**{: .label .label-green}[NSDI'24 Jolteon](https://ex.org/jolteon)
: **Lecture**{: .label .label-blue }[Scheduling](https://ex.org/slides/lec08.pdf)
    : Optional reading: [Locks Are Hard](https://ex.org/locks.pdf)
    : [Video](https://ex.org/v8)
    : [Walkthrough of the Scheduler](https://ex.org/walk)
"""


def test_a_reading_labelled_line_under_an_activity_line_is_judged_by_its_own_label() -> None:
    # the lecture's slides, the lab handout and the guest lecture's own links are no readings, nor are the
    # unlabelled lines under them (its video, a walkthrough); a line its own badge or lead-in labels as
    # reading matter is a reading; a flat paper line beside them stays one
    assert readings_of(ACTIVITY_CHILDREN) == [
        ("Mar 6", True, "Operating Systems Basics", ("https://ex.org/ch5.pdf",)),
        ("Mar 6", True, "Process API", ("https://ex.org/ch6.pdf",)),
        ("Mar 6", True, "NSDI'11 DRF", ("https://ex.org/drf",)),
        ("Mar 6", True, "Caching for Functions", ("https://ex.org/caching.pdf",)),
        ("Mar 8", True, "NSDI'24 Jolteon", ("https://ex.org/jolteon",)),
        ("Mar 8", False, "Locks Are Hard", ("https://ex.org/locks.pdf",)),
    ]


def test_a_simulator_badge_or_an_archive_link_is_not_a_reading() -> None:
    body = (
        "Feb 25\n"
        ": &emsp;\n"
        "    : **Simulator**{: .label .label-green}[Ch26](https://ex.org/hw/threads.tgz), [Ch27](https://ex.org/hw/api.tgz)\n"
        ": [Thread Exercises](https://ex.org/hw/exercises.zip)\n"
        ": **Read**{: .label .label-green}[Collected Essays](https://ex.org/essays.zip)\n"
        ": [Old Paper on Threads](https://ex.org/threads.ps.gz)\n"
    )
    # code to download and run is no reading; a reading badge over an archive keeps it one
    assert [(title, urls) for _, _, title, urls in readings_of(body)] == [
        ("Collected Essays", ("https://ex.org/essays.zip",)),
        ("Old Paper on Threads", ("https://ex.org/threads.ps.gz",)),
    ]
