"""A real git remote for tests: a bare repository on disk (``file://``), optionally served over smart HTTP
by dulwich's own server on 127.0.0.1 (port 0), with a developer's clone that commits and pushes to it.

    remote = GitRemote(tmp_path)
    remote.commit({"L01.md": "...", "old.md": None}, "Add L01, drop old", author="Ada <ada@example.org>")
    remote.force_push(commit_sha)   # rewrite history: the branch now points at an older commit
    with remote.unreachable(): ...  # the repository is taken away (renamed), then brought back
    with remote.http(token="s3cret") as url: ...  # served over HTTP with Basic auth
"""

from __future__ import annotations

import base64
import contextlib
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIServer

from dulwich import porcelain
from dulwich.repo import Repo
from dulwich.server import DictBackend
from dulwich.web import WSGIRequestHandlerLogger, WSGIServerLogger, make_server, make_wsgi_chain

DEFAULT_AUTHOR = "Course Staff <staff@example.org>"


class GitRemote:
    def __init__(self, root: Path, *, branch: str = "main") -> None:
        self.root = Path(root)
        self.branch = branch
        self.bare = self.root / "remote.git"
        self.work = self.root / "developer"
        self.bare.mkdir(parents=True)
        Repo.init_bare(str(self.bare)).close()
        with Repo(str(self.bare)) as bare:
            bare.refs.set_symbolic_ref(b"HEAD", f"refs/heads/{branch}".encode())
        self.work.mkdir()
        with Repo.init(str(self.work)) as work:
            work.refs.set_symbolic_ref(b"HEAD", f"refs/heads/{branch}".encode())
        self.commits: list[str] = []
        self.pushed: list[str] = []  # every URL pushed to (all local)
        self.auth_headers: list[str | None] = []  # Authorization headers the HTTP server saw

    @property
    def url(self) -> str:
        return self.bare.resolve().as_uri()

    def commit(self, files: dict[str, str | bytes | None], message: str, *, author: str = DEFAULT_AUTHOR,
               when: int = 1_700_000_000) -> str:
        """Write (or, for None, delete) ``files`` in the developer's clone, commit and push; the new sha."""
        removed = []
        for name, text in files.items():
            path = self.work / name
            if text is None:
                path.unlink()
                removed.append(name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode() if isinstance(text, str) else text)
        with Repo(str(self.work)) as work:
            if removed:
                porcelain.remove(work, [str(self.work / name) for name in removed], cached=True)
            porcelain.add(work, [str(self.work / n) for n, t in files.items() if t is not None])
            when += len(self.commits) * 60
            sha = porcelain.commit(
                work, message=message.encode(), author=author.encode(), committer=author.encode(),
                author_timestamp=when, commit_timestamp=when, author_timezone=0, commit_timezone=0,
            ).decode()
        self.commits.append(sha)
        self._push(force=False)
        return sha

    def force_push(self, sha: str) -> None:
        """Reset the developer's branch to ``sha`` (dropping later commits) and force-push it."""
        with Repo(str(self.work)) as work:
            porcelain.reset(work, "hard", sha.encode())
        self._push(force=True)

    def _push(self, *, force: bool) -> None:
        out, err = io.BytesIO(), io.BytesIO()
        ref = f"refs/heads/{self.branch}"
        porcelain.push(str(self.work), self.url, f"{'+' if force else ''}{ref}:{ref}", outstream=out, errstream=err,
                       force=force)
        self.pushed.append(self.url)

    def head(self) -> str:
        with Repo(str(self.bare)) as bare:
            return bare.refs[f"refs/heads/{self.branch}".encode()].decode()

    @contextlib.contextmanager
    def unreachable(self) -> Iterator[None]:
        """The remote taken away (its folder moved aside) and brought back on exit."""
        aside = self.bare.with_name("remote.git.away")
        self.bare.rename(aside)
        try:
            yield
        finally:
            aside.rename(self.bare)

    @contextlib.contextmanager
    def http(self, *, token: str | None = None, user: str = "x-access-token") -> Iterator[str]:
        """Serve the bare repository over smart HTTP on 127.0.0.1 (port 0); with ``token``, requests need
        Basic auth ``user:token`` (401 otherwise). Yields the repository URL."""
        backend = DictBackend({b"/site.git": Repo(str(self.bare))})
        app = make_wsgi_chain(backend)
        seen: list[str | None] = []

        def guarded(environ, start_response):  # type: ignore[no-untyped-def]
            header = environ.get("HTTP_AUTHORIZATION")
            seen.append(header)
            if token is not None:
                expected = "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()
                if header != expected:
                    start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="git"'),
                                                         ("Content-Type", "text/plain")])
                    return [b"authentication required\n"]
            return app(environ, start_response)

        server: WSGIServer = make_server("127.0.0.1", 0, guarded, handler_class=WSGIRequestHandlerLogger,
                                         server_class=WSGIServerLogger)
        self.auth_headers = seen
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            host, port = server.server_address[:2]
            assert host == "127.0.0.1"
            yield f"http://127.0.0.1:{port}/site.git"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
