"""The platform-neutral message model: what the bot says, before any platform renders it.

Services build these; adapters (discord, slack, console) render them and own their platform's limits
(embed sizes, block counts, terminal width). Text here is plain: it comes from course posts and is
untrusted, so renderers escape it. Nothing here counts characters for a platform.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Mention:
    """Someone to notify, as configured in the roster. Only these are ever allowed to ping."""

    name: str
    discord_user_id: int | None = None
    discord_role_id: int | None = None
    slack_user_id: str | None = None
    slack_group_id: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a section: plain text, optionally a link, a moment in time and a quiet note."""

    text: str
    url: str | None = None
    when: dt.datetime | None = None  # timezone-aware; renderers show it (Discord: <t:...:F>)
    note: str | None = None  # secondary text, e.g. "+3 more readings" or a second link
    people: tuple[Mention, ...] = ()  # members named on this line (shown by name; pinged only via Message.mentions)


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    lines: tuple[Line, ...] = ()
    url: str | None = None  # link for the heading (e.g. the session page)
    when: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """One option offered when a query is ambiguous (a select menu on Discord)."""

    value: str  # what to ask for next, e.g. the session slug
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


MessageKind = Literal["reply", "digest", "reminder", "error", "notice", "alert"]


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    kind: MessageKind = "reply"
    description: str = ""
    url: str | None = None
    sections: tuple[Section, ...] = ()
    mentions: tuple[Mention, ...] = ()  # the only people/roles that may be notified
    choices: tuple[Choice, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    key: str | None = None  # ledger key, e.g. "digest:2024-W09", "reminder:S0-L11"
    footer: str | None = None
    ephemeral: bool = False  # a reply only the asker should see (errors, previews)

    def to_json(self) -> dict[str, Any]:
        def convert(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                return value.isoformat()
            if isinstance(value, bytes):
                return {"bytes": len(value)}
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [convert(v) for v in value]
            return value

        return convert(asdict(self))

    @property
    def content_hash(self) -> str:
        """Stable hash of what the message says (not of how a platform renders it)."""
        payload = self.to_json()
        payload.pop("ephemeral", None)
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()[:32]


def error(text: str, *, title: str = "Sorry") -> Message:
    return Message(title=title, kind="error", description=text, ephemeral=True)
