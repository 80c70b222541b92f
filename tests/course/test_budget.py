"""The work budget of one post (issue 9 point 7, second round): worst-case markdown is refused with an error
at its line once the budget is spent, wherever the markdown is parsed (body, front matter reading entries,
the home page's guide); ordinary posts are untouched. Deterministic: the clock is counted, not timed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.course.budget import CHECK_EVERY, OverBudget, WorkBudget, default_seconds, spending
from bot.course.posts import parse_post
from bot.course.readings.markdown import MD
from bot.course.site import open_site

FRONT = b"---\ntitle: Worst case\n---\n"
READINGS = b"## Readings\n\n- [Paper A](https://a.example/x)\n"


class CountingClock:
    """A clock that moves one second each time it is read: the budget of N seconds lasts N readings."""

    def __init__(self) -> None:
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return float(self.reads)


def test_the_budget_is_spent_in_ticks_and_read_every_check_every() -> None:
    clock = CountingClock()
    budget = WorkBudget(3, clock=clock)
    with pytest.raises(OverBudget):
        for _ in range(10 * CHECK_EVERY):
            budget.tick()
    assert clock.reads == 4  # created, then read at ticks 1, 1+64, 1+128 (the third is over)


def test_env_sets_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEBOT_PARSE_SECONDS", "0.25")
    assert default_seconds() == 0.25
    for bad in ("0", "-1", "inf", "nan", "x"):
        monkeypatch.setenv("COURSEBOT_PARSE_SECONDS", bad)
        assert default_seconds() == 1.0


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 20_000,  # link labels searched from every position
        b"![" * 10_000,
        b"|" + b"a|" * 5_000 + b"\n|" + b"-|" * 5_000 + b"\n",  # one table row: one rule call, many tokens
        b"*" * 10_000 + b"a" + b"*" * 10_000,  # one delimiter run: one rule call, many tokens
        b"- x\n" * 5_000,
        b"term\n: definition\n" * 2_000,
        b"".join(b"[r%d]: https://e.example/%d\n" % (i, i) for i in range(3_000)),  # no tokens at all
    ],
    ids=["brackets", "images", "wide-table", "emphasis-run", "list-items", "definitions", "link-refs"],
)
def test_worst_case_markdown_spends_the_budget(body: bytes) -> None:
    """Every kind of work the parser does spends the budget: a spending parse over its budget raises."""
    budget = WorkBudget(5, clock=CountingClock())
    with pytest.raises(OverBudget), spending(budget):
        MD.parse(body.decode(), {"body": True})


def test_an_ordinary_post_is_untouched_by_the_budget() -> None:
    parsed = parse_post("_posts/a.md", FRONT + READINGS)
    assert parsed.session is not None and [r.title for r in parsed.session.readings] == ["Paper A"]
    assert parsed.problems == []


def test_a_post_over_budget_is_an_error_at_the_line_reached() -> None:
    data = FRONT + READINGS + b"\nintro\n\n" + b"[" * 200_000  # about 0.5 s of CPU; the front matter microseconds
    parsed = parse_post("_posts/bad.md", data, budget_seconds=0.01)
    assert parsed.session is None
    (problem,) = parsed.problems
    assert problem.severity == "error" and problem.file == "_posts/bad.md"
    assert problem.line == 10 and "too costly to read" in problem.message  # the line of the run of "["


def test_front_matter_counts_towards_the_budget() -> None:
    parsed = parse_post("_posts/fm.md", b"---\ntitle: t\nk: [a, b]\n---\nbody\n", budget_seconds=0)
    assert parsed.session is None
    assert [(p.line, p.severity) for p in parsed.problems] == [(1, "error")]
    assert "front matter too costly" in parsed.problems[0].message


def test_front_matter_reading_entries_spend_the_budget_too() -> None:
    """Before: only the body was bounded; a ``readings:`` entry of 400,000 ``![`` cost 13 s of CPU."""
    data = b"---\ntitle: t\nreadings:\n  - \"" + b"![" * 5_000 + b"\"\n---\nbody\n"
    parsed = parse_post("_posts/fm.md", data, budget_seconds=0)
    assert parsed.session is None
    (problem,) = parsed.problems
    assert (problem.line, problem.severity) == (1, "error") and "front matter too costly" in problem.message


def test_a_home_page_over_budget_is_a_warning_and_the_site_still_opens(tmp_path: Path, monkeypatch) -> None:
    """The home pages (read on every sync for the site's guide) share one budget."""
    (tmp_path / "index.md").write_text("- **Extras** not required\n\n" + "![" * 50_000)
    monkeypatch.setenv("COURSEBOT_PARSE_SECONDS", "0.000001")
    site = open_site(tmp_path)
    assert [(p.file, p.severity) for p in site.problems] == [("index.md", "warning")]
    assert "too costly to read" in site.problems[0].message
    monkeypatch.delenv("COURSEBOT_PARSE_SECONDS")
    (tmp_path / "index.md").write_text("- **Extras** Casual viewing, not required\n")
    assert open_site(tmp_path).optional_sections == frozenset({"extra"})
