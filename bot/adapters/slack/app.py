"""The Slack app: a Bolt ``AsyncApp`` answering the course's slash commands, run over Socket Mode.

Wiring, as ``bot/app.py`` does it (the transport and the app share one Web API client)::

    client = make_slack_client(secrets.slack_bot_token)
    transport = SlackTransport(client, config.slack.channel)
    posting = Posting(store, config, transport)
    app = create_slack_app(lookups, posting, config, token=secrets.slack_bot_token, client=client)
    await run_socket_mode(app, secrets.slack_app_token)

Tokens are ``SecretStr`` and are only unwrapped where slack_sdk needs them; they are never logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pydantic import SecretStr
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.listeners import SlackContext, register_listeners
from bot.adapters.slack.staff import StaffPolicy
from bot.adapters.slack.transport import make_slack_client
from bot.config import CourseConfig

if TYPE_CHECKING:
    from bot.services.lookups import Lookups
    from bot.services.posting import Posting

log = logging.getLogger(__name__)


def create_slack_app(
    lookups: Lookups,
    posting: Posting | None,
    config: CourseConfig,
    *,
    token: SecretStr,
    signing_secret: SecretStr | None = None,
    client: AsyncWebClient | None = None,
) -> AsyncApp:
    """A Bolt app with the course's slash commands and the session-pick action registered.

    ``client`` (default: :func:`make_slack_client` for ``token``) makes every Web API call; pass the
    transport's client so both share retries and a session. Without ``signing_secret`` the app only
    serves Socket Mode: HTTP requests fail signature verification and are refused.
    """
    if client is None:
        client = make_slack_client(token)
    elif client.token != token.get_secret_value():
        raise ValueError("create_slack_app: the client's token is not the bot token given")
    app = AsyncApp(
        name="coursebot",
        client=client,
        signing_secret=signing_secret.get_secret_value() if signing_secret is not None else "",
        logger=logging.getLogger("bot.adapters.slack.bolt"),
    )
    register_listeners(app, SlackContext(lookups=lookups, posting=posting, config=config, staff=StaffPolicy(config.slack)))
    return app


async def run_socket_mode(app: AsyncApp, app_token: SecretStr) -> None:
    """Connect to Slack over Socket Mode with the app-level token (``xapp-...``) and serve until cancelled."""
    handler = AsyncSocketModeHandler(app, app_token.get_secret_value())
    try:
        await handler.start_async()
    finally:
        await handler.close_async()
