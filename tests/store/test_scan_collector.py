"""scan.collector_paused: the cyclic collector is off inside and restored as it was afterwards."""

import gc

import pytest

from bot.store.scan import collector_paused


def test_collector_is_paused_and_restored() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_restored_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_collector_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_a_sync_runs_with_the_collector_paused_and_restores_it(tmp_path, monkeypatch) -> None:
    from bot.store import sync
    from bot.store.sessions import Store
    from tests.store.test_sync import config_for, write_site

    seen: list[bool] = []
    place = sync._place

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return place(*args, **kwargs)

    monkeypatch.setattr(sync, "_place", recording)
    site = write_site(tmp_path / "site")
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config_for(site))
    assert seen == [False]  # the ordering and dating pass too, not only the parse
    assert gc.isenabled()
