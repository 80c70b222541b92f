"""``coursebot readings``: the command's body, without typer (issue 11: a warm ``coursebot readings S0-L11`` is
a student's or a TA's question, answered in one short process).

:mod:`bot.cli.site` registers the command on typer and calls :func:`readings_command`; :func:`bot.cli.main`
calls it directly when the command line holds only the command's plain forms (:func:`readings_options`), as
it does for ``coursebot sync`` (:mod:`bot.cli.warm`): typer, click and the converters typer builds for a
command's options are some 40-60 ms of CPU that such a question does without. When the cache holds what a
sync would leave (:meth:`bot.cli.warm.Inputs.unchanged`), the site is not read either. What the command
prints, its errors and exit codes are the same either way (tests/cli/test_warm_answers.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.base import CliError, course_config, print_json, run_async, say, synced_store
from bot.cli.tables import Grid, plain_cell
from bot.cli.warm import inputs, plain_options

if TYPE_CHECKING:
    from bot.config import CourseConfig
    from bot.course.models import Session
    from bot.store.sessions import Store


def when(session: Session, cfg: CourseConfig) -> str:
    """The session's day and time as the tables show it; a dash for a session without a date."""
    from bot.services.times import format_session_when

    return format_session_when(session, cfg) if session.date else "—"


async def resolve(store: Store, query: str) -> list[Session]:
    """Every session ``query`` names; none is an error naming the nearest sessions that are relevant."""
    found = await store.resolve(query)
    if not found.sessions:
        from bot.services.lookups import relevant_suggestions  # here: a query that names a session never loads it

        close = relevant_suggestions(query, found.suggestions)[:5]
        if close:
            hint = "; ".join(f"{s.slug} ({s.display_name})" for s in close)
            raise CliError(f"no session matches {query!r}; did you mean: {hint}?")
        raise CliError(f"no session matches {query!r}, and none comes close ('coursebot sessions' lists them all)")
    return found.sessions


async def one_session(store: Store, query: str, cfg: CourseConfig, *, as_json: bool = False) -> Session:
    """The one session ``query`` names. Several: their list (date, slug, title) on stderr, or as JSON
    ``{"query", "candidates"}`` on stdout, and exit code 2, so the user can ask again with one slug."""
    found = await resolve(store, query)
    if len(found) == 1:
        return found[0]
    if as_json:
        print_json({"query": query, "candidates": [
            {"date": s.date.isoformat() if s.date else None, "slug": s.slug, "title": s.display_name} for s in found
        ]})
    else:
        say(f"coursebot: {query!r} matches {len(found)} sessions; ask again with one slug:")
        for s in found:
            say(f"  {plain_cell(when(s, cfg))}  {s.slug}  {plain_cell(s.display_name)}")
    raise SystemExit(2)


def readings_command(query: str, *, site: Path | None, config: Path | None, db: Path | None,
                     as_json: bool = False) -> None:
    """``coursebot readings QUERY``: the readings of the one session QUERY names (required first), as a table
    or JSON."""

    async def work() -> None:
        warm = inputs(config, site, db)  # the cache may hold what a sync would leave: then no sync
        cfg = course_config(config, site, named=False)
        async with synced_store(cfg, db, warm=warm) as (store, _):
            s = await one_session(store, query, cfg, as_json=as_json)
        if as_json:
            print_json({"sessions": [s.to_json()]})
            return
        table = Grid(f"{s.slug} · {s.display_name} · {when(s, cfg)}", ("", "section", "title", "links"),
                     caption=s.url or "", fold=("links",))
        ordered = sorted(s.readings, key=lambda r: not r.required)
        for r in ordered:
            table.add_row("required" if r.required else "more", r.section, r.title, "\n".join(r.urls))
        if not ordered:
            table.add_row("", "", "(no readings listed)", "")
        table.print()

    run_async(work)


#: the options of ``coursebot readings`` read without typer (any other argument: typer reads the command line)
_VALUES = {"--site": "site", "--config": "config", "--db": "db"}
_FLAGS = {"--json": "as_json"}


def readings_options(args: Sequence[str]) -> dict[str, Any] | None:
    """The arguments of ``coursebot readings ARGS`` as typer gives them to the command (``query`` and the
    options), when ``args`` hold one query (not an option) and only the plain forms of the options; else None."""
    return plain_options(args, _VALUES, _FLAGS, positional=("query",))


def quick_readings(args: Sequence[str]) -> bool:
    """``coursebot readings ARGS`` without typer, when :func:`readings_options` reads them: done, True. False:
    typer reads the command line (``--help``, a typo, a missing query: typer's own messages)."""
    options = readings_options(args)
    if options is None:
        return False
    readings_command(options["query"], site=options.get("site"), config=options.get("config"), db=options.get("db"),
                     as_json=options.get("as_json", False))
    return True
