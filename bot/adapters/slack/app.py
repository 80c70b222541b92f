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

import asyncio
import logging
from typing import TYPE_CHECKING

import aiohttp

from pydantic import SecretStr
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
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


class SlackStartError(Exception):
    """Slack cannot be served as configured (a refused token); the message names the variable."""


#: apps.connections.open errors that no retry fixes: the token is wrong.
_REFUSED = frozenset({"invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive", "token_revoked",
                      "token_expired", "missing_scope", "invalid_token"})


async def check_app_token(app_token: SecretStr, *, client: AsyncWebClient) -> None:
    """Ask Slack for a Socket Mode URL with the app-level token, once, before serving: a wrong
    ``SLACK_APP_TOKEN`` is a start-up error, not an endless reconnect loop that never gets a command."""
    web = AsyncWebClient(token=app_token.get_secret_value(), base_url=client.base_url, timeout=client.timeout)
    try:
        await web.apps_connections_open(app_token=app_token.get_secret_value())
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
        if error in _REFUSED or exc.response.status_code in (401, 403):
            raise SlackStartError(
                f"Slack refused SLACK_APP_TOKEN ({error}): it must be the app-level token (xapp-...) with the "
                "connections:write scope, from the app's Basic Information page"
            ) from exc
        raise SlackStartError(f"Slack could not open a Socket Mode connection ({error})") from exc
    except (OSError, aiohttp.ClientError, asyncio.TimeoutError) as exc:
        raise SlackStartError(f"cannot reach Slack to open Socket Mode ({exc})") from exc


async def run_socket_mode(app: AsyncApp, app_token: SecretStr) -> None:
    """Connect to Slack over Socket Mode with the app-level token (``xapp-...``) and serve until cancelled.

    Raises :class:`SlackStartError` when Slack refuses the token (checked before connecting)."""
    await check_app_token(app_token, client=app.client)
    handler = AsyncSocketModeHandler(app, app_token.get_secret_value())
    try:
        await handler.start_async()
    finally:
        await handler.close_async()
