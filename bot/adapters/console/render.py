"""Render a neutral :class:`Message` as plain terminal text.

Layout: the title (underlined), the message link, the description, then each section as a heading with its
time and link and its lines as bullets (``title <url>``, a quiet note, the people named). Choices are
numbered; attachments are noted by name, type and size; who a chat platform would notify is listed. Text from course posts is untrusted, so control
characters (terminal escape sequences included) are removed before printing.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap

from bot.services.messages import Line, Message, Section
from bot.services.times import format_moment

# C0 controls except tab/newline, DEL and C1 controls: enough to stop ANSI/OSC escape sequences.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without control characters; tabs become spaces."""
    return _CONTROL.sub("", text.replace("\t", " "))


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} kB"


class _Writer:
    def __init__(self, width: int | None) -> None:
        self.width = width if width and width > 20 else None
        self.out: list[str] = []

    def line(self, text: str = "", indent: str = "", hanging: str | None = None) -> None:
        text = clean(text)
        if not text:
            self.out.append("")
            return
        for paragraph in text.split("\n"):
            if self.width is None:
                self.out.append(indent + paragraph)
                indent = hanging if hanging is not None else indent
                continue
            wrapped = textwrap.wrap(
                paragraph,
                width=self.width,
                initial_indent=indent,
                subsequent_indent=hanging if hanging is not None else indent,
                break_long_words=False,
                break_on_hyphens=False,
            ) or [indent.rstrip()]
            self.out.append("\n".join(wrapped))
            indent = hanging if hanging is not None else indent

    def text(self) -> str:
        return "\n".join(self.out).rstrip("\n")


def _link(text: str, url: str | None) -> str:
    text = clean(text)
    return f"{text} <{clean(url)}>" if url else text


def _line_text(line: Line, tz: dt.tzinfo | None) -> str:
    parts = [_link(line.text, line.url)]
    if line.when is not None and format_moment(line.when, tz) not in line.text:
        parts.append(f"({format_moment(line.when, tz)})")
    shown = line.text + (line.note or "")
    names = [clean(p.name) for p in line.people if p.name not in shown]  # not already named in text or note
    if names:
        parts.append("· " + ", ".join(names))
    text = " ".join(parts)
    if line.note:
        text += f" · {clean(line.note)}"
    return text


def _section(writer: _Writer, section: Section, tz: dt.tzinfo | None) -> None:
    heading = clean(section.heading)
    if section.when is not None and format_moment(section.when, tz) not in heading:
        heading = f"{format_moment(section.when, tz)} · {heading}"
    writer.line(_link(heading, section.url))
    for line in section.lines:
        writer.line(_line_text(line, tz), indent="  - ", hanging="    ")


def render_console(
    message: Message, width: int | None = None, *, tz: dt.tzinfo | None = None, numbered: bool = False
) -> str:
    """``message`` as terminal text, wrapped to ``width`` columns when given. Moments are shown in ``tz``
    (default: the timezone they carry; services give them in the course timezone). ``numbered``: the
    reader can answer a choice with its number (the console prompt)."""
    writer = _Writer(width)
    title = clean(message.title)
    if message.kind == "error":
        title = f"Error: {title}"
    writer.line(title)
    writer.out.append("=" * min(len(title), writer.width or len(title)))
    if message.url:
        writer.line(f"<{message.url}>")
    if message.description:
        writer.line(message.description)
    for section in message.sections:
        writer.line()
        _section(writer, section, tz)
    if message.choices:
        writer.line()
        writer.line("Type a number to choose:" if numbered else "Ask again with one of these:")
        for number, choice in enumerate(message.choices, start=1):
            text = f"{number}. {clean(choice.label)}"
            if choice.description:
                text += f" · {clean(choice.description)}"
            if choice.value not in choice.label:
                text += f" [{clean(choice.value)}]"
            writer.line(text, indent="  ", hanging="     ")
    if message.attachments:
        writer.line()
        for attachment in message.attachments:
            writer.line(
                f"Attachment: {clean(attachment.filename)} ({attachment.content_type}, {_size(len(attachment.data))})"
            )
    if message.mentions:
        writer.line()
        writer.line("Notifies: " + ", ".join(clean(m.name) for m in message.mentions))
    if message.footer and message.footer != message.key:  # a ledger key is for the bot, not for people
        writer.line()
        writer.line(message.footer)
    return writer.text()
