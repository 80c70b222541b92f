"""The clock tests inject: it says what the test set, and moves only when the test moves it."""

from __future__ import annotations

import datetime as dt


class SettableClock:
    """``clock()`` is ``clock.now``; set it, or move it with ``clock.advance(10)`` (minutes) or
    ``clock.advance(hours=2)``."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float = 0.0, **delta: float) -> None:
        self.now += dt.timedelta(minutes=minutes, **delta)


class HeldClock:
    """Reads ``reading`` until :meth:`release`, then runs in real time from it, as if it had been running since
    the real moment ``since``: a test plans against a clock nothing moves, then lets real time decide."""

    def __init__(self, reading: dt.datetime) -> None:
        self.reading = reading
        self.since: dt.datetime | None = None

    def __call__(self) -> dt.datetime:
        if self.since is None:
            return self.reading
        return self.reading + (dt.datetime.now(dt.UTC) - self.since)

    def release(self, since: dt.datetime) -> None:
        self.since = since
