"""Carrying one ledger row's message to the channel (bot/services/delivery.py), against a real ledger in SQLite
and a fake transport whose failures are scripted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.services.delivery import Delivery
from bot.services.messages import Message
from bot.services.transport import TransportError
from bot.store.db import Database
from bot.store.ledger import Ledger

T0 = dt.datetime(2024, 2, 25, 23, 0, tzinfo=dt.UTC)
MESSAGE = Message(title="Readings this week", kind="digest", key="digest:2024-W09")


class Channel:
    """Records sends; ``failures`` are raised by the next sends, in order; ``store_before_failing`` makes a
    failure happen after the platform stored the message (a 5xx after the write, a timeout)."""

    platform = "console"
    channel = "stdout"

    def __init__(self, failures: list[TransportError] | None = None, *, store_before_failing: bool = False) -> None:
        self.failures = list(failures or [])
        self.store_before_failing = store_before_failing
        self.posted: dict[str, str] = {}  # message id -> ledger key
        self.sends: list[str] = []
        self.edits: list[tuple[str, str]] = []

    async def send(self, message: Message, *, nonce: str) -> str:
        self.sends.append(nonce)
        if self.failures:
            if self.store_before_failing:
                self.posted[f"m-{len(self.posted) + 1}"] = message.key or ""
            raise self.failures.pop(0)
        message_id = f"m-{len(self.posted) + 1}"
        self.posted[message_id] = message.key or ""
        return message_id

    async def edit(self, message_id: str, message: Message) -> None:
        self.edits.append((message_id, message.title))

    async def find_sent(self, key: str) -> str | None:
        found = [mid for mid, k in self.posted.items() if k == key]
        return ",".join(found) or None


@pytest.fixture
async def ledger(tmp_path: Path):
    db = await Database.open(tmp_path / "cache.sqlite3")
    yield Ledger(db, platform="console", channel="stdout")
    await db.close()


def delivery(ledger: Ledger, channel: Channel, slept: list[float]) -> Delivery:
    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return Delivery(ledger, channel, clock=lambda: T0, sleep=sleep, max_attempts=3, backoff_seconds=2.0)


async def test_retryable_failures_back_off_then_send_with_the_same_nonce(ledger: Ledger) -> None:
    channel, slept = Channel([TransportError("HTTP 503"), TransportError("HTTP 429")]), []
    entry = await ledger.add_pending(MESSAGE.key or "", kind="digest", content_hash=MESSAGE.content_hash, now=T0)
    outcome = await delivery(ledger, channel, slept).send(entry, MESSAGE)
    assert (outcome.action, outcome.message_id) == ("sent", "m-1")
    assert slept == [2.0, 4.0] and len(set(channel.sends)) == 1  # one nonce for every attempt on the row
    row = await ledger.get(entry.key)
    assert row is not None and (row.status, row.attempts, row.message_id) == ("sent", 2, "m-1")


async def test_a_failure_after_the_platform_stored_the_message_is_found_not_sent_twice(ledger: Ledger) -> None:
    channel, slept = Channel([TransportError("timeout")], store_before_failing=True), []
    entry = await ledger.add_pending(MESSAGE.key or "", kind="digest", content_hash=MESSAGE.content_hash, now=T0)
    outcome = await delivery(ledger, channel, slept).send(entry, MESSAGE)
    assert (outcome.action, outcome.message_id) == ("sent", "m-1")
    assert len(channel.sends) == 1 and list(channel.posted) == ["m-1"]


async def test_a_refusal_is_not_retried_and_the_row_stays_pending_with_its_error(ledger: Ledger) -> None:
    channel, slept = Channel([TransportError("HTTP 403 Missing Access", retryable=False)]), []
    entry = await ledger.add_pending(MESSAGE.key or "", kind="digest", content_hash=MESSAGE.content_hash, now=T0)
    outcome = await delivery(ledger, channel, slept).send(entry, MESSAGE)
    assert outcome.action == "failed" and "403" in outcome.detail and slept == []
    row = await ledger.get(entry.key)
    assert row is not None and (row.status, row.last_error) == ("pending", "HTTP 403 Missing Access")


async def test_reconciled_finds_a_post_made_before_a_restart_and_mark_found_records_it(ledger: Ledger) -> None:
    channel, slept = Channel(), []
    channel.posted["m-7"] = MESSAGE.key or ""
    entry = await ledger.add_pending(MESSAGE.key or "", kind="digest", content_hash=MESSAGE.content_hash, now=T0)
    carrier = delivery(ledger, channel, slept)
    known, complete = await carrier.reconciled(entry)
    assert (known, complete) == (["m-7"], True)
    outcome = await carrier.mark_found(entry, known)
    assert (outcome.action, outcome.message_id) == ("sent", "m-7") and channel.sends == []


async def test_an_edit_replaces_in_place_and_records_the_new_content(ledger: Ledger) -> None:
    channel, slept = Channel(), []
    entry = await ledger.add_pending(MESSAGE.key or "", kind="digest", content_hash=MESSAGE.content_hash, now=T0)
    carrier = delivery(ledger, channel, slept)
    await carrier.send(entry, MESSAGE)
    sent = await ledger.get(entry.key)
    assert sent is not None
    changed = Message(title="Readings this week (updated)", kind="digest", key=MESSAGE.key)
    outcome = await carrier.edit(sent, changed)
    assert (outcome.action, channel.edits) == ("edited", [("m-1", "Readings this week (updated)")])
    row = await ledger.get(entry.key)
    assert row is not None and row.content_hash == changed.content_hash
