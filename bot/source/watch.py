"""Watching a local site folder: which files changed since the last look (inotify, through watchdog).

The bot re-reads a local site folder every few minutes. Statting every post file each time costs ~0.3 s at
50,000 posts; a :class:`SiteWatcher` instead collects the paths the kernel reports changed (created,
written, closed after writing, chmod'ed, deleted, moved from or to), and :meth:`SiteWatcher.take` hands
them to the next resync, which then re-reads those only (:mod:`bot.services.follow`).

Nothing is ever missed in silence: :meth:`take` answers None ("look at everything") whenever the events
may be incomplete:

- the kernel's event queue overflowed (watchdog only logs it: its warning is what is watched for here);
- a folder was created, removed, moved or chmod'ed (its files are listed anew anyway; a moved folder's
  files keep their names relative to it, so they are all looked at);
- the site folder itself was removed, moved or replaced (its path leads to another folder: checked on
  every :meth:`take`), or the watcher's threads died (it is started again by the next :meth:`take`);
- a symbolic link appeared in the site: an edit of what it points at makes no event under the link's name,
  so such a site is not watched at all (:meth:`start` refuses it, as below).

An event that arrives after :meth:`take` (the kernel reports a write within microseconds, watchdog's
threads pass it on within milliseconds) is kept for the next one: a change can be seen one resync late,
never lost. Only the inotify observer is used (Linux); elsewhere, or when inotify cannot watch the folder
(``fs.inotify.max_user_watches`` or ``max_user_instances`` reached, a file system without inotify, a site
with symbolic links),
:meth:`start` returns False and :attr:`problem` says why: the caller then looks at every file every time.
Paths under ``.git/`` are ignored (Jekyll never reads them; a ``git pull`` in the folder writes plenty).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# watchdog reports a kernel queue overflow only as a warning on these loggers (watchdog 6-7)
_OVERFLOW_LOGGERS = ("watchdog.observers.inotify_c", "watchdog.observers.inotify")
_IGNORED_TOP = frozenset({".git"})


class _OverflowSpy(logging.Handler):
    """Calls ``on_overflow`` when watchdog logs that inotify events were lost."""

    def __init__(self, on_overflow: Callable[[], None]) -> None:
        super().__init__(level=logging.WARNING)
        self._on_overflow = on_overflow

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in str(record.msg).lower():
            self._on_overflow()


class SiteWatcher:
    """The changed files of the folder ``root`` (relative POSIX paths), collected between :meth:`take` calls.

    ``observer_factory`` makes the watchdog observer (default: the inotify observer); tests pass one that
    fails to see the fallback."""

    def __init__(self, root: Path, *, observer_factory: Callable[[], Any] | None = None) -> None:
        self.root = Path(root)
        self._base = os.path.realpath(self.root)
        self._factory = observer_factory
        self._cond = threading.Condition()
        self._paths: set[str] = set()
        self._full = True  # nothing seen yet: the first look is at everything
        self._observer: Any = None
        self._wanted = False  # started once: a watcher that stops is started again
        self._broken = False  # it saw what it cannot follow (a new symbolic link): started again by take()
        self._root_id: tuple[int, int] | None = None
        self._spy = _OverflowSpy(self.overflowed)
        self.problem: str | None = None

    def __repr__(self) -> str:
        return f"SiteWatcher({str(self.root)!r}, {'watching' if self.watching else 'not watching'})"

    # -- starting and stopping ------------------------------------------------------------------------

    @property
    def watching(self) -> bool:
        observer = self._observer
        if observer is None or self._broken or not observer.is_alive():
            return False
        return all(emitter.is_alive() for emitter in list(getattr(observer, "emitters", ())))

    def start(self) -> bool:
        """Start watching (again). False when the folder cannot be watched; :attr:`problem` says why."""
        self.stop()
        with self._cond:
            self._full = True  # whatever happened while not watching is unknown
        observer = None
        try:
            self._base = os.path.realpath(self.root)
            st = os.stat(self._base)
            self._root_id = (st.st_dev, st.st_ino)
            link = _first_symlink(self._base)
            if link is not None:
                raise _Unwatchable(f"the site has a symbolic link ({link}): a change to what it points at makes "
                                   "no event under its name")
            observer = self._make_observer()
            observer.schedule(_Handler(self), self._base, recursive=True, event_filter=_event_types())
            observer.start()
        except Exception as exc:  # OSError (inotify limits, no such folder), ImportError, whatever watchdog raises
            self.problem = _why(exc)
            if observer is not None:
                with contextlib.suppress(Exception):
                    observer.stop()
            return False
        self._observer = observer
        self._wanted = True
        self._broken = False
        for name in _OVERFLOW_LOGGERS:
            logging.getLogger(name).addHandler(self._spy)
        self.problem = None
        return True

    def _make_observer(self) -> Any:
        if self._factory is not None:
            return self._factory()
        from watchdog.observers.inotify import InotifyObserver  # Linux only: ImportError elsewhere

        return InotifyObserver()

    def stop(self) -> None:
        self._wanted = False
        for name in _OVERFLOW_LOGGERS:
            logging.getLogger(name).removeHandler(self._spy)
        observer, self._observer = self._observer, None
        if observer is not None:
            try:
                observer.stop()
                observer.join(timeout=5)
            except Exception:  # a dead observer: nothing left to stop
                log.debug("stopping the watcher of %s", self.root, exc_info=True)

    # -- what changed ---------------------------------------------------------------------------------

    def take(self) -> frozenset[str] | None:
        """The files changed since the last call (relative POSIX paths, maybe empty), and forget them; None
        when they cannot be known (look at every file). A watcher whose threads died is started again here
        (before the caller looks at every file, so nothing falls between the two)."""
        if not self.watching:
            if self._wanted:  # it was watching: its threads died, or the folder went away
                if self._observer is not None:
                    log.warning("the file watcher of %s stopped; looking at every file, and watching again",
                                self.root)
                problem = self.problem
                if not self.start() and self.problem != problem:
                    log.warning("cannot watch %s again (%s): looking at every file until it can", self.root,
                                self.problem)
                self._wanted = True  # and try again next time
            with self._cond:
                self._full = False
                self._paths.clear()
            return None
        if not self._same_root():
            log.warning("the site folder %s was replaced; looking at every file, and watching it again", self.root)
            self.start()
            with self._cond:
                self._full = False
                self._paths.clear()
            return None
        with self._cond:
            full, paths = self._full, frozenset(self._paths)
            self._full = False
            self._paths.clear()
        return None if full else paths

    def _same_root(self) -> bool:
        """Whether the site's path still leads to the folder being watched (not moved away, replaced, or a
        symbolic link switched to another folder)."""
        try:
            st = os.stat(self.root)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self._root_id

    def _cannot_follow(self) -> None:
        """A symbolic link appeared: the watcher stops trusting itself (take() starts it again, which
        refuses while the link is there: every file is looked at)."""
        self._broken = True
        self._note(None)

    def overflowed(self) -> None:
        """Events were lost (the kernel's queue overflowed): the next :meth:`take` answers None."""
        self._note(None)

    def wait_for(self, relative: str | None, timeout: float) -> bool:
        """Wait until the next :meth:`take` will name ``relative`` (None: will answer "look at everything"),
        for tests and benches that make a change and must know the watcher saw it; False on timeout."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._full if relative is None else (self._full or relative in self._paths), timeout=timeout
            )

    def _note(self, relative: str | None) -> None:
        with self._cond:
            if relative is None:
                self._full = True
            else:
                self._paths.add(relative)
            self._cond.notify_all()

    def _relative(self, path: str | bytes) -> str | None:
        """``path`` (absolute, as watchdog gives it) relative to the root; "" for the root itself; None
        for a path outside the root or one to ignore."""
        text = os.fsdecode(path)
        if not text:
            return None
        for base in (str(self.root), self._base):
            rel = os.path.relpath(text, base)
            if not rel.startswith(".."):
                break
        else:
            return None
        rel = Path(rel).as_posix()
        if rel == ".":
            return ""
        if rel.split("/", 1)[0] in _IGNORED_TOP:
            return None
        return rel


class _Unwatchable(Exception):
    """The folder can be watched, but its events would not tell every change."""


def _first_symlink(root: str) -> str | None:
    """The first symbolic link below ``root`` (relative), if any (``.git`` not searched)."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return Path(os.path.relpath(entry.path, root)).as_posix()
                    if entry.is_dir(follow_symlinks=False) and not (folder == root and entry.name in _IGNORED_TOP):
                        stack.append(entry.path)
        except OSError:
            continue  # an unreadable folder: the listing reports it; a chmod later makes an event
    return None


def _why(exc: BaseException) -> str:
    if isinstance(exc, _Unwatchable):
        return str(exc)
    if isinstance(exc, ImportError):
        return "inotify is not available here (Linux only)"
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC: inotify_add_watch's "too many watches"
        return "the inotify watch limit is reached (raise fs.inotify.max_user_watches)"
    if isinstance(exc, OSError) and exc.errno == 24:  # EMFILE: inotify_init's "too many instances"
        return "the inotify instance limit is reached (raise fs.inotify.max_user_instances)"
    return f"{type(exc).__name__}: {exc}"


def _event_types() -> list[type]:
    from watchdog import events as ev

    return [ev.FileCreatedEvent, ev.FileModifiedEvent, ev.FileAttribEvent, ev.FileDeletedEvent, ev.FileMovedEvent,
            ev.FileClosedEvent, ev.DirCreatedEvent, ev.DirDeletedEvent, ev.DirMovedEvent, ev.DirAttribEvent]


class _Handler:
    """What the observer calls with each event (watchdog's handler interface: ``dispatch``)."""

    def __init__(self, watcher: SiteWatcher) -> None:
        self.watcher = watcher

    def dispatch(self, event: Any) -> None:
        watcher = self.watcher
        paths = [watcher._relative(event.src_path), watcher._relative(getattr(event, "dest_path", "") or "")]
        if all(p is None for p in paths):
            return  # outside the site, or ignored
        if event.is_directory or "" in paths:
            watcher._note(None)  # a folder (or the site itself) changed: every file is looked at
            return
        for relative in paths:
            if relative:
                if os.path.islink(os.path.join(watcher._base, relative)):
                    watcher._cannot_follow()
                    return
                watcher._note(relative)
