"""The ``coursebot`` command line. Each module registers its commands on ``app``."""

from __future__ import annotations

import copy
import gc
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer


#: set by :func:`main`: this process is the command line, whose start-up objects live until it exits
_COMMAND_PROCESS = False


@contextmanager
def imports_without_gc() -> Iterator[None]:
    """For a block that only imports: the cyclic garbage collector off, then as it was; in the command
    line's own process (:func:`main`) the objects made so far are then frozen (``gc.freeze``).

    Importing the command line's libraries (typer, pydantic, asyncio, the store) makes some 200,000 objects
    (modules, classes, functions: alive until the process exits) and almost no garbage. Left to the collector,
    every later collection walks them all again: while importing, during the sync's own allocations, and once
    more at exit; 20-30 ms of CPU of a warm ``coursebot sync`` of 2,000 posts (whole processes, paired, see
    bench/RESULTS.md). Frozen, they are never walked. Not in other processes that import the commands (tests
    driving ``app``): there objects made before would be kept from the collector too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _COMMAND_PROCESS:
            gc.freeze()
        if enabled:
            gc.enable()


def _make_app() -> typer.Typer:
    with imports_without_gc():
        import typer

    return typer.Typer(
        name="coursebot",
        help="coursebot: reading digests, reminders and slash commands for a Jekyll course site.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: flags shown as flags (`--json`, not `--json <bool>`), readable when piped
    )


def __getattr__(name: str) -> Any:
    """``app``, the typer application every command module registers on, made on first use: typer (and the
    pydantic it builds each option's converter with) is ~0.1 s of CPU that an unchanged ``coursebot sync``
    does without (:func:`main`, :mod:`bot.cli.warm`)."""
    if name == "app":
        made = globals().get("_app")
        if made is None:
            made = globals()["_app"] = _make_app()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    import importlib

    for name in ("bot.cli.site", "bot.cli.init", "bot.cli.posting", "bot.cli.discord"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command group not built yet
            if exc.name != name:
                raise


def app_for(args: Sequence[str]) -> typer.Typer:
    """``app`` holding only the command that ``args`` name first, when they name one (and its command groups,
    such as ``discord``, which keep it a group of commands): typer builds a click command, its options read
    from the function's signature, for every registered command on each run, ~10 ms for the 13 while one runs.
    With no arguments, an option first (``--help``) or a name that is no command (typer suggests one), the
    whole ``app``. The command's help, usage line and errors are the same either way (tests/cli/test_app_for.py)."""
    from bot.cli import app

    if not args or args[0].startswith("-"):
        return app
    chosen = [info for info in app.registered_commands if _command_name(info) == args[0]]
    if len(chosen) != 1:
        return app
    one = copy.copy(app)  # the same settings (shared, not changed); a list of its own
    one.registered_commands = chosen
    return one


def _command_name(info: typer.models.CommandInfo) -> str | None:
    """The name typer gives the command (typer.main.get_command_from_info)."""
    import typer.main

    if info.name:
        return info.name
    return typer.main.get_command_name(info.callback.__name__) if info.callback is not None else None


def main() -> None:
    global _COMMAND_PROCESS
    _COMMAND_PROCESS = True
    from bot.cli.base import log_to_stderr

    log_to_stderr()  # every command's log lines escaped (`run` sets its own format)
    args = sys.argv[1:]
    if args[:1] == ["sync"]:
        from bot.cli.warm import quick_sync

        if quick_sync(args[1:]):  # plain options: the sync done without typer (unchanged or not), said, done
            return
    elif args[:1] == ["readings"]:
        from bot.cli.answers import quick_readings

        if quick_readings(args[1:]):  # a query and plain options: answered without typer, done
            return
    with imports_without_gc():
        _register()
    app_for(args)()
