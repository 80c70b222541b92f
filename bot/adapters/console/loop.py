"""Console mode: a ``coursebot>`` prompt answering the same slash commands as the chat platforms.

Lines are read on a daemon thread and handed to the event loop, so the scheduler keeps running while the
prompt waits, and it works the same whether stdin is a terminal, a pipe or an in-memory stream.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import stat
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.adapters.console.render import render_console
from bot.services.commands import dispatch
from bot.services.lookups import Lookups
from bot.services.messages import Attachment

if TYPE_CHECKING:
    from bot.services.posting import Posting

log = logging.getLogger(__name__)

PROMPT = "coursebot> "
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


async def read_lines(stream: TextIO) -> AsyncIterator[str]:
    """Lines of ``stream`` (without the newline), read on a daemon thread; ends at EOF or a read error."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def deliver(item: str | None) -> bool:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
            return True
        except RuntimeError:  # the event loop is closed: nobody is listening any more
            return False

    def reader() -> None:
        try:
            while True:
                line = stream.readline()
                if not line:
                    break
                if not deliver(line.rstrip("\r\n")):
                    return
        except (OSError, ValueError) as exc:  # closed or unreadable stream: treat as end of input
            log.warning("console input ended: %s", exc)
        deliver(None)

    threading.Thread(target=reader, name="console-input", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


def save_attachment(attachment: Attachment, directory: Path) -> Path:
    """Write ``attachment`` into ``directory`` (replacing an older copy atomically); return its path."""
    target = directory / (Path(attachment.filename).name or "attachment")
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(attachment.data)
    os.replace(partial, target)
    return target


def _width(output: TextIO) -> int | None:
    isatty = getattr(output, "isatty", None)
    return shutil.get_terminal_size().columns if isatty and isatty() else None


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
    ``/calendar``'s ``course.ics`` are written to ``attachments_dir`` (default: the current directory).
    """
    width = _width(output)
    tz = lookups.config.course.tz

    def emit(text: str = "", end: str = "\n") -> None:
        output.write(text + end)
        output.flush()

    count = await lookups.session_count()
    emit(f"coursebot console: {lookups.config.course.name}")
    emit(f"{count} session{'s' if count != 1 else ''} from {lookups.config.site_path}")
    emit(TOKEN_HINT)
    emit("Type /help for the commands, quit or Ctrl-D to leave.")

    emit(PROMPT, end="")
    async for raw in read_lines(input):
        line = raw.strip()
        if line.lower() in QUIT:
            emit("Bye.")
            return
        if line:
            message = await dispatch(line, lookups, posting)
            emit(render_console(message, width, tz=tz))
            for attachment in message.attachments:
                emit(_saved(attachment, attachments_dir or Path.cwd()))
        emit(PROMPT, end="")
    emit()
    if on_eof is not None:
        await on_eof()


def _saved(attachment: Attachment, directory: Path) -> str:
    try:
        path = save_attachment(attachment, directory)
    except OSError as exc:
        return f"Could not write {attachment.filename} to {directory}: {exc.strerror or exc}"
    return f"Wrote {path}"


__all__ = ["NO_INPUT", "PROMPT", "input_impossible", "read_lines", "run_console", "save_attachment"]
