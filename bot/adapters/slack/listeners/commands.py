"""Slash commands: /readings /team /schedule /search /calendar, and for staff /sync /digest.

Each is acknowledged at once (Slack's 3-second deadline), then answered through the ``response_url``
by the platform-neutral text commands (``bot.services.commands.dispatch``), the same code the console uses.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.listeners.context import SlackContext
from bot.adapters.slack.reply import answer, answer_failure
from bot.adapters.slack.staff import STAFF_COMMANDS
from bot.services.commands import dispatch
from bot.services.messages import error

log = logging.getLogger(__name__)

SLASH_COMMANDS = ("readings", "team", "schedule", "search", "calendar", "sync", "digest")


def register(app: AsyncApp, context: SlackContext) -> None:
    async def on_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        await handle_command(command, respond, client, context)

    for name in SLASH_COMMANDS:
        app.command(f"/{name}")(on_command)


def unescape(text: str) -> str:
    """Undo Slack's escaping of ``&``, ``<`` and ``>`` in the text typed after a slash command."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


async def handle_command(
    command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient, context: SlackContext
) -> None:
    """Answer one acknowledged slash command (``command`` is Slack's form payload)."""
    name = str(command.get("command", "")).lstrip("/").lower()
    user_id = str(command.get("user_id", ""))
    text = " ".join(unescape(str(command.get("text", ""))).split())
    try:
        if name in STAFF_COMMANDS and not await context.staff.is_staff(user_id, client):
            log.info("refused /%s to Slack user %s (not staff)", name, user_id)
            await answer(error(context.staff.refusal(), title="Staff only"), respond, client, channel_id=None)
            return
        message = await dispatch(f"/{name} {text}".strip(), context.lookups, context.posting)
        if name in STAFF_COMMANDS:  # staff answers (a digest preview) are for the asker only and ping no one
            message = dataclasses.replace(message, ephemeral=True, mentions=())
        await answer(message, respond, client, channel_id=command.get("channel_id"))
    except Exception:
        log.exception("Slack command /%s %r from %s failed", name, text, user_id)
        await answer_failure(respond, f"/{name}")
