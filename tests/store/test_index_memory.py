"""The bot's in-memory name index: "did you mean" over an identifier shared by thousands of sessions scores
them as one group (as scoring each would), a query answered from SQLite while the index is built does not
start a second build once it is done, and an index outdated by a sync is dropped when its successor is
started (not held beside it)."""

from __future__ import annotations

import datetime as dt
import random

from bot.store import sessions as sessions_module
from bot.store.index import Entry, NameIndex, _members
from bot.store.sessions import Store
from bot.store.sync import write_sessions
from tests.store.test_names import sessions
from tests.store.test_sync import config_for, post, write_site

START = dt.date(2024, 1, 1)
LECTURES = ("S0-L01", "S0-L02", "L-Harm", "Privacy")


def raise_each(groups: list[tuple[float, int]], entries: list[int], score: float) -> None:
    """The rule one entry at a time: ``entry`` gets ``score`` unless it already has as much (a zero score
    is no score)."""
    if score <= 0:
        return
    for entry in entries:
        bit = 1 << entry
        for at, (current, members) in enumerate(groups):
            if members & bit:
                if current >= score:
                    break
                groups[at] = (current, members & ~bit)
                groups.append((score, bit))
                break
        else:
            groups.append((score, bit))


def by_entry(groups: list[tuple[float, int]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for score, members in groups:
        for entry in _members(members):
            assert entry not in out  # groups stay disjoint
            out[entry] = score
    return out


def test_raising_a_group_of_entries_scores_each_as_one_at_a_time_would() -> None:
    rng = random.Random(5)
    for _ in range(200):
        size = rng.randint(1, 300)
        start = [(rng.choice((50.0, 75.0, 90.0)), 0) for _ in range(rng.randint(0, 4))]
        taken = 0
        groups = []
        for score, _ in start:  # disjoint starting groups
            members = sum(1 << i for i in rng.sample(range(size), rng.randint(0, size // 3))) & ~taken
            taken |= members
            groups.append((score, members))
        each = list(groups)
        for _ in range(rng.randint(1, 4)):
            entries = sorted(rng.sample(range(size), rng.randint(1, size)))
            score = rng.choice((0.0, 60.0, 75.0, 80.0, 95.0))
            NameIndex._raise_score(groups, sum(1 << i for i in entries), score)
            raise_each(each, entries, score)
        assert by_entry(groups) == by_entry(each)


def test_a_typo_of_a_lecture_id_shared_by_thousands_of_sessions_suggests_them() -> None:
    entries = [
        Entry(i, f"W{i // 30:04d}-{i:05d}", LECTURES[i % len(LECTURES)], f"Session {i}", START + dt.timedelta(days=i // 2))
        for i in range(4000)
    ]
    found = NameIndex(entries).resolve("L-Hram", limit=10)
    assert (found.how, found.total) == ("fuzzy", 1000)
    assert [e.order for e in found.entries] == [2 + 4 * k for k in range(10)]  # the first ten, by date
    assert {e.lecture for e in found.entries} == {"L-Harm"}


async def test_a_query_answered_while_the_index_was_built_starts_no_second_build(tmp_path, monkeypatch) -> None:
    built: list[int] = []
    build = sessions_module._name_index_of

    def counted(rows):
        built.append(len(rows))
        return build(rows)

    monkeypatch.setattr(sessions_module, "_name_index_of", counted)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await write_sessions(store.db, sessions())
        await store.resolve("privcy memorization")  # answered from SQLite; the build starts
        assert store._building is not None  # noqa: SLF001
        await store._building  # noqa: SLF001
        for query in ("jailbrake atacks", "watermarks for", "privacy"):
            await store.resolve(query)
        await store.suggest("privacy", today=None)
        assert built == [90]


async def test_an_index_outdated_by_a_sync_is_dropped_when_its_successor_is_started(tmp_path) -> None:
    site = write_site(tmp_path / "site")
    config = config_for(site)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config)
        await store.suggest("outputs", today=None)  # builds the index
        old = store._index  # noqa: SLF001
        assert old is not None
        (site / "_contents" / "S0-L03.md").write_text(post("Jailbreak attacks", "L-Harm", "HarmBench evaluation"))
        await store.sync(config)
        await store.resolve("jailbrake")  # answered from SQLite, starts the new build
        assert store._index is None  # noqa: SLF001 - the old one is no longer held
        assert [g.value for g in await store.suggest("jailbreak", today=None)] == ["S0-L03"]
        assert store._index is not None and store._index is not old  # noqa: SLF001


async def test_a_sync_that_keeps_every_name_and_place_keeps_the_index(tmp_path, monkeypatch) -> None:
    """A sync whose changed sessions keep their slug, lecture, title and date (a reading edited) and whose
    placement moved nothing keeps the in-memory name index; one that renames a session rebuilds it."""
    built: list[int] = []
    build = sessions_module._name_index_of

    def counted(rows):
        built.append(len(rows))
        return build(rows)

    monkeypatch.setattr(sessions_module, "_name_index_of", counted)
    site = write_site(tmp_path / "site")
    config = config_for(site)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config)
        await store.suggest("outputs", today=None)  # builds the index
        kept = store._index  # noqa: SLF001
        (site / "_contents" / "S0-L03.md").write_text(post("Harmful outputs", "L-Harm", "HarmBench, edited", notes="team-2"))
        report = await store.sync(config)
        assert report.changed == ["S0-L03"]
        assert store._index is kept and len(built) == 1  # noqa: SLF001
        assert [g.value for g in await store.suggest("harmful", today=None)] == ["S0-L03"]
        assert len(built) == 1
        (site / "_contents" / "S0-L03.md").write_text(post("Jailbreak attacks", "L-Harm", "HarmBench evaluation"))
        await store.sync(config)
        assert [g.value for g in await store.suggest("jailbreak", today=None)] == ["S0-L03"]
        assert store._index is not kept and len(built) == 2  # noqa: SLF001
