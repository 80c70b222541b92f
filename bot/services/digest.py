"""Compose the weekly reading digest and the pre-session reminders as platform-neutral messages.

Pure functions of (sessions, moment, configuration): no I/O, so previews, the scheduler and tests all
compose exactly the same text. Text from posts is untrusted and only ever becomes plain text; the only
people or roles that may be notified are the teams configured in ``config.teams`` (``Message.mentions``).

Choices made here (documented for staff and the other helpers):

- A digest composed at ``at`` covers every class meeting that starts in ``(at, at + digest_days]``.
- Its ledger key is ``digest:YYYY-Www``, the ISO week of ``at + 1 day``: a Sunday 18:00 digest names the
  week that starts the next morning, and a digest composed on any other day names the week it is in.
- With no sessions in the window the digest still exists (``coursebot digest`` says so), but it has no
  sections and :func:`is_empty_digest` is true; the posting service does not post empty digests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.config import CourseConfig, Team
from bot.course.models import Session
from bot.services.messages import Line, Mention, Message, Section
from bot.services.teams import member_mentions
from bot.services.times import format_date, format_moment, meeting_start, session_start, to_course_tz



def digest_key(at: dt.datetime, config: CourseConfig) -> str:
    """``digest:YYYY-Www``: the ISO week of the day after ``at`` (course time)."""
    year, week, _ = (to_course_tz(at, config) + dt.timedelta(days=1)).isocalendar()
    return f"digest:{year}-W{week:02d}"


def reminder_key(slug: str, start: dt.datetime | None = None) -> str:
    """``reminder:SLUG``: the ledger key of a session's reminder; with ``start``, ``reminder:SLUG@START`` (UTC):
    the reminder for a new start of a session whose reminder went out for another (bot.services.posting)."""
    if start is None:
        return f"reminder:{slug}"
    return f"reminder:{slug}@{start.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%MZ')}"


def digest_sessions(sessions: Iterable[Session], at: dt.datetime, config: CourseConfig) -> list[tuple[dt.datetime, Session]]:
    """Class meetings starting in ``(at, at + digest_days]``, earliest first, with their start."""
    at = to_course_tz(at, config)
    end = at + dt.timedelta(days=config.schedule.digest_days)
    found: list[tuple[dt.datetime, Session]] = []
    for session in sessions:
        start = session_start(session, config)
        if session.meeting and start is not None and at < start <= end:
            found.append((start, session))
    found.sort(key=lambda pair: (pair[0], pair[1].slug))
    return found


@dataclass(frozen=True, slots=True)
class _Assignment:
    """One role of a session: its label, the team text from the post and the configured teams it names."""

    label: str
    value: str
    teams: tuple[Team, ...]


def _assignments(session: Session, config: CourseConfig) -> list[_Assignment]:
    """The session's responsible teams, in the configuration's role order.

    A role value may name several teams (``team-1, team-2``); parts that are configured teams are
    resolved, anything else stays text only (``instructor`` when not configured, ``on FM list``).
    """
    out: list[_Assignment] = []
    for key, label in config.role_names.items():
        value = session.roles.get(key, "").strip()
        if not value:
            continue
        out.append(_Assignment(label=label, value=value, teams=config.teams_in(value)))
    return out


def _team_mentions(team: Team) -> tuple[Mention, ...]:
    """Who to notify for a team: its role/group when configured, else its members that have ids."""
    if team.discord_role_id is not None or team.slack_group_id is not None:
        group = Mention(name=team.id, discord_role_id=team.discord_role_id, slack_group_id=team.slack_group_id)
        # a platform without a group id for this team still reaches the members there
        members = tuple(
            m
            for m in member_mentions(team)
            if (team.discord_role_id is None and m.discord_user_id is not None)
            or (team.slack_group_id is None and m.slack_user_id is not None)
        )
        return (group, *members)
    return tuple(m for m in member_mentions(team) if m.discord_user_id is not None or m.slack_user_id is not None)


def _unique(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    seen: dict[Mention, None] = {}
    for mention in mentions:
        seen.setdefault(mention, None)
    return tuple(seen)


def _team_lines(assignments: list[_Assignment]) -> list[Line]:
    lines = []
    for item in assignments:
        people = tuple(m for team in item.teams for m in member_mentions(team))
        lines.append(Line(text=f"{item.label}: {item.value}", people=people))  # renderers name the people
    return lines


def _reading_lines(session: Session) -> list[Line]:
    required = [r for r in session.readings if r.required]
    more = len(session.readings) - len(required)
    lines = [Line(text=r.title, url=r.urls[0] if r.urls else None) for r in required]
    if not required and not more:
        lines.append(Line(text="No readings listed yet"))
    if more:
        noun = "reading" if more == 1 else "readings"
        lines.append(Line(text=f"{more} more {noun}", url=session.url, note="on the session page"))
    return lines


def _session_section(session: Session, start: dt.datetime | None, config: CourseConfig) -> Section:
    """One session: heading = its name (renderers show ``when`` their own way: a Discord or Slack timestamp
    in the reader's timezone, course time on the console), its readings, then its teams."""
    lines = _reading_lines(session) + _team_lines(_assignments(session, config))
    heading = session.display_name if start is not None else f"{session.display_name} (no date yet)"
    return Section(heading=heading, lines=tuple(lines), url=session.url, when=start)


def compose_digest(sessions: Iterable[Session], *, at: dt.datetime, config: CourseConfig) -> Message:
    """The digest that would be posted at ``at``: the coming ``digest_days`` days of class meetings."""
    at = to_course_tz(at, config)
    found = digest_sessions(sessions, at, config)
    last = (at + dt.timedelta(days=config.schedule.digest_days)).date()
    days = config.schedule.digest_days
    # the window is (at, at + digest_days]: named from the next day, or from today when a meeting later today is in it
    first = at.date() + dt.timedelta(days=1)
    if found and found[0][0].date() < first:
        first = found[0][0].date()
    span = f"{format_date(first)} – {format_date(last)}"
    key = digest_key(at, config)
    week = key.split(":", 1)[1]
    if not found:
        return Message(
            title=f"{config.course.name}: no sessions in the coming {days} days",
            kind="digest",
            description=f"Nothing is scheduled for {span}.",
            key=key,
            footer=key,
        )
    sections = tuple(_session_section(s, start, config) for start, s in found)
    mentions = _unique(
        m for _, s in found for item in _assignments(s, config) for team in item.teams for m in _team_mentions(team)
    )
    count = len(found)
    return Message(
        title=f"{config.course.name}: readings for {span}",
        kind="digest",
        description=f"{count} session{'s' if count != 1 else ''} in week {week}. Required readings first; "
        "each session page has the rest.",
        sections=sections,
        mentions=mentions,
        key=key,
        footer=key,
    )


def reminder_due(session: Session, config: CourseConfig) -> dt.datetime | None:
    """When the reminder for ``session`` falls due (``schedule.reminder_hours`` before it starts), or None:
    no date, not a class meeting, or reminders turned off."""
    return reminder_due_on(session.date, session.meeting, config)


def reminder_due_on(day: dt.date | None, meeting: bool, config: CourseConfig) -> dt.datetime | None:
    """:func:`reminder_due` of a session dated ``day`` that is a class meeting or not (``meeting``): what it
    needs of the session, so the reminder times are planned from two columns, not decoded sessions."""
    hours = config.schedule.reminder_hours
    start = meeting_start(day, config)
    if not hours or start is None or not meeting:
        return None
    # subtract in UTC: "24 hours before" is 24 real hours, also across a daylight-saving change
    return to_course_tz(start.astimezone(dt.UTC) - dt.timedelta(hours=hours), config)


def live_reminders(sessions: Iterable[Session], at: dt.datetime, config: CourseConfig) -> list[Message]:
    """The reminders live at ``at``: due at or before it, for sessions that have not started yet."""
    at = to_course_tz(at, config)
    found = []
    for session in sessions:
        due, start = reminder_due(session, config), session_start(session, config)
        if due is not None and start is not None and due <= at < start:
            found.append((start, session.slug, session))
    found.sort(key=lambda item: item[:2])
    return [compose_reminder(session, config=config) for _, _, session in found]


def is_empty_digest(message: Message) -> bool:
    """True for the digest :func:`compose_digest` returns when no session falls in its window."""
    return message.kind == "digest" and not message.sections


def compose_reminder(session: Session, *, config: CourseConfig, key: str | None = None) -> Message:
    """The reminder to the teams responsible for ``session``, naming their members; ``key``: its ledger key
    (default :func:`reminder_key` of its slug)."""
    start = session_start(session, config)
    assignments = _assignments(session, config)
    when = format_moment(start) if start is not None else "no date yet"
    key = key or reminder_key(session.slug)
    if assignments:
        who = "; ".join(f"{item.label}: {item.value}" for item in assignments)
        description = f"{who}. Please get ready for this session."
    else:
        description = "No team is assigned to this session in its post."
    mentions = _unique(m for item in assignments for team in item.teams for m in _team_mentions(team))
    return Message(
        title=f"Reminder: {session.display_name} ({when})",
        kind="reminder",
        description=description,
        url=session.url,
        sections=(_session_section(session, start, config),),
        mentions=mentions,
        key=key,
        footer=key,
    )
