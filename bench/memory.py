"""Peak memory of the real bot process: ``coursebot run`` in console mode, 100 commands piped in.

    .venv/bin/python bench/memory.py [--posts 1000 10000] [--commands 100] [--rounds 1]

For each size a site of that many posts is built from the corpus (bench/posting.py's generator: two
meetings a day, each post dated in its front matter), then the bot is run as its own process with the
trial clock in the middle of the course and ``--commands`` slash commands on standard input (readings by
slug, lecture id, title words and a typo; team; schedule; search; calendar; digest preview; help; and one
staff /sync), and it stops at the end of input. Two runs per round:

  cold  a new cache: the bot's first sync parses the whole site;
  warm  the same cache again: the sync at start only stats the files.

Peak RSS is the kernel's (``os.wait4`` ru_maxrss of the bot process: interpreter, imports, everything).
Targets: <= 100 MB at 1,000 posts and <= 120 MB at 10,000, cold and warm. The machine may be shared: memory
figures move little with load, wall times a lot (printed for reference only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from posting import FIRST_DAY, SNAPSHOT, build_site  # noqa: E402

TARGETS_MB = {1000: 100.0, 10000: 120.0}


def target_for(posts: int) -> float:
    """The issue's targets; in between, the next bigger size's (a smaller site must not need more)."""
    for size in sorted(TARGETS_MB):
        if posts <= size:
            return TARGETS_MB[size]
    return TARGETS_MB[max(TARGETS_MB)]


def commands(posts: int, count: int) -> str:
    """``count`` commands cycling through what people type, over sessions spread across the site."""
    lines = []
    step = max(1, posts // 37)
    kinds = [
        lambda i: f"/readings W{(i * step % posts) // 30:04d}-{i * step % posts:05d}",  # by slug
        lambda i: "/readings Introduction",  # title words (many sessions share corpus titles)
        lambda i: "/readings jailbrake atacks",  # a typo: fuzzy
        lambda i: "/readings W00",  # a prefix
        lambda i: "/team notes",
        lambda i: "/schedule 5",
        lambda i: "/search privacy",
        lambda i: "/search language models",
        lambda i: "/digest preview",
        lambda i: "/help",
        lambda i: "/calendar",
    ]
    for i in range(count - 1):
        lines.append(kinds[i % len(kinds)](i))
    lines.insert(count // 2, "/sync")  # a staff resync in the middle (nothing changed)
    return "\n".join(lines) + "\n"


def run_bot(site: Path, db: Path, now: str, stdin: str, env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    argv = [sys.executable, "-m", "bot.cli", "run", "--site", str(site), "--db", str(db), "--now", now]
    with tempfile.TemporaryFile() as inp, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        inp.write(stdin.encode())
        inp.seek(0)
        began = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=inp, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        output, log = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(argv)} failed ({status}):\n{log[-2000:]}")
        return wall, usage.ru_maxrss / 1024, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--commands", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not SNAPSHOT.is_dir():
        print(f"corpus course not found at {SNAPSHOT}")
        return 2
    over = 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base_env = {k: v for k, v in os.environ.items()
                    if k not in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "COURSEBOT_DB", "COURSEBOT_NOW")}
        base_env["XDG_CACHE_HOME"] = str(Path(tmp) / "xdg")
        base_env["PYTHONPATH"] = str(PROJECT)
        for posts in args.posts:
            site = Path(tmp) / f"site{posts}"
            site.mkdir()
            build_site(site, posts)
            middle = FIRST_DAY + dt.timedelta(days=posts // 4)
            now = f"{middle.isoformat()}T09:00"
            text = commands(posts, args.commands)
            cold: list[float] = []
            warm: list[float] = []
            for r in range(args.rounds):
                db = Path(tmp) / f"cache{posts}-{r}.sqlite3"
                work = Path(tmp) / f"cwd{posts}-{r}"  # /calendar writes its files here
                work.mkdir()
                wall_c, rss_c, out_c = run_bot(site, db, now, text, base_env, work)
                wall_w, rss_w, out_w = run_bot(site, db, now, text, base_env, work)
                answers = out_w.count("coursebot> ")
                cold.append(rss_c)
                warm.append(rss_w)
                print(f"{posts:>6} posts round {r + 1}: cold {rss_c:6.1f} MiB ({wall_c:5.1f} s)  "
                      f"warm {rss_w:6.1f} MiB ({wall_w:5.1f} s)  prompts seen {answers}", flush=True)
            rows.append((posts, statistics.median(cold), max(cold), statistics.median(warm), max(warm)))
    print(f"\n{'posts':>6} {'cold peak MiB':>14} {'warm peak MiB':>14}  target (after {args.commands} commands)")
    for posts, cold_med, cold_max, warm_med, warm_max in rows:
        target = target_for(posts)
        worst = max(cold_max, warm_max) * 1.048576  # MiB -> MB (10^6 bytes): the stricter reading
        ok = worst <= target
        over += not ok
        print(f"{posts:>6} {cold_med:14.1f} {warm_med:14.1f}  <= {target:.0f} MB: {'ok' if ok else 'OVER'}"
              + (f" (max over rounds: cold {cold_max:.1f}, warm {warm_max:.1f})" if args.rounds > 1 else ""))
    print("(MiB = 2^20 bytes; the targets are judged in MB = 10^6 bytes, the stricter reading: 100 MB = 95.4 MiB)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
