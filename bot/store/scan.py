"""Reading, hashing and parsing post files for a sync: synchronous, run off the event loop.

Kept free of aiosqlite and configuration imports so that worker processes start quickly: when a sync has
many files to parse (a first sync of a large site), they are parsed in parallel processes.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bot.course.files import MAX_POST_BYTES, SiteFiles, UnsafeFile
from bot.course.models import Problem, Session

if TYPE_CHECKING:
    from concurrent.futures import Future

RACY_SECONDS = 2  # a file modified this recently is hashed on every sync until it is older
log = logging.getLogger(__name__)

# Worker processes are used only where they help, measured: the first PROBE_FILES files to parse are parsed
# here and timed; the rest go to worker processes only if CPUs are idle (by the load average) and the
# estimated parallel time, SPAWN_SECONDS included, is at most PARALLEL_GAIN of parsing them here.
PROBE_FILES = 48
SPAWN_SECONDS = 0.6  # starting spawned workers and importing the parser in them (bench/sync.py, 2 cores)
PARALLEL_OVERHEAD = 1.25  # workers' time per file over this process's (sessions pickled back, the pool)
PARALLEL_GAIN = 0.7
_CHUNK = 64
SINK_BATCH = 500  # parsed files handed to a scan's sink at a time (see scan)

Sink = Callable[[list["Scanned"]], list["Scanned"]]


@dataclass(frozen=True, slots=True)
class FileSpec:
    file: str  # relative to the site root, POSIX separators
    collection: str | None
    sort_by: str | None


@dataclass(slots=True)
class Scanned:
    """One post file after reading (and, if it changed, parsing)."""

    file: str
    content_hash: str
    state: Literal["unchanged", "parsed", "failed"]
    session: Session | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    stat: str | None = None  # trusted "size:mtime_ns:ctime_ns" (see stat_text), None when not to be trusted
    vanished: bool = False  # listed, but gone when it was to be read (deleted while the sync ran)


@dataclass(frozen=True, slots=True)
class Known:
    """What the cache knows of a file: the hash of its bytes and, maybe, a trusted stat key."""

    content_hash: str
    stat: str | None


def filesystem_now_ns() -> int:
    """Now by the clock that stamps file modification times (the kernel's, read off a fresh temporary
    file), so that "modified too recently" compares like with like even when the process clock is set
    elsewhere (a trial clock, ``faketime``); the process clock if no temporary file can be made."""
    import tempfile  # here: its imports (random) are not needed before a scan looks

    try:
        with tempfile.TemporaryFile() as probe:
            return os.fstat(probe.fileno()).st_mtime_ns
    except OSError:
        return time.time_ns()


def stat_text(st: os.stat_result) -> str:
    """What the cache keeps of a file's stat: ``size:mtime_ns:ctime_ns``. The change time too: an edit that
    keeps the size and sets the modification time back (a tool restoring it, ``touch -r``) still moves the
    change time, which cannot be set back."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def stat_key(path: Path, now_ns: int | None = None) -> str | None:
    """:func:`stat_text` of ``path``, or None when it was modified too recently to be trusted (an edit in
    the same clock tick could leave size and mtime unchanged) or cannot be stat'ed. ``now_ns`` is
    :func:`filesystem_now_ns`, read once per scan by the caller."""
    try:
        st = path.stat()
    except OSError:
        return None
    now_ns = filesystem_now_ns() if now_ns is None else now_ns
    if st.st_mtime_ns > now_ns - RACY_SECONDS * 1_000_000_000:
        return None
    return stat_text(st)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_limited(files: SiteFiles, file: str) -> bytes:
    """The file's bytes, at most one byte more than MAX_POST_BYTES (a huge file is never loaded whole);
    only a regular file inside the site (see :mod:`bot.course.files`), never blocking."""
    return files.read(file, MAX_POST_BYTES + 1)


def _unreadable(spec: FileSpec, exc: OSError) -> Scanned:
    message = str(exc) if isinstance(exc, UnsafeFile) else f"cannot read file: {exc.strerror or exc}"
    return Scanned(spec.file, f"unreadable:{message}", "failed", problems=[Problem(spec.file, 1, "error", message)],
                   error=message, vanished=isinstance(exc, FileNotFoundError))


def parse_bytes(
    spec: FileSpec, data: bytes, digest: str, role_keys: Sequence[str], optional_sections: Collection[str] = (),
    link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> Scanned:
    from bot.course.posts import parse_post  # here: a scan that finds nothing changed never loads the parser

    parsed = parse_post(spec.file, data, role_keys=role_keys, collection=spec.collection, sort_by=spec.sort_by,
                        max_bytes=MAX_POST_BYTES, optional_sections=optional_sections, link_variables=link_variables,
                        reading_fields=reading_fields)
    if parsed.session is None:
        errors = [p for p in parsed.problems if p.severity == "error"]
        message = str(errors[0]) if errors else f"{spec.file}: could not be parsed"
        return Scanned(spec.file, digest, "failed", problems=list(parsed.problems), error=message)
    return Scanned(spec.file, digest, "parsed", session=parsed.session, problems=list(parsed.problems))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch of parsing, then restore it.

    Parsing allocates a great many short-lived objects (markdown-it tokens) while the parsed sessions
    accumulate, so the generational collector would keep traversing both: about 7% of a large sync.
    None of it forms reference cycles (reference counting frees the tokens), so nothing is left for the
    collector afterwards. The switch is process-wide; it is only turned back on if it was on (so a sync,
    which pauses it from start to end, its ordering and dating pass and its write included: a gen-2 collection
    over the site's sessions cost ~50 ms of a 2,000-post sync, keeps it paused through each batch)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_and_parse(
    root: str, specs: Sequence[FileSpec], role_keys: Sequence[str], optional_sections: Collection[str] = (),
    link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> list[Scanned]:
    """Read, hash and parse ``specs`` (the unit of work of a worker process)."""
    with collector_paused():
        return _read_and_parse(root, specs, role_keys, optional_sections, link_variables, reading_fields)


def _read_and_parse(
    root: str, specs: Sequence[FileSpec], role_keys: Sequence[str], optional_sections: Collection[str],
    link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> list[Scanned]:
    out = []
    files = SiteFiles(root)
    now_ns = filesystem_now_ns()
    trusted_before = now_ns - RACY_SECONDS * 1_000_000_000
    base = os.path.join(root, "")
    for spec in specs:
        # stat_key inlined on a string path (as in scan); before reading: a change after it changes the stat
        try:
            st = os.stat(base + spec.file)
            stat = stat_text(st) if st.st_mtime_ns <= trusted_before else None
        except OSError:
            stat = None
        try:
            data = read_limited(files, spec.file)
        except OSError as exc:
            out.append(_unreadable(spec, exc))
            continue
        scanned = parse_bytes(spec, data, content_hash(data), role_keys, optional_sections, link_variables,
                              reading_fields)
        scanned.stat = stat
        out.append(scanned)
    return out


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def parse_workers() -> int | None:
    """``$COURSEBOT_SYNC_WORKERS`` if set (1 = never worker processes), else None: decided by measuring."""
    env = os.environ.get("COURSEBOT_SYNC_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return None


def plan_workers(rest_seconds: float, cpus: int, load: float) -> int:
    """How many worker processes to parse the rest with (1: none, parse here), given the estimated time to
    parse it here, the CPUs and the 1-minute load average (which counts this process too)."""
    idle = cpus - max(0.0, load - 1.0)
    workers = min(cpus, int(idle))
    if workers < 2:
        return 1  # a busy machine: workers would only compete with this process and the others
    parallel = SPAWN_SECONDS + rest_seconds * PARALLEL_OVERHEAD / workers
    return workers if parallel <= rest_seconds * PARALLEL_GAIN else 1


def _load_average() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return float(usable_cpus())  # unknown: assume busy


def ProcessPoolExecutor(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - concurrent.futures' class, by its name
    """concurrent.futures.ProcessPoolExecutor, imported (with multiprocessing) only by a sync that parses
    in worker processes, not by every command that opens the cache."""
    from concurrent.futures import ProcessPoolExecutor as pool

    return pool(*args, **kwargs)


def _parse_in_processes(
    root: Path, todo: Sequence[FileSpec], role_keys: Sequence[str], workers: int, optional_sections: Collection[str] = (),
    link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> Iterator[list[Scanned]]:
    """Parse ``todo`` in worker processes, yielding the results chunk by chunk in ``todo``'s order; if the pool
    cannot run (or breaks), the files not yet yielded are parsed in this process instead.

    At most two chunks per worker are in flight, so parsed sessions do not pile up in this process faster
    than the caller consumes them. Workers are spawned, not forked (the parent runs threads). As with any
    ``multiprocessing`` spawn, the main script is imported by the workers, so it must guard its entry point
    with ``if __name__ == "__main__"`` (the ``coursebot`` command and ``python -m bot.cli`` do)."""
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    done = 0  # chunks yielded
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context) as pool:
            pending: deque[Future[list[Scanned]]] = deque()
            for chunk in chunks:
                pending.append(pool.submit(read_and_parse, str(root), chunk, list(role_keys), list(optional_sections),
                                           list(link_variables), list(reading_fields)))
                if len(pending) >= 2 * workers:
                    result = pending.popleft().result()
                    yield result
                    done += 1
            while pending:
                result = pending.popleft().result()
                yield result
                done += 1
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("parsing in worker processes failed (%s); parsing in this process instead", exc)
        yield from _parse_here(root, [spec for chunk in chunks[done:] for spec in chunk], role_keys, optional_sections,
                               link_variables, reading_fields)


def _parse_here(
    root: Path, todo: Sequence[FileSpec], role_keys: Sequence[str], optional_sections: Collection[str] = (),
    link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> Iterator[list[Scanned]]:
    for start in range(0, len(todo), SINK_BATCH):
        yield read_and_parse(str(root), todo[start : start + SINK_BATCH], role_keys, optional_sections, link_variables,
                             reading_fields)


class _Sunk:
    """Parsed results on their way to a scan's sink, ``SINK_BATCH`` at a time (all at once without a sink)."""

    def __init__(self, sink: Sink | None) -> None:
        self.sink = sink
        self.pending: list[Scanned] = []
        self.out: dict[str, Scanned] = {}

    def add(self, results: Sequence[Scanned]) -> None:
        self.pending.extend(results)
        if len(self.pending) >= SINK_BATCH:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            self.out.update((s.file, s) for s in (self.sink(batch) if self.sink is not None else batch))


def scan(
    root: Path, specs: Sequence[FileSpec], known: dict[str, Known], role_keys: Sequence[str], *,
    force: bool = False, verify: bool = False, workers: int | None = None, optional_sections: Collection[str] = (),
    only: Collection[str] | None = None, sink: Sink | None = None, link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> list[Scanned]:
    """Every file of ``specs`` in their order: unchanged (same bytes as the cache has: same hash, or same
    trusted size and mtime unless ``verify``) or parsed (all of them when ``force``). Files new to the
    cache are read by whoever parses them, in parallel processes when there are many.

    ``only``: the files that may have changed since the cache's last sync (a file watcher's events, a
    commit's diff), or None (any may have). A known file not in ``only`` whose stat the cache trusts is
    unchanged without a look at the disk; ``force`` and ``verify`` ignore ``only``.

    ``sink``: called (in this thread) with the parsed and failed results, ``SINK_BATCH`` at a time as they are
    parsed; what it returns for them is what the scan returns (a sync stores the batch and keeps only what it
    needs of the sessions, so a first sync of a big site never holds every parsed session at once).

    ``optional_sections`` / ``link_variables`` / ``reading_fields``: what the site's home page, settings and
    layouts tell the parser (``SiteInfo``), passed to every parse."""
    if force or verify:
        only = None
    elif only is not None and not isinstance(only, (set, frozenset)):
        only = frozenset(only)
    results: dict[str, Scanned] = {}
    sunk = _Sunk(sink)
    todo: list[FileSpec] = []
    files = SiteFiles(root)
    now_ns = filesystem_now_ns()
    trusted_before = now_ns - RACY_SECONDS * 1_000_000_000
    base = os.path.join(str(root), "")
    for spec in specs:
        old = known.get(spec.file)
        if force or old is None:
            todo.append(spec)
            continue
        if only is not None and old.stat is not None and spec.file not in only:
            results[spec.file] = Scanned(spec.file, old.content_hash, "unchanged", stat=old.stat)
            continue
        # stat_key inlined, on a string path: this loop is most of an unchanged resync of a big site
        try:
            st = os.stat(base + spec.file)
            stat = stat_text(st) if st.st_mtime_ns <= trusted_before else None
        except OSError:
            stat = None
        if not verify and stat is not None and stat == old.stat:
            results[spec.file] = Scanned(spec.file, old.content_hash, "unchanged", stat=stat)
            continue
        try:
            data = read_limited(files, spec.file)
        except OSError as exc:
            results[spec.file] = _unreadable(spec, exc)
            continue
        digest = content_hash(data)
        if old.content_hash == digest:
            results[spec.file] = Scanned(spec.file, digest, "unchanged", stat=stat)
        else:
            parsed = parse_bytes(spec, data, digest, role_keys, optional_sections, link_variables, reading_fields)
            parsed.stat = stat
            sunk.add([parsed])
    for batch in _parse_todo(root, todo, role_keys, workers, optional_sections, link_variables, reading_fields):
        sunk.add(batch)
    sunk.flush()
    results.update(sunk.out)
    return [results[spec.file] for spec in specs]


def _parse_todo(
    root: Path, todo: Sequence[FileSpec], role_keys: Sequence[str], workers: int | None,
    optional_sections: Collection[str] = (), link_variables: Collection[tuple[str, str]] = (),
    reading_fields: Collection[tuple[str, ...]] = (),
) -> Iterator[list[Scanned]]:
    """Parse ``todo``, yielding the results in batches in ``todo``'s order: with ``workers`` processes when
    given (1: here), else by :func:`plan_workers` after timing the first PROBE_FILES here."""
    workers = parse_workers() if workers is None else workers
    if workers is not None:
        if workers > 1 and len(todo) > 1:
            yield from _parse_in_processes(root, todo, role_keys, workers, optional_sections, link_variables,
                                           reading_fields)
        else:
            yield from _parse_here(root, todo, role_keys, optional_sections, link_variables, reading_fields)
        return
    if len(todo) <= PROBE_FILES or usable_cpus() < 2:
        yield from _parse_here(root, todo, role_keys, optional_sections, link_variables, reading_fields)
        return
    began = time.perf_counter()
    first = read_and_parse(str(root), todo[:PROBE_FILES], role_keys, optional_sections, link_variables, reading_fields)
    per_file = (time.perf_counter() - began) / PROBE_FILES
    yield first
    rest = todo[PROBE_FILES:]
    chosen = plan_workers(per_file * len(rest), usable_cpus(), _load_average())
    log.debug("parse: %.2f ms per file, %d more files: %d process(es)", per_file * 1000, len(rest), chosen)
    if chosen > 1:
        yield from _parse_in_processes(root, rest, role_keys, chosen, optional_sections, link_variables,
                                       reading_fields)
    else:
        yield from _parse_here(root, rest, role_keys, optional_sections, link_variables, reading_fields)
