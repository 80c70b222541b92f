"""Configuration: ``course.toml`` (course data that staff edit) and secrets from the environment.

Which file (:func:`find_config`): ``--config``, else ``$COURSEBOT_CONFIG``, else ``./config/course.toml`` or
``./coursebot.toml`` in the working folder, else the bundled example (``config/course.toml`` of the project)
when run from inside the project folder; else none (the defaults, for ``--site`` or a site in the working
folder).

Secrets are only ever read from environment variables, as ``SecretStr`` so that they are never printed.

Mistakes are caught when the file is loaded (``coursebot check`` and every start), each naming its key and
what was expected: crontab fields as APScheduler reads them, hours and days within bounds (never infinite,
never so large the date arithmetic overflows), Discord ids that are snowflakes, team ids unique ignoring case,
calendar dates in a sane range.

Calendar dates may be relative to the day the configuration is loaded (``"today - 2 weeks"``), read on the
process clock (``--now`` / ``$COURSEBOT_NOW`` for trials) in the course timezone: the bundled example uses it
to stay mid-term whatever the date.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.config_source import (  # re-exported: which file, and its TOML, need no pydantic
    CONFIG_ENV,
    DEFAULT_TIMEZONE,
    EXAMPLE_CONFIG,
    LOCAL_CONFIGS,
    PROJECT_ROOT,
    ConfigError,
    ConfigSource,
    find_config,
    read_config,
    site_in,
    timezone_of,
)
from bot.course.models import EARLIEST_DATE, LATEST_DATE, date_out_of_range
from bot.course.roles import ROLE_VALUE_SEPARATORS, label_for_key, role_value_parts
from bot.course.text import clean_text
from bot.redact import hide_credentials

MAX_CALENDAR_DAYS = 3660  # a calendar's first_day..last_day: ten years at most

DEFAULT_CONFIG = EXAMPLE_CONFIG  # kept for callers that name it

#: Every date the configuration gives (or resolves to) lies in the range the bot accepts anywhere.
MIN_DATE, MAX_DATE = EARLIEST_DATE, LATEST_DATE
_RELATIVE = re.compile(
    r"^(today|first_day|\d{4}-\d{2}-\d{2})\s*(?:([+-])\s*(\d{1,5})\s*(d|days?|w|weeks?))?$", re.IGNORECASE
)
_DATE_FORMS = "a date like 2027-01-12, or 'today - 2 weeks', 'first_day + 15 weeks', '2027-01-12 + 10 days'"


def _snowflake(value: int, info: ValidationInfo) -> int:
    """Discord ids are positive 64-bit integers; in a configuration file (context ``from_file``) also
    Discord-shaped: a snowflake carries its creation time in its top bits, so a real one has 17 to 20 digits
    (a shorter number is a typo or another kind of id)."""
    from_file = isinstance(info.context, dict) and info.context.get("from_file")
    low = 10**16 if from_file else 1
    if not low <= value < (1 << 64):
        raise ValueError(
            f"{value} is not a Discord id (a snowflake of 17 to 20 digits: enable Developer Mode, right-click, Copy ID)"
        )
    return value


#: A Discord id (guild, channel, role or user): a snowflake.
Snowflake = Annotated[int, AfterValidator(_snowflake)]


#: Text shown to readers (the course name, people's names, role labels): one line, without control or
#: direction characters (bot.course.text.clean_text), as post text is; a newline or terminal escape in a
#: course name reached every digest title.
DisplayText = Annotated[str, AfterValidator(clean_text)]


def _no_items() -> list[Any]:
    """A new empty list, the default of the list fields. Not ``default_factory=list``: pydantic asks for the
    factory's signature, and for a builtin type ``inspect`` tokenizes its text signature, compiling tokenize's
    regular expressions (~10 ms on every start of every command, tests/test_config_startup.py)."""
    return []


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Member(_Model):
    name: DisplayText
    discord_id: Snowflake | None = None
    slack_id: str | None = None


class Team(_Model):
    id: str = Field(min_length=1)
    members: list[Member] = Field(default_factory=_no_items)
    discord_role_id: Snowflake | None = None
    slack_group_id: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        """An id a post can name: posts name teams as ``notes: team-1, team-2`` (see teams_in), so an id
        that is blank, spans lines or holds control characters, or holds a separator (``,`` ``;`` ``&``
        ``and``) could never match one."""
        value = value.strip()
        if not value:
            raise ValueError("a team id cannot be blank")
        if clean_text(value) != value:
            raise ValueError(f"a team id is one line of visible text; got {value!r}")
        if ROLE_VALUE_SEPARATORS.split(value) != [value]:
            raise ValueError(f"team id {value!r} holds a separator (',', ';', '&' or 'and'): posts could never name it")
        return value


def resolve_date(value: Any, today: dt.date | None, first_day: dt.date | None = None) -> Any:
    """A calendar date as written: a date, or ``BASE [+|- N days|weeks]`` where BASE is ``today`` (the day
    the configuration is loaded), ``first_day`` (the calendar's, for the other keys) or a date. Anything
    else is returned as is for pydantic to reject with its own message."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value
    match = _RELATIVE.match(value.strip())
    if match is None:
        raise ValueError(f"expected {_DATE_FORMS}; got {value!r}")
    base_name, sign, number, unit = match.groups()
    base_name = base_name.lower()
    if base_name == "today":
        if today is None:
            raise ValueError(f"{value!r}: a date relative to today needs the clock (load the file with load_config)")
        base = today
    elif base_name == "first_day":
        if first_day is None:
            raise ValueError(f"{value!r}: first_day is not set (or is itself relative to first_day)")
        base = first_day
    else:
        try:
            base = dt.date.fromisoformat(base_name)
        except ValueError:
            raise ValueError(f"{value!r}: {base_name} is not a date") from None
    days = int(number or 0) * (7 if unit and unit.lower().startswith("w") else 1)
    try:
        return base + dt.timedelta(days=-days if sign == "-" else days)
    except OverflowError:
        raise ValueError(f"{value!r} is out of range (expected a date between {MIN_DATE} and {MAX_DATE})") from None


def _in_range(day: dt.date) -> dt.date:
    if (why := date_out_of_range(day)) is not None:
        raise ValueError(why)
    return day


#: A calendar date: in the range the bot accepts.
CalendarDate = Annotated[dt.date, AfterValidator(_in_range)]


class CalendarConfig(_Model):
    """Meeting dates, in one of two forms (or neither, to use the site's own schedule page):

    - ``dates``: meeting dates taken in session order;
    - ``first_day`` + ``last_day`` + ``weekdays`` (e.g. ["Tue", "Thu"]) with ``skip`` dates (holidays).

    Each date is a date (``2027-01-12``) or relative (:func:`resolve_date`): to the term,
    ``"first_day + 15 weeks"`` (in ``last_day``, ``skip``, ``dates``), or to the day the configuration is
    loaded, in the course timezone, ``"today - 2 weeks"`` (the day comes from the validation context
    ``today``, which :func:`load_config` sets from the process clock; for demos and trials: the term then
    moves with the day the bot starts).
    """

    first_day: CalendarDate | None = None
    last_day: CalendarDate | None = None
    weekdays: list[str] = Field(default_factory=_no_items)
    skip: list[CalendarDate] = Field(default_factory=_no_items)
    dates: list[CalendarDate] = Field(default_factory=_no_items)

    @field_validator("first_day", mode="before")
    @classmethod
    def _relative_first_day(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and value.strip().lower().startswith("first_day"):
            raise ValueError(f"{value!r}: first_day cannot be relative to itself")
        return resolve_date(value, _context_today(info))

    @field_validator("last_day", mode="before")
    @classmethod
    def _relative_day(cls, value: Any, info: ValidationInfo) -> Any:
        return resolve_date(value, _context_today(info), info.data.get("first_day"))

    @field_validator("dates", "skip", mode="before")
    @classmethod
    def _relative_days(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, list):
            return value
        today, first = _context_today(info), info.data.get("first_day")
        return [resolve_date(item, today, first) for item in value]

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

    @model_validator(mode="after")
    def _range(self) -> "CalendarConfig":
        if self.first_day and self.last_day and (self.last_day - self.first_day).days > MAX_CALENDAR_DAYS:
            raise ValueError(f"first_day to last_day spans more than {MAX_CALENDAR_DAYS} days")
        if self.weekdays and not (self.first_day and self.last_day):
            raise ValueError("weekdays needs first_day and last_day")
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise ValueError(f"first_day ({self.first_day}) is after last_day ({self.last_day})")
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


def _context_today(info: ValidationInfo) -> dt.date | None:
    context = info.context if isinstance(info.context, dict) else {}
    today = context.get("today")
    return today if isinstance(today, dt.date) else None


class CourseSection(_Model):
    name: DisplayText = ""  # empty: the site's own title (_config.yml ``title``), else the site folder's name
    site: Path = Path(".")  # relative to the folder of the configuration (its parent, for config/course.toml)
    # A git repository to follow instead of a local folder (see bot.source.git): cloned into the bot's data
    # folder, fetched on every resync. ``branch``: None follows the remote's default branch.
    repo: str | None = None
    branch: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    year: int | None = Field(default=None, ge=EARLIEST_DATE.year, le=LATEST_DATE.year)  # year of the schedule page's dates; else taken from _config.yml
    meeting_time: dt.time = dt.time(14, 0)
    duration_minutes: int = Field(default=75, gt=0, le=24 * 60)

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
                f"expected a repository URL like 'https://github.com/org/site.git', got {hide_credentials(repr(value))} "
                "(a local folder goes in course.site)"
            )
        if re.match(r"^https?://[^/@]*:[^/@]*@", value, re.IGNORECASE):
            raise ValueError("the URL holds a password: put the token in the COURSEBOT_GIT_TOKEN environment variable")
        return value


DEFAULT_DIGEST_CRON = "0 18 * * sun"  # Sundays 18:00, course time


class ScheduleSection(_Model):
    digest_cron: str = DEFAULT_DIGEST_CRON  # crontab: minute hour day month day-of-week, course time
    digest_days: int = Field(default=7, gt=0, le=366)  # how far ahead a digest looks
    reminder_hours: float | None = Field(default=24, le=24 * 366)  # hours before a session; null or 0: off
    resync_minutes: float = Field(default=10, gt=0, le=7 * 24 * 60)
    # a resync looks only where the file watcher or the commit says something changed; this often it looks at
    # every file anyway (the safety net)
    full_scan_minutes: float = Field(default=60, gt=0, le=7 * 24 * 60)
    grace_hours: float = Field(default=12, ge=0, le=24 * 366)  # how late a missed post may still go out

    @field_validator("digest_cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        """Read as the scheduler reads it (APScheduler's own crontab parser), so every mistake shows here.
        The default is known to parse (a test reads it), which spares every command importing APScheduler."""
        if value == DEFAULT_DIGEST_CRON:
            return value
        from bot.services.cron import digest_trigger_for  # the one translation of crontab to APScheduler

        try:
            trigger = digest_trigger_for(value, dt.UTC)
        except ValueError as exc:
            message = str(exc).removeprefix(f"digest_cron {value!r}: ")
            raise ValueError(f"{message}; expected five crontab fields: minute (0-59) hour (0-23) day (1-31) "
                             "month (1-12) day-of-week (0-7 or sun..sat), e.g. '0 18 * * sun'") from None
        if trigger.get_next_fire_time(None, dt.datetime(2000, 1, 1, tzinfo=dt.UTC)) is None:
            raise ValueError("this schedule never fires (no such date)")
        return value

    @field_validator("reminder_hours")
    @classmethod
    def _reminder_hours(cls, value: float | None) -> float | None:
        if value is not None and value < 0:
            raise ValueError("expected hours before a session (0 or null turns reminders off), not a negative number")
        return value


class NoticesSection(_Model):
    """Change notices after a sync (bot.services.notices) and staff alerts (bot.services.alerts)."""

    changes: bool = True  # a notice to the channel when sessions still ahead change
    debounce_minutes: float = Field(default=5, ge=0, le=24 * 60)  # a burst of pushes this close together: one notice
    remote_alert_minutes: float = Field(default=60, gt=0, le=366 * 24 * 60)  # tell staff when the repository is unreachable this long


class DiscordSection(_Model):
    guild_ids: list[Snowflake] = Field(default_factory=_no_items)
    channel_id: Snowflake | None = None  # where digests and reminders are posted
    staff_channel_id: Snowflake | None = None  # where staff alerts go (a post that fails to parse, an unreachable remote)
    staff_role_id: Snowflake | None = None
    sync_commands: bool = True  # sync slash commands to the guilds on start


class SlackSection(_Model):
    channel: str | None = None
    staff_channel: str | None = None  # where staff alerts go
    # Who may use /sync and /digest: these Slack user ids, and (when admins_are_staff) workspace admins/owners.
    staff_user_ids: list[str] = Field(default_factory=_no_items)
    admins_are_staff: bool = True


class SiteSection(_Model):
    """Which documents of the site are class sessions, when the automatic choice (bot/course/select.py)
    is wrong: ``collections`` keeps only these collections (``lectures``, ``_lectures`` or
    ``pages/_lectures``), ``categories`` only documents with one of these ``categories:`` values.
    Empty lists leave the choice to coursebot."""

    collections: list[str] = Field(default_factory=_no_items)
    categories: list[str] = Field(default_factory=_no_items)

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
    roles: dict[str, DisplayText] = Field(default_factory=lambda: {"notes": "Blog team", "video": "Reading team"})
    site: SiteSection = Field(default_factory=SiteSection)
    teams: list[Team] = Field(default_factory=_no_items)
    schedule: ScheduleSection = Field(default_factory=ScheduleSection)
    notices: NoticesSection = Field(default_factory=NoticesSection)
    discord: DiscordSection = Field(default_factory=DiscordSection)
    slack: SlackSection = Field(default_factory=SlackSection)
    base_dir: Path = Field(default=PROJECT_ROOT, exclude=True)
    # course.name was not set: it follows the site's title (re-read by with_site)
    named_by_site: bool = Field(default=False, exclude=True)
    # [roles] was not set: the role keys the site's sessions use, with labels (set by with_site_roles)
    site_roles: dict[str, str] | None = Field(default=None, exclude=True)
    source: str = Field(default="", exclude=True)  # which file, and why (ConfigSource.describe)

    @model_validator(mode="before")
    @classmethod
    def _today(cls, data: Any, info: ValidationInfo) -> Any:
        """Put the course's calendar day at the context's ``now`` into the context, for relative dates."""
        if isinstance(info.context, dict) and isinstance(now := info.context.get("now"), dt.datetime):
            course = data.get("course") if isinstance(data, dict) else None
            name = course.get("timezone") if isinstance(course, dict) else None
            try:
                tz = zoneinfo.ZoneInfo(name) if isinstance(name, str) else zoneinfo.ZoneInfo(CourseSection().timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                tz = dt.UTC  # course.timezone reports the mistake
            info.context.setdefault("today", now.astimezone(tz).date())
        return data

    @field_validator("roles")
    @classmethod
    def _roles(cls, roles: dict[str, str]) -> dict[str, str]:
        """A role key is the front matter key posts name a team under (``notes: team-3``) and its label the
        name people see for it: an empty or blank key could never be written in a post, and an empty label
        (blank, or nothing left once control characters are dropped) left a role with no name in digests and
        ``/team``."""
        for key, label in roles.items():
            if not key.strip():
                raise ValueError(f"a role key cannot be empty (got {key!r} = {label!r}; e.g. notes = \"Blog team\")")
            if clean_text(key) != key:
                raise ValueError(f"role key {key!r} is not one line of visible text without surrounding spaces")
            if not label:
                raise ValueError(f"role {key!r} has an empty label (the name people see, e.g. {key} = \"Blog team\")")
        return roles

    @field_validator("teams")
    @classmethod
    def _unique_teams(cls, teams: list[Team]) -> list[Team]:
        seen: dict[str, str] = {}
        for team in teams:
            key = team.id.strip().lower()
            if key in seen:
                raise ValueError(
                    f"team id {team.id!r} is given twice (as {seen[key]!r} too; ids are compared ignoring case)"
                )
            seen[key] = team.id
        return teams

    @property
    def site_path(self) -> Path:
        return site_in(self.base_dir, self.course.site)

    def with_site(self, site: Path) -> CourseConfig:
        """This configuration reading the site from ``site`` (e.g. the checkout of ``course.repo``)."""
        config = self.model_copy(update={"course": self.course.model_copy(update={"site": Path(site)})})
        return config.named() if self.named_by_site else config

    def named(self) -> CourseConfig:
        """With ``course.name`` from the site when it is not set: ``_config.yml``'s ``title``, else the site
        folder's name."""
        if self.course.name and not self.named_by_site:
            return self
        if not self.site_path.is_dir():
            return self
        name = site_title(self.site_path) or self.site_path.resolve().name or "course"
        return self.model_copy(update={"course": self.course.model_copy(update={"name": name}), "named_by_site": True})

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
        for part in role_value_parts(value):
            team = self.team(part)
            if team is not None and team not in teams:
                teams.append(team)
        return tuple(teams)

    def with_site_roles(self, keys: Sequence[str]) -> CourseConfig:
        """With ``roles`` from the role keys the site's sessions use (``keys``, most used first) when the
        configuration sets no ``[roles]``: a site with ``presented_by:`` gets a "Presented by" role in its
        digests, reminders and ``/team`` without any configuration. A configured ``[roles]`` is kept."""
        if "roles" in self.model_fields_set:
            return self
        roles = {key: label_for_key(key) for key in keys}
        return self.model_copy(update={"site_roles": roles})

    @property
    def role_names(self) -> dict[str, str]:
        """The roles people see and ask for (key -> label): ``[roles]``, else those the site uses once
        :meth:`with_site_roles` has looked. (``roles`` itself is what the parser is told, unchanged, so the
        cache is not re-parsed for it.)"""
        return self.site_roles if self.site_roles is not None else self.roles

    def role_label(self, key: str) -> str:
        return self.role_names.get(key, key)


_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")


def key_line(text: str, loc: tuple[int | str, ...]) -> int:
    """The line of ``course.toml`` that sets the key at ``loc`` (a pydantic error location such as
    ``("schedule", "digest_cron")`` or ``("teams", 1, "id")``): the key's line in its table, else the table's
    header, else 1. tomllib keeps no positions, so the file is scanned for headers and ``key =`` lines."""
    if not loc or not isinstance(loc[0], str):
        return 1
    table: tuple[int | str, ...] = (loc[0],)
    rest = loc[1:]
    if rest and isinstance(rest[0], int):  # an array of tables ([[teams]]) or a list value
        table, rest = (loc[0], rest[0]), rest[1:]
    key = next((part for part in rest if isinstance(part, str)), None)
    header_line, current, counts = 0, (), {}  # type: ignore[var-annotated]
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                current = (name, counts[name])
            else:
                current = (name,)
            if current[: len(table)] == table or (len(table) == 2 and current == table[:1]):
                header_line = header_line or number
            continue
        in_table = current == table or (len(table) == 2 and current == table[:1])
        if in_table and key is not None and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
        if not current and len(loc) == 1 and re.match(rf"^\s*{re.escape(str(loc[0]))}\s*=", line):
            return number
    if key is None and len(table) == 2 and not header_line:  # a list value such as discord.guild_ids
        return key_line(text, (str(table[0]),))
    return header_line or 1


def _format_validation_error(path: Path | str, exc: ValidationError, text: str = "") -> str:
    """One line per mistake, naming the key and its line; never a URL's credentials (bot.redact), whatever
    the key: the value is echoed, and a value may be a URL with a user name and password in it."""
    lines = [f"{path}: invalid configuration"]
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        message = err["msg"].removeprefix("Value error, ")
        line = key_line(text, tuple(err["loc"])) if text else 1
        lines.append(hide_credentials(f"  {path}:{line}: error: {where}: {message} (got {err.get('input')!r})"))
    return "\n".join(lines)


def site_title(root: Path) -> str | None:
    """The ``title`` of the Jekyll site at ``root`` (its ``_config.yml``, read as the site reader reads it: around
    lines YAML refuses, bot.course.site.config_settings), or None. Problems with the file are the site check's
    to report; here they only mean "no title"."""
    import yaml  # only when a course has no name of its own (start-up stays small)

    from bot.course.files import SiteFiles

    name = "_config.yml"
    if not os.path.lexists(Path(root) / name):  # a repository whose site is its docs/ folder (site.PAGES_SOURCE)
        name = "docs/_config.yml"
    files = SiteFiles(root)  # as the site reader: inside the site (no symlink out of it), a regular file, bounded
    try:
        if not files.is_file(name):
            return None
        raw = files.read(name, 1_000_001)
        if len(raw) > 1_000_000:
            return None
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        # read around the lines YAML refuses (or a value it cannot construct: ``date: 2024-02-30``), as the site
        # reader does (its parser only then)
        from bot.course.site import config_settings

        data = config_settings(text)
    title = data.get("title") if isinstance(data, dict) else None
    if isinstance(title, str | int | float) and not isinstance(title, bool):
        text = clean_text(str(title))  # the site author's text: no control or direction characters
        return text[:200] or None
    return None


def load_config(
    path: Path | None = None,
    *,
    site: Path | None = None,
    now: dt.datetime | None = None,
    cwd: Path | None = None,
    environ: dict[str, str] | None = None,
    named: bool = True,
) -> CourseConfig:
    """Load the configuration :func:`find_config` finds; ``site`` overrides ``course.site``.

    ``named=False``: when the file gives no ``course.name``, leave it empty rather than read the site's title
    from ``_config.yml`` (:meth:`CourseConfig.named` reads it later), for a command that never shows the name:
    the site's own read of the file is then the only one (and, when the cache knows the file, none at all).

    ``now`` is the moment relative calendar dates are resolved at (default: the process clock, which
    ``$COURSEBOT_NOW`` sets for trials). With no file found, the defaults are used, for ``site`` or else the
    working folder. The bundled example is used only for the site it names: ``--site``
    pointing at another course gets the defaults, not the example's calendar and teams."""
    source = find_config(path, cwd=cwd, environ=environ)
    here = Path.cwd() if cwd is None else Path(cwd)
    text, data = read_config(source, here)
    named_in_file = isinstance(data.get("course"), dict) and bool(str(data["course"].get("name") or "").strip())
    if now is None:
        from bot.services.clock import clock_from  # the process clock: $COURSEBOT_NOW, else the real time

        try:
            now = clock_from(None, timezone_of(data), environ=environ)()
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    where = source.path if source.path is not None else "configuration"
    try:
        config = CourseConfig.model_validate(data, context={"now": now, "from_file": source.path is not None})
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(where, exc, text)) from exc
    if site is not None:
        site = Path(site).resolve()
        if source.path == EXAMPLE_CONFIG and path is None and site != config.site_path.resolve():
            # The bundled example describes its own course (calendar, teams); another site gets the defaults.
            config = CourseConfig(base_dir=here.resolve())
            named_in_file = False
        config = config.with_site(site)
    config = config.model_copy(update={"source": source.describe(), "named_by_site": not named_in_file})
    return config if config.course.repo or not named else config.named()


def __getattr__(name: str) -> Any:
    """``Secrets`` lives in :mod:`bot.settings` (pydantic-settings is imported only by commands that read
    tokens); ``from bot.config import Secrets`` still works."""
    if name == "Secrets":
        from bot.settings import Secrets

        return Secrets
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
