"""`coursebot sync` and `check` on a repository URL, and `check --format github`, through real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_site_cli import CONFIG, GOOD
from tests.fakes.gitremote import GitRemote

PROJECT = Path(__file__).resolve().parent.parent.parent
CONFIG_YML = "title: Test 2024\nurl: https://example.org\nbaseurl: /t\ncollections:\n  contents:\n    output: true\n"


def run(tmp: Path, *args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"COURSEBOT_DB", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "COURSEBOT_GIT_TOKEN"}}
    env["XDG_CACHE_HOME"] = str(tmp / "cache-home")
    if token is not None:
        env["COURSEBOT_GIT_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "--config", str(tmp / "course.toml")],
                          cwd=tmp, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def remote(tmp_path: Path) -> GitRemote:
    (tmp_path / "course.toml").write_text(CONFIG)
    remote = GitRemote(tmp_path / "origin")
    remote.commit({"_config.yml": CONFIG_YML, **{f"_contents/{k}": v for k, v in GOOD.items()}}, "Course site")
    return remote


def test_sync_a_repository_url_records_the_commit(remote: GitRemote, tmp_path: Path) -> None:
    result = run(tmp_path, "sync", "--repo", remote.url, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["commit"] == remote.head() and doc["parsed"] == 3
    second = remote.commit({"_contents/S0-L03.md": None}, "Drop L03")
    result = run(tmp_path, "sync", "--repo", remote.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"synced {remote.url} at {second[:8]}: 0 parsed, 2 unchanged, 1 removed")
    with remote.unreachable():  # the last checkout is used, with a warning naming why
        result = run(tmp_path, "sync", "--repo", remote.url)
    assert result.returncode == 0 and "warning" in result.stderr and "no git repository there" in result.stderr
    result = run(tmp_path, "sessions", "--repo", remote.url, "--json")
    assert result.returncode == 2 and "no such option" in result.stderr.lower()


def test_check_a_repository_in_github_format(remote: GitRemote, tmp_path: Path) -> None:
    remote.commit({"_contents/S0-L04.md": "---\ntitle: [broken\n---\n", "_contents/S0-L05.md":
                   "---\ntitle: Teams\nnotes: team-9\n---\n"}, "Two bad posts")
    result = run(tmp_path, "check", "--repo", remote.url, "--format", "github")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert any(line.startswith("::error file=_contents/S0-L04.md,line=2,title=coursebot check::") for line in annotations)
    assert ("::error file=_contents/S0-L05.md,line=3,title=coursebot check::unknown team 'team-9' in notes: "
            "(known teams: team-1, team-2)") in lines  # the line of the front matter key
    errors = sum(line.startswith("::error") for line in annotations)
    warnings = sum(line.startswith("::warning") for line in annotations)
    assert lines[-1] == (f"coursebot check failed: {errors} errors, {warnings} warning{'s' if warnings != 1 else ''}"
                         f" in {len({a.split(',')[0].split('file=')[1] for a in annotations})} files (4 sessions read)")
    prefixed = run(tmp_path, "check", "--repo", remote.url, "--format", "github", "--path-prefix", "docs/")
    assert "::error file=docs/_contents/S0-L04.md,line=2," in prefixed.stdout


def test_check_format_github_on_a_clean_folder_and_bad_arguments(tmp_path: Path) -> None:
    (tmp_path / "course.toml").write_text(CONFIG)
    site = tmp_path / "site" / "_contents"
    site.mkdir(parents=True)
    (tmp_path / "site" / "_config.yml").write_text(CONFIG_YML)
    for name, text in GOOD.items():
        (site / name).write_text(text)
    result = run(tmp_path, "check", "--format", "github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("coursebot check passed: 0 errors, ")
    text = run(tmp_path, "check")
    assert text.returncode == 0 and text.stderr.startswith("coursebot check passed")
    bad = run(tmp_path, "check", "--format", "xml")
    assert bad.returncode == 2 and "--format" in bad.stderr
    both = run(tmp_path, "check", "--site", str(tmp_path / "site"), "--repo", "https://example.invalid/x.git")
    assert both.returncode == 2 and "either --site or --repo" in both.stderr
    wrong = run(tmp_path, "check", "--repo", "not a url")
    assert wrong.returncode == 2 and "expected a repository URL" in wrong.stderr


def test_a_private_repository_over_http_takes_the_token_from_the_environment(remote: GitRemote, tmp_path: Path) -> None:
    token = "ghp_cli_secret_123"
    with remote.http(token=token) as url:
        denied = run(tmp_path, "sync", "--repo", url)
        assert denied.returncode == 2 and "COURSEBOT_GIT_TOKEN" in denied.stderr
        result = run(tmp_path, "sync", "--repo", url, token=token)
        assert result.returncode == 0, result.stderr
        assert token not in result.stdout + result.stderr
    for path in (tmp_path / "cache-home").rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


def test_run_follows_the_configured_repository(remote: GitRemote, tmp_path: Path) -> None:
    (tmp_path / "course.toml").write_text(CONFIG.replace('site = "site"', f'repo = "{remote.url}"'))
    env = {k: v for k, v in os.environ.items()
           if k not in {"COURSEBOT_DB", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "COURSEBOT_GIT_TOKEN"}}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache-home")
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run", "--config", str(tmp_path / "course.toml")],
                            cwd=tmp_path, env=env, input="/readings S0-L03\n", capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "HarmBench evaluation" in result.stdout and "3 sessions from" in result.stdout
    base = tmp_path / "cache-home" / "coursebot"
    assert [p.name.split("-")[0] for p in (base / "repos").iterdir() if p.is_dir()] == ["remote"]
    assert len(list(base.glob("remote-*.sqlite3"))) == 1  # the cache is named after the checkout
    assert f"site {remote.url} (default branch): 3 parsed" in result.stderr


def test_a_token_given_as_the_user_name_in_the_url_is_never_printed(remote: GitRemote, tmp_path: Path) -> None:
    token = "ghp_userinfo_secret_456"  # https://<token>@github.com/org/site.git is a form GitHub accepts
    with remote.http() as url:
        secret_url = url.replace("http://", f"http://{token}@")
        for args in (("sync", "--repo", secret_url), ("sync", "--repo", secret_url, "--json"),
                     ("check", "--repo", secret_url), ("check", "--repo", secret_url, "--format", "github"),
                     ("sync", "--repo", secret_url + "-gone")):
            result = run(tmp_path, *args)
            assert token not in result.stdout + result.stderr, args
        assert run(tmp_path, "sync", "--repo", secret_url).stdout.startswith(f"synced {url} at {remote.head()[:8]}")
    for path in tmp_path.rglob("*"):
        if path.is_file() and "origin" not in path.parts:
            assert token.encode() not in path.read_bytes(), path
