"""Second round of attacks (issue 9): hostile sites and configurations through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_hostile_files_cli import GOOD, SECRET, project, run, slugs  # noqa: F401 - the fixture is used by name


def test_worst_case_markdown_is_refused_at_its_line_and_the_rest_served(project: Path) -> None:  # noqa: F811
    """issue 9 point 7: a megabyte of ``[`` cost 12 s of CPU (quadratic link-label search) and passed
    ``check`` with no word; a home page of ``![`` cost seconds on every sync. Now each is bounded by the
    work budget (bot/course/budget.py) and named at its line; the other posts are served."""
    site = project / "site"
    (site / "_contents" / "S0-L02.md").write_text("---\ntitle: Worst\n---\nintro\n\n" + "[" * 999_000)
    # with a bold name (a page without `**`/`__` holds no guide and is not read as markdown at all)
    (site / "index.md").write_text("- **Extras** not required\n\n" + "![" * 100_000)
    sync = run(project, "sync", timeout=120)
    assert sync.returncode == 0, sync.stderr
    assert "_contents/S0-L02.md:6: error: markdown too costly to read" in sync.stdout
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]
    found = run(project, "search", "Attention", "--json")
    assert [h["slug"] for h in json.loads(found.stdout)["hits"]] == ["S0-L01"]
    check = run(project, "check", timeout=120)
    assert check.returncode == 1
    assert "_contents/S0-L02.md:6: error: markdown too costly to read" in check.stdout
    assert "index.md:1: warning: page too costly to read as markdown" in check.stdout
    assert "Traceback" not in check.stdout + check.stderr


def test_a_repository_url_with_credentials_is_never_echoed(project: Path) -> None:  # noqa: F811
    """The configuration's error line echoed course.repo as written, password included (``got
    'https://alice:PW@...'``), and ``--repo`` with a malformed URL did too. Every URL's user name and
    password are hidden in configuration errors and in the command line's error line."""
    config = project / "course.toml"
    base = config.read_text()
    secrets = ("s3cretPW", "ghp_TOKEN123", "alice")
    for url in ("https://alice:s3cretPW@github.com/org/site.git", "https://alice:s3cretPW@github.com/org/my site.git",
                "https://ghp_TOKEN123@github.com/org/my site.git", "ftp://alice:s3cretPW@host/x"):
        config.write_text(base.replace('site = "site"', f'site = "site"\nrepo = "{url}"'))
        for args in (("check",), ("sessions",), ("run",)):
            result = run(project, *args)
            assert result.returncode == 2, result.stderr
            assert "course.repo" in result.stderr and "***@" in result.stderr
            assert not any(s in result.stdout + result.stderr for s in secrets), result.stderr
        config.write_text(base)
        result = run(project, "sync", "--repo", url)
        assert result.returncode == 2 and "--repo" in result.stderr
        assert not any(s in result.stdout + result.stderr for s in secrets), result.stderr


def test_check_reports_the_duplicate_slugs_the_bot_drops(project: Path) -> None:  # noqa: F811
    """Files with one session key (``x.md`` and ``x.markdown``, ``a/x.md`` and ``b/x.md``, the same name
    in two collections): the bot serves the first and drops the others, but ``check`` read them all and
    passed. Both now apply one rule (bot.course.site.one_per_slug): check fails naming each dropped file."""
    site = project / "site"
    contents = site / "_contents"
    (contents / "S0-L01.markdown").write_text(GOOD.replace("Introduction", "Shadow"))
    (contents / "deep").mkdir()
    (contents / "deep" / "S0-L01.md").write_text(GOOD.replace("Introduction", "Deep shadow"))
    (site / "_extra").mkdir()
    (site / "_extra" / "S0-L01.md").write_text(GOOD.replace("Introduction", "Extra shadow"))
    served = slugs(run(project, "sessions", "--json"))
    assert served == ["S0-L01"]
    check = run(project, "check")
    assert check.returncode == 1, check.stdout + check.stderr
    dropped = [line.split(":")[0] for line in check.stdout.splitlines() if "duplicate session slug 'S0-L01'" in line]
    assert len(dropped) == 3 and len(set(dropped)) == 3
    assert "(1 session read)" in check.stderr


def test_control_and_direction_characters_never_reach_readers(project: Path) -> None:  # noqa: F811
    """A title with a terminal escape (``\\e]0;...\\a``) reached the calendar file as is (RFC 5545 allows no
    control characters; printed to a terminal it is obeyed), and a U+202E override in a title turns the
    rest of a chat line around. Both are dropped where post text is cleaned (bot.course.text); a file
    name holding such characters (a session key that cannot be typed as shown) is a check warning."""
    contents = project / "site" / "_contents"
    (contents / "S0-L02.md").write_text(
        '---\ntitle: "Esc \\e]0;pwned\\a \\e[31mred\\e[0m \\u202eevil\\u202c \\x9b"\n---\n\n## Readings\n\n'
        "- [Paper \x1b[5mblink](https://a.example/x)\n"
    )
    (contents / "S0-L03\u202egnp.md").write_text(GOOD.replace("Introduction", "Spoofed"))
    calendar = run(project, "calendar")
    assert calendar.returncode == 0, calendar.stderr
    hostile = [c for c in calendar.stdout if (ord(c) < 32 and c not in "\r\n\t") or 0x7F <= ord(c) < 0xA0
               or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
    assert hostile == [] and "SUMMARY:Esc ]0\\;pwned [31mred[0m evil" in calendar.stdout
    shown = json.loads(run(project, "readings", "S0-L02", "--json").stdout)
    assert "\x1b" not in json.dumps(shown, ensure_ascii=False)
    check = run(project, "check")
    # the name itself is printed escaped, as its repr (test_file_names_cli): the override never reaches the terminal
    assert "'_contents/S0-L03\\u202egnp.md':1: warning: the file name holds invisible or direction-changing " \
        "characters (U+202E)" in check.stdout and "\u202e" not in check.stdout


def test_a_course_name_is_one_clean_line_whoever_wrote_it(project: Path) -> None:  # noqa: F811
    """The course name (the configuration's, or the site author's ``_config.yml`` title when none is
    configured) heads every digest: a newline, a terminal escape or a U+202E in it reached every title."""
    config = project / "course.toml"
    config.write_text(config.read_text().replace('name = "Test course"', 'name = "Evil\\n@everyone \\u001b]0;x\\u0007 \\u202eRLO"'))
    digest = run(project, "digest", "--at", "2024-01-14T18:00", "--json")
    assert digest.returncode == 0, digest.stderr
    assert json.loads(digest.stdout)["title"].startswith("Evil @everyone ]0;x RLO: ")
    config.write_text(config.read_text().replace('name = "Evil\\n@everyone \\u001b]0;x\\u0007 \\u202eRLO"\n', ""))
    (project / "site" / "_config.yml").write_text(
        '---\ntitle: "Site\\n\\e]0;x\\a \\u202eRLO"\ncollections:\n  contents:\n    output: true\n')
    digest = run(project, "digest", "--at", "2024-01-14T18:00", "--json")
    assert digest.returncode == 0, digest.stderr
    assert json.loads(digest.stdout)["title"].startswith("Site ]0;x RLO: ")


def test_a_config_yml_that_is_not_a_regular_file_is_reported(project: Path) -> None:  # noqa: F811
    """A FIFO or a folder named ``_config.yml`` was silently taken for "not a Jekyll site" (check passed,
    the collections were dropped); a device or an outside symlink was an error. Now any of them is."""
    import os

    config = project / "site" / "_config.yml"
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]
    config.unlink()
    os.mkfifo(config)
    check = run(project, "check")
    assert check.returncode == 1 and "_config.yml:1: error: cannot read: a FIFO, not a regular file" in check.stdout
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]  # a site-level error keeps the cache
    config.unlink()
    config.mkdir()
    check = run(project, "check")
    assert check.returncode == 1 and "_config.yml:1: error: cannot read: a folder, not a regular file" in check.stdout


def test_a_symlink_into_a_hidden_file_of_the_site_is_refused(project: Path) -> None:  # noqa: F811
    """A post symlinked to the site's own ``.env`` (or into ``.git/``) stayed inside the site root and was
    served through /readings and /search; hidden files are never listed, so no symlink may reach them."""
    site = project / "site"
    (site / ".env").write_text(SECRET)
    (site / ".git").mkdir()
    (site / ".git" / "notes.md").write_text(SECRET)
    (site / "_contents" / "env.md").symlink_to(site / ".env")
    (site / "_contents" / "gitdir").symlink_to(site / ".git")
    assert slugs(run(project, "sessions", "--json")) == ["S0-L01"]
    found = run(project, "search", "Zanzibar", "--json")
    assert json.loads(found.stdout)["hits"] == []
    check = run(project, "check")
    assert "_contents/env.md:1: error: a symlink to a hidden file or folder of the site" in check.stdout
    assert "_contents/gitdir:1: error: a symlink to a hidden file or folder of the site" in check.stdout
