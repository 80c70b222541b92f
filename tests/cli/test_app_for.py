"""``coursebot NAME ...`` builds only the command NAME (issue 11: typer builds every registered command on
each run); what a user sees is the same as with the whole app."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import _register, app, app_for


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    _register()


def test_a_command_named_first_is_built_alone_with_the_command_groups() -> None:
    built = typer.main.get_command(app_for(["sync", "--site", "x"]))
    assert sorted(built.commands) == ["discord", "sync"]  # type: ignore[attr-defined]
    assert len(typer.main.get_command(app).commands) >= 13  # type: ignore[attr-defined]
    assert len(app.registered_commands) >= 13  # the whole app is left as it was


@pytest.mark.parametrize("args", [[], ["--help"], ["synk"], ["discord", "--help"]], ids=["none", "help", "typo", "group"])
def test_no_command_named_first_means_the_whole_app(args: list[str]) -> None:
    assert app_for(args) is app


@pytest.mark.parametrize(
    "args",
    [["sync", "--help"], ["readings", "--help"], ["sync", "--bogus"], ["readings"], ["team", "a", "b", "c"],
     ["calendar", "--help"], ["run", "--help"]],
    ids=["sync-help", "readings-help", "bad-option", "missing-argument", "extra-arguments", "calendar-help", "run-help"],
)
def test_the_command_alone_says_what_the_whole_app_says(args: list[str]) -> None:
    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="coursebot")
    alone = runner.invoke(app_for(args), args, prog_name="coursebot")
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert whole.output.strip()
