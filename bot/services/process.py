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
    mallopt = _mallopt(libc)
    return mallopt is not None and bool(mallopt(M_ARENA_MAX, BOT_ARENAS))


M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter numbers (malloc.h)
M_MMAP_THRESHOLD = -3
BOT_MALLOC_THRESHOLD = 128 * 1024  # glibc's initial value, kept fixed


def fix_malloc_thresholds(libc: Any = None, environ: Mapping[str, str] = os.environ) -> bool:
    """Keep glibc's mmap and trim thresholds at 128 KiB, as ``MALLOC_MMAP_THRESHOLD_=131072
    MALLOC_TRIM_THRESHOLD_=131072`` would (unless either variable is set: the user's choice stands).

    By default glibc raises the mmap threshold each time a large block is freed (up to 32 MiB), so the
    parser's large temporaries (a post's text, its token lists) then come from the heap, between the small
    objects a sync keeps, and their pages are never given back: a first sync of 1,000 posts in one process
    peaked ~20 MiB higher (bench/memory.py). Fixed, large blocks are mapped and unmapped on their own and the
    heap's free top is returned. True when applied; False where there is no glibc ``mallopt`` or it refused."""
    if environ.get("MALLOC_MMAP_THRESHOLD_") or environ.get("MALLOC_TRIM_THRESHOLD_"):
        return False
    mallopt = _mallopt(libc)
    return mallopt is not None and bool(mallopt(M_MMAP_THRESHOLD, BOT_MALLOC_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, BOT_MALLOC_THRESHOLD))


def _mallopt(libc: Any) -> Any:
    """glibc's ``mallopt`` (from ``libc``, else this process's C library), or None where there is none."""
    try:
        if libc is None:
            import ctypes

            libc = ctypes.CDLL(None)
        return libc.mallopt
    except (OSError, AttributeError):
        return None
