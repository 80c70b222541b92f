"""Bot commands: ``coursebot run | digest | reminders | calendar``.

``run`` starts the bot (Discord, Slack or console by the tokens in the environment; see :mod:`bot.app`).
``digest --at`` and ``reminders --at`` print what would be posted at that moment without posting;
``calendar`` writes the sessions as iCalendar to stdout. Options, the cache default and error handling are
those of the site commands (:mod:`bot.cli.site`). A second ``run`` on the same cache exits with code 3.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import app
from bot.cli.base import log_to_stderr
from bot.cli.common import (
    CliError, ConfigOpt, DbOpt, JsonOpt, NowOpt, SiteOpt, course_config, default_db_path, fail, print_json, process_clock,
    course_store, run_async,
)
from bot.cli.warm import inputs
from bot.services.clock import system_clock

if TYPE_CHECKING:  # the posting services are imported by the commands that use them (start-up stays small)
    from bot.config import CourseConfig
    from bot.services.messages import Message

EXIT_LOCKED = 3
AT_OPTION = "--now/--at"  # one option, two names: an error names both


AtOpt = Annotated[
    str | None,
    typer.Option("--at", "--now", help="The moment, e.g. 2024-02-25T18:00 (course time unless an offset is given); default now "
                 "($COURSEBOT_NOW if set).",
                 show_default=False),
]


def parse_at(value: str | None, config: CourseConfig) -> dt.datetime:
    """``--at``: ISO date-time; naive means course time; a bare date means its midnight; None means now
    (the process clock: ``$COURSEBOT_NOW`` if set, else the real time)."""
    from bot.services.clock import parse_moment
    from bot.services.times import to_course_tz

    if value is None:
        return to_course_tz(process_clock(None, config)(), config)
    try:
        return to_course_tz(parse_moment(value, config.course.tz, what=AT_OPTION), config)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _print_messages(messages: list[Message], as_json: bool, config: CourseConfig, *, key: str) -> None:
    from bot.adapters.console.render import render_console

    if as_json:
        print_json({key: [m.to_json() for m in messages]})
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for index, message in enumerate(messages):
        if index:
            sys.stdout.write("\n")
        sys.stdout.write(render_console(message, width, tz=config.course.tz) + "\n")


@app.command()
def digest(at: AtOpt = None, site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Print the reading digest that would be posted at --at (nothing is posted)."""
    from bot.services.digest import compose_digest

    async def work() -> tuple[CourseConfig, Message]:
        # no sync when the cache holds what one would leave (not with --at: the configuration is read then)
        warm = inputs(config, site, db) if at is None else None
        cfg = course_config(config, site, now=at, now_option=AT_OPTION)  # relative calendar dates: read at --at
        moment = parse_at(at, cfg)
        async with course_store(cfg, db, warm=warm) as (store, cfg):
            return cfg, compose_digest(await store.all_sessions(), at=moment, config=cfg)

    cfg, message = run_async(work)
    if as_json:
        print_json(message.to_json())
    else:
        _print_messages([message], False, cfg, key="digest")


@app.command()
def reminders(at: AtOpt = None, site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Print the reminders live at --at: due by then, for sessions not yet started (nothing is posted)."""
    from bot.services.digest import live_reminders

    async def work() -> tuple[CourseConfig, dt.datetime, list[Message]]:
        # no sync when the cache holds what one would leave (not with --at: the configuration is read then)
        warm = inputs(config, site, db) if at is None else None
        cfg = course_config(config, site, now=at, now_option=AT_OPTION)  # relative calendar dates: read at --at
        moment = parse_at(at, cfg)
        async with course_store(cfg, db, warm=warm) as (store, cfg):
            return cfg, moment, live_reminders(await store.all_sessions(), moment, cfg)

    cfg, moment, found = run_async(work)
    if not found and not as_json:
        hours = cfg.schedule.reminder_hours
        why = "reminders are off (schedule.reminder_hours)" if not hours else f"no session starts within {hours:g} h after it"
        typer.echo(f"No reminders at {moment:%Y-%m-%d %H:%M %Z}: {why}.")
        return
    _print_messages(found, as_json, cfg, key="reminders")


@app.command()
def calendar(site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None) -> None:
    """Write the sessions as an iCalendar file to stdout: coursebot calendar > course.ics"""
    from bot.services.ical import build_calendar

    async def work() -> bytes:
        warm = inputs(config, site, db)  # the cache may hold what a sync would leave: then no sync
        cfg = course_config(config, site)
        async with course_store(cfg, db, warm=warm) as (store, cfg):
            return build_calendar(await store.all_sessions(), cfg)

    data = run_async(work)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@app.command()
def run(site: SiteOpt = None, config: ConfigOpt = None, db: DbOpt = None, now: NowOpt = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug details.")] = False) -> None:
    """Run the bot: Discord with DISCORD_TOKEN, Slack with SLACK_BOT_TOKEN + SLACK_APP_TOKEN, else a console."""
    from bot.services.process import fix_malloc_thresholds, limit_malloc_arenas

    limit_malloc_arenas()  # before the threads start
    fix_malloc_thresholds()
    from bot.app import BotError, InstanceLocked, run_bot
    from bot.settings import Secrets

    log_to_stderr(logging.DEBUG if verbose else logging.INFO, bot=True)  # file names in them escaped
    for noisy in ("apscheduler", "discord", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)

    from bot.adapters.console.loop import NO_INPUT, input_impossible
    from bot.app import choose_platform

    try:
        platform = choose_platform(Secrets())
    except BotError as exc:  # a token missing: one line, no traceback
        fail(str(exc))
    if platform == "console" and input_impossible(sys.stdin):
        fail(NO_INPUT)  # exit 2 at once: no console to serve, and nothing to restart in a loop for

    async def work() -> None:
        cfg = course_config(config, site, now=now, quiet=True)
        clock = process_clock(now, cfg)
        if clock is not system_clock:
            logging.getLogger("bot.app").warning("trial clock: the bot's time starts at %s", clock().isoformat())
        path = db if db is not None else default_db_path(_source_key(cfg))
        try:
            await run_bot(cfg, Secrets(), db_path=path, clock=clock)
        except InstanceLocked as exc:
            fail(str(exc), EXIT_LOCKED)
        except BotError as exc:
            fail(str(exc))

    run_async(work)


HEALTHY_WITHIN = 90.0  # seconds: three heartbeats of the running bot (it beats every 30 s)


@app.command()
def health(
    db: DbOpt = None, site: SiteOpt = None, config: ConfigOpt = None,
    max_age: Annotated[float, typer.Option("--max-age", min=1, help="Most seconds since the last heartbeat.")] = HEALTHY_WITHIN,
) -> None:
    """Exit 0 when a bot runs on the cache (its instance-lock heartbeat is fresh), else 1 (Docker HEALTHCHECK)."""
    from bot.store.ledger import InstanceLock
    from bot.store.sessions import Store

    async def work() -> tuple[bool, str]:
        path = db if db is not None else _health_db(config, site)
        if not path.exists():
            return False, f"no cache at {path}: the bot has not started"
        store = await Store.open(path)
        try:
            holder = await InstanceLock(store.db).holder()
        finally:
            await store.close()
        if holder is None:
            return False, f"no bot holds the lock on {path}"
        age = (dt.datetime.now(dt.UTC) - holder.heartbeat_at).total_seconds()
        if age > max_age:
            return False, f"last heartbeat {age:.0f} s ago (over {max_age:g} s): {holder}"
        return True, f"ok: heartbeat {max(age, 0):.0f} s ago, {holder}"

    healthy, text = run_async(work)
    typer.echo(text, err=not healthy)
    if not healthy:
        raise typer.Exit(1)


def _health_db(config: Path | None, site: Path | None) -> Path:
    """``$COURSEBOT_DB`` when set (as in the Docker image), else the course's default cache."""
    env = os.environ.get("COURSEBOT_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path(_source_key(course_config(config, site)))


def _source_key(cfg: CourseConfig) -> Path:
    """What the default cache is named after: the site folder, or the checkout of ``course.repo`` (the bot
    clones it beside the cache file, as ``sync --repo`` does)."""
    if cfg.course.repo:
        from bot.cli.common import data_dir
        from bot.source.git import checkout_dir

        return checkout_dir(data_dir(None), cfg.course.repo)
    return cfg.site_path


__all__ = ["calendar", "digest", "health", "parse_at", "reminders", "run"]
