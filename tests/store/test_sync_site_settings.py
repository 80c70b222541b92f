"""A post's links through ``{{ site.KEY }}`` follow ``_config.yml``: the settings they name are part of the
parse context, so an edit of them re-reads the posts (unchanged files included), and an edit of any other
setting does not."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.sessions import Store
from tests.store.test_sync import config_for

CONFIG = "title: Seminar 2024\nbaseurl: /seminar\ndocsUrl: {docs}\ncollections:\n  contents:\n    output: true\n"
POST = "---\ntitle: Week 1\n---\n\n## Readings\n\n### Smith. _A Paper_.\n\n[PDF]({{ site.docsUrl }}smith.pdf)\n"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


def write(root: Path, docs: str, title: str = "Seminar 2024") -> None:
    (root / "_contents").mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(CONFIG.format(docs=docs).replace("Seminar 2024", title))
    post = root / "_contents" / "w1.md"
    if not post.exists():
        post.write_text(POST)
        st = post.stat()  # old enough for its stat to be trusted (scan.RACY_SECONDS)
        os.utime(post, ns=(st.st_atime_ns, st.st_mtime_ns - 60 * 10**9))


async def urls(store: Store) -> list[tuple[str, ...]]:
    session = await store.get_session("w1")
    assert session is not None
    return [r.urls for r in session.readings]


async def test_an_edit_of_a_linked_setting_rereads_the_posts(store: Store, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "https://old.example.org/docs/")
    await store.sync(config_for(site))
    assert await urls(store) == [("https://old.example.org/docs/smith.pdf",)]
    write(site, "https://new.example.org/docs/")
    report = await store.sync(config_for(site))
    assert report.parsed == 1
    assert await urls(store) == [("https://new.example.org/docs/smith.pdf",)]


async def test_an_edit_of_another_setting_rereads_no_post(store: Store, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "https://old.example.org/docs/")
    await store.sync(config_for(site))
    write(site, "https://old.example.org/docs/", title="Seminar 2025")
    report = await store.sync(config_for(site))
    assert report.parsed == 0
