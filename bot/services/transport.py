"""What services need from a chat platform to post: implemented by each adapter (discord, slack, console)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.services.messages import Message


class TransportError(Exception):
    """Posting failed. ``retryable`` is True for network errors, 5xx and rate limits."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@runtime_checkable
class Transport(Protocol):
    """A channel the bot posts scheduled messages to."""

    platform: str  # "discord", "slack" or "console"
    channel: str  # platform channel id (as text)

    async def send(self, message: Message, *, nonce: str) -> str:
        """Post ``message``; return the platform's message id. ``nonce`` is unique per ledger key and
        attempt series, so a retry after a crash can be recognised (Discord enforce_nonce)."""
        ...

    async def edit(self, message_id: str, message: Message) -> None:
        """Replace the content of a message this bot posted earlier."""
        ...

    async def find_sent(self, key: str) -> str | None:
        """Look through the channel's recent messages from this bot for one carrying ledger ``key``;
        return its id. Used at start-up to reconcile ``pending`` ledger rows."""
        ...
