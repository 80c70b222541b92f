""""Did you mean" at scale: with more identifiers than ID_CANDIDATES, the name index scores only those most
like the query by their character pairs (PairIndex). The filter must count pairs exactly, keep every
one-letter typo of a slug finding that slug, agree with the scan over all identifiers, and offer nothing
for a query like no identifier."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.store import index as index_module
from bot.store.index import ID_CANDIDATES, Entry, NameIndex, PairIndex, char_pairs

SOURCES = ("s0-l01", "s0-l00-intro", "s1-agents", "fm-tox", "w7-llm-harm", "privacy-mem", "s2-l13")
START = dt.date(2024, 1, 1)


def big_index(count: int = 3000) -> NameIndex:
    """Slugs and lecture ids shaped like a large generated site's (W012-fm-tox-00361, L0120)."""
    entries = [
        Entry(i, f"W{i // 30:03d}-{SOURCES[i % len(SOURCES)]}-{i:05d}", f"L{i // 3:04d}",
              f"Session {SOURCES[i % len(SOURCES)]} part {i}", START + dt.timedelta(days=i // 2))
        for i in range(count)
    ]
    index = NameIndex(entries)
    assert len(index._id_list) > ID_CANDIDATES  # the filter is in play
    return index


def dice(a: str, b: str) -> float:
    pa, pb = char_pairs(a), char_pairs(b)
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def one_letter_typos(word: str, rng: random.Random) -> list[str]:
    i = rng.randrange(1, len(word) - 1)
    c = rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
    return [
        word[:i] + c + word[i + 1 :],  # a wrong letter
        word[:i] + word[i + 1 :],  # a letter left out
        word[:i] + c + word[i:],  # a letter too many
        word[:i] + word[i + 1] + word[i] + word[i + 2 :],  # two letters swapped
    ]


def test_pair_candidates_are_the_best_by_dice_coefficient() -> None:
    rng = random.Random(11)
    names = ["".join(rng.choice("abcde-0123") for _ in range(rng.randint(1, 12))) for _ in range(700)]
    pairs = PairIndex(names)
    for query in ["abc", "a-01", "eeee", "0", "dcba-3210", "zz", *rng.sample(names, 20)]:
        got = pairs.candidates(query, 25)
        assert got == sorted(got) and len(set(got)) == len(got)
        sharing = [i for i, n in enumerate(names) if char_pairs(n) & char_pairs(query)]
        best = sorted((dice(query, names[i]) for i in sharing), reverse=True)[:25]
        assert sorted((dice(query, names[i]) for i in got), reverse=True) == pytest.approx(best)
    assert pairs.candidates("zz", 25) == []  # no name has a "z": nothing shares a pair


async def test_a_one_letter_typo_of_a_slug_still_finds_it() -> None:
    index = big_index()
    rng = random.Random(5)
    for entry in rng.sample(index.entries, 25):
        for typo in one_letter_typos(entry.slug.casefold(), rng):
            match = index.resolve(typo)
            if match.how in ("slug", "prefix"):  # the typo is (or starts) another slug: not a fuzzy question
                continue
            assert match.how == "fuzzy", typo
            assert entry.slug in [e.slug for e in match.entries], (typo, [e.slug for e in match.entries])


def test_the_filter_agrees_with_scoring_every_identifier(monkeypatch: pytest.MonkeyPatch) -> None:
    filtered = big_index()
    rng = random.Random(9)
    queries = [t for e in rng.sample(filtered.entries, 20) for t in one_letter_typos(e.slug.casefold(), rng)]
    queries += [t for e in rng.sample(filtered.entries, 10) for t in one_letter_typos(e.lecture.casefold(), rng)]
    queries += ["w012-fm-tox", "s0-l1", "l012", "agents-00361"]
    got = {q: filtered._fuzzy(q) for q in queries}
    resolved = {q: filtered.resolve(q) for q in queries}
    monkeypatch.setattr(index_module, "ID_CANDIDATES", 10**9)  # every identifier scored, as before the filter
    every = big_index()
    for q in queries:
        want = every._fuzzy(q)
        assert got[q][0][0] == want[0][0], q  # the same best score
        assert got[q][0][1] & want[0][1], q  # and the same sessions among those that have it
        assert resolved[q] == every.resolve(q), q  # the same answer: match or suggestions


def test_a_query_like_no_identifier_suggests_nothing() -> None:
    index = big_index()
    for query in ("qqqq", "zzzz", "xyzzy kqv"):
        match = index.resolve(query)
        assert (match.how, match.entries, match.suggestions) == ("none", [], [])
        assert index.suggest(query, today=START) == []
