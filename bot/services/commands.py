"""Slash commands typed as text (console mode and Slack): parse a line and answer it with the services.

``dispatch("/readings S0-Intro", lookups)`` returns the same :class:`Message` the Discord command would.
Arguments may be quoted (``/team "Blog team" S0-L11``); an unbalanced quote never raises.
"""

from __future__ import annotations

import datetime as dt
import logging
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.services.lookups import MAX_SCHEDULE, Lookups
from bot.services.messages import Line, Message, MessageKind, Section, error
from bot.services.times import to_course_tz

if TYPE_CHECKING:
    from bot.services.posting import Posting

log = logging.getLogger(__name__)

_QUOTES = "\"'"

Handler = Callable[[list[str], Lookups, "Posting | None"], Awaitable[Message]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    usage: str
    summary: str


COMMANDS: tuple[Command, ...] = (
    Command("readings", "/readings QUERY", "readings of a session (slug, lecture id or title words)"),
    Command("team", "/team ROLE [SESSION]", "who holds a role in the next sessions, or in one session"),
    Command("schedule", "/schedule [COUNT]", f"the next COUNT sessions (default 5, at most {MAX_SCHEDULE})"),
    Command("search", "/search TEXT", "full-text search over the readings"),
    Command("calendar", "/calendar", "all sessions as an iCalendar file (course.ics)"),
    Command("digest", "/digest preview|post [WHEN]", "staff: show (or post) the digest for now or WHEN (ISO time)"),
    Command("sync", "/sync", "staff: re-read the course site now"),
    Command("help", "/help", "this list"),
)


def split_args(text: str) -> list[str]:
    """Words of ``text``, honouring quotes; an unbalanced quote falls back to plain words, quotes dropped."""
    try:
        return shlex.split(text)
    except ValueError:
        return [word for word in (w.strip(_QUOTES) for w in text.split()) if word]


def help_message(lookups: Lookups | None = None, *, title: str = "Commands", kind: MessageKind = "reply") -> Message:
    lines = tuple(Line(text=c.usage, note=c.summary) for c in COMMANDS)
    sections = [Section(heading="Commands", lines=lines)]
    if lookups is not None and lookups.roles():
        roles = tuple(Line(text=key, note=label) for key, label in lookups.roles())
        sections.append(Section(heading="Roles for /team", lines=roles))
    return Message(
        title=title,
        kind=kind,
        description="Examples: /readings S0-L05 · /team notes · /schedule 3 · /search alignment",
        sections=tuple(sections),
        ephemeral=kind == "error",
    )


async def dispatch(text: str, lookups: Lookups, posting: Posting | None = None) -> Message:
    """Answer one command line. Never raises: bad input and failures come back as error messages."""
    line = text.strip()
    if not line:
        return help_message(lookups)
    words = split_args(line)
    if not words:
        return help_message(lookups)
    name = words[0].lstrip("/").lower()
    args = words[1:]
    handler = _HANDLERS.get(name)
    if handler is None:
        return help_message(lookups, title=f"Unknown command “{words[0]}”", kind="error")
    try:
        return await handler(args, lookups, posting)
    except Exception:  # one bad answer must not take the console or the Slack app down
        log.exception("command %r failed", line)
        return error(f"Something went wrong answering /{name}; the details are in the bot's log.")


async def _readings(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        return error("Usage: /readings QUERY, e.g. /readings S0-L05")
    return await lookups.readings(" ".join(args))


async def _team(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        roles = ", ".join(key for key, _ in lookups.roles()) or "none configured"
        return error(f"Usage: /team ROLE [SESSION]; roles: {roles}")
    # Labels may have several words ("Blog team"): take the longest leading run of words naming a role.
    for end in range(len(args), 0, -1):
        role = " ".join(args[:end])
        if lookups.role_key(role) is not None:
            session = " ".join(args[end:]) or None
            return await lookups.team(role, session)
    return await lookups.team(args[0], " ".join(args[1:]) or None)


async def _schedule(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        return await lookups.schedule()
    if len(args) > 1:
        return error("Usage: /schedule [COUNT], e.g. /schedule 3")
    try:
        count = int(args[0])
    except ValueError:
        return error(f"/schedule COUNT must be a whole number, got “{args[0]}”.")
    return await lookups.schedule(count)


async def _search(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        return error("Usage: /search TEXT, e.g. /search jailbreak")
    return await lookups.search(" ".join(args))


async def _calendar(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    return await lookups.calendar()


async def _digest(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    action = args[0].lower() if args else ""
    if action not in ("preview", "post"):
        return error("Usage: /digest preview|post [WHEN], e.g. /digest preview 2024-02-25T18:00")
    if posting is None:
        return error(f"/digest {action} needs the posting service, which is not running here.")
    at: dt.datetime | None = None
    if len(args) > 1:
        when = " ".join(args[1:])
        try:
            at = to_course_tz(dt.datetime.fromisoformat(when), lookups.config)
        except ValueError:
            return error(f"/digest {action} WHEN must be an ISO time like 2024-02-25T18:00, got “{when}”.")
    if action == "preview":
        return await posting.preview_digest(at)
    outcome = await posting.post_digest(at)
    return Message(title="Digest", description=str(outcome), ephemeral=True)


async def _sync(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    message = await lookups.sync()
    if posting is None or message.kind == "error":
        return message
    # Posts already out whose sessions changed are edited in place, as after a scheduled resync.
    edits = await posting.after_sync()
    if not edits:
        return message
    section = Section(heading="Posts updated", lines=tuple(Line(text=str(outcome)) for outcome in edits))
    return replace(message, sections=(*message.sections, section))


async def _help(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    return help_message(lookups)


_HANDLERS: dict[str, Handler] = {
    "readings": _readings,
    "team": _team,
    "schedule": _schedule,
    "search": _search,
    "calendar": _calendar,
    "digest": _digest,
    "sync": _sync,
    "help": _help,
}
