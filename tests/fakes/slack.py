"""A loopback fake of Slack for end-to-end tests with the real slack_sdk / slack_bolt clients.

It binds 127.0.0.1 on a free port and plays both sides of Slack:

- the Web API the bot calls (``auth.test``, ``chat.postMessage``, ``chat.update``, ``conversations.history``,
  ``users.info``, the three ``files.uploadV2`` steps, ``apps.connections.open``), keeping each channel's
  messages with their metadata; point ``AsyncWebClient(base_url=fake.api_url)`` at it;
- ``response_url`` endpoints that record what the app answers to a slash command or an action;
- a Socket Mode websocket (``apps.connections.open`` hands out its URL) that says hello and delivers
  envelopes, recording the app's acknowledgements;
- Slack's side of HTTP mode: :meth:`FakeSlack.post_command` / :meth:`FakeSlack.post_action` send signed
  requests to the app as Slack would.

Every request is recorded; tests wait for one with :meth:`FakeSlack.wait_for` (a condition notified on
each request, no sleeps). :meth:`FakeSlack.fail_next` makes the next N Web API calls answer 429 (with
``Retry-After``) or a 5xx.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
SIGNING_SECRET = "fake-signing-secret"
TEAM_ID = "T0FAKE"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"


@dataclass(slots=True)
class Recorded:
    """One request the fake received. ``kind`` is "api", "response", "upload" or "socket_ack"."""

    kind: str
    name: str  # API method ("chat.postMessage"), response_url id, file id, or envelope id
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200

    def __repr__(self) -> str:
        return f"<{self.kind} {self.name} -> {self.status}>"


@dataclass(slots=True)
class _Failure:
    status: int
    remaining: int
    method: str | None
    retry_after: int
    apply_first: bool = False  # perform the call, then answer the failure (the answer got lost)
    reset: bool = False  # perform the call, then drop the connection without answering


@dataclass(slots=True)
class FakeUser:
    id: str
    name: str
    is_admin: bool = False
    is_owner: bool = False


class FakeSlack:
    """Use as ``async with FakeSlack() as slack:``; ``slack.api_url`` is the Web API base URL."""

    def __init__(self, *, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._last_second = 0
        self.bot_token = bot_token
        self.app_token = app_token
        self.requests: list[Recorded] = []
        self.channels: dict[str, list[dict[str, Any]]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.users: dict[str, FakeUser] = {BOT_USER_ID: FakeUser(BOT_USER_ID, "coursebot")}
        self.outside: set[str] = set()  # channels the bot is not a member of (not_in_channel)
        self._failures: list[_Failure] = []
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_ready = asyncio.Event()
        self.url = ""

    # ------------------------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{rid}", self._response)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    # ------------------------------------------------------------------------------------ test helpers

    def fail_next(
        self, count: int = 1, *, status: int = 429, method: str | None = None, retry_after: int = 0,
        apply_first: bool = False, reset: bool = False,
    ) -> None:
        """Answer the next ``count`` Web API calls (of ``method``, or any) with ``status``: 429 carries
        ``Retry-After: retry_after`` and ``{"ok": false, "error": "ratelimited"}``; a 5xx an HTML page.
        With ``apply_first`` a 5xx comes after Slack did what was asked (a message stored, its answer lost);
        with ``reset`` the call is done and the connection dropped without an answer."""
        self._failures.append(_Failure(status, count, method, retry_after, apply_first, reset))

    def calls(self, name: str | None = None, *, kind: str = "api") -> list[Recorded]:
        return [r for r in self.requests if r.kind == kind and (name is None or r.name == name)]

    def responses(self) -> list[Recorded]:
        """What the app posted to response_urls, in order."""
        return self.calls(kind="response")

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """The channel's messages, oldest first."""
        return list(self.channels.get(channel, []))

    def add_user(self, user_id: str, name: str, *, is_admin: bool = False, is_owner: bool = False) -> None:
        self.users[user_id] = FakeUser(user_id, name, is_admin=is_admin, is_owner=is_owner)

    def add_message(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        """Put a message in the channel's history as someone else would (it gets a fresh ts)."""
        stored = {"type": "message", "ts": self._next_ts(), **message}
        self.channels.setdefault(channel, []).append(stored)
        return stored

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy (checked after every recorded request); return its value."""

        async def until() -> Any:
            async with self._changed:
                while not (value := predicate()):
                    await self._changed.wait()
                return value

        return await asyncio.wait_for(until(), timeout)

    async def _record(self, item: Recorded) -> None:
        self.requests.append(item)
        async with self._changed:
            self._changed.notify_all()

    def _next_ts(self) -> str:
        """A message ts: the fake's clock in seconds, with a counter keeping every ts distinct and increasing."""
        seconds = max(int(self.clock().timestamp()), self._last_second)
        self._last_second = seconds
        return f"{seconds}.{next(self._ts) % 1_000_000:06d}"

    # ------------------------------------------------------------------------------------ Slack -> app

    def command_form(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = "U0STUDENT",
        channel_id: str = "C0COURSE",
    ) -> dict[str, str]:
        """The form fields Slack posts for a slash command, with a response_url pointing at this fake."""
        return {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "course",
            "channel_id": channel_id,
            "channel_name": "course",
            "user_id": user_id,
            "user_name": self.users[user_id].name if user_id in self.users else "student",
            "command": command,
            "text": text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),  # as Slack sends it
            "api_app_id": "A0APP",
            "is_enterprise_install": "false",
            "response_url": f"{self.url}/response/{uuid.uuid4().hex}",
            "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().int % 10**8}",
        }

    def action_payload(
        self, action_id: str, value: str, *, user_id: str = "U0STUDENT", channel_id: str = "C0COURSE"
    ) -> dict[str, Any]:
        """A ``block_actions`` payload for a static select option picked by ``user_id``."""
        return {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "course"},
            "user": {"id": user_id, "team_id": TEAM_ID, "name": "student"},
            "api_app_id": "A0APP",
            "token": "legacy-verification-token",
            "container": {"type": "message", "message_ts": "1700000000.000001", "channel_id": channel_id, "is_ephemeral": True},
            "trigger_id": "1.2",
            "channel": {"id": channel_id, "name": "course"},
            "response_url": f"{self.url}/response/{uuid.uuid4().hex}",
            "actions": [
                {
                    "type": "static_select",
                    "action_id": action_id,
                    "block_id": "coursebot_choices",
                    "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value},
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }

    async def post_command(
        self, app_url: str, command: str, text: str = "", *, signing_secret: str = SIGNING_SECRET, **fields: str
    ) -> tuple[int, str, dict[str, str]]:
        """POST a signed slash command to the app at ``app_url`` as Slack would; returns
        ``(status, body, form)`` (the form holds the response_url to wait for)."""
        form = self.command_form(command, text, **fields)
        status, body = await self._post_signed(app_url, urllib.parse.urlencode(form), signing_secret)
        return status, body, form

    async def post_action(
        self, app_url: str, payload: dict[str, Any], *, signing_secret: str = SIGNING_SECRET
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return await self._post_signed(app_url, body, signing_secret)

    async def _post_signed(self, app_url: str, body: str, signing_secret: str) -> tuple[int, str]:
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body, signing_secret)}
        async with aiohttp.ClientSession() as session:
            async with session.post(app_url, data=body.encode(), headers=headers) as response:
                return response.status, await response.text()

    async def send_envelope(self, envelope_type: str, payload: dict[str, Any]) -> str:
        """Deliver a Socket Mode envelope (``slash_commands``, ``interactive``...) to the connected app;
        returns its envelope id (the app's ack is recorded as kind "socket_ack" under that id)."""
        await asyncio.wait_for(self._socket_ready.wait(), 5)
        envelope_id = uuid.uuid4().hex
        message = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": envelope_type != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        await self._sockets[-1].send_str(json.dumps(message))
        return envelope_id

    # ------------------------------------------------------------------------------------ Web API

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await _arguments(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or str(args.get("token", ""))
        headers = {k: ("(redacted)" if k.lower() == "authorization" else v) for k, v in request.headers.items()}
        failure = self._take_failure(method)
        if failure is not None and (failure.apply_first or failure.reset):
            handler = getattr(self, "_api_" + method.replace(".", "_"), None)
            if handler is not None and token == self.bot_token:
                handler(args)  # Slack stored it; the answer never arrives
            await self._record(Recorded("api", method, args, headers, 0 if failure.reset else failure.status))
            if failure.reset:
                assert request.transport is not None
                request.transport.abort()
                raise ConnectionResetError("fake Slack dropped the connection")
            return web.Response(status=failure.status, text="<html>server error</html>", content_type="text/html")
        if failure is not None:
            await self._record(Recorded("api", method, args, headers, failure.status))
            if failure.status == 429:
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(failure.retry_after)}
                )
            return web.Response(status=failure.status, text="<html>server error</html>", content_type="text/html")
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            result: dict[str, Any] = {"ok": False, "error": "invalid_auth"}
        else:
            handler = getattr(self, "_api_" + method.replace(".", "_"), None)
            result = handler(args) if handler else {"ok": False, "error": "unknown_method"}
        await self._record(Recorded("api", method, args, headers))
        return web.json_response(result)

    def _take_failure(self, method: str) -> _Failure | None:
        for failure in self._failures:
            if failure.remaining > 0 and failure.method in (None, method):
                failure.remaining -= 1
                return failure
        return None

    def _api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://course.slack.com/", "team": "Course", "user": "coursebot",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}

    def _api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user", "")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": {"id": user.id, "name": user.name, "team_id": TEAM_ID,
                                     "is_admin": user.is_admin, "is_owner": user.is_owner, "is_bot": user.id == BOT_USER_ID}}

    def _api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.outside:
            return {"ok": False, "error": "not_in_channel"}
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": self._next_ts(),
                   "text": args.get("text", ""), "blocks": _json_arg(args.get("blocks")) or []}
        metadata = _json_arg(args.get("metadata"))
        if metadata:
            message["metadata"] = metadata
        self.channels.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def _api_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel") or ""), str(args.get("ts") or "")
        for message in self.channels.get(channel, []):
            if message["ts"] == ts:
                if message.get("bot_id") != BOT_ID:
                    return {"ok": False, "error": "cant_update_message"}
                message["text"] = args.get("text", message.get("text", ""))
                message["blocks"] = _json_arg(args.get("blocks")) or message.get("blocks", [])
                metadata = _json_arg(args.get("metadata"))
                if metadata:
                    message["metadata"] = metadata
                message["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
                return {"ok": True, "channel": channel, "ts": ts, "text": message["text"]}
        return {"ok": False, "error": "message_not_found"}

    def _api_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if channel not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        newest_first = list(reversed(self.channels[channel]))
        if args.get("oldest"):  # Slack: only messages after this ts
            oldest = float(args["oldest"])
            newest_first = [m for m in newest_first if float(m["ts"]) > oldest]
        start = int(args.get("cursor") or 0)
        limit = max(1, min(int(args.get("limit") or 100), 999))
        page = newest_first[start : start + limit]
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        out = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page]
        more = start + limit < len(newest_first)
        return {"ok": True, "messages": out, "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    def _api_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not args.get("length"):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{uuid.uuid4().hex[:10].upper()}"
        self.files[file_id] = {"id": file_id, "name": args["filename"], "length": int(args["length"]), "data": None}
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def _api_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        entries = _json_arg(args.get("files")) or []
        channel = args.get("channel_id")
        if channel in self.outside:
            return {"ok": False, "error": "not_in_channel"}
        done = []
        for entry in entries:
            stored = self.files.get(entry.get("id", ""))
            if stored is None or stored["data"] is None:
                return {"ok": False, "error": "file_not_found"}
            stored["title"] = entry.get("title") or stored["name"]
            done.append({"id": stored["id"], "name": stored["name"], "title": stored["title"]})
        if channel:
            self.channels.setdefault(channel, []).append(
                {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": self._next_ts(),
                 "text": args.get("initial_comment", ""), "files": done}
            )
        return {"ok": True, "files": done}

    def _api_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        # (a wrong token never gets here: _api answers invalid_auth, as Slack does)
        return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket"}

    # ------------------------------------------------------------------------------------ other endpoints

    async def _response(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._record(Recorded("response", request.match_info["rid"], body, dict(request.headers)))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await request.read()
        stored = self.files.get(file_id)
        if stored is None:
            return web.Response(status=404, text="no such upload")
        stored["data"] = data
        await self._record(Recorded("upload", file_id, {"bytes": len(data)}))
        return web.Response(text=f"OK - {len(data)}", content_type="text/plain")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                                      "connection_info": {"app_id": "A0APP"}}))
        self._socket_ready.set()
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                data = json.loads(msg.data)
                if "envelope_id" in data:
                    await self._record(Recorded("socket_ack", data["envelope_id"], data.get("payload") or {}))
        self._sockets.remove(ws)
        if not self._sockets:
            self._socket_ready.clear()
        return ws


def sign(body: str, signing_secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's request signature headers (v0) for ``body``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{stamp}:{body}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


async def _arguments(request: web.Request) -> dict[str, Any]:
    """The call's arguments, however slack_sdk sent them (query string, form or JSON body)."""
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                args.update(body)
        else:
            form = await request.post()
            args.update({k: v for k, v in form.items() if isinstance(v, str)})
    return args


def _json_arg(value: Any) -> Any:
    """A structured argument that slack_sdk sent either as JSON (dict/list) or as a JSON string in a form."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return None
    return value
