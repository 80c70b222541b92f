"""Fixtures for the Slack adapter: the loopback fake Slack, a Web API client aimed at it, and the
course services over the real Store filled with the hand-made sessions of tests/services/test_lookups.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.transport import SlackTransport, make_slack_client
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.services.test_lookups import ask, store  # noqa: F401 (fixtures)

CHANNEL = "C0COURSE"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> AsyncWebClient:
    return make_slack_client(SecretStr(BOT_TOKEN), base_url=slack.api_url, timeout=5)


@pytest.fixture
def transport(client: AsyncWebClient) -> SlackTransport:
    return SlackTransport(client, CHANNEL)
