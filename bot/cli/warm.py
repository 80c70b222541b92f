"""The unchanged ``coursebot sync``: what the command's inputs are, before the configuration models load.

An unchanged sync is the cache's answer (see :mod:`bot.store.warm`, which tells and writes it with the
standard library's ``sqlite3``). What it needs from the command line is a key for everything the full sync's
configuration comes from: the configuration file :func:`bot.config.find_config` finds and its bytes, the
``--config`` and ``--site`` options, the working folder, the ``COURSEBOT_*`` environment (tokens left out),
the course day relative calendar dates are read at (``"today - 2 weeks"``, in the course timezone, on the
process clock) and the bot's own code. The same key means the same configuration, so the full sync that
recorded it (:func:`remember`) stands for this one. Loading none of pydantic, asyncio or aiosqlite, this
is ~0.1 s of CPU less than the full path on every unchanged ``coursebot sync`` (bench/index.py, row D).

Not for ``--repo`` (or ``course.repo``: the repository is fetched first), nor ``--verify`` (every file read).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config_source import ConfigError, find_config, read_config, site_in, timezone_of

if TYPE_CHECKING:
    from bot.course.models import Problem
    from bot.store.warm import Tree, Unchanged

#: environment variables left out of the key: secrets (a digest of them would be kept in the cache)
_SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD")


@dataclass(slots=True)
class Inputs:
    """The inputs of one ``coursebot sync``: their key, the cache file, and which configuration is used."""

    key: str
    db: Path
    source: str  # ConfigSource.describe(), as the full path says it on stderr
    options: tuple[Path | None, Path | None, Path | None]  # --config, --site, --db
    trees: dict[str, Tree] = field(default_factory=dict)  # site folders looked at, by path
    looked: bool = False  # unchanged() was asked already: the command need not ask again

    def tree(self, root: Path) -> Tree:
        """The print of the site folder ``root`` (looked at once per command)."""
        from bot.store.warm import tree_print

        found = self.trees.get(str(root))
        if found is None:
            found = self.trees[str(root)] = tree_print(root)
        return found

    def unchanged(self) -> Unchanged | None:
        """What the sync reports when the cache already holds what it would leave, after writing what an
        unchanged sync writes; None when the full sync must tell."""
        import sqlite3

        from bot.store.warm import unchanged

        self.looked = True
        try:
            return unchanged(self.db, self.key, self.tree)
        except (OSError, sqlite3.Error):  # whatever it is, the full sync meets it too, and says it
            return None

    async def remember(self, db: Any, site: Path, shape: str, version: str) -> bool:
        """After the full sync of ``site`` (its tree looked at before it read anything): record it."""
        from bot.store.warm import remember

        return await remember(db, self.key, self.tree(site), site=str(site), shape=shape, version=version)


def inputs(config: Path | None, site: Path | None, db: Path | None) -> Inputs | None:
    """The inputs of ``coursebot sync`` with these options, or None when the full path must run anyway (a
    repository to fetch, a configuration file that cannot be read: the full path reports it)."""
    from bot.cli.paths import default_db_path
    from bot.services.clock import clock_from

    source = find_config(config)
    here = Path.cwd()
    try:
        text, data = read_config(source, here)
    except ConfigError:
        return None
    course = data.get("course")
    course = course if isinstance(course, dict) else {}
    if site is None and str(course.get("repo") or "").strip():
        return None  # the repository is fetched first
    if site is not None:
        root = Path(site).resolve()
    else:
        raw = course.get("site", ".")
        if not isinstance(raw, str):
            return None  # the full path reports it
        root = site_in(Path(data["base_dir"]), Path(raw))  # as CourseConfig.site_path
    tz = timezone_of(data)
    try:
        today = clock_from(None, tz)().astimezone(tz).date()
    except ValueError:
        return None  # a bad $COURSEBOT_NOW: the full path reports it
    from bot.store.warm import code_print

    try:
        code = code_print()
    except OSError:
        return None
    digest = hashlib.blake2b(digest_size=16)
    environ = sorted((name, value) for name, value in os.environ.items()
                     if name.startswith("COURSEBOT_") and not any(word in name for word in _SECRET_WORDS))
    for part in ("sync 1", code, str(here), repr(config), repr(site), source.describe(), text,
                 today.isoformat(), repr(environ)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return Inputs(digest.hexdigest(), db if db is not None else default_db_path(root), source.describe(), (config, site, db))


# -- before typer ------------------------------------------------------------------------------------

#: the options of ``coursebot sync`` (bot/cli/site.py) that the command runs with without typer; any other
#: argument (``--help``, ``--repo``, ``--verify``, a typo) and typer reads the command line as always
_VALUES = {"--site": "site", "--config": "config", "--db": "db"}
_FLAGS = {"--json": "as_json", "--verbose": "verbose", "-v": "verbose", "--allow-removals": "allow_removals"}


def plain_options(args: Sequence[str], values: dict[str, str], flags: dict[str, str], *,
                  positional: Sequence[str] = ()) -> dict[str, Any] | None:
    """A command's arguments ``args`` as typer gives them to the command, when they hold only the plain forms
    of the options ``values`` (``--site DIR``, ``--site=DIR``: a path) and ``flags`` (``--json``), each once,
    and exactly one argument for each name of ``positional`` (in order, anywhere among the options, none
    starting with ``-``); else None (typer reads them, and says what is wrong)."""
    found: dict[str, Any] = {}
    given: list[str] = []
    at = 0
    while at < len(args):
        arg = args[at]
        name, equals, value = arg.partition("=")
        if name in values and values[name] not in found:
            if not equals:
                at += 1
                if at == len(args):
                    return None
                value = args[at]
            if not value or value.startswith("-"):
                return None
            found[values[name]] = Path(value)
        elif arg in flags and flags[arg] not in found:
            found[flags[arg]] = True
        elif arg and not arg.startswith("-") and len(given) < len(positional):
            given.append(arg)
        else:
            return None
        at += 1
    if len(given) != len(positional):
        return None
    found.update(zip(positional, given))
    return found


def sync_options(args: Sequence[str]) -> dict[str, Any] | None:
    """The options of ``coursebot sync ARGS`` as typer gives them to the command, when ``args`` hold only
    the plain forms of :data:`_VALUES` (``--site DIR``, ``--site=DIR``) and :data:`_FLAGS`, each once; else
    None (typer reads them)."""
    return plain_options(args, _VALUES, _FLAGS)


def quick_sync(args: Sequence[str]) -> bool:
    """``coursebot sync ARGS`` without typer, when ``args`` are plain options (:func:`sync_options`) and the
    site is a folder: the command done and its report printed, True then. When the cache already holds what
    the sync would leave, without pydantic or asyncio either; else the full sync, as typer would run it
    (:func:`bot.cli.base.sync_command`: the same code, with the inputs looked at here), without typer and
    the converters it builds for the command's options (~0.1 s of CPU of a first sync, bench/index.py row B).
    False: typer reads the command line and runs the command."""
    options = sync_options(args)
    if options is None:
        return False
    warm = inputs(options.get("config"), options.get("site"), options.get("db"))
    if warm is None:
        return False
    found = warm.unchanged()
    if found is not None:
        say_unchanged(warm, found, as_json=options.get("as_json", False), verbose=options.get("verbose", False))
        return True
    from bot.cli import imports_without_gc

    with imports_without_gc():  # start-up objects, as typer's are (bot.cli.main)
        from bot.cli.base import sync_command
    sync_command(site=options.get("site"), config=options.get("config"), db=options.get("db"),
                 as_json=options.get("as_json", False), verbose=options.get("verbose", False),
                 allow_removals=options.get("allow_removals", False), warm=warm)
    return True


# -- what the command prints ----------------------------------------------------------------------------

NO_COMMIT: Any = object()  # a site folder, not a repository: no "commit" in the JSON


def say_unchanged(warm: Inputs, found: Unchanged, *, as_json: bool, verbose: bool) -> None:
    """What ``coursebot sync`` says of an unchanged sync (as the full path says it)."""
    from bot.course.models import Problem

    if warm.options[0] is None:  # the configuration was found, not named: which file (bot.cli.common.course_config)
        from bot.cli.tables import terminal_text

        sys.stderr.write(f"coursebot: {terminal_text(warm.source)}\n")
        sys.stderr.flush()
    print_sync(found.site, parsed=0, unchanged=found.files, removed=0, failed=0, changed=[],
               problems=[Problem(*row) for row in found.problems], as_json=as_json, verbose=verbose)


def print_sync(source: object, *, parsed: int, unchanged: int, removed: int, failed: int, changed: list[str],
               problems: list[Problem], as_json: bool, verbose: bool, commit: object = NO_COMMIT) -> None:
    """What ``coursebot sync`` prints of what a sync did (the full sync's report, or the unchanged one)."""
    if as_json:
        text = json.dumps({
            **({"commit": commit} if commit is not NO_COMMIT else {}),
            "parsed": parsed, "unchanged": unchanged, "removed": removed, "failed": failed, "changed": changed,
            "problems": [str(p) for p in problems],
        }, ensure_ascii=False, indent=2) + "\n"  # as bot.cli.common.print_json
    else:
        shown = problems if verbose else [p for p in problems if p.severity == "error"]
        from bot.cli.tables import terminal_text

        lines = [f"synced {terminal_text(str(source))}: {parsed} parsed, {unchanged} unchanged, {removed} removed, {failed} failed; "
                 f"{len(changed)} sessions changed"]
        from bot.cli.tables import problem_line  # stdlib only

        lines += [problem_line(problem) for problem in shown]  # file names escaped, never raw
        hidden = len(problems) - len(shown)
        if hidden:
            lines.append(f"{hidden} warning{'s' if hidden != 1 else ''} (sync -v or check lists them)")
        text = "".join(line + "\n" for line in lines)
    sys.stdout.write(text)
    sys.stdout.flush()
