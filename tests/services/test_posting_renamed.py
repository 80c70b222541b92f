"""A session renamed (its file, so its slug, changes) after its reminder went out is the same meeting: the
bot edits the reminder it posted (new link) instead of posting a second one, across a rename back too; a
session that merely shares the moment with another that is still on the site gets its own reminder."""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.services.test_posting import MON_14, TUE, Harness, h, reminded, session  # noqa: F401 - the fixture


def renamed(slug: str, new: str):  # type: ignore[no-untyped-def]
    return dataclasses.replace(session(slug, TUE), slug=new, file=f"_contents/{new}.md", url=f"https://site/{new}")


async def test_a_session_renamed_after_its_reminder_gets_that_reminder_edited_not_a_second(h: Harness) -> None:  # noqa: F811
    posting = await reminded(h)
    h.sessions[0] = renamed("S1", "S1-intro")
    await posting.after_sync(type("Report", (), {"changed": ["S1", "S1-intro"]})())
    h.clock.now = MON_14 + dt.timedelta(hours=1)
    outcomes = await posting.run_due()
    assert [(o.key, o.action) for o in outcomes] == [("reminder:S1", "edited")]
    reminders = [m for m in h.room.messages.values() if m.kind == "reminder"]
    assert len(reminders) == 1 and "https://site/S1-intro" in repr(reminders[0])
    assert await posting.run_due(MON_14 + dt.timedelta(hours=2)) == []  # and nothing more later
    # renamed back: still that one reminder, edited again
    h.sessions[0] = session("S1", TUE)
    await posting.after_sync(type("Report", (), {"changed": ["S1", "S1-intro"]})())
    await posting.run_due(MON_14 + dt.timedelta(hours=3))
    reminders = [m for m in h.room.messages.values() if m.kind == "reminder"]
    assert len(reminders) == 1 and "https://site/S1" in repr(reminders[0]) and "S1-intro" not in repr(reminders[0])


async def test_another_session_at_the_same_moment_gets_its_own_reminder(h: Harness) -> None:  # noqa: F811
    posting = await reminded(h)
    h.sessions.append(renamed("S1", "S1-lab"))  # a second section meeting at the same time; S1 is still there
    h.clock.now = MON_14 + dt.timedelta(hours=1)
    assert [(o.key, o.action) for o in await posting.run_due()] == [("reminder:S1-lab", "sent")]
