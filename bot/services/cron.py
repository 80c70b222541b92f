"""The digest schedule as crontab, read by APScheduler's own parser (shared by the configuration, which
validates ``schedule.digest_cron`` with it, and the posting code, which runs it). Kept apart so checking a
configuration does not load the posting machinery."""

from __future__ import annotations

import datetime as dt
import re

from apscheduler.triggers.cron import CronTrigger

__all__ = ["crontab_to_apscheduler", "digest_trigger_for"]

_CRON_DOW = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def crontab_to_apscheduler(expr: str) -> str:
    """Translate numeric weekdays from crontab (0 or 7 = Sunday) to names, which APScheduler 3 reads
    unambiguously (its own numbers start at 0 = Monday). Names, ``*`` and steps are kept."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"digest_cron {expr!r}: expected five crontab fields: minute hour day month day-of-week")

    def part(text: str) -> str:
        base, slash, step = text.partition("/")

        def name(match: re.Match[str]) -> str:
            number = int(match.group())
            if number > 7:
                raise ValueError(f"digest_cron {expr!r}: day-of-week {number} is not in 0-7")
            return _CRON_DOW[number]

        return re.sub(r"\d+", name, base) + slash + step

    fields[4] = ",".join(part(p) for p in fields[4].split(","))
    return " ".join(fields)


def digest_trigger_for(expr: str, tz: dt.tzinfo) -> CronTrigger:
    """``expr`` read as crontab by APScheduler's own parser, in ``tz`` (ValueError when it cannot be read;
    the configuration validates ``schedule.digest_cron`` with it)."""
    return CronTrigger.from_crontab(crontab_to_apscheduler(expr), timezone=tz)
