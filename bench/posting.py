"""A whole semester of scheduled posting, simulated: exactly-once counts and the cost of each tick.

    .venv/bin/python bench/posting.py [CORPUS_DIR]

Syncs the end-of-semester snapshot of the corpus course (28 sessions, dates from its schedule page) into a
temporary cache, then walks a clock through the semester in 10-minute ticks (the resync period), doing
what the running bot does on each tick: ``run_due`` (digests, reminders, catch-up) and ``after_sync``
(edit in place). Every 8 days the bot is "down" for 30 hours, so some posts go out late (within the
grace window) or are skipped (beyond it). A channel that counts messages by ledger key checks that no key
is ever posted twice. Prints the counts and the time per tick, compose and after_sync.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bot.config import CalendarConfig, load_config  # noqa: E402
from bot.services.digest import compose_digest  # noqa: E402
from bot.services.messages import Message  # noqa: E402
from bot.services.posting import Posting  # noqa: E402
from bot.store.sessions import Store  # noqa: E402

DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus"
SET = "2024sp-GenAI-Risk-Benefits"
TICK = dt.timedelta(minutes=10)
CYCLE = dt.timedelta(days=8)  # not a week: the outage falls on a different weekday each time
OUTAGE = dt.timedelta(hours=30)


class CountingChannel:
    platform = "bench"
    channel = "semester"

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.edits = 0

    async def send(self, message: Message, *, nonce: str) -> str:
        self.sent[message.key or "?"] += 1
        return f"m{sum(self.sent.values())}"

    async def edit(self, message_id: str, message: Message) -> None:
        self.edits += 1

    async def find_sent(self, key: str) -> str | None:
        return None


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


async def main(corpus: Path) -> int:
    site = corpus / SET
    if not site.is_dir():
        print(f"corpus course not found at {site}")
        return 2
    # the course's own schedule page gives the dates: drop the example course's [calendar]
    config = load_config(PROJECT / "config" / "course.toml", site=site).model_copy(update={"calendar": CalendarConfig()})
    with tempfile.TemporaryDirectory() as tmp:
        async with await Store.open(Path(tmp) / "bench.sqlite3") as store:
            report = await store.sync(config)
            sessions = await store.all_sessions()
            dated = [s for s in sessions if s.date and s.meeting]
            print(f"{site.name}: {report.parsed} posts, {len(dated)} dated meetings "
                  f"{dated[0].date} .. {dated[-1].date}")

            # compose cost
            at = dt.datetime.combine(dated[len(dated) // 2].date - dt.timedelta(days=2), dt.time(18), config.course.tz)
            began = time.perf_counter()
            for _ in range(200):
                compose_digest(sessions, at=at, config=config)
            compose = (time.perf_counter() - began) / 200
            print(f"compose_digest over {len(sessions)} sessions: {ms(compose)} per digest")

            start = dt.datetime.combine(dated[0].date - dt.timedelta(days=10), dt.time(0), config.course.tz)
            end = dt.datetime.combine(dated[-1].date + dt.timedelta(days=3), dt.time(0), config.course.tz)
            clock = Clock(start)
            channel = CountingChannel()
            posting = Posting(store, config, channel, clock=clock)
            tick_times: list[float] = []
            sync_times: list[float] = []
            outcomes: Counter[str] = Counter()
            ticks = 0
            while clock.now < end:
                down = (clock.now - start) % CYCLE >= CYCLE - OUTAGE  # offline for a while every cycle
                if not down:
                    t0 = time.perf_counter()
                    for outcome in await posting.run_due():
                        outcomes[f"{outcome.kind} {outcome.action}"] += 1
                    t1 = time.perf_counter()
                    await posting.after_sync(None)
                    t2 = time.perf_counter()
                    tick_times.append(t1 - t0)
                    sync_times.append(t2 - t1)
                    ticks += 1
                clock.now += TICK
            doubled = {k: n for k, n in channel.sent.items() if n > 1}
            late = [e for e in await posting.ledger.entries(status="sent")
                    if e.due_at is not None and e.updated_at - e.due_at >= TICK]
            print(f"simulated {start:%Y-%m-%d} .. {end:%Y-%m-%d}: {ticks} ticks of {TICK}, "
                  f"offline {OUTAGE} in every {CYCLE.days} days")
            for name, count in sorted(outcomes.items()):
                print(f"  {name:<20} {count}")
            print(f"  messages in channel  {sum(channel.sent.values())} ({len(channel.sent)} keys), edits {channel.edits}")
            print(f"  posted late (caught up within grace) {len(late)}")
            print(f"  posted twice         {len(doubled)} {doubled or ''}")
            print(f"run_due per tick: median {ms(statistics.median(tick_times))}, max {ms(max(tick_times))}")
            print(f"after_sync per tick: median {ms(statistics.median(sync_times))}, max {ms(max(sync_times))}")
            return 1 if doubled else 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stdout, format="  log: %(message)s")
    sys.exit(asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)))
