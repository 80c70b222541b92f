"""fix_malloc_thresholds: glibc's mallopt(M_MMAP_THRESHOLD / M_TRIM_THRESHOLD, 128 KiB), unless the user set
either threshold or there is no mallopt; and `coursebot run` applies it."""

from __future__ import annotations

from bot.services.process import BOT_MALLOC_THRESHOLD, M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, fix_malloc_thresholds
from tests.services.test_process import Libc


def test_fixed_thresholds_unless_the_user_chose() -> None:
    libc = Libc()
    assert fix_malloc_thresholds(libc, environ={}) is True
    assert libc.calls == [(M_MMAP_THRESHOLD, BOT_MALLOC_THRESHOLD), (M_TRIM_THRESHOLD, BOT_MALLOC_THRESHOLD)]
    for variable in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        chosen = Libc()
        assert fix_malloc_thresholds(chosen, environ={variable: "65536"}) is False
        assert chosen.calls == []
    assert fix_malloc_thresholds(object(), environ={}) is False


def test_the_run_command_applies_it() -> None:
    import inspect

    from bot.cli import posting

    source = inspect.getsource(posting.run)
    assert "fix_malloc_thresholds()" in source.split("from bot.app import")[0]  # before the bot's threads start
