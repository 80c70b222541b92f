"""A :class:`~bot.services.transport.Transport` that prints scheduled posts to a terminal (console mode)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TextIO

from bot.adapters.console.render import render_console
from bot.services.messages import Message
from bot.services.transport import TransportError


class ConsoleTransport:
    """Prints each post under a ``[digest:2024-W09]`` header and hands out ids ``"1"``, ``"2"``, ...

    ``find_sent`` knows only what this process printed: a console has no history to search.
    """

    platform = "console"

    def __init__(
        self, output: TextIO, *, channel: str = "console", width: int | None = None, tz: dt.tzinfo | None = None
    ) -> None:
        self.output = output
        self.channel = channel
        self.width = width
        self.tz = tz
        self._ids = itertools.count(1)
        self._sent: dict[str, str] = {}  # ledger key -> message id
        self._messages: dict[str, Message] = {}  # message id -> last printed message

    def _print(self, header: str, message: Message) -> None:
        try:
            self.output.write(f"\n{header}\n{render_console(message, self.width, tz=self.tz)}\n")
            self.output.flush()
        except (OSError, ValueError) as exc:  # closed terminal or pipe: retrying will not help
            raise TransportError(f"console output failed: {exc}", retryable=False) from exc

    async def send(self, message: Message, *, nonce: str) -> str:
        message_id = str(next(self._ids))
        self._print(f"[{message.key or message.kind}]", message)
        if message.key:
            self._sent[message.key] = message_id
        self._messages[message_id] = message
        return message_id

    async def edit(self, message_id: str, message: Message) -> None:
        if message_id not in self._messages:
            # Posted by an earlier run: the terminal cannot change it, so print the new version.
            label = f"(edited, message {message_id} of an earlier run)"
        else:
            label = "(edited)"
        self._print(f"[{message.key or message.kind}] {label}", message)
        self._messages[message_id] = message
        if message.key:
            self._sent[message.key] = message_id

    async def find_sent(self, key: str) -> str | None:
        return self._sent.get(key)
