"""limit_malloc_arenas: glibc's mallopt(M_ARENA_MAX, 2), unless MALLOC_ARENA_MAX is set or there is no mallopt."""

from __future__ import annotations

from bot.services.process import BOT_ARENAS, M_ARENA_MAX, limit_malloc_arenas


class Libc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append((param, value))
        return 1


def test_two_arenas_unless_the_user_chose() -> None:
    libc = Libc()
    assert limit_malloc_arenas(libc, environ={}) is True
    assert libc.calls == [(M_ARENA_MAX, BOT_ARENAS)]
    chosen = Libc()
    assert limit_malloc_arenas(chosen, environ={"MALLOC_ARENA_MAX": "4"}) is False
    assert chosen.calls == []


def test_no_mallopt_is_no_error() -> None:
    assert limit_malloc_arenas(object(), environ={}) is False


def test_the_real_libc_takes_it() -> None:
    import sys

    if not sys.platform.startswith("linux"):
        return
    assert limit_malloc_arenas(environ={}) in (True, False)  # glibc: True; musl has no mallopt: False
