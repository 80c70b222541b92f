"""Skips for lateness wait for a second, agreeing reading of the clock (bot/services/skip_guard.py)."""

from __future__ import annotations

import datetime as dt

from bot.services.skip_guard import SkipGuard

T0 = dt.datetime(2024, 2, 25, 23, 0, tzinfo=dt.UTC)


class Meta:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def meta_get(self, key: str) -> str | None:
        return self.values.get(key)

    async def meta_set(self, key: str, value: str) -> None:
        self.values[key] = value


async def test_a_first_reading_only_records_itself_and_a_later_one_confirms() -> None:
    meta = Meta()
    guard = SkipGuard(meta, "suspect")
    await guard.begin(T0)
    assert guard.may_skip() is False and guard.waiting
    await guard.end(T0)
    assert meta.values["suspect"] == T0.isoformat()
    await guard.begin(T0 + dt.timedelta(minutes=10))
    assert guard.may_skip() is True
    await guard.end(T0 + dt.timedelta(minutes=10))
    assert meta.values["suspect"] == ""  # nothing waits any more: the suspicion is cleared


async def test_a_clock_that_came_back_clears_the_suspicion() -> None:
    meta = Meta()
    guard = SkipGuard(meta, "suspect")
    await guard.begin(T0 + dt.timedelta(days=3))  # a jump forward: recorded, nothing given up
    assert guard.may_skip() is False
    await guard.end(T0 + dt.timedelta(days=3))
    await guard.begin(T0)  # the next reading is back before it
    assert meta.values["suspect"] == ""
    assert guard.may_skip() is False


async def test_outside_a_pass_skips_are_allowed_and_a_pass_without_skips_records_nothing() -> None:
    meta = Meta()
    guard = SkipGuard(meta, "suspect")
    assert guard.may_skip() is True
    await guard.begin(T0)
    await guard.end(T0)
    assert meta.values["suspect"] == "" and guard.may_skip() is True
