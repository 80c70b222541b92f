"""What a fresh clone and the Docker image are made of: the ignore files, the pinned base image, the
dependency layer, the health check. (No Docker daemon in the test run: the Dockerfile is read as text.)"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def test_secrets_and_calendars_are_never_committed_or_copied_into_the_image() -> None:
    for name in (".gitignore", ".dockerignore"):
        lines = set((ROOT / name).read_text().splitlines())
        assert {".env", "*.ics"} <= lines, name
    for path in (".env", "course.ics", "config/.env", "exports/course-2.ics"):
        checked = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT)
        assert checked.returncode == 0, f"git would not ignore {path}"


def test_the_base_image_is_pinned_by_digest() -> None:
    steps = _instructions()
    (arg,) = [rest for keyword, rest in steps if keyword == "ARG" and rest.startswith("PYTHON_IMAGE=")]
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.11-slim@sha256:[0-9a-f]{64}", arg)
    froms = [rest for keyword, rest in steps if keyword == "FROM"]
    assert froms and all(f.startswith("${PYTHON_IMAGE}") for f in froms)
    assert "docker inspect" in (ROOT / "Dockerfile").read_text()  # how to update the digest is written down


def test_dependencies_are_installed_from_the_constraints_before_the_code_is_copied() -> None:
    steps = _instructions()
    copy_deps = steps.index(("COPY", "pyproject.toml constraints.txt ./"))
    install = next(i for i, (k, rest) in enumerate(steps) if k == "RUN" and "-c constraints.txt -r" in rest)
    copy_code = steps.index(("COPY", "bot ./bot"))
    assert copy_deps < install < copy_code
    assert any(k == "RUN" and "--no-deps -c constraints.txt ." in rest for k, rest in steps[copy_code:])


def test_the_image_has_a_health_check_and_runs_unprivileged() -> None:
    steps = dict(_instructions())
    assert steps["HEALTHCHECK"].endswith('CMD ["coursebot", "health"]')
    assert steps["USER"] == "10001:10001"
    assert "docker run -it" in (ROOT / "Dockerfile").read_text()  # console mode needs a terminal


def test_ci_runs_the_suite_through_tasks_py() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "python3 tasks.py test" in script
