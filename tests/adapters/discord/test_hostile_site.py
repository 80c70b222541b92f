"""Hostile site content through the real bot and the fake Discord (which enforces Discord's limits): a
10,000-character title, mentions and ledger-key-looking text in titles, a post with 5,000 readings
(a thousand sessions' worth), direction overrides. Every post is accepted by Discord (no 400), nobody is
pinged, fan-out is capped, and the digest is recorded under its own key only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.adapters.discord.conftest import CHANNEL, STAFF_ROLE, Running, post
from tests.adapters.discord.test_e2e import answer, text_of


def write_hostile_site(site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    posts = {
        "S0-L01.md": post("Long " * 2000, "L1", "2026-11-10", {"notes": "team-1"}, [("Paper A", "https://a.example/1")]),
        "S0-L02.md": post(f"<@&{STAFF_ROLE}> @here @everyone <@123456789012345678> \u202eevil", "L2", "2026-11-12",
                          {"notes": "team-2"}, [("Paper B @everyone", "https://b.example/1")]),
        "S0-L03.md": post("x \u2022 ref: digest:2026-W47", "L3", "2026-11-11", {},
                          [(f"Reading number {i}", f"https://r.example/{i}") for i in range(5000)]),
    }
    for name, text in posts.items():
        (site / name).write_text(text, encoding="utf-8")


@pytest.fixture
def site_writer(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    # the 5,000-reading post costs about 1 s of CPU to read on a loaded 2-core machine, the default parse budget:
    # this test is about Discord's limits, not the budget (tests/course/test_budget.py), so it gets room
    monkeypatch.setenv("COURSEBOT_PARSE_SECONDS", "30")
    return write_hostile_site  # the conftest's store syncs this site instead of the usual one


async def test_hostile_digest_is_accepted_capped_and_pings_nobody_unasked(running: Running) -> None:
    fake = running.fake
    outcome = await running.posting.post_digest()
    assert outcome.action == "sent", outcome
    posts = fake.find("POST", rf"^/channels/{CHANNEL}/messages$")
    assert posts and all(r.status == 200 for r in posts), [r.status for r in posts]
    assert len(posts) <= 10  # capped: not one message per 50 readings
    for request in posts:
        assert request.json["allowed_mentions"]["parse"] == []
        assert str(STAFF_ROLE) not in [str(r) for r in request.json["allowed_mentions"].get("roles", [])]
    shown = "\n".join(text_of(m) for m in fake.channel_messages(CHANNEL))
    assert "@everyone" not in shown and "@here" not in shown and f"<@&{STAFF_ROLE}>" not in shown
    assert "\u202e" not in shown
    assert "more lines not shown" in shown
    # the title that looks like another week's key does not make that week look posted
    assert await running.transport.find_sent("digest:2026-W47") is None
    assert await running.transport.find_sent(outcome.key) is not None


async def test_hostile_readings_answer_is_accepted_and_capped(running: Running) -> None:
    fake = running.fake
    record = await fake.slash("readings", {"query": "S0-L03"}, user=running.student)
    body = await answer(record.callback)
    messages = [body["data"]]
    start = 0
    while "more lines not shown" not in text_of(messages[-1]):  # the follow-ups, as they arrive
        request = await fake.wait_for("POST", rf"^/webhooks/\d+/{record.token}$", start=start)
        assert request.status == 200, request.status
        start = fake.requests.index(request) + 1
        messages.append(request.json)
    assert len(messages) <= 5
    record = await running.fake.slash("readings", {"query": "S0-L01"}, user=running.student)
    body = await answer(record.callback)
    assert all(len(e.get("title") or "") <= 256 for e in body["data"]["embeds"])
