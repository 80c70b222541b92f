"""A bound on the work one post may cost to read.

A post is hostile input, and worst-case markdown is cheap to write: a megabyte of ``[`` or ``![`` costs
markdown-it over ten seconds of CPU (its link-label search is quadratic), a megabyte of table rows or
list items several seconds. The size limit bounds the input; this bounds the work. Reading one post may
take at most ``seconds`` of this thread's CPU time (not wall time: a busy machine does not make a post
fail), checked cooperatively by the parser (a block rule run at every line, an inline rule run at every
position, every token appended, see readings/markdown.py) so that the check costs next to nothing and the parse stops close to
the budget. A post over budget is an error naming the line the parser had reached; the other posts are
read as usual (and the failed file, cached by its hash, is not read again until it changes).

The budget is ambient: every markdown parse made while ``spending(budget)`` is active spends it (the body,
front matter reading entries, anything the readings code parses), so no caller can forget to pass it.

The slowest post of the corpus takes about 10 ms; the default budget is a hundred times that.
``$COURSEBOT_PARSE_SECONDS`` sets another budget (``bench/`` and the tests use it).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_SECONDS = 1.0
CHECK_EVERY = 64  # ticks between two readings of the clock (a thread CPU clock read is a system call)


class OverBudget(Exception):
    """Reading a post took more than its budget; ``line`` is the 0-based body line reached (None: unknown)."""

    def __init__(self, seconds: float, line: int | None) -> None:
        super().__init__(f"more than {seconds:g} s of CPU")
        self.seconds = seconds
        self.line = line


def default_seconds() -> float:
    """``$COURSEBOT_PARSE_SECONDS`` when it is a positive number, else DEFAULT_SECONDS."""
    text = os.environ.get("COURSEBOT_PARSE_SECONDS", "").strip()
    if not text:  # unset: no float() of "" raising ValueError per post
        return DEFAULT_SECONDS
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_SECONDS
    return value if value > 0 and value != float("inf") else DEFAULT_SECONDS


class WorkBudget:
    """``seconds`` of ``clock`` (this thread's CPU time) from now. ``tick`` is called by the parser at
    each unit of work and raises OverBudget once the time is spent; ``line`` is where the parser is."""

    __slots__ = ("seconds", "clock", "deadline", "countdown", "line", "lines")

    def __init__(self, seconds: float | None = None, *, clock: Callable[[], float] = time.thread_time) -> None:
        self.seconds = default_seconds() if seconds is None else seconds
        self.clock = clock
        self.deadline = clock() + self.seconds
        self.countdown = 1  # the first tick reads the clock
        self.line: int | None = None  # set by the parser as it goes
        self.lines = False  # whether ``line`` is a line of the post body (not of a front matter entry)

    def tick(self) -> None:
        self.countdown -= 1
        if self.countdown <= 0:
            self.check()

    def check(self) -> None:
        """Raise OverBudget if the time is spent (callers may count ``countdown`` down themselves and call
        this when it reaches 0, saving a call per tick)."""
        self.countdown = CHECK_EVERY
        if self.clock() >= self.deadline:
            raise OverBudget(self.seconds, self.line if self.lines else None)


class TickingList(list):  # type: ignore[type-arg]
    """A token list that spends the budget for every token appended: one parser rule can push a great
    many tokens in a single call (a table row of 250,000 cells, a run of 500,000 ``*``), and tokens are
    where the work of such a call goes."""

    __slots__ = ("budget",)

    def __init__(self, budget: WorkBudget) -> None:
        super().__init__()
        self.budget = budget

    def append(self, item: object) -> None:
        budget = self.budget
        budget.countdown -= 1
        if budget.countdown <= 0:
            budget.check()
        list.append(self, item)


_CURRENT: ContextVar[WorkBudget | None] = ContextVar("coursebot_work_budget", default=None)


def current() -> WorkBudget | None:
    """The budget being spent by this thread (or task), if any."""
    return _CURRENT.get()


@contextmanager
def spending(budget: WorkBudget) -> Iterator[WorkBudget]:
    """Make ``budget`` the one every markdown parse spends until the block ends."""
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)
