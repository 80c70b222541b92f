"""Process-wide tuning for the long-running bot (``coursebot run``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)
BOT_ARENAS = 2


def limit_malloc_arenas(libc: Any = None, environ: Mapping[str, str] = os.environ) -> bool:
    """At most ``BOT_ARENAS`` glibc malloc arenas, as ``MALLOC_ARENA_MAX=2`` would (unless that variable is
    set: then the user's choice stands). glibc gives every thread that allocates its own arena (up to 8 per
    core) and memory freed in one arena is not reused by another: the bot's threads (the database
    connection's, the site scan's, the console's) held about 10 MiB more for the same data (bench/memory.py).
    True when applied; False where there is no glibc ``mallopt`` (musl, macOS) or it refused."""
    if environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        if libc is None:
            import ctypes

            libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, BOT_ARENAS))
