"""Block actions: a session picked from the select menu offered for an ambiguous /readings query."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.listeners.context import SlackContext
from bot.adapters.slack.render import PICK_SESSION_ACTION
from bot.adapters.slack.reply import answer, answer_failure
from bot.services.messages import error

log = logging.getLogger(__name__)


def register(app: AsyncApp, context: SlackContext) -> None:
    async def on_pick(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        await handle_pick(body, respond, client, context)

    app.action(PICK_SESSION_ACTION)(on_pick)


async def handle_pick(body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient, context: SlackContext) -> None:
    """Replace the menu message with the readings of the picked session."""
    actions = body.get("actions") or [{}]
    slug = str(((actions[0] or {}).get("selected_option") or {}).get("value") or "").strip()
    channel_id = ((body.get("channel") or {}).get("id")) or ((body.get("container") or {}).get("channel_id"))
    try:
        if not slug:
            await answer(error("That choice carried no session; run /readings again."), respond, client, channel_id=None)
            return
        message = await context.lookups.readings(slug)
        await answer(message, respond, client, channel_id=channel_id, replace_original=True)
    except Exception:
        log.exception("Slack session pick %r failed", slug)
        await answer_failure(respond, "that choice")
