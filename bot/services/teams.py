"""The people behind a role value, from the configured roster (never from post text)."""

from __future__ import annotations

from bot.config import CourseConfig, Team
from bot.services.messages import Mention


def member_mentions(team: Team) -> tuple[Mention, ...]:
    """A team's members as people to name (ids included; whether they are pinged is the message's call)."""
    return tuple(Mention(name=m.name, discord_user_id=m.discord_id, slack_user_id=m.slack_id) for m in team.members)


def members_of(config: CourseConfig, value: str) -> tuple[Mention, ...]:
    """The configured members of the team(s) a role value names (``team-3`` or ``team-1, team-2``);
    parts that are not configured teams (``instructor``, free text) name nobody."""
    return tuple(dict.fromkeys(m for team in config.teams_in(value) for m in member_mentions(team)))
