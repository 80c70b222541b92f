"""Site commands: ``coursebot sync | sessions | readings | team | schedule | search | check``.

Each command reads ``--config`` (default ``config/course.toml``), with ``--site`` overriding the course
site, and (except ``check``) first syncs the cache incrementally, which is cheap when nothing changed.

The cache file (``--db``): when not given, ``$COURSEBOT_DB`` if set, else one file per site under the
user's cache directory (``$XDG_CACHE_HOME/coursebot`` or ``~/.cache/coursebot``), named after the site
folder and a hash of its absolute path, so two sites never share a cache.

Output is rich tables for people on a terminal, plain tab-separated text with whole URLs when stdout is a
pipe or a file (:mod:`bot.cli.tables`), or JSON with ``--json``. A ``readings`` query naming several sessions
lists them (date, slug, title) on stderr and exits with code 2, as the console asks to pick one. Errors (bad configuration, missing site,
unknown session or role) print one line on stderr and exit with code 2; ``check`` exits 1 when it finds
an error in the site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import app
from bot.cli.common import (
    BranchOpt, CliError, ConfigOpt, DbOpt, JsonOpt, RepoOpt, SiteOpt, checkout, course_config, print_json, process_clock,
    run_async,
    course_store, synced_store,
)
from bot.cli.tables import Grid, problem_line, terminal_text
from bot.cli.answers import one_session, readings_command, when
from bot.cli.warm import inputs

if TYPE_CHECKING:
    from bot.config import CourseConfig
    from bot.course.models import Problem

TodayOpt = Annotated[
    str | None,
    typer.Option("--today", "--now", help="Pretend it is this day or moment (2024-02-27, or 2024-02-27T15:00 in course "
                 "time) for 'upcoming'.", show_default=False),
]


MAX_COUNT = 10_000  # --count: more sessions than any course has
TODAY_OPTION = "--now/--today"


def _today(value: str | None, cfg: CourseConfig) -> dt.datetime:
    """The moment 'now' for upcoming-session questions: ``--now``/``--today`` (a day means its start, in course
    time); the configuration ``cfg`` was read at it too (relative calendar dates, as digest and run do)."""
    from bot.services.clock import parse_moment

    if value is None:
        return process_clock(None, cfg)()  # $COURSEBOT_NOW if set, else the real time
    try:
        return parse_moment(value, cfg.course.tz, what=TODAY_OPTION)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _problem_lines(problems: list[Problem]) -> Iterator[str]:
    for problem in problems:
        yield problem_line(problem)  # file names with control characters escaped, never sent raw


# -- commands -------------------------------------------------------------------------------------------


@app.command()
def sync(
    site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False,
    repo: RepoOpt = None, branch: BranchOpt = None,
    verify: Annotated[bool, typer.Option("--verify", help="Read and hash every file, even if size and mtime match.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List warnings too, not only errors.")] = False,
    allow_removals: Annotated[bool, typer.Option(
        "--allow-removals", help="Confirm that most sessions were removed from the site on purpose.")] = False,
) -> None:
    """Read the site into the cache (incremental: unchanged files are not parsed again). With --repo (or
    course.repo) the repository is fetched first and each session's commit is recorded. A sync that would
    remove most sessions keeps them (and says so) until --allow-removals confirms it."""
    from bot.cli.base import sync_command

    sync_command(site=site, config=config, db=db, as_json=as_json, repo=repo, branch=branch, verify=verify,
                 verbose=verbose, allow_removals=allow_removals)


@app.command()
def sessions(site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List every session: date, slug, lecture, title, teams, number of readings."""

    async def work() -> None:
        warm = inputs(config, site, db)  # the cache may hold what a sync would leave: then no sync
        cfg = course_config(config, site)
        async with course_store(cfg, db, warm=warm) as (store, cfg):
            found = await store.all_sessions()
        if as_json:
            print_json({"sessions": [s.to_json() for s in found]})
            return
        table = Grid(f"{cfg.course.name}: {len(found)} sessions",
                     ("date", "slug", "lecture", "title", *cfg.role_names.values(), "readings"))
        for s in found:
            table.add_row(when(s, cfg), s.slug, s.lecture, s.title, *(s.roles.get(key, "") for key in cfg.role_names),
                          len(s.readings))
        table.print()

    run_async(work)


@app.command()
def readings(
    query: Annotated[str, typer.Argument(help="Session slug, lecture id, or (part of) a title.", metavar="QUERY")],
    site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """The readings of the session QUERY names. When it names several: their list, and exit code 2."""
    readings_command(query, site=site, config=config, db=db, as_json=as_json)


@app.command()
def team(
    role: Annotated[str, typer.Argument(help="A role key (e.g. notes) or its label (e.g. 'Blog team').", metavar="ROLE")],
    session: Annotated[str | None, typer.Option("--session", help="Only this session (slug, lecture or title).",
                                                show_default=False)] = None,
    count: Annotated[int, typer.Option("--count", min=1, max=MAX_COUNT, help="How many upcoming sessions.")] = 5,
    today: TodayOpt = None,
    site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Who holds ROLE in the upcoming sessions (or in --session): team id and members."""
    from bot.services.lookups import Lookups
    from bot.services.teams import members_of

    async def work() -> None:
        # no sync when the cache holds what one would leave (not with --now: the configuration is read then)
        warm = inputs(config, site, db) if today is None else None
        cfg = course_config(config, site, now=today, now_option=TODAY_OPTION)  # relative dates: read at --now
        now = _today(today, cfg)
        async with course_store(cfg, db, warm=warm) as (store, cfg):
            lookups = Lookups(store, cfg, clock=lambda: now)
            key = lookups.role_key(role)
            if key is None:
                known = ", ".join(f"{k} ({label})" for k, label in cfg.role_names.items()) or "none configured"
                raise CliError(f"unknown role {role!r}; roles: {known}")
            if session is not None:
                chosen = [await one_session(store, session, cfg, as_json=as_json)]
            else:
                chosen = await lookups.upcoming_sessions(count)
        rows = []
        for s in chosen:
            team_id = s.roles.get(key)
            rows.append((s, team_id, [m.name for m in members_of(cfg, team_id)] if team_id else []))
        if as_json:
            print_json({
                "role": key, "label": cfg.role_label(key),
                "sessions": [{"slug": s.slug, "title": s.title, "date": s.date.isoformat() if s.date else None,
                              "team": team_id, "members": members} for s, team_id, members in rows],
            })
            return
        if not rows:
            typer.echo("No upcoming sessions.")
            return
        table = Grid(f"{cfg.role_label(key)} ({key})", ("date", "session", "team", "members"))
        for s, team_id, members in rows:
            table.add_row(when(s, cfg), f"{s.slug} · {s.display_name}", team_id or "not assigned", ", ".join(members))
        table.print()

    run_async(work)


@app.command()
def schedule(
    count: Annotated[int, typer.Option("--count", min=1, max=MAX_COUNT, help="How many upcoming sessions.")] = 10,
    today: TodayOpt = None,
    site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """The next sessions: date and time, title, page and teams."""
    from bot.services.lookups import Lookups
    from bot.services.times import session_start

    async def work() -> None:
        # no sync when the cache holds what one would leave (not with --now: the configuration is read then)
        warm = inputs(config, site, db) if today is None else None
        cfg = course_config(config, site, now=today, now_option=TODAY_OPTION)  # relative dates: read at --now
        now = _today(today, cfg)
        async with course_store(cfg, db, warm=warm) as (store, cfg):
            coming = await Lookups(store, cfg, clock=lambda: now).upcoming_sessions(count)
        if as_json:
            print_json({"sessions": [
                {**s.to_json(), "start": start.isoformat() if (start := session_start(s, cfg)) else None}
                for s in coming
            ]})
            return
        if not coming:
            typer.echo("No upcoming sessions.")
            return
        table = Grid(f"{cfg.course.name}: next {len(coming)} sessions",
                     ("when", "slug", "title", *cfg.role_names.values(), "page"), fold=("page",))
        for s in coming:
            table.add_row(when(s, cfg), s.slug, s.display_name, *(s.roles.get(k, "") for k in cfg.role_names), s.url or "")
        table.print()

    run_async(work)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find in reading titles and abstracts.", metavar="TEXT")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="Most hits.")] = 20,
    site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Full-text search over the readings of every session."""

    async def work() -> None:
        warm = inputs(config, site, db)  # the cache may hold what a sync would leave: then no sync
        cfg = course_config(config, site, named=False)
        async with synced_store(cfg, db, warm=warm) as (store, _):
            hits = await store.search(text, limit=limit)
        if as_json:
            print_json({"hits": [
                {"slug": h.slug, "session_title": h.session_title, "date": h.date.isoformat() if h.date else None,
                 "reading": h.reading.to_json(), "snippet": h.snippet} for h in hits
            ]})
            return
        if not hits:
            typer.echo(f"No readings match {text!r}.")
            return
        table = Grid(f"{len(hits)} readings matching {text!r}", ("session", "reading", "link", "snippet"), fold=("link",))
        for h in hits:
            table.add_row(f"{h.slug} · {h.session_title}", h.reading.title, h.reading.urls[0] if h.reading.urls else "",
                          h.snippet)
        table.print()

    run_async(work)


FormatOpt = Annotated[
    str, typer.Option("--format", help="text (FILE:LINE: severity: what), json, or github (workflow annotations).")
]


def _github_escape(text: str, *, prop: bool = False) -> str:
    """Escape for a GitHub workflow command (``%``, newlines; in properties also ``:`` and ``,``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_annotations(problems: list[Problem], *, prefix: str = "") -> Iterator[str]:
    """``::error file=F,line=L::message`` per problem (``prefix``: the site's folder in the repository)."""
    for p in problems:
        path = f"{prefix.strip('/')}/{p.file}" if prefix.strip("/") else p.file
        yield (f"::{p.severity} file={terminal_text(_github_escape(path, prop=True))},line={max(1, p.line)},"
               f"title={_github_escape('coursebot check', prop=True)}::{terminal_text(_github_escape(p.message))}")


def check_summary(problems: list[Problem], sessions: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'s' if count != 1 else ''}"

    verdict = "failed" if errors else "passed"
    where = f" in {n(files, 'file')}" if problems else ""
    return f"coursebot check {verdict}: {n(errors, 'error')}, {n(warnings, 'warning')}{where} ({n(sessions, 'session')} read)"


@app.command()
def check(
    site: SiteOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
    output: FormatOpt = "text", repo: RepoOpt = None, branch: BranchOpt = None,
    prefix: Annotated[str, typer.Option("--path-prefix", help="github format: the site's folder in the repository "
                                        "(e.g. docs), so annotations point at the right file.")] = "",
) -> None:
    """Lint the site: every problem as FILE:LINE: error|warning: what, then a summary line (on stderr for
    text). Exit 1 when there is an error. --format github prints workflow annotations for a course's CI."""
    from bot.course.check import check_site
    from bot.course.load import load_site
    from bot.course.site import SiteError

    if output not in ("text", "json", "github"):
        from bot.cli.common import fail

        fail(f"--format: expected text, json or github, got {output!r}")
    if as_json:
        output = "json"

    async def work() -> tuple[list[Problem], int]:
        cfg = await checkout(course_config(config, site, repo=repo, branch=branch, named=False), None)
        import asyncio

        try:
            loaded = await asyncio.to_thread(load_site, cfg.site_path, cfg)
        except SiteError as exc:
            raise CliError(str(exc)) from exc
        return check_site(loaded, cfg), len(loaded.sessions)

    problems, count = run_async(work)
    summary = check_summary(problems, count)
    if output == "json":
        print_json({"problems": [{"file": p.file, "line": p.line, "severity": p.severity, "message": p.message}
                                  for p in problems], "summary": summary})
    elif output == "github":
        for line in github_annotations(problems, prefix=prefix):
            typer.echo(line)
        typer.echo(summary)
    else:
        for line in _problem_lines(problems):
            typer.echo(line)
        typer.echo(summary, err=True)
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(1)
