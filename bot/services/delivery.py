"""Carrying one ledger row's message to its channel: steps 2-4 of the outbox (see DESIGN.md "Exactly once,
observably"), whatever decided that the message is due.

:class:`Delivery` sends a message for a ``pending`` ledger row with a nonce derived from the row (the
platform can recognise a retry), part by part for a post of several messages (each part recorded as it
goes, so a retry or the next run resumes at the first part not yet in the channel), with retries and
exponential backoff on retryable errors; it edits a posted message in place; and it looks a ``pending``
row's post up in the channel before anything is sent again (sending is not idempotent). Every failure is
recorded on the row.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import inspect
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bot.services.messages import Message
from bot.services.transport import Transport, TransportError
from bot.store.ledger import Kind, Ledger, LedgerEntry

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], Awaitable[Any]]
Action = Literal["sent", "edited", "unchanged", "skipped", "failed", "empty", "waiting"]

#: find_sent searches from a pending row's creation less this (the platform's clock may differ from ours).
SEARCH_MARGIN = dt.timedelta(minutes=5)
FOUND = "found in the channel: was posted before a restart"


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """What happened to one scheduled message."""

    key: str
    kind: str
    action: Action
    message_id: str | None = None
    detail: str = ""

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        mid = f" as {self.message_id}" if self.message_id else ""
        return f"{self.key}: {self.action}{mid}{extra}"


def _accepts(method: Callable[..., object], name: str) -> bool:
    """Whether ``method`` takes keyword ``name`` (transports of other platforms and tests may not)."""
    try:
        return name in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


def _nonce(entry: LedgerEntry) -> str:
    """Same for every attempt on one ledger row, different for another row (Discord: at most 25 chars)."""
    raw = f"{entry.platform}|{entry.channel}|{entry.key}|{entry.created_at.isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:25]


class Delivery:
    """Sends, edits and finds the messages of ``ledger``'s rows through ``transport``."""

    def __init__(
        self,
        ledger: Ledger,
        transport: Transport,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        max_attempts: int = 4,
        backoff_seconds: float = 2.0,
        max_backoff_seconds: float = 60.0,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.ledger = ledger
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds

    async def reconciled(self, entry: LedgerEntry) -> tuple[list[str], bool]:
        """What of a ``pending`` row's post is already in the channel: the ids of its parts (found there, or
        recorded while sending) and whether that is all of it. A post of several messages interrupted
        after its first part (a crash, a 403) is not complete: its other parts are still to be sent."""
        found = await self.find_sent(entry)
        recorded = entry.sent_ids
        known = found if found is not None and len(found) >= len(recorded) else recorded
        complete = bool(known) and (entry.parts is None or len(known) >= entry.parts)
        return known, complete

    async def find_sent(self, entry: LedgerEntry) -> list[str] | None:
        """The ids of the row's post found in the channel, searching from when the row was written."""
        find = self.transport.find_sent
        try:
            if _accepts(find, "after"):
                found = await find(entry.key, after=entry.created_at - SEARCH_MARGIN)  # type: ignore[call-arg]
            else:
                found = await find(entry.key)
        except TransportError as exc:
            log.warning("could not search the channel for %s: %s", entry.key, exc)
            return None
        return [part for part in found.split(",") if part] if found else None

    async def mark_found(self, entry: LedgerEntry, known: Sequence[str], detail: str = FOUND) -> PostOutcome:
        """Record that the whole of ``entry``'s post (``known``) is in the channel."""
        found = ",".join(known)
        await self.ledger.mark_sent(entry.key, message_id=found, content_hash=entry.content_hash, now=self.clock())
        return PostOutcome(entry.key, entry.kind, "sent", found, detail)

    async def send(self, entry: LedgerEntry, message: Message, *, sent: Sequence[str] = ()) -> PostOutcome:
        """Send ``message`` for ``entry``; a post of several messages starts at its first part not yet in
        ``sent`` and records each part in the ledger as it goes (a retry, or the next run, resumes there)."""
        nonce = _nonce(entry)
        progress = list(sent)
        parts: list[int | None] = [entry.parts]
        send = self.transport.send
        resumable = _accepts(send, "on_part")
        tried = [False]

        async def on_part(ids: list[str], count: int) -> None:
            progress[:] = ids
            parts[0] = count
            await self.ledger.record_parts(entry.key, message_ids=ids, parts=count, now=self.clock())

        async def call() -> str:
            if tried[0]:
                # the attempt before failed, maybe after the platform stored the message (a 5xx, a timeout,
                # a reset): look before sending again, sending is not idempotent
                found = await self.find_sent(entry)
                if found and (parts[0] is None or len(found) >= parts[0]):
                    log.info("%s was posted by the attempt that failed: found in the channel", entry.key)
                    return ",".join(found)
                if found and len(found) > len(progress):
                    progress[:] = found
            tried[0] = True
            if resumable:
                return await send(message, nonce=nonce, sent=list(progress), on_part=on_part)  # type: ignore[call-arg]
            return await send(message, nonce=nonce)

        ok, message_id, error = await self._attempts(entry, call, "posting")
        if not ok or message_id is None:
            return PostOutcome(entry.key, entry.kind, "failed", detail=error or "no message id")
        await self.ledger.mark_sent(entry.key, message_id=message_id, content_hash=message.content_hash, now=self.clock())
        return PostOutcome(entry.key, entry.kind, "sent", message_id)

    async def edit(self, entry: LedgerEntry, message: Message) -> PostOutcome:
        """Edit ``entry``'s posted message in place to ``message``."""
        assert entry.message_id is not None

        async def call() -> None:
            await self.transport.edit(entry.message_id, message)  # type: ignore[arg-type]

        ok, _, error = await self._attempts(entry, call, "editing")
        if not ok:
            return PostOutcome(entry.key, entry.kind, "failed", entry.message_id, error)
        await self.ledger.mark_sent(entry.key, message_id=entry.message_id, content_hash=message.content_hash, now=self.clock())
        return PostOutcome(entry.key, entry.kind, "edited", entry.message_id)

    async def skip(self, message: Message, kind: Kind, due: dt.datetime, slug: str | None, reason: str) -> None:
        """Record that ``message`` will not be posted, and why."""
        assert message.key is not None
        log.warning("not posting %s: %s", message.key, reason)
        await self.ledger.mark_skipped(
            message.key, kind=kind, reason=reason, now=self.clock(), content_hash=message.content_hash, session_slug=slug, due_at=due
        )

    async def skip_entry(self, entry: LedgerEntry, reason: str) -> None:
        """Give up on a ``pending`` row, and say why."""
        log.warning("giving up on pending %s: %s (last error: %s)", entry.key, reason, entry.last_error)
        await self.ledger.mark_skipped(entry.key, kind=entry.kind, reason=reason, now=self.clock())

    def _delay(self, attempt: int, exc: TransportError) -> float:
        delay = min(self.max_backoff_seconds, self.backoff_seconds * (2**attempt))
        retry_after = getattr(exc, "retry_after", None)
        if isinstance(retry_after, (int, float)) and retry_after > delay:
            delay = float(retry_after)
        return delay

    async def _attempts(self, entry: LedgerEntry, call: Callable[[], Awaitable[str | None]], what: str) -> tuple[bool, str | None, str]:
        """Run ``call`` with retries and exponential backoff on retryable errors; record each failure."""
        for attempt in range(self.max_attempts):
            try:
                return True, await call(), ""
            except TransportError as exc:
                error = str(exc) or type(exc).__name__
                await self.ledger.record_failure(entry.key, error=error, now=self.clock())
                if not exc.retryable:
                    log.error("%s %s failed, not retryable: %s", what, entry.key, error)
                    return False, None, error
                if attempt + 1 == self.max_attempts:
                    log.error("%s %s failed %d times, last: %s; kept for the next run", what, entry.key, self.max_attempts, error)
                    return False, None, error
                delay = self._delay(attempt, exc)
                log.warning("%s %s failed (%s); retrying in %.1f s", what, entry.key, error, delay)
                await self.sleep(delay)
            except Exception as exc:  # an adapter bug must not take the scheduler down
                error = f"{type(exc).__name__}: {exc}"
                await self.ledger.record_failure(entry.key, error=error, now=self.clock())
                log.exception("%s %s failed unexpectedly", what, entry.key)
                return False, None, error
        raise AssertionError("unreachable")
