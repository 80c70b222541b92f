"""Slack Block Kit rendering: limits, escaping of untrusted post text, mentions, dates, choices, metadata."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest

from bot.adapters.slack.render import (
    MAX_BLOCKS,
    MAX_HEADER_TEXT,
    MAX_OPTION_TEXT,
    MAX_OPTIONS,
    MAX_SECTION_TEXT,
    MAX_TOTAL_BLOCK_TEXT,
    PICK_SESSION_ACTION,
    render_slack,
)
from bot.services.messages import Attachment, Choice, Line, Mention, Message, Section
from bot.services.refs import session_ref

NY = ZoneInfo("America/New_York")
START = dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
TOKEN = re.compile(r"<([^<>]*)>")


def all_text(payload) -> str:
    return payload.text + "\n" + json.dumps(payload.blocks, ensure_ascii=False)


def mrkdwn_text(payload) -> str:
    """The fallback text and every mrkdwn field: what Slack parses for mentions (plain_text it does not)."""
    found: list[str] = [payload.text]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.blocks)
    return "\n".join(found)


def section_texts(payload) -> list[str]:
    return [b["text"]["text"] for b in payload.blocks if b["type"] == "section"]


def block_text_size(payload) -> int:
    size = 0
    for block in payload.blocks:
        size += len(block.get("text", {}).get("text", ""))
        size += sum(len(e.get("text", "")) for e in block.get("elements", []) if block["type"] == "context")
    return size


def test_untrusted_text_never_pings_and_only_configured_mentions_do() -> None:
    hostile = "Read this <!everyone> <!channel> <@U0666> <!subteam^S0666> @here @channel @everyone & <b>"
    message = Message(
        title=hostile,
        description=hostile,
        url="https://course.example/S0-L11/",
        sections=(
            Section(
                heading=hostile,
                url="https://course.example/S0-L11/",
                lines=(Line(text=hostile, url="https://arxiv.org/abs/1", note=hostile, people=(Mention("Ada", slack_user_id="U0ADA"),)),),
            ),
        ),
        choices=(Choice("S0-L11", hostile, hostile),),
        mentions=(Mention("Ada", slack_user_id="U0ADA"), Mention("Blog team", slack_group_id="S0BLOG"), Mention("No slack id")),
        footer=hostile,
    )
    payload = render_slack(message)
    text = mrkdwn_text(payload)
    tokens = {t for t in TOKEN.findall(text) if not t.startswith("http")}
    assert tokens == {"@U0ADA", "!subteam^S0BLOG"}  # nothing from the post, only Message.mentions
    assert "&lt;!everyone&gt;" in text and "&lt;@U0666&gt;" in text and "&amp;" in text
    assert payload.blocks[0]["text"]["type"] == "plain_text"  # header and select options: never parsed
    for word in ("here", "channel", "everyone"):
        assert not re.search(rf"@{word}\b", all_text(payload))  # the bare broadcast words are broken with a word joiner
        assert f"@\u2060{word}" in text
    # the mentions notify: they are in the fallback text and in a block of their own
    assert payload.text.endswith("<@U0ADA> <!subteam^S0BLOG>")
    assert payload.blocks[1] == {"type": "section", "text": {"type": "mrkdwn", "text": "<@U0ADA> <!subteam^S0BLOG>"}}
    # people named on a line are shown by name, not pinged from there
    assert "· Ada" in section_texts(payload)[-1]


def test_links_dates_and_notes() -> None:
    message = Message(
        title="S0-L11 readings",
        sections=(
            Section(
                heading="Required readings",
                url="https://course.example/S0-L11/",
                when=START,
                lines=(
                    Line("Paper A", url="https://example.org/a?x=1&y=2|3>", when=START, note="https://hf.co/blog/rlhf"),
                    Line("Paper B", url="javascript:alert(1)", note="+3 more readings"),
                    Line("Paper C"),
                ),
            ),
        ),
    )
    (text,) = section_texts(render_slack(message))
    stamp = int(START.timestamp())
    heading, a, b, c = text.split("\n")
    assert heading == f"*<https://course.example/S0-L11/|Required readings>*  <!date^{stamp}^{{date_short_pretty}} {{time}}|Tue 27 Feb 2024 14:00 EST>"
    assert a.startswith("• <https://example.org/a?x=1&amp;y=2%7C3%3E|Paper A> — <!date^")
    assert a.endswith(" · <https://hf.co/blog/rlhf|https://hf.co/blog/rlhf>")
    assert b == "• Paper B · _+3 more readings_"  # an unsafe scheme is shown as text, never linked
    assert c == "• Paper C"


def test_naive_time_is_shown_as_text_not_a_failure() -> None:
    message = Message(title="t", sections=(Section("s", lines=(Line("x", when=dt.datetime(2024, 2, 27, 14, 0)),)),))
    assert section_texts(render_slack(message)) == ["*s*\n• x — Tue 27 Feb 2024 14:00"]


def test_long_lists_stay_within_slack_limits_and_say_how_many_more() -> None:
    sections = tuple(
        Section(heading=f"Session {i}", url=f"https://course.example/{i}/", lines=tuple(
            Line(f"Reading {i}.{j} " + "word " * 60, url=f"https://arxiv.org/abs/{i}.{j}") for j in range(30)
        ))
        for i in range(100)
    )
    message = Message(title="T" * 400, description="d", url="https://course.example/", sections=sections,
                      footer="footer", mentions=(Mention("Ada", slack_user_id="U0ADA"),))
    payload = render_slack(message)
    assert len(payload.blocks) <= MAX_BLOCKS
    header = payload.blocks[0]["text"]["text"]
    assert len(header) == MAX_HEADER_TEXT and header.endswith("…")
    assert all(len(t) <= MAX_SECTION_TEXT for t in section_texts(payload))
    assert block_text_size(payload) <= MAX_TOTAL_BLOCK_TEXT
    shown = sum(t.count("• ") for t in section_texts(payload))
    note = payload.blocks[-2]["elements"][0]["text"]  # the footer stays last
    assert note == f"+{100 * 30 - shown} more lines — <https://course.example/|see the full page>"
    assert payload.blocks[-1]["elements"][0]["text"] == "footer"


def test_many_blocks_are_cut_at_fifty() -> None:
    sections = tuple(Section(heading=f"S{i}", lines=(Line(f"r{i}"),)) for i in range(80))
    payload = render_slack(Message(title="t", sections=sections))
    assert len(payload.blocks) == MAX_BLOCKS
    assert payload.blocks[-1]["elements"][0]["text"] == f"+{80 - (MAX_BLOCKS - 2)} more lines not shown"


def test_one_huge_line_is_cut_without_breaking_escapes_or_links() -> None:
    message = Message(title="t", sections=(Section("s", lines=(
        Line("a&b " * 2000, note="n"),
        Line("multi\nline   title " * 500, url="https://x.org/"),
    )),))
    texts = section_texts(render_slack(message))
    assert all(len(t) <= MAX_SECTION_TEXT for t in texts)
    plain_line, linked = texts[0].split("\n")[1], texts[1]
    assert plain_line.endswith("b… · _n_") and not re.search(r"&[a-z]*…", plain_line)  # the note is kept
    assert linked.startswith("• <https://x.org/|multi line title multi") and linked.endswith("…>")  # the link survives
    assert "\n" not in linked


def test_long_description_is_split_between_words() -> None:
    words = [f"w{i}&" for i in range(1000)]
    payload = render_slack(Message(title="t", description=" ".join(words)))
    texts = section_texts(payload)
    assert len(texts) > 1 and all(len(t) <= MAX_SECTION_TEXT for t in texts)
    rejoined = " ".join(texts).split()
    assert rejoined == [w.replace("&", "&amp;") for w in words]


def test_choices_become_a_static_select_within_limits() -> None:
    choices = tuple(Choice(f"S0-L{i:03d}", f"S0-L{i:03d} · " + "long title " * 20, "Tue 6 Feb 14:00") for i in range(150))
    payload = render_slack(Message(title="Pick", choices=choices))
    actions = [b for b in payload.blocks if b["type"] == "actions"]
    (select,) = actions[0]["elements"]
    assert select["type"] == "static_select" and select["action_id"] == PICK_SESSION_ACTION
    assert len(select["options"]) == MAX_OPTIONS
    assert select["options"][0]["value"] == "S0-L000"
    assert all(len(o["text"]["text"]) <= MAX_OPTION_TEXT for o in select["options"])
    assert payload.blocks[-1]["elements"][0]["text"] == "+50 more matches not listed"


def test_a_choice_whose_slug_is_longer_than_an_option_value_is_offered_by_a_reference() -> None:
    """Slack takes 150 characters of an option's value: a longer slug was left out of the menu; it is offered
    by a reference that names it (bot.services.refs), which Lookups reads back."""
    long = "S0-" + "a-very-long-session-name-" * 8
    payload = render_slack(Message(title="Pick", choices=(Choice(long + "one", "One"), Choice(long + "two", "Two"))))
    (select,) = next(b for b in payload.blocks if b["type"] == "actions")["elements"]
    values = [o["value"] for o in select["options"]]
    assert values == [session_ref(long + "one", 150), session_ref(long + "two", 150)]
    assert len(set(values)) == 2 and all(len(v) == 150 for v in values)


def test_metadata_carries_the_ledger_key_and_hash() -> None:
    message = Message(title="Digest", kind="digest", key="digest:2024-W09")
    payload = render_slack(message)
    assert payload.metadata == {"event_type": "coursebot_post", "event_payload": {"key": "digest:2024-W09", "hash": message.content_hash}}
    assert payload.message_kwargs()["metadata"] == payload.metadata
    reply = render_slack(Message(title="Reply"))
    assert reply.metadata is None and "metadata" not in reply.message_kwargs()


def test_empty_title_attachments_and_small_budgets() -> None:
    payload = render_slack(Message(title="  ", attachments=(Attachment("course.ics", b"x", "text/calendar"),)))
    assert payload.blocks[0]["text"]["text"] == "coursebot"
    assert payload.blocks[-1]["elements"][0]["text"] == "Attached: course.ics"
    assert payload.text == "coursebot"
    with pytest.raises(ValueError, match="max_blocks"):
        render_slack(Message(title="t"), max_blocks=2)
