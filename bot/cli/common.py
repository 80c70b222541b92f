"""What every command shares: the --site/--config/--db/--json options (typer), and, re-exported from
:mod:`bot.cli.base` (which needs no typer), loading the course, the cache, and turning failures into one clear
line on stderr (exit code 2) instead of a traceback.

The cache file (``--db``): when not given, ``$COURSEBOT_DB`` if set, else one file per site under the
user's cache directory (``$XDG_CACHE_HOME/coursebot`` or ``~/.cache/coursebot``), named after the site
folder and a hash of its absolute path, so two sites never share a cache.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

# no pydantic and no asyncio here: an unchanged `coursebot sync` needs neither (bot.store.warm); the
# configuration models are loaded by course_config, the event loop by run_async
from bot.cli import base
from bot.cli.base import (  # re-exported: what the commands share
    CliError, checkout, course_config, course_store, data_dir, default_db_path, fail, print_json, process_clock,
    say, stale_warnings, synced_store,
)

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
RepoOpt = Annotated[
    str | None,
    typer.Option("--repo", help="Course site from a git repository URL (cloned into the cache folder, then fetched); "
                 "overrides course.repo. A private one reads its token from COURSEBOT_GIT_TOKEN.", show_default=False),
]
BranchOpt = Annotated[
    str | None, typer.Option("--branch", help="Branch of --repo (default: the remote's default branch).", show_default=False)
]


def run_async(work: Callable[[], Awaitable[T]]) -> T:
    """:func:`bot.cli.base.run_async`, letting a command's ``typer.Exit`` (its own exit code) through."""
    return base.run_async(work, passthrough=(typer.Exit,))


__all__ = [
    "BranchOpt", "CliError", "ConfigOpt", "DbOpt", "JsonOpt", "NowOpt", "RepoOpt", "SiteOpt", "checkout",
    "course_config", "course_store", "data_dir", "default_db_path", "fail", "print_json", "process_clock",
    "run_async", "say", "stale_warnings", "synced_store",
]
