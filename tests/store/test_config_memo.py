"""``_config.yml`` as the last sync read it, kept in the cache (bot.store.config_memo): the same data back,
exactly; used only for the same bytes and the same parser."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from bot.config import CourseConfig, CourseSection
from bot.course.front_matter_yaml import load_front_matter
from bot.course.site import ConfigYAML, config_digest, open_site
from bot.store import config_memo
from bot.store.sessions import Store

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

EDGES = """\
title: "Edge: 2024"
count: 3
ratio: 1.50
flag: true
one: 1
nothing: null
~: null key
1: an int key
2.5: a float key
true: a bool key
2024-01-16: a date key
day: 2024-01-16
moment: 2024-01-16 14:30:00
zoned: 2024-01-16T14:30:00.25+05:30
utc: 2024-01-16T14:30:00Z
blob: !!binary aGVsbG8=
picks: !!set {a, b}
inf: .inf
minus: -.inf
nan: .nan
zero: -0.0
big: 123456789012345678901234567890
empty: {}
list: [1, "1", 1.0, true, null, [nested, {deep: [x]}]]
anchor: &a {k: v}
alias: *a
text: |
  two
  lines
"""


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types all the way down (1, 1.0 and True are not the same here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dict):
        return list(map(type, a)) == list(map(type, b)) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return a == b


def _round_trip(data: Any) -> Any:
    text = config_memo.dumps(ConfigYAML("d", data), "p")
    assert text is not None
    back = config_memo.loads(text, "p")
    assert back is not None and back.digest == "d"
    return back.data


def test_every_kind_of_yaml_value_comes_back_the_same() -> None:
    data, _ = load_front_matter(EDGES)
    assert _same(_round_trip(data), data)


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n", "3\n"], ids=["empty", "list", "text", "number"])
def test_a_document_that_is_no_mapping_comes_back_the_same(text: str) -> None:
    data, _ = load_front_matter(text)
    assert _same(_round_trip(data), data)


def test_every_corpus_config_comes_back_the_same() -> None:
    found = sorted(CORPUS.glob("*/_config.yml"))
    if not found:
        pytest.skip(f"corpus not found at {CORPUS}")
    for path in found:
        data, _ = load_front_matter(path.read_bytes().decode("utf-8-sig"))
        assert _same(_round_trip(data), data), path


@pytest.mark.parametrize("text", [None, "", "not json", "[]", '{"parser": "other", "digest": "d", "data": 1}',
                                  '{"parser": "p", "digest": "d", "data": {"x": 1}}',
                                  '{"parser": "p", "digest": "d", "data": {"m": [[1]]}}',
                                  '{"parser": "p", "digest": 5, "data": 1}'])
def test_a_memo_that_does_not_read_back_or_is_from_another_parser_is_none(text: str | None) -> None:
    assert config_memo.loads(text, "p") is None


def test_data_no_yaml_loader_makes_is_not_kept() -> None:
    assert config_memo.dumps(ConfigYAML("d", {"x": (1, 2)}), "p") is None
    assert config_memo.dumps(ConfigYAML("d", {"x": object()}), "p") is None


def _jekyll(root: Path, collection: str = "contents") -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(f"title: Memo Course 2031\ncollections:\n  {collection}:\n    output: true\n",
                                      encoding="utf-8")
    for name in ("contents", "lectures"):
        (root / f"_{name}").mkdir(parents=True, exist_ok=True)
        for i in range(3):
            (root / f"_{name}" / f"{name}-{i}.md").write_text(f"---\ntitle: {name} {i}\n---\n\nBody {i}.\n",
                                                               encoding="utf-8")


def test_the_site_read_with_the_memo_is_the_site_read_without_it(tmp_path: Path) -> None:
    _jekyll(tmp_path)
    fresh = open_site(tmp_path)
    assert fresh.config_yaml is not None
    assert fresh.config_yaml.digest == config_digest((tmp_path / "_config.yml").read_bytes())
    known = config_memo.loads(config_memo.dumps(fresh.config_yaml, "p"), "p")
    again = open_site(tmp_path, known_config=known)
    assert again.config_yaml is known
    assert repr(again) == repr(fresh)


def test_a_memo_of_other_bytes_is_not_used(tmp_path: Path) -> None:
    _jekyll(tmp_path)
    stale = ConfigYAML(config_digest(b"title: Old\n"), {"title": "Old", "collections": {}})
    site = open_site(tmp_path, known_config=stale)
    assert site.title == "Memo Course 2031" and [c.name for c in site.collections] == ["contents"]
    assert site.config_yaml is not None and site.config_yaml is not stale


async def test_a_sync_keeps_the_memo_and_reads_a_changed_config_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _jekyll(site)
    config = CourseConfig(course=CourseSection(site=site))
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        await store.sync(config)
        memo = await store.meta_get(config_memo.KEY)
        assert memo is not None and config_digest((site / "_config.yml").read_bytes()) in memo
        assert sorted(s.slug for s in await store.all_sessions()) == ["contents-0", "contents-1", "contents-2"]
        await store.sync(config)  # the same bytes: read from the memo, the same sessions
        assert sorted(s.slug for s in await store.all_sessions()) == ["contents-0", "contents-1", "contents-2"]
        assert await store.meta_get(config_memo.KEY) == memo
        _jekyll(site, collection="lectures")
        await store.sync(config, allow_removals=True)
        assert sorted(s.slug for s in await store.all_sessions()) == ["lectures-0", "lectures-1", "lectures-2"]
        assert await store.meta_get(config_memo.KEY) != memo
