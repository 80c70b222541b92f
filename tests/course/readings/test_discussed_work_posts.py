"""A reading-group post whose whole body is one paragraph naming the one work discussed (prose.py:
discussed_work): that work is the post's reading; running prose recaps stay no readings."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


def test_discussion_of_the_paper_body_gives_its_one_work() -> None:
    body = "*Reading Group*.  Discussion of the paper by Smith and Jones (2021): [[A Study of Things](https://arxiv.org/abs/1234.5678)]\n"
    assert found(body) == [(None, True, "A Study of Things", ("https://arxiv.org/abs/1234.5678",))]


def test_enclosing_brackets_and_stop_after_the_link_are_decoration() -> None:
    body = "*Reading Group*. Discussion of the paper [[Active Bias: Training Better Models](https://arxiv.org/pdf/1704.07433.pdf)].\n"
    assert found(body) == [(None, True, "Active Bias: Training Better Models", ("https://arxiv.org/pdf/1704.07433.pdf",))]


def test_we_read_body_gives_its_one_work() -> None:
    assert found("This week we read [Deep Sets](https://arxiv.org/abs/1703.06114).\n") == [
        (None, True, "Deep Sets", ("https://arxiv.org/abs/1703.06114",))]


def test_recap_with_words_after_the_link_is_running_prose() -> None:
    body = "We read [Attention Is All You Need](https://arxiv.org/abs/1706.03762) and then talked for an hour about it.\n"
    assert found(body) == []


def test_two_links_or_a_generic_link_text_give_nothing() -> None:
    assert found("Discussion of the paper [First Work](https://a.org/a) and [Second Work](https://b.org/b).\n") == []
    assert found("Discussion of the paper: [here](https://a.org/a)\n") == []


def test_one_paragraph_without_reading_words_gives_nothing() -> None:
    assert found("Thanks to everyone who came to the [Spring Social](https://events.example.org/social).\n") == []
    assert found("Slides from the meeting: [Week 3 deck](https://s.example.org/w3)\n") == []


def test_only_when_the_paragraph_is_the_whole_body() -> None:
    body = (
        "We met in room 3 and talked about priors, and many questions came up about variational inference, "
        "the Laplace approximation, and when each works well in practice for large models and small data.\n\n"
        "Afterwards we read [Deep Sets](https://arxiv.org/abs/1703.06114) and left for dinner together.\n"
    )
    assert found(body) == []
