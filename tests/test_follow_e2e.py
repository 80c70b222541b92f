"""The real bot follows a real git repository: commits pushed during the test reach the channel as change
notices, broken posts and an unreachable remote reach the staff channel (console transport and the fake
Discord; the remote is a bare repository on disk, and dulwich's HTTP server on 127.0.0.1). Time is the
injected clock; nothing sleeps."""

from __future__ import annotations

import asyncio
import base64
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
from tests.fakes.discord import MANAGE_GUILD, FakeDiscord, pointed_at
from tests.fakes.gitremote import GitRemote
from tests.clock import SettableClock

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
async def console_bot(config: CourseConfig, tmp_path: Path, clock: SettableClock) -> AsyncIterator[Bot]:
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
    """A post as the console transport prints it: what it is in words (the ledger ``key`` is not shown)."""
    what = {"changes": "Notice", "alert": "Staff alert"}[key.split(":")[0]]
    return "\n".join([f"\n--- {what} (posted by the scheduler) ---", title, "=" * len(title), *body, ""])


async def test_console_bot_follows_pushes_breakage_force_push_and_an_outage(
    remote: GitRemote, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    clock = SettableClock(MONDAY)
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
            "", f"Tue 10 Nov 14:00 · Scaling laws <{page}/L02.html>", "  - Reading removed: Chinchilla",
            "", f"Thu 12 Nov 14:00 · Alignment <{page}/L03.html>", "  - Blog team: team-2 → team-3",
            "", f"Tue 17 Nov 14:00 · Red teaming <{page}/L04.html>", "  - New session posted",
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
            "", f"Tue 10 Nov 14:00 · Scaling laws <{page}/L02.html>", "  - Reading added: Chinchilla",
            "", f"Thu 12 Nov 14:00 · Alignment <{page}/L03.html>", "  - Blog team: team-3 → team-2",
            "", f"Tue 17 Nov 14:00 · Red teaming <{page}/L04.html>", "  - Session removed",
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


STAFF_CHANNEL = 700_000_000_000_000_077


def keys_of(items: list[dict]) -> list[dict]:
    return [{k: keys(v) if isinstance(v, str) else v for k, v in item.items()} for item in items]


def embeds(messages: list[dict]) -> list[dict]:
    """What a reader sees of each message: its embeds' title, description, fields and footer."""
    out = []
    for message in messages:
        for e in message.get("embeds") or []:
            out.append({
                "title": e.get("title"), "description": e.get("description"),
                "fields": [(f["name"], f["value"]) for f in e.get("fields") or []],
                "footer": (e.get("footer") or {}).get("text"),
            })
    return out


async def test_discord_bot_follows_a_private_repository_over_http(
    remote: GitRemote, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    token = "ghp_e2eSECRETtoken"
    clock = SettableClock(MONDAY)
    db = tmp_path / "data" / "coursebot.sqlite3"
    async with FakeDiscord() as fake:
        fake.messages[STAFF_CHANNEL] = []
        with pointed_at(fake), remote.http(token=token) as url:
            config = config_for(url, guild_ids=[fake.guild_id], channel_id=fake.channel_id,
                                staff_channel_id=STAFF_CHANNEL, sync_commands=True)
            secrets = Secrets(_env_file=None, discord_token=SecretStr(fake.token),  # type: ignore[call-arg]
                              coursebot_git_token=SecretStr(token))
            ready = asyncio.Event()
            task = asyncio.create_task(run_bot(config, secrets, db_path=db, clock=clock, ready=ready))
            try:
                done, _ = await asyncio.wait({task, asyncio.ensure_future(ready.wait())}, timeout=20,
                                             return_when=asyncio.FIRST_COMPLETED)
                if task in done:
                    task.result()
                assert fake.channel_messages() == [] and fake.channel_messages(STAFF_CHANNEL) == []
                clone = next(p for p in (tmp_path / "data" / "repos").iterdir() if p.is_dir())
                assert (clone / "_contents" / "L02.md").read_text() == L02

                await fake.wait_for("PUT", rf"^/applications/{fake.application_id}/guilds/{fake.guild_id}/commands$")
                remote.commit({"_contents/L02.md": L02.replace("notes: team-1", "notes: team-2"),
                               "_contents/L05.md": "---\ntitle: Team nine\ndate: 2026-11-19\nnotes: team-9\n---\n"},
                              "Swap L02, add L05", author=ADA)
                staff = fake.member("ta", permissions=MANAGE_GUILD)
                first_sync = await fake.slash("sync", {}, user=staff)  # a staff /sync fetches now
                reply = await asyncio.wait_for(first_sync.followup_sent, 10)
                assert fake.channel_messages() == []  # inside the debounce window
                clock.advance(6)
                second_sync = await fake.slash("sync", {}, user=staff)
                await asyncio.wait_for(second_sync.followup_sent, 10)
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    assert reply["embeds"][0]["title"] == "Site synced"
    assert reply["embeds"][0]["description"].startswith(f"{url} at {remote.head()[:8]}: 2 parsed, 2 unchanged")
    l02, l05 = (int(dt.datetime(2026, 11, d, 14, 0, tzinfo=NY).timestamp()) for d in (10, 19))
    page = "https://course.example/contents"
    assert keys_of(embeds(fake.channel_messages())) == [{
        "title": "Changes to 2 upcoming sessions",
        "description": "The course site changed: Scaling laws; Team nine.",
        "fields": [
            ("Scaling laws", f"<t:{l02}:F> (<t:{l02}:R>) · [session page]({page}/L02.html)\n• Notes: team-1 → team-2"),
            ("Team nine", f"<t:{l05}:F> (<t:{l05}:R>) · [session page]({page}/L05.html)\n• New session posted"),
        ],
        "footer": "ref: changes:KEY",
    }]
    assert keys_of(embeds(fake.channel_messages(STAFF_CHANNEL))) == [{
        "title": "Site problem in \\_contents/L05.md:4",
        "description": "\\_contents/L05.md:4: error: unknown team 'team-9' in notes: (known teams: team-1, team-2, team-3)"
                       f"\nIntroduced by commit {remote.head()[:8]} by Ada Lovelace <ada@example.org>: Swap L02, add L05.",
        "fields": [],
        "footer": "ref: alert:KEY",
    }]
    assert token not in caplog.text
    assert remote.auth_headers and all(h == "Basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()
                                       for h in remote.auth_headers)
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


def no_tokens() -> Secrets:
    return Secrets(_env_file=None, discord_token=None, slack_bot_token=None, slack_app_token=None)  # type: ignore[call-arg]


async def test_run_bot_clones_on_first_start_and_a_staff_sync_fetches(remote: GitRemote, tmp_path: Path) -> None:
    db = tmp_path / "data" / "coursebot.sqlite3"
    clock = SettableClock(MONDAY)
    config = config_for(remote.url)
    out = io.StringIO()
    await run_bot(config, no_tokens(), db_path=db, stdin=io.StringIO("/readings L03\n"), stdout=out, clock=clock)
    assert "InstructGPT" in out.getvalue()
    clone = next(p for p in (tmp_path / "data" / "repos").iterdir() if p.is_dir())
    assert clone.name.startswith("remote-") and (clone / "_contents" / "L03.md").is_file()

    sha = remote.commit({"_contents/L03.md": L03.replace("InstructGPT", "Constitutional AI")}, "New L03 reading")
    out = io.StringIO()
    await run_bot(config, no_tokens(), db_path=db, stdin=io.StringIO("/sync\n/readings L03\n"), stdout=out,
                  clock=clock)
    text = out.getvalue()
    assert f"{remote.url} at {sha[:8]}: 0 parsed, 3 unchanged" in text  # fetched at start already
    assert "Constitutional AI" in text and "--- Notice" not in text  # inside the debounce window

    clock.advance(10)  # a restart after the burst: the notice goes out at start, once
    out = io.StringIO()
    await run_bot(config, no_tokens(), db_path=db, stdin=io.StringIO(""), stdout=out, clock=clock)
    assert out.getvalue().count("--- Notice (posted by the scheduler) ---") == 1 and "Reading added: Constitutional AI" in out.getvalue()
    out = io.StringIO()
    await run_bot(config, no_tokens(), db_path=db, stdin=io.StringIO(""), stdout=out, clock=clock)
    assert "--- Notice" not in out.getvalue()


async def test_a_repository_that_cannot_be_cloned_stops_the_bot_with_the_reason(tmp_path: Path) -> None:
    from bot.app import BotError

    config = config_for((tmp_path / "nowhere.git").as_uri())
    with pytest.raises(BotError, match="cannot clone the course repository: .*nowhere.git: no git repository there"):
        await run_bot(config, no_tokens(), db_path=tmp_path / "data" / "c.sqlite3", stdin=io.StringIO(""),
                      stdout=io.StringIO(), clock=SettableClock(MONDAY))
    async with await Store.open(tmp_path / "data" / "c.sqlite3") as store:
        await InstanceLock(store.db).acquire()  # released on the way out


async def test_a_staff_sync_fetches_now_edits_the_digest_in_place_and_says_when_it_cannot(
    remote: GitRemote, tmp_path: Path
) -> None:
    from bot.services.commands import dispatch
    from bot.services.lookups import Lookups

    clock = SettableClock(dt.datetime(2026, 11, 8, 17, 50, tzinfo=NY))  # Sunday, ten minutes before the digest
    async with console_bot(config_for(remote.url), tmp_path, clock) as bot:
        runtime = bot.runtime
        lookups = Lookups(runtime.store, runtime.config, clock=clock, follower=runtime.follower)
        clock.advance(15)
        await runtime.tick()
        assert bot.new("channel").startswith("\n--- Weekly digest (posted by the scheduler) ---\nSeminar: readings for Mon 9 Nov")

        sha = remote.commit({"_contents/L03.md": L03.replace("notes: team-2", "notes: team-3")}, "Swap L03")
        answer = await dispatch("/sync", lookups, runtime.posting)
        assert answer.title == "Site synced"
        assert answer.description == f"{remote.url} at {sha[:8]}: 1 parsed, 2 unchanged, 0 removed, 0 failed."
        assert [line.text for line in answer.sections[-1].lines] == ["The digest for 2026-W46 was updated in place."]
        assert bot.new("channel").startswith("\n--- Weekly digest updated ---\n")  # no notice yet: debounce
        clock.advance(6)
        await runtime.resync()
        notice = bot.new("channel")
        assert notice.startswith("\n--- Notice (posted by the scheduler) ---\n") and "  - Blog team: team-2 → team-3\n" in notice

        with remote.unreachable():
            answer = await dispatch("/sync", lookups, runtime.posting)
        assert answer.description == (f"{remote.url} at {sha[:8]}: 0 parsed, 3 unchanged, 0 removed, 0 failed; "
                                      f"fetch failed, serving the last good checkout: {remote.url}: no git repository there.")
        assert bot.new("channel") == ""


async def test_slack_staff_channel_gets_the_alert_and_the_channel_the_notice(remote: GitRemote, tmp_path: Path) -> None:
    from bot.adapters.slack.transport import SlackTransport, make_slack_client
    from tests.fakes.slack import BOT_TOKEN, FakeSlack

    clock = SettableClock(MONDAY)
    config = config_for(remote.url)
    async with FakeSlack() as fake:
        client = make_slack_client(SecretStr(BOT_TOKEN), base_url=fake.api_url, timeout=5)
        async with await Store.open(tmp_path / "data" / "c.sqlite3") as store:
            lock = InstanceLock(store.db, clock=clock)
            await lock.acquire()
            follower = SiteFollower.for_config(store, config, data_dir=tmp_path / "data", clock=clock)
            await follower.sync(force=True)
            cfg = follower.config
            posting = Posting(store, cfg, SlackTransport(client, "C0COURSE"), clock=clock)
            staff = Posting(store, cfg, SlackTransport(client, "C0STAFF"), clock=clock)
            runtime = Runtime(store, cfg, posting, lock, clock=clock, follower=follower, staff=staff)
            await runtime.start()
            try:
                sha = remote.commit({"_contents/L03.md": "---\ntitle: Alignment\n---\n",  # the date is gone
                                     "_contents/L02.md": L02.replace("notes: team-1", "notes: team-3")},
                                    "Tidy L02 and L03", author=ADA)
                await runtime.resync()
                clock.advance(5)
                await runtime.resync()
            finally:
                runtime.stop()
                await lock.release()
        staff_texts = [keys(m["text"]) for m in fake.messages("C0STAFF")]
        course_texts = [keys(m["text"]) for m in fake.messages("C0COURSE")]
    assert staff_texts == [
        "Site problem in _contents/L03.md:1 — _contents/L03.md:1: warning: no date (no date: in the post, calendar or"
        f" schedule page) Introduced by commit {sha[:8]} by Ada Lovelace &lt;ada@example.org&gt;: Tidy L02 and L03."
    ]
    assert course_texts == ["Changes to 2 upcoming sessions — The course site changed: Scaling laws; Alignment."]


async def test_notices_can_be_turned_off(remote: GitRemote, tmp_path: Path) -> None:
    clock = SettableClock(MONDAY)
    config = config_for(remote.url)
    config = config.model_copy(update={"notices": NoticesSection(changes=False)})
    async with console_bot(config, tmp_path, clock) as bot:
        assert bot.runtime.notices is None
        remote.commit({"_contents/L04.md": post("Red teaming", "2026-11-17", notes="team-1", readings=("X",))}, "L04")
        await bot.runtime.resync()
        clock.advance(30)
        await bot.runtime.resync()
        assert bot.new("channel") == ""
        assert "L04" in {s.slug for s in await bot.runtime.store.all_sessions()}


@pytest.mark.parametrize("staff_channel", ["missing", "forbidden"])
async def test_a_staff_channel_missing_or_forbidden_does_not_stop_the_main_channel(
    remote: GitRemote, tmp_path: Path, staff_channel: str
) -> None:
    clock = SettableClock(MONDAY)
    db = tmp_path / "data" / "coursebot.sqlite3"
    async with FakeDiscord() as fake:
        if staff_channel == "forbidden":  # the channel exists; the bot may not post there (403 on every post)
            fake.messages[STAFF_CHANNEL] = []
            fake.fail_next(403, times=1000, path=rf"^/channels/{STAFF_CHANNEL}/messages")
        with pointed_at(fake):
            config = config_for(remote.url, guild_ids=[fake.guild_id], channel_id=fake.channel_id,
                                staff_channel_id=STAFF_CHANNEL, sync_commands=True)
            secrets = Secrets(_env_file=None, discord_token=SecretStr(fake.token))  # type: ignore[call-arg]
            ready = asyncio.Event()
            task = asyncio.create_task(run_bot(config, secrets, db_path=db, clock=clock, ready=ready))
            try:
                done, _ = await asyncio.wait({task, asyncio.ensure_future(ready.wait())}, timeout=20,
                                             return_when=asyncio.FIRST_COMPLETED)
                if task in done:
                    task.result()
                await fake.wait_for("PUT", rf"^/applications/{fake.application_id}/guilds/{fake.guild_id}/commands$")
                remote.commit({"_contents/L05.md": "---\ntitle: Team nine\ndate: 2026-11-19\nnotes: team-9\n---\n"},
                              "Add L05 (unknown team: an alert for staff)", author=ADA)
                staff = fake.member("ta", permissions=MANAGE_GUILD)
                first = await fake.slash("sync", {}, user=staff)
                await asyncio.wait_for(first.followup_sent, 10)
                clock.advance(6)
                second = await fake.slash("sync", {}, user=staff)
                await asyncio.wait_for(second.followup_sent, 10)
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    assert [e["title"] for e in embeds(fake.channel_messages())] == ["Changes to 1 upcoming session"]
