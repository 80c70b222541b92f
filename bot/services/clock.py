"""The one clock the bot decides by, and how its moments map to the real clock the scheduler waits on.

Every decision about time (what is due, what is upcoming, which week a digest covers, what ``today`` is in
the configuration) reads an injected :data:`Clock`: a callable returning an aware ``datetime``. The running
bot uses :func:`system_clock`, or for trials an :class:`OffsetClock` that starts at a chosen moment
(``coursebot run --now 2029-03-06T12:00`` or ``COURSEBOT_NOW``) and runs at real speed; tests pass a fixed one.

The scheduler (APScheduler) waits on the real clock, so it never decides anything: it only *wakes* the
posting code at :func:`real_moment` of the injected moment something falls due, and the posting code looks at
the injected clock to decide what is due.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

__all__ = ["NOW_ENV", "Clock", "OffsetClock", "clock_from", "parse_moment", "real_moment", "system_clock"]

Clock = Callable[[], dt.datetime]

#: Environment variable that sets the clock of a real process, like ``--now`` (for trials).
NOW_ENV = "COURSEBOT_NOW"


def system_clock() -> dt.datetime:
    """The real time, aware (UTC)."""
    return dt.datetime.now(dt.UTC)


class OffsetClock:
    """A clock that reads ``start`` when created and then runs at real speed (monotonic, so a wall-clock
    adjustment of the machine does not move it)."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("OffsetClock needs an aware start moment")
        self.start = start
        self._origin = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=time.monotonic() - self._origin)

    def __repr__(self) -> str:
        return f"OffsetClock(started at {self.start.isoformat()})"


def parse_moment(text: str, tz: ZoneInfo, *, what: str = "--now") -> dt.datetime:
    """An ISO date-time (``2029-03-06T12:00``, ``2029-03-06 12:00+01:00``) or date (its midnight); naive
    means wall-clock time in ``tz``. Raises ``ValueError`` naming ``what`` and the expected form."""
    value = text.strip()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what}: expected a date and time like 2024-02-25T18:00, got {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    try:
        moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{what}: {text!r} is out of range") from None
    from bot.course.models import date_out_of_range  # the dates the bot accepts anywhere (1900-2199)

    if (why := date_out_of_range(moment.astimezone(tz).date())) is not None:
        raise ValueError(f"{what}: {text!r} is out of range ({why})")
    return moment.astimezone(tz)


def clock_from(now: str | None, tz: ZoneInfo, *, environ: dict[str, str] | None = None) -> Clock:
    """The process clock: ``now`` (``--now``) if given, else ``$COURSEBOT_NOW`` if set, else the real clock.
    A set moment starts an :class:`OffsetClock` there."""
    env = os.environ if environ is None else environ
    what = "--now"
    if now is None and env.get(NOW_ENV, "").strip():
        now, what = env[NOW_ENV], NOW_ENV
    if now is None:
        return system_clock
    return OffsetClock(parse_moment(now, tz, what=what))


def real_moment(moment: dt.datetime, clock: Clock, *, real: Clock = system_clock) -> dt.datetime:
    """The real time at which ``clock`` will read ``moment`` (what the scheduler should wait for).

    For the system clock that is ``moment`` itself; for a trial or test clock it is as far from the real
    now as ``moment`` is from the clock's now (a moment already past on ``clock`` maps to the past)."""
    return real() + (moment - clock())
