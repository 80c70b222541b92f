"""A notice pass that finds the sessions as the channel was told reads them a batch at a time for their digest
and compares it with the baseline's kept digest: it never decodes the baseline nor holds the site's facts. A
baseline written before digests were kept still works (its digest is computed once)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.services.notices as notices_module
from bot.config import CourseConfig
from bot.store.sessions import Store
from tests.clock import SettableClock
from tests.services.test_notices import START, Bot, Channel, config, lines, post, site, store  # noqa: F401


async def test_a_quiet_pass_decodes_neither_baseline_nor_whole_site(
    site: Path, config: CourseConfig, store: Store, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    clock, channel = SettableClock(START), Channel()
    await Bot(store, config, channel, Channel("staff"), clock).resync()  # the first baseline
    digest_key = "notices.baseline_digest:test:course"
    assert await store.meta_get(digest_key)

    def refused(*args: object) -> object:
        raise AssertionError("a quiet pass decoded the baseline or the whole site")

    with monkeypatch.context() as patch:
        patch.setattr(notices_module, "_load", refused)
        patch.setattr(notices_module._Snapshot, "facts", refused)
        restarted = Bot(store, config, channel, Channel("staff"), clock)  # a new process: nothing remembered
        await restarted.resync()
        clock.advance(minutes=30)
        await restarted.resync()
    assert channel.sent == []
    # a real change still makes its notice
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-3"))
    await restarted.resync()
    clock.advance(minutes=5)
    await restarted.resync()
    assert [lines(m) for m in channel.sent] == [[
        "Alignment (Thu 12 Nov 14:00) | https://course.example/contents/L03.html | Blog team: team-2 → team-3",
    ]]


async def test_a_baseline_without_a_kept_digest(
    site: Path, config: CourseConfig, store: Store  # noqa: F811
) -> None:
    clock, channel = SettableClock(START), Channel()
    await Bot(store, config, channel, Channel("staff"), clock).resync()
    await store.meta_set("notices.baseline_digest:test:course", "")  # as a cache of the earlier version has it
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()
    clock.advance(minutes=30)
    await bot.resync()
    assert channel.sent == []  # nothing changed: nothing said
    assert await store.meta_get("notices.baseline_digest:test:course")  # computed once, kept
    (site / "_contents" / "L02.md").write_text(post("Scaling laws", "2026-11-10", readings=("Paper A",)))
    await bot.resync()
    clock.advance(minutes=5)
    await bot.resync()
    assert [lines(m) for m in channel.sent] == [[
        "Scaling laws (Tue 10 Nov 14:00) | https://course.example/contents/L02.html | Reading removed: Paper B",
    ]]


async def test_a_due_notice_reads_only_the_baseline_rows_of_the_sessions_that_differ(
    site: Path, config: CourseConfig, store: Store, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    """The baseline is kept per session (migration 010): the notice that falls due reads the baseline rows
    and the sessions of the changed slugs alone, and moving the baseline rewrites only their rows."""
    from bot.store.baseline import NoticeBaseline

    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()  # the first baseline: one row per session ahead
    rows = {row[0]: row[1] for row in await store.db.fetchall("SELECT slug, facts FROM notice_baseline")}
    assert set(rows) == {"L01", "L02", "L03"}
    asked: list[list[str]] = []
    real_facts = NoticeBaseline.facts

    async def facts(self: NoticeBaseline, slugs: list[str]) -> dict[str, str]:
        asked.append(list(slugs))
        return await real_facts(self, slugs)

    def whole_site(*args: object, **kwargs: object) -> object:
        raise AssertionError("the notice streamed every session ahead")

    monkeypatch.setattr(NoticeBaseline, "facts", facts)
    monkeypatch.setattr(Store, "iter_sessions", whole_site)
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-3"))
    await bot.resync()
    clock.advance(minutes=10)
    await bot.resync()
    assert [lines(m) for m in channel.sent] == [[
        "Alignment (Thu 12 Nov 14:00) | https://course.example/contents/L03.html | Blog team: team-2 → team-3",
    ]]
    assert asked == [["L03"]]
    after = {row[0]: row[1] for row in await store.db.fetchall("SELECT slug, facts FROM notice_baseline")}
    assert after["L01"] == rows["L01"] and after["L02"] == rows["L02"] and '"team-3"' in after["L03"]
    assert await store.meta_get("notices.outbox:test:course") == ""


async def test_a_baseline_kept_in_meta_by_an_earlier_version_moves_into_its_rows(
    site: Path, config: CourseConfig, store: Store  # noqa: F811
) -> None:
    """A cache whose baseline is one JSON value in ``meta`` (before migration 010): its sessions become rows
    on first use, the value is emptied, and a change made since is announced against it."""
    import json

    from bot.course.changes import snapshot

    sessions = await store.all_sessions() if await store.session_count() else []
    assert sessions == []
    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.follower.sync()
    legacy = json.dumps([f.to_json() for f in snapshot(await store.all_sessions()).values()])
    await store.meta_set_many({"notices.baseline:test:course": legacy, "notices.baseline_digest:test:course": "old"})
    (site / "_contents" / "L02.md").write_text(post("Scaling laws", "2026-11-10", readings=("Paper A",)))
    await bot.resync()
    assert await store.meta_get("notices.baseline:test:course") == ""
    clock.advance(minutes=10)
    await bot.resync()
    assert [lines(m) for m in channel.sent] == [[
        "Scaling laws (Tue 10 Nov 14:00) | https://course.example/contents/L02.html | Reading removed: Paper B",
    ]]
    assert {row[0] for row in await store.db.fetchall("SELECT slug FROM notice_baseline")} == {"L01", "L02", "L03"}


async def test_an_outbox_of_an_earlier_version_is_delivered_and_moves_the_whole_baseline(
    site: Path, config: CourseConfig, store: Store  # noqa: F811
) -> None:
    """A notice left in the outbox by a version that kept the whole snapshot in it (``after``, before
    migration 010): delivered at the next pass, and the baseline becomes that snapshot's rows."""
    import json

    from bot.course.changes import ChangeSet, SessionChange, snapshot

    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()
    facts = snapshot(await store.all_sessions())
    facts["L03"] = type(facts["L03"])(**{**{f: getattr(facts["L03"], f) for f in facts["L03"].__slots__},
                                         "roles": (("notes", "team-3"),)})
    change = SessionChange("changed", facts["L03"])
    outbox = {"key": "changes:old", "changes": ChangeSet((change,)).to_json(),
              "after": json.dumps([f.to_json() for f in facts.values()]), "due": START.isoformat(),
              "after_digest": "old"}
    await store.meta_set("notices.outbox:test:course", json.dumps(outbox))
    clock.advance(minutes=1)
    await bot.notices.run_due()
    assert [m.key for m in channel.sent] == ["changes:old"]
    assert await store.meta_get("notices.outbox:test:course") == ""
    rows = {row[0]: row[1] for row in await store.db.fetchall("SELECT slug, facts FROM notice_baseline")}
    assert set(rows) == set(facts) and '"team-3"' in rows["L03"]
