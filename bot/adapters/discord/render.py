"""Render a platform-neutral :class:`~bot.services.messages.Message` as Discord messages.

Discord's limits live here and only here: an embed title holds 256 characters, a description 4,096,
at most 25 fields of 1,024 (names 256), 6,000 characters across a message's embeds, 10 embeds a message
and 2,000 characters of content. Long answers are split over fields, embeds and then several messages;
rendering never fails on size.

Post text is untrusted: it is markdown-escaped and mention-escaped, and every payload carries
``AllowedMentions`` that allow only the roles and users in ``Message.mentions`` (never ``@everyone``).
Mentions go in the message content, since mentions inside embeds never notify; ``allowed_mentions`` names
at most 100 users and 100 roles (Discord's limit), exactly those whose mention is in that message's content.
The ledger key goes on the last line of the first embed's footer (``ref: digest:2024-W09``; ``ref 2/3:
digest:2024-W09`` on the continuations of a post too long for one message) so the transport can recognise
the posts it made. The key is written escaped (no line breaks, backslashes doubled) and the footer's other
text is one line, so no title, slug or file name can make a footer that names another key.

A post takes at most ``MAX_MESSAGES`` messages: what does not fit ends in "+N more lines", linking the page.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import discord
from discord.utils import escape_markdown, escape_mentions, format_dt

from bot.services.messages import Line, Message, MessageKind, Section

log = logging.getLogger(__name__)

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
MENTIONS_LIMIT = 100  # ids per allowed_mentions list
MAX_MESSAGES = 5  # messages one post or answer may take; the rest is summarised
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


def footer_key(key: str) -> str:
    """``key`` as written in a footer: printable, one line, backslashes doubled, so that two keys never
    look alike there and no key can add a line of its own (a file name holding a line break)."""
    out = []
    for char in key:
        if char == "\\":
            out.append("\\\\")
        elif char == " " or (char.isprintable() and not char.isspace()):
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}")
    text = "".join(out)
    trimmed = text.rstrip(" ")  # Discord trims a footer's end: keep trailing spaces visible
    return trimmed + "\\u0020" * (len(text) - len(trimmed))


def key_line(key: str, index: int = 0, count: int = 1) -> str:
    """The footer line naming a post: ``ref: KEY`` on its first message, ``ref 2/3: KEY`` on the others."""
    marker = KEY_PREFIX if index == 0 else f"ref {index + 1}/{count}: "
    return marker + footer_key(key)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def footer_text(message: Message) -> str | None:
    other = _one_line(escape(message.footer)) if message.footer and message.footer != message.key else ""
    if not message.key:
        return truncate(other, FOOTER_LIMIT) or None
    line = key_line(message.key)
    if not other:
        return line
    # keep the key line whole: it is how find_sent recognises the post
    return truncate(other, max(0, FOOTER_LIMIT - len(line) - 1)) + "\n" + line


_KEY_LINE = re.compile(r"^ref(?: (?P<part>\d+)/(?P<parts>\d+))?: (?P<key>.+)\Z")


def post_part(embed: discord.Embed) -> tuple[str, int] | None:
    """(ledger key as written, part index) of a rendered post's message, from the last line of its first
    embed's footer: ``ref: KEY`` on the first message, ``ref 2/3: KEY`` on the continuations."""
    text = embed.footer.text if embed.footer else None
    if not text:
        return None
    match = _KEY_LINE.match(text.rsplit("\n", 1)[-1])
    if match is None:
        return None
    return match["key"], int(match["part"]) - 1 if match["part"] else 0


def part_of(embed: discord.Embed, key: str) -> int | None:
    """The part index of the post with exactly ledger ``key`` this embed's footer names, else None."""
    found = post_part(embed)
    return found[1] if found is not None and found[0] == footer_key(key) else None


def key_of(embed: discord.Embed) -> str | None:
    """The ledger key (as written) a rendered post carries in its first message's footer, if any."""
    found = post_part(embed)
    return found[0] if found is not None and found[1] == 0 else None


def part_footer(key: str, index: int, count: int) -> str:
    return key_line(key, index, count)


def _build_embeds(message: Message, *, room: int = EMBED_TOTAL_LIMIT) -> list[discord.Embed]:
    """The message as embeds, each at most ``room`` characters (the message total less what the
    continuation footer will add)."""
    colour = COLOURS.get(message.kind, discord.Colour.blurple())
    title = truncate(escape(message.title) or "coursebot", TITLE_LIMIT)
    url = safe_url(message.url) if message.url and message.url.lower().startswith(("http://", "https://")) else None
    footer = footer_text(message)
    # the first embed also holds the title and the footer: a full title, description and footer would be
    # 6,400 characters, so its description takes only the room they leave
    first_room = max(1, min(DESCRIPTION_LIMIT, room - len(title) - len(footer or "")))
    descriptions = pack_lines(escape(message.description).splitlines(), first_room) if message.description else []
    if len(descriptions) > 1:
        descriptions[1:] = pack_lines("\n".join(descriptions[1:]).splitlines(), DESCRIPTION_LIMIT)
    first = discord.Embed(title=title, url=url, colour=colour, description=descriptions[0] if descriptions else None)
    if footer:  # set before the fields so that it counts towards the first embed's size
        first.set_footer(text=footer)
    embeds = [first]
    for more in descriptions[1:]:
        embeds.append(discord.Embed(description=more, colour=colour))
    current = embeds[-1]
    for name, value in _fields(message.sections):
        if len(current.fields) >= FIELDS_PER_EMBED or len(current) + len(name) + len(value) > room:
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
def _tokens(message: Message) -> list[tuple[str, str, int]]:
    """(mention text, "users"/"roles", id) for everyone ``message`` may notify, each once, in order."""
    tokens: dict[str, tuple[str, str, int]] = {}
    for m in message.mentions:
        if m.discord_role_id:
            tokens.setdefault(f"<@&{m.discord_role_id}>", (f"<@&{m.discord_role_id}>", "roles", m.discord_role_id))
        if m.discord_user_id:
            tokens.setdefault(f"<@{m.discord_user_id}>", (f"<@{m.discord_user_id}>", "users", m.discord_user_id))
    return list(tokens.values())


@dataclass(frozen=True, slots=True)
class MentionChunk:
    """The mentions one message carries: its content and the ``AllowedMentions`` naming exactly them."""

    content: str | None
    allowed: discord.AllowedMentions


def _allowed(users: list[int], roles: list[int]) -> discord.AllowedMentions:
    return discord.AllowedMentions(
        everyone=False,
        users=[discord.Object(u) for u in users] or False,
        roles=[discord.Object(r) for r in roles] or False,
        replied_user=False,
    )


def mention_chunks(message: Message) -> list[MentionChunk]:
    """The mentions split over messages: whole mentions only, at most 2,000 characters of content and 100
    users and 100 roles in each message's ``allowed_mentions`` (Discord rejects longer lists)."""
    chunks: list[MentionChunk] = []
    content, users, roles = "", [], []  # type: ignore[var-annotated]
    for text, kind, ident in _tokens(message):
        full = (kind == "users" and len(users) >= MENTIONS_LIMIT) or (kind == "roles" and len(roles) >= MENTIONS_LIMIT)
        if content and (full or len(content) + 1 + len(text) > CONTENT_LIMIT):
            chunks.append(MentionChunk(content, _allowed(users, roles)))
            content, users, roles = "", [], []
        content = f"{content} {text}" if content else text
        (users if kind == "users" else roles).append(ident)
    if content:
        chunks.append(MentionChunk(content, _allowed(users, roles)))
    return chunks


def allowed_mentions(message: Message) -> discord.AllowedMentions:
    """Nobody may be pinged except the roles and users ``message.mentions`` names (the first message's)."""
    chunks = mention_chunks(message)
    return chunks[0].allowed if chunks else discord.AllowedMentions.none()


def mention_content(message: Message) -> str | None:
    chunks = mention_chunks(message)
    return chunks[0].content if chunks else None


# ---------------------------------------------------------------------- render
def render_discord(
    message: Message, *, on_choice: ChoiceHandler | None = None, max_messages: int = MAX_MESSAGES
) -> list[RenderedDiscordMessage]:
    """Render ``message`` as one or more Discord messages within Discord's limits.

    ``message.choices`` become a select menu (a :class:`~bot.adapters.discord.views.ChoiceView`) on the
    last message when ``on_choice`` is given; it is awaited with the interaction and the picked value.
    Without a handler the choices are listed as a section instead, so nothing is ever lost.
    """
    from bot.adapters.discord.views import ChoiceView  # views import this module

    if message.choices and on_choice is None:
        message = _choices_as_section(message)
    # continuations of a long post carry the key too ("ref 2/3: KEY"), so all its messages can be found;
    # that footer is counted before the embeds are filled
    reserve = len(part_footer(message.key, 98, 99)) if message.key else 0
    groups = _group(_build_embeds(message, room=EMBED_TOTAL_LIMIT - reserve), reserve=reserve)
    if len(groups) > max_messages:
        groups = _cap(groups, message, max_messages, reserve)
    if message.key and len(groups) > 1:
        for index, embeds in enumerate(groups[1:], start=1):
            embeds[0].set_footer(text=part_footer(message.key, index, len(groups)))
    chunks = mention_chunks(message)
    if len(chunks) > len(groups):
        log.warning("%s: %d mentions do not fit in its %d messages; not notified", message.key or message.title,
                    sum(len(c.content.split()) for c in chunks[len(groups):] if c.content), len(groups))
    out: list[RenderedDiscordMessage] = []
    for index, embeds in enumerate(groups):
        chunk = chunks[index] if index < len(chunks) else None
        out.append(
            RenderedDiscordMessage(
                content=chunk.content if chunk else None,
                embeds=embeds,
                allowed_mentions=chunk.allowed if chunk else discord.AllowedMentions.none(),
                ephemeral=message.ephemeral,
            )
        )
    if message.attachments:
        out[0].files = [discord.File(io.BytesIO(a.data), filename=a.filename) for a in message.attachments]
    if message.choices and on_choice is not None:
        out[-1].view = ChoiceView(message.choices, on_choice)
    return out


def _cap(groups: list[list[discord.Embed]], message: Message, limit: int, reserve: int) -> list[list[discord.Embed]]:
    """The first ``limit`` messages; the last one ends with "+N more lines" (linking the page) for the rest."""
    dropped = groups[limit:]
    kept = groups[:limit]
    lines = sum(f.value.count("\n") + 1 for embeds in dropped for e in embeds for f in e.fields if f.value)
    lines += sum((e.description or "").count("\n") + 1 for embeds in dropped for e in embeds if e.description)
    url = safe_url(message.url) if message.url and message.url.lower().startswith(("http://", "https://")) else None
    last = kept[-1]
    embed = last[-1]
    while embed.fields:
        note_value = _more_note(lines, url)
        total = sum(len(e) for e in last)
        if len(embed.fields) < FIELDS_PER_EMBED and total + 1 + len(note_value) <= EMBED_TOTAL_LIMIT - reserve:
            break
        field = embed.fields[-1]
        lines += (field.value or "").count("\n") + 1
        embed.remove_field(len(embed.fields) - 1)
    note = _more_note(lines, url)
    if sum(len(e) for e in last) + 1 + len(note) > EMBED_TOTAL_LIMIT - reserve or len(embed.fields) >= FIELDS_PER_EMBED:
        embed.description = truncate(embed.description or "", max(1, DESCRIPTION_LIMIT - len(note) - 1))
    embed.add_field(name="…", value=note, inline=False)
    return kept


def _more_note(lines: int, url: str | None) -> str:
    what = f"+{lines} more line{'s' if lines != 1 else ''}"
    return f"{what} on the [session page]({url})" if url else f"{what} not shown here"


def _choices_as_section(message: Message) -> Message:
    lines = tuple(Line(text=f"{c.label} ({c.value})", note=c.description or None) for c in message.choices)
    return replace(message, sections=message.sections + (Section(heading="Did you mean", lines=lines),), choices=())
