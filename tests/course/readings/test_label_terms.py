"""Definition lists whose terms are labels, not days ("Topics", "Featured", "Due", "Class", "Bonus"), with
label lines inside them (``: **Annotate**{: .label}``, ``: **Listen**``, ``: Read``, ``: **Lab**{: .label}``)
that say what the lines under or after them are (definitions.py, blocks.py, collect.py)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_a_read_line_closing_a_definition_list_introduces_the_list_at_the_margin_after_it() -> None:
    body = (
        "Extra Material\n"
        ": Read\n"
        "- Doe, Jane. “Maps of Forgotten Harbours in Port Towns” (March 3, 2016).\n"
        "- Roe, Kim. “Walking Tours as Public History,” Journal of Town Studies, 12:4, 10-31, "
        "https://doi.org/10.5555/jts.2019.0042.\n"
    )
    assert found(body) == [
        ("Extra Material", False, "Maps of Forgotten Harbours in Port Towns", ()),
        ("Extra Material", False, "Walking Tours as Public History", ("https://doi.org/10.5555/jts.2019.0042",)),
    ]


def test_citations_with_a_quoted_title_and_a_bare_address_under_a_read_line_are_readings() -> None:
    body = (
        "Bonus\n"
        ": Read\n"
        "  - Poe, Lee. “How a Street Sounds at Night: Notes on Listening,” City Quarterly 3:1 (2020), "
        "http://quarterly.example.org/3/1/poe.html.\n"
    )
    assert found(body) == [
        ("Bonus", False, "How a Street Sounds at Night: Notes on Listening", ("http://quarterly.example.org/3/1/poe.html",)),
    ]


def test_a_link_whose_text_is_its_own_address_does_not_title_a_citation() -> None:
    body = (
        "Bonus\n"
        ": Read\n"
        "  - Poe, Lee. “Ledgers and Letters in the Digital Archive.” Archive Notes 9:2 (2018). "
        "[http://notes.example.org/9/2](http://notes.example.org/9/2)\n"
    )
    assert [t for _, _, t, _ in found(body)] == ["Ledgers and Letters in the Digital Archive"]


def test_a_badge_line_labels_the_lines_after_it_up_to_the_next_badge_line() -> None:
    body = (
        "Due\n"
        ": **Annotate**{: .label .label-purple }\n"
        "  - Ames, [\"Counting the Crowd in Old Newspapers\"](https://a.example.org/ames)\n"
        ": Discussion leader: Sam\n"
        "  - Bell, [\"What a Dataset Leaves Out\"](https://b.example.org/bell)\n"
        ": **Submit**{: .label .label-blue }\n"
        "  - [Project proposal, part one](https://lms.example.org/proposal)\n\n"
        "Class\n"
        ": **Lab**{: .label .label-yellow }\n"
        ": Timeline building with [Chronoline](https://tool.example.org/chronoline)\n"
    )
    assert found(body) == [
        ("Due", True, "Counting the Crowd in Old Newspapers", ("https://a.example.org/ames",)),
        ("Due", True, "What a Dataset Leaves Out", ("https://b.example.org/bell",)),
    ]


def test_a_bold_listen_line_labels_its_list_as_reading_matter() -> None:
    body = (
        "Due\n"
        ": **Listen**\n"
        "  - Carr, *Past Sounds* (podcast) episode 3: [\"The Archive Hums\"](https://pod.example.org/3) and note what you hear.\n"
    )
    assert found(body) == [("Due", True, "The Archive Hums", ("https://pod.example.org/3",))]


def test_a_field_line_awaiting_its_value_does_not_label_the_lines_after_it() -> None:
    body = (
        "2/10\n"
        ": [Sensing Soil Moisture with Radio](https://a.example.org/soil), A. Author (Venue 2020)\n"
        ": *Presenter(s):*\n"
        ": [Batteryless Tags for Buildings](https://b.example.org/tags), B. Author (Venue 2021)\n"
    )
    assert [t for _, _, t, _ in found(body)] == ["Sensing Soil Moisture with Radio", "Batteryless Tags for Buildings"]


def test_research_guide_links_under_a_guides_label_are_not_readings() -> None:
    body = (
        "Bonus\n"
        ": City Library Research Guides\n"
        "    : [Oral History](https://guides.example.edu/oral), [Maps](https://guides.example.edu/maps)\n"
    )
    assert found(body) == []


def test_a_featured_term_or_line_over_project_links_is_not_readings() -> None:
    term = "Featured\n: - [Harbour Voices](https://voices.example.org/) (audio map)\n"
    line = "Featured\n- [Harbour Voices](https://voices.example.org/)\n- [Six Streets](https://six.example.org/)\n"
    assert found(term) == [] and found(line) == []
