"""Answer a slash command or an action: render the neutral message, post it to the ``response_url`` and
upload any attachment (the .ics calendar) to the conversation with ``files.uploadV2``."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.render import render_slack
from bot.services.messages import Message, error

log = logging.getLogger(__name__)


async def answer(
    message: Message,
    respond: AsyncRespond,
    client: AsyncWebClient,
    *,
    channel_id: str | None,
    replace_original: bool | None = None,
) -> None:
    """Send ``message`` as the reply: ephemeral when the message says so, else visible in the channel."""
    payload = render_slack(message)
    await respond(
        text=payload.text,
        blocks=payload.blocks,
        response_type="ephemeral" if message.ephemeral else "in_channel",
        replace_original=replace_original,
        unfurl_links=False,
        unfurl_media=False,
    )
    for attachment in message.attachments:
        if not channel_id:
            await respond(**_error_kwargs(f"Could not attach {attachment.filename}: no conversation to upload to."))
            continue
        try:
            await client.files_upload_v2(
                channel=channel_id,
                file=attachment.data,
                filename=attachment.filename,
                title=attachment.filename,
            )
        except (SlackApiError, SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            reason = _slack_error(exc)
            log.warning("uploading %s to %s failed: %s", attachment.filename, channel_id, reason)
            hint = " Invite the bot to this channel (or use a direct message with it) and try again." if reason in {
                "not_in_channel", "channel_not_found"} else ""
            await respond(**_error_kwargs(f"Could not attach {attachment.filename} ({reason}).{hint}"))


async def answer_failure(respond: AsyncRespond, what: str) -> None:
    """Tell the user a command failed (the traceback goes to the log, not to Slack)."""
    try:
        await respond(**_error_kwargs(f"Something went wrong answering {what}; the details are in the bot's log."))
    except Exception:  # the response_url itself may be what failed
        log.exception("could not tell the user that %s failed", what)


def _error_kwargs(text: str) -> dict[str, object]:
    payload = render_slack(error(text))
    return {"text": payload.text, "blocks": payload.blocks, "response_type": "ephemeral"}


def _slack_error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        data = getattr(exc.response, "data", None)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
    return type(exc).__name__
