"""Start-up of the commands people type, as whole processes, in paired rounds.

    .venv/bin/python bench/startup.py [--rounds 10] [--site DIR]

Each round runs, one after the other: A ``python -c pass`` (the interpreter alone), B ``coursebot readings
S0-L11 --site SITE`` on a warm cache, C ``coursebot --help``, D ``coursebot sessions --site SITE``. Per round
it prints each wall time and its ratio to A; the summary gives median and spread (min..max) of the times and
of the ratios, the median CPU seconds (user + system) and the peak RSS of each (os.wait4). The machine is shared: the ratio to the bare interpreter
in the same round is the figure to compare. Target: warm ``readings`` <= 0.3 s. Also prints, in-process,
the import time of the command line (``-X importtime``, the 8 costliest packages).

The project's bytecode is compiled first (``compileall``, as ``pip install`` does for an installed package):
with ``PYTHONDONTWRITEBYTECODE`` set (as on the shared machine) nothing else would write ``__pycache__``, and
every round would then compile the bot's modules from source again, which no installed copy does.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = PROJECT.parent / "shared" / "corpus" / "2024sp-GenAI-Risk-Benefits"
TARGET = 0.3


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=PROJECT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"{' '.join(argv)} failed:\n{err.read().decode()[-1500:]}")
        return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def import_profile(python: str, site: Path, env: dict[str, str]) -> list[str]:
    done = subprocess.run([python, "-X", "importtime", "-m", "bot.cli", "readings", "S0-L11", "--site", str(site)],
                          capture_output=True, text=True, env=env, cwd=PROJECT)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            if depth == 0:
                rows.append((int(parts[1]), name.strip()))
    rows.sort(reverse=True)
    return [f"{us / 1000:7.1f} ms  {name}" for us, name in rows[:8]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE)
    args = parser.parse_args()
    python = sys.executable
    compiled = compileall.compile_dir(PROJECT / "bot", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "COURSEBOT_DB": str(Path(tmp) / "cache.sqlite3")}
        for secret in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
            env.pop(secret, None)
        cli = [python, "-m", "bot.cli"]
        cases = {
            "A python -c pass": [python, "-c", "pass"],
            "B readings S0-L11 (warm)": [*cli, "readings", "S0-L11", "--site", str(args.site)],
            "C --help": [*cli, "--help"],
            "D sessions (warm)": [*cli, "sessions", "--site", str(args.site)],
        }
        run(cases["B readings S0-L11 (warm)"], env)  # the cold sync, once: every round below is warm
        walls: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        peaks: dict[str, float] = {name: 0.0 for name in cases}
        print(f"machine: {os.cpu_count()} CPUs; site {args.site}; bytecode {'compiled' if compiled else 'NOT compiled'}"
              f" (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')})")
        for round_ in range(args.rounds):
            line = []
            for name, argv in cases.items():
                wall, peak, cpu = run(argv, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
                peaks[name] = max(peaks[name], peak)
                line.append(f"{name.split()[0]} {wall:.3f} s")
            base = walls["A python -c pass"][-1]
            ratios = " ".join(f"{n.split()[0]}/A {walls[n][-1] / base:.1f}x" for n in list(cases)[1:])
            print(f"round {round_ + 1} (load {os.getloadavg()[0]:.1f}): {' | '.join(line)} || {ratios}")
        base = walls["A python -c pass"]
        print(f"{'command':28} {'median s':>9} {'min..max s':>15} {'median x A':>11} {'CPU s':>7} {'peak RSS':>9}")
        for name in cases:
            ratio = [w / b for w, b in zip(walls[name], base)]
            print(f"{name:28} {statistics.median(walls[name]):9.3f} "
                  f"{min(walls[name]):7.3f}..{max(walls[name]):.3f} {statistics.median(ratio):10.1f}x "
                  f"{statistics.median(cpus[name]):7.3f} {peaks[name]:6.0f} MiB")
        print("import time of the command line (top-level packages, one run):")
        for row in import_profile(python, args.site, env):
            print("  " + row)
    readings = statistics.median(walls["B readings S0-L11 (warm)"])
    ok = readings <= TARGET
    print(f"warm readings median {readings:.3f} s: {'within' if ok else 'OVER'} target {TARGET} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
