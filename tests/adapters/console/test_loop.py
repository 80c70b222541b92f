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
    assert "Error: Unknown command /nope\n" in text and "Type /help for the commands." in text
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
    assert text.index("--- Weekly digest (posted by the scheduler) ---") < text.index("Schedule\n========")


async def test_read_lines_strips_newlines() -> None:
    assert [line async for line in read_lines(io.StringIO("a\r\nb\n\nc"))] == ["a", "b", "", "c"]


# -- the first hour: numbered choices, files never overwritten, the prompt back after a post -----------------


import types  # noqa: E402

from bot.adapters.console.loop import Prompt, input_impossible, save_attachment  # noqa: E402
from bot.services.messages import Attachment  # noqa: E402


async def test_a_numbered_choice_is_answered_with_its_number(ask: Ask, tmp_path: Path) -> None:
    out = io.StringIO()
    typed = "/readings S0-Intro\n2\n/readings S0-Intro\n7\n1\n"
    await run_console(ask(), None, input=io.StringIO(typed), output=out, attachments_dir=tmp_path)
    text = out.getvalue()
    assert "Type a number to choose:\n  1. S0-L05 · Survey human alignment · Tue 6 Feb 14:00" in text
    assert "-> /readings S0-L11\nFM toxicity / harmful outputs" in text
    assert "Error: No choice 7\n" in text and "Type a number from 1 to 2, or a command." in text
    assert "-> /readings S0-L05\nSurvey human alignment" in text  # the choices stay on offer after a wrong number


async def test_a_number_without_choices_is_an_unknown_command(ask: Ask, tmp_path: Path) -> None:
    out = io.StringIO()
    await run_console(ask(), None, input=io.StringIO("/schedule 1\n1\n"), output=out, attachments_dir=tmp_path)
    assert "Error: Unknown command /1" in out.getvalue()


async def test_calendar_never_overwrites_a_file(ask: Ask, tmp_path: Path) -> None:
    mine = tmp_path / "course.ics"
    mine.write_text("my own calendar")
    out = io.StringIO()
    await run_console(ask(), None, input=io.StringIO("/calendar\n/calendar\n"), output=out, attachments_dir=tmp_path)
    assert mine.read_text() == "my own calendar"
    text = out.getvalue()
    assert f"Wrote {tmp_path / 'course-2.ics'}\n" in text and f"Wrote {tmp_path / 'course-3.ics'}\n" in text
    assert icalendar.Calendar.from_ical((tmp_path / "course-3.ics").read_bytes()).walk("VEVENT")


def test_save_attachment_returns_the_absolute_path(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    path = save_attachment(Attachment("../../evil.ics", b"x"), Path("."))
    assert path == tmp_path / "evil.ics" and path.is_absolute() and path.read_bytes() == b"x"


async def test_the_prompt_comes_back_after_a_scheduled_post(ask: Ask) -> None:
    read_fd, write_fd = os.pipe()
    out = PromptWatch()
    transport = ConsoleTransport(out)
    posting = types.SimpleNamespace(transport=transport)  # what run_console looks at to share the prompt
    with open(read_fd, encoding="utf-8") as reader, open(write_fd, "w", encoding="utf-8") as writer:
        console = asyncio.create_task(run_console(ask(), posting, input=reader, output=out))  # type: ignore[arg-type]
        await asyncio.wait_for(out.prompted.wait(), timeout=10)
        before = out.getvalue()
        await transport.send(Message(title="Weekly readings", kind="digest", key="digest:2024-W09"), nonce="n")
        after = out.getvalue()[len(before):]
        assert after == "\n--- Weekly digest (posted by the scheduler) ---\nWeekly readings\n===============\n" + PROMPT
        writer.write("quit\n")
        writer.close()
        await asyncio.wait_for(console, timeout=10)
    assert transport.prompt is not None and not transport.prompt.waiting


def test_a_prompt_with_readline_erases_and_redraws_the_typed_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import readline

    monkeypatch.setattr(readline, "get_line_buffer", lambda: "/readi")
    out = io.StringIO()
    prompt = Prompt(out, editing=True)
    prompt.show()
    assert out.getvalue() == ""  # readline's input() draws the prompt itself
    prompt.clear()
    out.write("a post\n")
    prompt.redraw()
    assert out.getvalue() == "\r\x1b[Ka post\n" + PROMPT + "/readi"


def test_input_impossible_only_for_closed_or_null_stdin(tmp_path: Path) -> None:
    with open(os.devnull) as null:
        assert input_impossible(null)
    assert input_impossible(None)
    assert not input_impossible(io.StringIO(""))
    read_fd, write_fd = os.pipe()
    with open(read_fd) as reader:
        os.close(write_fd)
        assert not input_impossible(reader)  # a pipe may carry commands (it is read to its end)
    (tmp_path / "commands.txt").write_text("/schedule\n")
    with open(tmp_path / "commands.txt") as file:
        assert not input_impossible(file)
