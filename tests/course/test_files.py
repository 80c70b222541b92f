"""bot.course.files: the one way site files are listed and read (inside the root, regular files only)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.course.files import SiteFiles, UnsafeFile, printable
from bot.course.posts import is_markdown


def test_read_refuses_what_became_unsafe_after_the_listing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_contents").mkdir(parents=True)
    (tmp_path / "secret.md").write_text("secret")
    post = site / "_contents" / "a.md"
    post.write_text("---\ntitle: A\n---\n")
    files = SiteFiles(site)
    assert files.list_files("_contents", is_markdown).files == ["_contents/a.md"]
    assert files.read("_contents/a.md", 100) == b"---\ntitle: A\n---\n"
    assert files.read("_contents/a.md", 3) == b"---"
    post.unlink()
    os.mkfifo(post)  # swapped for a FIFO between listing and reading: refused, never blocks
    with pytest.raises(UnsafeFile, match="FIFO"):
        files.read("_contents/a.md", 100)
    post.unlink()
    post.symlink_to(tmp_path / "secret.md")  # swapped for a symlink out of the site
    with pytest.raises(UnsafeFile, match="outside the site"):
        files.read("_contents/a.md", 100)
    with pytest.raises(UnsafeFile, match="outside the site"):
        files.read("../secret.md", 100)


def test_listing_follows_links_inside_the_site_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_contents" / "sub").mkdir(parents=True)
    (site / "_contents" / "sub" / "b.md").write_text("b")
    (site / "_contents" / "loop").symlink_to(site / "_contents")  # a loop back to the collection
    (site / "_contents" / "dangling.md").symlink_to(site / "nowhere.md")
    listing = SiteFiles(site).list_files("_contents", is_markdown)
    assert listing.files == ["_contents/sub/b.md"]
    assert [(p.file, p.message.split(":")[0]) for p in listing.problems] == [("_contents/dangling.md", "cannot read file")]


def test_printable_names() -> None:
    assert printable("caf\udce9.md") == "caf\\xe9.md"
    assert printable("café.md") == "café.md"


def test_the_listing_and_the_unchanged_sync_print_walk_the_same_entries(tmp_path: Path) -> None:
    """One walk of the site (SiteFiles.walk): the files the listing gives are the regular files the
    unchanged-sync print (bot.store.warm.tree_print) covers; what the listing leaves out, the print does too."""
    from bot.course.files import SKIP_DIRS
    from bot.store.warm import tree_print

    site = tmp_path / "site"
    for folder in ("_contents/sub", "_site", ".git", "other"):
        (site / folder).mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    for name in ("_contents/a.md", "_contents/sub/b.md", "_site/built.md", ".git/config.md", "other/c.md",
                 "index.md", "../outside/secret.md"):
        (site / name).write_text("---\ntitle: T\n---\n")
    (site / "_contents" / "sub" / "up").symlink_to(site / "_contents")  # a loop: each folder walked once
    (site / "_contents" / "out").symlink_to(tmp_path / "outside")
    (site / "_contents" / "git").symlink_to(site / ".git")
    (site / "_contents" / "linked.md").symlink_to(site / "other" / "c.md")
    files = SiteFiles(site)
    kinds = {w.relative: w.kind for w in files.walk(skip_dirs=SKIP_DIRS)}
    assert kinds["_contents/sub"] == "folder" and kinds["_site"] == "skipped"
    assert kinds["_contents/sub/up"] == "seen" and kinds["_contents/out"] == "outside" and kinds["_contents/git"] == "hidden"
    assert not any(name.startswith(".git") for name in kinds)
    listing = files.list_files("", is_markdown, skip_dirs=SKIP_DIRS)
    assert listing.files == ["_contents/a.md", "_contents/linked.md", "_contents/sub/b.md", "index.md", "other/c.md"]
    assert sorted((p.file, p.message.split(" (")[0]) for p in listing.problems) == [
        ("_contents/git", "a symlink to a hidden file or folder of the site"), ("_contents/out", "outside the site")]
    assert tree_print(site).files == frozenset(listing.files)
