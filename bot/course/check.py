"""The site linter behind ``coursebot check``: every problem as ``FILE:LINE: severity: message``."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from bot.config import CourseConfig
from bot.course.load import SiteLoad
from bot.course.models import Problem, Session

_NO_DATE = "no date (no date: in the post, calendar or schedule page)"
_NO_READINGS = "no readings (none found in the front matter or the body)"
_TEAM_ID = re.compile(r"^(team|group|grp|t)[\s_-]*\d+$", re.IGNORECASE)


def check_site(load: SiteLoad, config: CourseConfig) -> list[Problem]:
    """Parse problems (bad YAML, unreadable or binary files, missing titles, readings without links) plus
    site-wide checks: sessions without a date or without readings, duplicate lecture ids, unknown teams, one team on both
    roles. Sorted by file, then line."""
    return sorted(list(load.problems) + session_problems(load.sessions, config),
                  key=lambda p: (p.file, p.line, p.severity, p.message))


def is_missing_date(problem: Problem) -> bool:
    return problem.message == _NO_DATE


def session_problems(sessions: Sequence[Session], config: CourseConfig) -> list[Problem]:
    """The checks over parsed sessions (no date, no readings, duplicate lecture ids, unknown teams, one team on both
    roles), unsorted: what ``check`` adds to the parse problems, and what staff alerts look at."""
    problems: list[Problem] = []
    by_lecture: dict[str, list[str]] = defaultdict(list)
    role_keys = list(config.roles)
    for session in sessions:
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
                problems.append(
                    Problem(session.file, 1, "error", f"unknown team {value!r} in {key}: (known teams: {known})")
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
