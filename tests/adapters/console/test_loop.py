"""The console prompt fed from in-memory streams and a real pipe."""

from __future__ import annotations

import asyncio
import io
import os
from pathlib import Path

import icalendar

from bot.adapters.console.loop import PROMPT, TOKEN_HINT, read_lines, run_console
from bot.adapters.console.transport import ConsoleTransport
from bot.services.messages import Message
from tests.services.test_lookups import Ask, ask, store  # noqa: F401 (fixtures)


async def test_banner_commands_and_eof(ask: Ask, tmp_path: Path) -> None:
    out = io.StringIO()
    typed = "/readings S0-L05\n\n/team notes S0-L11\n/readings \"S0-L11\n/nope\n"
    await run_console(ask(), None, input=io.StringIO(typed), output=out, attachments_dir=tmp_path)
    text = out.getvalue()
    banner = text.split(PROMPT)[0]
    assert "coursebot console: GenAI Risks" in banner and "4 sessions" in banner and TOKEN_HINT in banner
    assert text.count(PROMPT) == 6  # one per line read, plus the one that met end of input
    assert "Required readings\n  - Aligning LLMs with Human <https://arxiv.org/abs/2307.12966>" in text
    assert "Blog team: team-3 · Barbara Liskov" in text
    assert text.count("FM toxicity / harmful outputs") >= 2  # the unbalanced quote still answered
    assert "Error: Unknown command “/nope”" in text
    assert text.endswith(PROMPT + "\n")


async def test_calendar_is_written_to_a_file(ask: Ask, tmp_path: Path) -> None:
    out = io.StringIO()
    await run_console(ask(), None, input=io.StringIO("/calendar\nquit\n/never\n"), output=out, attachments_dir=tmp_path)
    path = tmp_path / "course.ics"
    assert f"Wrote {path}" in out.getvalue()
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert len(cal.walk("VEVENT")) == 3
    assert out.getvalue().endswith("Bye.\n") and "never" not in out.getvalue()
    assert not list(tmp_path.glob(".*.part"))


async def test_unwritable_attachment_dir_is_reported(ask: Ask, tmp_path: Path) -> None:
    out = io.StringIO()
    missing = tmp_path / "missing"
    await run_console(ask(), None, input=io.StringIO("/calendar\n"), output=out, attachments_dir=missing)
    assert f"Could not write course.ics to {missing}" in out.getvalue()


async def test_on_eof_is_awaited(ask: Ask) -> None:
    called = asyncio.Event()

    async def on_eof() -> None:
        called.set()

    await run_console(ask(), None, input=io.StringIO(""), output=io.StringIO(), on_eof=on_eof)
    assert called.is_set()


class PromptWatch(io.StringIO):
    """An output stream that signals when the prompt is printed."""

    def __init__(self) -> None:
        super().__init__()
        self.prompted = asyncio.Event()

    def write(self, text: str) -> int:
        if text.endswith(PROMPT):
            self.prompted.set()
        return super().write(text)


async def test_reading_a_pipe_does_not_block_the_event_loop(ask: Ask) -> None:
    read_fd, write_fd = os.pipe()
    out = PromptWatch()
    transport = ConsoleTransport(out)
    with open(read_fd, encoding="utf-8") as reader, open(write_fd, "w", encoding="utf-8") as writer:
        console = asyncio.create_task(run_console(ask(), None, input=reader, output=out))
        # While the prompt waits on an empty pipe, other work (a scheduled post) still runs.
        await asyncio.wait_for(out.prompted.wait(), timeout=10)
        await transport.send(Message(title="Weekly readings", kind="digest", key="digest:2024-W09"), nonce="n")
        assert not console.done()
        writer.write("/schedule 1\n")
        writer.close()
        await asyncio.wait_for(console, timeout=10)
    text = out.getvalue()
    assert text.index("[digest:2024-W09]") < text.index("Schedule\n========")


async def test_read_lines_strips_newlines() -> None:
    assert [line async for line in read_lines(io.StringIO("a\r\nb\n\nc"))] == ["a", "b", "", "c"]
