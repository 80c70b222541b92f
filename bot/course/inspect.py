"""What ``coursebot init`` finds in a course site, and the commented configuration draft it writes.

``inspect_site`` loads the site with no configuration (exactly what coursebot does by itself) and
tells, in terms staff can check against their site: which collection holds the sessions and which
documents are not sessions (and why), where the dates come from and the term's year, the front matter
keys that name people or teams, how readings are laid out, and, per session, its date, roles and
reading count; then what it could not work out (sessions without a date or without readings) and the
errors that kept files from being read.

``draft_config`` writes that down as ``course.toml`` text: every value it sets is what coursebot already
does without a configuration, so using the draft changes nothing until staff edit it; what staff may
want to change is there as comments.
"""

from __future__ import annotations

import json
import re
from calendar import month_name
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.course.dates import ACADEMIC_YEAR_START, data_schedule_day
from bot.course.days import parse_day
from bot.course.load import SiteLoad, load_site
from bot.course.models import DAY_FROM_BODY, Session
from bot.course.role_keys import DEFAULT_ROLE_KEYS
from bot.course.roles import label_for_key, role_value_parts
from bot.course.select import collection_name

NO_COLLECTION = "(the site folder)"


@dataclass(frozen=True, slots=True)
class SessionFinding:
    slug: str
    file: str
    title: str | None
    date: str | None  # ISO
    date_source: str | None  # "date:", "day: (year 2022 from _config.yml subtitle)", "schedule page index.html"
    roles: dict[str, str]
    readings: int


@dataclass(slots=True)
class Inspection:
    root: Path
    jekyll: bool
    title: str | None
    timezone: str | None = None  # the site's own _config.yml timezone
    collections: dict[str, int] = field(default_factory=dict)  # session collection -> sessions
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> documents
    skipped_files: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    year_source: str | None = None
    academic_year: bool = False  # ``year`` opens an academic year the site names ("2020-21")
    schedule_file: str | None = None
    date_sources: Counter[str] = field(default_factory=Counter)
    role_keys: Counter[str] = field(default_factory=Counter)
    role_values: Counter[str] = field(default_factory=Counter)  # the parts role values name: "team-3"
    categories: Counter[str] = field(default_factory=Counter)
    layouts: Counter[str] = field(default_factory=Counter)
    sections: Counter[str] = field(default_factory=Counter)
    sessions: list[SessionFinding] = field(default_factory=list)
    problems: int = 0
    # the errors found (FILE:LINE: error: what): posts that could not be read, a broken _config.yml
    errors: list[str] = field(default_factory=list)

    @property
    def without_date(self) -> list[SessionFinding]:
        return [s for s in self.sessions if s.date is None]

    @property
    def without_readings(self) -> list[SessionFinding]:
        return [s for s in self.sessions if not s.readings]


def inspect_site(root: Path) -> Inspection:
    """Load ``root`` as coursebot does with no configuration and describe what it found."""
    loaded = load_site(Path(root))
    return inspect_load(loaded)


def inspect_load(loaded: SiteLoad) -> Inspection:
    site = loaded.site
    found = Inspection(
        root=site.root, jekyll=site.jekyll, title=site.title, timezone=site.timezone, year=site.year, year_source=site.year_source,
        academic_year=site.academic_year,
        schedule_file=site.schedule_file, skipped_files=dict(loaded.skipped), problems=len(loaded.problems),
        errors=[str(p) for p in loaded.problems if p.severity == "error"],
    )
    for reason in loaded.skipped.values():
        found.skipped[reason] = found.skipped.get(reason, 0) + 1
    for session in loaded.sessions:
        name = session.collection or NO_COLLECTION
        found.collections[name] = found.collections.get(name, 0) + 1
        for key, value in session.roles.items():
            found.role_keys[key] += 1
            found.role_values.update(set(_role_parts(value)))
        for category in session.traits.categories:
            found.categories[category] += 1
        for layout in _layouts(session):
            found.layouts[layout] += 1
        for reading in session.readings:
            if reading.section:
                found.sections[reading.section] += 1
        source = date_source(session, loaded)
        if source:
            found.date_sources[source] += 1
        found.sessions.append(SessionFinding(
            slug=session.slug, file=session.file, title=session.title,
            date=session.date.isoformat() if session.date else None, date_source=source,
            roles=dict(session.roles), readings=len(session.readings),
        ))
    return found


def _role_parts(value: str) -> list[str]:
    """The names a role value lists, split as the configuration splits them ("team-1, team-2", "Ada and
    Alan"), short ones only (free text such as "on nlp basics" is not a team to configure)."""
    parts = [p.strip() for p in role_value_parts(value)]
    return [p for p in parts if p and len(p) <= 40 and len(p.split()) <= 3]


def date_source(session: Session, loaded: SiteLoad) -> str | None:
    """Which source gave the session its date (the order of bot/course/dates.py)."""
    if session.date is None:
        return None
    traits = session.traits
    if session.front_date is not None and session.front_date == session.date:
        return f"front matter {traits.date_source}" if traits.date_source != "file name" else "file name"
    year = f" (year from {loaded.site.year_source})" if loaded.site.year_source else ""
    day = parse_day(traits.day_text, loaded.site.language) if traits.day_text else None
    if day is not None and traits.day_source != DAY_FROM_BODY and (day.month, day.day) == (
        session.date.month, session.date.day
    ):
        if day.year is not None:  # "September 19–20, 2024": a day with its year, not a standard date
            return f"front matter {traits.day_source}"
        return f"front matter {traits.day_source} without a year{year}"
    linked = data_schedule_day(session, loaded.site) if loaded.site.data_schedule.entries else None
    linked_day = parse_day(linked, loaded.site.language) if linked else None
    if linked_day is not None and (linked_day.month, linked_day.day) == (session.date.month, session.date.day):
        shown = ", ".join(loaded.site.data_schedule.files)
        return f"schedule data {shown}" + (year if linked_day.year is None else "")
    if loaded.site.schedule_file and (day is None or traits.day_source == DAY_FROM_BODY):
        if day is None or (day.month, day.day) != (session.date.month, session.date.day):
            return f"schedule page {loaded.site.schedule_file}"
    if day is not None and traits.day_source == DAY_FROM_BODY:
        return f"first meeting day in the body{year}"
    return "configured calendar"


def _layouts(session: Session) -> set[str]:
    out: set[str] = set()
    for reading in session.readings:
        if reading.section is None:
            out.add("readings outside any section (front matter lists or unlabelled lists)")
        elif parse_day(reading.section) is not None:
            out.add("definition lists under meeting days (09/10: [Paper](url))")
        else:
            out.add("readings under section headings or lead-in lines")
    return out


# -- the draft --------------------------------------------------------------------------------------


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string: JSON's escapes are TOML's


def _comment(text: str) -> str:
    return " ".join(text.split())


def draft_config(found: Inspection) -> str:
    """The commented ``course.toml`` draft for the inspected site."""
    lines = [
        "# coursebot configuration: a draft written by `coursebot init` from what it found in the site.",
        "# Every value set here is what coursebot does on its own; edit what is wrong, then run",
        "#   coursebot check --config THIS_FILE     (and: coursebot sessions --config THIS_FILE)",
        "",
        "[course]",
        f"name = {_toml(found.title or found.root.name)}",
        f"site = {_toml(str(found.root.resolve()))}",
        (f"timezone = {_toml(found.timezone)}   # from _config.yml timezone" if found.timezone else
         'timezone = "America/New_York"   # your course\'s IANA timezone (none in _config.yml)'),
        "meeting_time = 14:00:00          # when a session starts (reminders, calendar file)",
        "duration_minutes = 75",
    ]
    if found.year is not None:
        lines.append(f"year = {found.year}                       # the term's year, for dates written without one "
                     f"(found in {_comment(found.year_source or 'the site')})")
        if found.academic_year:
            lines += _academic_year_note(found.year)
    else:
        lines.append("# year = 2026                     # the term's year, for dates written without one (none found)")
    lines += ["", "# Which documents are class sessions."]
    for name, count in sorted(found.collections.items()):
        lines.append(f"#   sessions: {count} in {name}")
    for reason, count in sorted(found.skipped.items()):
        lines.append(f"#   not sessions: {count} document{'s' if count != 1 else ''}: {_comment(reason)}")
    if found.categories:
        seen = ", ".join(f"{c} ({n})" for c, n in found.categories.most_common())
        lines.append(f"#   categories of the sessions: {_comment(seen)}")
    lines.append("[site]")
    chosen = [collection_name(c) for c in sorted(found.collections) if c != NO_COLLECTION]
    if found.jekyll and chosen:
        lines.append(f"collections = [{', '.join(_toml(c) for c in chosen)}]")
    else:
        lines.append("# collections = []   # a plain folder of posts: every markdown file is a session")
    lines.append('# categories = ["lectures"]   # keep only documents with one of these categories: values')
    lines += ["", "# Dates, by source:"]
    for source, count in found.date_sources.most_common():
        lines.append(f"#   {count} from {_comment(source)}")
    if found.without_date:
        lines.append(f"#   {len(found.without_date)} without a date: give them `date: YYYY-MM-DD`, or list meeting"
                     " days here:")
    lines += [
        "# [calendar]",
        "# dates = [2026-01-15, 2026-01-20]          # taken in session order, or:",
        "# first_day = 2026-01-13",
        "# last_day = 2026-04-30",
        '# weekdays = ["Tue", "Thu"]',
        "# skip = [2026-03-10]",
        "",
        "# Front matter keys that name a person or team for a session, and what to call them.",
    ]
    role_keys = [k for k, _ in found.role_keys.most_common()]
    if role_keys:
        lines.append("[roles]")
        for key in role_keys:
            lines.append(f"{_toml_key(key)} = {_toml(label_for_key(key))}"
                         f"   # in {found.role_keys[key]} sessions")
    else:
        known = ", ".join(sorted(DEFAULT_ROLE_KEYS)[:8])
        lines.append(f"# (none found; coursebot looks for keys such as {known}, ...)")
        lines.append("# [roles]")
        lines.append('# presenter = "Presenter"')
    lines += ["", "# Readings, by layout:"]
    for layout, count in found.layouts.most_common():
        lines.append(f"#   {count} sessions: {_comment(layout)}")
    if found.sections:
        seen = ", ".join(f"{s} ({n})" for s, n in found.sections.most_common(12))
        lines.append(f"#   sections: {_comment(seen)}")
    if found.without_readings:
        lines.append(f"#   {len(found.without_readings)} sessions without readings")
    lines += ["", *_posting_template(found), ""]
    return "\n".join(lines)


def _academic_year_note(year: int) -> list[str]:
    """What year a day written without one gets when ``year`` opens the academic year the site names
    (bot.course.dates.resolve_day): its first year from the academic year's first month on, else the next."""
    first, last = month_name[ACADEMIC_YEAR_START], month_name[ACADEMIC_YEAR_START - 1]
    return [f"#   the site names the academic year {year}-{(year + 1) % 100:02d}: a day written without a year falls in "
            f"{year} from {first} to December, in {year + 1} from January to {last}"]


def _posting_template(found: Inspection) -> list[str]:
    """What no site says: when to post, where, and who the teams are; commented out, with the defaults."""
    lines = [
        "# When to post (these are the defaults).",
        "# [schedule]",
        '# digest_cron = "0 18 * * sun"   # the weekly digest: Sundays 18:00 course time (crontab fields)',
        "# digest_days = 7                # it lists the sessions of the next 7 days",
        "# reminder_hours = 24            # remind the responsible teams this long before a session; 0 = off",
        "# resync_minutes = 10            # re-read the site this often",
        "# grace_hours = 12               # a post missed while the bot was down goes out late within this",
        "",
        "# Where to post: Discord ids (Developer Mode, then right-click: Copy ID), or Slack channel ids.",
        "# [discord]",
        "# guild_ids = [123456789012345678]",
        "# channel_id = 123456789012345678        # digests and reminders",
        "# staff_role_id = 123456789012345678     # may use /sync and /digest",
        "# staff_channel_id = 123456789012345678  # staff alerts (a post that fails to parse)",
        "# [slack]",
        '# channel = "C0123456789"',
        "",
        "# Teams: the names the role keys above take, with their members. Only the people and roles listed",
        "# here are ever mentioned; a value that is not a team here is shown as written.",
    ]
    values = sorted(((v, n) for v, n in found.role_values.items() if n >= 2), key=lambda vn: (-vn[1], natural_key(vn[0])))[:20]
    if values:
        lines.append(f"#   seen: {_comment(', '.join(f'{v} ({n})' for v, n in values))}")
    for number, (value, _) in enumerate(values or [("team-1", 0)]):
        lines += ["# [[teams]]", f"# id = {_toml(value)}"]
        if number == 0:
            lines += ['# members = [{ name = "Ada Lovelace", discord_id = 123456789012345678 }, { name = "Alan Turing" }]',
                      "# discord_role_id = 123456789012345678   # a role to mention instead of each member"]
        else:
            lines.append('# members = [{ name = "" }]')
    return lines


def natural_key(text: str) -> list[object]:
    """A sort key that puts team-2 before team-10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _toml_key(key: str) -> str:
    if key and all(c.isalnum() or c in "_-" for c in key) and key.isascii():
        return key
    return _toml(key)


def draft_path(folder: Path, name: str = "course.toml") -> Path:
    """Where the draft goes in ``folder``: ``course.toml``, else the first free ``course.draft.toml``,
    ``course.draft-2.toml``, ... (an existing file is never written over)."""
    candidate = folder / name
    if not candidate.exists():
        return candidate
    stem = Path(name).stem
    number = 1
    while True:
        suffix = ".draft.toml" if number == 1 else f".draft-{number}.toml"
        candidate = folder / f"{stem}{suffix}"
        if not candidate.exists():
            return candidate
        number += 1
