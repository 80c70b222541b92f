"""A loopback fake of Discord (REST + gateway websocket) for end-to-end tests with the real discord.py client.

It binds 127.0.0.1 on a free port, serves the routes discord.py uses for a bot (login, command sync,
channel messages, interaction callbacks, webhook follow-ups) and a gateway that says HELLO, answers
IDENTIFY with READY + GUILD_CREATE, ACKs heartbeats, answers RESUME with RESUMED and can drop the
connection on demand. Every REST request is recorded; tests wait for them with :meth:`FakeDiscord.wait_for`
(futures, no sleeps) and can inject a 429 or a 5xx on the next matching requests.

It behaves like Discord where the bot's correctness depends on it: message ids are snowflakes of the fake's
clock (``clock``, injectable, so ``after=`` a moment means what it means on Discord), history pages as
Discord's do, a nonce with ``enforce_nonce`` deduplicates only within ``NONCE_WINDOW`` (minutes, not
forever), every message payload is checked against Discord's documented limits (400 with Discord's
``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}``), and after a deferred interaction
response the first follow-up edits the loading message instead of posting another.

Every request, every answer and the objects the gateway carries are checked against Discord's OpenAPI
spec (``../shared/specs``, via :mod:`tests.fakes.openapi`, where present): the violations collect in
``violations`` and ``async with FakeDiscord()`` fails on them on the way out, so every test that uses the
fake checks its traffic. A test that sends a bad payload on purpose sets ``allow_invalid_requests``.
Injected 5xx answers are not checked (Discord documents none).

Use :func:`pointed_at` to aim discord.py at the fake (``Route.BASE`` and ``DEFAULT_GATEWAY``) and restore
the real endpoints afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import yarl
from aiohttp import web

from tests.fakes.openapi import DiscordSpec, Violation, discord_spec

API_PREFIX = "/api/v10"
JSON = "application/json"
RECORD = web.RequestKey("record", "RecordedRequest")

# Interaction callback types (Discord API)
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT = 1, 4, 5, 6, 7, 8
EPHEMERAL_FLAG = 64
MANAGE_GUILD = 1 << 5
NONCE_WINDOW = dt.timedelta(minutes=5)  # Discord: a nonce is unique "in the past few minutes"
DISCORD_EPOCH_MS = 1_420_070_400_000
LOADING_FLAG = 128
# Discord's documented limits for a message payload (create/edit message, webhook, interaction response)
CONTENT_MAX, EMBEDS_MAX, EMBED_TOTAL_MAX = 2000, 10, 6000
TITLE_MAX, DESCRIPTION_MAX, FIELDS_MAX, FIELD_NAME_MAX, FIELD_VALUE_MAX = 256, 4096, 25, 256, 1024
FOOTER_MAX, AUTHOR_MAX, MENTION_IDS_MAX, NONCE_MAX = 2048, 256, 100, 25
# ... and on its (classic) components: rows, what a row holds, and the texts of buttons and select menus
ROWS_MAX, ROW_ITEMS_MAX, CUSTOM_ID_MAX, LABEL_MAX, PLACEHOLDER_MAX = 5, 5, 100, 80, 150
OPTIONS_MAX, OPTION_TEXT_MAX, SELECT_VALUES_MAX = 25, 100, 25
# A plain member's permissions: view channel, send messages, read history, use application commands.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)


@dataclass(slots=True)
class RecordedRequest:
    """One REST request the fake received."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None  # JSON body, or the multipart ``payload_json``
    files: list[tuple[str, str, bytes]] = field(default_factory=list)  # (field name, filename, data)
    status: int = 0  # what the fake answered

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


@dataclass(slots=True)
class _Failure:
    status: int
    remaining: int
    method: str
    pattern: re.Pattern[str]
    retry_after: float
    apply_first: bool  # 5xx only: perform the request, then answer the error (the response got lost)
    skip: int = 0  # matching requests let through before the failures start


@dataclass(slots=True)
class FakeUser:
    id: int
    username: str
    roles: tuple[int, ...] = ()
    permissions: int = MEMBER_PERMISSIONS
    bot: bool = False

    def user_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.username,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "collectibles": None,
            "primary_guild": None,
        }

    def member_payload(self) -> dict[str, Any]:
        return {
            "user": self.user_payload(),
            "roles": [str(r) for r in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "nick": None,
            "avatar": None,
            "banner": None,
            "premium_since": None,
            "communication_disabled_until": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "permissions": str(self.permissions),
        }


@dataclass(slots=True)
class InteractionRecord:
    """What happened to one interaction the fake sent: its callback, original response and follow-ups."""

    id: int
    token: str
    payload: dict[str, Any]
    callback: asyncio.Future[dict[str, Any]]  # the callback body {"type": ..., "data": ...}
    original_edited: asyncio.Future[dict[str, Any]]  # the message after the first PATCH of @original
    followup_sent: asyncio.Future[dict[str, Any]]  # the first answer after the callback (follow-up or @original edit)
    original: dict[str, Any] | None = None  # the message the interaction response created
    followups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def callback_type(self) -> int:
        return self.callback.result()["type"]


class FakeDiscord:
    """The fake server. ``async with FakeDiscord() as fake:`` starts and stops it."""

    def __init__(
        self,
        *,
        token: str = "MTAwMDAwMDAwMDAwMDAwMDAx.GfAkE0.fake-token-0123456789",
        guild_id: int = 700_000_000_000_000_001,
        channel_id: int = 700_000_000_000_000_010,
        members: list[FakeUser] | None = None,
        roles: dict[int, str] | None = None,
        heartbeat_interval_ms: int = 60_000,
        clock: Callable[[], dt.datetime] | None = None,
        spec: DiscordSpec | None | bool = True,
    ) -> None:
        # Every request and response is checked against Discord's OpenAPI spec (when ../shared/specs is
        # there); the violations are collected and ``async with`` fails on them at the end.
        self.spec: DiscordSpec | None = discord_spec() if spec is True else (spec or None)
        self.violations: list[Violation] = []
        self.allow_invalid_requests = False  # a test that sends Discord a bad payload on purpose
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.token = token
        self.application_id = 700_000_000_000_000_100
        self.bot_user = FakeUser(self.application_id, "coursebot", bot=True)
        self.owner = FakeUser(700_000_000_000_000_200, "owner")
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.roles = roles or {}
        self.members = members if members is not None else [self.owner]
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.requests: list[RecordedRequest] = []
        self.messages: dict[int, list[dict[str, Any]]] = {channel_id: []}  # channel id -> messages, oldest first
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # guild id (None: global) -> commands
        self.interactions: dict[int, InteractionRecord] = {}
        self.identify_count = 0
        self.resume_count = 0
        self.gateway_tokens: list[str] = []
        self.session_id = "fake-session-1"
        self._ids = itertools.count(800_000_000_000_000_000)
        self._sequence = itertools.count()
        self._last_snowflake = 0
        self._seq = 0
        self._failures: list[_Failure] = []
        self._waiters: list[tuple[Callable[[RecordedRequest], bool], asyncio.Future[RecordedRequest]]] = []
        self._gateway_events: dict[str, asyncio.Event] = {}
        self._socket: web.WebSocketResponse | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/gateway", self._gateway)
        r = app.router
        p = API_PREFIX
        r.add_get(p + "/users/@me", self._users_me)
        r.add_get(p + "/oauth2/applications/@me", self._application)
        r.add_get(p + "/gateway", self._gateway_url)
        r.add_get(p + "/gateway/bot", self._gateway_url)
        r.add_put(p + "/applications/{app}/commands", self._put_commands)
        r.add_put(p + "/applications/{app}/guilds/{guild}/commands", self._put_commands)
        r.add_get(p + "/applications/{app}/commands", self._get_commands)
        r.add_get(p + "/applications/{app}/guilds/{guild}/commands", self._get_commands)
        r.add_get(p + "/channels/{channel}", self._get_channel)
        r.add_post(p + "/channels/{channel}/messages", self._post_message)
        r.add_get(p + "/channels/{channel}/messages", self._list_messages)
        r.add_get(p + "/channels/{channel}/messages/{message}", self._get_message)
        r.add_patch(p + "/channels/{channel}/messages/{message}", self._patch_message)
        r.add_post(p + "/interactions/{id}/{token}/callback", self._interaction_callback)
        r.add_post(p + "/webhooks/{app}/{token}", self._followup)
        r.add_get(p + "/webhooks/{app}/{token}/messages/{message}", self._get_webhook_message)
        r.add_patch(p + "/webhooks/{app}/{token}/messages/{message}", self._patch_webhook_message)
        r.add_delete(p + "/webhooks/{app}/{token}/messages/{message}", self._delete_webhook_message)
        r.add_route("*", p + "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001)
        for _, future in self._waiters:
            future.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, exc_type: object, *exc: object) -> None:
        await self.close()
        if exc_type is None:
            self.assert_valid()

    def assert_valid(self) -> None:
        """Fail listing every place where the traffic broke Discord's OpenAPI spec (bad requests are
        allowed once ``allow_invalid_requests`` is set)."""
        wrong = [v for v in self.violations if v.direction != "request" or not self.allow_invalid_requests]
        if wrong:
            shown = "\n  ".join(str(v) for v in wrong[:40])
            more = f"\n  ... and {len(wrong) - 40} more" if len(wrong) > 40 else ""
            raise AssertionError(f"{len(wrong)} violations of Discord's OpenAPI spec:\n  {shown}{more}")

    @property
    def api_base(self) -> str:
        return self.url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/gateway"

    # ------------------------------------------------------------------ test controls
    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        method: str = "POST",
        path: str = r"/channels/\d+/messages$",
        retry_after: float = 0.01,
        apply_first: bool = False,
        after: int = 0,
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and the ``path`` regex with ``status``.
        A 429 carries a ``Via`` header and ``retry_after`` in its body (as Discord's do); with
        ``apply_first`` a 5xx is answered after the request took effect (a lost response); ``after`` lets
        that many matching requests through first (a 403 on the second part of a post)."""
        self._failures.append(_Failure(status, times, method, re.compile(path), retry_after, apply_first, after))

    async def wait_for(
        self,
        method: str,
        path: str,
        *,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        start: int = 0,
        timeout: float = 5.0,
    ) -> RecordedRequest:
        """The first answered request from index ``start`` on matching ``method`` and ``path`` (a regex,
        searched against the path without /api/v10), waiting for it if it has not arrived yet."""
        pattern = re.compile(path)

        def matches(req: RecordedRequest) -> bool:
            return req.method == method and bool(pattern.search(req.path)) and (predicate is None or predicate(req))

        for req in self.requests[start:]:
            if matches(req):
                return req
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        self._waiters.append((matches, future))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters = [(m, f) for m, f in self._waiters if f is not future]

    def find(self, method: str, path: str) -> list[RecordedRequest]:
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    async def gateway_event(self, name: str, timeout: float = 5.0) -> None:
        """Wait until the gateway has seen ``name`` ("IDENTIFY" or "RESUME") since the last call for it."""
        event = self._gateway_events.setdefault(name, asyncio.Event())
        await asyncio.wait_for(event.wait(), timeout)
        event.clear()

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the current gateway websocket as Discord does when a session must reconnect."""
        if self._socket is None:
            raise RuntimeError("no gateway connection to drop")
        ws, self._socket = self._socket, None
        await ws.close(code=code)

    def snowflake(self) -> int:
        """A Discord id for something created now by the fake's clock (increasing, time-ordered)."""
        ms = int(self.clock().timestamp() * 1000) - DISCORD_EPOCH_MS
        flake = max((ms << 22) | (next(self._sequence) & 0xFFF), self._last_snowflake + 1)
        self._last_snowflake = flake
        return flake

    def now_iso(self) -> str:
        return self.clock().astimezone(dt.UTC).isoformat()

    def channel_messages(self, channel_id: int | None = None) -> list[dict[str, Any]]:
        return self.messages.setdefault(channel_id or self.channel_id, [])

    def add_message(
        self, author: FakeUser, *, content: str = "", embeds: list[dict[str, Any]] | None = None,
        channel_id: int | None = None,
    ) -> dict[str, Any]:
        """A message someone else posted in a channel (as if Discord had it already)."""
        channel = channel_id or self.channel_id
        message = self._new_message(channel, {"content": content, "embeds": embeds or []}, [])
        message["author"] = author.user_payload()
        self.channel_messages(channel).append(message)
        return message

    def member(self, username: str, *, roles: tuple[int, ...] = (), permissions: int = MEMBER_PERMISSIONS) -> FakeUser:
        """A new member of the guild (not sent in GUILD_CREATE; interactions carry their own member data)."""
        return FakeUser(next(self._ids), username, roles=roles, permissions=permissions)

    async def send_interaction(
        self,
        type_: int,
        data: dict[str, Any],
        *,
        user: FakeUser | None = None,
        message: dict[str, Any] | None = None,
        channel_id: int | None = None,
    ) -> InteractionRecord:
        """Dispatch INTERACTION_CREATE over the gateway; returns the record to await the bot's answer on."""
        if self._socket is None:
            raise RuntimeError("the bot is not connected to the gateway")
        user = user or self.owner
        interaction_id = next(self._ids)
        token = f"itoken-{interaction_id}"
        channel = channel_id or self.channel_id
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": type_,
            "data": data,
            "guild_id": str(self.guild_id),
            "channel_id": str(channel),
            "channel": {"id": str(channel), "type": 0, "guild_id": str(self.guild_id), "name": "general",
                        "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None, "flags": 0},
            "member": user.member_payload(),
            "token": token,
            "version": 1,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": str((1 << 53) - 1),
            "attachment_size_limit": 10 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
        }
        if message is not None:
            payload["message"] = message
        loop = asyncio.get_running_loop()
        record = InteractionRecord(interaction_id, token, payload, loop.create_future(), loop.create_future(),
                                   loop.create_future())
        self.interactions[interaction_id] = record
        await self._dispatch("INTERACTION_CREATE", payload)
        return record

    def unannounced_interaction(self, *, user: FakeUser | None = None) -> InteractionRecord:
        """An application-command interaction the fake knows but never dispatches over the gateway, so a
        test can answer it by hand over REST (the bot hears nothing of it)."""
        user = user or self.owner
        interaction_id = next(self._ids)
        payload = {"id": str(interaction_id), "application_id": str(self.application_id), "type": 2,
                   "token": f"itoken-{interaction_id}", "member": user.member_payload(),
                   "channel_id": str(self.channel_id), "guild_id": str(self.guild_id)}
        loop = asyncio.get_running_loop()
        record = InteractionRecord(interaction_id, payload["token"], payload, loop.create_future(),
                                   loop.create_future(), loop.create_future())
        self.interactions[interaction_id] = record
        return record

    async def slash(
        self, name: str, options: dict[str, Any] | None = None, *, user: FakeUser | None = None,
        subcommand: str | None = None,
    ) -> InteractionRecord:
        """Invoke slash command ``name`` (optionally ``subcommand``) with ``options`` as a member would."""
        command = self._command(name)
        opts = [{"name": k, "type": _option_type(v), "value": v} for k, v in (options or {}).items()]
        if subcommand is not None:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        data = {"id": command["id"], "name": name, "type": 1, "options": opts, "guild_id": str(self.guild_id)}
        return await self.send_interaction(2, data, user=user)

    async def autocomplete(
        self, name: str, option: str, text: str, *, user: FakeUser | None = None
    ) -> InteractionRecord:
        command = self._command(name)
        opts = [{"name": option, "type": 3, "value": text, "focused": True}]
        data = {"id": command["id"], "name": name, "type": 1, "options": opts, "guild_id": str(self.guild_id)}
        return await self.send_interaction(4, data, user=user)

    async def select(
        self, message: dict[str, Any], values: list[str], *, custom_id: str | None = None, user: FakeUser | None = None
    ) -> InteractionRecord:
        """Pick ``values`` in the (first) select menu of ``message``, as a member would."""
        if custom_id is None:
            selects = [c for row in message.get("components", []) for c in row.get("components", []) if c["type"] == 3]
            if not selects:
                raise AssertionError(f"message {message['id']} has no select menu")
            custom_id = selects[0]["custom_id"]
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
        return await self.send_interaction(3, data, user=user, message=message)

    def _command(self, name: str) -> dict[str, Any]:
        for scope in (self.guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command
        raise AssertionError(f"/{name} was never synced (known: {self.commands})")

    # ------------------------------------------------------------------ REST plumbing
    @web.middleware
    async def _record(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        body, files = await _read_body(request)
        rec = RecordedRequest(
            request.method,
            request.path.removeprefix(API_PREFIX),
            dict(request.query),
            dict(request.headers),
            body,
            files,
        )
        request[RECORD] = rec
        failure = self._take_failure(rec)
        if failure is not None and not failure.apply_first:
            response = _failure_response(failure)
        elif rec.headers.get("Authorization") not in (f"Bot {self.token}", None) and not rec.path.startswith(
            ("/webhooks/", "/interactions/")
        ):
            response = _json({"message": "401: Unauthorized", "code": 0}, status=401)
        else:
            response = await handler(request)
            if failure is not None:
                response = _failure_response(failure)
        rec.status = response.status
        if self.spec is not None:
            self._validate(rec, response)
        self.requests.append(rec)
        for matches, future in list(self._waiters):
            if not future.done() and matches(rec):
                future.set_result(rec)
        return response

    def _validate(self, rec: RecordedRequest, response: web.StreamResponse) -> None:
        assert self.spec is not None
        self.violations += self.spec.check_request(rec.method, rec.path, rec.json)
        self.violations += self.spec.check_query(rec.method, rec.path, rec.query)
        raw = response.body if isinstance(response, web.Response) else None
        has_body = bool(raw)
        body = json.loads(raw) if has_body and response.content_type == JSON else None
        if has_body and response.content_type != JSON:
            self.violations.append(Violation("response", rec.method, rec.path, response.status, "$",
                                             f"a {response.content_type} body, not JSON"))
            return
        if response.status >= 500:
            return  # Discord documents no 5xx answers; an injected one only has to look like Discord's
        self.violations += self.spec.check_response(rec.method, rec.path, response.status, body, has_body=has_body)

    def _take_failure(self, rec: RecordedRequest) -> _Failure | None:
        for failure in self._failures:
            if failure.remaining > 0 and failure.method == rec.method and failure.pattern.search(rec.path):
                if failure.skip > 0:
                    failure.skip -= 1
                    continue
                failure.remaining -= 1
                return failure
        return None

    def _new_message(
        self, channel_id: int, body: dict[str, Any], files: list[tuple[str, str, bytes]], *, webhook: bool = False,
        interaction: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        message_id = self.snowflake()
        attachments = []
        for index, (_, filename, data) in enumerate(files):
            attachments.append({
                "id": str(next(self._ids)), "filename": filename, "size": len(data),
                "url": f"{self.url}/attachments/{channel_id}/{message_id}/{filename}",
                "proxy_url": f"{self.url}/attachments/{channel_id}/{message_id}/{filename}",
                "_data_index": index,
            })
        for a in attachments:
            a.pop("_data_index")
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": str(self.guild_id),
            "author": self.bot_user.user_payload(),
            "content": body.get("content") or "",
            "timestamp": self.now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": _embeds(body.get("embeds") or []),
            "components": _components(body.get("components") or []),
            "pinned": False,
            "type": 20 if interaction else 0,
            "flags": int(body.get("flags") or 0),
        }
        if body.get("nonce") is not None:  # Discord echoes a nonce it was sent, and has none otherwise
            message["nonce"] = body["nonce"]
        if webhook:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
        if interaction is not None:
            message["interaction_metadata"] = {
                "id": interaction["id"], "type": interaction["type"],
                "user": interaction["member"]["user"], "authorizing_integration_owners": {},
            }
        return message

    async def _users_me(self, request: web.Request) -> web.Response:
        # Discord: /users/@me is the user with its private fields (UserPIIResponse)
        return _json({**self.bot_user.user_payload(), "mfa_enabled": False, "locale": "en-US", "verified": True,
                      "email": None})

    async def _application(self, request: web.Request) -> web.Response:
        return _json({
            "id": str(self.application_id), "name": "coursebot", "description": "", "icon": None,
            "type": None, "bot": self.bot_user.user_payload(),
            "bot_public": False, "bot_require_code_grant": False, "owner": self.owner.user_payload(),
            "verify_key": "0" * 64, "flags": 0, "flags_new": "0", "team": None, "redirect_uris": [],
            "interactions_endpoint_url": None, "role_connections_verification_url": None,
            "approximate_guild_count": 1, "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0, "explicit_content_filter": 0,
            "eligible_oauth2_scopes": ["applications.commands", "bot"],
        })

    async def _gateway_url(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url, "shards": 1,
                      "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})

    async def _put_commands(self, request: web.Request) -> web.Response:
        guild = request.match_info.get("guild")
        body = request[RECORD].json or []
        echoed = []
        for command in body:
            out = dict(command)
            out.setdefault("type", 1)
            out.setdefault("description", "")
            # Discord answers permissions as a string of the bit set, and fills in where a command is installed
            if out.get("default_member_permissions") is not None:
                out["default_member_permissions"] = str(out["default_member_permissions"])
            else:
                out["default_member_permissions"] = None
            if out.get("integration_types") is None:
                out["integration_types"] = [0]  # guild install
            if out.get("contexts") is None:
                out["contexts"] = None
            out.update(id=str(next(self._ids)), application_id=str(self.application_id), version=str(next(self._ids)))
            if guild:
                out["guild_id"] = guild
            echoed.append(out)
        self.commands[int(guild) if guild else None] = echoed
        return _json(echoed)

    async def _get_commands(self, request: web.Request) -> web.Response:
        guild = request.match_info.get("guild")
        return _json(self.commands.get(int(guild) if guild else None, []))

    async def _get_channel(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        if channel not in self.messages:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        return _json(self._channel_payload(channel))

    def _channel_payload(self, channel: int) -> dict[str, Any]:
        return {"id": str(channel), "type": 0, "guild_id": str(self.guild_id), "name": f"channel-{channel}",
                "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None, "flags": 0,
                "last_message_id": None, "rate_limit_per_user": 0}

    async def _post_message(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        if channel not in self.messages:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        rec: RecordedRequest = request[RECORD]
        body = rec.json or {}
        if (invalid := invalid_form_body(body)) is not None:
            return invalid
        if not (body.get("content") or body.get("embeds") or rec.files):
            return _json({"message": "Cannot send an empty message", "code": 50006}, status=400)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            since = self.clock() - NONCE_WINDOW
            for existing in self.messages[channel]:
                if existing.get("nonce") == nonce and dt.datetime.fromisoformat(existing["timestamp"]) >= since:
                    return _json(existing)
        message = self._new_message(channel, body, rec.files)
        self.messages[channel].append(message)
        return _json(message)

    def _lookup(self, request: web.Request) -> dict[str, Any] | None:
        channel = int(request.match_info["channel"])
        wanted = request.match_info["message"]
        return next((m for m in self.messages.get(channel, []) if m["id"] == wanted), None)

    async def _get_message(self, request: web.Request) -> web.Response:
        message = self._lookup(request)
        if message is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        return _json(message)

    async def _patch_message(self, request: web.Request) -> web.Response:
        message = self._lookup(request)
        if message is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        if (invalid := invalid_form_body(request[RECORD].json or {})) is not None:
            return invalid
        _apply_edit(message, request[RECORD].json or {}, self.now_iso())
        return _json(message)

    async def _list_messages(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        if channel not in self.messages:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        limit = int(request.query.get("limit", 50))
        if not 1 <= limit <= 100:
            return _form_error({"limit": _error("NUMBER_TYPE_MAX", "int value should be less than or equal to 100.")})
        oldest_first = sorted(self.messages[channel], key=lambda m: int(m["id"]))
        if "after" in request.query:  # Discord: the `limit` messages right after it, newest first
            after = int(request.query["after"])
            page = [m for m in oldest_first if int(m["id"]) > after][:limit]
            return _json(list(reversed(page)))
        newest_first = list(reversed(oldest_first))
        if "before" in request.query:
            before = int(request.query["before"])
            newest_first = [m for m in newest_first if int(m["id"]) < before]
        return _json(newest_first[:limit])

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        record = self.interactions.get(int(request.match_info["id"]))
        if record is None or record.token != request.match_info["token"]:
            return _json({"message": "Unknown interaction", "code": 10062}, status=404)
        if record.callback.done():
            return _json({"message": "Interaction has already been acknowledged.", "code": 40060}, status=400)
        rec: RecordedRequest = request[RECORD]
        body = rec.json or {}
        kind = body.get("type")
        data = body.get("data") or {}
        if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE) and (invalid := invalid_form_body(data, prefix="data")) is not None:
            return invalid
        resource: dict[str, Any] | None = None  # Discord: only a response that made a message has one
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            record.original = self._new_message(
                self.channel_id, data, rec.files, webhook=True, interaction=record.payload
            )
            record.original["flags"] = int(data.get("flags") or 0) | (LOADING_FLAG if kind == DEFERRED_CHANNEL_MESSAGE else 0)
            if kind == CHANNEL_MESSAGE:  # Discord: a deferred response has no resource (its message is loading)
                resource = {"type": kind, "message": record.original}
        elif kind == UPDATE_MESSAGE and "message" in record.payload:
            record.original = record.payload["message"]
            _apply_edit(record.original, data, self.now_iso())
            resource = {"type": kind, "message": record.original}
        record.callback.set_result(body)
        if rec.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        interaction: dict[str, Any] = {"id": str(record.id), "type": record.payload["type"]}
        if record.original is not None and kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, UPDATE_MESSAGE):
            interaction.update(
                response_message_id=record.original["id"],
                response_message_loading=kind == DEFERRED_CHANNEL_MESSAGE,
                response_message_ephemeral=bool(int(record.original.get("flags") or 0) & EPHEMERAL_FLAG),
            )
        return _json({"interaction": interaction, **({"resource": resource} if resource else {})})

    def _interaction_by_token(self, request: web.Request) -> InteractionRecord | None:
        token = request.match_info["token"]
        return next((r for r in self.interactions.values() if r.token == token), None)

    async def _followup(self, request: web.Request) -> web.Response:
        record = self._interaction_by_token(request)
        if record is None or not record.callback.done():
            return _json({"message": "Unknown Webhook", "code": 10015}, status=404)
        rec: RecordedRequest = request[RECORD]
        if (invalid := invalid_form_body(rec.json or {})) is not None:
            return invalid
        original = record.original
        if original is not None and int(original.get("flags") or 0) & LOADING_FLAG:
            # Discord: the first follow-up after a deferred response edits the loading message
            _apply_edit(original, rec.json or {}, self.now_iso())
            original["flags"] = int(original.get("flags") or 0) & ~LOADING_FLAG
            original["edited_timestamp"] = None
            if not record.original_edited.done():
                record.original_edited.set_result(original)
            if not record.followup_sent.done():
                record.followup_sent.set_result(original)
            return _json(original)
        message = self._new_message(self.channel_id, rec.json or {}, rec.files, webhook=True,
                                    interaction=record.payload)
        record.followups.append(message)
        if not record.followup_sent.done():
            record.followup_sent.set_result(message)
        return _json(message)

    def _webhook_message(self, request: web.Request) -> tuple[InteractionRecord | None, dict[str, Any] | None]:
        record = self._interaction_by_token(request)
        if record is None:
            return None, None
        wanted = request.match_info["message"]
        if wanted == "@original":
            return record, record.original
        return record, next((m for m in record.followups if m["id"] == wanted), None)

    async def _get_webhook_message(self, request: web.Request) -> web.Response:
        _, message = self._webhook_message(request)
        if message is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        return _json(message)

    async def _patch_webhook_message(self, request: web.Request) -> web.Response:
        record, message = self._webhook_message(request)
        if record is None or message is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        rec: RecordedRequest = request[RECORD]
        if (invalid := invalid_form_body(rec.json or {})) is not None:
            return invalid
        _apply_edit(message, rec.json or {}, self.now_iso())
        if rec.files:
            message["attachments"] = [{"id": str(next(self._ids)), "filename": name, "size": len(data),
                                       "url": f"{self.url}/a/{name}", "proxy_url": f"{self.url}/a/{name}"}
                                      for _, name, data in rec.files]
        message["flags"] = int(message.get("flags") or 0) & ~LOADING_FLAG  # no longer "thinking"
        if request.match_info["message"] == "@original":
            if not record.original_edited.done():
                record.original_edited.set_result(message)
            if not record.followup_sent.done():  # the answer to a deferred interaction
                record.followup_sent.set_result(message)
        return _json(message)

    async def _delete_webhook_message(self, request: web.Request) -> web.Response:
        record, message = self._webhook_message(request)
        if record is None or message is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        if message is record.original:
            record.original = None
        return web.Response(status=204)

    async def _unknown(self, request: web.Request) -> web.Response:
        return _json({"message": f"fake Discord has no route {request.method} {request.path}", "code": 0}, status=404)

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        self._socket = ws
        try:
            await ws.send_json({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    continue
                packet = json.loads(msg.data)
                await self._on_gateway_packet(ws, packet)
        finally:
            self._sockets.discard(ws)
            if self._socket is ws:
                self._socket = None
        return ws

    async def _on_gateway_packet(self, ws: web.WebSocketResponse, packet: dict[str, Any]) -> None:
        op, data = packet.get("op"), packet.get("d")
        if op == 1:  # heartbeat
            await ws.send_json({"op": 11, "d": None})
        elif op == 2:  # identify
            self.identify_count += 1
            self.gateway_tokens.append(data["token"])
            if data["token"] != self.token:
                await ws.close(code=4004)
                return
            self._seq = 0
            await self._dispatch("READY", {
                "v": 10,
                "user": self.bot_user.user_payload(),
                "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                "session_id": self.session_id,
                "resume_gateway_url": self.gateway_url,
                "application": {"id": str(self.application_id), "flags": 0},
            }, ws=ws)
            await self._dispatch("GUILD_CREATE", self._guild_payload(), ws=ws)
            self._signal("IDENTIFY")
        elif op == 6:  # resume
            self.resume_count += 1
            self.gateway_tokens.append(data["token"])
            if data["session_id"] != self.session_id:
                await ws.send_json({"op": 9, "d": False})
                return
            await self._dispatch("RESUMED", {}, ws=ws)
            self._signal("RESUME")

    def _signal(self, name: str) -> None:
        self._gateway_events.setdefault(name, asyncio.Event()).set()

    async def _dispatch(self, event: str, data: dict[str, Any], *, ws: web.WebSocketResponse | None = None) -> None:
        target = ws or self._socket
        if target is None:
            raise RuntimeError(f"cannot dispatch {event}: no gateway connection")
        if self.spec is not None:
            self.violations += self._gateway_violations(event, data)
        self._seq += 1
        await target.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    def _gateway_violations(self, event: str, data: dict[str, Any]) -> list[Violation]:
        """The objects a gateway event carries that the OpenAPI spec describes (it has no gateway events)."""
        assert self.spec is not None
        check = self.spec.check_object
        out: list[Violation] = []
        if event == "READY":
            out += check("UserResponse", data["user"], event=event, where="$.user")
        elif event == "GUILD_CREATE":
            for key, schema in (("roles", "GuildRoleResponse"), ("members", "GuildMemberResponse"),
                                ("channels", "GuildChannelResponse")):
                for i, item in enumerate(data.get(key) or []):
                    out += check(schema, item, event=event, where=f"$.{key}[{i}]")
        elif event == "INTERACTION_CREATE":
            for key, schema in (("member", "GuildMemberResponse"), ("channel", "GuildChannelResponse"),
                                ("message", "MessageResponse")):
                if key in data:
                    out += check(schema, data[key], event=event, where=f"$.{key}")
        return out

    def _guild_payload(self) -> dict[str, Any]:
        plain = {"color": 0, "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
                 "hoist": False, "managed": False, "icon": None, "unicode_emoji": None, "flags": 0}
        everyone = {"id": str(self.guild_id), "name": "@everyone", "permissions": str(MEMBER_PERMISSIONS),
                    "position": 0, "mentionable": False, **plain}
        roles = [everyone] + [
            {"id": str(rid), "name": name, "permissions": "0", "position": i + 1, "mentionable": True, **plain}
            for i, (rid, name) in enumerate(self.roles.items())
        ]
        members = [m.member_payload() for m in [self.bot_user, *self.members]]
        return {
            "id": str(self.guild_id), "name": "Course", "icon": None, "owner_id": str(self.owner.id),
            "roles": roles, "emojis": [], "stickers": [], "features": [], "unavailable": False,
            "member_count": len(members), "members": members, "large": False,
            "channels": [self._channel_payload(c) for c in self.messages],
            "threads": [], "presences": [], "voice_states": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [], "joined_at": _now(),
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "afk_timeout": 300, "mfa_level": 0, "premium_tier": 0, "nsfw_level": 0, "preferred_locale": "en-US",
        }


# ---------------------------------------------------------------------- helpers
def _json(payload: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py parses JSON only when the content type is exactly ``application/json`` (no charset)
    return web.Response(body=json.dumps(payload).encode(), status=status, headers={"Content-Type": JSON, **(headers or {})})


def _failure_response(failure: _Failure) -> web.Response:
    if failure.status == 429:
        return _json(
            {"message": "You are being rate limited.", "retry_after": failure.retry_after, "global": False, "code": 0},
            status=429,
            headers={"Via": "1.1 google", "Retry-After": str(failure.retry_after),
                     "X-RateLimit-Scope": "user"},
        )
    return _json({"message": f"{failure.status}: injected failure", "code": 0}, status=failure.status)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"_errors": [{"code": code, "message": message}]}


def _form_error(errors: dict[str, Any]) -> web.Response:
    """Discord's answer to a payload it refuses: 400, code 50035, the errors nested by field path."""
    return _json({"code": 50035, "message": "Invalid Form Body", "errors": errors}, status=400)


def _put(errors: dict[str, Any], path: list[str], error: dict[str, Any]) -> None:
    node = errors
    for part in path:
        node = node.setdefault(part, {})
    node.update(error)


def _too_long(limit: int) -> dict[str, Any]:
    return _error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def limit_errors(body: dict[str, Any]) -> dict[str, Any]:
    """Discord's documented limits on a message payload, as its nested ``errors`` object (empty: valid)."""
    errors: dict[str, Any] = {}
    content = body.get("content")
    if isinstance(content, str) and len(content) > CONTENT_MAX:
        _put(errors, ["content"], _too_long(CONTENT_MAX))
    nonce = body.get("nonce")
    if isinstance(nonce, str) and len(nonce) > NONCE_MAX:
        _put(errors, ["nonce"], _too_long(NONCE_MAX))
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        _put(errors, ["embeds"], _error("BASE_TYPE_MAX_LENGTH", f"Must be {EMBEDS_MAX} or fewer in length."))
    total = 0
    for i, embed in enumerate(embeds):
        where = ["embeds", str(i)]
        for key, limit in (("title", TITLE_MAX), ("description", DESCRIPTION_MAX)):
            text = embed.get(key) or ""
            total += len(text)
            if len(text) > limit:
                _put(errors, [*where, key], _too_long(limit))
        footer = (embed.get("footer") or {}).get("text") or ""
        total += len(footer)
        if len(footer) > FOOTER_MAX:
            _put(errors, [*where, "footer", "text"], _too_long(FOOTER_MAX))
        author = (embed.get("author") or {}).get("name") or ""
        total += len(author)
        if len(author) > AUTHOR_MAX:
            _put(errors, [*where, "author", "name"], _too_long(AUTHOR_MAX))
        fields = embed.get("fields") or []
        if len(fields) > FIELDS_MAX:
            _put(errors, [*where, "fields"], _error("BASE_TYPE_MAX_LENGTH", f"Must be {FIELDS_MAX} or fewer in length."))
        for j, item in enumerate(fields):
            name, value = item.get("name") or "", item.get("value") or ""
            total += len(name) + len(value)
            if not name or len(name) > FIELD_NAME_MAX:
                _put(errors, [*where, "fields", str(j), "name"], _too_long(FIELD_NAME_MAX) if name else _error("BASE_TYPE_REQUIRED", "This field is required"))
            if not value or len(value) > FIELD_VALUE_MAX:
                _put(errors, [*where, "fields", str(j), "value"], _too_long(FIELD_VALUE_MAX) if value else _error("BASE_TYPE_REQUIRED", "This field is required"))
    if total > EMBED_TOTAL_MAX:
        _put(errors, ["embeds"], _error("MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"))
    _component_errors(body.get("components") or [], errors)
    mentions = body.get("allowed_mentions") or {}
    for key in ("users", "roles"):
        ids = mentions.get(key) or []
        if len(ids) > MENTION_IDS_MAX:
            _put(errors, ["allowed_mentions", key], _error("BASE_TYPE_MAX_LENGTH", f"Must be {MENTION_IDS_MAX} or fewer in length."))
        if key in (mentions.get("parse") or []) and ids:
            _put(errors, ["allowed_mentions"], _error("MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", f"parse:[\"{key}\"] and {key}: [ids...] are mutually exclusive."))
    return errors


def _too_many(limit: int) -> dict[str, Any]:
    return _error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _component_errors(rows: list[dict[str, Any]], errors: dict[str, Any]) -> None:
    """Discord's limits on action rows and what is in them (buttons, select menus and their options)."""
    if len(rows) > ROWS_MAX:
        _put(errors, ["components"], _too_many(ROWS_MAX))
    for i, row in enumerate(rows):
        where = ["components", str(i)]
        if row.get("type") != 1:
            continue
        items = row.get("components") or []
        if len(items) > ROW_ITEMS_MAX:
            _put(errors, [*where, "components"], _too_many(ROW_ITEMS_MAX))
        if any(c.get("type") != 2 for c in items) and len(items) > 1:  # a select menu fills its row
            _put(errors, [*where, "components"], _error("COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                                                        "The specified component exceeds the maximum width"))
        for j, item in enumerate(items):
            at = [*where, "components", str(j)]
            for key, limit in (("custom_id", CUSTOM_ID_MAX), ("label", LABEL_MAX), ("placeholder", PLACEHOLDER_MAX)):
                text = item.get(key)
                if isinstance(text, str) and len(text) > limit:
                    _put(errors, [*at, key], _too_long(limit))
            options = item.get("options")
            if options is not None:
                if len(options) > OPTIONS_MAX:
                    _put(errors, [*at, "options"], _too_many(OPTIONS_MAX))
                for k, option in enumerate(options):
                    for key in ("label", "value", "description"):
                        text = option.get(key)
                        if isinstance(text, str) and len(text) > OPTION_TEXT_MAX:
                            _put(errors, [*at, "options", str(k), key], _too_long(OPTION_TEXT_MAX))
            for key in ("min_values", "max_values"):
                value = item.get(key)
                if isinstance(value, int) and value > SELECT_VALUES_MAX:
                    _put(errors, [*at, key], _error("NUMBER_TYPE_MAX",
                                                    f"int value should be less than or equal to {SELECT_VALUES_MAX}."))


def invalid_form_body(body: Any, *, prefix: str | None = None) -> web.Response | None:
    """A 400 Invalid Form Body when ``body`` breaks Discord's limits, else None."""
    if not isinstance(body, dict):
        return None
    errors = limit_errors(body)
    if not errors:
        return None
    return _form_error({prefix: errors} if prefix else errors)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def _components(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Echo components as Discord does: every component gets a numeric ``id`` (1, 2, ... in document order,
    unless the request gave one) and a select menu its default ``min_values``/``max_values`` of 1."""
    rows = json.loads(json.dumps(rows))
    counter = itertools.count(1)

    def fill(components: list[dict[str, Any]]) -> None:
        for component in components:
            if component.get("id") is None:
                component["id"] = next(counter)
            if component.get("type") in (3, 5, 6, 7, 8):  # select menus
                component.setdefault("min_values", 1)
                component.setdefault("max_values", 1)
            fill(component.get("components") or [])

    fill(rows)
    return rows


def _embeds(embeds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Embeds as Discord returns them: each with its ``type`` (``"rich"`` for a bot's), every field with
    ``inline``."""
    out = [{"type": "rich", **embed} for embed in json.loads(json.dumps(embeds))]
    for embed in out:
        for item in embed.get("fields") or []:
            item.setdefault("inline", False)
    return out


def _apply_edit(message: dict[str, Any], body: dict[str, Any], now: str | None = None) -> None:
    for key in ("content", "flags"):
        if key in body and body[key] is not None:
            message[key] = body[key]
    if body.get("embeds") is not None:
        message["embeds"] = _embeds(body["embeds"])
    if "components" in body:
        message["components"] = _components(body["components"] or [])
    if "attachments" in body and body["attachments"] == []:
        message["attachments"] = []
    message["edited_timestamp"] = now or _now()


async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, str, bytes]]]:
    if request.content_type == "multipart/form-data":
        form = await request.post()
        files: list[tuple[str, str, bytes]] = []
        payload: Any = None
        for name, value in form.items():
            if name == "payload_json":
                payload = json.loads(value if isinstance(value, str) else value.file.read())
            elif isinstance(value, web.FileField):
                files.append((name, value.filename, value.file.read()))
        return payload, files
    if request.can_read_body:
        raw = await request.read()
        if raw:
            try:
                return json.loads(raw), []
            except ValueError:
                return raw.decode("utf-8", "replace"), []
    return None, []


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Aim discord.py's REST and gateway endpoints at ``fake``; restore the real ones on exit."""
    import discord.gateway
    import discord.http

    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
