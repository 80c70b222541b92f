"""The ``coursebot`` command line. Each module registers its commands on ``app``."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="coursebot",
    help="coursebot: reading digests, reminders and slash commands for a Jekyll course site.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags shown as flags (`--json`, not `--json <bool>`), readable when piped
)


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    import importlib

    for name in ("bot.cli.site", "bot.cli.init", "bot.cli.posting", "bot.cli.discord"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command group not built yet
            if exc.name != name:
                raise


def main() -> None:
    _register()
    app()
