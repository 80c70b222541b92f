"""Slack, exactly once: a failure after Slack stored the message (a 5xx, a connection reset) is looked up
before anything is sent again; slack_sdk never re-sends a chat.postMessage by itself; a wrong
SLACK_APP_TOKEN stops the start with a clear error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.adapters.slack.app import SlackStartError, check_app_token
from bot.adapters.slack.transport import SlackTransport, make_slack_client
from bot.app import BotError, run_bot
from bot.config import Secrets
from bot.services.posting import Posting
from bot.store.sessions import Store
from tests.adapters.slack.conftest import CHANNEL
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.services.test_lookups import CONFIG, NY

DIGEST_AT = dt.datetime(2024, 2, 25, 18, 0, tzinfo=NY)


async def no_sleep(seconds: float) -> None:
    """Posting's backoff, skipped: the test drives attempts, not the clock."""


@pytest.mark.parametrize("fault", ["500 after storing", "reset after storing"])
async def test_a_failure_after_slack_stored_the_post_is_not_a_second_post(
    slack: FakeSlack, transport: SlackTransport, store: Store, fault: str
) -> None:
    slack.clock = lambda: DIGEST_AT.astimezone(dt.UTC) + dt.timedelta(seconds=1)
    if fault.startswith("500"):
        slack.fail_next(1, status=500, method="chat.postMessage", apply_first=True)
    else:
        slack.fail_next(1, method="chat.postMessage", reset=True)
    posting = Posting(store, CONFIG, transport, clock=lambda: DIGEST_AT, sleep=no_sleep)
    outcome = await posting.post_digest(DIGEST_AT)
    (posted,) = slack.messages(CHANNEL)  # one message, not two
    assert outcome.action == "sent" and outcome.message_id == posted["ts"]
    assert len(slack.calls("chat.postMessage")) == 1  # neither slack_sdk nor the posting layer re-sent it
    (looked,) = slack.calls("conversations.history")
    assert float(looked.args["oldest"]) <= DIGEST_AT.timestamp()
    entry = await posting.ledger.get(outcome.key)
    assert entry is not None and (entry.status, entry.message_id) == ("sent", posted["ts"])


async def test_the_client_does_not_retry_a_post_on_a_connection_reset(slack: FakeSlack, transport: SlackTransport) -> None:
    from tests.adapters.slack.test_transport import digest

    slack.fail_next(1, method="chat.postMessage", reset=True)
    with pytest.raises(Exception) as caught:
        await transport.send(digest(), nonce="n1")
    assert getattr(caught.value, "retryable", None) is True
    assert len(slack.messages(CHANNEL)) == 1 and len(slack.calls("chat.postMessage")) == 1
    slack.fail_next(1, method="conversations.history", reset=True)  # reads are still retried by the client
    assert await transport.find_sent("digest:2024-W09") is not None


async def test_a_wrong_app_token_is_refused_at_start(slack: FakeSlack) -> None:
    client = make_slack_client(SecretStr(BOT_TOKEN), base_url=slack.api_url)
    with pytest.raises(SlackStartError, match="SLACK_APP_TOKEN") as caught:
        await check_app_token(SecretStr("xapp-wrong"), client=client)
    assert "xapp-wrong" not in str(caught.value)
    await check_app_token(SecretStr(slack.app_token), client=client)  # the right one passes


async def test_run_bot_stops_with_an_error_on_a_wrong_app_token(
    slack: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot does not stay up retrying Socket Mode with tracebacks: it says which token is wrong."""
    import bot.adapters.slack as slack_adapter

    real_client = slack_adapter.make_slack_client
    monkeypatch.setattr(slack_adapter, "make_slack_client", lambda token, **kw: real_client(token, base_url=slack.api_url))
    site = tmp_path / "site"
    site.mkdir()
    config = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"site": site})})
    secrets = Secrets(_env_file=None, slack_bot_token=SecretStr(slack.bot_token),  # type: ignore[call-arg]
                      slack_app_token=SecretStr("xapp-1-wrong"))
    with pytest.raises(BotError, match="Slack refused SLACK_APP_TOKEN") as caught:
        await run_bot(config, secrets, db_path=tmp_path / "c.sqlite3")
    assert "xapp-1-wrong" not in str(caught.value)
    assert slack.calls("apps.connections.open")
