"""A :class:`~bot.services.transport.Transport` that prints scheduled posts to a terminal (console mode)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, TextIO

from bot.adapters.console.render import render_console
from bot.services.messages import Message
from bot.services.transport import TransportError

if TYPE_CHECKING:
    from bot.adapters.console.loop import Prompt

_HEADINGS = {"digest": "Weekly digest", "reminder": "Reminder", "notice": "Notice", "alert": "Staff alert"}


def heading(message: Message) -> str:
    """What the post is, for people: ``Weekly digest`` (never the ledger key)."""
    return _HEADINGS.get(message.kind, message.kind.capitalize() if message.kind else "Post")


class ConsoleTransport:
    """Prints each post under a ``--- Weekly digest (posted by the scheduler) ---`` line and hands out ids
    ``"1"``, ``"2"``, ... for the ledger (never shown). While the console prompt waits (:attr:`prompt`, set
    by the console loop) the prompt line is cleared before a post and drawn again after it.

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
        self.prompt: Prompt | None = None
        self._ids = itertools.count(1)
        self._sent: dict[str, str] = {}  # ledger key -> message id
        self._messages: dict[str, Message] = {}  # message id -> last printed message

    def _print(self, header: str, message: Message) -> None:
        try:
            if self.prompt is not None:
                self.prompt.clear()
            self.output.write(f"\n--- {header} ---\n{render_console(message, self.width, tz=self.tz)}\n")
            self.output.flush()
            if self.prompt is not None:
                self.prompt.redraw()
        except (OSError, ValueError) as exc:  # closed terminal or pipe: retrying will not help
            raise TransportError(f"console output failed: {exc}", retryable=False) from exc

    async def send(self, message: Message, *, nonce: str) -> str:
        message_id = str(next(self._ids))
        self._print(f"{heading(message)} (posted by the scheduler)", message)
        if message.key:
            self._sent[message.key] = message_id
        self._messages[message_id] = message
        return message_id

    async def edit(self, message_id: str, message: Message) -> None:
        if message_id not in self._messages:
            # Posted by an earlier run: the terminal cannot change it, so print the new version.
            label = "updated (first posted by an earlier run)"
        else:
            label = "updated"
        self._print(f"{heading(message)} {label}", message)
        self._messages[message_id] = message
        if message.key:
            self._sent[message.key] = message_id

    async def find_sent(self, key: str) -> str | None:
        return self._sent.get(key)
