"""Console adapter: render messages as terminal text, print scheduled posts, and a command prompt."""

from bot.adapters.console.loop import run_console
from bot.adapters.console.render import render_console
from bot.adapters.console.transport import ConsoleTransport

__all__ = ["ConsoleTransport", "render_console", "run_console"]
