"""Which files of a course site may be read, and reading them: the one way the bot touches site files.

A site is hostile input. Like Jekyll's safe mode, nothing outside the site root is read: every path is
resolved (symlinks followed) and refused when it lands outside the root, whether the link is a post, a
folder below a collection, or the collection folder itself. Nor may a symlink reach a hidden file or
folder of the site (``.env``, ``.git/config``), which a listing never reads. Only regular files are read (a FIFO, socket
or device named ``x.md`` is refused, and files are opened non-blocking, so a file swapped for a FIFO
after the listing cannot block either). A file name that is not valid UTF-8 cannot be a session key or a
URL: it is refused and named printably (``caf\\xe9.md``).

Refusals are problems (``FILE:1: error: ...``) that the listing returns, never exceptions; reading a file
that became unsafe since the listing raises :class:`UnsafeFile` (an ``OSError``, like any unreadable file).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from bot.course.models import Problem

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: The extensions Jekyll renders as markdown (its ``markdown_ext`` setting's default)
JEKYLL_MARKDOWN_SUFFIXES = (".markdown", ".mkdown", ".mkdn", ".mkd", ".md")


def is_markdown(name: str) -> bool:
    """Whether a file name is a markdown page (``.md``, ``.markdown``, any case)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def is_extensionless(name: str) -> bool:
    """Whether a file name has no extension (``week-01``; not ``.hidden``, not ``notes.txt``)."""
    return "." not in name.lstrip(".")

#: Folders a listing of posts never goes into (build output, dependencies, caches); hidden names never either.
SKIP_DIRS = frozenset({"_site", "node_modules", ".git", ".jekyll-cache", ".sass-cache", "vendor"})
#: The largest post file read (bigger ones are refused, never loaded whole).
MAX_POST_BYTES = 1_000_000
OUTSIDE = "outside the site (a symlink to a path outside the site root); not read"
HIDDEN = "a symlink to a hidden file or folder of the site (such as .env or .git); not read"
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_PROC_FD = Path("/proc/self/fd")
_HAS_PROC_FD = _PROC_FD.is_dir()


class UnsafeFile(OSError):
    """A site file that must not be read: outside the site root, not a regular file, or not a UTF-8 name."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.strerror = message  # what ``cannot read file: {exc.strerror}`` messages show


def printable(name: str) -> str:
    """A file name as it can be printed and stored: bytes that are not UTF-8 (which ``os`` gives as lone
    surrogates) written as ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def name_key(name: str) -> bytes:
    """Sort key: the name's bytes on disk (Jekyll's order), for any name ``os`` gave."""
    return name.encode("utf-8", "surrogateescape")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


@dataclass(slots=True)
class Listing:
    """Files found (relative to the site root, POSIX separators, in byte order) and the files refused."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class SiteFiles:
    """The files of the site at ``root``: listing folders and reading files, never outside the root."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.real_root = os.path.realpath(self.root)
        self._prefix = self.real_root.rstrip(os.sep) + os.sep

    def inside(self, real: str) -> bool:
        """Whether the resolved path ``real`` is the root or below it."""
        return real == self.real_root or real.startswith(self._prefix)

    def hidden(self, real: str) -> bool:
        """Whether the resolved path ``real`` (inside the site) is a hidden file or inside a hidden folder
        of the site: what a listing never reads, so neither may a symlink reach it."""
        below = real[len(self._prefix):] if real.startswith(self._prefix) else ""
        return any(part.startswith(".") for part in below.split(os.sep))

    def resolve(self, relative: str) -> str:
        """The resolved path of ``relative``; raises UnsafeFile when it is outside the site."""
        real = os.path.realpath(os.path.join(self.real_root, relative))
        if not self.inside(real):
            raise UnsafeFile(OUTSIDE)
        return real

    # -- listing ------------------------------------------------------------------------------------

    def list_files(
        self,
        folder: str,
        accept: Callable[[str], bool],
        *,
        skip_dirs: Collection[str] = (),
        recursive: bool = True,
        skip_dir: Callable[[str], bool] | None = None,
    ) -> Listing:
        """Regular files below ``folder`` (relative to the root, "" for the root) whose name ``accept``
        takes, inside the site, hidden files and folders and ``skip_dirs`` left out (and the folders whose
        name ``skip_dir`` takes, when given: ``_``-prefixed ones). Symlinked folders are followed when they
        stay inside the site (each real folder once, so a loop ends)."""
        listing = Listing()
        start = folder.strip("/")
        try:
            real_start = self.resolve(start) if start else self.real_root
        except UnsafeFile as exc:
            listing.problems.append(Problem(printable(start), 1, "error", str(exc)))
            return listing
        if not os.path.isdir(real_start):
            return listing
        visited = {real_start}
        stack = [(start, real_start)]
        while stack:
            relative_dir, real_dir = stack.pop()
            try:
                entries = list(os.scandir(real_dir))
            except OSError as exc:
                where = printable(relative_dir or ".")
                listing.problems.append(Problem(where, 1, "error", f"cannot read folder: {exc.strerror or exc}"))
                continue
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                relative = f"{relative_dir}/{name}" if relative_dir else name
                try:
                    link = entry.is_symlink()
                    is_dir = not link and entry.is_dir(follow_symlinks=False)
                except OSError:
                    link, is_dir = False, False
                if is_dir:
                    if recursive and name not in skip_dirs and not (skip_dir and skip_dir(name)):
                        real = os.path.join(real_dir, name)
                        if real not in visited:
                            visited.add(real)
                            stack.append((relative, real))
                    continue
                if link:
                    real = os.path.realpath(entry.path)
                    if os.path.isdir(real):
                        if not recursive or name in skip_dirs or (skip_dir and skip_dir(name)):
                            continue
                        if not self.inside(real):
                            listing.problems.append(Problem(printable(relative), 1, "error", OUTSIDE))
                        elif self.hidden(real):
                            listing.problems.append(Problem(printable(relative), 1, "error", HIDDEN))
                        elif real not in visited:
                            visited.add(real)
                            stack.append((relative, real))
                        continue
                if not accept(name):
                    continue
                problem = self._refusal(relative, entry, link)
                if problem is not None:
                    listing.problems.append(Problem(printable(relative), 1, "error", problem))
                else:
                    listing.files.append(relative)
        listing.files.sort(key=name_key)
        return listing

    def _refusal(self, relative: str, entry: os.DirEntry[str], link: bool) -> str | None:
        """Why the listed file ``relative`` must not be read, or None."""
        if printable(relative) != relative:
            return "file name is not valid UTF-8; rename the file (it is not read)"
        if not link:
            try:
                if entry.is_file(follow_symlinks=False):
                    return None
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                return f"cannot read file: {exc.strerror or exc}"
            return f"{_kind(mode)}, not a regular file; not read"
        real = os.path.realpath(entry.path)
        if not self.inside(real):
            return OUTSIDE
        if self.hidden(real):
            return HIDDEN
        try:
            mode = os.stat(real).st_mode
        except OSError as exc:
            return f"cannot read file: {exc.strerror or exc} (a broken symlink?)"
        if not stat.S_ISREG(mode):
            return f"{_kind(mode)}, not a regular file; not read"
        return None

    # -- reading ------------------------------------------------------------------------------------

    def read(self, relative: str, limit: int) -> bytes:
        """At most ``limit`` bytes of the regular file ``relative``. Raises UnsafeFile when it is outside
        the site, not a regular file, or has a non-UTF-8 name; OSError when it cannot be read. Never
        blocks on a FIFO (opened non-blocking and refused after ``fstat``), and the file actually opened
        is checked to be inside the site (no race between the check and the open)."""
        if printable(relative) != relative:
            raise UnsafeFile("file name is not valid UTF-8; rename the file (it is not read)")
        path = os.path.join(self.real_root, relative)
        if not _HAS_PROC_FD:
            path = self.resolve(relative)
            if self.hidden(path) and not self.hidden(os.path.join(self.real_root, relative)):
                raise UnsafeFile(HIDDEN)
        fd = os.open(path, _OPEN_FLAGS)
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise UnsafeFile(f"{_kind(mode)}, not a regular file; not read")
            if _HAS_PROC_FD:
                try:
                    real = os.readlink(f"/proc/self/fd/{fd}")
                except OSError:
                    real = os.path.realpath(path)
                if not self.inside(real):
                    raise UnsafeFile(OUTSIDE)
                if self.hidden(real) and not self.hidden(os.path.join(self.real_root, relative)):
                    raise UnsafeFile(HIDDEN)
            chunks: list[bytes] = []
            left = limit
            while left > 0:
                try:
                    chunk = os.read(fd, min(left, 1 << 20))
                except BlockingIOError:  # pragma: no cover - regular files do not block
                    raise OSError(errno.EAGAIN, "file would block") from None
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)

    def is_file(self, relative: str) -> bool:
        """Whether ``relative`` is a regular file inside the site (no exception)."""
        try:
            real = self.resolve(relative)
            return stat.S_ISREG(os.stat(real).st_mode)
        except (OSError, ValueError):
            return False

    def is_dir(self, relative: str) -> bool:
        """Whether ``relative`` is a folder inside the site (no exception)."""
        try:
            return os.path.isdir(self.resolve(relative))
        except (OSError, ValueError):
            return False


def read_small(root: Path, relative: str, limit: int = 200_000) -> str:
    """A page of the site as text (through SiteFiles: inside the site, regular files only); "" if none."""
    files = SiteFiles(root)
    if not files.is_file(relative):
        return ""
    try:
        return files.read(relative, limit).decode("utf-8", errors="replace")
    except OSError:
        return ""
