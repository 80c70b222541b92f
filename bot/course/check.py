"""The site linter behind ``coursebot check``: every problem as ``FILE:LINE: severity: message``."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import CourseConfig
from bot.course.load import SiteLoad
from bot.course.models import Problem, Session
from bot.course.text import drop_invisible, invisible_in

_NO_DATE = "no date (no date: in the post, calendar or schedule page)"
_NO_READINGS = "no readings (none found in the front matter or the body)"
_TEAM_ID = re.compile(r"^(team|group|grp|t)[\s_-]*\d+$", re.IGNORECASE)


def check_site(load: SiteLoad, config: CourseConfig) -> list[Problem]:
    """Parse problems (bad YAML, unreadable or binary files, missing titles, readings without links) plus
    site-wide checks: sessions without a date or without readings, duplicate lecture ids, unknown teams, one team on both
    roles. Sorted by file, then line."""
    problems = list(load.problems) + session_problems(load.sessions, config, read=reader(load.site.root))
    if not load.sessions and not load.failed:
        problems.append(no_sessions(load))
    return sorted(problems, key=lambda p: (p.file, p.line, p.severity, p.message))


def no_sessions(load: SiteLoad) -> Problem:
    """The error of a site in which no document is a class session: the bot would never say anything."""
    where = "_config.yml" if (Path(load.site.root) / "_config.yml").is_file() else "."
    others = f" ({len(load.skipped)} documents read, none of them a session)" if load.skipped else ""
    return Problem(where, 1, "error", (
        f"no sessions found in the site{others}: no post in _posts or a collection is a class session; name the "
        "collection that holds them in the configuration's [site] collections (coursebot init lists what it found)"
    ))


Reader = Callable[[str], "str | None"]


def reader(root: Path, *, max_bytes: int = 1_000_000) -> Reader:
    """Read a post's text (relative to ``root``) to point a problem at its line; None when unreadable."""

    def read(file: str) -> str | None:
        try:
            with (Path(root) / file).open("rb") as fh:
                return fh.read(max_bytes).decode("utf-8", errors="replace")
        except OSError:
            return None

    return read


def key_line(text: str | None, key: str) -> int:
    """The 1-based line of ``key:`` in the front matter of ``text`` (1 when not found)."""
    if not text:
        return 1
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return 1
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if pattern.match(line):
            return number
    return 1


def is_missing_date(problem: Problem) -> bool:
    return problem.message == _NO_DATE


def session_problems(sessions: Sequence[Session], config: CourseConfig, *, read: Reader | None = None) -> list[Problem]:
    """The checks over parsed sessions (no date, no readings, duplicate lecture ids, unknown teams, one team
    on both roles), unsorted: what ``check`` adds to the parse problems, and what staff alerts look at. With
    ``read`` (a post's text by file), an unknown team points at the line of its front matter key."""
    problems: list[Problem] = []
    by_lecture: dict[str, list[str]] = defaultdict(list)
    role_keys = list(config.roles)
    for session in sessions:
        if hidden := invisible_in(session.slug):
            problems.append(Problem(session.file, 1, "warning", (
                f"the file name holds invisible or direction-changing characters ({', '.join(hidden)}): its session "
                f"key shows as {drop_invisible(session.slug)!r} but cannot be typed so; rename the file")))
        if session.date is None and session.meeting:
            problems.append(Problem(session.file, 1, "warning", _NO_DATE))
        if not session.readings and session.meeting:
            problems.append(Problem(session.file, 1, "warning", _NO_READINGS))
        if session.lecture:
            by_lecture[session.lecture].append(session.file)
        teams_of: dict[str, list[str]] = defaultdict(list)
        for key, value in session.roles.items():
            if config.teams and _TEAM_ID.match(value) and config.team(value) is None:
                known = ", ".join(team.id for team in config.teams)
                line = key_line(read(session.file), key) if read is not None else 1
                problems.append(
                    Problem(session.file, line, "error", f"unknown team {value!r} in {key}: (known teams: {known})")
                )
            if key in role_keys and _TEAM_ID.match(value):
                teams_of[value.lower()].append(key)
        for team, keys in teams_of.items():
            if len(keys) > 1:
                problems.append(
                    Problem(session.file, 1, "warning", f"the same team {team!r} is on both roles {' and '.join(keys)}")
                )
    for lecture, files in by_lecture.items():
        if len(files) > 1:
            for file in files:
                others = ", ".join(f for f in files if f != file)
                problems.append(Problem(file, 1, "warning", f"duplicate lecture id {lecture!r} (also in {others})"))
    return problems
