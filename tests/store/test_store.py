"""The Store facade over a cache filled with hand-made sessions: order, resolution, search, suggest."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.course.models import Reading, Session
from bot.store.sessions import LABEL_MAX, Store
from bot.store.sync import write_sessions

D0 = dt.date(2024, 1, 16)


def make(slug: str, title: str | None, lecture: str | None, date: dt.date | None, *readings: Reading) -> Session:
    return Session(file=f"_contents/{slug}.md", slug=slug, title=title, lecture=lecture, date=date,
                   roles={"notes": "team-1"}, tags=("Basic",), readings=readings, collection="_contents",
                   url=f"https://example.org/contents/{slug}/")


READING = Reading("Required Readings", True, "HarmBench: A Standardized Evaluation Framework",
                  ("https://arxiv.org/abs/2402.04249",), "Automated red teaming holds substantial promise", 17)
MORE = Reading("More Readings", False, "Sleeper Agents: Training Deceptive LLMs", ("https://a.example/x",),
               "deceptive behavior persists through safety training", 30)

SESSIONS = [
    make("S0-L02", "Survey human alignment", "S0-Intro", D0 + dt.timedelta(days=7), MORE),
    make("S0-L01", "Introduction to foundation models", "S0-Intro", D0, READING),
    make("S0-L03", "FM toxicity / harmful outputs", "W7-LLM-harm", D0 + dt.timedelta(days=14), READING, MORE),
    make("S0-L10", "Privacy and memorization", "W9-privacy", None),
    make("S1-Agents", "LLM agents and tool use", "W10", D0 + dt.timedelta(days=21)),
]


@pytest.fixture(params=[False, True], ids=["names-in-memory", "names-in-sql"])
async def store(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "cache.sqlite3", names_in_sql=request.param)
    await write_sessions(s.db, SESSIONS)
    yield s
    await s.close()


async def test_all_sessions_in_date_order_undated_last(store: Store) -> None:
    found = await store.all_sessions()
    assert [s.slug for s in found] == ["S0-L01", "S0-L02", "S0-L03", "S1-Agents", "S0-L10"]
    l03 = found[2]
    assert l03 == SESSIONS[2]  # round trip: every field, readings included
    assert await store.get_session("S0-L03") == SESSIONS[2]
    assert await store.get_session("nope") is None


async def test_sessions_between_is_inclusive(store: Store) -> None:
    found = await store.sessions_between(D0, D0 + dt.timedelta(days=14))
    assert [s.slug for s in found] == ["S0-L01", "S0-L02", "S0-L03"]
    assert await store.sessions_between(D0 + dt.timedelta(days=1), D0 + dt.timedelta(days=6)) == []


async def test_upcoming_from_a_date(store: Store) -> None:
    assert [s.slug for s in await store.upcoming(D0 + dt.timedelta(days=1))] == ["S0-L02", "S0-L03", "S1-Agents"]
    assert [s.slug for s in await store.upcoming(D0, limit=2)] == ["S0-L01", "S0-L02"]
    assert await store.upcoming(D0 + dt.timedelta(days=100)) == []


async def test_resolution_order(store: Store) -> None:
    exact = await store.resolve("S0-L03")
    assert (exact.how, [s.slug for s in exact.sessions]) == ("slug", ["S0-L03"])
    folded = await store.resolve("  s0-l03 ")
    assert (folded.how, [s.slug for s in folded.sessions]) == ("slug", ["S0-L03"])
    lecture = await store.resolve("s0-intro")
    assert lecture.how == "lecture" and [s.slug for s in lecture.sessions] == ["S0-L01", "S0-L02"]  # by date
    assert lecture.ambiguous and lecture.total == 2
    prefix = await store.resolve("S0-L")
    assert prefix.how == "prefix" and [s.slug for s in prefix.sessions] == ["S0-L01", "S0-L02", "S0-L03", "S0-L10"]
    by_title = await store.resolve("fm tox")
    assert (by_title.how, [s.slug for s in by_title.sessions]) == ("prefix", ["S0-L03"])
    fuzzy = await store.resolve("privacy and memorisation")
    assert (fuzzy.how, [s.slug for s in fuzzy.sessions]) == ("fuzzy", ["S0-L10"])
    typo = await store.resolve("S0-L0x3")
    assert typo.how == "fuzzy" and "S0-L03" in [s.slug for s in typo.sessions]
    none = await store.resolve("quantum chromodynamics")
    assert none.how == "none" and none.sessions == [] and none.total == 0
    assert 0 < len(none.suggestions) <= 5
    empty = await store.resolve("   ")
    assert empty.how == "none" and empty.sessions == []


async def test_prefix_capped_by_limit_keeps_total(store: Store) -> None:
    found = await store.resolve("S", limit=2)
    assert found.how == "prefix" and [s.slug for s in found.sessions] == ["S0-L01", "S0-L02"]
    assert found.total == 5


async def test_search_finds_titles_and_abstracts(store: Store) -> None:
    hits = await store.search("harmbench")
    assert [h.slug for h in hits] == ["S0-L01", "S0-L03"] or sorted(h.slug for h in hits) == ["S0-L01", "S0-L03"]
    assert hits[0].reading.urls == ("https://arxiv.org/abs/2402.04249",)
    assert hits[0].session_title in {"Introduction to foundation models", "FM toxicity / harmful outputs"}
    by_abstract = await store.search("deceptive behaviour persists".replace("behaviour", "behavior"))
    assert {h.slug for h in by_abstract} == {"S0-L02", "S0-L03"}
    assert all(h.reading.title.startswith("Sleeper") for h in by_abstract)
    assert "deceptive" in by_abstract[0].snippet
    assert await store.search("sleep") == []  # whole words only
    assert {h.slug for h in await store.search("SLEEPER agents")} == {"S0-L02", "S0-L03"}
    assert len(await store.search("harmbench", limit=1)) == 1


async def test_search_matches_word_forms(store: Store) -> None:
    # Porter stemming (migration 004): students type "agent", the title says "Agents"
    assert {h.reading.title for h in await store.search("agent")} == {MORE.title}
    assert {h.slug for h in await store.search("evaluations")} == {"S0-L01", "S0-L03"}  # "Evaluation"


@pytest.mark.parametrize(
    "text",
    ['foo"', "AND (", '"', "NEAR(a b)", "title:x", "*", "a OR", "-", "(((", "’", "\x00", "x" * 5000, "NOT harmbench"],
)
async def test_search_never_raises_on_hostile_text(store: Store, text: str) -> None:
    hits = await store.search(text)
    assert isinstance(hits, list)


async def test_hostile_text_is_searched_as_words(store: Store) -> None:
    hits = await store.search('harmbench" OR (')
    assert {h.slug for h in hits} == set()  # "or" is a word that no HarmBench reading has
    hits = await store.search('"harmbench"')
    assert {h.slug for h in hits} == {"S0-L01", "S0-L03"}


async def test_suggest_upcoming_first_and_limited(tmp_path: Path) -> None:
    many = [make(f"S{i:03d}", f"Session {i} topic", f"W{i}", D0 + dt.timedelta(days=i)) for i in range(60)]
    many.append(make("S-undated", "Undated topic", None, None))
    many.append(make("S-rl", "Reinforcement learning", None, D0))
    s = await Store.open(tmp_path / "many.sqlite3")
    try:
        await write_sessions(s.db, many)
        today = D0 + dt.timedelta(days=50)
        got = await s.suggest("", today=today)
        assert len(got) == 25
        assert [g.value for g in got[:10]] == [f"S{i:03d}" for i in range(50, 60)]
        assert [g.value for g in got[10:13]] == ["S049", "S048", "S047"]  # then the latest past ones
        assert len(await s.suggest("", today=today, limit=100)) == 25
        topic = await s.suggest("topic", today=today, limit=100)
        assert topic[0].value == "S050" and len(topic) == 25
        assert [g.value for g in await s.suggest("undated", today=today)] == ["S-undated"]
        assert all(len(g.label) <= LABEL_MAX for g in got)
        assert got[0].label.startswith("S050 · W50 · Session 50 topic")
        fuzzy = await s.suggest("reinforcment lerning", today=today)
        assert [g.value for g in fuzzy] == ["S-rl"]
    finally:
        await s.close()


async def test_suggest_labels_are_clipped(tmp_path: Path) -> None:
    s = await Store.open(":memory:")
    try:
        await write_sessions(s.db, [make("S-long", "A very long title " * 20, "L" * 30, D0)])
        (only,) = await s.suggest("very long", today=D0)
        assert len(only.label) <= LABEL_MAX and only.label.endswith("2024") and "…" in only.label
    finally:
        await s.close()


async def test_index_sees_changes_made_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    reader = await Store.open(path)
    writer = await Store.open(path)
    try:
        await write_sessions(writer.db, SESSIONS[:1])
        assert [s.slug for s in (await reader.resolve("S0-L02")).sessions] == ["S0-L02"]
        await write_sessions(writer.db, [make("S9-New", "Brand new session", None, D0)])
        assert (await reader.resolve("S9-New")).how == "slug"
    finally:
        await reader.close()
        await writer.close()


async def test_meta_round_trip(store: Store) -> None:
    assert await store.meta_get("digest:last") is None
    await store.meta_set("digest:last", "2024-W09")
    await store.meta_set("digest:last", "2024-W10")
    assert await store.meta_get("digest:last") == "2024-W10"


async def test_search_common_words_rank_title_matches_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # a word in COMMON_WORD_ROWS rows or more is ranked by where it occurs (bm25 would first count its rows)
    from bot.store import search

    monkeypatch.setattr(search, "COMMON_WORD_ROWS", 1)
    hits = await store.search("deceptive")  # MORE's title says "Deceptive"; no other reading has the word
    assert {h.slug for h in hits} == {"S0-L02", "S0-L03"} and "deceptive" in hits[0].snippet
    hits = await store.search("evaluation")  # in READING's title only
    assert {h.reading.title for h in hits} == {READING.title}
    hits = await store.search("training")  # MORE: title and abstract; READING: neither
    assert [h.reading.title for h in hits] == [MORE.title, MORE.title]
    assert await store.search("sleep") == []


async def test_fuzzy_title_words_score_the_mean_and_feed_did_you_mean(store: Store) -> None:
    # "privcy" is near a word of S0-L10's title, "quantum" near none: mean below the cutoff, so no match,
    # but that title is the first "did you mean"
    none = await store.resolve("privcy quantum")
    assert none.how == "none" and none.suggestions[0].slug == "S0-L10"
    both = await store.resolve("privcy memorisaton")  # both words near the title's: a fuzzy match
    assert (both.how, [s.slug for s in both.sessions]) == ("fuzzy", ["S0-L10"])
    agents = await store.resolve("agnets tool")  # one title holds both words: it beats titles holding one
    assert (agents.how, [s.slug for s in agents.sessions]) == ("fuzzy", ["S1-Agents"])


async def test_nothing_alike_suggests_nothing(store: Store) -> None:
    none = await store.resolve("zzzz")
    assert (none.how, none.suggestions) == ("none", [])
    assert await store.suggest("zzzz", today=D0) == []


async def test_suggest_walks_upcoming_then_past_then_undated(tmp_path: Path) -> None:
    many = [make(f"S{i:03d}", f"Topic {i}", None, D0 + dt.timedelta(days=i)) for i in range(10)]
    many += [make("U1", "Topic undated", None, None), make("X1", "Other", None, D0)]
    s = await Store.open(tmp_path / "walk.sqlite3")
    try:
        await write_sessions(s.db, many)
        got = [g.value for g in await s.suggest("topic", today=D0 + dt.timedelta(days=7), limit=25)]
        assert got == ["S007", "S008", "S009", "S006", "S005", "S004", "S003", "S002", "S001", "S000", "U1"]
        got = [g.value for g in await s.suggest("topic", today=D0 + dt.timedelta(days=7), limit=4)]
        assert got == ["S007", "S008", "S009", "S006"]
        assert [g.value for g in await s.suggest("topic 1", today=None)] == ["S001"]
    finally:
        await s.close()


async def test_search_with_more_words_than_are_used(store: Store) -> None:
    # only the first MAX_WORDS words count; each is probed for being common
    from bot.store.search import MAX_WORDS

    words = ["harmbench"] * MAX_WORDS + ["nowhere"]
    assert {h.slug for h in await store.search(" ".join(words))} == {"S0-L01", "S0-L03"}
