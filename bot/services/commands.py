"""Slash commands typed as text (console mode and Slack): parse a line and answer it with the services.

``dispatch("/readings S0-Intro", lookups)`` returns the same :class:`Message` the Discord command would.
Arguments may be quoted (``/team "Blog team" S0-L11``); an unbalanced quote never raises. A mistyped command
gets "did you mean /readings?" (:func:`suggest_commands`), the help's examples are taken from the loaded
course (:func:`help_examples`), and a numbered choice can be answered with its number
(:func:`choice_command` turns it into the command to run). Outcomes of posting are told in words
(:func:`describe_outcome`), never as ledger keys or message ids.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.services.lookups import MAX_SCHEDULE, Lookups
from bot.services.messages import Choice, Line, Message, MessageKind, Section, error
from bot.services.times import to_course_tz

if TYPE_CHECKING:
    from bot.services.posting import Posting, PostOutcome

log = logging.getLogger(__name__)

_QUOTES = "\"'"
COMMAND_CUTOFF = 60.0  # rapidfuzz ratio (0-100) a mistyped command name needs to be suggested
_WORD = re.compile(r"[^\W\d_]{5,}")  # a search example: a word of 5+ letters from a reading title
_COMMON = frozenset({"about", "after", "their", "there", "these", "those", "which", "while", "where", "using",
                     "through", "towards", "between", "without", "within", "other", "should"})

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


# other names people type for a command
_ALIASES = {"upcoming": "schedule", "next": "schedule", "sessions": "schedule", "reading": "readings",
            "teams": "team", "ics": "calendar", "find": "search"}


def split_args(text: str) -> list[str]:
    """Words of ``text``, honouring quotes; an unbalanced quote falls back to plain words, quotes dropped."""
    try:
        return shlex.split(text)
    except ValueError:
        return [word for word in (w.strip(_QUOTES) for w in text.split()) if word]


def help_message(
    lookups: Lookups | None = None, *, title: str = "Commands", kind: MessageKind = "reply", examples: str = ""
) -> Message:
    lines = tuple(Line(text=c.usage, note=c.summary) for c in COMMANDS)
    sections = [Section(heading="Commands", lines=lines)]
    if lookups is not None and lookups.roles():
        roles = tuple(Line(text=key, note=label) for key, label in lookups.roles())
        sections.append(Section(heading="Roles for /team", lines=roles))
    return Message(
        title=title,
        kind=kind,
        description=f"Examples: {examples}" if examples else "",
        sections=tuple(sections),
        ephemeral=kind == "error",
    )


async def help_examples(lookups: Lookups) -> str:
    """Examples that work on the loaded course: its next (else first) session, its first role, a word
    that /search finds in that session's readings. Empty when the course has no sessions."""
    coming = await lookups.upcoming_sessions(1)
    session = coming[0] if coming else await lookups.store.first_session()
    if session is None:
        return ""
    examples = [f"/readings {session.slug}"]
    roles = lookups.roles()
    if roles:
        examples.append(f"/team {roles[0][0]}")
    examples.append("/schedule 3")
    for word in _search_words(session):
        if await lookups.store.search(word, limit=1):
            examples.append(f"/search {word}")
            break
    return " · ".join(examples)


def _search_words(session: object) -> list[str]:
    """Distinctive words of the session's reading titles (longest first), candidates for a /search example."""
    words: dict[str, None] = {}
    for reading in getattr(session, "readings", ()):
        for word in _WORD.findall(reading.title or ""):
            if word.casefold() not in _COMMON:
                words.setdefault(word.lower())
    return sorted(words, key=len, reverse=True)[:5]


def suggest_commands(name: str) -> list[str]:
    """Command names ``name`` may have meant: those it starts (``/sch`` → schedule), else the closest by
    rapidfuzz ratio above :data:`COMMAND_CUTOFF` (``/redings`` → readings); empty when none is close."""
    name = name.lstrip("/").casefold()
    names = [c.name for c in COMMANDS]
    if not name:
        return []
    started = [n for n in names if n.startswith(name)]
    if started:
        return started
    best = process.extract(name, names, scorer=fuzz.ratio, score_cutoff=COMMAND_CUTOFF, limit=3)
    if not best:
        return []
    top = best[0][1]
    return [n for n, score, _ in best if score >= top - 5]


def _unknown_command(word: str) -> Message:
    shown = word if word.startswith("/") else f"/{word}"
    close = suggest_commands(word)
    if close:
        options = [f"/{n}" for n in close]
        guess = options[0] if len(options) == 1 else ", ".join(options[:-1]) + f" or {options[-1]}"
        text = f"Did you mean {guess}? Type /help for every command."
    else:
        text = "Type /help for the commands."
    return error(text, title=f"Unknown command {shown}")


def choice_command(line: str, choice: Choice, lookups: Lookups) -> str:
    """The command that answers ``choice`` of the choices ``line`` got back: the same command with the
    chosen session in place of the ambiguous words (``/team notes scaling`` → ``/team notes S0-L02``)."""
    words = split_args(line)
    name = words[0].lstrip("/").lower() if words else "readings"
    name = _ALIASES.get(name, name)
    value = shlex.quote(choice.value)
    if name == "team" and len(words) > 1:
        role, _ = _split_team(words[1:], lookups)
        return f"/team {shlex.quote(role)} {value}"
    return f"/{name if name in _HANDLERS else 'readings'} {value}"


_OUTCOME_WORDS = {
    "sent": "was posted",
    "edited": "was updated in place",
    "unchanged": "was already posted, and unchanged",
    "skipped": "was not posted",
    "failed": "could not be posted",
    "empty": "was not posted: there is nothing in it",
}


def describe_outcome(outcome: PostOutcome) -> str:
    """``The digest for 2024-W09 was posted.`` — what happened to a post, in words for people (no ledger
    key, no message id)."""
    kind, _, subject = outcome.key.partition(":")
    what = f"The {kind or outcome.kind}" + (f" for {subject}" if subject else "")
    text = f"{what} {_OUTCOME_WORDS.get(outcome.action, outcome.action)}"
    if outcome.detail and outcome.action != "empty":
        text += f" ({outcome.detail})"
    return text + "."


async def dispatch(text: str, lookups: Lookups, posting: Posting | None = None) -> Message:
    """Answer one command line. Never raises: bad input and failures come back as error messages."""
    line = text.strip()
    words = split_args(line) if line else []
    if not words:
        return await _help([], lookups, posting)
    name = words[0].lstrip("/").lower()
    args = words[1:]
    handler = _HANDLERS.get(_ALIASES.get(name, name))
    if handler is None:
        return _unknown_command(words[0])
    try:
        return await handler(args, lookups, posting)
    except Exception:  # one bad answer must not take the console or the Slack app down
        log.exception("command %r failed", line)
        return error(f"Something went wrong answering /{name}; the details are in the bot's log.",
                     title=f"/{name} failed")


async def _readings(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        return error("Name a session: /readings QUERY (a slug, lecture id or words of its title).",
                     title="/readings needs a session")
    return await lookups.readings(" ".join(args))


def _split_team(args: list[str], lookups: Lookups) -> tuple[str, str | None]:
    """ROLE and SESSION of ``/team`` arguments. Labels may have several words ("Blog team"): the role is the
    longest leading run of words naming one, else the first word."""
    for end in range(len(args), 0, -1):
        role = " ".join(args[:end])
        if lookups.role_key(role) is not None:
            return role, " ".join(args[end:]) or None
    return args[0], " ".join(args[1:]) or None


async def _team(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        roles = ", ".join(key for key, _ in lookups.roles()) or "none configured"
        return error(f"Usage: /team ROLE [SESSION]; roles: {roles}", title="/team needs a role")
    role, session = _split_team(args, lookups)
    return await lookups.team(role, session)


async def _schedule(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        return await lookups.schedule()
    if len(args) > 1:
        return error("Usage: /schedule [COUNT], e.g. /schedule 3", title="/schedule takes one number")
    try:
        count = int(args[0])
    except ValueError:
        return error(f"/schedule COUNT must be a whole number, got “{args[0]}”.", title="/schedule needs a number")
    return await lookups.schedule(count)


async def _search(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    if not args:
        return error("Usage: /search TEXT: words to find in reading titles and abstracts.",
                     title="/search needs words")
    return await lookups.search(" ".join(args))


async def _calendar(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    return await lookups.calendar()


async def _digest(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    action = args[0].lower() if args else ""
    if action not in ("preview", "post"):
        return error("Usage: /digest preview|post [WHEN], e.g. /digest preview 2024-02-25T18:00",
                     title="/digest needs preview or post")
    if posting is None:
        return error(f"/digest {action} needs the posting service, which is not running here.",
                     title="Posting is not running")
    at: dt.datetime | None = None
    if len(args) > 1:
        when = " ".join(args[1:])
        try:
            at = to_course_tz(dt.datetime.fromisoformat(when), lookups.config)
        except ValueError:
            return error(f"/digest {action} WHEN must be an ISO time like 2024-02-25T18:00, got “{when}”.",
                         title="Not a date and time")
    if action == "preview":
        return await posting.preview_digest(at)
    outcome = await posting.post_digest(at)
    return Message(title="Digest", description=describe_outcome(outcome), ephemeral=True)


async def _sync(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    message = await lookups.sync()
    if posting is None or message.kind == "error":
        return message
    # Posts already out whose sessions changed are edited in place, as after a scheduled resync.
    edits = await posting.after_sync()
    if not edits:
        return message
    section = Section(heading="Posts updated", lines=tuple(Line(text=describe_outcome(o)) for o in edits))
    return replace(message, sections=(*message.sections, section))


async def _help(args: list[str], lookups: Lookups, posting: Posting | None) -> Message:
    return help_message(lookups, examples=await help_examples(lookups))


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
