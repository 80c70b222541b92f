"""Render a platform-neutral :class:`~bot.services.messages.Message` as Discord messages.

Discord's limits live here and only here: an embed title holds 256 characters, a description 4,096,
at most 25 fields of 1,024 (names 256), 6,000 characters across a message's embeds, 10 embeds a message
and 2,000 characters of content. Long answers are split over fields, embeds and then several messages;
rendering never fails on size.

Post text is untrusted: it is markdown-escaped and mention-escaped, and every payload carries
``AllowedMentions`` that allow only the roles and users in ``Message.mentions`` (never ``@everyone``).
Mentions go in the message content, since mentions inside embeds never notify. The ledger key goes in
the first embed's footer (``ref: digest:2024-W09``; ``ref: digest:2024-W09 (2/3)`` on the continuations of
a post too long for one message) so the transport can recognise the posts it made.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import discord
from discord.utils import escape_markdown, escape_mentions, format_dt

from bot.services.messages import Line, Message, MessageKind, Section

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000  # per message, across all its embeds
EMBEDS_PER_MESSAGE = 10
CONTENT_LIMIT = 2000
SELECT_OPTIONS = 25
SELECT_ROWS = 5
OPTION_TEXT_LIMIT = 100

KEY_PREFIX = "ref: "
FOOTER_SEPARATOR = " • "
ELLIPSIS = "…"

COLOURS: dict[MessageKind, discord.Colour] = {
    "reply": discord.Colour.blurple(),
    "digest": discord.Colour.green(),
    "reminder": discord.Colour.gold(),
    "error": discord.Colour.red(),
}

ChoiceHandler = Callable[[discord.Interaction, str], Awaitable[None]]


@dataclass(slots=True)
class RenderedDiscordMessage:
    """One Discord message: what ``channel.send`` / ``interaction.response.send_message`` take."""

    content: str | None
    embeds: list[discord.Embed]
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)
    allowed_mentions: discord.AllowedMentions = field(default_factory=discord.AllowedMentions.none)
    ephemeral: bool = False

    def send_kwargs(self) -> dict[str, object]:
        """Keyword arguments for ``Messageable.send`` and ``Webhook.send`` (interaction follow-ups)."""
        kwargs: dict[str, object] = {"embeds": self.embeds, "allowed_mentions": self.allowed_mentions}
        if self.content:
            kwargs["content"] = self.content
        if self.view is not None:
            kwargs["view"] = self.view
        if self.files:
            kwargs["files"] = self.files
        return kwargs


DiscordPayload = RenderedDiscordMessage


# ---------------------------------------------------------------------- text helpers
def escape(text: str) -> str:
    """Markdown- and mention-escape untrusted post text (``@everyone`` never pings, ``**`` stays literal)."""
    return escape_mentions(escape_markdown(text))


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


_URL_UNSAFE = re.compile(r"[\s()<>]")


def safe_url(url: str) -> str:
    """A URL that cannot break out of ``[text](url)``: spaces, parentheses and angle brackets encoded."""
    return _URL_UNSAFE.sub(lambda m: "%{:02X}".format(ord(m.group())), url.strip())


_BRACKET = re.compile(r"(?<!\\)[\[\]]")


def link(text: str, url: str | None) -> str:
    label = _BRACKET.sub(lambda m: "\\" + m.group(), escape(text))
    if not url or not url.lower().startswith(("http://", "https://")):
        return label
    return f"[{label}]({safe_url(url)})"


def timestamp(when: dt.datetime) -> str:
    """``<t:unix:F> (<t:unix:R>)``: shown in each reader's own timezone."""
    return f"{format_dt(when, 'F')} ({format_dt(when, 'R')})"


def render_line(line: Line) -> str:
    parts = [link(line.text, line.url)]
    if line.when is not None:
        parts.append(timestamp(line.when))
    if line.people:
        parts.append(", ".join(escape(p.name) for p in line.people))
    if line.note:
        parts.append(f"*{escape(line.note)}*")
    return " — ".join(parts)


def section_lines(section: Section) -> list[str]:
    lines: list[str] = []
    head = []
    if section.when is not None:
        head.append(timestamp(section.when))
    if section.url and section.url.lower().startswith(("http://", "https://")):
        head.append(f"[session page]({safe_url(section.url)})")
    if head:
        lines.append(" · ".join(head))
    lines.extend(f"• {render_line(line)}" for line in section.lines)
    return lines or ["—"]


def wrap(line: str, limit: int) -> list[str]:
    """``line`` in pieces of at most ``limit`` characters, broken at a space where one is near the end."""
    pieces: list[str] = []
    while len(line) > limit:
        cut = line.rfind(" ", limit // 2, limit)
        cut = cut if cut > 0 else limit
        pieces.append(line[:cut])
        line = line[cut:].lstrip(" ")
    pieces.append(line)
    return pieces


def pack_lines(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines with newlines into chunks of at most ``limit`` characters (over-long lines wrapped)."""
    chunks: list[str] = []
    current = ""
    for line in (piece for whole in lines for piece in wrap(whole, limit)):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current)
    return chunks


# ---------------------------------------------------------------------- embeds
def _fields(sections: Sequence[Section]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for section in sections:
        name = truncate(escape(section.heading) or "—", FIELD_NAME_LIMIT)
        for index, chunk in enumerate(pack_lines(section_lines(section), FIELD_VALUE_LIMIT)):
            out.append((name if index == 0 else truncate(f"{name} (cont.)", FIELD_NAME_LIMIT), chunk))
    return out


def footer_text(message: Message) -> str | None:
    parts = [escape(message.footer)] if message.footer and message.footer != message.key else []
    if message.key:
        parts.append(KEY_PREFIX + message.key)
    if not parts:
        return None
    text = FOOTER_SEPARATOR.join(parts)
    if len(text) > FOOTER_LIMIT:  # keep the key whole: it is how find_sent recognises the post
        tail = FOOTER_SEPARATOR + KEY_PREFIX + message.key if message.key else ""
        text = truncate(text[: FOOTER_LIMIT - len(tail)], FOOTER_LIMIT - len(tail)) + tail
    return text


_PART = re.compile(r"^(?P<key>.+?)(?: \((?P<part>\d+)/(?P<parts>\d+)\))?$")


def post_part(embed: discord.Embed) -> tuple[str, int] | None:
    """(ledger key, part index) of a rendered post's message, from its first embed's footer: the first
    message says ``ref: KEY``, the continuations of a long post ``ref: KEY (2/3)``."""
    text = embed.footer.text if embed.footer else None
    if not text:
        return None
    last = text.rsplit(FOOTER_SEPARATOR, 1)[-1]
    if not last.startswith(KEY_PREFIX):
        return None
    match = _PART.match(last.removeprefix(KEY_PREFIX))
    if match is None:
        return None
    return match["key"], int(match["part"]) - 1 if match["part"] else 0


def key_of(embed: discord.Embed) -> str | None:
    """The ledger key a rendered post carries in its (first message's) footer, if any."""
    found = post_part(embed)
    return found[0] if found is not None and found[1] == 0 else None


def part_footer(key: str, index: int, count: int) -> str:
    return f"{KEY_PREFIX}{key} ({index + 1}/{count})"


def _build_embeds(message: Message) -> list[discord.Embed]:
    colour = COLOURS.get(message.kind, discord.Colour.blurple())
    title = truncate(escape(message.title) or "coursebot", TITLE_LIMIT)
    url = safe_url(message.url) if message.url and message.url.lower().startswith(("http://", "https://")) else None
    descriptions = pack_lines(escape(message.description).splitlines(), DESCRIPTION_LIMIT) if message.description else []
    first = discord.Embed(title=title, url=url, colour=colour, description=descriptions[0] if descriptions else None)
    footer = footer_text(message)
    if footer:  # set before the fields so that it counts towards the first embed's size
        first.set_footer(text=footer)
    embeds = [first]
    for more in descriptions[1:]:
        embeds.append(discord.Embed(description=more, colour=colour))
    current = embeds[-1]
    for name, value in _fields(message.sections):
        if len(current.fields) >= FIELDS_PER_EMBED or len(current) + len(name) + len(value) > EMBED_TOTAL_LIMIT:
            current = discord.Embed(colour=colour)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=False)
    return embeds


def _group(embeds: list[discord.Embed], *, reserve: int = 0) -> list[list[discord.Embed]]:
    """Embeds into messages: at most 10 each and 6,000 characters in total each (less ``reserve``)."""
    groups: list[list[discord.Embed]] = [[]]
    total = 0
    for embed in embeds:
        size = len(embed)  # discord.py counts what Discord counts
        if groups[-1] and (len(groups[-1]) >= EMBEDS_PER_MESSAGE or total + size > EMBED_TOTAL_LIMIT - reserve):
            groups.append([])
            total = 0
        groups[-1].append(embed)
        total += size
    return groups


# ---------------------------------------------------------------------- mentions
def allowed_mentions(message: Message) -> discord.AllowedMentions:
    """Nobody may be pinged except the roles and users ``message.mentions`` names."""
    users = [discord.Object(m.discord_user_id) for m in message.mentions if m.discord_user_id]
    roles = [discord.Object(m.discord_role_id) for m in message.mentions if m.discord_role_id]
    return discord.AllowedMentions(everyone=False, users=users or False, roles=roles or False, replied_user=False)


def mention_content(message: Message) -> str | None:
    tokens: list[str] = []
    for m in message.mentions:
        if m.discord_role_id:
            tokens.append(f"<@&{m.discord_role_id}>")
        if m.discord_user_id:
            tokens.append(f"<@{m.discord_user_id}>")
    content = ""
    for token in dict.fromkeys(tokens):  # whole mentions only, as many as fit
        if len(content) + len(token) + 1 > CONTENT_LIMIT:
            break
        content = f"{content} {token}" if content else token
    return content or None


# ---------------------------------------------------------------------- render
def render_discord(message: Message, *, on_choice: ChoiceHandler | None = None) -> list[RenderedDiscordMessage]:
    """Render ``message`` as one or more Discord messages within Discord's limits.

    ``message.choices`` become a select menu (a :class:`~bot.adapters.discord.views.ChoiceView`) on the
    last message when ``on_choice`` is given; it is awaited with the interaction and the picked value.
    Without a handler the choices are listed as a section instead, so nothing is ever lost.
    """
    from bot.adapters.discord.views import ChoiceView  # views import this module

    if message.choices and on_choice is None:
        message = _choices_as_section(message)
    # continuations of a long post carry the key too ("ref: KEY (2/3)"), so all its messages can be found
    reserve = len(part_footer(message.key, 98, 99)) if message.key else 0
    groups = _group(_build_embeds(message), reserve=reserve)
    if message.key and len(groups) > 1:
        for index, embeds in enumerate(groups[1:], start=1):
            embeds[0].set_footer(text=part_footer(message.key, index, len(groups)))
    mentions = allowed_mentions(message)
    content = mention_content(message)
    out: list[RenderedDiscordMessage] = []
    for index, embeds in enumerate(groups):
        out.append(
            RenderedDiscordMessage(
                content=content if index == 0 else None,
                embeds=embeds,
                allowed_mentions=mentions,
                ephemeral=message.ephemeral,
            )
        )
    if message.attachments:
        out[0].files = [discord.File(io.BytesIO(a.data), filename=a.filename) for a in message.attachments]
    if message.choices and on_choice is not None:
        out[-1].view = ChoiceView(message.choices, on_choice)
    return out


def _choices_as_section(message: Message) -> Message:
    lines = tuple(Line(text=f"{c.label} ({c.value})", note=c.description or None) for c in message.choices)
    return replace(message, sections=message.sections + (Section(heading="Did you mean", lines=lines),), choices=())
