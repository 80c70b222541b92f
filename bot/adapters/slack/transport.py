"""Post, edit and find the bot's scheduled messages in a Slack channel (``bot.services.transport.Transport``).

Each post carries Slack message metadata ``{"event_type": "coursebot_post", "event_payload": {"key": ...,
"hash": ...}}``; ``conversations.history`` with ``include_all_metadata`` returns it, which is how a
``pending`` ledger row is reconciled after a crash (``find_sent``). A Slack message id is its ``ts``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.render import METADATA_EVENT_TYPE, render_slack
from bot.services.messages import Message
from bot.services.transport import TransportError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Slack error codes that a later attempt may get past (besides HTTP 429 and 5xx).
_RETRYABLE_ERRORS = frozenset({"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"})
MAX_RETRY_AFTER = 60.0
HISTORY_PAGES = 5  # how far back find_sent looks when not told since when: 5 pages of 200 messages
SCAN_PAGES = 250  # pages read at most by one find_sent from a moment on (50,000 messages)
#: Web API methods that create something: never re-sent blindly after a connection error (Slack may have
#: stored the message before the connection broke); the posting layer looks with find_sent first.
NOT_IDEMPOTENT = frozenset({"chat.postMessage", "chat.postEphemeral", "files.completeUploadExternal"})


class SafeConnectionErrorRetryHandler(AsyncConnectionErrorRetryHandler):
    """slack_sdk's connection-error retry, except for calls that create something (``NOT_IDEMPOTENT``):
    a reset after Slack stored a ``chat.postMessage`` would post it twice."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.rstrip("/").rsplit("/", 1)[-1]
        if method in NOT_IDEMPOTENT:
            return False
        return await super()._can_retry_async(state=state, request=request, response=response, error=error)


class RetryAfterHandler(AsyncRetryHandler):
    """Retry a rate-limited call (HTTP 429) once Slack's ``Retry-After`` seconds have passed.

    Slack does not process a rate-limited request, so retrying it cannot post twice. Unlike slack_sdk's own
    handler, no random second is added: the bot makes few calls and waiting what Slack asks is enough.
    Server errors are *not* retried here: a 500 may come after the message was posted; the posting layer's
    ledger decides (see ``Transport.find_sent``).
    """

    def __init__(self, max_retry_count: int = 2) -> None:
        super().__init__(max_retry_count=max_retry_count)

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        delay = retry_after(response.headers if response is not None else {})
        log.warning("Slack rate limit on %s; retrying in %.1f s", request.url, delay)
        state.next_attempt_requested = True
        await asyncio.sleep(delay)
        state.increment_current_attempt()


def retry_after(headers: Any) -> float:
    """Seconds from a ``Retry-After`` header (slack_sdk gives lists of values), 1 when absent or unreadable."""
    for name in headers.keys():
        if name.lower() == "retry-after":
            value = headers[name]
            if isinstance(value, list):
                value = value[0] if value else ""
            try:
                return min(max(float(value), 0.0), MAX_RETRY_AFTER)
            except (TypeError, ValueError):
                return 1.0
    return 1.0


def make_slack_client(token: SecretStr, *, base_url: str | None = None, timeout: int = 30) -> AsyncWebClient:
    """An ``AsyncWebClient`` for the bot token that retries rate limits, and connection errors of calls
    that cannot post twice (never ``chat.postMessage``: see :class:`SafeConnectionErrorRetryHandler`).

    ``base_url`` (ending in ``/api/``) points it elsewhere, e.g. at the loopback fake Slack in tests.
    """
    kwargs: dict[str, Any] = {"token": token.get_secret_value(), "timeout": timeout}
    if base_url is not None:
        kwargs["base_url"] = base_url
    return AsyncWebClient(**kwargs, retry_handlers=[SafeConnectionErrorRetryHandler(), RetryAfterHandler()])


def transport_error(action: str, exc: Exception) -> TransportError:
    """Map a slack_sdk / network failure to a ``TransportError``: rate limits, 5xx and network errors are
    retryable; anything Slack refused for a reason (bad channel, missing scope, ...) is not."""
    if isinstance(exc, SlackApiError):
        status = getattr(exc.response, "status_code", None)
        code = ""
        data = getattr(exc.response, "data", None)
        if isinstance(data, dict):
            code = str(data.get("error") or "")
        retryable = status == 429 or (status is not None and status >= 500) or code in _RETRYABLE_ERRORS
        detail = code or f"HTTP {status}"
        failure = TransportError(f"Slack {action} failed: {detail}", retryable=retryable)
        if status == 429:  # the posting layer waits at least this long before its next attempt
            failure.retry_after = retry_after(getattr(exc.response, "headers", None) or {})  # type: ignore[attr-defined]
        return failure
    if isinstance(exc, (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ConnectionError, SlackClientError)):
        return TransportError(f"Slack {action} failed: {type(exc).__name__}: {exc}", retryable=True)
    return TransportError(f"Slack {action} failed: {type(exc).__name__}: {exc}", retryable=False)


async def call_slack(action: str, call: Callable[[], Awaitable[T]]) -> T:
    """Await a Slack Web API call, turning its failures into ``TransportError``."""
    try:
        return await call()
    except (SlackApiError, SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, ConnectionError) as exc:
        raise transport_error(action, exc) from exc


class SlackTransport:
    """The channel that digests and reminders are posted to, through the Slack Web API."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient, channel: str) -> None:
        if not channel or not channel.strip():
            raise ValueError("SlackTransport needs a channel id (configuration key slack.channel)")
        self.client = client
        self.channel = channel.strip()
        self._identity: tuple[str | None, str | None] | None = None  # (bot user id, bot id)

    async def send(self, message: Message, *, nonce: str) -> str:
        """``chat.postMessage`` with the ledger key in the message metadata; returns the message ``ts``.

        Slack has no idempotency key: ``nonce`` only goes to the log. A failure here (a 5xx, a timeout, a
        reset) may come after Slack stored the message, so it is never re-sent by the client: the posting
        layer looks with ``find_sent`` before it sends again, and after a crash.
        """
        payload = render_slack(message)
        response = await call_slack(
            "chat.postMessage",
            lambda: self.client.chat_postMessage(
                channel=self.channel, unfurl_links=False, unfurl_media=False, **payload.message_kwargs()
            ),
        )
        ts = response.get("ts")
        if not ts:
            raise TransportError("Slack chat.postMessage answered without a message ts", retryable=False)
        log.info("posted %s to Slack channel %s as %s (nonce %s)", message.key, self.channel, ts, nonce)
        return str(ts)

    async def edit(self, message_id: str, message: Message) -> None:
        """``chat.update`` the message ``message_id`` (its ``ts``) with the new content and metadata."""
        payload = render_slack(message)
        await call_slack(
            "chat.update",
            lambda: self.client.chat_update(channel=self.channel, ts=message_id, **payload.message_kwargs()),
        )
        log.info("edited Slack message %s in %s for %s", message_id, self.channel, message.key)

    async def find_sent(self, key: str, *, after: dt.datetime | None = None) -> str | None:
        """The ``ts`` of the newest message this bot posted in the channel with ledger ``key`` in its
        metadata; None when there is none. With ``after``, every message since then is read (Slack's
        ``oldest``), page by page; without, the last ``HISTORY_PAGES`` pages."""
        user_id, bot_id = await self._whoami()
        cursor: str | None = None
        pages = SCAN_PAGES if after is not None else HISTORY_PAGES
        for _ in range(pages):
            kwargs: dict[str, Any] = {"channel": self.channel, "include_all_metadata": True, "limit": 200}
            if after is not None:
                kwargs["oldest"] = f"{after.timestamp():.6f}"
            if cursor:
                kwargs["cursor"] = cursor
            response = await call_slack("conversations.history", lambda: self.client.conversations_history(**kwargs))
            for item in response.get("messages") or []:  # newest first
                if not _from_bot(item, user_id, bot_id):
                    continue
                metadata = item.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == METADATA_EVENT_TYPE and payload.get("key") == key and item.get("ts"):
                    return str(item["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not response.get("has_more") or not cursor:
                break
        return None

    async def _whoami(self) -> tuple[str | None, str | None]:
        if self._identity is None:
            response = await call_slack("auth.test", self.client.auth_test)
            self._identity = (response.get("user_id"), response.get("bot_id"))
        return self._identity


def _from_bot(item: dict[str, Any], user_id: str | None, bot_id: str | None) -> bool:
    return bool((bot_id and item.get("bot_id") == bot_id) or (user_id and item.get("user") == user_id))
