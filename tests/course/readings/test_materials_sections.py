"""A section named only "Materials": judged by its content and lead-in lines (vocabulary COVER_WORD_SECTION),
with lead-ins judged by what they give links to (shapes.lead_subject) and code repositories not read as works."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


NOTEBOOK = """## Materials

Below is the link to the online notebook:
- [Tutorial Online Notebook](https://ex.org/nb.html)

To run it locally, clone the repository below.
- [GitHub Repository for the Tutorial Module](https://github.com/ex/module)

Follow the steps below to set up the notebook:
- Have the [JupyterLab](https://jupyter.org/install) environment ready.
- Open the notebook file and start working on the tasks.

## Additional Resources

- [Random forests](https://ex.org/rf.pdf)
"""


def test_notebook_repository_and_setup_steps_under_materials_are_not_readings() -> None:
    assert found(NOTEBOOK) == [("Additional Resources", False, "Random forests")]


def test_works_listed_under_materials_are_still_readings() -> None:
    body = "## Materials\n\n- [The Art of Data Science](https://ex.org/ads.pdf)\n"
    assert found(body) == [("Materials", True, "The Art of Data Science")]


def test_a_lead_in_giving_links_to_papers_lists_works() -> None:
    body = "## Materials\n\nBelow are links to the papers:\n- [Induction of Decision Trees](https://ex.org/id3.pdf)\n"
    assert [t for _, _, t in found(body)] == ["Induction of Decision Trees"]


def test_links_for_something_naming_no_kind_judge_the_whole_lead_in() -> None:
    body = "Links for this week:\n\n- [Induction of Decision Trees](https://ex.org/id3.pdf)\n"
    assert [t for _, _, t in found(body)] == ["Induction of Decision Trees"]


def test_a_repository_under_a_readings_heading_is_kept() -> None:
    body = "## Readings\n\n- [GitHub repository of the Smell Pittsburgh dataset](https://github.com/ex/smell)\n"
    assert [t for _, _, t in found(body)] == ["GitHub repository of the Smell Pittsburgh dataset"]
