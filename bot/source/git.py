"""The course site as a git repository: clone once, then fetch and check out exactly the fetched commit.

Built on dulwich (pure Python, so ``pip install`` is all a deployment needs; the Docker image has no git).

- The bot's copy is never edited by hand: every :meth:`GitSite.fetch` makes the work tree exactly the
  remote branch's commit (fetch, then a hard reset), so a force-push or rewritten history just works.
- Credentials (a token from ``COURSEBOT_GIT_TOKEN``, or a user and password in the URL) are handed to the
  dulwich client for the one fetch, which sends them as an HTTP ``Authorization`` header from memory.
  They are never written into the clone's ``.git/config`` (which holds the URL without them), never
  logged, and removed from every error message.
- ``core.symlinks`` is off in the clone: a symbolic link in a hostile repository becomes a plain file
  holding the link's text, so reading the site never follows it out of the clone. dulwich also refuses
  paths that would land outside the work tree (``..``, ``.git``).

- Every fetch runs in a child process (:func:`_child_main`, the request and its credentials on
  the child's stdin, never in its arguments or environment) that is killed when it has not finished within
  ``timeout`` (:data:`FETCH_TIMEOUT_SECONDS`): a remote that accepts and never answers, answers one byte
  at a time, or speaks ``git://`` (which has no timeout of its own) cannot hang the bot. The child holds
  the clone's file lock, so a bot killed in the middle of a fetch cannot race its own leftover child.
- A checkout is made under a marker (``.git/coursebot-checkout``: the commit being checked out, whose
  objects are all fetched by then). A fetch killed in the middle (``kill -9``, the timeout, a crash)
  leaves the marker; the next fetch, and the parent right after a timeout, finish that checkout before
  anything else (no network needed), clear stale git lock files and half-written packs. The work tree is
  never served as a mixture of two commits.

Everything here blocks: callers run it in a worker thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dulwich import porcelain
from dulwich.client import HTTPUnauthorized, default_urllib3_manager, get_transport_and_path
from dulwich.config import ConfigDict
from dulwich.diff_tree import tree_changes
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.objects import Commit
from dulwich.repo import Repo

log = logging.getLogger(__name__)

HTTP_TIMEOUT_SECONDS = 30.0  # one connect or read
FETCH_TIMEOUT_SECONDS = 600.0  # a whole fetch and checkout, after which its process is killed
CHECKOUT_MARKER = "coursebot-checkout"  # in .git while a checkout is being made: "<sha> <branch>"
TOKEN_USERNAME = "x-access-token"  # what GitHub expects with a token; any user name given in the URL wins

Reason = Literal["unreachable", "credentials", "branch", "repository"]


class GitError(Exception):
    """The remote cannot be fetched. ``reason`` is one of ``unreachable`` (network, server down, no such
    path), ``credentials`` (refused or missing), ``branch`` (not on the remote), ``repository`` (not a git
    repository, or the clone is unusable). The message never holds a credential."""

    def __init__(self, message: str, *, reason: Reason) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """Who made a commit and why, for staff alerts."""

    sha: str
    author: str  # "Name <email>"
    subject: str  # first line of the message
    when: dt.datetime

    @property
    def short(self) -> str:
        return self.sha[:8]

    def __str__(self) -> str:
        return f"{self.short} by {self.author}: {self.subject}"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The commit now checked out, the branch it came from, and the commit checked out before."""

    commit: str
    branch: str
    previous: str | None

    @property
    def changed(self) -> bool:
        return self.commit != self.previous


def public_url(url: str) -> str:
    """``url`` without the user name and password it may carry (what may be logged and stored)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme and parts.netloc and "@" in parts.netloc:
        host = parts.netloc.rsplit("@", 1)[1]
        return urllib.parse.urlunsplit(parts._replace(netloc=host))
    return url


def is_repo_url(text: str) -> bool:
    """Whether ``text`` names a remote repository (``https://``, ``http://``, ``file://``, ``ssh://``,
    ``git://``) rather than a local folder."""
    scheme = urllib.parse.urlsplit(text).scheme.lower()
    return scheme in {"http", "https", "file", "ssh", "git"} or (scheme.startswith("git+") and len(scheme) > 4)


def checkout_dir(data_dir: Path, url: str) -> Path:
    """Where the bot keeps its clone of ``url``: ``<data_dir>/repos/<name>-<hash of the public URL>``."""
    public = public_url(url)
    name = Path(urllib.parse.urlsplit(public).path.rstrip("/")).name.removesuffix(".git") or "site"
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".") or "site"
    key = hashlib.blake2b(public.encode(), digest_size=6).hexdigest()
    return Path(data_dir) / "repos" / f"{safe}-{key}"


def _credentials(url: str, token: str | None) -> tuple[str | None, str | None]:
    parts = urllib.parse.urlsplit(url)
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password else None
    if token:
        return user or TOKEN_USERNAME, token
    return user, password


class GitSite:
    """A clone of ``url`` at ``path`` following ``branch`` (None: the remote's default branch)."""

    def __init__(
        self, url: str, path: Path, *, branch: str | None = None, token: str | None = None,
        timeout: float = FETCH_TIMEOUT_SECONDS,
    ) -> None:
        self.url = public_url(url)
        self.path = Path(path)
        self.branch = branch or None
        self.timeout = timeout
        self._user, self._password = _credentials(url, token)
        self._lock = threading.Lock()  # one fetch at a time on this clone in this process

    def __repr__(self) -> str:  # never the credentials
        return f"GitSite({self.url!r}, {str(self.path)!r}, branch={self.branch!r})"

    # -- the fetch ----------------------------------------------------------------------------------

    def _redact(self, text: str) -> str:
        for secret in (self._password,):
            if secret:
                text = text.replace(secret, "***").replace(urllib.parse.quote(secret, safe=""), "***")
        return text

    def _open(self) -> Repo:
        """The clone, created empty (no remote objects yet) on first use."""
        if (self.path / ".git").is_dir():
            try:
                return Repo(str(self.path))
            except NotGitRepository:
                pass
        if self.path.exists():  # a half-made clone from an interrupted first start: make it again
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        repo = Repo.init(str(self.path))
        config = repo.get_config()
        config.set((b"core",), b"symlinks", False)
        config.set((b"remote", b"origin"), b"url", self.url.encode())
        config.set((b"remote", b"origin"), b"fetch", b"+refs/heads/*:refs/remotes/origin/*")
        config.write_to_path()
        return repo

    def head(self) -> str | None:
        """The commit checked out now, or None before the first successful fetch."""
        if not (self.path / ".git").is_dir():
            return None
        try:
            with Repo(str(self.path)) as repo:
                return repo.head().decode()
        except (KeyError, NotGitRepository, OSError):
            return None

    @contextlib.contextmanager
    def _file_lock(self):  # type: ignore[no-untyped-def]
        """One fetch at a time on this clone across processes (the bot, its fetch child, and a
        ``coursebot sync --repo`` on the same data folder) where ``fcntl`` exists."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: the thread lock only
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.parent / f".{self.path.name}.lock", "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def fetch(self) -> FetchResult:
        """Fetch the branch and make the work tree exactly its commit, in a child process killed after
        :attr:`timeout` seconds. Raises :class:`GitError`; the work tree is then the last good checkout."""
        with self._lock:
            return self._fetch_in_child()

    def _fetch_in_child(self) -> FetchResult:
        request = json.dumps({"url": self.url, "path": str(self.path), "branch": self.branch,
                              "user": self._user, "password": self._password, "timeout": self.timeout})
        root = str(Path(__file__).resolve().parents[2])  # where ``bot`` is importable from
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        env.pop("COURSEBOT_GIT_TOKEN", None)  # the child gets its credentials on stdin only
        try:
            proc = subprocess.run(
                [sys.executable, "-c", "from bot.source.git import _child_main; raise SystemExit(_child_main())"], input=request.encode(), capture_output=True,
                timeout=self.timeout, env=env, check=False,
            )
        except subprocess.TimeoutExpired:  # subprocess.run has killed the child (SIGKILL) and reaped it
            with self._file_lock():
                self.recover()
            raise GitError(f"{self.url}: no complete answer within {self.timeout:g} s; the fetch was stopped",
                           reason="unreachable") from None
        lines = proc.stdout.decode(errors="replace").strip().splitlines()
        try:
            answer = json.loads(lines[-1]) if lines else None
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            errors = proc.stderr.decode(errors="replace").strip().splitlines()
            detail = self._redact(errors[-1])[:300] if errors else f"exit status {proc.returncode}"
            with self._file_lock():
                self.recover()
            raise GitError(f"{self.url}: the fetch process failed: {detail}", reason="repository")
        if "error" in answer:
            raise GitError(self._redact(str(answer["error"])), reason=answer.get("reason", "unreachable"))
        return FetchResult(commit=answer["commit"], branch=answer["branch"], previous=answer.get("previous"))

    def _fetch_here(self) -> FetchResult:
        """The fetch itself, in this process (the child's side), with errors named without credentials."""
        with self._file_lock():
            try:
                return self._fetch()
            except GitError:
                raise
            except HTTPUnauthorized:
                what = "refused the credentials" if self._password else "needs credentials (set COURSEBOT_GIT_TOKEN)"
                raise GitError(f"{self.url}: the server {what}", reason="credentials") from None
            except NotGitRepository:
                raise GitError(f"{self.url}: no git repository there", reason="unreachable") from None
            except (HangupException, GitProtocolError, OSError) as exc:
                raise GitError(f"{self.url}: cannot fetch: {self._describe(exc)}", reason="unreachable") from None
            except Exception as exc:  # urllib3 and friends: whatever it is, name it without credentials
                raise GitError(f"{self.url}: cannot fetch: {self._describe(exc)}", reason="unreachable") from None

    # -- recovering from a fetch that was killed -------------------------------------------------------

    def recover(self) -> None:
        """Finish a checkout that a killed fetch left half made, and clear what it left behind (stale
        git lock files, half-written packs). Local only; the caller holds the file lock."""
        git = self.path / ".git"
        if not git.is_dir():
            return
        for stale in [*git.glob("*.lock"), *(git / "refs").rglob("*.lock")]:
            stale.unlink(missing_ok=True)  # nobody else works in this clone while we hold the lock
        try:
            repo = Repo(str(self.path))
        except NotGitRepository:
            return
        with repo:
            repo.object_store.prune(grace_period=0)
            marker = git / CHECKOUT_MARKER
            if not marker.is_file():
                return
            sha, _, branch = marker.read_text().strip().partition(" ")
            if sha and sha.encode() in repo.object_store:
                log.info("finishing the checkout of %s that an interrupted fetch left half made", sha[:8])
                self._checkout(repo, sha, branch or "HEAD")
            else:
                marker.unlink()

    def _checkout(self, repo: Repo, sha: str, branch: str) -> None:
        """Make the work tree and HEAD exactly ``sha`` (all of whose objects are in the clone)."""
        marker = self.path / ".git" / CHECKOUT_MARKER
        with open(marker, "w") as fh:
            fh.write(f"{sha} {branch}\n")
            fh.flush()
            os.fsync(fh.fileno())
        if branch != "HEAD":
            repo.refs[f"refs/remotes/origin/{branch}".encode()] = sha.encode()
            repo.refs.set_symbolic_ref(b"HEAD", f"refs/heads/{branch}".encode())
        try:
            porcelain.reset(repo, "hard", sha.encode())
        except KeyError as exc:
            # the index names an object no clone of this repository has: a submodule's commit (a gitlink),
            # which dulwich's reset looks up when leaving a tree that holds one. Check out afresh instead.
            log.info("checking out %s afresh (the previous checkout held a submodule: %s)", sha[:8], exc)
            self._clear_work_tree()
            porcelain.reset(repo, "hard", sha.encode())
        marker.unlink()

    def _clear_work_tree(self) -> None:
        """Remove every file of the work tree and the index (not ``.git`` itself), under the checkout marker."""
        for entry in os.scandir(self.path):
            if entry.name == ".git":
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        (self.path / ".git" / "index").unlink(missing_ok=True)

    def _describe(self, exc: BaseException) -> str:
        text = str(exc).strip() or type(exc).__name__
        text = text.splitlines()[0] if text else type(exc).__name__
        return self._redact(text)[:300]

    def _client(self, config: ConfigDict):  # type: ignore[no-untyped-def]
        manager = None
        if urllib.parse.urlsplit(self.url).scheme.lower() in {"http", "https"}:
            manager = default_urllib3_manager(config, timeout=HTTP_TIMEOUT_SECONDS)
        return get_transport_and_path(
            self.url, config=config, username=self._user, password=self._password, pool_manager=manager
        )

    def _fetch(self) -> FetchResult:
        self.recover()  # a checkout a killed fetch left half made is finished first
        previous = self.head()
        config = ConfigDict()  # no user or system git configuration (credential helpers, rewrites)
        client, remote_path = self._client(config)
        wanted: dict[str, str] = {}

        def determine_wants(refs, depth=None):  # type: ignore[no-untyped-def]
            ref = f"refs/heads/{self.branch}".encode() if self.branch else b"HEAD"
            sha = refs.get(ref)
            if sha is None:
                heads = sorted(r.decode(errors="replace").removeprefix("refs/heads/")
                               for r in refs if r.startswith(b"refs/heads/"))
                wanted["missing"] = ", ".join(heads) or "no branches"
                return []
            wanted["sha"] = sha.decode()
            return [sha] if sha not in repo.object_store else []

        with self._open() as repo:
            result = client.fetch(remote_path, repo, determine_wants=determine_wants)
            if "missing" in wanted:
                if self.branch:
                    raise GitError(
                        f"{self.url}: branch {self.branch!r} not found (the remote has: {wanted['missing']})",
                        reason="branch",
                    )
                raise GitError(f"{self.url}: the repository is empty (no default branch)", reason="branch")
            sha = wanted["sha"]
            branch = self.branch
            if branch is None:
                target = (result.symrefs or {}).get(b"HEAD", b"")
                branch = target.decode(errors="replace").removeprefix("refs/heads/") if target else "HEAD"
            commit = repo[sha.encode()]
            if not isinstance(commit, Commit):
                raise GitError(f"{self.url}: {branch} points at a {commit.type_name.decode()}, not a commit",
                               reason="repository")
            self._checkout(repo, sha, branch)
        return FetchResult(commit=sha, branch=branch, previous=previous)

    # -- what changed -------------------------------------------------------------------------------

    def changed_since(self, old: str | None, new: str) -> frozenset[str] | None:
        """The files (POSIX paths relative to the checkout) that may differ between the work tree and what a
        sync read at commit ``old``, now that ``new`` is checked out: none when ``old`` is ``new``, else those
        the diff of the two commits' trees names (a rename is a removal and an addition). None when that
        cannot be told: no ``old``, either commit unknown to the clone, or the work tree not this clone's
        own finished checkout of ``new`` (HEAD elsewhere, a checkout marker left by a killed fetch).

        The work tree is trusted to be the checkout: the bot owns it, and every fetch resets it hard to the
        fetched commit (which also puts back a file edited by hand)."""
        if not old or (self.path / ".git" / CHECKOUT_MARKER).exists():
            return None
        try:
            with Repo(str(self.path)) as repo:
                if repo.head().decode() != new:
                    return None
                if old == new:
                    return frozenset()
                before, after = repo[old.encode()], repo[new.encode()]
                if not isinstance(before, Commit) or not isinstance(after, Commit):
                    return None
                paths: set[str] = set()
                for change in tree_changes(repo.object_store, before.tree, after.tree):
                    for entry in (change.old, change.new):
                        if entry is not None and entry.path is not None:
                            paths.add(os.fsdecode(entry.path))
                return frozenset(paths)
        except (KeyError, ValueError, NotGitRepository, OSError):
            return None

    # -- history ------------------------------------------------------------------------------------

    def commit_info(self, sha: str) -> CommitInfo:
        with Repo(str(self.path)) as repo:
            commit = repo[sha.encode()]
            assert isinstance(commit, Commit)
            return _info(commit)

    def last_change(self, file: str) -> CommitInfo | None:
        """The latest commit (reachable from the checkout) that changed ``file`` (POSIX, relative to the
        repository root): for a file that fails to parse, the commit that introduced what is there now."""
        head = self.head()
        if head is None:
            return None
        with Repo(str(self.path)) as repo:
            for entry in repo.get_walker(include=[head.encode()], paths=[file.encode()], max_entries=1):
                return _info(entry.commit)
        return None


def _info(commit: Commit) -> CommitInfo:
    when = dt.datetime.fromtimestamp(commit.author_time, dt.timezone(dt.timedelta(seconds=commit.author_timezone)))
    subject = commit.message.decode("utf-8", errors="replace").strip().splitlines()
    return CommitInfo(
        sha=commit.id.decode(),
        author=commit.author.decode("utf-8", errors="replace"),
        subject=subject[0] if subject else "",
        when=when,
    )


def _die_with_parent(timeout: float) -> None:
    """The child ends by itself when its time is up (SIGALRM) or its parent dies (Linux: PR_SET_PDEATHSIG),
    so a bot killed during a fetch leaves no fetch behind holding the clone's lock forever."""
    import signal

    if hasattr(signal, "alarm"):
        signal.alarm(max(1, int(timeout) + 5))  # the parent kills it at ``timeout``; this is the backstop
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            if os.getppid() == 1:  # the parent died before the call
                os._exit(1)


def _child_main() -> int:
    """The child process's side: one fetch for :meth:`GitSite.fetch` (request on stdin, answer on the
    last line of stdout, both JSON)."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    request = json.loads(sys.stdin.read())
    _die_with_parent(float(request.get("timeout") or FETCH_TIMEOUT_SECONDS))
    site = GitSite(request["url"], Path(request["path"]), branch=request.get("branch"))
    site._user, site._password = request.get("user"), request.get("password")
    try:
        result = site._fetch_here()
    except GitError as exc:
        answer: dict[str, object] = {"error": str(exc), "reason": exc.reason}
    else:
        answer = {"commit": result.commit, "branch": result.branch, "previous": result.previous}
    sys.stdout.write("\n" + json.dumps(answer) + "\n")
    return 0
