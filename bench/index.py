"""Sync throughput: a 5,000-post site built from the corpus, synced into a new cache and synced again.

Prints, measured in one run (best of ``--rounds``):
- the floor: read the same files, ``frontmatter.load`` and ``MarkdownIt().parse`` of the body up to
  ``<!--excerpt.start-->``, nothing else;
- a full sync into a new cache (``Store.sync``: hash, parse, order, date, write everything);
- a second sync with nothing changed;
and the ratios against the targets: full <= 1.5x the floor, unchanged <= 5% of full.

    .venv/bin/python bench/index.py [--posts 5000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import frontmatter  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from bot.config import CourseConfig, CourseSection  # noqa: E402
from bot.store.sessions import Store  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
SNAPSHOT = CORPUS / "2024sp-GenAI-Risk-Benefits"
EXCERPT = "<!--excerpt.start-->"
FULL_TARGET = 1.5
UNCHANGED_TARGET = 0.05


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


def floor(files: list[Path], md: MarkdownIt) -> float:
    t0 = time.perf_counter()
    for path in files:
        post = frontmatter.load(path)
        md.parse(post.content.split(EXCERPT, 1)[0])
    return time.perf_counter() - t0


async def sync_times(root: Path, config: CourseConfig, db: Path) -> tuple[float, float, str, str]:
    store = await Store.open(db)
    try:
        t0 = time.perf_counter()
        first = await store.sync(config)
        t1 = time.perf_counter()
        second = await store.sync(config)
        t2 = time.perf_counter()
    finally:
        await store.close()
    describe = lambda r: f"parsed {r.parsed}, unchanged {r.unchanged}, failed {r.failed}, problems {len(r.problems)}"  # noqa: E731
    return t1 - t0, t2 - t1, describe(first), describe(second)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=None,
                        help="parse processes for the sync (default: every CPU; 1 = parse in this process)")
    args = parser.parse_args()
    if args.workers is not None:
        os.environ["COURSEBOT_SYNC_WORKERS"] = str(args.workers)
    from bot.store.scan import parse_workers

    print(f"sync parses with {parse_workers()} process(es); the floor runs in one")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        files = build_site(root, args.posts)
        size = sum(p.stat().st_size for p in files)
        print(f"site: {len(files)} posts, {size / 1e6:.1f} MB, in {root}")
        config = CourseConfig(course=CourseSection(site=root))
        md = MarkdownIt()
        for path in files:  # warm the page cache, so no measurement pays for the first disk read
            path.read_bytes()
        floors, fulls, unchanged = [], [], []
        for round_ in range(args.rounds):
            gc.collect()
            floors.append(floor(files, md))
            gc.collect()
            full, again, first_report, second_report = asyncio.run(
                sync_times(root, config, Path(tmp) / f"cache-{round_}.sqlite3")
            )
            fulls.append(full)
            unchanged.append(again)
            print(f"round {round_ + 1}: floor {floors[-1]:.2f} s, full sync {full:.2f} s ({first_report}), "
                  f"unchanged sync {again:.3f} s ({second_report})")
    best_floor, best_full, best_again = min(floors), min(fulls), min(unchanged)
    full_ratio = best_full / best_floor
    again_ratio = best_again / best_full
    print(f"floor (frontmatter.load + MarkdownIt().parse): {best_floor:.2f} s")
    print(f"full sync into a new cache:                   {best_full:.2f} s  = {full_ratio:.2f}x floor "
          f"(target <= {FULL_TARGET}x) {'ok' if full_ratio <= FULL_TARGET else 'OVER'}")
    print(f"second sync, nothing changed:                 {best_again:.3f} s = {again_ratio:.1%} of full "
          f"(target <= {UNCHANGED_TARGET:.0%}) {'ok' if again_ratio <= UNCHANGED_TARGET else 'OVER'}")
    return 0 if full_ratio <= FULL_TARGET and again_ratio <= UNCHANGED_TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
