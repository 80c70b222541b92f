"""Posting scheduled messages (digests, reminders) to the course channel: the Discord ``Transport``.

A post may take several Discord messages (see ``render.py``); its message id is then their ids joined by
commas, in order. Every part carries the ledger key in its footer and is sent with its own nonce derived
from the post's, so a retried send within Discord's nonce window (minutes) is deduplicated part by part
(``enforce_nonce``). The posting layer records the part count and each part as it is sent (``on_part``),
and an interrupted post (a crash, a 403 on part 2) resumes at its first missing part (``sent``).

``find_sent`` reads the channel from a given moment on (``after``: when the ledger row was written),
page by page until the end, so a busy channel cannot push the post out of reach.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import Sequence

import aiohttp
import discord

from bot.adapters.discord.render import RenderedDiscordMessage, part_footer, part_of, render_discord
from bot.services.messages import Message
from bot.services.transport import PartsSent, TransportError

log = logging.getLogger(__name__)

HISTORY_LIMIT = 200  # recent channel messages searched by find_sent when it is not told since when
SCAN_LIMIT = 50_000  # messages read at most by one find_sent from a moment on (a runaway channel)
NONCE_LIMIT = 25  # Discord accepts nonces of at most 25 characters
NO_LONGER_NEEDED = "(the rest of this post now fits in the messages above)"


def part_nonce(nonce: str, index: int) -> str:
    """The nonce of part ``index`` of a post: the post's own for the first, a derived one for the rest."""
    if index == 0 and len(nonce) <= NONCE_LIMIT:
        return nonce
    return hashlib.sha256(f"{nonce}:{index}".encode()).hexdigest()[:NONCE_LIMIT]


def transport_error(exc: Exception, action: str) -> TransportError:
    """Map a discord.py or network failure to a TransportError: 5xx, 429 and network errors are retryable."""
    if isinstance(exc, discord.RateLimited):
        return TransportError(f"{action}: rate limited for {exc.retry_after:.1f}s", retryable=True)
    if isinstance(exc, discord.HTTPException):
        retryable = exc.status >= 500 or exc.status == 429
        return TransportError(f"{action}: Discord answered {exc.status} ({exc.text or exc.code})", retryable=retryable)
    return TransportError(f"{action}: {type(exc).__name__}: {exc}", retryable=True)


_FAILURES = (discord.HTTPException, discord.RateLimited, aiohttp.ClientError, OSError, asyncio.TimeoutError)


class DiscordTransport:
    """The course channel, through ``bot`` (which must be logged in)."""

    platform = "discord"

    def __init__(self, bot: discord.Client, channel_id: int) -> None:
        self.bot = bot
        self.channel_id = channel_id
        self.channel = str(channel_id)

    def _messageable(self) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(self.channel_id)

    async def send(
        self, message: Message, *, nonce: str, sent: Sequence[str] = (), on_part: PartsSent | None = None
    ) -> str:
        """Post ``message`` (the parts after the ``sent`` ones); ``on_part`` hears the part count before the
        first part is sent and each part's id after it is."""
        channel = self._messageable()
        payloads = render_discord(message)
        ids: list[str] = list(sent)
        if on_part is not None and len(payloads) > 1:
            await on_part(list(ids), len(payloads))
        try:
            for index in range(len(ids), len(payloads)):
                part = await channel.send(**payloads[index].send_kwargs(), nonce=part_nonce(nonce, index))
                ids.append(str(part.id))
                if on_part is not None and len(payloads) > 1:
                    await on_part(list(ids), len(payloads))
        except _FAILURES as exc:
            if ids:
                log.error("post %s stopped after %d of its %d messages were sent", message.key, len(ids), len(payloads))
            raise transport_error(exc, f"posting {message.key or message.title!r} to channel {self.channel}") from exc
        return ",".join(ids)

    async def edit(self, message_id: str, message: Message) -> None:
        """Edit the post's messages in place. A post that now needs fewer messages blanks the surplus ones
        (they keep their key, so the post's ids stay valid); one that needs more is cut, with a warning."""
        channel = self._messageable()
        ids = [int(part) for part in message_id.split(",") if part.strip()]
        payloads = render_discord(message)
        if len(payloads) > len(ids):
            log.warning("edited post %s now needs %d messages but %d were posted; the rest is cut",
                        message.key, len(payloads), len(ids))
        payloads += [_blank_part(message, index, len(ids)) for index in range(len(payloads), len(ids))]
        try:
            for mid, payload in zip(ids, payloads):
                await channel.get_partial_message(mid).edit(
                    content=payload.content, embeds=payload.embeds, allowed_mentions=payload.allowed_mentions
                )
        except _FAILURES as exc:
            raise transport_error(exc, f"editing message {message_id} in channel {self.channel}") from exc

    async def find_sent(self, key: str, *, after: dt.datetime | None = None) -> str | None:
        """The id(s) of the bot's post carrying exactly ``key`` (all parts found, in order); None when its
        first message is not there. With ``after``, every message since then is read (oldest first, page
        by page); without, the channel's last ``HISTORY_LIMIT``."""
        channel = self._messageable()
        me = self.bot.user
        parts: dict[int, str] = {}
        if after is not None:
            history = channel.history(limit=SCAN_LIMIT, after=after, oldest_first=True)
        else:
            history = channel.history(limit=HISTORY_LIMIT)  # newest first
        try:
            async for found in history:
                if (me is not None and found.author.id != me.id) or not found.embeds:
                    continue
                index = part_of(found.embeds[0], key)
                if index is not None:
                    parts.setdefault(index, str(found.id))
        except _FAILURES as exc:
            raise transport_error(exc, f"reading the history of channel {self.channel}") from exc
        ordered: list[str] = []
        while len(ordered) in parts:  # the parts from the first on, up to the first one missing
            ordered.append(parts[len(ordered)])
        return ",".join(ordered) or None


def _blank_part(message: Message, index: int, count: int) -> RenderedDiscordMessage:
    embed = discord.Embed(description=NO_LONGER_NEEDED)
    if message.key:
        embed.set_footer(text=part_footer(message.key, index, count))
    return RenderedDiscordMessage(content=None, embeds=[embed])
