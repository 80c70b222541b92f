"""``coursebot init --site DIR``: a staff member's first command on their own course site.

It reads the site as coursebot would with no configuration (bot/course/inspect.py), writes a commented
configuration draft into the working folder (``course.toml``, or ``course.draft.toml`` ... when that
exists: an existing file is never written over), then prints what it found per session (date, roles,
number of readings) and what it could not work out (sessions without a date or without readings).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Annotated

import typer

from bot.cli import app
from bot.cli.tables import terminal_name
from bot.cli.common import CliError, JsonOpt, print_json, run_async


@app.command()
def init(
    site: Annotated[Path, typer.Option("--site", help="The course site: a Jekyll site root or a folder of posts.")],
    output: Annotated[Path | None, typer.Option(
        "--output", help="Where to write the draft (default: course.toml in the working folder, or the first free "
        "course.draft.toml ...). Never written over.", show_default=False)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Inspect a course site, write a commented configuration draft, and list what was found."""
    from bot.course.inspect import draft_config, draft_path, inspect_site
    from bot.course.site import SiteError

    async def work() -> tuple[object, Path]:
        try:
            found = inspect_site(site)
        except SiteError as exc:
            raise CliError(str(exc)) from exc
        target = output if output is not None else draft_path(Path.cwd())
        _write_new(target, draft_config(found))
        return found, target

    found, target = run_async(work)
    if as_json:
        print_json({
            "draft": str(target),
            "sessions": [
                {"slug": s.slug, "file": s.file, "date": s.date, "date_source": s.date_source, "roles": s.roles,
                 "readings": s.readings} for s in found.sessions  # type: ignore[attr-defined]
            ],
            "without_date": [s.slug for s in found.without_date],  # type: ignore[attr-defined]
            "without_readings": [s.slug for s in found.without_readings],  # type: ignore[attr-defined]
            "not_sessions": found.skipped_files,  # type: ignore[attr-defined]
            "errors": found.errors,  # type: ignore[attr-defined]
        })
        return
    _print_report(found, target)


def _write_new(target: Path, text: str) -> None:
    """Create ``target`` with ``text``; an existing file is an error, never written over."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise CliError(f"{target}: already exists; not written over (choose another --output)") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _print_report(found, target: Path) -> None:  # noqa: ANN001 - an Inspection
    from rich.console import Console  # here: only this report draws a rich table
    from rich.table import Table
    from rich.text import Text

    from bot.course.inspect import natural_key

    console = Console(highlight=False, soft_wrap=False)
    typer.echo(f"wrote a configuration draft to {target} (use it with --config {target})")
    for name, count in sorted(found.collections.items()):
        typer.echo(f"sessions: {count} in {name}")
    for reason, count in sorted(found.skipped.items()):
        typer.echo(f"not sessions: {count} ({reason})")
    if found.year is not None:
        typer.echo(f"term year: {found.year} (from {found.year_source})")
    sources = {s.date_source for s in found.sessions}
    shared = len(sources) == 1 and None not in sources
    if shared:  # said once, not on every row
        typer.echo(f"dates: every session's date comes from {sources.pop()}")
    table = Table(title=f"{len(found.sessions)} sessions, in date order")
    for column in ("date", "session", *(() if shared else ("date from",)), "roles", "readings"):
        table.add_column(column)
    for s in sorted(found.sessions, key=lambda s: (s.date is None, s.date or "", natural_key(s.slug))):
        roles = ", ".join(f"{k}: {v}" for k, v in s.roles.items())
        source = () if shared else (Text(s.date_source or ""),)
        table.add_row(Text(s.date or "—"), Text(s.slug), *source, Text(roles), Text(str(s.readings)))
    console.print(table)
    missing_date, missing_readings = found.without_date, found.without_readings
    _print_errors(found)
    if not found.sessions:
        typer.echo("no sessions found: no post in _posts or a collection is a class session; if they are in a "
                   f"collection, name it in [site] collections of {target}")
        return
    if not missing_date and not missing_readings:
        typer.echo("every session found has a date and readings" if found.errors else
                   "every session has a date and readings")
        return
    typer.echo("could not work out:")
    if missing_date:
        typer.echo(f"  no date ({len(missing_date)}): " + ", ".join(terminal_name(s.slug) for s in missing_date))
    if missing_readings:
        typer.echo(f"  no readings ({len(missing_readings)}): " + ", ".join(terminal_name(s.slug) for s in missing_readings))


MAX_ERRORS_SHOWN = 10


def _print_errors(found) -> None:  # noqa: ANN001 - an Inspection
    """The errors that kept files from being read (a post with broken front matter is no session in the table
    above): the first few, and where to see them all."""
    errors = found.errors
    if not errors:
        return
    typer.echo(f"errors ({len(errors)}; files with an error are not in the table: "
               f"`coursebot check --site {shlex.quote(str(found.root))}` lists every problem):")
    from bot.cli.tables import terminal_text

    for line in errors[:MAX_ERRORS_SHOWN]:
        typer.echo(f"  {terminal_text(str(line))}")  # they name files: control characters escaped
    if len(errors) > MAX_ERRORS_SHOWN:
        typer.echo(f"  ... and {len(errors) - MAX_ERRORS_SHOWN} more")
