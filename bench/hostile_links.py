"""Inline links on hostile lines: the body parser (with kramdown_links' rule) on one line of repeated link
starts, at 0.25, 0.5 and 1 MB, so the growth shows (linear: each size about twice the one before).

    PYTHONPATH=$PWD .venv/bin/python bench/hostile_links.py
"""

from __future__ import annotations

import time

from bot.course.readings.markdown import MD

UNITS = {
    "open-links": "[a](",  # markdown-it's own link rule costs most here (its 32-level destination scan)
    "unclosed": "[a](https://x.org/a b ",
    "unbalanced": "[a](https://x.org/a b (",
    "open-titles": '[a](https://x.org/a b "t ',
    "open-parens": "x (",
    "all-links": "[a](https://x.org/a b) ",
}

if __name__ == "__main__":
    for name, unit in UNITS.items():
        times = []
        for megabytes in (0.25, 0.5, 1.0):
            line = unit * int(megabytes * 1_000_000 / len(unit))
            start = time.perf_counter()
            MD.parse(line, {})
            times.append(time.perf_counter() - start)
        print(f"{name:12s} " + "  ".join(f"{mb} MB {t:5.2f} s" for mb, t in zip((0.25, 0.5, 1.0), times)), flush=True)
