"""Sessions whose slug and title are longer than Discord takes in a choice (100 characters for an
autocomplete choice's name and value, and for a select option's label and value: the OpenAPI spec's
StringSelectOptionForRequest, Discord's documented choice limits), through the real bot and the fake Discord.
A value cut at 100 characters named no session (or several sharing their first 100): every value offered
must name its own session, and every name is cut with an ellipsis."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.adapters.discord.conftest import Running, post
from tests.adapters.discord.test_e2e import answer, text_of
from tests.fakes.discord import AUTOCOMPLETE_RESULT, UPDATE_MESSAGE

STEM = "S9-a-seminar-on-the-long-history-of-reading-lists-and-the-people-who-kept-them-over-many-years-of-teaching"
SLUGS = {f"{STEM}-first": "Paper one", f"{STEM}-second": "Paper two", "S9-short": "Paper three"}
LIMIT = 100


def write_long_site(site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    for day, (slug, paper) in enumerate(SLUGS.items(), start=10):
        title = f"{paper}: " + "a very long session title " * 8
        (site / f"{slug}.md").write_text(
            post(title, "L-Long", f"2026-11-{day}", {"notes": "team-1"}, [(paper, f"https://p.example/{day}")]),
            encoding="utf-8",
        )


@pytest.fixture
def site_writer() -> Callable[[Path], None]:
    return write_long_site


def test_the_slugs_are_longer_than_a_choice_and_share_their_first_100_characters() -> None:
    long = [slug for slug in SLUGS if len(slug) > LIMIT]
    assert len(long) == 2 and long[0][:LIMIT] == long[1][:LIMIT]


def papers_in(shown: str) -> list[str]:
    return [paper for paper in SLUGS.values() if paper in shown]


async def test_autocomplete_values_of_long_slugs_still_name_their_session(running: Running) -> None:
    fake = running.fake
    record = await fake.autocomplete("readings", "query", "S9", user=running.student)
    body = await answer(record.callback)
    assert body["type"] == AUTOCOMPLETE_RESULT
    choices = body["data"]["choices"]
    assert len(choices) == 3
    for choice in choices:
        assert 1 <= len(choice["name"]) <= LIMIT and 1 <= len(choice["value"]) <= LIMIT
    assert len({c["name"] for c in choices}) == 3  # told apart: a long slug shows its start and its end
    assert all("…" in c["name"] for c in choices)  # every name here was cut, with an ellipsis
    assert len({c["value"] for c in choices}) == 3 and "S9-short" in {c["value"] for c in choices}
    answered = []
    for choice in choices:  # picking a choice sends its value as the query: it answers that session alone
        asked = await fake.slash("readings", {"query": choice["value"]}, user=running.student)
        [paper] = papers_in(text_of((await answer(asked.callback))["data"]))
        assert paper in choice["name"]
        answered.append(paper)
    assert sorted(answered) == sorted(SLUGS.values())
    fake.assert_valid()  # every request the bot made is one Discord's spec accepts


async def test_a_select_menu_of_long_slugs_offers_values_that_answer_the_pick(running: Running) -> None:
    fake = running.fake
    record = await fake.slash("readings", {"query": "L-Long"}, user=running.student)
    body = await answer(record.callback)
    [row] = body["data"]["components"]
    [select] = row["components"]
    options = select["options"]
    assert len(options) == 3 and len({o["value"] for o in options}) == 3 and len({o["label"] for o in options}) == 3
    assert all(len(o["value"]) <= LIMIT and len(o["label"]) <= LIMIT for o in options)
    assert all("…" in o["label"] for o in options)
    second = next(o for o in options if "Paper two" in o["label"])
    assert record.original is not None
    pick = await fake.select(record.original, [second["value"]], user=running.student)
    picked = await answer(pick.callback)
    assert picked["type"] == UPDATE_MESSAGE
    assert papers_in(text_of(picked["data"])) == ["Paper two"]
    fake.assert_valid()
