"""Render a neutral :class:`~bot.services.messages.Message` as a Slack Block Kit message.

This module owns Slack's limits: at most 50 blocks per message, 3,000 characters of section text, 150 of
header text, 100 options of 75 characters in a static select. Anything longer is split across blocks or
cut with a "+N more" note; rendering never fails.

Text from course posts is untrusted. Every piece of it is mrkdwn-escaped (``&``, ``<``, ``>``), so a post
saying ``<!everyone>`` or ``<@U123>`` shows those characters instead of pinging, and the bare words
``@here``, ``@channel`` and ``@everyone`` get an invisible word joiner after the ``@``. The only mentions in a
rendered message are those listed in ``Message.mentions``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from bot.services.messages import Line, Mention, Message, Section
from bot.services.refs import session_ref

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_TEXT = 2000
MAX_FALLBACK_TEXT = 3000
# Slack rejects a message whose blocks hold more than roughly 13,200 characters in all (msg_blocks_too_long,
# slackapi/bolt-js#2509, undocumented), so the body is kept within a safe total.
MAX_TOTAL_BLOCK_TEXT = 12000
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_LINK_LABEL = 1000  # a label is cut before it is linked, so a cut never drops a whole link

PICK_SESSION_ACTION = "coursebot_pick_session"
METADATA_EVENT_TYPE = "coursebot_post"

_WORD_JOINER = "\u2060"
_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class SlackPayload:
    """One Slack message: fallback ``text`` (notifications, screen readers), Block Kit ``blocks`` and the
    message ``metadata`` carrying the ledger key (None for replies that answer no ledger key)."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] | None = None

    def message_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``chat.postMessage`` / ``chat.update``."""
        kwargs: dict[str, Any] = {"text": self.text, "blocks": self.blocks}
        if self.metadata is not None:
            kwargs["metadata"] = self.metadata
        return kwargs


# --------------------------------------------------------------------------------------------- escaping


def escape(text: str) -> str:
    """Escape untrusted text for Slack mrkdwn: control characters ``&<>`` and broadcast words."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return defuse_broadcasts(text)


def defuse_broadcasts(text: str) -> str:
    """Break ``@here`` / ``@channel`` / ``@everyone`` with a word joiner so they can never notify."""
    return _BROADCAST.sub(lambda m: "@" + _WORD_JOINER + m.group(1), text)


def plain(text: str, limit: int) -> str:
    """Untrusted text for a ``plain_text`` object (not parsed by Slack), cut to ``limit`` characters."""
    return truncate(defuse_broadcasts(" ".join(text.split())), limit)


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def link(url: str | None, label: str) -> str:
    """A mrkdwn link ``<url|label>`` with escaped label; unsafe or missing URLs give just the label."""
    text = escape(truncate(label, MAX_LINK_LABEL))
    if not url or not url.lower().startswith(_SAFE_SCHEMES):
        return text
    safe_url = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._").replace("&", "&amp;")
    return f"<{safe_url}|{text}>" if text else f"<{safe_url}>"


def mention(who: Mention) -> str | None:
    """The Slack mention for a configured person or team, or None when it has no Slack id."""
    if who.slack_user_id:
        return f"<@{who.slack_user_id}>"
    if who.slack_group_id:
        return f"<!subteam^{who.slack_group_id}>"
    return None


def date_token(when: dt.datetime) -> str:
    """A Slack date token, shown in each reader's own timezone, with a course-time fallback."""
    if when.tzinfo is None or when.utcoffset() is None:  # not a moment: show it as written, never fail
        return escape(when.strftime("%a %d %b %Y %H:%M"))
    stamp = int(when.timestamp())
    fallback = when.strftime("%a %d %b %Y %H:%M %Z").strip()
    return f"<!date^{stamp}^{{date_short_pretty}} {{time}}|{escape(fallback)}>"


# --------------------------------------------------------------------------------------------- blocks


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, MAX_CONTEXT_TEXT)}]}


def _one_line(text: str) -> str:
    """Whitespace (newlines too) squashed to single spaces: one Line stays one line of mrkdwn."""
    return " ".join(text.split())


def _line_text(line: Line) -> str:
    parts = [f"• {link(line.url, _one_line(line.text))}"]
    if line.when is not None:
        parts.append(f" — {date_token(line.when)}")
    if line.people:
        parts.append(" · " + escape(", ".join(_one_line(person.name) for person in line.people)))
    if line.note and (note := _one_line(line.note)):
        if note.lower().startswith(("http://", "https://")):
            parts.append(" · " + link(note, note))
        else:
            parts.append(f" · _{escape(note)}_")
    return "".join(parts)


def _heading_text(section: Section) -> str:
    heading = f"*{link(section.url, _one_line(section.heading))}*" if section.heading.strip() else ""
    if section.when is not None:
        heading = f"{heading}  {date_token(section.when)}".strip()
    return heading


def _pack(pieces: list[tuple[str, int]], limit: int = MAX_SECTION_TEXT) -> list[tuple[str, int]]:
    """Group ``(mrkdwn, lines it counts for)`` pieces into texts of at most ``limit`` characters, never
    splitting a piece (a piece longer than the limit on its own is cut with an ellipsis)."""
    packed: list[tuple[str, int]] = []
    current, count = "", 0
    for text, weight in pieces:
        text = _cut_mrkdwn(text, limit)
        candidate = f"{current}\n{text}" if current else text
        if len(candidate) <= limit:
            current, count = candidate, count + weight
        else:
            packed.append((current, count))
            current, count = text, weight
    if current:
        packed.append((current, count))
    return packed


def _cut_mrkdwn(text: str, limit: int) -> str:
    """Cut escaped mrkdwn to ``limit`` without leaving half an entity (``&amp;``) or half a ``<...>`` token."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    opened, closed = cut.rfind("<"), cut.rfind(">")
    if opened > closed:  # inside a link or date token: drop it
        cut = cut[:opened]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


def _description_pieces(description: str) -> list[str]:
    """Escaped description lines; a line longer than a section allows is split between words."""
    pieces: list[str] = []
    for raw in description.splitlines():
        current = ""
        for word in raw.rstrip().split(" "):
            word = _cut_mrkdwn(escape(word), MAX_SECTION_TEXT)
            candidate = f"{current} {word}" if current else word
            if len(candidate) <= MAX_SECTION_TEXT:
                current = candidate
            else:
                pieces.append(current)
                current = word
        pieces.append(current)
    return pieces


def _choices_block(message: Message) -> tuple[dict[str, Any] | None, int]:
    """A static select for ``message.choices``; returns the block and how many choices were left out."""
    options = []
    left_out = 0
    for choice in message.choices:
        if len(options) >= MAX_OPTIONS or not choice.value:
            left_out += 1
            continue
        option: dict[str, Any] = {
            "text": {"type": "plain_text", "text": plain(choice.label or choice.value, MAX_OPTION_TEXT) or choice.value[:MAX_OPTION_TEXT]},
            "value": session_ref(choice.value, MAX_OPTION_VALUE),  # a longer slug: a reference that names it
        }
        if choice.description.strip():
            option["description"] = {"type": "plain_text", "text": plain(choice.description, MAX_OPTION_TEXT)}
        options.append(option)
    if not options:
        return None, left_out
    block = {
        "type": "actions",
        "block_id": "coursebot_choices",
        "elements": [
            {
                "type": "static_select",
                "action_id": PICK_SESSION_ACTION,
                "placeholder": {"type": "plain_text", "text": "Pick a session"},
                "options": options,
            }
        ],
    }
    return block, left_out


def _fallback_text(message: Message, mentions: list[str]) -> str:
    parts = [escape(" ".join(message.title.split()))]
    if message.description.strip():
        parts.append(escape(" ".join(message.description.split())))
    text = truncate(" — ".join(p for p in parts if p), MAX_FALLBACK_TEXT - 200)
    text = _cut_mrkdwn(text, MAX_FALLBACK_TEXT - 200)
    if mentions:
        text = f"{text} {' '.join(mentions)}"
    return text or "coursebot"


def _size(blocks: list[dict[str, Any]]) -> int:
    """Characters of text in ``blocks`` (what Slack's overall block limit counts, roughly)."""
    total = 0
    for block in blocks:
        total += len(block.get("text", {}).get("text", ""))
        total += sum(len(element.get("text", "")) for element in block.get("elements", []) if block["type"] == "context")
    return total


def _fit(body: list[tuple[str, int]], message: Message, room: int, budget: int) -> list[dict[str, Any]]:
    """Section blocks for ``body`` within ``room`` blocks and ``budget`` characters; what does not fit is
    summarised in a final "+N more lines" context block (which takes one of the blocks and some budget)."""
    if len(body) <= room and sum(len(text) for text, _ in body) <= budget:
        return [_section(text) for text, _ in body]
    reserve = 200  # the "+N more" note
    kept: list[dict[str, Any]] = []
    used = 0
    for text, _ in body:
        if len(kept) + 1 >= room or used + len(text) > budget - reserve:
            break
        kept.append(_section(text))
        used += len(text)
    dropped = body[len(kept) :]
    more_lines = sum(count for _, count in dropped)
    what = f"+{more_lines} more lines" if more_lines else f"+{len(dropped)} more parts"
    note = f"{what} — {link(message.url, 'see the full page')}" if message.url else f"{what} not shown"
    return kept + [_context(note)]


def metadata_for(message: Message) -> dict[str, Any] | None:
    """Slack message metadata naming the ledger key and content hash (None when the message has no key)."""
    if message.key is None:
        return None
    return {"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": message.key, "hash": message.content_hash}}


def render_slack(message: Message, *, max_blocks: int = MAX_BLOCKS) -> SlackPayload:
    """Render ``message`` as one Slack message within ``max_blocks`` blocks (Slack allows 50).

    Long sections are split over several section blocks; what does not fit is replaced by a context block
    "+N more lines" (linking ``message.url`` when there is one).
    """
    if max_blocks < 4:
        raise ValueError(f"max_blocks must be at least 4, got {max_blocks}")
    mentions = [m for m in (mention(who) for who in message.mentions) if m]

    head: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": plain(message.title, MAX_HEADER_TEXT) or "coursebot"}}
    ]
    if mentions:
        head.append(_section(" ".join(dict.fromkeys(mentions))))

    tail: list[dict[str, Any]] = []
    choices_block, choices_left_out = _choices_block(message)
    if choices_block is not None:
        tail.append(choices_block)
    footer_parts = []
    if message.attachments:
        footer_parts.append("Attached: " + escape(", ".join(a.filename for a in message.attachments)))
    if choices_left_out:
        footer_parts.append(f"+{choices_left_out} more matches not listed")
    if message.footer:
        footer_parts.append(escape(message.footer))
    if footer_parts:
        tail.append(_context(" · ".join(footer_parts)))

    # The body: the description, then each section (heading first), as (mrkdwn, reading lines it holds).
    pieces: list[tuple[str, int]] = []
    description = message.description.strip()
    if description:
        pieces.extend((text, 0) for text in _description_pieces(description))
    if message.url:
        pieces.append((link(message.url, "Open the page"), 0))
    body = _pack(pieces)
    for section in message.sections:
        heading = _heading_text(section)
        lines = [(_line_text(line), 1) for line in section.lines]
        body.extend(_pack(([(heading, 0)] if heading else []) + lines))

    blocks = head + _fit(body, message, max_blocks - len(head) - len(tail), MAX_TOTAL_BLOCK_TEXT - _size(head + tail)) + tail
    return SlackPayload(text=_fallback_text(message, mentions), blocks=blocks, metadata=metadata_for(message))
