"""ConsoleTransport: the Transport protocol over a text stream."""

from __future__ import annotations

import io

import pytest

from bot.adapters.console.transport import ConsoleTransport
from bot.services.messages import Message
from bot.services.transport import Transport, TransportError


async def test_send_edit_find_sent() -> None:
    out = io.StringIO()
    transport = ConsoleTransport(out)
    assert isinstance(transport, Transport)
    assert (transport.platform, transport.channel) == ("console", "console")

    digest = Message(title="Readings for the week", kind="digest", key="digest:2024-W09")
    first = await transport.send(digest, nonce="n1")
    second = await transport.send(Message(title="Reminder", kind="reminder", key="reminder:S0-L11"), nonce="n2")
    assert (first, second) == ("1", "2")
    assert await transport.find_sent("digest:2024-W09") == "1"
    assert await transport.find_sent("digest:2024-W10") is None

    await transport.edit(first, Message(title="Readings for the week (updated)", kind="digest", key="digest:2024-W09"))
    text = out.getvalue()
    assert "--- Weekly digest (posted by the scheduler) ---\nReadings for the week\n" in text
    assert "--- Reminder (posted by the scheduler) ---\nReminder\n" in text
    assert "--- Weekly digest updated ---\nReadings for the week (updated)\n" in text
    assert "digest:2024-W09" not in text and "reminder:S0-L11" not in text  # ledger keys are not for people


async def test_edit_of_a_message_from_an_earlier_run_prints_the_new_version() -> None:
    out = io.StringIO()
    transport = ConsoleTransport(out)
    await transport.edit("7", Message(title="changed", kind="digest", key="digest:2024-W09"))
    assert "Weekly digest updated (first posted by an earlier run)" in out.getvalue()
    assert "7" not in out.getvalue()
    assert await transport.find_sent("digest:2024-W09") == "7"


async def test_a_closed_output_is_a_non_retryable_transport_error() -> None:
    out = io.StringIO()
    out.close()
    transport = ConsoleTransport(out)
    with pytest.raises(TransportError) as caught:
        await transport.send(Message(title="digest", kind="digest", key="digest:2024-W09"), nonce="n")
    assert caught.value.retryable is False
    assert await transport.find_sent("digest:2024-W09") is None
