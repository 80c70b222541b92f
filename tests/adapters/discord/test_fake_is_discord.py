"""The fake Discord behaves like Discord where the bot's correctness depends on it (issue 9, "The fake Discord
must be Discord"): its answers validate against Discord's official OpenAPI description, it refuses what
Discord refuses with Discord's 400 error body, a nonce deduplicates for minutes (not forever), and after a
deferred response the first follow-up edits the loading message. Also: the bot itself never sends Discord a
payload over its limits, even for absurdly long posts.

Schema checks need ``../shared/specs/discord-openapi.json`` and skip, saying why, where it is absent."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.services.messages import Line, Mention, Message, Section
from tests.adapters.discord.conftest import CHANNEL, NOW, STAFF_ROLE, Running, write_site
from tests.fakes import openapi
from tests.fakes.discord import (
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    LOADING_FLAG,
    NONCE_WINDOW,
    FakeDiscord,
    limit_errors,
)
from tests.clock import SettableClock

TIMEOUT = 5


@pytest.fixture(scope="module")
def spec() -> openapi.DiscordSpec:
    loaded = openapi.discord_spec()
    if loaded is None:
        pytest.skip(f"Discord's OpenAPI spec not found at {openapi.SPEC_FILE} (it lives in ../shared/specs)")
    return loaded


@pytest.fixture
async def http(fake: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP client to the fake, authorised as the bot (for payloads the bot would never send)."""
    async with aiohttp.ClientSession(fake.api_base + "/", headers={"Authorization": f"Bot {fake.token}"}) as session:
        yield session


async def send(http: aiohttp.ClientSession, method: str, path: str, body: Any = None, **params: str) -> tuple[int, Any]:
    async with http.request(method, path.lstrip("/"), json=body, params=params or None) as response:
        payload = await response.json() if response.content_type == "application/json" else None
        return response.status, payload


# ---------------------------------------------------------------------- the validator itself
def test_the_validator_finds_what_the_old_fake_got_wrong(spec: openapi.DiscordSpec) -> None:
    """The violations the issue names are violations: a user without ``flags``, permissions as an integer,
    a deferred callback's resource (Discord documents a resource only for a message it made)."""
    user = {"id": "1", "username": "u", "avatar": None, "discriminator": "0", "public_flags": 0, "global_name": None,
            "primary_guild": None}
    assert any("'flags' is a required property" in v.message
               for v in spec.check_response("GET", "/users/1", 200, user, has_body=True))
    assert spec.check_response("GET", "/users/1", 200, {**user, "flags": 0}, has_body=True) == []
    command = {"id": "2", "application_id": "3", "version": "4", "type": 1, "name": "x", "description": "d",
               "default_member_permissions": 32}
    [wrong] = spec.check_response("PUT", "/applications/3/guilds/5/commands", 200, [command], has_body=True)
    assert wrong.where == "$[0].default_member_permissions"
    assert spec.check_response("PUT", "/applications/3/guilds/5/commands", 200,
                               [{**command, "default_member_permissions": "32"}], has_body=True) == []
    deferred = {"interaction": {"id": "6", "type": 2}, "resource": {"type": 5}}
    assert spec.check_response("POST", "/interactions/6/tok/callback", 200, deferred, has_body=True)
    assert spec.check_response("POST", "/interactions/6/tok/callback", 200, {"interaction": {"id": "6", "type": 2}},
                               has_body=True) == []


def test_the_validator_matches_literal_paths_first_and_knows_statuses(spec: openapi.DiscordSpec) -> None:
    op = spec.operation("PATCH", "/webhooks/1/token/messages/@original")
    assert op is not None and op.template.endswith("/messages/@original")
    op = spec.operation("PATCH", "/webhooks/1/token/messages/99")
    assert op is not None and op.template.endswith("/messages/{message_id}")
    assert spec.operation("POST", "/no/such/route") is None
    assert spec.check_response("GET", "/channels/1", 302, None, has_body=False)[0].message.startswith(
        "Discord documents no 302")
    # a 204 carries no body; a 400 carries Discord's error object
    assert spec.check_response("POST", "/interactions/6/tok/callback", 204, None, has_body=False) == []
    assert spec.check_response("POST", "/channels/1/messages", 400, {"message": "x"}, has_body=True)


def test_requests_may_send_snowflakes_as_integers_responses_may_not(spec: openapi.DiscordSpec) -> None:
    """discord.py sends allowed_mentions ids as JSON integers, which Discord reads; Discord itself always
    answers ids as strings."""
    body = {"content": "hi", "allowed_mentions": {"parse": [], "users": [710_000_000_000_000_006]}}
    assert spec.check_request("POST", "/channels/1/messages", body) == []
    assert spec.check_request("POST", "/channels/1/messages", {"content": 5})
    user = {"id": 1, "username": "u", "avatar": None, "discriminator": "0", "public_flags": 0, "flags": 0,
            "global_name": None, "primary_guild": None}
    assert [v.where for v in spec.check_response("GET", "/users/1", 200, user, has_body=True)] == ["$.id"]


def test_query_strings_and_gateway_objects_are_checked_too(spec: openapi.DiscordSpec) -> None:
    assert spec.check_query("GET", "/channels/1/messages", {"limit": "100", "after": "5"}) == []
    [over] = spec.check_query("GET", "/channels/1/messages", {"limit": "101"})
    assert over.where == "?limit"
    [unknown] = spec.check_query("GET", "/channels/1/messages", {"since": "5"})
    assert unknown.message == "no such query parameter"
    member = {"user": {"id": "1", "username": "u", "avatar": None, "discriminator": "0", "public_flags": 0,
                       "flags": 0, "global_name": None, "primary_guild": None},
              "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0,
              "pending": False}
    missing = spec.check_object("GuildMemberResponse", member, event="INTERACTION_CREATE", where="$.member")
    assert {v.message for v in missing} >= {"'nick' is a required property"}
    assert all(v.direction == "gateway" and v.where == "$.member" for v in missing)


async def test_a_fake_answering_off_spec_fails_the_test_at_its_end(spec: openapi.DiscordSpec) -> None:
    """What the fake answers is checked without the test asking: a route Discord does not have fails
    ``async with FakeDiscord()`` on the way out, listing the violation."""
    with pytest.raises(AssertionError, match=r"violations of Discord's OpenAPI spec:\n.*GET /no/such/route"):
        async with FakeDiscord() as fake:
            async with aiohttp.ClientSession(fake.api_base + "/") as http:
                status, _ = await send(http, "GET", "/no/such/route")
            assert status == 404
    async with FakeDiscord(spec=False) as unchecked:  # a fake may be told not to check (none do)
        assert unchecked.spec is None


# ---------------------------------------------------------------------- all traffic of the main flows
async def test_the_main_flows_break_no_schema(running: Running, spec: openapi.DiscordSpec) -> None:
    """Log-in, command sync, interactions (immediate, a long one, deferred then answered, a
    select menu, autocomplete), channel posts, edits, history paging, a 429 and a lost 5xx: every request the
    bot sends and every answer of the fake validates against Discord's spec."""
    fake = running.fake
    assert fake.spec is spec
    await fake.wait_for("PUT", r"^/applications/\d+/guilds/\d+/commands$")
    record = await fake.slash("readings", {"query": "S0-L03"}, user=running.student)  # 40 readings
    await asyncio.wait_for(record.callback, TIMEOUT)
    record = await fake.slash("search", {"text": "scaling"}, user=running.student)  # deferred, then edited
    await asyncio.wait_for(record.original_edited, TIMEOUT)
    record = await fake.slash("readings", {"query": "S0-Intro"}, user=running.student)  # a select menu
    await asyncio.wait_for(record.callback, TIMEOUT)
    assert record.original is not None
    pick = await fake.select(record.original, ["S0-L02"], user=running.student)
    await asyncio.wait_for(pick.callback, TIMEOUT)
    record = await fake.autocomplete("readings", "query", "S0", user=running.student)
    await asyncio.wait_for(record.callback, TIMEOUT)
    record = await fake.slash("calendar", user=running.student)  # a file on the deferred answer
    await asyncio.wait_for(record.original_edited, TIMEOUT)

    fake.fail_next(429, retry_after=0.01)
    assert (await running.posting.post_digest()).action == "sent"  # POST, after a 429
    write_site(running.bot.config.site_path, extra_reading="A new reading")
    await running.bot.lookups.store.sync(running.bot.config)
    assert (await running.posting.post_digest()).action == "edited"  # PATCH
    fake.fail_next(500, apply_first=True)
    notice = Message(title="Notice", kind="notice", key="notice:1", description="hello")
    assert (await running.posting.post_once(notice, kind="notice", due_at=NOW)).action == "sent"  # lost 5xx
    assert await running.transport.find_sent("notice:1") is not None  # GET history paging

    seen = {(r.method, spec.operation(r.method, r.path).template) for r in fake.requests}  # type: ignore[union-attr]
    assert {
        ("GET", "/users/@me"), ("GET", "/oauth2/applications/@me"),
        ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
        ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
        ("POST", "/channels/{channel_id}/messages"), ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
        ("GET", "/channels/{channel_id}/messages"),
    } <= seen
    assert {r.status for r in fake.requests} >= {200, 429, 500}
    assert fake.violations == []


# ---------------------------------------------------------------------- Discord's limits
def _embed(**kw: Any) -> dict[str, Any]:
    return {"title": "t", "description": "d", **kw}


def _select(**kw: Any) -> dict[str, Any]:
    return {"type": 3, "custom_id": "pick", "options": [{"label": "a", "value": "a"}], **kw}


OVER_LIMIT: dict[str, tuple[dict[str, Any], list[str]]] = {
    # name: (payload, the path of the error in Discord's nested ``errors`` object)
    "content > 2000": ({"content": "x" * 2001}, ["content"]),
    "> 10 embeds": ({"embeds": [_embed() for _ in range(11)]}, ["embeds"]),
    "title > 256": ({"embeds": [_embed(title="x" * 257)]}, ["embeds", "0", "title"]),
    "description > 4096": ({"embeds": [_embed(description="x" * 4097)]}, ["embeds", "0", "description"]),
    "> 25 fields": ({"embeds": [_embed(fields=[{"name": "n", "value": "v"}] * 26)]}, ["embeds", "0", "fields"]),
    "field name > 256": ({"embeds": [_embed(fields=[{"name": "x" * 257, "value": "v"}])]},
                         ["embeds", "0", "fields", "0", "name"]),
    "field value > 1024": ({"embeds": [_embed(fields=[{"name": "n", "value": "x" * 1025}])]},
                           ["embeds", "0", "fields", "0", "value"]),
    "footer > 2048": ({"embeds": [_embed(footer={"text": "x" * 2049})]}, ["embeds", "0", "footer", "text"]),
    "author > 256": ({"embeds": [_embed(author={"name": "x" * 257})]}, ["embeds", "0", "author", "name"]),
    "embeds total > 6000": ({"embeds": [_embed(description="x" * 4000), _embed(description="x" * 2001)]},
                            ["embeds"]),
    "allowed_mentions users > 100": ({"content": "hi", "allowed_mentions": {"parse": [],
                                      "users": [str(10**17 + i) for i in range(101)]}},
                                     ["allowed_mentions", "users"]),
    "allowed_mentions roles > 100": ({"content": "hi", "allowed_mentions": {"parse": [],
                                      "roles": [str(10**17 + i) for i in range(101)]}},
                                     ["allowed_mentions", "roles"]),
    "nonce > 25": ({"content": "hi", "nonce": "x" * 26}, ["nonce"]),
    "> 5 action rows": ({"content": "hi", "components": [{"type": 1, "components": [_select()]}] * 6},
                        ["components"]),
    "> 5 buttons in a row": ({"content": "hi", "components": [{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "b", "custom_id": f"b{i}"} for i in range(6)]}]},
        ["components", "0", "components"]),
    "button label > 80": ({"content": "hi", "components": [{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "x" * 81, "custom_id": "b"}]}]},
        ["components", "0", "components", "0", "label"]),
    "custom_id > 100": ({"content": "hi", "components": [{"type": 1, "components": [_select(custom_id="x" * 101)]}]},
                        ["components", "0", "components", "0", "custom_id"]),
    "> 25 select options": ({"content": "hi", "components": [{"type": 1, "components": [
        _select(options=[{"label": f"o{i}", "value": f"o{i}"} for i in range(26)])]}]},
        ["components", "0", "components", "0", "options"]),
    "option label > 100": ({"content": "hi", "components": [{"type": 1, "components": [
        _select(options=[{"label": "x" * 101, "value": "a"}])]}]},
        ["components", "0", "components", "0", "options", "0", "label"]),
    "placeholder > 150": ({"content": "hi", "components": [{"type": 1, "components": [
        _select(placeholder="x" * 151)]}]}, ["components", "0", "components", "0", "placeholder"]),
}


def _errors_at(errors: dict[str, Any], path: list[str]) -> list[dict[str, str]]:
    node: Any = errors
    for part in path:
        node = node[part]
    return node["_errors"]


@pytest.mark.parametrize("name", list(OVER_LIMIT))
async def test_over_limit_payloads_are_refused_with_invalid_form_body(
    fake: FakeDiscord, http: aiohttp.ClientSession, name: str
) -> None:
    """Creating, editing or following up with a payload over one of Discord's documented limits: 400
    ``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}`` naming the field, and nothing posted."""
    payload, path = OVER_LIMIT[name]
    fake.allow_invalid_requests = True  # sent on purpose; the fake's answers are still checked
    status, body = await send(http, "POST", f"/channels/{CHANNEL}/messages", payload)
    assert status == 400
    assert (body["code"], body["message"]) == (50035, "Invalid Form Body")
    [error] = _errors_at(body["errors"], path)
    assert set(error) == {"code", "message"} and error["code"].isupper()
    assert fake.channel_messages(CHANNEL) == []
    # the same payload is refused as an edit too
    status, created = await send(http, "POST", f"/channels/{CHANNEL}/messages", {"content": "ok"})
    assert status == 200
    status, body = await send(http, "PATCH", f"/channels/{CHANNEL}/messages/{created['id']}", payload)
    assert (status, body["code"]) == (400, 50035)
    assert fake.channel_messages(CHANNEL)[0]["content"] == "ok"


# where the spec states no such limit: it allows 4,000 characters of content (Discord's docs: 2,000 for a
# bot's message), cannot express a sum over embeds, and counts components v2 (up to 40) rather than rows
SPEC_SILENT = {"content > 2000", "embeds total > 6000", "> 5 action rows"}


@pytest.mark.parametrize("name", [n for n in OVER_LIMIT if n not in SPEC_SILENT])
def test_the_fakes_limits_are_the_specs(spec: openapi.DiscordSpec, name: str) -> None:
    """Every limit the spec states too, it states on the same field the fake's 400 names."""
    payload, path = OVER_LIMIT[name]
    [violation] = spec.check_request("POST", f"/channels/{CHANNEL}/messages", payload)
    assert violation.where == "$" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path)
    assert limit_errors(payload)


async def test_payloads_at_the_limits_are_accepted(fake: FakeDiscord, http: aiohttp.ClientSession) -> None:
    at_limit = {
        "content": "x" * 2000,
        "embeds": [_embed(title="t" * 256, description="d" * 4096, footer={"text": "f" * 1000},
                          fields=[{"name": "n", "value": "v" * 24}] * 25)],
        "allowed_mentions": {"parse": [], "users": [str(10**17 + i) for i in range(100)]},
        "components": [{"type": 1, "components": [_select(options=[{"label": f"o{i}", "value": f"o{i}"}
                                                                   for i in range(25)])]}] * 5,
    }
    assert limit_errors(at_limit) == {}
    if openapi.discord_spec() is not None:
        assert openapi.discord_spec().check_request("POST", f"/channels/{CHANNEL}/messages", at_limit) == []
    status, message = await send(http, "POST", f"/channels/{CHANNEL}/messages", at_limit)
    assert status == 200 and len(message["embeds"][0]["fields"]) == 25


async def test_an_over_limit_interaction_answer_is_refused_under_data(fake: FakeDiscord) -> None:
    """An interaction response's message is checked too (Discord nests its errors under ``data``), and so is
    a follow-up."""
    fake.allow_invalid_requests = True
    record = fake.unannounced_interaction()
    async with aiohttp.ClientSession(fake.api_base + "/") as http:
        status, body = await send(http, "POST", f"/interactions/{record.id}/{record.token}/callback",
                                  {"type": CHANNEL_MESSAGE, "data": {"embeds": [_embed(title="x" * 257)]}})
        assert (status, body["code"], body["message"]) == (400, 50035, "Invalid Form Body")
        assert _errors_at(body["errors"], ["data", "embeds", "0", "title"])[0]["code"] == "BASE_TYPE_MAX_LENGTH"
        assert not record.callback.done()  # refused: the interaction is still unanswered
        status, _ = await send(http, "POST", f"/interactions/{record.id}/{record.token}/callback",
                               {"type": CHANNEL_MESSAGE, "data": {"content": "fine"}})
        assert status == 204
        status, body = await send(http, "POST", f"/webhooks/{fake.application_id}/{record.token}",
                                  {"content": "x" * 2001}, wait="true")
    assert status == 400 and _errors_at(body["errors"], ["content"])[0]["code"] == "BASE_TYPE_MAX_LENGTH"
    assert record.followups == []


# ---------------------------------------------------------------------- the bot stays within the limits
async def test_the_bot_never_sends_an_over_limit_payload_for_absurd_posts(running: Running) -> None:
    """A post far past every limit (a 1,000-character title, a 10,000-character description, 30 sections of
    long headings and 3,000-character lines, 250 people and 150 roles to ping, a 5,000-character footer):
    every request the bot sends is within Discord's limits and validates, and the fake took every part."""
    fake = running.fake
    people = tuple(Mention(f"p{i}", discord_user_id=10**17 + i) for i in range(250))
    roles = tuple(Mention(f"r{i}", discord_role_id=2 * 10**17 + i) for i in range(150)) + (
        Mention("staff", discord_role_id=STAFF_ROLE),)
    sections = tuple(
        Section("h" * 500 + f" {s}", tuple(Line(f"line {s}.{i} " + "y" * 3000, url="https://example.org/" + "z" * 300)
                                          for i in range(4)))
        for s in range(30)
    )
    absurd = Message(title="T" * 1000, kind="notice", key="notice:absurd", description="D" * 10_000,
                     sections=sections, mentions=people + roles, footer="F" * 5000)
    outcome = await running.posting.post_once(absurd, kind="notice", due_at=NOW)
    assert outcome.action == "sent", outcome.detail
    sent = fake.find("POST", rf"^/channels/{CHANNEL}/messages$") + fake.find("PATCH", rf"^/channels/{CHANNEL}/")
    assert sent and all(r.status == 200 for r in sent)
    assert all(limit_errors(r.json) == {} for r in sent)
    pinged_users = {u for r in sent for u in (r.json.get("allowed_mentions") or {}).get("users") or []}
    assert len(pinged_users) == 250  # every mention went out, at most 100 a message
    assert fake.violations == []


# ---------------------------------------------------------------------- nonce window
async def test_a_nonce_deduplicates_for_minutes_not_forever(fake: FakeDiscord, http: aiohttp.ClientSession) -> None:
    """Discord: with ``enforce_nonce`` a nonce already used "in the past few minutes" returns the message made
    then; after that window the same nonce makes a new message."""
    clock = SettableClock(NOW)
    fake.clock = clock
    body = {"content": "digest", "nonce": "n-1", "enforce_nonce": True}
    _, first = await send(http, "POST", f"/channels/{CHANNEL}/messages", body)
    _, unenforced = await send(http, "POST", f"/channels/{CHANNEL}/messages", {**body, "enforce_nonce": False})
    assert unenforced["id"] != first["id"]  # without enforce_nonce a nonce deduplicates nothing
    clock.now = NOW + NONCE_WINDOW - dt.timedelta(seconds=1)
    _, again = await send(http, "POST", f"/channels/{CHANNEL}/messages", body)
    assert again["id"] == first["id"] and len(fake.channel_messages(CHANNEL)) == 2
    clock.now = NOW + NONCE_WINDOW + dt.timedelta(minutes=1)
    _, later = await send(http, "POST", f"/channels/{CHANNEL}/messages", body)
    assert later["id"] not in (first["id"], unenforced["id"])
    assert len(fake.channel_messages(CHANNEL)) == 3
    assert NONCE_WINDOW <= dt.timedelta(minutes=10)


# ---------------------------------------------------------------------- deferred follow-up
async def test_after_a_deferred_response_the_first_follow_up_edits_the_loading_message(fake: FakeDiscord) -> None:
    """Discord: a follow-up after DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE replaces the "thinking..." message
    (same id, no longer loading); only later follow-ups are new messages."""
    record = fake.unannounced_interaction()
    async with aiohttp.ClientSession(fake.api_base + "/") as http:
        status, answer = await send(http, "POST", f"/interactions/{record.id}/{record.token}/callback",
                                    {"type": DEFERRED_CHANNEL_MESSAGE}, with_response="true")
        assert status == 200 and "resource" not in answer and answer["interaction"]["response_message_loading"]
        assert record.original is not None and record.original["flags"] & LOADING_FLAG
        loading_id = record.original["id"]
        assert answer["interaction"]["response_message_id"] == loading_id
        status, first = await send(http, "POST", f"/webhooks/{fake.application_id}/{record.token}",
                                   {"content": "the answer"}, wait="true")
        assert status == 200 and first["id"] == loading_id and not first["flags"] & LOADING_FLAG
        assert first["content"] == "the answer" and record.followups == []
        status, second = await send(http, "POST", f"/webhooks/{fake.application_id}/{record.token}",
                                    {"content": "more"}, wait="true")
    assert status == 200 and second["id"] != loading_id and record.followups == [second]


async def test_an_immediate_response_is_not_edited_by_a_follow_up(fake: FakeDiscord) -> None:
    record = fake.unannounced_interaction()
    async with aiohttp.ClientSession(fake.api_base + "/") as http:
        status, answer = await send(http, "POST", f"/interactions/{record.id}/{record.token}/callback",
                                    {"type": CHANNEL_MESSAGE, "data": {"content": "now"}}, with_response="true")
        assert status == 200 and answer["resource"]["message"]["content"] == "now"
        status, follow = await send(http, "POST", f"/webhooks/{fake.application_id}/{record.token}",
                                    {"content": "later"}, wait="true")
    assert status == 200 and follow["id"] != answer["resource"]["message"]["id"]
    assert record.followups == [follow]
