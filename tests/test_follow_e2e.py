"""The real bot follows a real git repository: commits pushed during the test reach the channel as change
notices, broken posts and an unreachable remote reach the staff channel (console transport and the fake
Discord; the remote is a bare repository on disk, and dulwich's HTTP server on 127.0.0.1). Time is the
injected clock; nothing sleeps."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from bot.adapters.console import ConsoleTransport
from bot.app import Runtime, run_bot
from bot.config import (
    CourseConfig, CourseSection, DiscordSection, Member, NoticesSection, ScheduleSection, Secrets, Team,
)
from bot.services.follow import SiteFollower
from bot.services.posting import Posting
from bot.store.ledger import InstanceLock
from bot.store.sessions import Store
from tests.fakes.discord import FakeDiscord, pointed_at
from tests.fakes.gitremote import GitRemote

NY = ZoneInfo("America/New_York")
MONDAY = dt.datetime(2026, 11, 9, 9, 0, tzinfo=NY)  # no digest or reminder falls due around here
CONFIG_YML = "title: Seminar\nurl: https://course.example\ncollections:\n  contents:\n    output: true\n"
ADA = "Ada Lovelace <ada@example.org>"


def post(title: str, day: str, *, notes: str, readings: tuple[str, ...]) -> str:
    body = ["---", f"title: {title}", f"date: {day}", f"notes: {notes}", "---", "", "## Required Readings", ""]
    for i, name in enumerate(readings):
        body += [f"### {name}", f"  + https://arxiv.org/abs/2401.{i:05d}", ""]
    return "\n".join(body)


L02 = post("Scaling laws", "2026-11-10", notes="team-1", readings=("Kaplan et al.", "Chinchilla"))
L03 = post("Alignment", "2026-11-12", notes="team-2", readings=("InstructGPT",))


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


def config_for(remote_url: str, **discord: object) -> CourseConfig:
    return CourseConfig(
        course=CourseSection(name="Seminar", repo=remote_url, timezone="America/New_York"),
        teams=[Team(id=f"team-{i}", members=[Member(name=f"Member {i}")]) for i in (1, 2, 3)],
        schedule=ScheduleSection(reminder_hours=None, digest_cron="0 18 * * sun"),
        notices=NoticesSection(debounce_minutes=5, remote_alert_minutes=60),
        discord=DiscordSection(**discord),  # type: ignore[arg-type]
    )


@pytest.fixture
def remote(tmp_path: Path) -> GitRemote:
    remote = GitRemote(tmp_path / "origin")
    remote.commit({
        "_config.yml": CONFIG_YML,
        "_contents/L01.md": post("Introduction", "2026-11-05", notes="team-3", readings=("Attention",)),
        "_contents/L02.md": L02,
        "_contents/L03.md": L03,
    }, "Course site", author=ADA)
    return remote


class Bot:
    """The running side of the bot (as run_bot wires it) on a console channel and a console staff channel."""

    def __init__(self, runtime: Runtime, channel: io.StringIO, staff: io.StringIO) -> None:
        self.runtime = runtime
        self.channel = channel
        self.staff = staff
        self._seen = {"channel": 0, "staff": 0}

    def new(self, which: str) -> str:
        """What reached ``which`` since the last call."""
        text = getattr(self, which).getvalue()
        out = text[self._seen[which]:]
        self._seen[which] = len(text)
        return out


@contextlib.asynccontextmanager
async def console_bot(config: CourseConfig, tmp_path: Path, clock: Clock) -> AsyncIterator[Bot]:
    async with await Store.open(tmp_path / "data" / "coursebot.sqlite3") as store:
        lock = InstanceLock(store.db, clock=clock)
        await lock.acquire()
        follower = SiteFollower.for_config(store, config, data_dir=tmp_path / "data", clock=clock)
        await follower.sync(force=True)
        channel, staff = io.StringIO(), io.StringIO()
        cfg = follower.config
        posting = Posting(store, cfg, ConsoleTransport(channel, tz=NY), clock=clock)
        staff_posting = Posting(store, cfg, ConsoleTransport(staff, channel="staff", tz=NY), clock=clock)
        runtime = Runtime(store, cfg, posting, lock, clock=clock, follower=follower, staff=staff_posting)
        await runtime.start()
        try:
            yield Bot(runtime, channel, staff)
        finally:
            runtime.stop()
            await lock.release()


def keys(text: str) -> str:
    """``text`` with the ledger keys' hashes replaced (they are stable, but say nothing to a reader)."""
    return re.sub(r"\b(changes|alert|alert:remote):[0-9a-f]{16}", r"\1:KEY", text)


def block(key: str, title: str, *body: str) -> str:
    """A post as the console transport prints it."""
    return "\n".join([f"\n[{key}]", title, "=" * len(title), *body, "", key, ""])


async def test_console_bot_follows_pushes_breakage_force_push_and_an_outage(
    remote: GitRemote, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    clock = Clock(MONDAY)
    config = config_for(remote.url)
    async with console_bot(config, tmp_path, clock) as bot:
        assert bot.new("channel") == "" and bot.new("staff") == ""  # the first sync announces nothing
        first = remote.head()
        page = "https://course.example/contents"

        # a new post, then (two minutes later, inside the burst) a reading removed and a team swap
        remote.commit({"_contents/L04.md": post("Red teaming", "2026-11-17", notes="team-1",
                                                readings=("HarmBench",))}, "Add L04", author=ADA)
        await bot.runtime.resync()
        clock.advance(2)
        remote.commit({"_contents/L02.md": L02.replace("### Chinchilla\n  + https://arxiv.org/abs/2401.00001\n", ""),
                       "_contents/L03.md": L03.replace("notes: team-2", "notes: team-3")}, "Week 2 changes")
        await bot.runtime.resync()
        clock.advance(4)
        await bot.runtime.resync()
        assert bot.new("channel") == ""  # 4 minutes after the last push: still inside the burst
        clock.advance(1)
        await bot.runtime.resync()
        assert keys(bot.new("channel")) == block(
            "changes:KEY", "Changes to 3 upcoming sessions",
            "The course site changed: Scaling laws; Alignment; Red teaming.",
            "", f"Scaling laws (Tue 10 Nov 14:00) <{page}/L02.html>", "  - Reading removed: Chinchilla",
            "", f"Alignment (Thu 12 Nov 14:00) <{page}/L03.html>", "  - Blog team: team-2 → team-3",
            "", f"Red teaming (Tue 17 Nov 14:00) <{page}/L04.html>", "  - New session posted",
        )
        clock.advance(30)
        await bot.runtime.resync()
        assert bot.new("channel") == ""  # told once

        # a broken post: staff are told once, naming the file, line, problem and commit; then the fix
        broken = remote.commit({"_contents/L03.md": "---\ntitle: [Alignment\ndate: 2026-11-12\n---\n"},
                               "Retitle L03", author="Grace Hopper <grace@example.org>")
        await bot.runtime.resync()
        clock.advance(10)
        await bot.runtime.resync()
        problem = "bad YAML: while parsing a flow sequence; did not find expected ',' or ']'"
        assert keys(bot.new("staff")) == block(
            "alert:KEY", "Site problem in _contents/L03.md:2",
            f"_contents/L03.md:2: error: {problem}",
            f"Introduced by commit {broken[:8]} by Grace Hopper <grace@example.org>: Retitle L03.",
        )
        assert bot.new("channel") == ""  # the last good L03 is still served: nothing changed for students
        fix = remote.commit({"_contents/L03.md": L03.replace("notes: team-2", "notes: team-3")}, "Fix L03 front matter")
        await bot.runtime.resync()
        assert keys(bot.new("staff")) == block(
            "alert:KEY:fixed", "Fixed: _contents/L03.md:2",
            f"_contents/L03.md:2: {problem}",
            f"Fixed by commit {fix[:8]} by Course Staff <staff@example.org>: Fix L03 front matter.",
        )
        clock.advance(10)
        await bot.runtime.resync()
        assert bot.new("staff") == "" and bot.new("channel") == ""  # never the same alert twice

        # a force-push back to the first commit: L04 is gone, L02 has its reading back, L03 its team
        remote.force_push(first)
        await bot.runtime.resync()
        clock.advance(6)
        await bot.runtime.resync()
        assert keys(bot.new("channel")) == block(
            "changes:KEY", "Changes to 3 upcoming sessions",
            "The course site changed: Scaling laws; Alignment; Red teaming.",
            "", f"Scaling laws (Tue 10 Nov 14:00) <{page}/L02.html>", "  - Reading added: Chinchilla",
            "", f"Alignment (Thu 12 Nov 14:00) <{page}/L03.html>", "  - Blog team: team-3 → team-2",
            "", f"Red teaming (Tue 17 Nov 14:00) <{page}/L04.html>", "  - Session removed",
        )
        assert set((await bot.runtime.store.source_commits()).values()) == {first}

        # the remote taken away: logged once, the last checkout served, staff told after an hour
        with remote.unreachable():
            for _ in range(7):  # the first failure, then an hour
                clock.advance(10)
                await bot.runtime.resync()
            assert keys(bot.new("staff")) == block(
                "alert:remote:KEY", "Course repository unreachable",
                f"{remote.url} has not been fetched for 1 h 00 min: no git repository there.",
                f"Serving the last good checkout, commit {first[:8]}.",
            )
            for _ in range(2):
                clock.advance(10)
                await bot.runtime.resync()
            assert bot.new("staff") == ""
            assert {s.slug for s in await bot.runtime.store.all_sessions()} == {"L01", "L02", "L03"}
        clock.advance(30)  # the next attempt after the backoff
        await bot.runtime.resync()
        assert keys(bot.new("staff")) == block(
            "alert:remote:KEY:fixed", "Course repository reachable again", f"{remote.url} fetched again after 1 h 50 min."
        )
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "fetch" in r.getMessage()]
        assert len(warnings) == 1 and f"cannot fetch {remote.url} (unreachable)" in warnings[0]
        assert bot.new("channel") == ""
