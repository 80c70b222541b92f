"""DiscordTransport: posts, edits and finds the bot's own messages; failures map to TransportError."""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp
import discord
import pytest

from bot.adapters.discord.transport import NO_LONGER_NEEDED, NONCE_LIMIT, part_nonce, transport_error
from bot.services.messages import Line, Message, Section
from bot.services.transport import Transport, TransportError
from tests.adapters.discord.conftest import CHANNEL, Running


def http_error(status: int) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="reason")
    return discord.HTTPException(response, {"message": f"status {status}", "code": 0})  # type: ignore[arg-type]


@pytest.mark.parametrize("status, retryable", [(500, True), (502, True), (429, True), (400, False), (403, False),
                                               (404, False)])
def test_http_failures_map_to_transport_errors(status: int, retryable: bool) -> None:
    error = transport_error(http_error(status), "posting")
    assert isinstance(error, TransportError) and error.retryable is retryable
    assert str(status) in str(error)


def test_network_failures_and_long_rate_limits_are_retryable() -> None:
    assert transport_error(aiohttp.ClientConnectionError("reset"), "posting").retryable
    assert transport_error(discord.RateLimited(120.0), "posting").retryable


def test_part_nonces_are_short_and_distinct() -> None:
    nonce = "a" * 25
    parts = [part_nonce(nonce, i) for i in range(5)]
    assert parts[0] == nonce and len(set(parts)) == 5 and all(len(p) <= NONCE_LIMIT for p in parts)


def long_post(key: str, marker: str = "") -> Message:
    lines = tuple(Line(f"{marker}reading {i} " + "x" * 900) for i in range(80))
    return Message(title="Digest", kind="digest", key=key, sections=(Section("All", lines),))


async def test_transport_implements_the_protocol(running: Running) -> None:
    assert isinstance(running.transport, Transport)
    assert (running.transport.platform, running.transport.channel) == ("discord", str(CHANNEL))


async def test_a_post_over_several_messages_is_sent_and_edited_as_one(running: Running) -> None:
    fake, transport = running.fake, running.transport
    message_id = await transport.send(long_post("digest:2026-W46"), nonce="n-1")
    ids = message_id.split(",")
    assert len(ids) > 1
    assert [m["id"] for m in fake.channel_messages(CHANNEL)] == ids
    nonces = [r.json["nonce"] for r in fake.find("POST", rf"^/channels/{CHANNEL}/messages$")]
    assert nonces[0] == "n-1" and len(set(nonces)) == len(ids)

    await transport.edit(message_id, long_post("digest:2026-W46", marker="new "))
    patched = {r.path.rsplit("/", 1)[-1] for r in fake.find("PATCH", rf"^/channels/{CHANNEL}/messages/\d+$")}
    assert patched == set(ids)
    assert all("new reading" in m["embeds"][0]["fields"][0]["value"] for m in fake.channel_messages(CHANNEL))
    assert await transport.find_sent("digest:2026-W46") == message_id  # every part, in order
    footers = [m["embeds"][0]["footer"]["text"] for m in fake.channel_messages(CHANNEL)]
    assert footers[1] == f"ref 2/{len(ids)}: digest:2026-W46"


async def test_find_sent_ignores_other_authors(running: Running) -> None:
    fake = running.fake
    fake.add_message(running.student, embeds=[{"title": "spoof", "footer": {"text": "ref: digest:2026-W46"}}])
    assert await running.transport.find_sent("digest:2026-W46") is None


async def test_a_refused_post_is_not_retryable(running: Running) -> None:
    running.fake.fail_next(403)
    with pytest.raises(TransportError) as caught:
        await running.transport.send(Message(title="x", key="reminder:S0-L01"), nonce="n-2")
    assert caught.value.retryable is False and "403" in str(caught.value)


async def test_editing_a_deleted_message_is_not_retryable(running: Running) -> None:
    with pytest.raises(TransportError) as caught:
        await running.transport.edit("123456789", Message(title="x"))
    assert caught.value.retryable is False


async def test_a_post_that_shrinks_blanks_its_surplus_messages(running: Running) -> None:
    fake, transport = running.fake, running.transport
    message_id = await transport.send(long_post("digest:2026-W47"), nonce="n-3")
    ids = message_id.split(",")
    await transport.edit(message_id, Message(title="Short now", kind="digest", key="digest:2026-W47"))
    messages = fake.channel_messages(CHANNEL)
    assert messages[0]["embeds"][0]["title"] == "Short now"
    assert all(m["embeds"][0]["description"] == NO_LONGER_NEEDED for m in messages[1:])
    assert await transport.find_sent("digest:2026-W47") == ",".join(ids)  # the ids stay valid
