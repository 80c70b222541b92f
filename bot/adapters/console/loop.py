"""Console mode: a ``coursebot>`` prompt answering the same slash commands as the chat platforms.

Lines are read on a daemon thread and handed to the event loop, so the scheduler keeps running while the
prompt waits, and it works the same whether stdin is a terminal, a pipe or an in-memory stream. On a
terminal the stdlib ``readline`` gives line editing and history (arrow keys); a scheduled post printed while
the prompt waits is followed by the prompt again, with what was typed so far (:class:`Prompt`). A numbered
choice is answered with its number; ``/calendar`` writes a new file and prints its path (never overwriting).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import shutil
import stat
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.adapters.console.render import render_console
from bot.services.commands import choice_command, dispatch
from bot.services.lookups import Lookups
from bot.services.messages import Attachment, Choice, Message, error

if TYPE_CHECKING:
    from bot.services.posting import Posting

log = logging.getLogger(__name__)

PROMPT = "coursebot> "
HISTORY_LINES = 1000  # lines of console history kept between sessions
QUIT = frozenset({"quit", "exit", "/quit", "/exit"})
TOKEN_HINT = (
    "No DISCORD_TOKEN or SLACK_BOT_TOKEN set: console mode. To run on Discord set DISCORD_TOKEN=... "
    "(or SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Slack; see README)."
)

NO_INPUT = (
    "no DISCORD_TOKEN or SLACK_BOT_TOKEN set, so this would be console mode, but standard input is closed "
    "(/dev/null): console mode needs a terminal (docker run -it ...) or commands piped in. "
    "Set DISCORD_TOKEN (or SLACK_BOT_TOKEN and SLACK_APP_TOKEN) to run on Discord or Slack."
)


def input_impossible(stream: TextIO | None) -> bool:
    """True when ``stream`` can never give a line: missing, closed, or ``/dev/null`` (``docker run -d``
    without ``-i``, a systemd service). In-memory streams, pipes and terminals may give lines."""
    if stream is None:
        return True
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation (StringIO) is an OSError
        return False
    try:
        info = os.fstat(fd)
        null = os.stat(os.devnull)
    except OSError:
        return True
    return stat.S_ISCHR(info.st_mode) and stat.S_ISCHR(null.st_mode) and info.st_rdev == null.st_rdev


class Prompt:
    """The ``coursebot>`` prompt, shared by the console loop (which asks for lines) and the console
    transport (which prints scheduled posts while a line is being typed, then :meth:`redraw` puts the prompt
    back, with the text typed so far when readline edits the line)."""

    def __init__(self, output: TextIO, *, editing: bool = False) -> None:
        self.output = output
        self.editing = editing  # readline draws the prompt and holds the line being typed
        self.waiting = False

    def show(self) -> None:
        """Before a line is read: print the prompt (readline prints its own)."""
        if not self.editing:
            self.output.write(PROMPT)
            self.output.flush()
        self.waiting = True

    def clear(self) -> None:
        """Before printing while the prompt waits: on a terminal, erase the prompt line."""
        if self.waiting and self.editing:
            self.output.write("\r\x1b[K")

    def redraw(self) -> None:
        """After printing while the prompt waits: the prompt again (and the typed text, with readline)."""
        if not self.waiting:
            return
        typed = ""
        if self.editing:
            with contextlib.suppress(ImportError):
                import readline

                typed = readline.get_line_buffer()
        self.output.write(PROMPT + typed)
        self.output.flush()


def _readline_for(stream: TextIO, output: TextIO) -> bool:
    """Whether lines can be edited with readline: ``stream`` and ``output`` are the process's terminal."""
    if stream is not sys.stdin or output is not sys.stdout:
        return False
    try:
        if not (stream.isatty() and output.isatty()):
            return False
        import readline  # noqa: F401  (imported for its side effect: input() edits lines, keeps history)
    except (ImportError, OSError, ValueError, AttributeError):
        return False
    return True


async def read_lines(stream: TextIO, prompt: Prompt | None = None) -> AsyncIterator[str]:
    """Lines of ``stream`` (without the newline), read on a daemon thread; ends at EOF or a read error.

    With a ``prompt``, the thread reads the next line only when the consumer asks for it (the prompt is
    shown after the previous answer, never before it), and through ``input()`` when the prompt edits lines.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    wanted = threading.Event()
    if prompt is None:
        wanted.set()

    def deliver(item: str | None) -> bool:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
            return True
        except RuntimeError:  # the event loop is closed: nobody is listening any more
            return False

    def reader() -> None:
        try:
            while True:
                wanted.wait()
                if prompt is not None:
                    wanted.clear()
                try:
                    if prompt is not None and prompt.editing:
                        try:
                            line = input(PROMPT) + "\n"
                        except EOFError:
                            line = ""
                    else:
                        line = stream.readline()
                finally:
                    if prompt is not None:
                        prompt.waiting = False
                if not line:
                    break
                if not deliver(line.rstrip("\r\n")):
                    return
        except (OSError, ValueError) as exc:  # closed or unreadable stream: treat as end of input
            log.warning("console input ended: %s", exc)
        deliver(None)

    threading.Thread(target=reader, name="console-input", daemon=True).start()
    while True:
        if prompt is not None:
            prompt.show()
            wanted.set()
        line = await queue.get()
        if line is None:
            return
        yield line


def save_attachment(attachment: Attachment, directory: Path) -> Path:
    """Write ``attachment`` into ``directory`` under its name, or ``name-2.ext``, ``name-3.ext``... when
    that file exists (never overwriting anything); return the absolute path written."""
    name = Path(attachment.filename).name or "attachment"
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in itertools.count(1):
        target = directory / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(attachment.data)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target.resolve()
    raise AssertionError("unreachable")


def _width(output: TextIO) -> int | None:
    isatty = getattr(output, "isatty", None)
    return shutil.get_terminal_size().columns if isatty and isatty() else None


def _share_prompt(posting: Posting | None, prompt: Prompt) -> None:
    """Let the console transport of ``posting`` (if that is what it posts through) redraw the prompt."""
    transport = getattr(posting, "transport", None)
    if hasattr(transport, "prompt"):
        transport.prompt = prompt  # type: ignore[union-attr]


def history_path() -> Path:
    """Where the console keeps the lines typed at the terminal (``$XDG_CACHE_HOME/coursebot/console_history``,
    default ``~/.cache``), so the up arrow recalls them in the next session too."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "coursebot" / "console_history"


@contextlib.contextmanager
def _history(path: Path) -> Iterator[None]:
    """readline's history loaded from ``path`` and saved back on the way out (Ctrl-C included)."""
    import readline

    readline.set_history_length(HISTORY_LINES)
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    try:
        yield
    finally:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)
        except OSError as exc:
            log.warning("could not save the console history to %s: %s", path, exc)


@contextlib.contextmanager
def _terminal_restored(stream: TextIO) -> Iterator[None]:
    """Put the terminal's modes back on the way out (readline changes them while a line is read, and
    Ctrl-C can end the program in the middle of that)."""
    try:
        import termios

        fd = stream.fileno()
        saved = termios.tcgetattr(fd)
    except (ImportError, OSError, ValueError, AttributeError):
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


async def run_console(
    lookups: Lookups,
    posting: Posting | None,
    *,
    input: TextIO = sys.stdin,  # noqa: A002 - the name the contract gives
    output: TextIO = sys.stdout,
    on_eof: Callable[[], Awaitable[None]] | None = None,
    attachments_dir: Path | None = None,
) -> None:
    """Print a banner, then answer commands from ``input`` until ``quit`` or end of input.

    At end of input ``on_eof`` is awaited before returning (e.g. to keep the scheduler running when stdin
    is closed: pass an ``Event().wait``); without it the function returns at once. Attachments such as
    ``/calendar``'s ``course.ics`` are written to ``attachments_dir`` (default: the current directory) under
    a name not taken yet, and the path is printed.
    """
    width = _width(output)
    tz = lookups.config.course.tz
    editing = _readline_for(input, output)
    prompt = Prompt(output, editing=editing)
    _share_prompt(posting, prompt)

    def emit(text: str = "", end: str = "\n") -> None:
        output.write(text + end)
        output.flush()

    count = await lookups.session_count()
    emit(f"coursebot console: {lookups.config.course.name}")
    emit(f"{count} session{'s' if count != 1 else ''} from {lookups.config.site_path}")
    emit(TOKEN_HINT)
    emit("Type /help for the commands, quit or Ctrl-D to leave." + (" Arrow keys edit and recall lines." if editing else ""))

    offered: tuple[str, tuple[Choice, ...]] | None = None  # the last command that offered numbered choices
    with contextlib.ExitStack() as on_exit:
        if editing:
            on_exit.enter_context(_terminal_restored(input))
            on_exit.enter_context(_history(history_path()))
        async for raw in read_lines(input, prompt):
            line = raw.strip()
            if line.lower() in QUIT:
                emit("Bye.")
                return
            if not line:
                continue
            message: Message | None = None
            if line.isdigit() and offered is not None:
                asked, choices = offered
                number = int(line)
                if 1 <= number <= len(choices):
                    line = choice_command(asked, choices[number - 1], lookups)
                    emit(f"-> {line}")
                else:
                    message = error(f"Type a number from 1 to {len(choices)}, or a command.", title=f"No choice {number}")
            if message is None:
                message = await dispatch(line, lookups, posting)
                offered = (line, message.choices) if message.choices else None
            emit(render_console(message, width, tz=tz, numbered=True))
            for attachment in message.attachments:
                emit(_saved(attachment, attachments_dir or Path.cwd()))
        emit()
    if on_eof is not None:
        await on_eof()


def _saved(attachment: Attachment, directory: Path) -> str:
    try:
        path = save_attachment(attachment, directory)
    except OSError as exc:
        return f"Could not write {attachment.filename} to {directory}: {exc.strerror or exc}"
    return f"Wrote {path}"


__all__ = ["NO_INPUT", "PROMPT", "Prompt", "history_path", "input_impossible", "read_lines", "run_console", "save_attachment"]
