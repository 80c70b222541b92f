"""render_discord: Discord's limits, timestamps, mentions, escaping, the ledger key, choices and files."""

from __future__ import annotations

import datetime as dt

import discord
import pytest

from bot.adapters.discord.render import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FIELDS_PER_EMBED,
    TITLE_LIMIT,
    RenderedDiscordMessage,
    MAX_MESSAGES,
    key_of,
    part_of,
    post_part,
    render_discord,
)
from bot.adapters.discord.views import ChoiceView
from bot.services.messages import Attachment, Choice, Line, Mention, Message, Section, error

WHEN = dt.datetime(2026, 11, 10, 19, 0, tzinfo=dt.UTC)


def all_text(payloads: list[RenderedDiscordMessage]) -> str:
    parts: list[str] = []
    for p in payloads:
        parts.append(p.content or "")
        for e in p.embeds:
            parts += [e.title or "", e.description or "", e.footer.text or ""]
            parts += [f"{f.name}\n{f.value}" for f in e.fields]
    return "\n".join(parts)


def assert_within_limits(payloads: list[RenderedDiscordMessage]) -> None:
    for p in payloads:
        assert len(p.embeds) <= EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in p.embeds) <= EMBED_TOTAL_LIMIT
        assert len(p.content or "") <= CONTENT_LIMIT
        for e in p.embeds:
            assert len(e.title or "") <= TITLE_LIMIT
            assert len(e.description or "") <= DESCRIPTION_LIMIT
            assert len(e.fields) <= FIELDS_PER_EMBED
            for f in e.fields:
                assert 0 < len(f.name) <= FIELD_NAME_LIMIT and 0 < len(f.value) <= FIELD_VALUE_LIMIT


def test_a_short_reply_is_one_embed() -> None:
    message = Message(title="S0-L01 · Intro", url="https://course.example/S0-L01/", description="Two readings.",
                      sections=(Section("Required", (Line("Attention", url="https://arxiv.org/abs/1706.03762"),)),))
    [payload] = render_discord(message)
    [embed] = payload.embeds
    assert embed.title == "S0-L01 · Intro" and embed.url == "https://course.example/S0-L01/"
    assert embed.fields[0].value == "• [Attention](https://arxiv.org/abs/1706.03762)"
    assert payload.content is None and payload.files == [] and payload.view is None


def test_huge_messages_split_within_every_limit_and_lose_nothing() -> None:
    sections = tuple(
        Section(f"Session {s} " + "h" * 300,
                tuple(Line(f"reading-{s}-{i} " + "x" * 200, url=f"https://example.org/{s}/{i}", when=WHEN)
                      for i in range(30)))
        for s in range(40)
    )
    message = Message(title="T" * 500, description="d" * 9000, sections=sections, key="digest:2026-W46")
    payloads = render_discord(message, max_messages=100)
    assert len(payloads) > 1
    assert_within_limits(payloads)
    text = all_text(payloads)
    assert all(f"reading-{s}-{i}" in text for s in range(40) for i in range(30))
    assert key_of(payloads[0].embeds[0]) == "digest:2026-W46"
    assert [post_part(p.embeds[0]) for p in payloads] == [("digest:2026-W46", i) for i in range(len(payloads))]
    assert all(key_of(p.embeds[0]) is None for p in payloads[1:])
    assert text.count("d") >= 9000


def test_an_over_long_single_line_is_wrapped_not_fatal() -> None:
    message = Message(title="x", sections=(Section("s", (Line("y" * 5000),)),))
    payloads = render_discord(message)
    assert_within_limits(payloads)
    assert all_text(payloads).count("y") == 5000


def test_times_are_discord_timestamps() -> None:
    message = Message(title="x", sections=(Section("s", (Line("class", when=WHEN),), when=WHEN),))
    value = render_discord(message)[0].embeds[0].fields[0].value
    stamp = int(WHEN.timestamp())
    assert f"<t:{stamp}:F>" in value and f"<t:{stamp}:R>" in value


def test_only_the_messages_mentions_may_ping_and_they_go_in_the_content() -> None:
    message = Message(title="Digest", kind="digest",
                      mentions=(Mention("team-1", discord_role_id=11), Mention("Ada", discord_user_id=22),
                                Mention("Slack only", slack_user_id="U1")))
    [payload] = render_discord(message)
    assert payload.content == "<@&11> <@22>"
    assert payload.allowed_mentions.to_dict() == {"parse": [], "users": [22], "roles": [11]}
    assert "<@" not in all_text([RenderedDiscordMessage(None, payload.embeds)])


def test_no_mentions_means_nobody_is_pinged() -> None:
    [payload] = render_discord(Message(title="x"))
    assert payload.content is None
    assert payload.allowed_mentions.to_dict() == {"parse": []}


def test_post_text_is_escaped() -> None:
    message = Message(
        title="**Bold** @everyone", description="_under_ @here <@123456789012345678>",
        sections=(Section("`code` [x]", (Line("see [this](https://evil.example)", url="https://a.example/p_(1)"),)),),
    )
    text = all_text(render_discord(message))
    assert "\\*\\*Bold\\*\\*" in text and "@everyone" not in text and "@here" not in text
    assert "<@123456789012345678>" not in text
    assert "[see \\[this\\](https://evil.example)](https://a.example/p_%281%29)" in text


def test_non_web_links_are_not_linked() -> None:
    [payload] = render_discord(Message(title="x", url="javascript:alert(1)",
                                       sections=(Section("s", (Line("t", url="file:///etc/passwd"),)),)))
    assert payload.embeds[0].url is None
    assert "file://" not in all_text([payload])


def test_the_ledger_key_survives_a_long_footer() -> None:
    message = Message(title="x", footer="f" * 3000, key="reminder:S0-L11")
    [payload] = render_discord(message)
    footer = payload.embeds[0].footer.text
    assert len(footer) <= 2048 and key_of(payload.embeds[0]) == "reminder:S0-L11"
    assert key_of(render_discord(Message(title="x", footer="plain"))[0].embeds[0]) is None


async def _pick(interaction: discord.Interaction, value: str) -> None:  # a ChoiceHandler
    raise AssertionError("not called in rendering tests")


def test_choices_become_a_select_menu() -> None:
    choices = tuple(Choice(f"S0-L{i:02d}", f"S0-L{i:02d} · " + "t" * 200, "d" * 200) for i in range(30))
    message = Message(title="Which session?", choices=choices)
    [payload] = render_discord(message, on_choice=_pick)
    assert isinstance(payload.view, ChoiceView)
    selects = [item for item in payload.view.children if isinstance(item, discord.ui.Select)]
    assert [len(s.options) for s in selects] == [25, 5]
    assert all(len(o.label) <= 100 and len(o.description or "") <= 100 for s in selects for o in s.options)
    assert selects[0].options[0].value == "S0-L00"


def test_choices_without_a_handler_are_listed() -> None:
    [payload] = render_discord(Message(title="?", choices=(Choice("S0-L01", "Intro"),)))
    assert payload.view is None and "S0-L01" in all_text([payload])


def test_attachments_become_files_on_the_first_message() -> None:
    message = Message(title="Calendar", attachments=(Attachment("course.ics", b"BEGIN:VCALENDAR", "text/calendar"),))
    [payload] = render_discord(message)
    [file] = payload.files
    assert file.filename == "course.ics" and file.fp.read() == b"BEGIN:VCALENDAR"


@pytest.mark.parametrize("kind", ["reply", "digest", "reminder", "error"])
def test_every_kind_renders(kind: str) -> None:
    [payload] = render_discord(Message(title="x", kind=kind))  # type: ignore[arg-type]
    assert payload.embeds[0].colour is not None


def test_errors_are_ephemeral() -> None:
    [payload] = render_discord(error("No such session"))
    assert payload.ephemeral and payload.embeds[0].description == "No such session"


def test_a_long_footer_and_full_fields_stay_within_the_message_total() -> None:
    sections = tuple(Section(f"s{i}", tuple(Line("z" * 1000) for _ in range(1))) for i in range(12))
    payloads = render_discord(Message(title="t", footer="f" * 2000, key="digest:2026-W46", sections=sections))
    assert_within_limits(payloads)


@pytest.mark.parametrize("key", [None, "notice:absurd", "reminder:" + "S" * 120])
def test_a_full_title_description_and_footer_stay_within_the_message_total(key: str | None) -> None:
    """Title (256) + description (4,096) + footer (2,048) is 6,400: over Discord's 6,000 for one message
    (found by the fake Discord refusing it with 400). The first embed's description gives way; nothing is lost."""
    message = Message(title="T" * 1000, description="D" * 10_000, footer="F" * 5000, key=key)
    payloads = render_discord(message, max_messages=100)
    assert_within_limits(payloads)
    assert all_text(payloads).count("D") == 10_000
    if key:
        assert key_of(payloads[0].embeds[0]) == key


def test_many_mentions_keep_whole_tokens() -> None:
    mentions = tuple(Mention(f"m{i}", discord_user_id=10**17 + i) for i in range(200))
    [payload] = render_discord(Message(title="x", mentions=mentions))
    assert len(payload.content or "") <= CONTENT_LIMIT
    assert all(token.startswith("<@") and token.endswith(">") for token in (payload.content or "").split())


def test_a_footer_that_is_the_key_is_not_shown_twice() -> None:
    message = Message(title="Digest", kind="digest", key="digest:2026-W49", footer="digest:2026-W49")
    (payload,) = render_discord(message)
    assert payload.embeds[0].footer.text == "ref: digest:2026-W49"


@pytest.mark.parametrize("width", range(150, 1030, 41))
@pytest.mark.parametrize("key", ["digest:2026-W46", "reminder:" + "S" * 120])
def test_continuations_stay_within_the_embed_total_with_their_footer(width: int, key: str) -> None:
    """The ``ref n/m: KEY`` footer of a continuation is counted before its embeds are filled: no message
    goes over 6,000 characters (Discord answers 400), whatever the line widths (digest_days >= 56)."""
    lines = tuple(Line("r" * width) for _ in range(60))
    sections = tuple(Section(f"Session {i}", lines) for i in range(6))
    payloads = render_discord(Message(title="Digest", kind="digest", sections=sections, key=key), max_messages=100)
    assert len(payloads) > 1
    assert_within_limits(payloads)


def test_a_huge_post_is_capped_with_a_link_to_the_page() -> None:
    """A 900 kB post must not become 180 public messages: at most MAX_MESSAGES, then "+N more lines"."""
    lines = tuple(Line(f"reading {i} " + "x" * 400, url=f"https://example.org/{i}") for i in range(2200))
    message = Message(title="Reminder", kind="reminder", url="https://course.example/S0-L03/",
                      sections=(Section("S0-L03", lines, url="https://course.example/S0-L03/"),), key="reminder:S0-L03")
    payloads = render_discord(message)
    assert len(payloads) == MAX_MESSAGES
    assert_within_limits(payloads)
    last = payloads[-1].embeds[-1].fields[-1]
    shown = all_text(payloads).count("reading ")
    assert last.value == f"+{2200 - shown} more lines on the [session page](https://course.example/S0-L03/)"
    assert [post_part(p.embeds[0]) for p in payloads] == [("reminder:S0-L03", i) for i in range(MAX_MESSAGES)]


def test_a_file_name_cannot_make_a_footer_that_names_another_key() -> None:
    """A slug holding `` • ref: KEY`` (or a line break and ``ref: KEY``) is escaped in its own key, so its
    footer never names the week's digest: only the exact key matches."""
    for slug in ("x • ref: digest:2026-W46", "x\nref: digest:2026-W46", "x (1/2)", "x\\nref: digest:2026-W46"):
        payloads = render_discord(Message(title="x", kind="reminder", key=f"reminder:{slug}", footer=f"reminder:{slug}"))
        embed = payloads[0].embeds[0]
        assert part_of(embed, "digest:2026-W46") is None
        assert part_of(embed, f"reminder:{slug}") == 0
    forged = render_discord(Message(title="x", footer="t\nref: digest:2026-W46", key="reminder:y"))[0].embeds[0]
    assert part_of(forged, "digest:2026-W46") is None and part_of(forged, "reminder:y") == 0
    assert part_of(render_discord(Message(title="x", key="reminder:a\nb"))[0].embeds[0], "reminder:a\\nb") is None


def test_more_than_100_mentions_are_split_over_messages() -> None:
    """Discord rejects ``allowed_mentions`` lists of more than 100 users or roles: each message names at
    most 100 of each, exactly those whose mention is in its content."""
    people = tuple(Mention(f"p{i}", discord_user_id=10**17 + i) for i in range(250))
    lines = tuple(Line("r" * 900) for _ in range(200))
    message = Message(title="Reminder", kind="reminder", mentions=people, sections=(Section("s", lines),), key="reminder:x")
    payloads = render_discord(message)
    assert_within_limits(payloads)
    pinged: list[int] = []
    for p in payloads:
        allowed = p.allowed_mentions.to_dict()
        assert len(allowed.get("users", [])) <= 100 and len(allowed.get("roles", [])) <= 100
        assert allowed["parse"] == []
        in_content = [int(t[2:-1]) for t in (p.content or "").split()]
        assert sorted(allowed.get("users", [])) == sorted(in_content)
        pinged += in_content
    assert pinged == [10**17 + i for i in range(250)]
