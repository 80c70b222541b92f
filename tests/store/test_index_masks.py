"""The name index's bit-mask helpers and its mask ordering agree with the plain list versions."""

from __future__ import annotations

import datetime as dt
import random

from bot.store.index import Entry, NameIndex, _bits, _highest, _lowest, _span


def test_bits_lowest_highest_span() -> None:
    mask = _bits([0, 3, 9, 64, 65, 1000], 1001)
    assert _lowest(mask, 3) == [0, 3, 9] and _lowest(mask, 99) == [0, 3, 9, 64, 65, 1000]
    assert _highest(mask, 2) == [1000, 65]
    assert _lowest(mask & _span(4, 65), 10) == [9, 64]
    assert _span(5, 5) == 0 and _bits([], 10) == 0


def test_mask_ordering_matches_the_list_ordering() -> None:
    rng = random.Random(5)
    start = dt.date(2024, 1, 1)
    entries = [Entry(i, f"s{i}", None, f"t{i}", start + dt.timedelta(days=i // 2) if i < 180 else None)
               for i in range(200)]
    index = NameIndex(entries)
    for _ in range(200):
        pool = sorted(rng.sample(range(200), rng.randint(0, 60)))
        for today in (None, start, start + dt.timedelta(days=45), start + dt.timedelta(days=400)):
            for limit in (1, 5, 25):
                assert (index._upcoming_first_mask(_bits(pool, 200), today, limit)
                        == index._upcoming_first(pool, today, limit))
