"""Sync throughput against an independent floor, in paired rounds of whole processes.

    .venv/bin/python bench/index.py [--posts 2000 [10000 ...]] [--rounds 5]

For each size given, a site of that many posts is built from the corpus. Each round runs, one after the other, as separate
processes (interpreter start and imports included, like the command a user runs):
  A  the floor: read every file, libyaml front matter, one markdown-it pass over the body up to
     ``<!--excerpt.start-->``, one SQLite transaction inserting the texts (one process);
  B  ``coursebot sync`` into a new cache with COURSEBOT_SYNC_WORKERS=1 (one process: same as the floor);
  C  ``coursebot sync`` into a new cache with the default, measured worker policy (bot.store.scan);
  D  ``coursebot sync`` again, nothing changed;
  E  the stack alone: an interpreter importing typer, pydantic (one model), asyncio and aiosqlite, which
     every command needs: what of D is not the bot's;
and prints per round B/A (target <= 1.5x), C/B (worker policy: target <= 1.0x, never slower than one
process) and D/B (target <= 0.05x), D/B also in CPU seconds. The summary gives the median and the spread
(min..max) of each ratio over the rounds: the machine is shared, so only ratios within a round mean much.
D runs on B's cache, right after B, so both sides read the same site; an unchanged resync costs about the
same at any size while a full sync grows with the site, so give the size as is (the default, 2,000) and,
if you like, a second one: each is printed with its own summary. Peak RSS and CPU seconds (user + system) of
each process are printed (os.wait4), and B/A in CPU seconds besides wall seconds: on a loaded machine the
CPU ratio moves less. An in-process breakdown (read, YAML, our parser, SQL) follows, from a child process
(this one stays small: a child forked from a big process reports that size as its own peak RSS).
The bot's bytecode is compiled first, as for an installed package (see bench/startup.py).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

CORPUS = PROJECT.parent / "shared" / "corpus"
SNAPSHOT = CORPUS / "2024sp-GenAI-Risk-Benefits"
EXCERPT = "<!--excerpt.start-->"
FULL_TARGET = 1.5
AGAIN_TARGET = 0.05

# The stack every command imports, as its own process (E): what of an unchanged sync is not the bot's.
STACK = """
import typer, asyncio, aiosqlite, sqlite3, pydantic
class Model(pydantic.BaseModel):
    x: int = 0
"""

# The floor, as its own process: only what any sync must do.
FLOOR = r"""
import sqlite3, sys, time
began = time.perf_counter()
import yaml
from markdown_it import MarkdownIt
from pathlib import Path
root, db = Path(sys.argv[1]), sys.argv[2]
md = MarkdownIt()
rows = []
for path in sorted((root / "_contents").glob("*.md")):
    text = path.read_bytes().decode("utf-8")
    _, front, body = text.split("---", 2)
    meta = yaml.load(front, Loader=yaml.CSafeLoader)
    tokens = md.parse(body.split("<!--excerpt.start-->", 1)[0])
    rows.append((path.name, str(meta.get("title")), len(tokens), body))
conn = sqlite3.connect(db)
conn.execute("CREATE TABLE posts (file TEXT PRIMARY KEY, title TEXT, tokens INTEGER, body TEXT)")
with conn:
    conn.executemany("INSERT INTO posts VALUES (?, ?, ?, ?)", rows)
conn.close()
print(f"{time.perf_counter() - began:.4f}")
"""


def sources() -> list[bytes]:
    """Every distinct corpus post: both snapshots and the history of the seed post."""
    paths = sorted(CORPUS.glob("2024sp-GenAI-Risk-Benefits*/_contents/*.md"))
    paths += sorted(CORPUS.glob("2024sp-GenAI-Risk-Benefits.history/_contents/*/*.md"))
    seen: dict[bytes, None] = {}
    for path in paths:
        seen.setdefault(path.read_bytes(), None)
    return list(seen)


def build_site(root: Path, count: int) -> list[Path]:
    """A Jekyll site (the corpus _config.yml and index.html) with ``count`` posts, each with its own
    slug and a line of its own so that every file hashes differently."""
    if not SNAPSHOT.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    shutil.copy(SNAPSHOT / "_config.yml", root / "_config.yml")
    shutil.copy(SNAPSHOT / "index.html", root / "index.html")
    folder = root / "_contents"
    folder.mkdir()
    bases = sources()
    files = []
    for i in range(count):
        data = bases[i % len(bases)]
        head, sep, rest = data.partition(b"\n---")  # after the opening '---' line, before the closing one
        data = head + f"\nbenchCopy: {i}".encode() + sep + rest + f"\n\nCopy {i} of the session.\n".encode()
        path = folder / f"S{i // 100:02d}-L{i % 100:02d}-{i:05d}.md"
        path.write_bytes(data)
        files.append(path)
    return files


def run_measured(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MiB, from os.wait4), stdout and CPU seconds (user + system) of one whole
    process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=PROJECT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err.read().decode()[-2000:]}")
        return wall, usage.ru_maxrss / 1024, out.read().decode(), usage.ru_utime + usage.ru_stime


def spread(values: list[float], digits: int = 2) -> str:
    return (f"median {statistics.median(values):.{digits}f}x "
            f"(min {min(values):.{digits}f}x .. max {max(values):.{digits}f}x)")


def breakdown(files: list[Path]) -> None:
    """In this process: what the parts of a sync cost over the same files (no interpreter start)."""
    import sqlite3

    import yaml
    from markdown_it import MarkdownIt

    from bot.course.posts import parse_post
    from bot.store.scan import content_hash

    t0 = time.perf_counter()
    datas = [p.read_bytes() for p in files]
    t1 = time.perf_counter()
    for data in datas:
        content_hash(data)
    t2 = time.perf_counter()
    bodies = []
    for data in datas:
        _, front, body = data.decode("utf-8").split("---", 2)
        yaml.load(front, Loader=yaml.CSafeLoader)
        bodies.append(body)
    t3 = time.perf_counter()
    md = MarkdownIt()
    for body in bodies:
        md.parse(body.split(EXCERPT, 1)[0])
    t4 = time.perf_counter()
    for path, data in zip(files, datas):
        parse_post(f"_contents/{path.name}", data, collection="_contents")
    t5 = time.perf_counter()
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (file TEXT PRIMARY KEY, body TEXT)")
    with conn:
        conn.executemany("INSERT INTO t VALUES (?, ?)", [(p.name, b) for p, b in zip(files, bodies)])
    t6 = time.perf_counter()
    print(f"in-process over {len(files)} posts: read {t1 - t0:.3f} s, hash {t2 - t1:.3f} s, libyaml {t3 - t2:.3f} s, "
          f"one markdown-it pass {t4 - t3:.3f} s, parse_post (YAML + markdown + readings) {t5 - t4:.3f} s, "
          f"SQLite insert {t6 - t5:.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[2000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--breakdown-of", type=Path, help=argparse.SUPPRESS)  # the in-process part, in a child
    args = parser.parse_args()
    if args.breakdown_of is not None:
        breakdown(sorted((args.breakdown_of / "_contents").glob("*.md")))
        return 0
    python = sys.executable
    one = {**os.environ, "COURSEBOT_SYNC_WORKERS": "1"}
    policy = {k: v for k, v in os.environ.items() if k != "COURSEBOT_SYNC_WORKERS"}
    # as pip install does for an installed package (see bench/startup.py): with PYTHONDONTWRITEBYTECODE set,
    # every process would otherwise compile the bot's modules from source again (~60 ms, most of an unchanged sync)
    compiled = compileall.compile_dir(PROJECT / "bot", quiet=1)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
          f"bytecode {'compiled' if compiled else 'NOT compiled'} "
          f"(PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')})")
    ok = True
    for posts in args.posts:
        ok = measure(posts, args.rounds, python, one, policy) and ok
    return 0 if ok else 1


def measure(posts: int, rounds: int, python: str, one: dict[str, str], policy: dict[str, str]) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        files = build_site(root, posts)
        size = sum(p.stat().st_size for p in files)
        print(f"site: {len(files)} posts, {size / 1e6:.1f} MB")
        for path in files:  # warm the page cache, so no measurement pays for the first disk read
            path.read_bytes()
        ratio_one, ratio_policy, ratio_again, cpu_one, cpu_again, stack = [], [], [], [], [], []
        for round_ in range(rounds):
            dbs = [Path(tmp) / f"{name}-{round_}.sqlite3" for name in ("floor", "one", "policy")]
            a, a_rss, a_inner, a_cpu = run_measured([python, "-c", FLOOR, str(root), str(dbs[0])])
            sync = [python, "-m", "bot.cli", "sync", "--site", str(root), "--db"]
            b, b_rss, _, b_cpu = run_measured([*sync, str(dbs[1])], env=one)
            c, c_rss, _, _ = run_measured([*sync, str(dbs[2])], env=policy)
            d, d_rss, _, d_cpu = run_measured([*sync, str(dbs[1])], env=one)
            e, _, _, e_cpu = run_measured([python, "-c", STACK])
            ratio_one.append(b / a)
            ratio_policy.append(c / b)
            ratio_again.append(d / b)
            cpu_one.append(b_cpu / a_cpu)
            cpu_again.append(d_cpu / b_cpu)
            stack.append(e_cpu / b_cpu)
            print(f"round {round_ + 1} (load {os.getloadavg()[0]:.1f}): "
                  f"A floor {a:.2f} s (in-process {float(a_inner):.2f} s, CPU {a_cpu:.2f} s, {a_rss:.0f} MiB) | "
                  f"B sync 1 process {b:.2f} s (CPU {b_cpu:.2f} s, {b_rss:.0f} MiB) | "
                  f"C sync policy {c:.2f} s ({c_rss:.0f} MiB) | "
                  f"D unchanged {d:.3f} s (CPU {d_cpu:.3f} s, {d_rss:.0f} MiB) | E stack {e:.3f} s (CPU {e_cpu:.3f} s) || "
                  f"B/A {b / a:.2f}x  C/B {c / b:.2f}x  D/B {d / b:.3f}x (CPU {d_cpu / b_cpu:.3f}x)")
        print(f"[{posts} posts] B/A full sync, one process, over the floor: {spread(ratio_one)} (target <= {FULL_TARGET}x)")
        print(f"[{posts} posts] B/A in CPU seconds (user + system): {spread(cpu_one)}")
        print(f"[{posts} posts] C/B measured worker policy over one process: {spread(ratio_policy)} (target <= 1.0x)")
        print(f"[{posts} posts] D/B unchanged sync (whole process) over full: {spread(ratio_again, 3)} "
              f"(target <= {AGAIN_TARGET}x)")
        print(f"[{posts} posts] D/B in CPU seconds (user + system): {spread(cpu_again, 3)}")
        print(f"[{posts} posts] E/B the stack's imports alone over a full sync, CPU seconds: {spread(stack, 3)}")
        # in a child process: parsing here would grow this process, and a child forked from a big process
        # reports that size as its own peak RSS (the maximum is kept across exec)
        subprocess.run([python, __file__, "--breakdown-of", str(root)], check=True, cwd=PROJECT)
    ok = statistics.median(ratio_one) <= FULL_TARGET
    again = statistics.median(ratio_again) <= AGAIN_TARGET
    print(f"[{posts} posts] full sync {'within' if ok else 'OVER'} target; "
          f"unchanged sync {'within' if again else 'OVER'} target")
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
