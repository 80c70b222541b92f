"""What following a course repository costs per resync: clone, fetch, and the whole resync with notices.

    .venv/bin/python bench/git_follow.py [SESSIONS]

Builds a bare repository on disk with SESSIONS posts (default 300, 20 readings each), clones it with
:class:`bot.source.git.GitSite`, then times a fetch with nothing new (what most 10-minute resyncs do), a
fetch after a push changing one post, and the bot's whole resync pipeline (fetch, incremental sync, change
notices and staff alerts) with and without a change. Prints the median of several runs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bot.adapters.console import ConsoleTransport  # noqa: E402
from bot.config import CourseConfig, CourseSection, ScheduleSection  # noqa: E402
from bot.services.alerts import Alerts  # noqa: E402
from bot.services.follow import SiteFollower  # noqa: E402
from bot.services.notices import Notices  # noqa: E402
from bot.services.posting import Posting  # noqa: E402
from bot.source.git import GitSite  # noqa: E402
from bot.store.sessions import Store  # noqa: E402
from tests.fakes.gitremote import GitRemote  # noqa: E402

RUNS = 7
START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def post(i: int, extra: str = "") -> str:
    day = dt.date(2026, 1, 5) + dt.timedelta(days=i)
    readings = "".join(f"### Paper {i}.{j}{extra}\n  + https://arxiv.org/abs/2401.{i:03d}{j:02d}\n\n" for j in range(20))
    return f"---\ntitle: Session {i}\ndate: {day}\nnotes: team-{i % 6 + 1}\n---\n\n## Required Readings\n\n{readings}"


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


async def main(count: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    root = Path(tempfile.mkdtemp(prefix="coursebot-git-bench-"))
    remote = GitRemote(root / "origin")
    remote.commit({f"L{i:03d}.md": post(i) for i in range(count)}, "site")
    site = GitSite(remote.url, root / "clone")
    print(f"repository: {count} posts, 20 readings each")
    print(f"clone:                        {timed(site.fetch) * 1000:7.1f} ms")
    same = [timed(site.fetch) for _ in range(RUNS)]
    print(f"fetch, nothing new:           {statistics.median(same) * 1000:7.1f} ms (median of {RUNS})")
    changed = []
    for run in range(RUNS):
        remote.commit({"L000.md": post(0, f" v{run}")}, f"edit {run}")
        changed.append(timed(site.fetch))
    print(f"fetch, one post changed:      {statistics.median(changed) * 1000:7.1f} ms (median of {RUNS})")

    now = [START]
    clock = lambda: now[0]  # noqa: E731
    config = CourseConfig(course=CourseSection(repo=remote.url, timezone="UTC"),
                          schedule=ScheduleSection(reminder_hours=None))
    async with await Store.open(root / "data" / "cache.sqlite3") as store:
        follower = SiteFollower.for_config(store, config, data_dir=root / "data", clock=clock)
        out = io.StringIO()
        posting = Posting(store, follower.config, ConsoleTransport(out), clock=clock)
        notices = Notices(store, follower.config, posting, clock=clock)
        alerts = Alerts(store, follower.config, Posting(store, follower.config, ConsoleTransport(out, channel="staff"),
                                                        clock=clock), follower, clock=clock)

        async def resync() -> float:
            start = time.perf_counter()
            await follower.sync()
            await notices.after_sync()
            await alerts.after_sync()
            return time.perf_counter() - start

        first = await resync()
        print(f"first resync (clone + parse): {first * 1000:7.1f} ms")
        quiet = [await resync() for _ in range(RUNS)]
        print(f"resync, nothing new:          {statistics.median(quiet) * 1000:7.1f} ms (median of {RUNS})")
        pushed = []
        for run in range(RUNS):
            remote.commit({"L001.md": post(1, f" w{run}")}, f"edit {run}")
            now[0] += dt.timedelta(minutes=10)
            pushed.append(await resync())
        print(f"resync, one post pushed:      {statistics.median(pushed) * 1000:7.1f} ms (median of {RUNS})")
        now[0] += dt.timedelta(minutes=10)  # quiet since the last push: the one notice of the burst goes out
        posting_run = await resync()
        print(f"resync posting the notice:    {posting_run * 1000:7.1f} ms "
              f"({out.getvalue().count('[changes:')} notice for the burst of {RUNS} pushes)")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
