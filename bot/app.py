"""The running bot: cache, instance lock, scheduler, and the platform chosen by the tokens present.

``run_bot`` opens the cache, takes the instance lock (a second bot on the same cache refuses to start with
:class:`InstanceLocked`), syncs the site, then starts the platform:

- ``DISCORD_TOKEN`` set: the Discord bot (``bot.adapters.discord``), posting to ``discord.channel_id``;
- ``SLACK_BOT_TOKEN`` + ``SLACK_APP_TOKEN`` set: Slack (``bot.adapters.slack``, Socket Mode), if built;
- neither: console mode on stdin/stdout, which ends at end of input.

Once the platform can post, pending ledger rows are reconciled, missed posts caught up
(:meth:`Posting.run_due`), and an ``AsyncIOScheduler`` runs: a wake-up at the next digest time, one
wake-up per upcoming reminder (recomputed after every sync), the periodic resync and the lock heartbeat.
Tokens are never logged.

One clock decides (:mod:`bot.services.clock`): the injected ``clock`` (the real one, a trial clock from
``--now``, or a test's). APScheduler waits on the real clock, so it is never asked whether something is due
or too late (no cron trigger, no misfire grace): the times are computed on the injected clock, translated to
real time for the wake-ups (:func:`real_moment`), and each wake-up calls the code that decides by the
injected clock (:meth:`Posting.run_due`, the notices, the fetch retry).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Literal, TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import CourseConfig, Secrets
from bot.services.clock import Clock, real_moment, system_clock
from bot.services.alerts import Alerts
from bot.services.follow import SiteFollower
from bot.services.lookups import Lookups
from bot.services.notices import Notices
from bot.services.posting import Posting
from bot.services.transport import Transport
from bot.store.ledger import InstanceLock, InstanceLocked
from bot.store.sessions import Store, SyncReport

__all__ = ["BotError", "InstanceLocked", "Runtime", "choose_platform", "run_bot"]

log = logging.getLogger(__name__)

Platform = Literal["discord", "slack", "console"]

HEARTBEAT_SECONDS = 30.0
REMINDER_JOB_PREFIX = "reminder:"
DIGEST_JOB = "digest"


class BotError(Exception):
    """The bot cannot start as configured (bad token, missing channel, platform not available)."""


def choose_platform(secrets: Secrets) -> Platform:
    """Discord when ``DISCORD_TOKEN`` is set, else Slack when its tokens are, else the console."""
    if secrets.discord_token is not None and secrets.discord_token.get_secret_value().strip():
        return "discord"
    if secrets.slack_bot_token is not None or secrets.slack_app_token is not None:
        if secrets.slack_bot_token is None or secrets.slack_app_token is None:
            missing = "SLACK_APP_TOKEN" if secrets.slack_app_token is None else "SLACK_BOT_TOKEN"
            raise BotError(f"{missing} is not set: Slack needs both SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode)")
        return "slack"
    return "console"


_DISCORD_TOKEN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def token_problem(secrets: Secrets, platform: Platform) -> str | None:
    """What is wrong with the tokens of ``platform`` as set, seen without asking the platform (a token pasted
    with its quotes or with ``Bot``, the application's public key or client secret, Slack's two tokens
    swapped), or None. Never shows a token."""
    if platform == "discord" and secrets.discord_token is not None:
        token = secrets.discord_token.get_secret_value().strip()
        if token[:1] in ("'", '"') or token[-1:] in ("'", '"'):
            return "DISCORD_TOKEN is in quotes (an env file passes them on): set the token without them"
        if token.lower().startswith("bot "):
            return "DISCORD_TOKEN starts with 'Bot ': set the token alone (coursebot adds the prefix)"
        if any(char.isspace() for char in token):
            return "DISCORD_TOKEN holds a space or a line break: set the token alone, on one line"
        if _DISCORD_TOKEN.fullmatch(token) is None:
            return ("DISCORD_TOKEN does not look like a bot token (three parts separated by dots: in the developer "
                    "portal, Bot, then Reset Token; not the application id, public key or client secret)")
    if platform == "slack" and secrets.slack_bot_token is not None and secrets.slack_app_token is not None:
        bot, app = secrets.slack_bot_token.get_secret_value().strip(), secrets.slack_app_token.get_secret_value().strip()
        if bot.startswith("xapp-") and app.startswith(("xoxb-", "xoxp-")):
            return "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped: the bot token is xoxb-..., the app-level token xapp-..."
        if bot.startswith("xapp-"):
            return "SLACK_BOT_TOKEN is an app-level token (xapp-...): it must be the bot token (xoxb-...)"
    return None


def describe_sync(report: SyncReport) -> str:
    text = f"{report.parsed} parsed, {report.unchanged} unchanged, {report.removed} removed, {report.failed} failed"
    if report.changed:
        text += f"; changed: {', '.join(report.changed[:10])}{' ...' if len(report.changed) > 10 else ''}"
    if report.problems:
        errors = report.error_count()
        warnings = len(report.problems) - errors
        text += f"; {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    return text


class Runtime:
    """The scheduled side of a running bot: the jobs and what they call. ``posting`` is None when the
    platform has no channel to post to (the bot then only answers commands and keeps the cache fresh).

    ``follower`` re-reads the site (fetching ``course.repo`` first, when set); ``staff`` posts staff alerts
    (None: no staff channel). Change notices go to ``posting``'s channel unless ``notices.changes`` is off.

    :attr:`planned` maps each wake-up job id (``digest``, ``reminder:<slug>``, ...) to the moment, on the
    injected clock, it is for; the scheduler's own run date is that moment translated to real time."""

    def __init__(
        self, store: Store, config: CourseConfig, posting: Posting | None, lock: InstanceLock, *, clock: Clock = system_clock,
        follower: SiteFollower | None = None, staff: Posting | None = None,
    ) -> None:
        self.store = store
        self.follower = follower if follower is not None else SiteFollower(store, config, clock=clock)
        self.config = self.follower.config
        self.posting = posting
        self.lock = lock
        self.clock = clock
        self.scheduler = AsyncIOScheduler(timezone=config.course.tz)
        self.lost_lock = asyncio.Event()
        self.planned: dict[str, dt.datetime] = {}
        self.notices = (
            Notices(store, self.config, posting, clock=clock) if posting is not None and config.notices.changes else None
        )
        self.alerts = Alerts(store, self.config, staff, self.follower, clock=clock) if staff is not None else None

    async def start(self) -> None:
        """Reconcile, catch up, then schedule the jobs."""
        if self.alerts is not None:
            await self.alerts.posting.reconcile()
        if self.posting is not None:
            self.posting.add_sync_listener(self.schedule_reminders)
            self.posting.add_sync_listener(self.site_changed)
            await self.posting.reconcile()
            await self.posting.run_due()
        self.scheduler.add_job(
            self._guarded(self.resync, "resync"), IntervalTrigger(minutes=self.config.schedule.resync_minutes),
            id="resync", name="resync the site", coalesce=True, max_instances=1,
        )
        self.scheduler.add_job(
            self._guarded(self.heartbeat, "heartbeat"), IntervalTrigger(seconds=HEARTBEAT_SECONDS),
            id="heartbeat", name="instance lock heartbeat", coalesce=True, max_instances=1,
        )
        self.scheduler.start()
        if self.posting is not None:
            next_digest = self.schedule_digest()
            log.info("next digest: %s", next_digest.isoformat() if next_digest else "never (the cron never fires)")
        await self.schedule_reminders()
        await self.site_changed()  # the sync at start: first baseline, or a notice or alert still due
        self._schedule_fetch_retry()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def _guarded(self, job: Callable[[], Awaitable[object]], name: str) -> Callable[[], Awaitable[None]]:
        """A job that logs its failure instead of letting it end the scheduler's interest in it."""

        async def run() -> None:
            try:
                await job()
            except Exception:
                log.exception("scheduled job %s failed; it will run again at its next time", name)

        run.__name__ = f"{name}_job"
        return run

    async def tick(self) -> None:
        """A digest or reminder fell due: post whatever is due now (idempotent through the ledger)."""
        if self.posting is not None:
            await self.posting.run_due()

    def schedule_digest(self) -> dt.datetime | None:
        """Plan the wake-up for the next digest fire time after the injected now (None: the cron never fires)."""
        self._unplan(DIGEST_JOB)
        if self.posting is None:
            return None
        due = self.posting.next_digest_time(self.clock())
        if due is not None:
            self._at(due, self.digest_tick, DIGEST_JOB, "weekly digest")
        return due

    async def digest_tick(self) -> None:
        """The digest wake-up: post what is due, then plan the next digest wake-up."""
        try:
            await self.tick()
        finally:
            self.schedule_digest()

    async def resync(self) -> None:
        """Fetch the repository (if any) and re-read the site; edit what changed in place; reschedule
        reminders; change notices and staff alerts; post what became due."""
        report = await self.follower.sync()
        if report.parsed or report.removed or report.failed or report.changed:
            log.info("resync: %s", describe_sync(report))
        if self.posting is not None:
            await self.posting.after_sync(report)  # also re-plans reminders, notices and alerts (sync listeners)
            await self.posting.run_due()
        else:
            await self.site_changed()
        self._schedule_fetch_retry()
        self.follower.start_look()  # the safety net's look when due: after this tick's work, beside the next

    async def site_changed(self) -> None:
        """After every sync (scheduled or a staff /sync): change notices (debounced) and staff alerts."""
        if self.alerts is not None:
            await self.alerts.after_sync()
        await self.post_notices()

    async def post_notices(self) -> None:
        """Post the change notice that is due; plan a job for one still inside its debounce window."""
        if self.notices is None:
            return
        _, due = await self.notices.after_sync()
        if due is not None:
            self._at(due, self.post_notices, "notices", "change notice")

    def _at(self, due: dt.datetime, job: Callable[[], Awaitable[object]], job_id: str, name: str) -> None:
        """A one-off wake-up of ``job`` when the injected clock reads ``due``: the scheduler waits in real
        time as long as the injected clock has to go (:func:`real_moment`). No misfire grace: however late
        the wake-up comes in real time, it runs, and the code it wakes decides by the injected clock. A wake-up
        that comes before the injected clock reads ``due`` is planned again for ``due``."""
        if not self.scheduler.running:
            return
        self.planned[job_id] = due

        async def wake() -> None:
            if self.clock() < due:  # woken before the injected clock reads ``due`` (a trial clock held or set
                self._at(due, job, job_id, name)  # back): wait again for the same moment, lose nothing
                return
            self.planned.pop(job_id, None)
            await job()

        self.scheduler.add_job(
            self._guarded(wake, job_id), DateTrigger(run_date=real_moment(due, self.clock)), id=job_id, name=name,
            replace_existing=True, misfire_grace_time=None, coalesce=True,
        )

    def _unplan(self, job_id: str) -> None:
        self.planned.pop(job_id, None)
        if self.scheduler.get_job(job_id) is not None:
            self.scheduler.remove_job(job_id)

    def _schedule_fetch_retry(self) -> None:
        """During an outage of the repository, fetch again at the backoff time (sooner than the resync)."""
        retry = self.follower.next_attempt()
        if retry is not None:
            self._at(retry, self.resync, "fetch-retry", "fetch the repository again")

    async def heartbeat(self) -> None:
        if not await self.lock.heartbeat():
            self.lost_lock.set()

    async def schedule_reminders(self) -> list[tuple[dt.datetime, str]]:
        """Replace the reminder wake-ups with one per upcoming reminder (the sessions may have moved)."""
        for job_id in {job.id for job in self.scheduler.get_jobs()} | set(self.planned):
            if job_id.startswith(REMINDER_JOB_PREFIX):
                self._unplan(job_id)
        if self.posting is None:
            return []
        times = await self.posting.reminder_times(self.clock())
        for due, slug in times:
            self._at(due, self.tick, f"{REMINDER_JOB_PREFIX}{slug}", f"reminder for {slug}")
        if times:
            log.info("%d reminders scheduled, next: %s at %s", len(times), times[0][1], times[0][0].isoformat())
        return times


async def run_bot(
    config: CourseConfig,
    secrets: Secrets,
    *,
    db_path: str | Path,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    clock: Clock = system_clock,
    ready: asyncio.Event | None = None,
) -> None:
    """Run the bot until the platform stops (console: end of input; chat: shutdown or SIGTERM).

    ``ready`` (optional) is set once the platform is connected, pending posts reconciled, missed ones caught
    up and the scheduler started (for supervisors and tests).

    Raises :class:`InstanceLocked` when another bot holds the cache, :class:`BotError` when the chosen
    platform cannot start; the cache and the lock are released on every way out.
    """
    platform = choose_platform(secrets)
    if (problem := token_problem(secrets, platform)) is not None:
        raise BotError(problem)
    store = await Store.open(db_path)
    try:
        lock = InstanceLock(store.db)
        await lock.acquire()
        try:
            if config.source:
                log.info("%s", config.source)  # which configuration file, and why
            token = secrets.coursebot_git_token.get_secret_value() if secrets.coursebot_git_token else None
            follower = SiteFollower.for_config(store, config, data_dir=Path(db_path).resolve().parent, token=token,
                                               clock=clock)
            follower.watch()  # a local folder: watched from before the first sync, so no change falls between
            try:
                await _serve(follower, store, secrets, lock, platform, stdin=stdin, stdout=stdout, clock=clock,
                             ready=ready)
            finally:
                follower.close()
        finally:
            await lock.release()
    finally:
        await store.close()


async def _serve(
    follower: SiteFollower, store: Store, secrets: Secrets, lock: InstanceLock, platform: Platform, *,
    stdin: TextIO | None, stdout: TextIO | None, clock: Clock, ready: asyncio.Event | None,
) -> None:
    """The first sync, then the platform until it stops (see :func:`run_bot`)."""
    report = await _first_sync(follower)
    # no [roles]: the roles are those the site's sessions use (read once, at start)
    follower.config = follower.config.with_site_roles(await store.role_keys())
    log.info("site %s: %s", follower.describe, describe_sync(report))
    for problem in report.errors[:20]:
        log.warning("%s", problem)
    ready = ready if ready is not None else asyncio.Event()
    sigterm = _Sigterm()
    try:
        with sigterm:
            if platform == "discord":
                await _run_discord(store, follower, secrets, lock, clock=clock, ready=ready)
            elif platform == "slack":
                await _run_slack(store, follower, secrets, lock, clock=clock, ready=ready)
            else:
                await _run_console(
                    store, follower, lock, stdin=stdin or sys.stdin, stdout=stdout or sys.stdout, clock=clock,
                    ready=ready,
                )
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if not sigterm.received or task is None:
            raise
        task.uncancel()  # a requested stop, not an error


async def _first_sync(follower: SiteFollower) -> SyncReport:
    """The sync at start; a repository that cannot be cloned at all (no checkout yet) stops the bot."""
    report = await follower.sync(force=True)
    if follower.git is not None and follower.outage is not None and follower.git.head() is None:
        raise BotError(f"cannot clone the course repository: {follower.outage.reason}")
    return report


def _staff_posting(store: Store, config: CourseConfig, transport: Transport | None, clock: Clock) -> Posting | None:
    if transport is None:
        log.info("no staff channel configured: staff alerts only in the log")
        return None
    return Posting(store, config, transport, clock=clock)


class _Sigterm:
    """While active, SIGTERM (``docker stop``) cancels the bot's task; :attr:`received` tells that
    cancellation apart from any other, so it ends the bot like end of input does (exit code 0)."""

    def __init__(self) -> None:
        self.received = False
        self._installed = False

    def __enter__(self) -> _Sigterm:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        if task is not None:
            try:
                loop.add_signal_handler(signal.SIGTERM, self._stop, task)
                self._installed = True
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals here
                pass
        return self

    def _stop(self, task: asyncio.Task[object]) -> None:
        log.info("SIGTERM: stopping")
        self.received = True
        task.cancel()

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)


async def _until_lock_lost(runtime: Runtime, work: Awaitable[None]) -> None:
    """Run ``work``; stop early (with an error) if another instance takes the lock over."""
    main = asyncio.ensure_future(work)
    lost = asyncio.ensure_future(runtime.lost_lock.wait())
    try:
        done, _ = await asyncio.wait({main, lost}, return_when=asyncio.FIRST_COMPLETED)
        if main in done:
            main.result()
        else:
            raise BotError(f"lost the instance lock on {runtime.store.db.path} to another instance; stopping")
    finally:
        for future in (main, lost):
            if not future.done():
                future.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await future


async def _run_console(
    store: Store, follower: SiteFollower, lock: InstanceLock, *, stdin: TextIO, stdout: TextIO, clock: Clock,
    ready: asyncio.Event,
) -> None:
    from bot.adapters.console import ConsoleTransport, run_console

    config = follower.config
    transport = ConsoleTransport(stdout, tz=config.course.tz)
    posting = Posting(store, config, transport, clock=clock)
    staff = _staff_posting(store, config, ConsoleTransport(stdout, channel="console-staff", tz=config.course.tz), clock)
    lookups = Lookups(store, config, clock=clock, follower=follower)
    runtime = Runtime(store, config, posting, lock, clock=clock, follower=follower, staff=staff)
    log.info("console mode on %s (cache %s)", config.site_path, store.db.path)
    await runtime.start()
    ready.set()
    try:
        await _until_lock_lost(runtime, run_console(lookups, posting, input=stdin, output=stdout))
    finally:
        runtime.stop()


async def _run_discord(
    store: Store, follower: SiteFollower, secrets: Secrets, lock: InstanceLock, *, clock: Clock, ready: asyncio.Event
) -> None:
    try:
        import aiohttp
        import discord

        from bot.adapters.discord import DiscordTransport, create_bot
    except ImportError as exc:  # pragma: no cover - the adapter ships with the project
        raise BotError(f"the Discord adapter cannot be loaded: {exc}") from exc
    assert secrets.discord_token is not None
    config = follower.config
    lookups = Lookups(store, config, clock=clock, follower=follower)
    bot = create_bot(lookups, None, config)
    posting: Posting | None = None
    if config.discord.channel_id is None:
        log.warning("discord.channel_id is not set in the configuration: answering commands, not posting digests")
    else:
        posting = Posting(store, config, DiscordTransport(bot, config.discord.channel_id), clock=clock)
        bot.posting = posting
    staff_id = config.discord.staff_channel_id
    staff = _staff_posting(store, config, DiscordTransport(bot, staff_id) if staff_id is not None else None, clock)
    runtime = Runtime(store, config, posting, lock, clock=clock, follower=follower, staff=staff)
    log.info("starting the Discord bot (cache %s)", store.db.path)
    client = asyncio.create_task(bot.start(secrets.discord_token.get_secret_value()), name="discord")
    connected = asyncio.create_task(bot.wait_until_ready(), name="discord-ready")
    try:
        await asyncio.wait({client, connected}, return_when=asyncio.FIRST_COMPLETED)
        if client.done():
            client.result()  # failed before becoming ready: raise its error
            raise BotError("the Discord client stopped before it was ready")
        log.info("connected to Discord as %s", bot.user)
        await runtime.start()
        ready.set()
        await _until_lock_lost(runtime, client)
    except discord.LoginFailure as exc:
        raise BotError("Discord refused the token in DISCORD_TOKEN (check it in the developer portal)") from exc
    except discord.PrivilegedIntentsRequired as exc:
        raise BotError(f"Discord: {exc}") from exc
    except (OSError, aiohttp.ClientError) as exc:
        raise BotError(f"cannot reach Discord ({exc}); check the network, then run again") from exc
    finally:
        runtime.stop()
        connected.cancel()
        if not bot.is_closed():
            await bot.close()
        if not client.done():
            client.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await client


async def _run_slack(
    store: Store, follower: SiteFollower, secrets: Secrets, lock: InstanceLock, *, clock: Clock, ready: asyncio.Event
) -> None:
    """Slack over Socket Mode (``bot.adapters.slack``): slash commands, and posts to ``slack.channel``."""
    try:
        import aiohttp
        from slack_sdk.errors import SlackApiError

        from bot.adapters.slack import (
            SlackStartError, SlackTransport, check_app_token, create_slack_app, make_slack_client, run_socket_mode,
        )
    except ImportError as exc:  # pragma: no cover - the adapter ships with the project
        raise BotError(f"the Slack adapter cannot be loaded: {exc}") from exc
    assert secrets.slack_bot_token is not None and secrets.slack_app_token is not None
    config = follower.config
    client = make_slack_client(secrets.slack_bot_token)
    try:
        identity = await client.auth_test()
    except SlackApiError as exc:
        raise BotError(f"Slack refused SLACK_BOT_TOKEN ({exc.response.get('error', 'error')})") from exc
    except (OSError, aiohttp.ClientError) as exc:
        raise BotError(f"cannot reach Slack ({exc}); check the network, then run again") from exc
    log.info("connected to Slack workspace %s as %s", identity.get("team"), identity.get("user"))
    try:
        await check_app_token(secrets.slack_app_token, client=client)  # a wrong SLACK_APP_TOKEN stops the start
    except SlackStartError as exc:
        raise BotError(str(exc)) from exc
    posting: Posting | None = None
    if config.slack.channel is None:
        log.warning("slack.channel is not set in the configuration: answering commands, not posting digests")
    else:
        posting = Posting(store, config, SlackTransport(client, config.slack.channel), clock=clock)
    staff_channel = config.slack.staff_channel
    staff = _staff_posting(store, config, SlackTransport(client, staff_channel) if staff_channel else None, clock)
    lookups = Lookups(store, config, clock=clock, follower=follower)
    app = create_slack_app(
        lookups, posting, config, token=secrets.slack_bot_token, signing_secret=secrets.slack_signing_secret, client=client
    )
    runtime = Runtime(store, config, posting, lock, clock=clock, follower=follower, staff=staff)
    try:
        await runtime.start()
        ready.set()
        await _until_lock_lost(runtime, run_socket_mode(app, secrets.slack_app_token))
    finally:
        runtime.stop()
