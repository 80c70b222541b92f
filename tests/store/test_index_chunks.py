"""Autocomplete's substring search reads only the chunks of the names' text that hold every character pair
of the query (NameIndex._chunks_with); it must find exactly what a scan of every name finds, in the same
order: upcoming (soonest first), past (latest first), undated."""

from __future__ import annotations

import datetime as dt
import random

from bot.store.index import _CHUNK, Entry, NameIndex, normalise

START = dt.date(2024, 1, 1)


def naive(entries: list[Entry], q: str, today: dt.date, limit: int) -> list[str]:
    hits = [e for e in entries if any(normalise(q) in normalise(n) for n in e.names)]
    upcoming = [e for e in hits if e.date is not None and e.date >= today]
    past = [e for e in hits if e.date is not None and e.date < today][::-1]
    undated = [e for e in hits if e.date is None]
    return [e.slug for e in (upcoming + past + undated)[:limit]]


def test_chunked_substring_search_finds_what_a_full_scan_finds() -> None:
    rng = random.Random(4)
    alphabet = "abcdeé-0123 "
    count = 40 * _CHUNK
    entries = [
        Entry(i, f"s{i:04d}-{''.join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))}",
              rng.choice([None, f"L{rng.randint(0, 40)}"]),
              rng.choice([None, "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))]),
              START + dt.timedelta(days=i // 3) if i < count - 300 else None)
        for i in range(count)
    ]
    index = NameIndex(entries)
    queries = ["a", "é", "-0", "s0001", "ab c", "e-e", "l4", "dcba", "0-", "zz", "s12", "3 "]
    queries += ["".join(rng.choice(alphabet) for _ in range(rng.randint(2, 4))).strip() or "a" for _ in range(60)]
    checked = 0
    for q in queries:
        for today in (START, START + dt.timedelta(days=200), START + dt.timedelta(days=5000)):
            for limit in (1, 7, 25):
                want = naive(entries, q, today, limit)
                if want:  # nothing contains it: autocomplete turns fuzzy (tested elsewhere)
                    assert [e.slug for e in index.suggest(q, today=today, limit=limit)] == want, (q, today, limit)
                    checked += 1
    assert checked > 300
