"""Answering interactions with rendered messages: first response or follow-up, split over several messages."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.adapters.discord.render import ChoiceHandler, RenderedDiscordMessage, render_discord
from bot.services.messages import Message, error

log = logging.getLogger(__name__)

FAILURE_TEXT = "Something went wrong while answering that; the course staff can find the details in the bot's log."
STAFF_ONLY_TEXT = "This command is for course staff."


def _kwargs(payload: RenderedDiscordMessage, *, ephemeral: bool) -> dict[str, Any]:
    return {**payload.send_kwargs(), "ephemeral": ephemeral}


ORIGINAL_PENDING = "coursebot_original_pending"  # interaction.extras: deferred, loading message not answered yet


def _take_original(interaction: discord.Interaction) -> bool:
    """True once after :func:`defer`: the next answer edits the loading message."""
    extras = getattr(interaction, "extras", None)
    return bool(isinstance(extras, dict) and extras.pop(ORIGINAL_PENDING, False))


async def reply(
    interaction: discord.Interaction, message: Message, *, on_choice: ChoiceHandler | None = None
) -> None:
    """Send ``message`` as the interaction's response. After :func:`defer`, the first message replaces the
    loading message (``edit_original_response``, as Discord wants) and the rest are follow-ups."""
    for payload in render_discord(message, on_choice=on_choice):
        kwargs = _kwargs(payload, ephemeral=message.ephemeral)
        if _take_original(interaction):
            edit: dict[str, Any] = {"content": payload.content, "embeds": payload.embeds,
                                    "allowed_mentions": payload.allowed_mentions}
            if payload.view is not None:
                edit["view"] = payload.view
            if payload.files:
                edit["attachments"] = payload.files
            await interaction.edit_original_response(**edit)
        elif interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)


async def replace(
    interaction: discord.Interaction, message: Message, *, on_choice: ChoiceHandler | None = None
) -> None:
    """Answer a component interaction by replacing the message it came from (the rest as follow-ups)."""
    payloads = render_discord(message, on_choice=on_choice)
    first, rest = payloads[0], payloads[1:]
    await interaction.response.edit_message(
        content=first.content,
        embeds=first.embeds,
        view=first.view,
        attachments=first.files,
        allowed_mentions=first.allowed_mentions,
    )
    for payload in rest:
        await interaction.followup.send(**_kwargs(payload, ephemeral=message.ephemeral))


async def defer(interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
    """Acknowledge now (Discord allows 3 seconds); :func:`reply` then edits the loading message."""
    if not interaction.response.is_done():
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
        extras = getattr(interaction, "extras", None)
        if isinstance(extras, dict):
            extras[ORIGINAL_PENDING] = True


async def reply_failure(interaction: discord.Interaction, text: str = FAILURE_TEXT) -> None:
    """A short ephemeral apology; never raises (the interaction may already be gone)."""
    try:
        await reply(interaction, error(text))
    except discord.HTTPException:
        log.warning("could not tell the user about a failed interaction %s", interaction.id, exc_info=True)
