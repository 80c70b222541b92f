"""Slack adapter: Block Kit rendering, the posting transport and the Bolt app (slash commands, Socket Mode)."""

from bot.adapters.slack.app import SlackStartError, check_app_token, create_slack_app, run_socket_mode
from bot.adapters.slack.render import SlackPayload, render_slack
from bot.adapters.slack.transport import SlackTransport, make_slack_client

__all__ = ["SlackPayload", "SlackStartError", "SlackTransport", "check_app_token", "create_slack_app", "make_slack_client", "render_slack", "run_socket_mode"]
