"""tasks.py, the first command a new user runs: its .venv logic, tried on fake interpreters in tmp folders
(the real .venv is never touched), and Ctrl-C under ``tasks.py run`` on a real process."""

from __future__ import annotations

import importlib.util
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_tasks():
    spec = importlib.util.spec_from_file_location("coursebot_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


tasks = _load_tasks()


def _project(tmp_path: Path) -> Path:
    """A project folder with tasks.py, a pyproject and the constraints, as in a fresh clone."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "tasks.py", root / "tasks.py")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copy(ROOT / "constraints.txt", root / "constraints.txt")
    return root


def _fake_python(path: Path, script: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)


HEALTHY = f'exec "{sys.executable}" "$@"'  # a Python that runs and has pip (the one running the tests)
NO_PIP = "echo \"ModuleNotFoundError: No module named 'pip'\" >&2; exit 1"

posix_only = pytest.mark.skipif(os.name != "posix", reason="fake interpreters are shell scripts")


class Recorder:
    """Stands in for venv creation and pip: records what ensure() asked for, makes a healthy fake venv."""

    def __init__(self, env) -> None:
        self.env = env
        self.calls: list[str] = []

    def create(self) -> None:
        self.calls.append("create")
        _fake_python(self.env.python, HEALTHY)

    def install(self, *, upgrade: bool = False) -> None:
        self.calls.append("install")
        self.env.stamp.write_text(self.env.wanted())


def _recorded(root: Path, monkeypatch: pytest.MonkeyPatch):
    env = tasks.Env(root)
    recorder = Recorder(env)
    monkeypatch.setattr(env, "create", recorder.create)
    monkeypatch.setattr(env, "install", recorder.install)
    return env, recorder


def test_without_ensurepip_one_line_names_the_package_to_install(tmp_path: Path) -> None:
    root = _project(tmp_path)
    hide = (
        "import runpy, sys; sys.modules['ensurepip'] = None; sys.argv = ['tasks.py', 'test'];"
        f" runpy.run_path({str(root / 'tasks.py')!r}, run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    major, minor = sys.version_info[:2]
    assert f"apt install python{major}.{minor}-venv" in lines[0]
    assert not (root / ".venv").exists()


def test_a_debian_style_ensurepip_stub_is_reported_and_leaves_no_half_made_venv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)

    def stub_create(self, env_dir) -> None:  # what venv does when the new env's ensurepip exits 1
        Path(env_dir, "bin").mkdir(parents=True)
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"], output=b"ensurepip is disabled")

    monkeypatch.setattr(tasks.venv.EnvBuilder, "create", stub_create)
    env = tasks.Env(root)
    with pytest.raises(tasks.SetupError, match=r"apt install python3\.\d+-venv"):
        env.ensure()
    assert not env.venv.exists()
    assert tasks.main(["test"], env) == 1


@posix_only
def test_a_venv_without_pip_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    env, recorder = _recorded(root, monkeypatch)
    _fake_python(env.python, NO_PIP)
    (env.venv / "leftover").write_text("from the half-made env")
    assert env.problem() == "it has no pip"
    env.ensure()
    assert recorder.calls == ["create", "install"]
    assert not (env.venv / "leftover").exists()
    assert env.problem() is None and env.up_to_date()


@posix_only
def test_a_venv_whose_python_is_gone_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    env, recorder = _recorded(root, monkeypatch)
    env.bin.mkdir(parents=True)
    env.python.symlink_to(tmp_path / "python3.11-that-was-uninstalled")
    env.stamp.write_text(env.wanted())  # even a matching stamp does not save it
    assert env.problem() == "its Python is missing"
    env.ensure()
    assert recorder.calls == ["create", "install"]


@posix_only
def test_a_stamp_mismatch_reinstalls_into_a_healthy_venv_and_a_match_does_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    env, recorder = _recorded(root, monkeypatch)
    _fake_python(env.python, HEALTHY)
    env.stamp.write_text("installed from an older pyproject.toml")
    env.ensure()
    assert recorder.calls == ["install"]
    env.ensure()
    assert recorder.calls == ["install"]
    (root / "constraints.txt").write_text((root / "constraints.txt").read_text() + "# changed\n")
    env.ensure()
    assert recorder.calls == ["install", "install"]


def test_install_uses_the_constraints_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    env = tasks.Env(root)
    env.venv.mkdir()
    seen: list[list[str]] = []
    monkeypatch.setattr(tasks.subprocess, "call", lambda command: seen.append(command) or 0)
    env.install()
    command, check = seen
    assert command[command.index("-c") + 1] == str(root / "constraints.txt")
    assert command[-1] == f"{root}[test]"
    assert check[-3:] == ["pip", "--disable-pip-version-check", "check"]  # what got installed agrees with itself
    assert env.stamp.read_text() == env.wanted()


def test_a_failed_pip_install_is_one_line_and_no_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    env = tasks.Env(root)
    env.venv.mkdir()
    monkeypatch.setattr(tasks.subprocess, "call", lambda command: 1)
    with pytest.raises(tasks.SetupError, match="failed in .venv"):
        env.install()
    assert not env.stamp.exists()


def test_constraints_pin_every_dependency_exactly() -> None:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not an exact pin"
            pins[name.lower().replace("_", "-")] = version
    assert pins["discord.py"].startswith("2.7.")
    assert pins["apscheduler"].startswith("3.11.")
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        name = requirement.split(">")[0].split("<")[0].split("=")[0].strip().lower().replace("_", "-")
        assert name in pins, f"{name} is not pinned in constraints.txt"
        if name != "tzdata":
            assert "<" in requirement, f"pyproject.toml: {requirement} has no upper bound"


@posix_only
def test_ctrl_c_under_tasks_run_ends_quietly_with_130(tmp_path: Path) -> None:
    root = _project(tmp_path)
    env = tasks.Env(root)
    _fake_python(env.python, f'exec "{sys.executable}" "$@"')  # the suite's own env, where bot is installed
    env.stamp.write_text(env.wanted())
    command = [sys.executable, str(root / "tasks.py"), "run", "--config", str(ROOT / "config" / "course.toml")]
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    environ["COURSEBOT_DB"] = str(tmp_path / "cache.sqlite3")
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as there: a suite run with & ignores it
    )
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"coursebot> " not in seen:
            assert time.monotonic() < deadline, seen.decode(errors="replace")
            ready, _, _ = select.select([child.stdout], [], [], 1.0)
            if ready:
                chunk = os.read(child.stdout.fileno(), 65536)
                assert chunk, "tasks.py run ended before the prompt"
                seen += chunk
        os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130
    text = err.decode()
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
