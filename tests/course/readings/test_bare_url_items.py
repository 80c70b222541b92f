"""Items and lines that give a work's address bare after its title: ``Title (https://...)`` and
``Title: https://...``. The title is the text without the address (nor the parentheses or colon around
it), the URL the bare address."""

from bot.course.readings import extract_readings
from bot.course.text import remove_urls

TRANSFORMER = "https://jalammar.github.io/illustrated-transformer/"
NMT = "https://arxiv.org/abs/1409.0473"


def found(body: str):
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


def test_parentheses_around_a_bare_url_go_with_it() -> None:
    assert remove_urls("Title (https://a.org/x)").strip() == "Title"
    assert remove_urls("Title ( https://en.wikipedia.org/wiki/Python_(language) ), 2019").split() == ["Title", ",", "2019"]
    assert remove_urls("Title (see https://a.org/x)").split()[:2] == ["Title", "(see"]  # not alone: kept


def test_bare_url_in_parentheses_after_an_item_title() -> None:
    body = f"## Readings\n\n- The Illustrated Transformer ({TRANSFORMER})\n"
    assert found(body) == [("Readings", "The Illustrated Transformer", (TRANSFORMER,))]


def test_bare_url_after_a_colon_in_an_item() -> None:
    body = f"**Readings:**\n\n- Neural Machine Translation by Jointly Learning to Align and Translate: {NMT}\n"
    assert found(body) == [("Readings", "Neural Machine Translation by Jointly Learning to Align and Translate", (NMT,))]


def test_paragraph_lines_of_title_and_bare_url_under_readings_are_one_reading_each() -> None:
    body = f"## Readings\n\nThe Illustrated Transformer ({TRANSFORMER})  \nNeural Machine Translation: {NMT}\n\nAttention Is All You Need: https://arxiv.org/abs/1706.03762\n"
    assert found(body) == [
        ("Readings", "The Illustrated Transformer", (TRANSFORMER,)),
        ("Readings", "Neural Machine Translation", (NMT,)),
        ("Readings", "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",)),
    ]


def test_a_title_and_bare_url_line_is_not_a_lead_in_over_the_list_after_it() -> None:
    body = f"Intro.\n\nCourse notes: {TRANSFORMER}\n\n- Warm-up exercise\n- Group discussion\n"
    assert found(body) == []


def test_prose_mentioning_an_address_is_not_a_bare_url_reading() -> None:
    body = (
        "## Readings\n\nPlease read the first two chapters of the book before class, and have a look at the\n"
        "companion site at https://book.example.org where the exercises are posted.\n\n"
        "Available online: https://book.example.org\n"
    )
    assert found(body) == []
