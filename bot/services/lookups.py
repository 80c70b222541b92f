"""Answers to the slash commands students and staff use (/readings, /team, /schedule, /search, /calendar,
/sync), as platform-neutral messages.

Every answer is a :class:`~bot.services.messages.Message` in plain text; adapters render and escape it.
Lookups never ping anyone: members are named on lines (``Line.people``) but ``Message.mentions`` stays empty.
"Upcoming" is measured with the injected ``clock`` so tests control time.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING


from bot.config import CourseConfig
from bot.course.models import Reading, Session
from bot.course.text import clip_middle
from bot.services.ical import CONTENT_TYPE
from bot.services.messages import Attachment, Choice, Line, Message, Section, error
from bot.services.refs import parse_ref, ref_digest
from bot.services.teams import members_of
from bot.services.times import format_session_when, local_today, session_start, upcoming
from bot.store.sessions import SearchHit, Store, SyncError

if TYPE_CHECKING:
    from bot.services.follow import SiteFollower

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

TEAM_SESSIONS = 4  # upcoming sessions listed by /team without a session
MAX_SCHEDULE = 25  # most sessions /schedule lists
MAX_CHOICES = 25  # most candidates offered for an ambiguous or unknown query
SUGGEST_CUTOFF = 70.0  # rapidfuzz score (0-100) a "did you mean" session needs
MAX_SUGGEST = 25  # autocomplete limit (Discord allows 25)
MAX_PROBLEMS = 10  # problems shown after /sync
MAX_CHANGED = 25  # changed slugs listed after /sync
CALENDAR_FILE = "course.ics"
# /calendar covers the sessions from half a year back to two years ahead of today (read by date in SQL:
# a site with years of archived sessions is never loaded whole)
CALENDAR_PAST = dt.timedelta(days=183)
CALENDAR_AHEAD = dt.timedelta(days=731)

_SPACE = re.compile(r"\s+")
_ID_PARTS = re.compile(r"[-_.\s]+")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


_SLUG_SHOWN = 48  # most characters of a slug in a choice's label (bot.course.text.clip_middle)


def session_label(session: Session, *, slug_size: int | None = None) -> str:
    """``S0-L05 · Survey human alignment`` (the slug alone when the post has no title); ``slug_size``: a
    longer slug is shown by its start and end (a choice's label, which platforms cut at 75 or 100)."""
    name = _squash(session.title or session.lecture or "")
    slug = clip_middle(session.slug, slug_size) if slug_size is not None else session.slug
    return f"{slug} · {name}" if name and name != session.slug else slug


def _snippet_note(hit: SearchHit, title: str) -> str | None:
    """The hit's snippet when it adds something: a match in the abstract, not one in the titles shown."""
    snippet = _squash(hit.snippet)
    core = snippet.strip("…").strip().casefold()
    if not core or core in title.casefold() or core in _squash(hit.session_title).casefold():
        return None
    return snippet


def reading_line(reading: Reading) -> Line:
    """A reading as a line: its title linked to its first URL, the other URLs as the note."""
    title = _squash(reading.title) or (reading.urls[0] if reading.urls else "(untitled reading)")
    url = reading.urls[0] if reading.urls else None
    note = " · ".join(reading.urls[1:]) or None
    return Line(text=title, url=url, note=note)


def relevant_suggestions(query: str, sessions: Iterable[Session], cutoff: float = SUGGEST_CUTOFF) -> list[Session]:
    """The sessions among ``sessions`` (nearest names from the store) that ``query`` plausibly meant: a
    rapidfuzz score of at least ``cutoff`` against the title (words in any order, or a part of it), the slug
    or the lecture id; best first. Empty when none is close: better no guess than an unrelated one."""
    from rapidfuzz import fuzz  # here: only a query that matched nothing pays for it

    wanted = _squash(query).casefold()
    scored = []
    for index, session in enumerate(sessions):
        title = _squash(session.title or "").casefold()
        names = {session.slug.casefold(), (session.lecture or "").casefold()}
        names |= {part for name in tuple(names) for part in _ID_PARTS.split(name) if len(part) >= 2}  # "L05" of "S0-L05"
        scores = [fuzz.ratio(wanted, name) for name in names if name]
        if title:
            scores += [fuzz.token_sort_ratio(wanted, title), fuzz.partial_ratio(wanted, title) if len(wanted) >= 4 else 0]
        best = max(scores, default=0.0)
        if best >= cutoff:
            scored.append((-best, index, session))
    return [session for _, _, session in sorted(scored, key=lambda item: item[:2])]


class Lookups:
    """Read-only questions about the course, answered from the store's cache (``sync`` refreshes it)."""

    def __init__(
        self, store: Store, config: CourseConfig, clock: Clock = _utc_now, *, follower: SiteFollower | None = None
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.follower = follower  # set: /sync fetches the course repository first (bot.services.follow)

    # -- helpers -------------------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("Lookups clock must return an aware datetime")
        return now

    def _choice(self, session: Session) -> Choice:
        return Choice(value=session.slug, label=session_label(session, slug_size=_SLUG_SHOWN),
                      description=format_session_when(session, self.config))

    def _title(self, session: Session) -> str:
        name = _squash(session.display_name)
        extra = [p for p in (session.lecture,) if p and p != name]
        if session.date is not None:
            extra.append(format_session_when(session, self.config))
        return f"{name} ({', '.join(extra)})" if extra else name

    async def _find(self, query: str, command: str) -> tuple[Session, str] | Message:
        """The one session ``query`` names with a remark for a fuzzy match ("" otherwise), or a message:
        candidates to pick from, or an error with the nearest sessions."""
        if (named := await self._by_ref(query.strip())) is not None:
            return named, ""
        query = _squash(query)
        if not query:
            return error(f"Name a session for {command}: a slug like S0-L05, a lecture id or words of its title.",
                         title=f"{command} needs a session")
        resolution = await self.store.resolve(query, limit=MAX_CHOICES)
        sessions = resolution.sessions
        if len(sessions) == 1:
            return sessions[0], (f"Closest match to “{query}”. " if resolution.how == "fuzzy" else "")
        if sessions:
            total = max(resolution.total, len(sessions))
            more = f" (the first {len(sessions)} are listed)" if total > len(sessions) else ""
            return Message(
                title=f"“{query}” matches {total} sessions",
                description=f"Pick the session you mean{more}, or ask again with its slug (e.g. {sessions[0].slug}).",
                choices=tuple(self._choice(s) for s in sessions),
                ephemeral=True,
            )
        choices = tuple(self._choice(s) for s in relevant_suggestions(query, resolution.suggestions)[:MAX_CHOICES])
        hint = " Did you mean one of these?" if choices else " Try /schedule to see the sessions."
        return Message(
            title="No such session",
            kind="error",
            description=f"No session matches “{query}”.{hint}",
            choices=choices,
            ephemeral=True,
        )

    async def _by_ref(self, text: str) -> Session | None:
        """The session a shortened reference names (:mod:`bot.services.refs`: a choice's value on a platform
        that caps its length, for a slug longer than that), or None (not such a reference, or it names none)."""
        ref = parse_ref(text)
        if ref is None:
            return None
        prefix, digest = ref
        named = [slug for slug in await self.store.slugs_starting(prefix) if ref_digest(slug) == digest]
        return await self.store.get_session(named[0]) if len(named) == 1 else None

    async def upcoming_sessions(self, count: int) -> list[Session]:
        """The next ``count`` dated class meetings not over yet, soonest first. Only sessions from
        yesterday on are read (a late session may run past midnight), and only as many as needed."""
        now = self._now()
        since = local_today(now, self.config) - dt.timedelta(days=1)
        limit = count + 8
        while True:
            found = await self.store.upcoming(since, limit=limit)
            coming = upcoming(found, now, self.config)
            if len(coming) >= count or len(found) < limit:
                return coming[:count]
            limit *= 2

    def _team_line(self, role: str, session: Session) -> Line:
        label = self.config.role_label(role)
        team_id = session.roles.get(role)
        if not team_id:
            return Line(text=f"{label}: not assigned")
        people = members_of(self.config, team_id)
        return Line(text=f"{label}: {team_id}", people=people)  # renderers name the people

    # -- commands ------------------------------------------------------------------------------------

    def roles(self) -> list[tuple[str, str]]:
        """The configured roles as (key, label), for command choices."""
        return list(self.config.role_names.items())

    def role_key(self, name: str) -> str | None:
        """The role key ``name`` refers to, by key or label (or a word only one label has), case-insensitively;
        None when unknown."""
        wanted = _squash(name).casefold()
        for key, label in self.config.role_names.items():
            if wanted in (key.casefold(), _squash(label).casefold()):
                return key
        # one word of one label ("blog" for "Blog team"); a word that several labels share names none
        by_word = [key for key, label in self.config.role_names.items() if wanted in _squash(label).casefold().split()]
        return by_word[0] if len(by_word) == 1 else None

    async def session_count(self) -> int:
        return await self.store.session_count()

    async def readings(self, query: str) -> Message:
        """The readings of the session ``query`` names: required first, then more, in document order."""
        found = await self._find(query, "/readings")
        if isinstance(found, Message):
            return found
        session, remark = found
        required = tuple(reading_line(r) for r in session.readings if r.required)
        more = tuple(reading_line(r) for r in session.readings if not r.required)
        sections = []
        if required:
            sections.append(Section(heading="Required readings", lines=required))
        if more:
            sections.append(Section(heading="More readings", lines=more))
        if session.readings:
            description = f"{remark}{session.slug}: {len(required)} required, {len(more)} more."
        else:
            description = f"{remark}{session.slug}: no readings listed yet."
        return Message(
            title=self._title(session),
            description=description,
            url=session.url,
            sections=tuple(sections),
        )

    async def team(self, role: str, session: str | None = None) -> Message:
        """Who holds ``role`` in the next few sessions, or in ``session``, with the team's members."""
        key = self.role_key(role)
        if key is None:
            known = ", ".join(f"{k} ({label})" for k, label in self.config.role_names.items()) or "none configured"
            return error(f"Unknown role “{_squash(role)}”. Roles: {known}.", title=f"Unknown role {_squash(role)}")
        label = self.config.role_label(key)
        if session is not None and _squash(session):
            found = await self._find(session, "/team")
            if isinstance(found, Message):
                return found
            one, remark = found
            return Message(
                title=f"{label} for {session_label(one)}",
                description=remark.strip(),
                url=one.url,
                sections=(
                    Section(
                        heading=format_session_when(one, self.config),
                        lines=(self._team_line(key, one),),
                        url=one.url,
                        when=session_start(one, self.config),
                    ),
                ),
            )
        coming = await self.upcoming_sessions(TEAM_SESSIONS)
        if not coming:
            return Message(title=f"{label}: upcoming sessions", description="No upcoming sessions.")
        return Message(
            title=f"{label}: upcoming sessions",
            description=f"The {label.lower()} ({key}) of the next {_plural(len(coming), 'session')}.",
            sections=tuple(self._session_section(s, (key,)) for s in coming),
        )

    def _session_section(self, session: Session, roles: Iterable[str]) -> Section:
        start = session_start(session, self.config)
        return Section(
            heading=session_label(session),
            url=session.url,
            when=start,
            lines=tuple(self._team_line(role, session) for role in roles),
        )

    async def schedule(self, count: int = 5) -> Message:
        """The next ``count`` sessions: when, title, page link and the teams of every configured role."""
        if count < 1:
            return error(f"/schedule needs a count of at least 1 (got {count}).", title="/schedule needs a count")
        count = min(count, MAX_SCHEDULE)
        coming = await self.upcoming_sessions(count)
        if not coming:
            return Message(title="Schedule", description="No upcoming sessions.")
        roles = list(self.config.role_names)
        sections = tuple(self._session_section(session, roles) for session in coming)  # when: Section.when
        return Message(
            title="Schedule",
            description=f"The next {_plural(len(coming), 'session')} of {self.config.course.name}.",
            sections=sections,
        )

    async def search(self, text: str, limit: int = 10) -> Message:
        """Full-text search over readings; hits grouped by session, sessions in order of their best hit."""
        query = _squash(text)
        if not query:
            return error("/search needs some words to look for in reading titles and abstracts.",
                         title="/search needs words")
        hits = await self.store.search(query, limit=max(1, limit))
        if not hits:
            return Message(title=f"Search: {query}", description=f"No readings match “{query}”.")
        grouped: dict[str, list[SearchHit]] = {}
        for hit in hits:
            grouped.setdefault(hit.slug, []).append(hit)
        sections = []
        for slug, group in grouped.items():
            session = await self.store.get_session(slug)
            lines = []
            for hit in group:
                line = reading_line(hit.reading)
                lines.append(Line(text=line.text, url=line.url, note=_snippet_note(hit, line.text)))
            if session is not None:
                heading, url, when = session_label(session), session.url, session_start(session, self.config)
            else:  # removed by a sync between the two queries
                heading, url, when = f"{slug} · {_squash(group[0].session_title)}", None, None
            sections.append(Section(heading=heading, url=url, when=when, lines=tuple(lines)))
        return Message(
            title=f"Search: {query}",
            description=f"{_plural(len(hits), 'reading')} in {_plural(len(sections), 'session')}.",
            sections=tuple(sections),
        )

    async def calendar(self) -> Message:
        """The dated sessions from CALENDAR_PAST before today to CALENDAR_AHEAD after it as an iCalendar
        attachment (``course.ics``)."""
        from bot.services.ical import CalendarFile

        today = local_today(self._now(), self.config)
        built = CalendarFile(self.config, stamp=self._now())
        dated = 0
        async for batch in self.store.iter_sessions_between(today - CALENDAR_PAST, today + CALENDAR_AHEAD):
            built.add(batch)  # a batch at a time: a long window of a big site is never decoded at once
            dated += sum(1 for s in batch if s.date is not None and s.meeting)
        data = built.finish()
        return Message(
            title=f"{self.config.course.name}: calendar",
            description=f"{_plural(dated, 'session')} as an iCalendar file; import it into your calendar app.",
            attachments=(Attachment(filename=CALENDAR_FILE, data=data, content_type=CONTENT_TYPE),),
        )

    async def suggest(self, text: str) -> list[Choice]:
        """Autocomplete choices for a session query (at most 25, upcoming sessions first)."""
        today = local_today(self._now(), self.config)
        found = await self.store.suggest(text, today=today, limit=MAX_SUGGEST)
        return [Choice(value=s.value, label=s.label) for s in found[:MAX_SUGGEST]]

    async def sync(self) -> Message:
        """Re-read the course site now; report what changed and the first problems found."""
        try:
            if self.follower is not None:
                report = await self.follower.sync(force=True)
            else:
                report = await self.store.sync(self.config)
        except SyncError as exc:  # the site cannot be read at all; the cache is untouched
            log.warning("sync of %s failed: %s", self.config.site_path, exc)
            return error(f"Sync of {self.config.site_path} failed: {exc}", title="Sync failed")
        problems = sorted(report.problems, key=lambda p: p.severity != "error")  # errors first, stable
        counts = (
            f"{report.parsed} parsed, {report.unchanged} unchanged, {report.removed} removed, {report.failed} failed"
        )
        sections = []
        if report.changed:
            changed = report.changed[:MAX_CHANGED]
            more = f" (first {len(changed)} of {len(report.changed)})" if len(report.changed) > len(changed) else ""
            sections.append(Section(heading=f"Changed{more}", lines=tuple(Line(text=slug) for slug in changed)))
        if problems:
            shown = problems[:MAX_PROBLEMS]
            more = f" (first {len(shown)} of {len(problems)})" if len(problems) > len(shown) else ""
            sections.append(Section(heading=f"Problems{more}", lines=tuple(Line(text=str(p)) for p in shown)))
        source: object = self.config.site_path
        if self.follower is not None and self.follower.git is not None:
            commit = await self.store.meta_get("source_commit")
            source = f"{self.follower.git.url} at {commit[:8] if commit else '?'}"
            if self.follower.outage is not None:
                counts += f"; fetch failed, serving the last good checkout: {self.follower.outage.reason}"
        return Message(
            title="Site synced",
            description=f"{source}: {counts}.",
            sections=tuple(sections),
            ephemeral=True,
        )
