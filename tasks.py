#!/usr/bin/env python3
"""The two commands, on any machine with Python 3.11+ and nothing else installed:

    python3 tasks.py run     # the bot on the bundled example course (console mode when no token is set)
    python3 tasks.py test    # the whole test suite

Each creates ``.venv`` and installs coursebot with its dependencies on first use (again whenever
``pyproject.toml`` changes). Extra arguments go to ``coursebot run`` or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".coursebot-installed"


def ensure_env() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"coursebot needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing coursebot and its dependencies into .venv ...", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_env()
    command, rest = argv[0], argv[1:]
    if command == "run":
        args = [str(PYTHON), "-m", "bot.cli", "run", *rest]
    else:
        args = [str(PYTHON), "-m", "pytest", "-q", *rest]
    return subprocess.call(args, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
