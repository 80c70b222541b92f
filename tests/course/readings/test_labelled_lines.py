"""Single labelled works, self-marked optional items, raw-HTML anchors, and sections about other class work
(shapes.py: labelled_work; citations.py: is_optional; inline.py: anchors; vocabulary: section names)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_bold_label_naming_a_paper_over_one_linked_work_is_a_reading_with_that_lead() -> None:
    body = (
        "**Main paper:** [Sparse Coding in Practice](https://arxiv.org/abs/2001.00001) (Ito et al., 2020)\n\n"
        "**Background:** [Dictionary Learning, a Primer](https://arxiv.org/abs/1901.00002)\n\n"
        "**Discussion lead:** Priya\n"
    )
    assert found(body) == [
        ("Main paper", True, "Sparse Coding in Practice", ("https://arxiv.org/abs/2001.00001",)),
        ("Background", False, "Dictionary Learning, a Primer", ("https://arxiv.org/abs/1901.00002",)),
    ]


def test_label_about_other_matter_over_a_link_is_not_a_reading() -> None:
    assert found("**Slides:** [Week 3 deck](https://slides.example.org/w3)\n") == []


def test_item_opening_with_an_optional_label_is_not_required() -> None:
    body = "## Readings\n\n- [Paper A](https://a.org/1)\n- **Optional:** [Paper B](https://b.org/2)\n"
    assert [(t, req) for _, req, t, _ in found(body)] == [("Paper A", True), ("Paper B", False)]


def test_raw_html_anchor_text_is_the_title_of_a_citation() -> None:
    body = (
        "## Readings\n\n"
        '- <a href="https://arxiv.org/abs/1706.03762" target="_blank">Attention Is All You Need</a>\n'
        '- <a href="https://arxiv.org/abs/1810.04805">BERT</a>, Devlin et al.\n'
    )
    assert [t for _, _, t, _ in found(body)] == ["Attention Is All You Need", "BERT"]


def test_link_to_the_lecture_recording_is_not_a_reading() -> None:
    body = '<a href="https://zoom.example.com/rec/1" target="_blank">Video from Today\'s Lecture</a>\n\nToday we review.\n'
    assert found(body) == []


def test_generic_link_in_a_section_named_for_class_activity_is_not_a_reading() -> None:
    body = (
        "## Pre-class reading\n\n- [Paper A](https://a.org/1)\n\n"
        "## In-class activity\n\n- [Colab notebook](https://colab.research.google.com/x)\n\n"
        "## Materials\n\n- [Slides](https://x.org/slides.pdf)\n"
    )
    assert [t for _, _, t, _ in found(body)] == ["Paper A"]


def test_reading_assignment_section_holds_readings() -> None:
    body = "## Reading assignment\n\nRead sections 1-3 of [Paper A Title](https://a.org/1) before class.\n"
    assert found(body) == [("Reading assignment", True, "Paper A Title", ("https://a.org/1",))]


def test_paragraphs_asking_to_watch_or_read_one_work_are_readings_under_any_heading() -> None:
    # the labels say the section lists works to watch or read, whatever its (misspelled) name; the label is a
    # lead-in, not part of the title, and the player that embeds the same video adds no link
    body = (
        "## Preparatory Matrials\n"
        "**Watch Video:** [Null Hypothesis Significance Testing](https://youtu.be/B2_UJGs0hLI)\n\n"
        '<iframe src="https://www.youtube.com/embed/B2_UJGs0hLI"></iframe>\n\n'
        "**Watch Video:** [P-Values and Significance Tests](https://youtu.be/KS6KEWaoOOE)\n\n"
        "**Read Article:** [Human Experimentation](https://example.org/h) (Authors: A. Author)\n\n"
        "## Cheat Sheets\n"
        "-   **Read Article:** [Choosing the Correct Statistical Test](https://example.org/whatstat/)\n"
    )
    assert found(body) == [
        ("Preparatory Matrials", True, "Null Hypothesis Significance Testing", ("https://youtu.be/B2_UJGs0hLI",)),
        ("Preparatory Matrials", True, "P-Values and Significance Tests", ("https://youtu.be/KS6KEWaoOOE",)),
        ("Preparatory Matrials", True, "Human Experimentation", ("https://example.org/h",)),
        ("Cheat Sheets", True, "Choosing the Correct Statistical Test", ("https://example.org/whatstat/",)),
    ]


def test_paragraphs_asking_to_watch_a_work_are_read_beside_a_section_named_for_readings() -> None:
    body = (
        "## Preparatory Materials\n"
        "**Watch Video:** [Type I and Type II Errors](https://youtu.be/Hdbbx7DIweQ)\n\n"
        "## Additional Reading Materials\n"
        "1.  **Read:** [Chapter 4](https://example.org/ch4.pdf) _Research Methods in HCI._\n\n"
        "## Lecture Slides\n"
        "- [Week 6 slides](https://example.org/w6.pdf)\n"
    )
    assert [(s, req, t) for s, req, t, _ in found(body)] == [
        ("Preparatory Materials", True, "Type I and Type II Errors"),
        ("Additional Reading Materials", False, "Research Methods in HCI"),
    ]


def test_a_label_asking_for_something_else_over_a_link_is_still_not_a_reading() -> None:
    assert found("## Preparatory Matrials\n**Fill in:** [The survey](https://example.org/s)\n\n"
                 "**Watch later:** [Week 3 recording](https://example.org/r)\n") == []
