"""A leading optional marker inside a reading's own title (``[Optional: Hippocratic Databases](u)``, ``(optional)
Title``, ``Optional - Title``) makes the reading not required and is taken off the title shown
(extract.without_optional_mark, vocabulary.OPTIONAL_TITLE_MARK). Words of a real title stay."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.title, r.required) for r in extract_readings(body)[0]]


def test_optional_marker_in_link_text_is_taken_off_the_title() -> None:
    body = (
        "## Readings\n\n"
        "- [Why Privacy Is Hard](https://example.org/hard.pdf)\n"
        "- [Optional: Hippocratic Databases](https://example.org/hippo.pdf)\n"
        "- [Optional:On the Feasibility of Predicting Privacy Concerns](https://example.org/feas.pdf)\n"
        "- [Optional - Privacy as Contextual Integrity](https://example.org/ci.pdf)\n"
    )
    assert found(body) == [
        ("Why Privacy Is Hard", True),
        ("Hippocratic Databases", False),
        ("On the Feasibility of Predicting Privacy Concerns", False),
        ("Privacy as Contextual Integrity", False),
    ]


def test_bracketed_optional_marker_opening_the_title_is_taken_off() -> None:
    body = (
        "## Readings\n\n"
        "- [(optional) The Anatomy of a Large-Scale Search Engine](https://example.org/google.pdf)\n"
        "- [[Bonus] Attention Is All You Need](https://example.org/attention.pdf)\n"
        "- [Optional Reading: Deep Residual Learning](https://example.org/resnet.pdf)\n"
    )
    assert found(body) == [
        ("The Anatomy of a Large-Scale Search Engine", False),
        ("Attention Is All You Need", False),
        ("Deep Residual Learning", False),
    ]


def test_optional_as_a_word_of_the_title_stays() -> None:
    body = (
        "## Readings\n\n"
        "- [Optional Stopping in Sequential Experiments](https://example.org/stop.pdf)\n"
        "- [Optional-Stopping Rules Revisited](https://example.org/rules.pdf)\n"
        "- [Bonus Pay and Worker Effort: A Field Study](https://example.org/bonus.pdf)\n"
    )
    assert found(body) == [
        ("Optional Stopping in Sequential Experiments", True),
        ("Optional-Stopping Rules Revisited", True),
        ("Bonus Pay and Worker Effort: A Field Study", True),
    ]


def test_marker_outside_the_link_leaves_the_link_title_as_it_was() -> None:
    body = "## Readings\n\n- Optional: [Contact Tracing White Paper](https://example.org/dp3t.pdf)\n"
    assert found(body) == [("Contact Tracing White Paper", False)]
