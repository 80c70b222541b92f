"""run_socket_mode against the fake's Socket Mode websocket: the production path (no public HTTP endpoint)."""

from __future__ import annotations

import asyncio

from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.app import create_slack_app, run_socket_mode
from bot.adapters.slack.render import PICK_SESSION_ACTION
from tests.fakes.slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.services.test_lookups import CONFIG, Ask


async def test_socket_mode_acks_envelopes_and_replies(slack: FakeSlack, client: AsyncWebClient, ask: Ask) -> None:
    app = create_slack_app(ask(), None, CONFIG, token=SecretStr(BOT_TOKEN), client=client)  # no signing secret
    running = asyncio.create_task(run_socket_mode(app, SecretStr(APP_TOKEN)))
    try:
        form = slack.command_form("/readings", "S0-L05")
        envelope = await slack.send_envelope("slash_commands", form)
        ack = await slack.wait_for(lambda: slack.calls(envelope, kind="socket_ack"))
        assert ack[0].args == {}  # acknowledged, nothing shown yet
        rid = form["response_url"].rsplit("/", 1)[1]
        (reply,) = await slack.wait_for(lambda: slack.calls(rid, kind="response"))
        assert reply.args["blocks"][0]["text"]["text"].startswith("Survey human alignment")

        pick = slack.action_payload(PICK_SESSION_ACTION, "S0-L11")
        envelope = await slack.send_envelope("interactive", pick)
        await slack.wait_for(lambda: slack.calls(envelope, kind="socket_ack"))
        rid = pick["response_url"].rsplit("/", 1)[1]
        (picked,) = await slack.wait_for(lambda: slack.calls(rid, kind="response"))
        assert picked.args["replace_original"] is True

        opened = slack.calls("apps.connections.open")  # the token check at start, then the connection
        assert len(opened) == 2 and all(o.headers["Authorization"] == "(redacted)" for o in opened)
        assert not running.done()
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
    assert running.cancelled()
