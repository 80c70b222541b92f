"""Change sets between two snapshots of a site: plain data in, plain data out."""

from __future__ import annotations

import datetime as dt

from bot.course.changes import ChangeSet, Facts, RoleChange, SessionChange, diff, snapshot
from bot.course.models import Reading, Session


def session(slug: str, *, day: str | None = "2026-12-01", readings: tuple[str, ...] = ("Paper A",),
            roles: dict[str, str] | None = None, title: str = "Harmful outputs") -> Session:
    return Session(
        file=f"{slug}.md", slug=slug, title=title, lecture=None, roles=roles or {"notes": "team-1"},
        date=dt.date.fromisoformat(day) if day else None, url=f"https://site.example/{slug}/",
        readings=tuple(Reading(None, True, t, (f"https://x.example/{i}",)) for i, t in enumerate(readings)),
    )


def test_each_kind_of_change_is_named() -> None:
    before = snapshot([session("L01"), session("L02"), session("L03", readings=("Paper A", "Paper B"))])
    after = snapshot([
        session("L01", roles={"notes": "team-2"}),
        session("L03", readings=("Paper B", "Paper C"), day="2026-12-03"),
        session("L04", day="2026-12-08"),
    ])
    changes = diff(before, after)
    by_slug = {c.slug: c for c in changes.changes}
    assert [c.slug for c in changes.changes] == ["L01", "L02", "L03", "L04"]
    assert by_slug["L01"].kind == "changed" and by_slug["L01"].roles == (RoleChange("notes", "team-1", "team-2"),)
    assert by_slug["L02"].kind == "removed"
    l03 = by_slug["L03"]
    assert (l03.readings_added, l03.readings_removed) == (("Paper C",), ("Paper A",))
    assert l03.date_moved and l03.moved_from == dt.date(2026, 12, 1) and l03.facts.date == dt.date(2026, 12, 3)
    assert by_slug["L04"].kind == "added"


def test_whitespace_case_titles_and_urls_alone_are_not_changes() -> None:
    before = snapshot([session("L01", readings=("Attention  is all\n you need",), roles={"notes": "team-1 "})])
    after = snapshot([session("L01", readings=("attention is all you need",), roles={"notes": "Team-1"},
                              title="Harmful   outputs (revised)")])
    assert not diff(before, after)
    assert not diff(before, before)


def test_a_reading_listed_twice_then_once_is_a_removal() -> None:
    before = snapshot([session("L01", readings=("Paper A", "Paper A"))])
    after = snapshot([session("L01", readings=("Paper A",))])
    assert diff(before, after).changes[0].readings_removed == ("Paper A",)


def test_change_sets_round_trip_through_json() -> None:
    changes = diff(snapshot([session("L01"), session("L02", day=None)]),
                   snapshot([session("L01", day="2026-12-02", readings=()), session("L03")]))
    assert ChangeSet.from_json(changes.to_json()) == changes
    facts = Facts.of(session("L09", roles={"notes": "team-3", "video": "team-4"}))
    assert Facts.from_json(facts.to_json()) == facts
    assert SessionChange.from_json(changes.changes[0].to_json()) == changes.changes[0]


def test_a_renamed_file_is_the_same_session_but_not_a_second_one_with_the_same_title() -> None:
    before = snapshot([session("L01", title="Guest lecture"), session("L02", title="Intro", day="2026-12-03")])
    after = snapshot([session("L01-guest", title="Guest  lecture"),  # renamed, nothing else changed
                      session("L02-intro", title="Intro", day="2026-12-03", roles={"notes": "team-2"})])
    assert [(c.kind, c.slug, c.roles) for c in diff(before, after).changes] == [
        ("changed", "L02-intro", (RoleChange("notes", "team-1", "team-2"),))]
    # a session removed and another posted with the same title on another day: both are news
    later = snapshot([session("L09", title="Guest lecture", day="2026-12-10"), session("L02", title="Intro", day="2026-12-03")])
    assert [(c.kind, c.slug) for c in diff(before, later).changes] == [("removed", "L01"), ("added", "L09")]
