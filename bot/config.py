"""Configuration: ``config/course.toml`` (course data that staff edit) and secrets from the environment.

Secrets are only ever read from environment variables, as ``SecretStr`` so that they are never printed.
Every setting has a default that works for the bundled example course in ``posts/``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.course.models import EARLIEST_DATE, LATEST_DATE, date_out_of_range

MAX_CALENDAR_DAYS = 3660  # a calendar's first_day..last_day: ten years at most

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "course.toml"
_TEAM_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file, the key and what was expected."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Model):
    name: str
    discord_id: int | None = None
    slack_id: str | None = None


class Team(_Model):
    id: str
    members: list[Member] = Field(default_factory=list)
    discord_role_id: int | None = None
    slack_group_id: str | None = None


class CalendarConfig(_Model):
    """Meeting dates, in one of two forms (or neither, to use the site's own schedule page):

    - ``dates``: meeting dates taken in session order;
    - ``first_day`` + ``last_day`` + ``weekdays`` (e.g. ["Tue", "Thu"]) with ``skip`` dates (holidays).
    """

    dates: list[dt.date] = Field(default_factory=list)
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    weekdays: list[str] = Field(default_factory=list)
    skip: list[dt.date] = Field(default_factory=list)

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: list[str]) -> list[str]:
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        out = []
        for day in value:
            key = day.strip().lower()[:3]
            if key not in names:
                raise ValueError(f"unknown weekday {day!r}; expected one of Mon, Tue, Wed, Thu, Fri, Sat, Sun")
            out.append(key)
        return out

    @field_validator("dates", "skip")
    @classmethod
    def _days_in_range(cls, value: list[dt.date]) -> list[dt.date]:
        for day in value:
            if (why := date_out_of_range(day)) is not None:
                raise ValueError(why)
        return value

    @field_validator("first_day", "last_day")
    @classmethod
    def _day_in_range(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and (why := date_out_of_range(value)) is not None:
            raise ValueError(why)
        return value

    @model_validator(mode="after")
    def _range(self) -> "CalendarConfig":
        if self.first_day and self.last_day and (self.last_day - self.first_day).days > MAX_CALENDAR_DAYS:
            raise ValueError(f"first_day to last_day spans more than {MAX_CALENDAR_DAYS} days")
        if self.weekdays and not (self.first_day and self.last_day):
            raise ValueError("weekdays needs first_day and last_day")
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise ValueError("first_day is after last_day")
        return self

    def meeting_dates(self) -> list[dt.date]:
        """Every meeting date the calendar defines, in order."""
        if self.dates:
            return sorted(self.dates)
        if not (self.first_day and self.last_day and self.weekdays):
            return []
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        wanted = {names.index(d) for d in self.weekdays}
        skip = set(self.skip)
        out, day = [], self.first_day
        while day <= self.last_day:
            if day.weekday() in wanted and day not in skip:
                out.append(day)
            day += dt.timedelta(days=1)
        return out


class CourseSection(_Model):
    name: str = "Example Seminar"
    site: Path = Path("posts")  # relative paths are relative to the project root
    # A git repository to follow instead of a local folder (see bot.source.git): cloned into the bot's data
    # folder, fetched on every resync. ``branch``: None follows the remote's default branch.
    repo: str | None = None
    branch: str | None = None
    timezone: str = "America/New_York"
    year: int | None = Field(default=None, ge=EARLIEST_DATE.year, le=LATEST_DATE.year)  # year of the schedule page's dates; else taken from _config.yml
    meeting_time: dt.time = dt.time(14, 0)
    duration_minutes: int = Field(default=75, gt=0)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}; expected an IANA name like 'America/New_York'") from exc
        return value

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not re.match(r"^(https?|file|ssh|git)://[^\s]+$", value, re.IGNORECASE):
            raise ValueError(
                f"expected a repository URL like 'https://github.com/org/site.git', got {value!r} "
                "(a local folder goes in course.site)"
            )
        if re.match(r"^https?://[^/@]*:[^/@]*@", value, re.IGNORECASE):
            raise ValueError("the URL holds a password: put the token in the COURSEBOT_GIT_TOKEN environment variable")
        return value


class ScheduleSection(_Model):
    digest_cron: str = "0 18 * * sun"  # crontab: minute hour day month day-of-week, course time
    digest_days: int = Field(default=7, gt=0)  # how far ahead a digest looks
    reminder_hours: float | None = 24  # hours before a session; null or 0 turns reminders off
    resync_minutes: float = Field(default=10, gt=0)
    grace_hours: float = Field(default=12, ge=0)  # how late a missed post may still go out

    @field_validator("digest_cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError("expected five crontab fields: minute hour day month day-of-week")
        return value


class NoticesSection(_Model):
    """Change notices after a sync (bot.services.notices) and staff alerts (bot.services.alerts)."""

    changes: bool = True  # a notice to the channel when sessions still ahead change
    debounce_minutes: float = Field(default=5, ge=0)  # a burst of pushes this close together: one notice
    remote_alert_minutes: float = Field(default=60, gt=0)  # tell staff when the repository is unreachable this long


class DiscordSection(_Model):
    guild_ids: list[int] = Field(default_factory=list)
    channel_id: int | None = None  # where digests and reminders are posted
    staff_channel_id: int | None = None  # where staff alerts go (a post that fails to parse, an unreachable remote)
    staff_role_id: int | None = None
    sync_commands: bool = True  # sync slash commands to the guilds on start


class SlackSection(_Model):
    channel: str | None = None
    staff_channel: str | None = None  # where staff alerts go
    # Who may use /sync and /digest: these Slack user ids, and (when admins_are_staff) workspace admins/owners.
    staff_user_ids: list[str] = Field(default_factory=list)
    admins_are_staff: bool = True


class SiteSection(_Model):
    """Which documents of the site are class sessions, when the automatic choice (bot/course/select.py)
    is wrong: ``collections`` keeps only these collections (``lectures``, ``_lectures`` or
    ``pages/_lectures``), ``categories`` only documents with one of these ``categories:`` values.
    Empty lists leave the choice to coursebot."""

    collections: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)

    @field_validator("collections", "categories")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        out = [v.strip() for v in value]
        if any(not v for v in out):
            raise ValueError("names must not be empty")
        return out


class CourseConfig(_Model):
    course: CourseSection = Field(default_factory=CourseSection)
    calendar: CalendarConfig = Field(default_factory=CalendarConfig)
    roles: dict[str, str] = Field(default_factory=lambda: {"notes": "Blog team", "video": "Reading team"})
    site: SiteSection = Field(default_factory=SiteSection)
    teams: list[Team] = Field(default_factory=list)
    schedule: ScheduleSection = Field(default_factory=ScheduleSection)
    notices: NoticesSection = Field(default_factory=NoticesSection)
    discord: DiscordSection = Field(default_factory=DiscordSection)
    slack: SlackSection = Field(default_factory=SlackSection)
    base_dir: Path = Field(default=PROJECT_ROOT, exclude=True)

    @property
    def site_path(self) -> Path:
        site = self.course.site
        return site if site.is_absolute() else (self.base_dir / site)

    def with_site(self, site: Path) -> CourseConfig:
        """This configuration reading the site from ``site`` (e.g. the checkout of ``course.repo``)."""
        return self.model_copy(update={"course": self.course.model_copy(update={"site": Path(site)})})

    def team(self, team_id: str) -> Team | None:
        key = team_id.strip().lower()
        for team in self.teams:
            if team.id.lower() == key:
                return team
        return None

    def teams_in(self, value: str) -> tuple[Team, ...]:
        """The configured teams a role value names (``team-3``, ``team-1, team-2``, ``team-1 and team-2``);
        parts that are not configured teams (``instructor``, free text) name none."""
        teams: list[Team] = []
        for part in _TEAM_SEPARATORS.split(value):
            team = self.team(part) if part else None
            if team is not None and team not in teams:
                teams.append(team)
        return tuple(teams)

    def role_label(self, key: str) -> str:
        return self.roles.get(key, key)


def _format_validation_error(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: invalid configuration"]
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  {where}: {err['msg']} (got {err.get('input')!r})")
    return "\n".join(lines)


def load_config(path: Path | None = None, *, site: Path | None = None) -> CourseConfig:
    """Load ``course.toml``; a missing default file gives the defaults. ``site`` overrides ``course.site``.

    Without an explicit ``path``, the default file is used only for the site it names: ``--site`` pointing
    at another course gets the defaults, not the example course's calendar and teams."""
    explicit = path is not None
    path = Path(path) if path is not None else DEFAULT_CONFIG
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        base_dir = path.resolve().parent
        # config/course.toml sits in config/: site paths are relative to the project (its parent)
        if base_dir.name == "config":
            base_dir = base_dir.parent
        data["base_dir"] = base_dir
    elif explicit:
        raise ConfigError(f"{path}: configuration file not found")
    try:
        config = CourseConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(path, exc)) from exc
    if site is not None:
        site = Path(site).resolve()
        if not explicit and site != config.site_path.resolve():
            # The default file describes its own course (calendar, teams); another site gets the defaults.
            config = CourseConfig()
        config = config.model_copy(update={"course": config.course.model_copy(update={"site": site})})
    return config


def __getattr__(name: str) -> Any:
    """``Secrets`` lives in :mod:`bot.settings` (pydantic-settings is imported only by commands that read
    tokens); ``from bot.config import Secrets`` still works."""
    if name == "Secrets":
        from bot.settings import Secrets

        return Secrets
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
