"""The name index kept in SQLite (migration 009, bot/store/names.py): a store opened with names_in_sql
answers every query as the in-memory index does, builds no in-memory index, and a sync rewrites the
rows of the files it wrote only."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from bot.course.models import Session
from bot.store.names import READY
from bot.store.sessions import Store
from bot.store.sync import write_sessions
from tests.store.test_sync import config_for, post, write_site

TOPICS = ("Privacy and memorization", "LLM agents and tool use", "FM toxicity / harmful outputs",
          "Survey human alignment", "Watermarks for language models", "Jailbreak attacks", "Scaling laws")
D0 = dt.date(2024, 1, 16)


def sessions(count: int = 90) -> list[Session]:
    """Slugs, shared lecture ids, repeated and numbered titles, undated sessions: under 256 identifiers,
    so the in-memory index scores every identifier as the SQL one does."""
    return [
        Session(file=f"_contents/S{i // 10}-L{i:02d}.md", slug=f"S{i // 10}-L{i:02d}",
                title=f"{TOPICS[i % len(TOPICS)]}" + (f" part {i}" if i % 3 else ""),
                lecture=f"W{i // 4}-{TOPICS[i % len(TOPICS)].split()[0]}",
                date=D0 + dt.timedelta(days=i) if i % 11 else None, roles={}, collection="_contents")
        for i in range(count)
    ]


def queries(rng: random.Random) -> list[str]:
    out = ["S0-L03", "s0-l03", "  s3-L31 ", "w2-fm", "W2-FM", "s1", "S", "privacy", "privacy and memorization",
           "watermarks for", "jailbrake atacks", "agnets tools", "privcy quantum", "quantum chromodynamics",
           "zzzz", "", "   ", "L5", "s0-l0x3", "w7-scaling", "scalng laws part", "tool", "harm"]
    for s in rng.sample(sessions(), 15):
        i = rng.randrange(len(s.slug))
        out.append(s.slug[:i] + s.slug[i + 1 :])  # a letter left out
        out.append((s.title or "")[: rng.randint(1, 12)])
    return out


async def test_sql_names_answer_as_the_in_memory_index(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    async with await Store.open(path) as memory:
        await write_sessions(memory.db, sessions())
        async with await Store.open(path, names_in_sql=True) as sql:
            for query in queries(random.Random(3)):
                for limit in (25, 2):
                    want = await memory.resolve(query, limit=limit)
                    got = await sql.resolve(query, limit=limit)
                    assert got == want, (query, limit)
            assert sql._index is None  # noqa: SLF001 - no index of every session was built


async def test_a_cache_from_before_009_is_filled_on_its_first_lookup(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    async with await Store.open(path) as store:
        await write_sessions(store.db, sessions(20))
        await store.db.execute("DELETE FROM lookup_names")  # as a cache synced before 009 has them
        await store.db.execute("DELETE FROM meta WHERE key = ?", (READY,))
    async with await Store.open(path, names_in_sql=True) as store:
        found = await store.resolve("privcy memorization")
        assert found.how == "fuzzy" and {s.slug for s in found.sessions} == {"S0-L00", "S0-L07", "S1-L14"}
        assert await store.meta_get(READY) == "1"


async def rows(store: Store, file: str) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in await store.db.fetchall("SELECT kind, name FROM lookup_names WHERE file = ?", (file,))}


async def test_a_sync_rewrites_the_rows_of_the_files_it_wrote_only(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    config = config_for(site)
    async with await Store.open(tmp_path / "cache.sqlite3", names_in_sql=True) as store:
        await store.sync(config)
        assert await rows(store, "_contents/S0-L03.md") == {
            ("slug", "s0-l03"), ("lecture", "l-harm"), ("title", "harmful outputs"), ("word", "harmful"),
            ("word", "outputs")}
        # a row no sync would write: it stays unless the sync rewrites that file's rows
        await store.db.execute("INSERT INTO lookup_names(kind, name, file) VALUES ('word', 'marker', '_contents/S0-L01.md')")
        (site / "_contents" / "S0-L03.md").write_text(post("Jailbreak attacks", "L-Harm", "HarmBench evaluation"))
        (site / "_contents" / "S0-L02.md").unlink()
        report = await store.sync(config)
        assert report.parsed == 1 and report.removed == 1
        assert ("word", "marker") in await rows(store, "_contents/S0-L01.md")  # untouched
        assert await rows(store, "_contents/S0-L02.md") == set()  # removed
        assert ("word", "jailbreak") in await rows(store, "_contents/S0-L03.md")
        assert ("word", "harmful") not in await rows(store, "_contents/S0-L03.md")
        found = await store.resolve("jailbrake")
        assert (found.how, [s.slug for s in found.sessions]) == ("fuzzy", ["S0-L03"])
        assert (await store.resolve("alignment survey")).how == "none"


async def test_a_bot_answers_from_sqlite_while_its_index_is_built(tmp_path: Path, monkeypatch) -> None:
    import asyncio
    import threading

    from bot.store import sessions as sessions_module

    gate = threading.Event()
    build = sessions_module._name_index_of

    def held(rows):  # the build (in its thread) waits until the test lets it go
        assert gate.wait(10), "the test never let the build finish"
        return build(rows)

    monkeypatch.setattr(sessions_module, "_name_index_of", held)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await write_sessions(store.db, sessions())
        found = await store.resolve("privcy memorization")  # answered, though the index is not built
        assert found.how == "fuzzy" and {s.slug for s in found.sessions} >= {"S0-L00", "S0-L07"}
        assert store._index is None  # noqa: SLF001
        offered = asyncio.ensure_future(store.suggest("privacy", today=D0))  # autocomplete needs the index
        gate.set()
        assert await offered
        assert store._index is not None  # noqa: SLF001
        assert await store.resolve("privcy memorization") == found  # the index answers alike


async def test_a_bot_index_follows_its_own_syncs(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    config = config_for(site)
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config)
        assert [g.value for g in await store.suggest("outputs", today=None)] == ["S0-L03"]  # index built
        (site / "_contents" / "S0-L03.md").write_text(post("Jailbreak attacks", "L-Harm", "HarmBench evaluation"))
        await store.sync(config)
        found = await store.resolve("jailbrake")
        assert (found.how, [s.slug for s in found.sessions]) == ("fuzzy", ["S0-L03"])
        assert await store.suggest("outputs", today=None) == []
        assert [g.value for g in await store.suggest("jailbreak", today=None)] == ["S0-L03"]
