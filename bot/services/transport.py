"""What services need from a chat platform to post: implemented by each adapter (discord, slack, console)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, runtime_checkable

from bot.services.messages import Message


class TransportError(Exception):
    """Posting failed. ``retryable`` is True for network errors, 5xx and rate limits."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


#: ``on_part(ids_sent_so_far, parts)``: progress of a post that takes several platform messages.
PartsSent = Callable[[list[str], int], Awaitable[None]]


@runtime_checkable
class Transport(Protocol):
    """A channel the bot posts scheduled messages to."""

    platform: str  # "discord", "slack" or "console"
    channel: str  # platform channel id (as text)

    async def send(self, message: Message, *, nonce: str) -> str:
        """Post ``message``; return the platform's message id. ``nonce`` is unique per ledger key and
        attempt series, so a retry after a crash can be recognised (Discord enforce_nonce).

        A transport whose posts may take several messages (Discord) also takes ``sent`` (the ids of the
        parts already posted: send only the rest) and ``on_part`` (awaited with the ids so far and the part
        count, before the first part and after each), so the ledger can resume an interrupted post."""
        ...

    async def edit(self, message_id: str, message: Message) -> None:
        """Replace the content of a message this bot posted earlier."""
        ...

    async def find_sent(self, key: str) -> str | None:
        """Look through the channel's messages from this bot for one carrying ledger ``key``; return its id
        (a post of several messages: the ids of the parts found, in order). Used to reconcile ``pending``
        ledger rows. A transport that can search by time also takes ``after`` (a datetime): then it reads
        every message since, however busy the channel, instead of only the recent ones."""
        ...
