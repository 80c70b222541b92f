"""Fixtures for the Discord adapter: course data in a real Store, the real services, and a running bot
connected to the loopback fake Discord (tests/fakes/discord.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.adapters.discord import CourseBot, DiscordTransport, create_bot
from bot.config import CourseConfig, CourseSection, DiscordSection, Member, ScheduleSection, Team
from bot.services.lookups import Lookups
from bot.services.posting import Posting
from bot.store.sessions import Store
from tests.fakes.discord import FakeDiscord, FakeUser, pointed_at

GUILD = 710_000_000_000_000_001
CHANNEL = 710_000_000_000_000_002
STAFF_ROLE = 710_000_000_000_000_003
TEAM1_ROLE = 710_000_000_000_000_004
ADA = 710_000_000_000_000_005
GRACE = 710_000_000_000_000_006
# Sunday 8 Nov 2026, 18:00 in New York: the weekly digest covers Tue 10 and Thu 12 Nov.
NOW = dt.datetime(2026, 11, 8, 23, 0, tzinfo=dt.UTC)


def post(title: str, lecture: str, day: str, roles: dict[str, str], required: list[tuple[str, str]],
         more: list[tuple[str, str]] = ()) -> str:
    """A session post in the course site's format (see shared/corpus/gold/SPEC.md)."""
    front = [f"title: {title!r}", f"lecture: {lecture}", f"date: {day}"] + [f"{k}: {v}" for k, v in roles.items()]
    body = ["---", "layout: post", *front, "---", "", "## Required Readings", ""]
    for name, url in required:
        body += [f"### {name}", f"  + {url}", ""]
    if more:
        body += ["## More Readings", ""]
        for name, url in more:
            body += [f"### {name}", f"  + {url}", ""]
    return "\n".join(body)


def write_site(site: Path, *, extra_reading: str | None = None) -> None:
    """Three sessions; two share the lecture id S0-Intro (ambiguous), the third has 40 readings and
    markdown and @everyone in its title."""
    site.mkdir(parents=True, exist_ok=True)
    intro = [("Attention Is All You Need", "https://arxiv.org/abs/1706.03762")]
    if extra_reading:
        intro.append((extra_reading, "https://example.org/extra"))
    posts = {
        "S0-L01.md": post("Course introduction", "S0-Intro", "2026-11-10", {"notes": "team-1", "video": "team-2"}, intro),
        "S0-L02.md": post("Scaling laws", "S0-Intro", "2026-11-12", {"notes": "team-2"},
                          [("Scaling Laws for Neural Language Models", "https://arxiv.org/abs/2001.08361")],
                          [("Chinchilla", "https://arxiv.org/abs/2203.15556")]),
        "S0-L03.md": post("Alignment *basics* @everyone", "S0-L03", "2026-11-17", {"notes": "team-1"},
                          [(f"Alignment paper {i}", f"https://arxiv.org/abs/2300.{i:05d}") for i in range(3)],
                          [(f"Alignment paper {i}", f"https://arxiv.org/abs/2300.{i:05d}") for i in range(3, 40)]),
    }
    for name, text in posts.items():
        (site / name).write_text(text, encoding="utf-8")


@pytest.fixture
def config(tmp_path: Path) -> CourseConfig:
    return CourseConfig(
        course=CourseSection(name="Test Seminar", site=tmp_path / "site"),
        roles={"notes": "Blog team", "video": "Reading team"},
        teams=[
            Team(id="team-1", members=[Member(name="Ada Lovelace", discord_id=ADA)], discord_role_id=TEAM1_ROLE),
            Team(id="team-2", members=[Member(name="Grace Hopper", discord_id=GRACE)]),
        ],
        schedule=ScheduleSection(reminder_hours=None),
        discord=DiscordSection(guild_ids=[GUILD], channel_id=CHANNEL, staff_role_id=STAFF_ROLE),
    )


@pytest.fixture
def site_writer() -> Callable[[Path], None]:
    """What writes the three-session site ``store`` syncs; a test module overrides it to test another site."""
    return write_site


@pytest.fixture
async def store(tmp_path: Path, config: CourseConfig, site_writer: Callable[[Path], None]) -> AsyncIterator[Store]:
    site_writer(config.site_path)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        report = await store.sync(config)
        assert (report.parsed, report.failed) == (3, 0), report.problems
        yield store


@pytest.fixture
def lookups(store: Store, config: CourseConfig) -> Lookups:
    return Lookups(store, config, clock=lambda: NOW)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    members = [
        FakeUser(ADA, "ada", roles=(TEAM1_ROLE,)),
        FakeUser(GRACE, "grace"),
    ]
    async with FakeDiscord(guild_id=GUILD, channel_id=CHANNEL, members=members,
                           roles={STAFF_ROLE: "staff", TEAM1_ROLE: "team-1"}) as fake:
        with pointed_at(fake):
            yield fake


@dataclass
class Running:
    bot: CourseBot
    posting: Posting
    transport: DiscordTransport
    fake: FakeDiscord
    student: FakeUser
    staff: FakeUser


async def _no_sleep(seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.fixture
async def running(fake: FakeDiscord, lookups: Lookups, store: Store, config: CourseConfig) -> AsyncIterator[Running]:
    """The real bot, logged in to the fake and ready (commands synced), with posting to the course channel."""
    bot = create_bot(lookups, None, config, guild_ready_timeout=0.01)
    transport = DiscordTransport(bot, CHANNEL)
    bot.posting = Posting(store, config, transport, clock=lambda: NOW, sleep=_no_sleep)
    await bot.login(fake.token)
    task = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield Running(
            bot, bot.posting, transport, fake,
            student=fake.member("student"),
            staff=fake.member("ta", roles=(STAFF_ROLE,)),
        )
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)

