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
