"""run_bot and the scheduler wiring, in process: console mode, catch-up at start, reminder jobs after a
sync, the instance lock, and the choice of platform."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED
from pydantic import SecretStr

from bot.adapters.console import ConsoleTransport
from bot.adapters.slack.render import METADATA_EVENT_TYPE
from bot.app import BotError, Runtime, choose_platform, run_bot, token_problem
from bot.config import CalendarConfig, CourseConfig, DiscordSection, Secrets, load_config
from bot.services.clock import Clock
from bot.services.commands import dispatch
from bot.services.lookups import Lookups
from bot.services.messages import Message
from bot.services.posting import Posting
from bot.store.ledger import InstanceLock, InstanceLocked, Ledger
from bot.store.sessions import Store
from tests.clock import HeldClock, SettableClock
from tests.conftest import EXAMPLE_CONFIG, EXAMPLE_SITE
from tests.fakes.discord import FakeDiscord, pointed_at
from tests.fakes.slack import BOT_ID, BOT_USER_ID, FakeSlack

NY = ZoneInfo("America/New_York")
SATURDAY = dt.datetime(2026, 11, 28, 12, 0, tzinfo=NY)  # the example course runs 2026-11-10 .. 2026-12-17
SUNDAY_1830 = dt.datetime(2026, 11, 29, 18, 30, tzinfo=NY)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(EXAMPLE_SITE, target)
    return target


#: The example course on a fixed term (the bundled file's calendar follows the clock): 2026-11-10 .. 2026-12-17.
FIXED_TERM = CalendarConfig(
    first_day=dt.date(2026, 11, 10), last_day=dt.date(2026, 12, 17), weekdays=["Tue", "Thu"], skip=[dt.date(2026, 11, 26)]
)


@pytest.fixture
def config(site: Path) -> CourseConfig:
    return load_config(EXAMPLE_CONFIG, site=site).model_copy(update={"calendar": FIXED_TERM})


def no_tokens() -> Secrets:
    return Secrets(_env_file=None, discord_token=None, slack_bot_token=None, slack_app_token=None)  # type: ignore[call-arg]


async def run_console(config: CourseConfig, db: Path, text: str, now: dt.datetime) -> str:
    out = io.StringIO()
    await run_bot(config, no_tokens(), db_path=db, stdin=io.StringIO(text), stdout=out, clock=lambda: now)
    return out.getvalue()


def test_platform_follows_the_tokens() -> None:
    assert choose_platform(no_tokens()) == "console"
    discord = Secrets(_env_file=None, discord_token=SecretStr("abc"), slack_bot_token=SecretStr("x"))  # type: ignore[call-arg]
    assert choose_platform(discord) == "discord"
    slack = Secrets(_env_file=None, slack_bot_token=SecretStr("xoxb"), slack_app_token=SecretStr("xapp"))  # type: ignore[call-arg]
    assert choose_platform(slack) == "slack"
    half = Secrets(_env_file=None, slack_bot_token=SecretStr("xoxb-secret-value"))  # type: ignore[call-arg]
    with pytest.raises(BotError, match="SLACK_APP_TOKEN is not set") as info:
        choose_platform(half)
    assert "xoxb-secret-value" not in str(info.value)


@pytest.mark.parametrize(("token", "says"), [
    ('"MTAw.GfAk.secret-part"', "in quotes"),
    ("Bot MTAw.GfAk.secret-part", "starts with 'Bot '"),
    ("MTAw.GfAk.secret-part\nMTAw", "space or a line break"),
    ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "does not look like a bot token"),  # public key
    ("secret-part-32-characters-long00", "does not look like a bot token"),  # client secret
])
async def test_a_discord_token_pasted_wrong_is_named_before_connecting(token: str, says: str, tmp_path: Path,
                                                                      config: CourseConfig) -> None:
    """A token that cannot be a bot token stops the start with what is wrong with it, before the cache is
    opened or Discord is asked; the token itself is never shown."""
    secrets = Secrets(_env_file=None, discord_token=SecretStr(token))  # type: ignore[call-arg]
    with pytest.raises(BotError, match="DISCORD_TOKEN") as info:
        await run_bot(config, secrets, db_path=tmp_path / "c.sqlite3")
    assert says in str(info.value) and "secret-part" not in str(info.value)
    assert not (tmp_path / "c.sqlite3").exists()
    assert token_problem(Secrets(_env_file=None, discord_token=SecretStr(" MTAw.GfAk.x-y_z \n")), "discord") is None  # type: ignore[call-arg]


def test_slack_tokens_swapped_are_named() -> None:
    swapped = Secrets(_env_file=None, slack_bot_token=SecretStr("xapp-1-A"), slack_app_token=SecretStr("xoxb-1"))  # type: ignore[call-arg]
    assert "swapped" in (token_problem(swapped, "slack") or "")
    app_twice = Secrets(_env_file=None, slack_bot_token=SecretStr("xapp-1-A"), slack_app_token=SecretStr("xapp-1-B"))  # type: ignore[call-arg]
    assert "must be the bot token (xoxb-...)" in (token_problem(app_twice, "slack") or "")
    right = Secrets(_env_file=None, slack_bot_token=SecretStr("xoxb-1"), slack_app_token=SecretStr("xapp-1-A"))  # type: ignore[call-arg]
    assert token_problem(right, "slack") is None


async def test_console_answers_then_releases_the_lock(config: CourseConfig, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    out = await run_console(config, db, "/readings S0-Intro\n/schedule 2\n", SATURDAY)
    assert "Fine-tuning Aligned Language Models" in out
    assert "Tue 1 Dec" in out and "Thu 3 Dec" in out  # the next two sessions after Saturday 28 Nov
    async with await Store.open(db) as store:
        await InstanceLock(store.db).acquire()  # released on the way out


async def test_catch_up_at_start_posts_the_missed_digest_once(config: CourseConfig, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    first = await run_console(config, db, "", SATURDAY)  # first start: baseline, nothing from the past
    assert "--- Weekly digest (posted by the scheduler) ---" not in first
    # down over Sunday 18:00; back 30 minutes later: the digest goes out late, at start
    second = await run_console(config, db, "", SUNDAY_1830)
    assert second.count("--- Weekly digest (posted by the scheduler) ---") == 1 and "readings for Mon 30 Nov" in second
    assert "FM toxicity / harmful outputs" in second and "Jailbreaks and red teaming" in second
    third = await run_console(config, db, "", SUNDAY_1830 + dt.timedelta(minutes=5))
    assert "--- Weekly digest (posted by the scheduler) ---" not in third  # the ledger remembers


async def test_a_second_instance_is_refused(config: CourseConfig, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    async with await Store.open(db) as holder:
        lock = InstanceLock(holder.db)
        await lock.acquire()
        with pytest.raises(InstanceLocked) as info:
            await run_console(config, db, "/schedule\n", SATURDAY)
        assert str(db) in str(info.value) and f"pid {lock.pid}" in str(info.value)


def wakeups(runtime: Runtime, prefix: str = "reminder:") -> dict[str, dt.datetime]:
    """The planned wake-ups (moments on the injected clock), checked against the scheduler's own jobs:
    each job waits in real time as far ahead as its moment is from the injected now."""
    planned = {job_id: at for job_id, at in runtime.planned.items() if job_id.startswith(prefix)}
    jobs = {job.id: job for job in runtime.scheduler.get_jobs() if job.id.startswith(prefix)}
    assert set(jobs) == set(planned)
    real_now = dt.datetime.now(dt.UTC)
    for job_id, job in jobs.items():
        assert job.misfire_grace_time is None  # the scheduler never judges lateness by the real clock
        ahead = planned[job_id] - runtime.clock()
        assert abs((job.trigger.run_date - real_now) - ahead) < dt.timedelta(minutes=1)
    return planned


async def test_reminder_jobs_are_recomputed_after_a_sync(config: CourseConfig, site: Path, tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await store.sync(config)
        lock = InstanceLock(store.db)
        await lock.acquire()
        out = io.StringIO()
        posting = Posting(store, config, ConsoleTransport(out), clock=lambda: SATURDAY)
        runtime = Runtime(store, config, posting, lock, clock=lambda: SATURDAY)
        await runtime.start()
        try:
            jobs = wakeups(runtime)
            assert jobs["reminder:L06-harmful-outputs"] == dt.datetime(2026, 11, 30, 14, 0, tzinfo=NY)
            digest = wakeups(runtime, "digest")["digest"]
            assert (digest.weekday(), digest.hour) == (6, 18)  # Sunday 18:00 course time
            assert digest == dt.datetime(2026, 11, 29, 18, 0, tzinfo=NY)
            assert runtime.scheduler.get_job("resync") is not None

            post = site / "L06-harmful-outputs.md"
            post.write_text(post.read_text().replace("lecture: S0-Intro\n", "lecture: S0-Intro\ndate: 2026-12-22\n", 1))
            await runtime.resync()
            moved = wakeups(runtime)
            assert moved["reminder:L06-harmful-outputs"] == dt.datetime(2026, 12, 21, 14, 0, tzinfo=NY)
            assert set(moved) == set(jobs)

            # a staff /sync (not the scheduled resync) re-plans the reminder jobs too
            post.write_text(post.read_text().replace("date: 2026-12-22\n", "date: 2026-12-23\n", 1))
            answer = await dispatch("/sync", Lookups(store, config, clock=lambda: SATURDAY), posting)
            assert answer.title == "Site synced"
            by_staff = wakeups(runtime)
            assert by_staff["reminder:L06-harmful-outputs"] == dt.datetime(2026, 12, 22, 14, 0, tzinfo=NY)
        finally:
            runtime.stop()
            await lock.release()


class _Announcing(ConsoleTransport):
    """The console transport, announcing each post (so a test waits for the event, not for time)."""

    def __init__(self, out: io.StringIO) -> None:
        super().__init__(out, tz=NY)
        self.posted: asyncio.Queue[str] = asyncio.Queue()

    async def send(self, message: Message, *, nonce: str) -> str:
        message_id = await super().send(message, nonce=nonce)
        await self.posted.put(message.key or "")
        return message_id


@dataclass
class Awake:
    """A runtime planning wake-ups on the example course's cache, posting to an announcing console."""

    runtime: Runtime
    transport: _Announcing
    started: dt.datetime  # the real time just before the runtime started planning
    ran: asyncio.Queue[str]  # the ids of the jobs the scheduler ran, in order


@pytest.fixture
async def awake(config: CourseConfig, tmp_path: Path) -> AsyncIterator[Callable[[Clock], Awaitable[Awake]]]:
    """Starts the runtime on the injected ``clock`` (synced cache, instance lock held); stopped at the end."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(clock: Clock) -> Awake:
            store = await stack.enter_async_context(await Store.open(tmp_path / "c.sqlite3"))
            await store.sync(config)
            lock = InstanceLock(store.db)
            await lock.acquire()
            stack.push_async_callback(lock.release)
            transport = _Announcing(io.StringIO())
            posting = Posting(store, config, transport, clock=clock)
            runtime = Runtime(store, config, posting, lock, clock=clock)
            ran: asyncio.Queue[str] = asyncio.Queue()
            runtime.scheduler.add_listener(lambda event: ran.put_nowait(event.job_id), EVENT_JOB_EXECUTED)
            started = dt.datetime.now(dt.UTC)
            await runtime.start()
            stack.callback(runtime.stop)
            return Awake(runtime, transport, started, ran)

        yield start


@pytest.mark.parametrize("digest", [False, True], ids=["reminder", "digest"])
async def test_a_wake_up_posts_when_the_injected_clock_reaches_it(
    awake: Callable[[Clock], Awaitable[Awake]], digest: bool
) -> None:
    """Whatever the real date (the suite runs under faketime too), the scheduler wakes the posting code when
    the injected clock reaches the due time and the post goes out: the real clock decides nothing."""
    due = dt.datetime(2026, 11, 29, 18, 0, tzinfo=NY) if digest else dt.datetime(2026, 11, 30, 14, 0, tzinfo=NY)
    want = "digest:2026-W49" if digest else "reminder:L06-harmful-outputs"
    # Held 200 ms before the due time while the cache syncs and the runtime plans (however long a loaded
    # machine takes), then running as if it had run since the runtime started planning: the wake-up the
    # scheduler planned 200 ms ahead finds the injected clock at or past the due time.
    clock = HeldClock(due - dt.timedelta(milliseconds=200))
    bot = await awake(clock)
    assert bot.transport.posted.empty()  # nothing is due yet on the injected clock
    job_id = "digest" if digest else "reminder:L06-harmful-outputs"
    assert bot.runtime.planned[job_id] == due
    clock.release(since=bot.started)
    posted = await asyncio.wait_for(bot.transport.posted.get(), timeout=30)
    assert posted == want
    while await asyncio.wait_for(bot.ran.get(), timeout=30) != job_id:
        pass
    if digest:  # the next digest wake-up is planned once this one ran
        assert bot.runtime.planned["digest"] == due + dt.timedelta(days=7)
    else:
        assert job_id not in bot.runtime.planned  # a one-off wake-up


async def test_a_wake_up_before_the_injected_clock_reads_its_time_waits_again(
    awake: Callable[[Clock], Awaitable[Awake]]
) -> None:
    """A wake-up that comes early on the injected clock (a trial clock held, a clock set back) posts nothing
    and is planned again for the same moment, so the reminder is not lost; at that moment it posts."""
    due = dt.datetime(2026, 11, 30, 14, 0, tzinfo=NY)
    job_id = "reminder:L06-harmful-outputs"
    clock = SettableClock(due - dt.timedelta(hours=1))
    bot = await awake(clock)
    assert bot.runtime.planned[job_id] == due
    clock.advance(59)  # one minute early
    await bot.runtime.scheduler.get_job(job_id).func()
    assert bot.transport.posted.empty()
    assert bot.runtime.planned[job_id] == due  # planned again, same moment
    clock.advance(1)
    await bot.runtime.scheduler.get_job(job_id).func()
    assert bot.transport.posted.get_nowait() == job_id
    assert job_id not in bot.runtime.planned


async def test_discord_mode_catches_up_through_the_real_client(
    config: CourseConfig, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    db = tmp_path / "c.sqlite3"
    async with FakeDiscord() as fake:
        with pointed_at(fake):
            cfg = config.model_copy(
                update={"discord": DiscordSection(guild_ids=[fake.guild_id], channel_id=fake.channel_id, sync_commands=False)}
            )
            secrets = Secrets(_env_file=None, discord_token=SecretStr(fake.token))  # type: ignore[call-arg]
            async with await Store.open(db) as store:  # an earlier run served this channel since Saturday
                await store.meta_set(f"posting.since:discord:{fake.channel_id}", SATURDAY.astimezone(dt.UTC).isoformat())

            async def run_until_ready(now: dt.datetime) -> None:
                ready = asyncio.Event()
                task = asyncio.create_task(run_bot(cfg, secrets, db_path=db, clock=lambda: now, ready=ready))
                done, _ = await asyncio.wait({task, asyncio.ensure_future(ready.wait())}, timeout=20,
                                             return_when=asyncio.FIRST_COMPLETED)
                if task in done:
                    task.result()
                assert ready.is_set()
                task.cancel()  # as SIGTERM does
                with contextlib.suppress(asyncio.CancelledError):
                    await task

            await run_until_ready(SUNDAY_1830)  # back after the 18:00 digest: posted late, at start
            posted = fake.channel_messages()
            assert len(posted) == 1 and posted[0]["embeds"][0]["footer"]["text"].endswith("digest:2026-W49")
            await run_until_ready(SUNDAY_1830 + dt.timedelta(minutes=10))  # a restart posts nothing again
            assert len(fake.channel_messages()) == 1
            assert "connected to Discord" in caplog.text and fake.token not in caplog.text

    async with await Store.open(db) as store:
        entry = await Ledger(store.db, platform="discord", channel=str(fake.channel_id)).get("digest:2026-W49")
        assert entry is not None and entry.status == "sent" and entry.message_id == str(posted[0]["id"])
        await InstanceLock(store.db).acquire()  # cancelled runs released the lock


async def test_slack_mode_reconciles_a_pending_post_over_socket_mode(
    config: CourseConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.adapters.slack as slack_adapter

    db = tmp_path / "c.sqlite3"
    channel = "C0COURSE"
    async with FakeSlack() as fake:
        real_client = slack_adapter.make_slack_client
        monkeypatch.setattr(slack_adapter, "make_slack_client", lambda token, **kw: real_client(token, base_url=fake.api_url))
        cfg = config.model_copy(update={"slack": config.slack.model_copy(update={"channel": channel})})
        secrets = Secrets(_env_file=None, slack_bot_token=SecretStr(fake.bot_token),  # type: ignore[call-arg]
                          slack_app_token=SecretStr(fake.app_token))
        async with await Store.open(db) as store:
            await store.meta_set(f"posting.since:slack:{channel}", SATURDAY.astimezone(dt.UTC).isoformat())
            # the previous run wrote the pending row and Slack took the post, then the process died
            sunday_18 = dt.datetime(2026, 11, 29, 18, 0, tzinfo=NY)
            ledger = Ledger(store.db, platform="slack", channel=channel)
            await ledger.add_pending("digest:2026-W49", kind="digest", content_hash="h", now=sunday_18, due_at=sunday_18)
        earlier = fake.add_message(channel, {
            "user": BOT_USER_ID, "bot_id": BOT_ID, "text": "digest",
            "metadata": {"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": "digest:2026-W49"}},
        })

        ready = asyncio.Event()
        task = asyncio.create_task(run_bot(cfg, secrets, db_path=db, clock=lambda: SUNDAY_1830, ready=ready))
        try:
            done, _ = await asyncio.wait({task, asyncio.ensure_future(ready.wait())}, timeout=20,
                                         return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                task.result()
            assert fake.messages(channel) == [earlier]  # found in the history: not posted again
            assert fake.calls("chat.postMessage") == []
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async with await Store.open(db) as store:
        entry = await Ledger(store.db, platform="slack", channel=channel).get("digest:2026-W49")
        assert entry is not None and entry.status == "sent" and entry.message_id == earlier["ts"]


async def test_discord_mode_names_a_wrong_token_and_an_unreachable_discord(config: CourseConfig, tmp_path: Path) -> None:
    wrong = Secrets(_env_file=None, discord_token=SecretStr("wrong.token.value"))  # type: ignore[call-arg]
    async with FakeDiscord() as fake:
        with pointed_at(fake):
            with pytest.raises(BotError, match="refused the token") as info:
                await run_bot(config, wrong, db_path=tmp_path / "c.sqlite3")
            assert "wrong.token.value" not in str(info.value)
    with pointed_at(fake):  # the fake has stopped: nothing listens on its port any more
        with pytest.raises(BotError, match="cannot reach Discord"):
            await run_bot(config, wrong, db_path=tmp_path / "c.sqlite3")
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        await InstanceLock(store.db).acquire()  # released on both ways out
