"""Terminal rendering of neutral messages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.adapters.console.render import clean, render_console
from bot.services.messages import Attachment, Choice, Line, Mention, Message, Section, error

NY = ZoneInfo("America/New_York")
WHEN = dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)


def test_title_sections_links_notes_and_people() -> None:
    message = Message(
        title="FM toxicity",
        description="S0-L11: 1 required, 0 more.",
        url="https://course.example/S0-L11/",
        sections=(
            Section(
                heading="S0-L11 · FM toxicity",
                url="https://course.example/S0-L11/",
                when=WHEN,
                lines=(
                    Line(text="Paper A", url="https://a.example", note="https://b.example"),
                    Line(text="Blog team: team-3", people=(Mention(name="Barbara Liskov"),)),
                    Line(text="Reading team: team-1", note="Ada Lovelace", people=(Mention(name="Ada Lovelace"),)),
                ),
            ),
        ),
        mentions=(Mention(name="team-3", discord_role_id=5), Mention(name="Ada Lovelace", discord_user_id=1)),
        footer="digest:2024-W09",
    )
    assert render_console(message).splitlines() == [
        "FM toxicity",
        "===========",
        "<https://course.example/S0-L11/>",
        "S0-L11: 1 required, 0 more.",
        "",
        "Tue 27 Feb 14:00 · S0-L11 · FM toxicity <https://course.example/S0-L11/>",
        "  - Paper A <https://a.example> · https://b.example",
        "  - Blog team: team-3 · Barbara Liskov",
        "  - Reading team: team-1 · Ada Lovelace",  # named once, by the note
        "",
        "Notifies: team-3, Ada Lovelace",
        "",
        "digest:2024-W09",
    ]


def test_datetimes_shown_in_given_tz() -> None:
    utc = dt.datetime(2024, 2, 27, 19, 0, tzinfo=dt.UTC)
    message = Message(title="t", sections=(Section(heading="h", lines=(Line(text="starts", when=utc),)),))
    assert "starts (Tue 27 Feb 14:00)" in render_console(message, tz=NY)
    assert "starts (Tue 27 Feb 19:00)" in render_console(message)


def test_choices_are_numbered_and_attachments_noted() -> None:
    message = Message(
        title="“S0-Intro” matches 2 sessions",
        choices=(Choice("S0-L05", "S0-L05 · Survey", "Tue 6 Feb 14:00"), Choice("x1", "Other")),
        attachments=(Attachment("course.ics", b"x" * 2048, "text/calendar"),),
    )
    text = render_console(message)
    assert "  1. S0-L05 · Survey · Tue 6 Feb 14:00" in text
    assert "  2. Other [x1]" in text
    assert "Attachment: course.ics (text/calendar, 2.0 kB)" in text


def test_errors_are_marked_with_what_went_wrong() -> None:
    text = render_console(error("No session matches “x”.", title="No such session"))
    assert text.startswith("Error: No such session\n")


def test_control_characters_from_posts_are_removed() -> None:
    message = Message(title="evil\x1b[2Jtitle", sections=(Section(heading="h\x07", lines=(Line(text="a\x1b]0;pwn\x07b"),)),))
    text = render_console(message)
    assert "\x1b" not in text and "\x07" not in text
    assert clean("tab\there\x00") == "tab here"


def test_wrapping_keeps_urls_whole() -> None:
    url = "https://example.org/" + "x" * 60
    message = Message(title="t", description="word " * 30, sections=(Section(heading="h", lines=(Line(text="A long reading title " * 3, url=url),)),))
    lines = render_console(message, width=40).splitlines()
    assert any(url in line for line in lines)
    assert all(len(line) <= 40 for line in lines if url not in line)
    assert any(line.startswith("    ") for line in lines)  # bullets wrap with a hanging indent
