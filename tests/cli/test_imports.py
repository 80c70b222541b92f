"""Each command imports only what it needs: the site commands and --help never load a platform SDK (discord,
slack_sdk, slack_bolt, aiohttp), icalendar, pydantic-settings (tokens), rapidfuzz (fuzzy lookups) or, when
their output is not a terminal, rich (tables for people).
Checked in a fresh interpreter, on ``sys.modules`` after the
command ran (a module imported lazily inside the command body counts too)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent.parent
HEAVY = ("discord", "slack_sdk", "slack_bolt", "aiohttp", "icalendar", "pydantic_settings", "rapidfuzz", "rich")

CONFIG = """
[course]
name = "Import test"
site = "site"
timezone = "America/New_York"

[calendar]
dates = [2024-01-16, 2024-01-18]

[roles]
notes = "Blog team"
"""

POST = "---\ntitle: {title}\nlecture: {lecture}\n---\n\n## Required Readings\n\n### A paper\n  + https://arxiv.org/abs/1706.03762\n"

# Runs the command line in this process, then prints (on stderr, after the command's own output) the heavy
# top-level packages that got imported.
PROBE = """
import json, sys
from bot.cli import main
heavy = set(json.loads(sys.argv[1]))
sys.argv = ["coursebot", *sys.argv[2:]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
sys.stdout.flush()
loaded = sorted({part for name in sys.modules for part in (name, name.split(".")[0])} & heavy)  # a package or a module
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "loaded": loaded}) + "\\n")
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imports")
    posts = root / "site" / "_contents"
    posts.mkdir(parents=True)
    (posts / "S0-L01.md").write_text(POST.format(title="Introduction", lecture="L-Intro"), encoding="utf-8")
    (posts / "S0-L02.md").write_text(POST.format(title="Alignment", lecture="L-Align"), encoding="utf-8")
    (root / "course.toml").write_text(CONFIG, encoding="utf-8")
    return root


def _probe(project: Path, *args: str, heavy: tuple[str, ...] = HEAVY) -> dict[str, object]:
    env = {**os.environ, "COURSEBOT_DB": str(project / "cache.sqlite3"), "PYTHONPATH": str(PROJECT)}
    for secret in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(secret, None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(heavy), *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=60,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("PROBE ")]
    assert lines, f"the probe printed nothing; stderr:\n{done.stderr}"
    return json.loads(lines[-1][len("PROBE "):])


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("readings", "S0-L01", "--config", "course.toml"),
        ("sessions", "--config", "course.toml"),
        ("check", "--config", "course.toml"),
        ("search", "paper", "--config", "course.toml"),
    ],
    ids=["help", "readings", "sessions", "check", "search"],
)
def test_site_commands_never_import_platform_sdks_or_icalendar(project: Path, args: tuple[str, ...]) -> None:
    found = _probe(project, *args)
    assert found["code"] == 0, found
    assert found["loaded"] == [], f"coursebot {' '.join(args)} imported {found['loaded']}"


def test_the_probe_sees_a_lazy_import(project: Path) -> None:
    """The check is not vacuous: `coursebot calendar` needs icalendar and the probe reports it."""
    found = _probe(project, "calendar", "--config", "course.toml")
    assert found["code"] == 0, found
    assert "icalendar" in found["loaded"]


# what only parsing needs: the readings parser, and the worker processes a large parse runs in
PARSER = ("markdown_it", "mdit_py_plugins", "multiprocessing")


@pytest.mark.parametrize("args", [("readings", "S0-L01"), ("sync",), ("sessions",)], ids=["readings", "sync", "sessions"])
def test_a_warm_command_on_an_unchanged_site_never_loads_the_parser(project: Path, args: tuple[str, ...]) -> None:
    """issue 11: a warm cache of an unchanged site answers from SQLite after a stat of each file; the
    readings parser (markdown-it) and the worker pool are loaded only when a file has to be parsed."""
    assert _probe(project, "sync", "--config", "course.toml")["code"] == 0  # the cache is warm from here
    found = _probe(project, *args, "--config", "course.toml", heavy=PARSER)
    assert found == {"code": 0, "loaded": []}, found


def test_a_changed_file_loads_the_parser(project: Path) -> None:
    """The check above is not vacuous: once a post changes, the same command parses it with markdown-it."""
    post = project / "site" / "_contents" / "S0-L02.md"
    post.write_text(POST.format(title="Alignment, revised", lecture="L-Align"), encoding="utf-8")
    found = _probe(project, "readings", "S0-L01", "--config", "course.toml", heavy=PARSER)
    assert found["code"] == 0, found
    assert "markdown_it" in found["loaded"]


# what only reading YAML needs: an unchanged site's _config.yml comes from the cache (bot.store.config_memo)
JEKYLL_CONFIG = "title: Imports Course 2031\ncollections:\n  contents:\n    output: true\n"


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jekyll site and no configuration file: the course is named by the site's title."""
    root = tmp_path_factory.mktemp("jekyll")
    posts = root / "site" / "_contents"
    posts.mkdir(parents=True)
    (root / "site" / "_config.yml").write_text(JEKYLL_CONFIG, encoding="utf-8")
    (posts / "S0-L01.md").write_text(POST.format(title="Introduction", lecture="L-Intro"), encoding="utf-8")
    (posts / "S0-L02.md").write_text(POST.format(title="Alignment", lecture="L-Align"), encoding="utf-8")
    return root


def _yaml_loaded(project: Path, *args: str) -> dict[str, object]:
    found = _probe(project, *args, heavy=("yaml", "frontmatter"))
    code = (
        "import json, sys\n"
        "from bot.cli import main\n"
        f"sys.argv = ['coursebot', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\nMODULES ' + json.dumps(sorted(m for m in sys.modules if m.startswith('bot.course'))))\n"
    )
    env = {**os.environ, "COURSEBOT_DB": str(project / "cache.sqlite3"), "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, timeout=60)
    line = [x for x in done.stdout.splitlines() if x.startswith("MODULES ")][-1]
    found["posts_parser"] = "bot.course.posts" in json.loads(line[len("MODULES "):])
    return found


@pytest.mark.parametrize("args", [("sync",), ("readings", "S0-L01"), ("search", "paper")], ids=["sync", "readings", "search"])
def test_a_warm_command_on_an_unchanged_jekyll_site_never_loads_yaml(jekyll: Path, args: tuple[str, ...]) -> None:
    """issue 11: _config.yml is read once per change of its bytes; after that its data comes from the cache,
    and a command that never shows the course name does not read the site's title either."""
    assert _probe(jekyll, "sync", "--site", "site")["code"] == 0  # the cache is warm from here
    found = _yaml_loaded(jekyll, *args, "--site", "site")
    assert found == {"code": 0, "loaded": [], "posts_parser": False}, found


def test_the_course_is_still_named_by_the_sites_title(jekyll: Path) -> None:
    """The check above is not vacuous: `sessions` shows the course name, read from _config.yml with YAML."""
    env = {**os.environ, "COURSEBOT_DB": str(jekyll / "cache.sqlite3"), "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sessions", "--site", "site"], cwd=jekyll, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Imports Course 2031" in done.stdout
    assert _yaml_loaded(jekyll, "sessions", "--site", "site")["loaded"] == ["yaml"]


def test_a_changed_site_config_is_read_with_yaml(jekyll: Path) -> None:
    config = jekyll / "site" / "_config.yml"
    config.write_text(JEKYLL_CONFIG.replace("2031", "2032"), encoding="utf-8")
    found = _yaml_loaded(jekyll, "sync", "--site", "site")
    assert found["code"] == 0 and "yaml" in found["loaded"]
    assert _yaml_loaded(jekyll, "sync", "--site", "site") == {"code": 0, "loaded": [], "posts_parser": False}
