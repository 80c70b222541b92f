"""The command line's start-up objects are frozen for the garbage collector, in its own process only
(issue 11: 40-50 ms of CPU of a warm ``coursebot sync`` of 2,000 posts)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent.parent

PROBE = """
import gc, json, sys
from bot.cli import main
sys.argv = ["coursebot", "--help"]
try:
    main()
except SystemExit:
    pass
import typer, bot.config
walked = {id(o) for o in gc.get_objects()}
print(json.dumps({"frozen": gc.get_freeze_count(), "enabled": gc.isenabled(),
                  "walked": [c.__name__ for c in (typer.Typer, bot.config.CourseConfig) if id(c) in walked]}))
"""


def test_the_command_line_freezes_its_start_up_objects_and_keeps_the_collector_on() -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=PROJECT,
                          timeout=60)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["enabled"] is True
    assert found["frozen"] > 20_000  # typer, pydantic and the configuration models (~49,000)
    assert found["walked"] == []  # the libraries' classes are no longer among what the collector walks


def test_importing_the_commands_in_another_process_freezes_nothing() -> None:
    from bot.cli import _register, imports_without_gc

    before = gc.get_freeze_count()
    with imports_without_gc():
        assert not gc.isenabled()
        _register()
    assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_the_collector_stays_off_if_it_was_off() -> None:
    from bot.cli import imports_without_gc

    gc.disable()
    try:
        with imports_without_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
