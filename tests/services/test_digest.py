"""Composing digests and reminders: window, key, readings, teams and mentions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.config import CourseConfig
from bot.course.models import Reading, Session
from bot.services.digest import compose_digest, compose_reminder, digest_key, digest_sessions, is_empty_digest

NY = ZoneInfo("America/New_York")
SUNDAY_18 = dt.datetime(2024, 2, 25, 18, 0, tzinfo=NY)


def names(line: Line) -> str:
    """The people a line names (renderers show them), as text."""
    return ", ".join(p.name for p in line.people)


def make_config(**schedule: object) -> CourseConfig:
    return CourseConfig.model_validate(
        {
            "course": {"name": "Seminar", "timezone": "America/New_York", "meeting_time": "14:00"},
            "schedule": schedule,
            "teams": [
                {"id": "team-1", "members": [{"name": "Ada", "discord_id": 11}, {"name": "Alan"}]},
                {"id": "team-3", "discord_role_id": 300, "members": [{"name": "Barbara", "discord_id": 31}]},
                {"id": "team-4", "members": [{"name": "Frances", "slack_id": "U4"}]},
            ],
        }
    )


def reading(title: str, *, required: bool = True, url: str | None = None) -> Reading:
    return Reading(section="Required Readings" if required else "More Readings", required=required, title=title,
                   urls=(url, url + "/v2") if url else ())


def session(slug: str, day: dt.date | None, *, roles: dict[str, str] | None = None, readings: tuple[Reading, ...] = (),
            meeting: bool = True, title: str | None = None) -> Session:
    return Session(file=f"_contents/{slug}.md", slug=slug, title=title or f"Title {slug}", lecture=None,
                   roles=roles or {}, date=day, url=f"https://site/{slug}", readings=readings, meeting=meeting)


def test_window_is_the_coming_days_after_at() -> None:
    config = make_config()
    sessions = [
        session("before", dt.date(2024, 2, 22)),
        session("tue", dt.date(2024, 2, 27)),
        session("thu", dt.date(2024, 2, 29)),
        session("next-tue", dt.date(2024, 3, 5)),
        session("undated", None),
        session("extra", dt.date(2024, 2, 28), meeting=False),
    ]
    assert [s.slug for _, s in digest_sessions(sessions, SUNDAY_18, config)] == ["tue", "thu"]
    # a three-day digest stops before Thursday
    short = make_config(digest_days=3)
    assert [s.slug for _, s in digest_sessions(sessions, SUNDAY_18, short)] == ["tue"]
    # a session starting exactly at `at` is not "coming"; one starting exactly at the end is
    at_start = dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    assert [s.slug for _, s in digest_sessions(sessions, at_start, config)] == ["thu", "next-tue"]


def test_key_names_the_coming_iso_week_in_course_time() -> None:
    config = make_config()
    assert digest_key(SUNDAY_18, config) == "digest:2024-W09"  # Sunday evening names the week from Monday
    assert digest_key(dt.datetime(2024, 2, 28, 9, 0, tzinfo=NY), config) == "digest:2024-W09"  # mid-week: that week
    # 2024-02-25 23:30 UTC is still Sunday in New York; 2024-02-26 05:00 UTC is Monday 00:00 there
    assert digest_key(dt.datetime(2024, 2, 25, 23, 30, tzinfo=dt.UTC), config) == "digest:2024-W09"
    assert digest_key(dt.datetime(2024, 12, 29, 18, 0, tzinfo=NY), config) == "digest:2025-W01"


def test_digest_lists_required_readings_more_count_and_teams() -> None:
    config = make_config()
    tue = session(
        "S0-L11",
        dt.date(2024, 2, 27),
        title="FM toxicity",
        roles={"notes": "team-3", "video": "team-1"},
        readings=(reading("Fine-tuning", url="https://arxiv.org/abs/1"), reading("Sleeper", url="https://a.b/c"),
                  reading("SafeText", required=False, url="https://x"), reading("Other", required=False)),
    )
    thu = session("S0-L12", dt.date(2024, 2, 29), roles={"notes": "on FM list"}, readings=(reading("Solo"),))
    message = compose_digest([thu, tue], at=SUNDAY_18, config=config)
    assert (message.kind, message.key, message.footer) == ("digest", "digest:2024-W09", "digest:2024-W09")
    assert not is_empty_digest(message)
    first, second = message.sections
    assert first.url == "https://site/S0-L11" and first.heading == "FM toxicity"  # renderers show `when`
    assert first.when == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    texts = [(line.text, line.url) for line in first.lines]
    assert texts[:3] == [("Fine-tuning", "https://arxiv.org/abs/1"), ("Sleeper", "https://a.b/c"),
                         ("2 more readings", "https://site/S0-L11")]
    blog, video = first.lines[3:]
    assert blog.text == "Blog team: team-3" and [p.name for p in blog.people] == ["Barbara"]
    assert video.text == "Reading team: team-1" and names(video) == "Ada, Alan"
    # an unconfigured team stays text, names nobody
    assert [(line.text, line.people) for line in second.lines[1:]] == [("Blog team: on FM list", ())]
    # mentions: team-3's role (not its members: the role reaches them), team-1's members that have ids
    assert [(m.name, m.discord_role_id, m.discord_user_id) for m in message.mentions] == [
        ("team-3", 300, None), ("Ada", None, 11)
    ]


def test_mentions_come_only_from_the_configuration() -> None:
    config = make_config()
    hostile = session("S1", dt.date(2024, 2, 27), title="@everyone <@&999> read this",
                      roles={"notes": "@here, team-4", "video": "<@123>"}, readings=(reading("@everyone"),))
    message = compose_digest([hostile], at=SUNDAY_18, config=config)
    assert [(m.name, m.slack_user_id, m.discord_user_id, m.discord_role_id) for m in message.mentions] == [
        ("Frances", "U4", None, None)
    ]
    reminder = compose_reminder(hostile, config=config)
    assert [m.name for m in reminder.mentions] == ["Frances"]


def test_a_team_role_does_not_ping_members_again_on_its_platform() -> None:
    config = make_config()
    message = compose_digest([session("S1", dt.date(2024, 2, 27), roles={"notes": "team-3"})], at=SUNDAY_18, config=config)
    # team-3 has a Discord role: Barbara is reached through it, so she is not pinged twice on Discord
    assert [(m.name, m.discord_role_id) for m in message.mentions] == [("team-3", 300)]


def test_empty_window_gives_an_empty_digest() -> None:
    message = compose_digest([session("late", dt.date(2024, 4, 1))], at=SUNDAY_18, config=make_config())
    assert is_empty_digest(message) and message.key == "digest:2024-W09"
    assert "no sessions" in message.title and "Mon 26 Feb" in message.description


def test_reminder_names_teams_and_members() -> None:
    config = make_config()
    s = session("S0-L11", dt.date(2024, 2, 27), title="FM toxicity", roles={"notes": "team-3", "video": "team-1"},
                readings=(reading("Fine-tuning", url="https://arxiv.org/abs/1"),))
    message = compose_reminder(s, config=config)
    assert (message.kind, message.key, message.url) == ("reminder", "reminder:S0-L11", "https://site/S0-L11")
    assert "FM toxicity" in message.title and "Tue 27 Feb 14:00" in message.title
    assert "Blog team: team-3" in message.description and "Reading team: team-1" in message.description
    (section,) = message.sections
    assert section.when == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    names = [p.name for line in section.lines for p in line.people]
    assert names == ["Barbara", "Ada", "Alan"]
    assert {m.name for m in message.mentions} == {"team-3", "Ada"}


def test_reminder_without_teams_says_so() -> None:
    message = compose_reminder(session("S9", dt.date(2024, 2, 27)), config=make_config())
    assert message.mentions == () and "No team" in message.description
    assert message.sections[0].lines[0].text == "No readings listed yet"


def test_title_names_the_days_the_window_covers() -> None:
    config = make_config()
    sessions = [session("tue", dt.date(2024, 2, 27)), session("thu", dt.date(2024, 2, 29))]
    # posted on Sunday evening: the coming week, from Monday
    assert compose_digest(sessions, at=SUNDAY_18, config=config).title == "Seminar: readings for Mon 26 Feb – Sun 3 Mar"
    # previewed on Tuesday morning: that afternoon's session is in it, so the title starts today
    tuesday_morning = dt.datetime(2024, 2, 27, 8, 0, tzinfo=NY)
    message = compose_digest(sessions, at=tuesday_morning, config=config)
    assert [s.when.date() for s in message.sections if s.when] == [dt.date(2024, 2, 27), dt.date(2024, 2, 29)]
    assert message.title == "Seminar: readings for Tue 27 Feb – Tue 5 Mar"
