"""``coursebot run`` in console mode on a real pseudo-terminal: readline edits lines and recalls them with the
arrow keys, a numbered choice is answered with its number, typos get "did you mean", Ctrl-D leaves."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_posting_cli import cli_env
from tests.conftest import EXAMPLE_CONFIG

pty = pytest.importorskip("pty")
UP, LEFT = "\x1b[A", "\x1b[D"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def ctrl_c_as_at_a_terminal() -> None:
    """In the child before it runs: Ctrl-C's default action, as a terminal's foreground job has. A suite run in
    the background of a shell without job control (``cmd &``) ignores SIGINT, and the child would inherit that
    and never see the Ctrl-C these tests send."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """The master side of a pseudo-terminal running one process."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.fd, slave = pty.openpty()
        self.child = subprocess.Popen(args, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                                      start_new_session=True, preexec_fn=ctrl_c_as_at_a_terminal)
        os.close(slave)
        self.seen = ""

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def _read(self, left: float) -> bytes:
        """What the process wrote within ``left`` seconds (at most 1); b"" when nothing or it closed the terminal."""
        ready, _, _ = select.select([self.fd], [], [], min(left, 1.0))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the process ended and closed the terminal
            return b""
        self.seen += chunk.decode(errors="replace")
        return chunk

    def expect(self, needle: str, *, count: int = 1, timeout: float = 60) -> str:
        """Read until the screen text (escape sequences removed) holds ``needle`` ``count`` times."""
        deadline = time.monotonic() + timeout
        while self.text().count(needle) < count:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {needle!r} x{count}; screen so far:\n{self.text()}"
            if not self._read(left):
                assert self.child.poll() is None, f"ended before {needle!r}:\n{self.text()}"
        return self.text()

    def finish(self, timeout: float = 60) -> int:
        """Read the terminal until the process ends (a child blocked writing to a full terminal never
        would), then its exit status."""
        deadline = time.monotonic() + timeout
        while self.child.poll() is None:
            left = deadline - time.monotonic()
            assert left > 0, f"still running; screen so far:\n{self.text()}"
            self._read(left)
        return self.child.wait()

    def text(self) -> str:
        return _ANSI.sub("", self.seen)

    def close(self) -> None:
        if self.child.poll() is None:
            self.child.kill()
        self.child.wait()
        os.close(self.fd)


@pytest.fixture
def terminal(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {**cli_env(tmp_path), "TERM": "xterm", "COLUMNS": "100", "LINES": "40"}
    env.pop("PYTHONUNBUFFERED", None)
    args = [sys.executable, "-m", "bot.cli", "run", "--config", str(EXAMPLE_CONFIG), "--db", str(tmp_path / "c.sqlite3")]
    term = Terminal(args, tmp_path, env)
    yield term
    term.close()


def test_line_editing_history_choices_and_ctrl_d_on_a_terminal(terminal: Terminal) -> None:
    terminal.expect("Arrow keys edit and recall lines.")
    terminal.expect("coursebot> ")
    terminal.type("/schedul 2" + LEFT * 2 + "e\r")  # a missing letter put back with the arrow keys
    terminal.expect("Schedule\n========")
    terminal.expect("coursebot> ", count=2)
    terminal.type(UP + "\r")  # the last line again, from history
    terminal.expect("Schedule\n========", count=2)
    terminal.expect("coursebot> ", count=3)
    terminal.type("/redings L0\r")
    screen = terminal.expect("Did you mean /readings?")
    assert "Error: Unknown command /redings" in screen and "Roles for /team" not in screen
    terminal.expect("coursebot> ", count=4)
    terminal.type("/readings L0\r")
    terminal.expect("Type a number to choose:")
    terminal.expect("coursebot> ", count=5)
    terminal.type("2\r")
    screen = terminal.expect("-> /readings L02-scaling")
    terminal.expect("Required readings")
    terminal.expect("coursebot> ", count=6)
    terminal.type("\x04")  # Ctrl-D on an empty line: leave
    assert terminal.finish() == 0
    err = terminal.child.stderr.read().decode() if terminal.child.stderr else ""
    assert "Traceback" not in err and "instance lock released" in err


def test_ctrl_c_at_the_terminal_prompt_ends_quietly_and_restores_the_terminal(terminal: Terminal) -> None:
    import termios

    terminal.expect("coursebot> ")
    assert not termios.tcgetattr(terminal.fd)[3] & termios.ECHO  # readline reads keys itself while it waits
    terminal.type("/sched")  # half a line typed: readline holds the terminal in its own mode
    terminal.expect("/sched")
    os.killpg(terminal.child.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground job
    assert terminal.finish() == 130
    err = terminal.child.stderr.read().decode() if terminal.child.stderr else ""
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "coursebot: interrupted" in err
    after = termios.tcgetattr(terminal.fd)
    assert after[3] & termios.ECHO and after[3] & termios.ICANON  # echo and line mode are back


def test_history_is_kept_for_the_next_session(tmp_path: Path) -> None:
    env = {**cli_env(tmp_path), "TERM": "xterm"}
    args = [sys.executable, "-m", "bot.cli", "run", "--config", str(EXAMPLE_CONFIG), "--db", str(tmp_path / "c.sqlite3")]
    first = Terminal(args, tmp_path, env)
    try:
        first.expect("coursebot> ")
        first.type("/team notes\r")
        first.expect("Blog team: upcoming sessions")
        first.expect("coursebot> ", count=2)  # Ctrl-D typed before readline reads again would be lost
        first.type("\x04")
        assert first.finish() == 0
    finally:
        first.close()
    assert (tmp_path / "cache" / "coursebot" / "console_history").read_text().splitlines()[-1] == "/team notes"
    second = Terminal(args, tmp_path, env)
    try:
        second.expect("coursebot> ")
        second.type(UP + "\r")  # the line typed in the first session
        second.expect("Blog team: upcoming sessions")
        second.expect("coursebot> ", count=2)
        second.type("\x04")
        assert second.finish() == 0
    finally:
        second.close()
