"""A sync of a site whose sessions' folder was replaced by what the site may not read (a symbolic link to a
folder outside the site): the sessions are kept as they were, for the reason the site gives, and staff are
never told to confirm their removal (which would empty the course)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.sessions import Store
from tests.store.test_sync import config_for, write_site


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3")
    yield s
    await s.close()


async def test_a_sessions_folder_linked_outside_the_site_keeps_them_for_that_reason(store: Store, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    config = config_for(site)
    assert (await store.sync(config)).parsed == 3
    outside = tmp_path / "elsewhere"
    shutil.copytree(site / "_contents", outside)
    shutil.rmtree(site / "_contents")
    os.symlink(outside, site / "_contents")
    for allow in (False, True):
        report = await store.sync(config, allow_removals=allow)
        assert report.removed == 0
        assert [s.slug for s in await store.all_sessions()] == ["S0-L01", "S0-L02", "S0-L03"]
        messages = [f"{p.file}: {p.message}" for p in report.problems]
        assert any(m.startswith("_contents: outside the site") for m in messages), messages
        assert not any("--allow-removals" in m for m in messages), messages


async def test_a_post_replaced_by_a_link_out_of_the_site_keeps_its_last_good_version(store: Store, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    config = config_for(site)
    await store.sync(config)
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Not for students\n---\n")
    post = site / "_contents" / "S0-L02.md"
    post.unlink()
    os.symlink(secret, post)
    report = await store.sync(config)
    assert (await store.get_session("S0-L02")).title == "Alignment survey"  # type: ignore[union-attr]
    assert any(p.file == "_contents/S0-L02.md" and "outside the site" in p.message for p in report.problems)
    post.unlink()  # removed for real: gone at the next sync
    report = await store.sync(config)
    assert report.removed == 1 and await store.get_session("S0-L02") is None


async def test_a_post_deleted_between_the_listing_and_its_read_is_removed_not_failed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.store import sync as store_sync

    site = write_site(tmp_path / "site")
    config = config_for(site)
    await store.sync(config)
    (site / "_contents" / "S0-L04.md").write_text((site / "_contents" / "S0-L03.md").read_text().replace(
        "Harmful outputs", "Brand new"))
    (site / "_contents" / "S0-L02.md").write_text("---\ntitle: Edited\n---\n")
    real = store_sync.post_files

    def listed_then_deleted(*args: object, **kwargs: object) -> object:
        files = real(*args, **kwargs)  # type: ignore[arg-type]
        (site / "_contents" / "S0-L02.md").unlink()  # a `git pull` or an editor, while the sync runs
        (site / "_contents" / "S0-L04.md").unlink()
        return files

    monkeypatch.setattr(store_sync, "post_files", listed_then_deleted)
    report = await store.sync(config)
    assert not [p for p in report.problems if "cannot read" in p.message], report.problems
    assert (report.failed, report.removed) == (0, 1)
    assert [s.slug for s in await store.all_sessions()] == ["S0-L01", "S0-L03"]
    monkeypatch.setattr(store_sync, "post_files", real)
    again = await store.sync(config)
    assert (again.parsed, again.removed, again.failed) == (0, 0, 0)
