"""Slash commands end to end: the Bolt app served over HTTP on 127.0.0.1 (its aiohttp adapter), signed
requests posted as Slack posts them, replies arriving at the fake's response_url, files uploaded with
files.uploadV2, all against the real services and Store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import icalendar
import pytest
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.app import create_slack_app
from bot.adapters.slack.render import PICK_SESSION_ACTION
from bot.adapters.slack.transport import SlackTransport
from bot.config import CourseConfig, Member, SlackSection, Team
from bot.services.posting import Posting
from bot.store.sessions import Store
from tests.adapters.slack.conftest import CHANNEL
from tests.fakes.slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, Recorded
from tests.services.test_lookups import CONFIG, FEB_20, Ask

STAFF = "U0TA"
ADMIN = "U0ADMIN"


@dataclass
class Served:
    url: str
    app: AsyncApp
    slack: FakeSlack

    async def command(self, command: str, text: str = "", **fields: str) -> tuple[int, str, Recorded]:
        """Post the command; return the ack's status and body and the reply posted to its response_url."""
        status, body, form = await self.slack.post_command(self.url, command, text, **fields)
        reply = await self.reply_to(form["response_url"])
        return status, body, reply

    async def reply_to(self, response_url: str, count: int = 1) -> Recorded:
        rid = response_url.rsplit("/", 1)[1]
        replies = await self.slack.wait_for(lambda: len(got := self.slack.calls(rid, kind="response")) >= count and got)
        return replies[count - 1]


def config_with(**slack: object) -> CourseConfig:
    return CONFIG.model_copy(update={"slack": SlackSection(channel=CHANNEL, **slack)})


@pytest.fixture
async def serve(slack: FakeSlack, client: AsyncWebClient, store: Store, ask: Ask) -> AsyncIterator[Callable[..., Awaitable[Served]]]:
    runners: list[web.AppRunner] = []

    async def start(config: CourseConfig | None = None, lookups=None) -> Served:
        config = config or config_with(staff_user_ids=[STAFF])
        posting = Posting(store, config, SlackTransport(client, CHANNEL), clock=lambda: FEB_20)
        app = create_slack_app(lookups or ask(), posting, config, token=SecretStr(BOT_TOKEN),
                               signing_secret=SecretStr(SIGNING_SECRET), client=client)
        runner = web.AppRunner(app.web_app(path="/slack/events"), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return Served(f"http://127.0.0.1:{port}/slack/events", app, slack)

    yield start
    for runner in runners:
        await runner.cleanup()


def header(reply: Recorded) -> str:
    return reply.args["blocks"][0]["text"]["text"]


async def test_readings_is_acked_then_answered_in_channel(serve) -> None:
    served = await serve()
    status, body, reply = await served.command("/readings", "S0-L05")
    assert (status, body) == (200, "")  # acknowledged at once, with nothing to show yet
    assert reply.args["response_type"] == "in_channel"
    assert header(reply) == "Survey human alignment (S0-Intro, Tue 6 Feb 14:00)"
    text = str(reply.args["blocks"])
    assert "<https://arxiv.org/abs/2307.12966|Aligning LLMs with Human>" in text
    assert text.index("Required readings") < text.index("More readings")
    assert reply.args["unfurl_links"] is False


async def test_ambiguous_query_offers_a_menu_and_a_pick_answers_it(serve, slack: FakeSlack) -> None:
    served = await serve()
    _, _, reply = await served.command("/readings", "S0-Intro")
    (menu,) = [b for b in reply.args["blocks"] if b["type"] == "actions"]
    select = menu["elements"][0]
    assert select["action_id"] == PICK_SESSION_ACTION
    assert [o["value"] for o in select["options"]] == ["S0-L05", "S0-L11"]

    payload = slack.action_payload(PICK_SESSION_ACTION, "S0-L11")
    status, body = await slack.post_action(served.url, payload)
    assert (status, body) == (200, "")
    picked = await served.reply_to(payload["response_url"])
    assert picked.args["replace_original"] is True
    assert header(picked).startswith("FM toxicity / harmful outputs")


async def test_team_schedule_and_search_answer_through_the_services(serve) -> None:
    served = await serve()
    _, _, team = await served.command("/team", "notes S0-L11")
    assert "Blog team: team-3" in str(team.args["blocks"]) and "Barbara Liskov" in str(team.args["blocks"])
    _, _, schedule = await served.command("/schedule", "2")
    assert schedule.args["response_type"] == "in_channel"
    _, _, search = await served.command("/search", "alignment")
    assert "Aligning LLMs with Human" in str(search.args["blocks"])


async def test_bad_input_gets_an_ephemeral_error(serve) -> None:
    served = await serve()
    _, _, reply = await served.command("/schedule", "many")
    assert reply.args["response_type"] == "ephemeral"
    assert "whole number" in str(reply.args["blocks"])
    _, _, unknown = await served.command("/readings", "S0-L9")
    assert unknown.args["response_type"] == "ephemeral" and "S0-L9" in str(unknown.args["blocks"])


async def test_staff_commands_are_refused_to_students(serve, store) -> None:
    served = await serve()
    status, _, reply = await served.command("/sync", user_id="U0STUDENT")
    assert status == 200
    assert header(reply) == "Staff only" and reply.args["response_type"] == "ephemeral"
    assert "staff_user_ids" in str(reply.args["blocks"])
    assert store.synced == 0  # the refused command did nothing


async def test_listed_staff_may_sync(serve, store) -> None:
    served = await serve()
    _, _, reply = await served.command("/sync", user_id=STAFF)
    assert store.synced == 1
    assert "no such folder" in str(reply.args["blocks"])  # the test store's sync fails, and says why


async def test_workspace_admins_are_staff_unless_turned_off(serve, slack: FakeSlack) -> None:
    slack.add_user(ADMIN, "admin", is_admin=True)
    served = await serve()
    _, _, reply = await served.command("/digest", "preview 2024-02-25T18:00", user_id=ADMIN)
    assert "S0-L11" in str(reply.args["blocks"]) and header(reply) != "Staff only"
    assert reply.args["response_type"] == "ephemeral"  # a preview is for the asker only
    assert [c.args["user"] for c in slack.calls("users.info")] == [ADMIN]

    strict = await serve(config_with(staff_user_ids=[STAFF], admins_are_staff=False))
    _, _, refused = await strict.command("/digest", "preview", user_id=ADMIN)
    assert header(refused) == "Staff only"


async def test_calendar_uploads_the_ics_file(serve, slack: FakeSlack) -> None:
    served = await serve()
    _, _, reply = await served.command("/calendar", channel_id=CHANNEL)
    assert "course.ics" in str(reply.args["blocks"])
    (done,) = await slack.wait_for(lambda: slack.calls("files.completeUploadExternal"))
    (entry,) = [f for f in slack.files.values() if f["name"] == "course.ics"]
    assert done.args["channel_id"] == CHANNEL
    calendar = icalendar.Calendar.from_ical(entry["data"])
    assert len(calendar.walk("VEVENT")) == 3
    assert slack.messages(CHANNEL)[-1]["files"][0]["name"] == "course.ics"


async def test_calendar_where_the_bot_cannot_upload_says_so(serve, slack: FakeSlack) -> None:
    slack.outside.add("C0ELSEWHERE")
    served = await serve()
    status, _, form = await slack.post_command(served.url, "/calendar", channel_id="C0ELSEWHERE")
    assert status == 200
    second = await served.reply_to(form["response_url"], count=2)
    assert second.args["response_type"] == "ephemeral"
    assert "Could not attach course.ics (not_in_channel). Invite the bot" in str(second.args["blocks"])


async def test_unsigned_or_forged_requests_are_refused(serve, slack: FakeSlack) -> None:
    served = await serve()
    status, _, _ = await slack.post_command(served.url, "/readings", "S0-L05", signing_secret="not-the-secret")
    assert status == 401
    assert slack.responses() == []


async def test_a_failing_service_answers_briefly_and_logs(serve, slack: FakeSlack, ask: Ask, caplog) -> None:
    lookups = ask()

    async def broken(query: str):
        raise RuntimeError("database on fire")

    lookups.readings = broken  # type: ignore[method-assign]
    served = await serve(lookups=lookups)
    payload = slack.action_payload(PICK_SESSION_ACTION, "S0-L11")
    await slack.post_action(served.url, payload)
    reply = await served.reply_to(payload["response_url"])
    assert reply.args["response_type"] == "ephemeral"
    assert "Something went wrong" in str(reply.args["blocks"]) and "database on fire" not in str(reply.args)
    assert "database on fire" in caplog.text


async def test_the_bot_token_is_never_logged(serve, caplog) -> None:
    caplog.set_level("DEBUG")
    served = await serve()
    await served.command("/readings", "S0-L05")
    assert BOT_TOKEN not in caplog.text and SIGNING_SECRET not in caplog.text


def test_client_and_token_must_agree(client: AsyncWebClient, ask: Ask) -> None:
    with pytest.raises(ValueError, match="token"):
        create_slack_app(ask(), None, CONFIG, token=SecretStr("xoxb-other"), client=client)


async def test_the_ack_does_not_wait_for_a_slow_answer(serve, slack: FakeSlack, ask: Ask) -> None:
    """Slack wants the ack within 3 s: it is sent while the service is still working."""
    lookups = ask()
    release = asyncio.Event()
    started = asyncio.Event()
    original = lookups.readings

    async def slow(query: str):
        started.set()
        await release.wait()
        return await original(query)

    lookups.readings = slow  # type: ignore[method-assign]
    served = await serve(lookups=lookups)
    status, body, form = await slack.post_command(served.url, "/readings", "S0-L05")
    assert (status, body) == (200, "")
    await asyncio.wait_for(started.wait(), 5)
    assert slack.responses() == []  # acknowledged, the answer not yet sent
    release.set()
    reply = await served.reply_to(form["response_url"])
    assert header(reply).startswith("Survey human alignment")


async def test_command_text_is_unescaped_before_the_services_see_it(serve, ask: Ask) -> None:
    lookups = ask()
    asked: list[str] = []
    original = lookups.search

    async def search(text: str, limit: int = 10):
        asked.append(text)
        return await original(text, limit)

    lookups.search = search  # type: ignore[method-assign]
    served = await serve(lookups=lookups)
    _, _, reply = await served.command("/search", "R&D  <b>")  # Slack sends "R&amp;D  &lt;b&gt;"
    assert asked == ["R&D <b>"]
    assert header(reply) == "Search: R&D <b>"  # plain_text header
    assert reply.args["blocks"][1]["text"]["text"] == "No readings match “R&amp;D &lt;b&gt;”."  # escaped again


async def test_a_digest_preview_pings_no_one(serve) -> None:
    teams = [Team(id="team-1", slack_group_id="S0READ"), Team(id="team-3", members=[Member(name="Barbara Liskov", slack_id="U0BARB")])]
    served = await serve(config_with(staff_user_ids=[STAFF]).model_copy(update={"teams": teams}))
    _, _, reply = await served.command("/digest", "preview 2024-02-25T18:00", user_id=STAFF)
    shown = reply.args["text"] + str(reply.args["blocks"])
    assert "FM toxicity" in shown and "Barbara Liskov" in shown
    assert "<!subteam^" not in shown and "<@U0BARB>" not in shown


async def test_staff_check_fails_closed_when_slack_cannot_say(serve, slack: FakeSlack, store) -> None:
    slack.add_user(ADMIN, "admin", is_admin=True)
    slack.fail_next(1, status=500, method="users.info")
    served = await serve()
    _, _, reply = await served.command("/sync", user_id=ADMIN)
    assert header(reply) == "Staff only" and store.synced == 0
