"""What every command shares, without typer: loading the course, the cache, and turning failures into one
clear line on stderr (exit code 2) instead of a traceback. :mod:`bot.cli.common` adds the typer options and
re-exports these; a full ``coursebot sync`` with plain options runs on this module alone (:mod:`bot.cli.warm`),
without typer and the converters it builds (~0.1 s of CPU at start-up, issue 11).

The cache file (``--db``): when not given, ``$COURSEBOT_DB`` if set, else one file per site under the
user's cache directory (``$XDG_CACHE_HOME/coursebot`` or ``~/.cache/coursebot``), named after the site
folder and a hash of its absolute path, so two sites never share a cache.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

# no typer, no pydantic and no asyncio here: the configuration models are loaded by course_config, the event
# loop by run_async
from bot.cli.paths import default_db_path  # re-exported
from bot.config_source import ConfigError
from bot.redact import hide_credentials
from bot.services.clock import Clock, clock_from, parse_moment

if TYPE_CHECKING:  # the store is imported by the commands that open it (synced_store), not by --help
    from bot.cli.warm import Inputs
    from bot.config import CourseConfig
    from bot.store.warm import Unchanged
    from bot.course.models import Problem
    from bot.store.sessions import Store
    from bot.store.sync import SyncReport

T = TypeVar("T")

#: the ANSI styles click.echo takes off what it writes to a stream that is not a terminal
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def say(message: str) -> None:
    """``message`` as one line on stderr, as ``typer.echo(message, err=True)`` writes it: with typer when the
    command runs under typer, else the same way (flushed; ANSI styles taken off when stderr is no terminal)."""
    typer = sys.modules.get("typer")
    if typer is not None:
        typer.echo(message, err=True)
        return
    stream = sys.stderr
    if stream is None:
        return
    text = message + "\n"
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    stream.write(text if terminal else _ANSI.sub("", text))
    stream.flush()


#: ``coursebot run``'s log lines: when, how grave, from which logger, what
BOT_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: every other command's: as its own warnings are said on stderr (``coursebot: warning: ...``)
COMMAND_LOG_FORMAT = "coursebot: %(levelname)s: %(message)s"


class LogFormatter(logging.Formatter):
    """Log lines of coursebot: the message (which names files, slugs and paths of the site, the cache file)
    escaped as the commands' own output is (:func:`bot.cli.tables.terminal_text`), so a file name holding a
    line break or a terminal escape shows as ``\\n`` or ``\\x1b``: it never forges a log line of its own, nor
    is it obeyed by the terminal. ``lower_levels``: the level as the commands say it (``warning``, not
    ``WARNING``). A traceback after the message is Python's own, as it is."""

    def __init__(self, fmt: str, *, lower_levels: bool = False) -> None:
        super().__init__(fmt)
        self.lower_levels = lower_levels

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        from bot.cli.tables import terminal_text

        message, level = record.message, record.levelname
        record.message = terminal_text(message)
        if self.lower_levels:
            record.levelname = level.lower()
        try:
            return super().formatMessage(record)
        finally:
            record.message, record.levelname = message, level


class _StderrLog(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler writing to ``sys.stderr`` as it is when a line is logged (as Python's last-resort handler
    does), not the stream of the moment it was made."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stderr


def log_to_stderr(level: int = logging.WARNING, *, bot: bool = False) -> None:
    """This process's log lines on stderr through :class:`LogFormatter`: ``coursebot run``'s (``bot``) as
    :data:`BOT_LOG_FORMAT`, another command's as :data:`COMMAND_LOG_FORMAT`, from ``level`` up (a command's:
    warnings and worse, as Python's own last-resort handler shows them, but escaped). Called again, it
    replaces the handler it put there. Nothing when logging was set up otherwise (a test's handlers, a
    program that imports the commands): that set-up is kept."""
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if isinstance(handler, _StderrLog)]
    if len(root.handlers) > len(ours):
        return
    for handler in ours:
        root.removeHandler(handler)
    handler = _StderrLog()
    handler.setFormatter(LogFormatter(BOT_LOG_FORMAT) if bot else LogFormatter(COMMAND_LOG_FORMAT, lower_levels=True))
    root.addHandler(handler)
    root.setLevel(level)


class CliError(Exception):
    """A problem with the user's input, reported as one line on stderr (exit code 2)."""


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr (a multi-line message, e.g. several configuration errors, joined with '; '); a
    URL's credentials, wherever the message came from, are hidden (bot.redact)."""
    from bot.cli.tables import terminal_text

    lines = [" ".join(line.split()) for line in hide_credentials(message).splitlines() if line.strip()]
    text = "; ".join(lines).replace(": invalid configuration;", ": invalid configuration:")
    say(f"coursebot: {terminal_text(text)}")  # a path's control characters escaped
    raise SystemExit(code)


def run_async(work: Callable[[], Awaitable[T]], *, passthrough: tuple[type[BaseException], ...] = ()) -> T:
    """Run an async command body, turning every expected failure into a clear message and exit code 2.
    ``passthrough``: exceptions raised as they are (typer's ``Exit``, see bot.cli.common.run_async)."""
    import asyncio

    try:
        return asyncio.run(work())
    except passthrough:
        raise
    except (CliError, ConfigError) as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        fail(f"cache error: {exc}")
    except OSError as exc:
        fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:  # never show a traceback to a user; name what happened
        from bot.store.db import DatabaseError  # here: a command that never opened the cache does not load it
        from bot.store.sync import SyncError

        if isinstance(exc, (SyncError, DatabaseError)):
            fail(str(exc))
        fail(f"unexpected error ({type(exc).__name__}): {exc}")


def process_clock(now: str | None, cfg: CourseConfig) -> Clock:
    """The clock of this process: ``--now``, else ``$COURSEBOT_NOW``, else the real time."""
    try:
        return clock_from(now, cfg.course.tz)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def course_config(
    config: Path | None, site: Path | None, *, repo: str | None = None, branch: str | None = None,
    now: str | None = None, now_option: str = "--now", quiet: bool = False, named: bool = True,
) -> CourseConfig:
    """The configuration, with ``--site`` or ``--repo`` (and ``--branch``) applied. A repository's
    checkout is made later (:func:`checkout`, :func:`synced_store`).

    ``now`` (the text of ``--now`` or ``--at``, named by ``now_option``) is the moment relative calendar
    dates are read at; default the process clock (``$COURSEBOT_NOW``, else the real time). Which file is
    used, when not named by ``--config``, is said on stderr unless ``quiet``. ``named=False``: for a command
    that never shows the course name (see :func:`bot.config.load_config`)."""
    from bot.cli import imports_without_gc

    with imports_without_gc():  # the configuration models: start-up objects, kept till exit (see there)
        from pydantic import ValidationError

        from bot.config import load_config

    if repo is not None and site is not None:
        raise CliError("give either --site or --repo, not both")
    loaded = load_config(config, site=site, named=named)
    if now is not None:
        try:
            moment = parse_moment(now, loaded.course.tz, what=now_option)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        loaded = load_config(config, site=site, now=moment, named=named)
    nothing = (site is None and repo is None and not loaded.course.repo
               and loaded.source.startswith("no configuration file") and not _looks_like_a_site(loaded.site_path))
    if not quiet and config is None and not nothing:  # found, not named: say which file (an error says it below)
        from bot.cli.tables import terminal_text

        say(f"coursebot: {terminal_text(loaded.source)}")
    if site is not None and loaded.course.repo:  # an explicit folder wins over the configured repository
        loaded = loaded.model_copy(update={"course": loaded.course.model_copy(update={"repo": None, "branch": None})})
    if repo is not None or branch is not None:
        try:
            course = loaded.course.model_validate(
                {**loaded.course.model_dump(), "repo": repo or loaded.course.repo, "branch": branch}
            )
        except ValidationError as exc:
            raise CliError(f"--repo: {exc.errors()[0]['msg'].removeprefix('Value error, ')}") from None
        if course.repo is None:
            raise CliError("--branch needs --repo (or course.repo in the configuration)")
        loaded = loaded.model_copy(update={"course": course})
    if loaded.course.repo:
        return loaded
    if nothing:
        raise CliError(f"{loaded.source}: give --config FILE (or set $COURSEBOT_CONFIG) or --site DIR, "
                       "or run in a course folder (config/course.toml, coursebot.toml or a Jekyll _config.yml)")
    if not loaded.site_path.is_dir():
        from bot.course.site import site_folder_problem

        problem = site_folder_problem(loaded.site_path) or "course site folder not found"
        raise CliError(f"{loaded.site_path}: {problem} (give --site DIR or set course.site)")
    return loaded


def _looks_like_a_site(path: Path) -> bool:
    return (path / "_config.yml").is_file() or (path / "docs" / "_config.yml").is_file()


def data_dir(db: Path | None) -> Path:
    """Where repository checkouts live: beside the cache file (as for the bot), else the user cache dir."""
    if db is not None:
        return db.resolve().parent
    env = os.environ.get("COURSEBOT_DB")
    if env:
        return Path(env).expanduser().resolve().parent
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursebot"


def _git_token() -> str | None:
    from bot.config import Secrets

    token = Secrets().coursebot_git_token
    return token.get_secret_value() if token is not None else None


def _fetched(cfg: CourseConfig, git: Any, error: Exception | None) -> CourseConfig:
    """``cfg`` reading the checkout; a failed fetch is a warning while an older checkout exists."""
    head = git.head()
    if error is not None:
        if head is None:
            raise CliError(str(error))
        say(f"coursebot: warning: {error}; using the last checkout ({head[:8]})")
    return cfg.with_site(git.path)


async def checkout(cfg: CourseConfig, db: Path | None) -> CourseConfig:
    """For a configuration with a repository: fetch it and return the configuration reading the checkout."""
    if not cfg.course.repo:
        return cfg
    from bot.source.git import GitError, GitSite, checkout_dir

    git = GitSite(cfg.course.repo, checkout_dir(data_dir(db), cfg.course.repo), branch=cfg.course.branch,
                  token=_git_token())
    import asyncio

    try:
        await asyncio.to_thread(git.fetch)
    except GitError as exc:
        return _fetched(cfg, git, exc)
    return _fetched(cfg, git, None)


def stale_warnings(problems: list[Problem]) -> list[str]:
    """What a command answering from the cache says on stderr when the sync behind it did not read the whole
    site: files with errors (their last good sessions, if any, are what it shows) and sessions the removal
    guard kept (bot.store.sync._held_back). Empty when the answer is the site's as it is."""
    from bot.store.sync import HELD_BACK

    held = [p for p in problems if p.severity == "error" and p.message.startswith(HELD_BACK)]
    failed = {p.file for p in problems if p.severity == "error" and not p.message.startswith(HELD_BACK)}
    from bot.cli.tables import terminal_text

    lines = [f"coursebot: warning: {terminal_text(p.message)}" for p in held[:1]]  # it names files
    if failed:
        lines.append(f"coursebot: warning: {len(failed)} file{'s' if len(failed) != 1 else ''} of the site could not "
                     "be read (what is shown for them is their last good version, if any); run `coursebot check`")
    return lines


@asynccontextmanager
async def synced_store(
    cfg: CourseConfig, db: Path | None, *, verify: bool = False, allow_removals: bool = False,
    warm: Inputs | None = None, warn: bool = True,
) -> AsyncIterator[tuple[Store, SyncReport]]:
    """The cache for ``cfg``'s site (``db`` or the default), synced; closed on exit. A repository is
    fetched first, and the cache records the commit its sessions came from. ``warm``: the inputs of this
    ``coursebot sync`` (bot.cli.warm), recorded with the sync for the next one to find unchanged. ``warn``:
    say on stderr when the sync could not read every file or kept sessions back (:func:`stale_warnings`),
    so an answer from the cache is never silently stale or partial (``sync``, which lists the problems
    itself, says no)."""
    async with _synced_store(cfg, db, verify=verify, allow_removals=allow_removals, warm=warm) as (store, report):
        if warn:
            for line in stale_warnings(report.problems):
                say(line)
        yield store, report


@asynccontextmanager
async def course_store(
    cfg: CourseConfig, db: Path | None, *, warm: Inputs | None = None,
) -> AsyncIterator[tuple[Store, CourseConfig]]:
    """:func:`synced_store` for a command that answers from the cache: the store, and ``cfg`` with the role
    keys the site's posts use (``CourseConfig.with_site_roles``). ``warm``: as for :func:`synced_store`."""
    async with synced_store(cfg, db, warm=warm) as (store, _report):
        yield store, cfg.with_site_roles(await store.role_keys())


@asynccontextmanager
async def _synced_store(
    cfg: CourseConfig, db: Path | None, *, verify: bool, allow_removals: bool, warm: Inputs | None,
) -> AsyncIterator[tuple[Store, SyncReport]]:
    from bot.cli import imports_without_gc

    with imports_without_gc():
        from bot.store.sessions import Store
    if cfg.course.repo:
        from bot.services.follow import SiteFollower

        follower_dir = data_dir(db)
        from bot.source.git import checkout_dir

        path = db if db is not None else default_db_path(checkout_dir(follower_dir, cfg.course.repo))
        store = await Store.open(path, names_in_sql=True)  # one query: no index of every session
        try:
            follower = SiteFollower.for_config(store, cfg, data_dir=follower_dir, token=_git_token())
            assert follower.git is not None
            commit = await follower.fetch(force=True)
            outage = follower.outage
            _fetched(cfg, follower.git, RuntimeError(outage.reason) if outage is not None else None)
            report = await _sync_unless_kept(store, follower.config, path, verify=verify, commit=commit,
                                             allow_removals=allow_removals)
            yield store, report
        finally:
            await store.close()
        return
    path = db if db is not None else default_db_path(cfg.site_path)
    found = _unchanged(warm, path) if not verify else None
    store = await Store.open(path, names_in_sql=True)  # one query: no index of every session
    try:
        if found is not None:  # the cache holds what the sync would leave: nothing to read (bot.cli.warm)
            from bot.course.models import Problem
            from bot.store.sync import SyncReport

            report = SyncReport(parsed=0, unchanged=found.files, removed=0, failed=0,
                                problems=[Problem(*row) for row in found.problems], version=found.version)
        else:
            report = await _sync_unless_kept(store, cfg, path, verify=verify, allow_removals=allow_removals,
                                             warm=warm)
        yield store, report
    finally:
        await store.close()


def _unchanged(warm: Inputs | None, path: Path) -> Unchanged | None:
    """What an unchanged sync of the cache ``path`` reports, when ``warm`` (the command's inputs, worked out
    before the configuration loaded: bot.cli.warm) finds that the cache holds what a sync would leave: then
    the command answers from the cache without reading the site (or loading the site reader). None: sync."""
    if warm is None or warm.looked or Path(warm.db) != Path(path):
        return None
    return warm.unchanged()


def print_json(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


async def _sync_unless_kept(store: Store, cfg: CourseConfig, path: Path, *, verify: bool, allow_removals: bool,
                            commit: str | None = None, warm: Inputs | None = None) -> SyncReport:
    """Sync the cache, unless a running bot keeps it with another configuration (another site folder, roles,
    calendar or [site]): a command's sync would then rewrite what students are served until the bot's next
    resync. It reads what the bot serves instead, and says so on stderr. ``warm``: the inputs of this
    ``coursebot sync``, recorded with what the sync left (bot.store.warm.remember)."""
    from bot.store.ledger import InstanceLock
    from bot.store.sync import SYNC_SHAPE, SyncReport, cache_shape

    holder = await InstanceLock(store.db).live_holder()
    shape = await store.meta_get(SYNC_SHAPE) if holder is not None else None
    if holder is None or shape is None or shape == cache_shape(cfg):
        if warm is not None:
            warm.tree(cfg.site_path)  # the site folder as it is before the sync reads any of it
        report = await store.sync(cfg, verify=verify, commit=commit, allow_removals=allow_removals)
        if warm is not None:
            await warm.remember(store.db, cfg.site_path, cache_shape(cfg), report.version)
        return report
    say(f"coursebot: warning: a running bot ({holder}) keeps {path} with another configuration (site folder, "
        "roles, calendar or [site]); showing what it serves, not syncing (its configuration, or --db with "
        "another file, reads the site this way)")
    return SyncReport(parsed=0, unchanged=await store.session_count(), removed=0, failed=0,
                      problems=await store.problems(), version=await store.sessions_version())


def sync_command(
    *, site: Path | None, config: Path | None, db: Path | None, as_json: bool = False, repo: str | None = None,
    branch: str | None = None, verify: bool = False, verbose: bool = False, allow_removals: bool = False,
    warm: Inputs | None = None,
) -> None:
    """``coursebot sync``: what the command does with its options, under typer (bot.cli.site) or without it
    (bot.cli.warm.quick_sync, for plain options). ``warm``: the inputs of this sync already looked at
    (:class:`bot.cli.warm.Inputs`), else they are worked out here (not for a repository)."""
    from bot.cli.warm import NO_COMMIT, inputs, print_sync, say_unchanged

    if repo is None and branch is None:
        # the cache may hold what this sync would leave (bot.cli.warm): then that is the answer (not for --verify,
        # whose full sync records what it saw all the same)
        warm = warm or inputs(config, site, db)
        found = warm.unchanged() if warm is not None and not warm.looked and not verify else None
        if warm is not None and found is not None:
            say_unchanged(warm, found, as_json=as_json, verbose=verbose)
            return
    else:
        warm = None

    async def work() -> None:
        cfg = course_config(config, site, repo=repo, branch=branch, named=False)
        async with synced_store(cfg, db, verify=verify, allow_removals=allow_removals, warm=warm,
                                warn=False) as (store, report):
            source: object = cfg.site_path
            commit = NO_COMMIT
            if cfg.course.repo:
                commit = await store.meta_get("source_commit")
                from bot.source.git import public_url

                source = f"{public_url(cfg.course.repo)} at {commit[:8] if commit else '?'}"  # never its user:token@
            print_sync(source, parsed=report.parsed, unchanged=report.unchanged, removed=report.removed,
                       failed=report.failed, changed=report.changed, problems=report.problems, as_json=as_json,
                       verbose=verbose, commit=commit)

    run_async(work)
