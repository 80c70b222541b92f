"""The path helpers of ordering and dating give what pathlib gives (they avoid making paths for the usual
plain ones: issue 11, a full sync places every session): bot.course.site.relative_parts (page URLs) and
bot.course.select._is_listing_page."""

from __future__ import annotations

import itertools
from pathlib import PurePosixPath

from bot.course.select import _is_listing_page
from bot.course.session_vocabulary import LISTING_PAGE_NAMES
from bot.course.site import relative_parts

PARTS = ["_contents", "a", ".", "", "..", "x.md", ".md", "x.", "x.tar.gz", "Index.MD", "README b\\ü.md"]
FOLDERS = [None, "", "_contents", "_contents/", "./_contents", "_contents/a", "a", ".", "/abs"]


def _files() -> list[str]:
    found = []
    for count in (1, 2, 3):
        for parts in itertools.product(PARTS, repeat=count):
            for lead, trail in itertools.product(("", "/"), ("", "/")):
                found.append(lead + "/".join(parts) + trail)
    return found


def _pathlib(file: str, folder: str | None) -> tuple[str, ...]:
    try:
        path = PurePosixPath(file).relative_to(folder) if folder else PurePosixPath(file)
        return str(path.with_suffix("")), path.stem, path.suffix
    except ValueError:
        return ("ValueError",)


def _ours(file: str, folder: str | None) -> tuple[str, ...]:
    try:
        return relative_parts(file, folder)
    except ValueError:
        return ("ValueError",)


def test_relative_parts_are_pathlibs() -> None:
    for file in _files():
        for folder in FOLDERS:
            assert _ours(file, folder) == _pathlib(file, folder), (file, folder)


def test_listing_pages_are_told_as_with_pathlib() -> None:
    for file in _files():
        for folder in ("_contents", "a", "."):
            path = PurePosixPath(file)
            expected = path.parent == PurePosixPath(folder) and path.stem.lower() in LISTING_PAGE_NAMES
            assert _is_listing_page(file, folder) == expected, (file, folder)
