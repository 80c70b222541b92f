"""A session moved after its pre-session reminder went out: a reminder for its new start falls due (the
one posted said the old time, and an edit of an old message is easily missed), and never a second one for a
start already announced: not on later runs, after a restart, after moving back, nor when ``reminder_hours``
changes (the ledger row records the start it announced, migration 011)."""

from __future__ import annotations

import datetime as dt

from bot.services.digest import reminder_key
from tests.services.test_posting import MON_14, NY, TUE, Harness, h, make_config, reminded, session  # noqa: F401 - the fixture

WED = dt.date(2024, 2, 28)
TUE_14 = dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)  # the moved S1's reminder: 24 h before Wed 14:00
CHANGED = type("Report", (), {"changed": ["S1"]})()


def reminders(h: Harness) -> list[str]:  # noqa: F811
    return sorted(m.title for m in h.room.messages.values() if m.kind == "reminder")


async def test_a_session_moved_later_after_its_reminder_gets_one_for_its_new_start(h: Harness) -> None:  # noqa: F811
    posting = await reminded(h)
    h.sessions[0] = session("S1", WED)  # moved a day later on the site
    edited = await posting.after_sync(CHANGED)
    assert ("reminder:S1", "edited") in [(o.key, o.action) for o in edited]  # the posted one says the new time
    assert await posting.run_due(MON_14 + dt.timedelta(hours=1)) == []  # nothing until the new one is due
    h.clock.now = TUE_14
    new_key = reminder_key("S1", dt.datetime(2024, 2, 28, 14, 0, tzinfo=NY))
    assert [(o.key, o.action) for o in await posting.run_due()] == [(new_key, "sent")]
    assert new_key == "reminder:S1@2024-02-28T19:00Z"
    assert reminders(h) == ["Reminder: Session S1 (Wed 28 Feb 14:00)"] * 2
    entry = await posting.ledger.get(new_key)
    assert entry is not None and entry.starts_at == dt.datetime(2024, 2, 28, 19, 0, tzinfo=dt.UTC)
    # once for that start: later runs, a sync (its edits keep each message's own key), a restart
    assert await posting.run_due(TUE_14 + dt.timedelta(hours=1)) == []
    assert await posting.after_sync(CHANGED) == []
    restarted = await h.start()
    assert await restarted.run_due(TUE_14 + dt.timedelta(hours=2)) == []
    assert sorted(m.key for m in h.room.messages.values() if m.kind == "reminder") == ["reminder:S1", new_key]


async def test_a_session_moved_back_to_the_start_its_reminder_announced_gets_no_second(h: Harness) -> None:  # noqa: F811
    posting = await reminded(h)
    h.sessions[0] = session("S1", WED)
    await posting.after_sync(CHANGED)
    h.sessions[0] = session("S1", TUE)  # and back, before the new reminder fell due
    await posting.after_sync(CHANGED)
    for hours in (1, 12, 23):
        assert await posting.run_due(MON_14 + dt.timedelta(hours=hours)) == []
    assert reminders(h) == ["Reminder: Session S1 (Tue 27 Feb 14:00)"]


async def test_fewer_reminder_hours_after_a_reminder_went_out_post_no_second_for_that_start(h: Harness) -> None:  # noqa: F811
    await reminded(h)
    h.config = make_config(reminder_hours=2)  # the bot restarted with another reminder_hours
    posting = await h.start()
    assert await posting.run_due(TUE_14 - dt.timedelta(hours=2)) == []  # S1's new due time: its start was announced
    assert reminders(h) == ["Reminder: Session S1 (Tue 27 Feb 14:00)"]


async def test_a_reminder_row_from_before_its_start_was_recorded_reads_it_from_its_due_time(h: Harness) -> None:  # noqa: F811
    posting = await reminded(h)
    await posting.ledger.db.execute("UPDATE ledger SET starts_at = NULL")  # as migration 011 leaves older rows
    entry = await posting.ledger.get("reminder:S1")
    assert entry is not None and entry.starts_at is None
    assert await posting.run_due(MON_14 + dt.timedelta(hours=1)) == []  # not moved: nothing
    h.sessions[0] = session("S1", WED)
    assert [o.key for o in await posting.run_due(TUE_14)] == ["reminder:S1@2024-02-28T19:00Z"]
