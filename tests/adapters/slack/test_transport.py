"""SlackTransport against the loopback fake Slack: send, edit, find_sent, and how failures map."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket

import pytest
from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.render import render_slack
from bot.adapters.slack.transport import SlackTransport, make_slack_client
from bot.config import Member, Team
from bot.services.messages import Line, Message, Section
from bot.services.posting import Posting
from bot.services.transport import Transport, TransportError
from bot.store.sessions import Store
from tests.adapters.slack.conftest import CHANNEL
from tests.fakes.slack import BOT_ID, BOT_TOKEN, BOT_USER_ID, FakeSlack
from tests.services.test_lookups import CONFIG, NY

DIGEST_AT = dt.datetime(2024, 2, 25, 18, 0, tzinfo=NY)


def digest(readings: tuple[str, ...] = ("Paper A",)) -> Message:
    lines = tuple(Line(r, url="https://arxiv.org/abs/1") for r in readings)
    return Message(title="This week", kind="digest", key="digest:2024-W09", sections=(Section("S0-L11", lines=lines),))


async def no_sleep(seconds: float) -> None:
    """Posting's backoff, skipped: the test drives attempts, not the clock."""


def test_slack_transport_is_a_transport(transport: SlackTransport) -> None:
    assert isinstance(transport, Transport)
    assert (transport.platform, transport.channel) == ("slack", CHANNEL)
    with pytest.raises(ValueError, match="slack.channel"):
        SlackTransport(transport.client, " ")


async def test_send_posts_blocks_with_metadata(slack: FakeSlack, transport: SlackTransport) -> None:
    message = digest()
    ts = await transport.send(message, nonce="n1")
    (posted,) = slack.messages(CHANNEL)
    assert posted["ts"] == ts
    payload = render_slack(message)
    assert posted["blocks"] == payload.blocks and posted["text"] == payload.text
    assert posted["metadata"] == {"event_type": "coursebot_post", "event_payload": {"key": "digest:2024-W09", "hash": message.content_hash}}
    (call,) = slack.calls("chat.postMessage")
    assert call.args["unfurl_links"] is False and call.headers["Authorization"] == "(redacted)"


async def test_edit_replaces_content_and_metadata_in_place(slack: FakeSlack, transport: SlackTransport) -> None:
    ts = await transport.send(digest(), nonce="n1")
    changed = digest(("Paper A", "Paper B"))
    await transport.edit(ts, changed)
    (posted,) = slack.messages(CHANNEL)
    assert posted["ts"] == ts and "edited" in posted
    assert posted["metadata"]["event_payload"]["hash"] == changed.content_hash
    assert "Paper B" in str(posted["blocks"])


async def test_edit_of_a_missing_message_is_not_retryable(transport: SlackTransport) -> None:
    await transport.send(digest(), nonce="n1")
    with pytest.raises(TransportError, match="message_not_found") as caught:
        await transport.edit("1.000001", digest())
    assert caught.value.retryable is False


async def test_find_sent_reads_metadata_back_from_history(slack: FakeSlack, transport: SlackTransport) -> None:
    ts = await transport.send(digest(), nonce="n1")
    other = {"type": "message", "bot_id": "B0OTHER", "user": "U0OTHER", "text": "imitation",
             "metadata": {"event_type": "coursebot_post", "event_payload": {"key": "digest:2024-W09", "hash": "x"}}}
    slack.add_message(CHANNEL, other)  # newer, same key, but not this bot's: ignored
    for i in range(450):  # push the post to the third page of history (200 a page)
        slack.add_message(CHANNEL, {"user": "U0STUDENT", "text": f"chatter {i}"})
    assert await transport.find_sent("digest:2024-W09") == ts
    assert await transport.find_sent("reminder:S0-L11") is None
    history = slack.calls("conversations.history")
    assert all(str(c.args["include_all_metadata"]).lower() in ("1", "true") for c in history)
    assert len(slack.calls("auth.test")) == 1  # who the bot is is asked once


async def test_rate_limit_then_success_posts_once(slack: FakeSlack, transport: SlackTransport) -> None:
    slack.fail_next(1, status=429, method="chat.postMessage", retry_after=0)
    ts = await transport.send(digest(), nonce="n1")
    assert [m["ts"] for m in slack.messages(CHANNEL)] == [ts]
    assert [c.status for c in slack.calls("chat.postMessage")] == [429, 200]


@pytest.mark.parametrize(
    ("status", "count", "retryable", "detail"),
    [(429, 5, True, "ratelimited"), (500, 1, True, "HTTP 500"), (503, 1, True, "HTTP 503")],
)
async def test_failures_map_to_transport_errors(
    slack: FakeSlack, transport: SlackTransport, status: int, count: int, retryable: bool, detail: str
) -> None:
    slack.fail_next(count, status=status, method="chat.postMessage", retry_after=0)
    with pytest.raises(TransportError, match=detail) as caught:
        await transport.send(digest(), nonce="n1")
    assert caught.value.retryable is retryable
    assert slack.messages(CHANNEL) == []
    assert len(slack.calls("chat.postMessage")) == (3 if status == 429 else 1)  # 429s: 2 retries, 5xx: none


async def test_refused_calls_are_not_retryable(slack: FakeSlack) -> None:
    bad_token = SlackTransport(make_slack_client(SecretStr("xoxb-wrong"), base_url=slack.api_url), CHANNEL)
    with pytest.raises(TransportError, match="invalid_auth") as caught:
        await bad_token.send(digest(), nonce="n1")
    assert caught.value.retryable is False
    good = SlackTransport(make_slack_client(SecretStr(BOT_TOKEN), base_url=slack.api_url), "C0NOWHERE")
    with pytest.raises(TransportError, match="channel_not_found") as caught:
        await good.find_sent("digest:2024-W09")
    assert caught.value.retryable is False


async def test_network_failure_is_retryable() -> None:
    with socket.socket() as sock:  # a port nobody listens on any more
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    transport = SlackTransport(make_slack_client(SecretStr(BOT_TOKEN), base_url=f"http://127.0.0.1:{port}/api/", timeout=2), CHANNEL)
    with pytest.raises(TransportError) as caught:
        await transport.send(digest(), nonce="n1")
    assert caught.value.retryable is True


async def test_posting_delivers_a_digest_once_through_429_and_500(slack: FakeSlack, transport: SlackTransport, store: Store) -> None:
    posting = Posting(store, CONFIG, transport, clock=lambda: DIGEST_AT, sleep=no_sleep)
    slack.fail_next(1, status=429, method="chat.postMessage", retry_after=0)  # retried by the Slack client
    slack.fail_next(1, status=500, method="chat.postMessage")  # retried by the posting layer
    outcome = await posting.post_digest(DIGEST_AT)
    (posted,) = slack.messages(CHANNEL)
    assert outcome.message_id == posted["ts"]
    assert posted["metadata"]["event_payload"]["key"] == outcome.key
    assert [c.status for c in slack.calls("chat.postMessage")] == [429, 500, 200]
    # a second run finds it sent and unchanged: nothing more is posted
    again = await posting.post_digest(DIGEST_AT)
    assert again.action == "unchanged" and len(slack.messages(CHANNEL)) == 1


async def test_posting_reconciles_a_pending_row_from_slack_history(slack: FakeSlack, client: AsyncWebClient, store: Store) -> None:
    """The bot posted but died before marking the row sent: the next start finds the post by its metadata."""
    transport = SlackTransport(client, CHANNEL)
    posting = Posting(store, CONFIG, transport, clock=lambda: DIGEST_AT, sleep=no_sleep)
    message = await posting.preview_digest(DIGEST_AT)
    await posting.ledger.add_pending(message.key, kind="digest", content_hash=message.content_hash, now=DIGEST_AT, due_at=DIGEST_AT)
    ts = await transport.send(message, nonce="crashed")  # the send that happened just before the crash
    outcome = await posting.post_digest(DIGEST_AT)
    assert outcome.message_id == ts and len(slack.messages(CHANNEL)) == 1
    assert slack.messages(CHANNEL)[0]["user"] == BOT_USER_ID and slack.messages(CHANNEL)[0]["bot_id"] == BOT_ID


async def test_posted_digest_pings_only_the_configured_slack_teams(slack: FakeSlack, transport: SlackTransport, store: Store) -> None:
    teams = [
        Team(id="team-1", slack_group_id="S0READ", members=[Member(name="Ada Lovelace", slack_id="U0ADA")]),
        Team(id="team-3", members=[Member(name="Barbara Liskov", slack_id="U0BARB"), Member(name="No Slack")]),
        Team(id="team-4", members=[Member(name="Frances Allen")]),
    ]
    config = CONFIG.model_copy(update={"teams": teams})
    outcome = await Posting(store, config, transport, clock=lambda: DIGEST_AT, sleep=no_sleep).post_digest(DIGEST_AT)
    (posted,) = slack.messages(CHANNEL)
    assert outcome.message_id == posted["ts"]
    rendered = posted["text"] + json.dumps(posted["blocks"])
    pings = set(re.findall(r"<(@U\w+|!subteam\^\w+|!here|!channel|!everyone)>", rendered))
    assert pings == {"!subteam^S0READ", "@U0BARB"}  # the group stands for Ada; team-4 has no Slack ids
    assert "<@U0ADA>" not in rendered
    assert "S0-L11" in rendered and "S0-L12" in rendered
