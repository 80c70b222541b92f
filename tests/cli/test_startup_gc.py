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
sys.argv = ["coursebot", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
config = "bot.config" in sys.modules
typer_loaded = "typer" in sys.modules
import typer, bot.config
walked = {id(o) for o in gc.get_objects()}
print(json.dumps({"frozen": gc.get_freeze_count(), "enabled": gc.isenabled(), "config": config, "typer": typer_loaded,
                  "walked": [c.__name__ for c in (typer.Typer, bot.config.CourseConfig) if id(c) in walked]}))
"""


def _probe(*args: str, cwd: Path = PROJECT) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=60)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_command_line_freezes_its_start_up_objects_and_keeps_the_collector_on() -> None:
    found = _probe("--help")
    assert found["enabled"] is True
    assert found["frozen"] > 20_000  # typer and the command modules
    assert found["config"] is False  # --help never loads the configuration models
    assert found["walked"] == ["CourseConfig"]  # typer's classes are no longer among what the collector walks


def test_the_configuration_models_are_frozen_too(tmp_path: Path) -> None:
    """A command that loads the configuration (here the first sync of a small site) freezes the models it
    imported for it: pydantic and the configuration classes live until the process exits. (A sync with plain
    options runs without typer at all: bot.cli.warm.quick_sync.)"""
    site = tmp_path / "site" / "_contents"
    site.mkdir(parents=True)
    (site / "S0-L01.md").write_text("---\ntitle: One\n---\n\nText.\n", encoding="utf-8")
    found = _probe("sync", "--site", str(tmp_path / "site"), "--db", str(tmp_path / "c.sqlite3"), cwd=tmp_path)
    assert found["enabled"] is True
    assert found["config"] is True
    assert found["typer"] is False
    assert found["walked"] == ["Typer"]  # imported by the probe, after the command: not frozen


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
