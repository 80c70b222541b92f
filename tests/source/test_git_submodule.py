"""A course repository with a submodule (a gitlink: a commit of another repository, never fetched): the bot's
checkout takes it as an empty folder, and a later commit or a force-push away from it is checked out as
any other (the clone never gets stuck on the submodule's missing commit), with no file left behind."""

from __future__ import annotations

import time
from pathlib import Path

from dulwich.objects import Blob, Commit, Tree
from dulwich.repo import Repo

from bot.source.git import GitSite
from tests.fakes.gitremote import GitRemote

GITLINK = 0o160000


def _tree(repo: Repo, entries: dict[bytes, tuple[int, bytes]]) -> bytes:
    tree = Tree()
    for name, (mode, sha) in entries.items():
        tree.add(name, mode, sha)
    repo.object_store.add_object(tree)
    return tree.id


def _blob(repo: Repo, text: str) -> bytes:
    blob = Blob.from_string(text.encode())
    repo.object_store.add_object(blob)
    return blob.id


def commit_raw(remote: GitRemote, files: dict[str, str], *, submodule: str | None = None) -> str:
    """A commit on the remote's branch whose tree is ``files`` (one folder level), with a gitlink at
    ``submodule`` (``folder/name``) when given; the branch is set to it (a push, or a force-push)."""
    with Repo(str(remote.bare)) as bare:
        folders: dict[str, dict[bytes, tuple[int, bytes]]] = {}
        top: dict[bytes, tuple[int, bytes]] = {}
        for name, text in files.items():
            folder, _, leaf = name.rpartition("/")
            target = folders.setdefault(folder, {}) if folder else top
            target[leaf.encode()] = (0o100644, _blob(bare, text))
        if submodule is not None:
            folder, _, leaf = submodule.rpartition("/")
            folders.setdefault(folder, {})[leaf.encode()] = (GITLINK, b"1" * 40)
            top[b".gitmodules"] = (0o100644, _blob(bare, f'[submodule "{leaf}"]\n\tpath = {submodule}\n\turl = ../x\n'))
        for folder, entries in folders.items():
            top[folder.encode()] = (0o040000, _tree(bare, entries))
        ref = f"refs/heads/{remote.branch}".encode()
        commit = Commit()
        commit.tree = _tree(bare, top)
        commit.parents = [bare.refs[ref]] if ref in bare.refs else []
        commit.author = commit.committer = b"Course Staff <staff@example.org>"
        commit.author_time = commit.commit_time = int(time.time())
        commit.author_timezone = commit.commit_timezone = 0
        commit.message = b"raw commit"
        bare.object_store.add_object(commit)
        bare.refs[ref] = commit.id
        return commit.id.decode()


def posts(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if ".git" not in p.relative_to(root).parts)


def test_a_commit_and_a_force_push_away_from_a_submodule_are_checked_out(tmp_path: Path) -> None:
    remote = GitRemote(tmp_path / "origin")
    first = commit_raw(remote, {"_config.yml": "title: S\n", "_contents/L01.md": "one\n"})
    site = GitSite(remote.url, tmp_path / "clone")
    assert site.fetch().commit == first
    with_sub = commit_raw(remote, {"_config.yml": "title: S\n", "_contents/L01.md": "one\n", "_contents/L02.md": "two\n"},
                          submodule="_contents/vendor")
    assert site.fetch().commit == with_sub
    assert "_contents/L02.md" in posts(site.path)
    without = commit_raw(remote, {"_config.yml": "title: S\n", "_contents/L01.md": "one, edited\n",
                                  "_contents/L03.md": "three\n"})
    assert site.fetch().commit == without  # was: every fetch failed on the submodule's missing commit
    assert site.head() == without
    assert posts(site.path) == ["_config.yml", "_contents", "_contents/L01.md", "_contents/L03.md"]
    assert (site.path / "_contents" / "L01.md").read_text() == "one, edited\n"
    assert site.changed_since(with_sub, without) == {".gitmodules", "_contents/vendor", "_contents/L01.md",
                                                     "_contents/L02.md", "_contents/L03.md"}
    # and back to the submodule, then a force-push to the first commit
    commit_raw(remote, {"_config.yml": "title: S\n", "_contents/L01.md": "one\n"}, submodule="_contents/vendor")
    site.fetch()
    with Repo(str(remote.bare)) as bare:
        bare.refs[f"refs/heads/{remote.branch}".encode()] = first.encode()
    assert site.fetch().commit == first
    assert posts(site.path) == ["_config.yml", "_contents", "_contents/L01.md"]
