"""What every command shares: the --site/--config/--db/--json options, loading the course, the cache,
and turning failures into one clear line on stderr (exit code 2) instead of a traceback.

The cache file (``--db``): when not given, ``$COURSEBOT_DB`` if set, else one file per site under the
user's cache directory (``$XDG_CACHE_HOME/coursebot`` or ``~/.cache/coursebot``), named after the site
folder and a hash of its absolute path, so two sites never share a cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from bot.config import ConfigError, CourseConfig, load_config
from bot.services.clock import Clock, clock_from
from bot.store.db import DatabaseError
from bot.store.sessions import Store
from bot.store.sync import SyncError, SyncReport

T = TypeVar("T")

SiteOpt = Annotated[
    Path | None, typer.Option("--site", help="Course site: a Jekyll site root or a folder of posts.", show_default=False)
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Course configuration (default: config/course.toml).", show_default=False)
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="Cache file (default: $COURSEBOT_DB, else a per-site file in the user cache dir).",
                 show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
NowOpt = Annotated[
    str | None,
    typer.Option("--now", help="For trials: run with the clock set to this moment, e.g. 2029-03-06T12:00 (course time "
                 "unless an offset is given); the clock then runs on. Default: $COURSEBOT_NOW, else the real time.",
                 show_default=False),
]


class CliError(Exception):
    """A problem with the user's input, reported as one line on stderr (exit code 2)."""


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr (a multi-line message, e.g. several configuration errors, joined with '; ')."""
    lines = [" ".join(line.split()) for line in message.splitlines() if line.strip()]
    text = "; ".join(lines).replace(": invalid configuration;", ": invalid configuration:")
    typer.echo(f"coursebot: {text}", err=True)
    raise typer.Exit(code)


def run_async(work: Callable[[], Awaitable[T]]) -> T:
    """Run an async command body, turning every expected failure into a clear message and exit code 2."""
    try:
        return asyncio.run(work())
    except typer.Exit:
        raise
    except (CliError, ConfigError, SyncError, DatabaseError) as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        fail(f"cache error: {exc}")
    except OSError as exc:
        fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:  # never show a traceback to a user; name what happened
        fail(f"unexpected error ({type(exc).__name__}): {exc}")


def default_db_path(site: Path) -> Path:
    """``$COURSEBOT_DB`` if set, else ``<user cache>/coursebot/<site name>-<hash of site path>.sqlite3``."""
    env = os.environ.get("COURSEBOT_DB")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursebot"
    resolved = site.resolve()
    key = hashlib.blake2b(str(resolved).encode(), digest_size=6).hexdigest()
    return base / f"{resolved.name or 'site'}-{key}.sqlite3"


def process_clock(now: str | None, cfg: CourseConfig) -> Clock:
    """The clock of this process: ``--now``, else ``$COURSEBOT_NOW``, else the real time."""
    try:
        return clock_from(now, cfg.course.tz)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def course_config(config: Path | None, site: Path | None) -> CourseConfig:
    loaded = load_config(config, site=site)
    if not loaded.site_path.is_dir():
        raise CliError(f"{loaded.site_path}: course site folder not found (give --site DIR or set course.site)")
    return loaded


@asynccontextmanager
async def synced_store(
    cfg: CourseConfig, db: Path | None, *, verify: bool = False
) -> AsyncIterator[tuple[Store, SyncReport]]:
    """The cache for ``cfg``'s site (``db`` or the default), synced; closed on exit."""
    path = db if db is not None else default_db_path(cfg.site_path)
    store = await Store.open(path)
    try:
        report = await store.sync(cfg, verify=verify)
        yield store, report
    finally:
        await store.close()


def print_json(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
