"""Bolt listeners, one module per kind (as in slack-samples/bolt-python-starter-template)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.listeners import actions, commands
from bot.adapters.slack.listeners.context import SlackContext


def register_listeners(app: AsyncApp, context: SlackContext) -> None:
    commands.register(app, context)
    actions.register(app, context)


__all__ = ["SlackContext", "register_listeners"]
