#!/usr/bin/env python3
"""The commands, on any machine with Python 3.11+ and nothing else installed:

    python3 tasks.py run     # the bot on the bundled example course (console mode when no token is set)
    python3 tasks.py test    # the whole test suite
    python3 tasks.py lock    # re-pin constraints.txt to the versions installed in .venv
                             # (lock --upgrade: the newest versions pyproject.toml allows, then pin those)

``run`` and ``test`` create ``.venv`` and install coursebot with its dependencies on first use, at the exact
versions of ``constraints.txt`` (again whenever ``pyproject.toml`` or ``constraints.txt`` changes). A
half-made or broken ``.venv`` (no pip, its Python gone) is rebuilt. Extra arguments go to ``coursebot run``
or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INTERRUPTED = 128 + signal.SIGINT  # 130, as a shell reports Ctrl-C
LOCK_HEADER = (
    "# Exact versions coursebot is tested with. tasks.py, .ci/run and the Dockerfile install with\n"
    "# `pip install -c constraints.txt ...`. Regenerate after changing dependencies in pyproject.toml:\n"
    "#     python3 tasks.py lock            (pins what .venv has)\n"
    "#     python3 tasks.py lock --upgrade  (the newest versions pyproject.toml allows)\n"
)


class SetupError(Exception):
    """Why .venv cannot be made, in one line for the user."""


class Env:
    """The project's virtual environment under ``root``."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = root
        self.venv = root / ".venv"
        self.bin = self.venv / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / ("python.exe" if os.name == "nt" else "python")
        self.stamp = self.venv / ".coursebot-installed"
        self.constraints = root / "constraints.txt"

    def wanted(self) -> str:
        """What the stamp must say: the inputs of the install (pyproject, constraints, this Python)."""
        digest = hashlib.sha256((self.root / "pyproject.toml").read_bytes())
        if self.constraints.exists():
            digest.update(self.constraints.read_bytes())
        digest.update(f"{sys.version_info[:2]}".encode())
        return digest.hexdigest()

    def up_to_date(self) -> bool:
        try:
            return self.python.exists() and self.stamp.read_text().strip() == self.wanted()
        except OSError:
            return False

    def problem(self) -> str | None:
        """Why the existing .venv cannot be reused (None when its Python runs and has pip)."""
        if not self.python.exists():  # also a dangling link to a Python that was removed
            return "its Python is missing"
        check = "import sys, pip; sys.exit(0 if sys.version_info >= (3, 11) else 3)"
        try:
            result = subprocess.run([str(self.python), "-c", check], capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            return f"its Python does not run ({exc})"
        if result.returncode == 3:
            return "its Python is older than 3.11"
        if result.returncode:
            return "it has no pip" if "pip" in result.stderr else "its Python fails to start"
        return None

    def create(self) -> None:
        if not has_ensurepip():
            raise SetupError(no_venv_hint())
        print("Creating .venv ...", file=sys.stderr)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(self.venv)
        except subprocess.CalledProcessError as exc:  # ensurepip ran in the new env and failed (Debian's stub)
            shutil.rmtree(self.venv, ignore_errors=True)
            raise SetupError(no_venv_hint()) from exc
        except OSError as exc:
            shutil.rmtree(self.venv, ignore_errors=True)
            raise SetupError(f"cannot create {self.venv}: {exc.strerror or exc}") from exc

    def pip(self, *args: str) -> None:
        command = [str(self.python), "-m", "pip", "--disable-pip-version-check", *args]
        if subprocess.call(command) != 0:
            raise SetupError(
                f"`pip {' '.join(args[:2])} ...` failed in .venv (its output is above); fix that and run this again"
            )

    def install(self, *, upgrade: bool = False) -> None:
        print("Installing coursebot and its dependencies into .venv ...", file=sys.stderr)
        pins = [] if upgrade or not self.constraints.exists() else ["-c", str(self.constraints)]
        self.pip("install", "--quiet", *(["--upgrade"] if upgrade else []), *pins, "-e", f"{self.root}[test]")
        self.pip("check")  # the installed versions agree with every package's requirements
        self.stamp.write_text(self.wanted())

    def ensure(self) -> None:
        """Make .venv ready: reuse it when its stamp matches, rebuild it when it is broken, else install."""
        if sys.version_info < (3, 11):
            raise SetupError(f"coursebot needs Python 3.11 or newer; this is {sys.version.split()[0]}")
        if self.up_to_date():
            return
        if self.venv.exists():
            why = self.problem()
            if why is not None:
                print(f".venv is unusable ({why}): rebuilding it", file=sys.stderr)
                shutil.rmtree(self.venv, ignore_errors=True)
        if not self.python.exists():
            self.create()
        self.install()

    def lock(self, *, upgrade: bool = False) -> None:
        """Write constraints.txt with the exact versions installed in .venv (coursebot itself left out)."""
        self.ensure()
        if upgrade:
            self.install(upgrade=True)
        frozen = subprocess.run(
            [str(self.python), "-m", "pip", "--disable-pip-version-check", "freeze", "--exclude-editable"],
            capture_output=True, text=True, check=False,
        )
        if frozen.returncode:
            raise SetupError(f"pip freeze failed: {frozen.stderr.strip()}")
        pins = sorted(
            (line for line in frozen.stdout.splitlines() if line and not line.startswith(("#", "-e", "coursebot"))),
            key=str.lower,
        )
        self.constraints.write_text(LOCK_HEADER + "\n".join(pins) + "\n")
        self.stamp.write_text(self.wanted())
        print(f"Wrote {self.constraints} ({len(pins)} pins)", file=sys.stderr)


def has_ensurepip() -> bool:
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def no_venv_hint() -> str:
    """The one line to show when this Python cannot make a virtual environment with pip."""
    major, minor = sys.version_info[:2]
    return (
        f"{sys.executable} cannot create a virtual environment with pip (ensurepip is missing); "
        f"install it, e.g. `sudo apt install python{major}.{minor}-venv` (Debian/Ubuntu), then run this again"
    )


def call(args: list[str], cwd: Path) -> int:
    """Run ``args`` and return its exit status. Ctrl-C reaches the child too (same process group): wait
    for it to finish quietly instead of dying with a traceback, and report 130 as a shell does."""
    child = subprocess.Popen(args, cwd=cwd)
    while True:
        try:
            code = child.wait()
            break
        except KeyboardInterrupt:
            continue
    return INTERRUPTED if code == -signal.SIGINT else code


def main(argv: list[str], env: Env | None = None) -> int:
    if not argv or argv[0] not in {"run", "test", "lock"}:
        print(__doc__)
        return 2
    env = env or Env()
    command, rest = argv[0], argv[1:]
    try:
        if command == "lock":
            env.lock(upgrade="--upgrade" in rest)
            return 0
        env.ensure()
    except SetupError as exc:
        print(f"tasks.py: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tasks.py: interrupted", file=sys.stderr)
        return INTERRUPTED
    if command == "run":
        args = [str(env.python), "-m", "bot.cli", "run", *rest]
    else:
        args = [str(env.python), "-m", "pytest", "-q", *rest]
    return call(args, env.root)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
