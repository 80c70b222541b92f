"""GitSite against a real remote: a bare repository on disk (file://) and dulwich's HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from dulwich import porcelain
from dulwich.repo import Repo

from bot.source.git import GitError, GitSite, checkout_dir, is_repo_url, public_url
from tests.fakes.gitremote import GitRemote


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


@pytest.fixture
def remote(tmp_path: Path) -> GitRemote:
    return GitRemote(tmp_path / "origin")


def test_clone_then_follow_new_commits_deletions_and_a_force_push(remote: GitRemote, tmp_path: Path) -> None:
    first = remote.commit({"L01.md": "one\n", "L02.md": "two\n"}, "Add L01 and L02")
    site = GitSite(remote.url, tmp_path / "clone")
    assert site.head() is None
    result = site.fetch()
    assert (result.commit, result.branch, result.previous, result.changed) == (first, "main", None, True)
    assert files(site.path) == {"L01.md": "one\n", "L02.md": "two\n"}

    second = remote.commit({"L02.md": None, "week2/L03.md": "three\n"}, "Drop L02, add L03")
    result = site.fetch()
    assert (result.commit, result.previous) == (second, first)
    assert files(site.path) == {"L01.md": "one\n", "week2/L03.md": "three\n"}
    assert site.fetch().changed is False  # nothing new

    remote.force_push(first)  # history rewritten: the branch points back at the first commit
    assert site.fetch().commit == first
    assert files(site.path) == {"L01.md": "one\n", "L02.md": "two\n"}


def test_last_change_names_the_commit_author_and_subject(remote: GitRemote, tmp_path: Path) -> None:
    remote.commit({"L01.md": "one\n", "L02.md": "two\n"}, "Add posts")
    broken = remote.commit({"L02.md": "---\ntitle: [oops\n---\n"}, "Fix L02 title\n\nlonger body",
                           author="Ada Lovelace <ada@example.org>")
    site = GitSite(remote.url, tmp_path / "clone")
    site.fetch()
    info = site.last_change("L02.md")
    assert info is not None
    assert (info.sha, info.author, info.subject) == (broken, "Ada Lovelace <ada@example.org>", "Fix L02 title")
    assert str(info) == f"{broken[:8]} by Ada Lovelace <ada@example.org>: Fix L02 title"
    assert site.last_change("L01.md").subject == "Add posts"  # type: ignore[union-attr]
    assert site.last_change("nope.md") is None


def test_an_unreachable_remote_and_a_missing_branch_keep_the_last_checkout(remote: GitRemote, tmp_path: Path) -> None:
    good = remote.commit({"L01.md": "one\n"}, "Add L01")
    site = GitSite(remote.url, tmp_path / "clone")
    site.fetch()
    with remote.unreachable():
        with pytest.raises(GitError) as info:
            site.fetch()
    assert info.value.reason == "unreachable" and str(info.value) == f"{remote.url}: no git repository there"
    assert site.head() == good and files(site.path) == {"L01.md": "one\n"}
    with pytest.raises(GitError, match=r"branch 'spring' not found \(the remote has: main\)") as info:
        GitSite(remote.url, tmp_path / "other", branch="spring").fetch()
    assert info.value.reason == "branch"
    assert site.fetch().commit == good  # back: fetches again


def test_a_named_branch_is_followed(remote: GitRemote, tmp_path: Path) -> None:
    remote.commit({"L01.md": "main\n"}, "main")
    spring = GitRemote(tmp_path / "spring-origin", branch="spring")
    sha = spring.commit({"L01.md": "spring\n"}, "spring")
    site = GitSite(spring.url, tmp_path / "clone", branch="spring")
    assert site.fetch().commit == sha and files(site.path) == {"L01.md": "spring\n"}


def test_http_with_a_token_that_is_never_written_down(remote: GitRemote, tmp_path: Path) -> None:
    sha = remote.commit({"L01.md": "one\n"}, "Add L01")
    token = "ghp_s3cretTOKENvalue"
    with remote.http(token=token) as url:
        assert url.startswith("http://127.0.0.1:")
        with pytest.raises(GitError, match="needs credentials") as info:
            GitSite(url, tmp_path / "anonymous").fetch()
        assert info.value.reason == "credentials"
        with pytest.raises(GitError, match="refused the credentials") as info:
            GitSite(url, tmp_path / "wrong", token="wrong-token").fetch()
        assert "wrong-token" not in str(info.value)
        site = GitSite(url, tmp_path / "clone", token=token)
        assert site.fetch().commit == sha
        assert token not in repr(site)
    for path in (tmp_path / "clone").rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    assert f"url = {url}" in (tmp_path / "clone" / ".git" / "config").read_text()


def test_credentials_in_the_url_are_used_but_never_kept(remote: GitRemote, tmp_path: Path) -> None:
    remote.commit({"L01.md": "one\n"}, "Add L01")
    with remote.http(token="pw-in-url", user="staff") as url:
        with_creds = url.replace("http://", "http://staff:pw-in-url@")
        site = GitSite(with_creds, tmp_path / "clone")
        site.fetch()
        assert site.url == url and "pw-in-url" not in (site.path / ".git" / "config").read_text()


def test_urls_and_checkout_folders() -> None:
    assert public_url("https://user:tok@github.com/org/site.git") == "https://github.com/org/site.git"
    assert public_url("/srv/site") == "/srv/site"
    assert is_repo_url("https://github.com/org/site.git") and is_repo_url("file:///srv/site.git")
    assert not is_repo_url("posts") and not is_repo_url("/srv/site") and not is_repo_url("C:/site")
    a = checkout_dir(Path("/data"), "https://github.com/org/site.git")
    assert a.parent == Path("/data/repos") and a.name.startswith("site-")
    assert checkout_dir(Path("/data"), "https://x:y@github.com/org/site.git") == a  # same repository, same clone
    assert checkout_dir(Path("/data"), "https://github.com/other/site.git") != a


def test_a_symbolic_link_in_the_repository_is_checked_out_as_a_plain_file(remote: GitRemote, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the bot")
    (remote.work / "_contents").mkdir()
    (remote.work / "_contents" / "leak.md").symlink_to(secret)
    porcelain.add(str(remote.work), [str(remote.work / "_contents" / "leak.md")])
    remote.commit({"_contents/L01.md": "one\n"}, "Add a post and a link")
    with Repo(str(remote.bare)) as bare:  # the remote really holds a symbolic link
        contents = bare[bare[bare[bare.head()].tree][b"_contents"][1]]
        assert contents[b"leak.md"][0] == 0o120000
    site = GitSite(remote.url, tmp_path / "clone")
    site.fetch()
    leak = site.path / "_contents" / "leak.md"
    assert not leak.is_symlink() and leak.read_text() == str(secret)  # the link's text, not its target


def test_two_processes_fetching_one_clone_take_turns(remote: GitRemote, tmp_path: Path) -> None:
    import subprocess
    import sys

    sha = remote.commit({"L01.md": "one\n"}, "Add L01")
    script = (
        "import sys; from pathlib import Path; from bot.source.git import GitSite; "
        f"print(GitSite({remote.url!r}, Path(sys.argv[1])).fetch().commit)"
    )
    clone = tmp_path / "clone"
    procs = [subprocess.Popen([sys.executable, "-c", script, str(clone)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2]) for _ in range(3)]
    outputs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0] and outputs == [sha] * 3
    assert files(clone) == {"L01.md": "one\n"}


@pytest.mark.parametrize("behaviour", ["silent", "trickle"])
@pytest.mark.parametrize("scheme", ["http", "git"])
def test_a_remote_that_never_finishes_answering_is_given_up_after_the_timeout(
    remote: GitRemote, tmp_path: Path, scheme: str, behaviour: str
) -> None:
    import socket
    import threading

    sha = remote.commit({"L01.md": "one\n"}, "Add L01")
    clone = tmp_path / "clone"
    GitSite(remote.url, clone).fetch()
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    conns: list[socket.socket] = []

    def serve() -> None:  # accepts, then says nothing (or one byte of a valid answer at a time, forever)
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conns.append(conn)
            if behaviour == "trickle":
                conn.recv(65536)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\n" \
                       b"Transfer-Encoding: chunked\r\n\r\n4\r\nffff\r\n" if scheme == "http" else b"ffff"
                conn.sendall(head)
                while not stop.wait(0.5):
                    with contextlib.suppress(OSError):
                        conn.sendall(b"1\r\nx\r\n" if scheme == "http" else b"x")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    site = GitSite(f"{scheme}://127.0.0.1:{port}/site.git", clone, timeout=2)
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: outcome.append(pytest.raises(GitError, site.fetch).value), daemon=True)
    worker.start()
    worker.join(60)  # without the timeout this never ends
    stop.set()
    thread.join(5)
    for conn in conns:
        conn.close()
    server.close()
    assert not worker.is_alive(), "the fetch hangs"
    assert outcome and "no complete answer within 2 s" in str(outcome[0])
    assert outcome[0].reason == "unreachable"  # type: ignore[attr-defined]
    assert site.head() == sha and files(clone) == {"L01.md": "one\n"}  # the last good checkout stays


def test_a_fetch_killed_during_its_checkout_is_finished_by_the_next_one_even_offline(
    remote: GitRemote, tmp_path: Path
) -> None:
    import subprocess
    import sys

    remote.commit({f"posts/P{i:03d}.md": f"one {i}\n" for i in range(60)}, "Sixty posts")
    clone = tmp_path / "clone"
    GitSite(remote.url, clone).fetch()
    new = remote.commit({**{f"posts/P{i:03d}.md": f"two {i}\n" for i in range(60)}, "posts/P000.md": None},
                        "Edit them all, drop one")
    # the fetch process dies (SIGKILL) after writing a few files of the new checkout, holding the index lock
    script = (
        "import os, signal, sys; from pathlib import Path\n"
        "from dulwich import porcelain\n"
        "from bot.source.git import GitSite\n"
        "def dying_reset(repo, mode, sha):\n"
        "    root = Path(sys.argv[1])\n"
        "    for i in range(1, 8):\n"
        "        (root / 'posts' / f'P{i:03d}.md').write_text(f'two {i}\\n')\n"
        "    (root / '.git' / 'index.lock').write_bytes(b'half')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "porcelain.reset = dying_reset\n"
        f"GitSite({remote.url!r}, Path(sys.argv[1]))._fetch_here()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(clone)], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, timeout=60)
    assert proc.returncode == -9
    half = files(clone)
    assert half["posts/P001.md"] == "two 1\n" and half["posts/P050.md"] == "one 50\n"  # a mixture of two commits
    with remote.unreachable():  # and the remote is gone: the next fetch fails, but the clone is whole again
        with pytest.raises(GitError):
            GitSite(remote.url, clone).fetch()
    site = GitSite(remote.url, clone)
    assert site.head() == new
    assert files(clone) == {f"posts/P{i:03d}.md": f"two {i}\n" for i in range(1, 60)}
    assert not list((clone / ".git").glob("*.lock"))
    assert site.fetch().commit == new  # and fetching works again


def test_a_fetch_left_behind_by_a_killed_bot_ends_by_itself(tmp_path: Path) -> None:
    import json
    import socket
    import subprocess
    import sys

    server = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    port = server.getsockname()[1]
    request = json.dumps({"url": f"git://127.0.0.1:{port}/site.git", "path": str(tmp_path / "clone"),
                          "branch": None, "user": None, "password": None, "timeout": 1})
    # the child as GitSite.fetch starts it, whose parent (the bot) is killed and never kills it
    child = subprocess.Popen([sys.executable, "-c", "from bot.source.git import _child_main; _child_main()"],
                             stdin=subprocess.PIPE, cwd=Path(__file__).resolve().parents[2])
    assert child.stdin is not None
    child.stdin.write(request.encode())
    child.stdin.close()
    try:
        code = child.wait(timeout=60)  # without its own deadline it waits on the silent remote forever
    finally:
        if child.poll() is None:
            child.kill()
        server.close()
    assert code != 0
