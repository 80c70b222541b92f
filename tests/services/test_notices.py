"""Change notices and staff alerts over a real cache, with an injected clock and a recording channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import CourseConfig, CourseSection, Member, NoticesSection, ScheduleSection, Team
from bot.services.alerts import Alerts
from bot.services.follow import SiteFollower
from bot.services.messages import Message
from bot.services.notices import Notices
from bot.services.posting import Posting
from bot.store.sessions import Store
from tests.clock import SettableClock

START = dt.datetime(2026, 11, 8, 12, 0, tzinfo=dt.UTC)


class Crash(BaseException):
    """The process dies here."""


class Channel:
    """A channel that records what it was sent; survives 'restarts' of the bot."""

    platform = "test"

    def __init__(self, channel: str = "course") -> None:
        self.channel = channel
        self.sent: list[Message] = []
        self.crash_after_send = False
        self.fail = 0

    async def send(self, message: Message, *, nonce: str) -> str:
        if self.fail:
            from bot.services.transport import TransportError

            self.fail -= 1
            raise TransportError("platform down", retryable=False)
        self.sent.append(message)
        if self.crash_after_send:
            self.crash_after_send = False
            raise Crash()
        return str(len(self.sent))

    async def edit(self, message_id: str, message: Message) -> None:
        self.sent[int(message_id) - 1] = message

    async def find_sent(self, key: str) -> str | None:
        return next((str(i + 1) for i, m in enumerate(self.sent) if m.key == key), None)


def post(title: str, day: str, *, notes: str = "team-1", readings: tuple[str, ...] = ("Paper A",)) -> str:
    body = ["---", f"title: {title}", f"date: {day}", f"notes: {notes}", "---", "", "## Required Readings", ""]
    for i, name in enumerate(readings):
        body += [f"### {name}", f"  + https://arxiv.org/abs/2401.{i:05d}", ""]
    return "\n".join(body)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text("url: https://course.example\ncollections:\n  contents:\n    output: true\n")
    (root / "_contents" / "L01.md").write_text(post("Past session", "2026-11-03"))
    (root / "_contents" / "L02.md").write_text(post("Scaling laws", "2026-11-10", readings=("Paper A", "Paper B")))
    (root / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-2"))
    return root


@pytest.fixture
def config(site: Path) -> CourseConfig:
    return CourseConfig(
        course=CourseSection(name="Test", site=site, timezone="UTC"),
        teams=[Team(id=f"team-{i}", members=[Member(name=f"Member {i}")]) for i in (1, 2, 3)],
        schedule=ScheduleSection(reminder_hours=None),
        notices=NoticesSection(debounce_minutes=5),
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "c.sqlite3") as store:
        yield store


class Bot:
    """The services of one bot process over ``store`` (a restart makes a new one)."""

    def __init__(self, store: Store, config: CourseConfig, channel: Channel, staff: Channel, clock: SettableClock) -> None:
        self.follower = SiteFollower(store, config, clock=clock)
        self.posting = Posting(store, config, channel, clock=clock)
        self.staff_posting = Posting(store, config, staff, clock=clock)
        self.notices = Notices(store, config, self.posting, clock=clock)
        self.alerts = Alerts(store, config, self.staff_posting, self.follower, clock=clock)

    async def resync(self) -> None:
        await self.follower.sync()
        await self.notices.after_sync()
        await self.alerts.after_sync()


def lines(message: Message) -> list[str]:
    return [f"{s.heading} ({s.when:%a %d %b %H:%M}) | {s.url} | " + " / ".join(line.text for line in s.lines)
            for s in message.sections]


async def test_first_sync_is_silent_then_a_burst_makes_one_notice(
    site: Path, config: CourseConfig, store: Store
) -> None:
    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()
    assert channel.sent == [] and staff.sent == []

    (site / "_contents" / "L02.md").write_text(post("Scaling laws", "2026-11-10", readings=("Paper A",)))  # reading removed
    await bot.resync()
    clock.advance(minutes=2)
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-3"))  # team swap, 2 min later
    (site / "_contents" / "L04.md").write_text(post("Red teaming", "2026-11-17"))  # a new session
    await bot.resync()
    clock.advance(minutes=4)  # 4 minutes after the last push: still inside the burst
    await bot.resync()
    assert channel.sent == []
    clock.advance(minutes=1)
    await bot.resync()
    assert len(channel.sent) == 1
    notice = channel.sent[0]
    assert notice.title == "Changes to 3 upcoming sessions"
    assert notice.description == "The course site changed: Scaling laws; Alignment; Red teaming."
    assert lines(notice) == [
        "Scaling laws (Tue 10 Nov 14:00) | https://course.example/contents/L02.html | Reading removed: Paper B",
        "Alignment (Thu 12 Nov 14:00) | https://course.example/contents/L03.html | Blog team: team-2 → team-3",
        "Red teaming (Tue 17 Nov 14:00) | https://course.example/contents/L04.html | New session posted",
    ]
    clock.advance(minutes=30)
    await bot.resync()
    assert len(channel.sent) == 1  # told once


async def test_whitespace_past_sessions_and_undone_changes_announce_nothing(
    site: Path, config: CourseConfig, store: Store
) -> None:
    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()
    (site / "_contents" / "L02.md").write_text(post("Scaling   laws", "2026-11-10", readings=("Paper  A", "Paper B")) + "\n\n\n")
    (site / "_contents" / "L01.md").write_text(post("Past session", "2026-11-03", notes="team-3"))  # in the past
    await bot.resync()
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-1"))
    await bot.resync()
    clock.advance(minutes=1)
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-2"))  # undone within the burst
    await bot.resync()
    clock.advance(minutes=10)
    await bot.resync()
    assert channel.sent == []


async def test_a_session_removed_and_a_date_moved(site: Path, config: CourseConfig, store: Store) -> None:
    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()
    (site / "_contents" / "L02.md").unlink()
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-19", notes="team-2"))
    await bot.resync()
    clock.advance(minutes=5)
    await bot.resync()
    assert [lines(m) for m in channel.sent] == [[
        "Scaling laws (Tue 10 Nov 14:00) | https://course.example/contents/L02.html | Session removed",
        "Alignment (Thu 19 Nov 14:00) | https://course.example/contents/L03.html | Date moved: Thu 12 Nov → Thu 19 Nov",
    ]]


async def test_a_crash_after_sending_is_not_a_second_notice(site: Path, config: CourseConfig, store: Store) -> None:
    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    await Bot(store, config, channel, staff, clock).resync()
    (site / "_contents" / "L04.md").write_text(post("Red teaming", "2026-11-17"))
    first = Bot(store, config, channel, staff, clock)
    await first.resync()
    clock.advance(minutes=6)
    channel.crash_after_send = True
    with pytest.raises(Crash):
        await first.resync()
    assert len(channel.sent) == 1
    restarted = Bot(store, config, channel, staff, clock)
    await restarted.posting.reconcile()  # finds the notice in the channel
    await restarted.resync()
    assert len(channel.sent) == 1
    entry = await restarted.posting.ledger.get(channel.sent[0].key or "")
    assert entry is not None and entry.status == "sent" and entry.kind == "notice"


async def test_a_failed_send_is_retried_at_the_next_sync(site: Path, config: CourseConfig, store: Store) -> None:
    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()
    (site / "_contents" / "L04.md").write_text(post("Red teaming", "2026-11-17"))
    await bot.resync()
    clock.advance(minutes=6)
    channel.fail = 1
    await bot.resync()
    assert channel.sent == []
    clock.advance(minutes=10)
    await bot.resync()
    assert [m.title for m in channel.sent] == ["Changes to 1 upcoming session"]


async def test_a_broken_post_alerts_staff_once_and_its_fix_once(site: Path, config: CourseConfig, store: Store) -> None:
    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()
    (site / "_contents" / "L03.md").write_text("---\ntitle: [Alignment\ndate: 2026-11-12\n---\n")  # bad YAML
    (site / "_contents" / "L05.md").write_text(post("No date yet", "2026-11-20").replace("date: 2026-11-20\n", ""))
    await bot.resync()
    await bot.resync()
    assert [m.title for m in staff.sent] == ["Site problem in _contents/L03.md:2", "Site problem in _contents/L05.md:1"]
    assert staff.sent[0].description.startswith("_contents/L03.md:2: error: ")
    assert staff.sent[0].description.endswith("Not from a commit (the site is a local folder).")
    assert "no date" in staff.sent[1].description
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-2"))
    await bot.resync()
    await bot.resync()
    assert [m.title for m in staff.sent][2:] == ["Fixed: _contents/L03.md:2"]
    assert all(m.kind == "alert" for m in staff.sent) and channel.sent == []


async def test_a_notice_missed_while_down_goes_out_late_within_the_grace_window_only(
    site: Path, config: CourseConfig, store: Store
) -> None:
    clock, channel = SettableClock(START), Channel()
    await Bot(store, config, channel, Channel("staff"), clock).resync()
    (site / "_contents" / "L04.md").write_text(post("Red teaming", "2026-11-17"))
    await Bot(store, config, channel, Channel("staff"), clock).resync()  # seen, then the bot stops
    clock.advance(hours=3)  # back 3 hours later (grace: 12 h): caught up at the first sync
    await Bot(store, config, channel, Channel("staff"), clock).resync()
    assert [m.title for m in channel.sent] == ["Changes to 1 upcoming session"]

    (site / "_contents" / "L05.md").write_text(post("Jailbreaks", "2026-11-19"))
    await Bot(store, config, channel, Channel("staff"), clock).resync()
    clock.advance(hours=13)  # down beyond the grace window: recorded as skipped, never posted
    late = Bot(store, config, channel, Channel("staff"), clock)
    await late.resync()
    clock.advance(hours=1)
    await late.resync()
    assert len(channel.sent) == 1
    skipped = [e for e in await late.posting.ledger.entries(status="skipped") if e.kind == "notice"]
    assert len(skipped) == 1 and "grace" in (skipped[0].last_error or "")


async def test_a_burst_of_pushes_that_never_goes_quiet_is_still_announced_within_a_bound(
    site: Path, config: CourseConfig, store: Store
) -> None:
    from bot.services.notices import MAX_DELAY_DEBOUNCES

    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()
    first_push = clock.now
    posted_at = []
    for minute in range(60):  # a push every minute for an hour: never 5 quiet minutes
        readings = ("Paper A", "Paper B") + tuple(f"Extra {i}" for i in range(minute + 1))
        (site / "_contents" / "L02.md").write_text(post("Scaling laws", "2026-11-10", readings=readings))
        await bot.resync()
        if len(channel.sent) > len(posted_at):
            posted_at.append(clock.now)
        clock.advance(minutes=1)
    bound = dt.timedelta(minutes=config.notices.debounce_minutes * MAX_DELAY_DEBOUNCES)
    assert posted_at and posted_at[0] - first_push <= bound
    assert all(b - a <= bound for a, b in zip(posted_at, posted_at[1:]))  # and again at that bound after
    assert len(channel.sent) <= 60 // (config.notices.debounce_minutes * MAX_DELAY_DEBOUNCES) + 1
    assert "Reading added: Extra 0" in " / ".join(line.text for line in channel.sent[0].sections[0].lines)


async def test_a_post_broken_fixed_and_broken_again_alerts_each_time(
    site: Path, config: CourseConfig, store: Store
) -> None:
    clock, staff = SettableClock(START), Channel("staff")
    bot = Bot(store, config, Channel(), staff, clock)
    await bot.resync()
    good = post("Alignment", "2026-11-12", notes="team-2")
    bad = "---\ntitle: [Alignment\ndate: 2026-11-12\n---\n"
    for text in (bad, good, bad, good):  # a local folder: no commit tells the two breakages apart
        (site / "_contents" / "L03.md").write_text(text)
        await bot.resync()
        await bot.resync()
    assert [m.title for m in staff.sent] == [
        "Site problem in _contents/L03.md:2", "Fixed: _contents/L03.md:2",
        "Site problem in _contents/L03.md:2", "Fixed: _contents/L03.md:2",
    ]
    assert len({m.key for m in staff.sent}) == 4


async def test_a_session_file_renamed_is_not_removed_and_added(site: Path, config: CourseConfig, store: Store) -> None:
    clock, channel = SettableClock(START), Channel()
    bot = Bot(store, config, channel, Channel("staff"), clock)
    await bot.resync()
    (site / "_contents" / "L03.md").rename(site / "_contents" / "L03-alignment.md")  # same session, new file name
    (site / "_contents" / "L02.md").rename(site / "_contents" / "L02-scaling.md")
    (site / "_contents" / "L02-scaling.md").write_text(post("Scaling laws", "2026-11-10", notes="team-3",
                                                            readings=("Paper A", "Paper B")))
    await bot.resync()
    clock.advance(minutes=6)
    await bot.resync()
    assert [lines(m) for m in channel.sent] == [[
        "Scaling laws (Tue 10 Nov 14:00) | https://course.example/contents/L02-scaling.html | Blog team: team-1 → team-3",
    ]]


async def test_a_push_that_breaks_every_post_is_one_alert_and_its_fix_one_follow_up(
    site: Path, config: CourseConfig, store: Store
) -> None:
    from bot.services.alerts import MAX_ALERTS_PER_SYNC

    clock, staff = SettableClock(START), Channel("staff")
    bot = Bot(store, config, Channel(), staff, clock)
    count = MAX_ALERTS_PER_SYNC + 25
    for i in range(count):
        (site / "_contents" / f"X{i:02d}.md").write_text(post(f"Extra {i}", "2026-11-20"))
    await bot.resync()
    for i in range(count):  # one bad find-and-replace over every post
        (site / "_contents" / f"X{i:02d}.md").write_text("---\ntitle: [Extra\n---\n")
    await bot.resync()
    await bot.resync()
    assert [m.title for m in staff.sent] == [f"{count} site problems"]
    listed = staff.sent[0].description.splitlines()
    assert listed[0].startswith("_contents/X00.md:2: error: ") and "and 10 more" in listed[20]
    for i in range(count):
        (site / "_contents" / f"X{i:02d}.md").write_text(post(f"Extra {i}", "2026-11-20"))
    await bot.resync()
    await bot.resync()
    assert [m.title for m in staff.sent] == [f"{count} site problems", f"{count} site problems fixed"]
    (site / "_contents" / "X00.md").write_text("---\ntitle: [Extra\n---\n")  # one problem: its own alert again
    await bot.resync()
    assert [m.title for m in staff.sent][2:] == ["Site problem in _contents/X00.md:2"]


async def test_an_unchanged_resync_reads_no_session_for_notices_or_alerts(
    site: Path, config: CourseConfig, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notices and staff alerts look at the sessions again only when a sync wrote some (the sessions
    version moved) or, for notices, a new day moved the window: an unchanged tick costs no decoding."""
    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()  # baseline
    reads: list[str] = []
    real_iter = Store.iter_sessions

    def counting(self: Store, **kwargs: object):  # type: ignore[no-untyped-def]
        reads.append("iter")
        return real_iter(self, **kwargs)  # type: ignore[arg-type]

    async def whole_site(self: Store) -> list[object]:
        raise AssertionError("the whole site was loaded")

    monkeypatch.setattr(Store, "iter_sessions", counting)
    monkeypatch.setattr(Store, "all_sessions", whole_site)
    for _ in range(3):
        clock.advance(minutes=10)
        await bot.resync()
    assert reads == [] and channel.sent == [] and staff.sent == []
    (site / "_contents" / "L03.md").write_text(post("Alignment", "2026-11-12", notes="team-3"))
    await bot.resync()
    assert reads == []  # notices and alerts read only the changed session (Store.changed_between)
    clock.advance(minutes=10)
    await bot.resync()  # the change is out (debounce 5 min)
    assert [m.kind for m in channel.sent] == ["notice"]
    reads.clear()
    clock.advance(minutes=10)
    await bot.resync()
    assert reads == []  # quiet again
    clock.advance(days=1)
    await bot.resync()
    assert reads == []  # a new day moved the notices' window on over the same sessions: nothing can be due


async def test_sessions_that_left_the_window_on_quiet_days_are_not_announced_with_the_next_change(
    site: Path, config: CourseConfig, store: Store
) -> None:
    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()  # baseline: L01 (11-03), L02 (11-10), L03 (11-12)
    for _ in range(25):  # quiet days: every session falls more than KEEP_PAST behind, the baseline stays
        clock.advance(days=1)
        await bot.resync()
    assert channel.sent == []
    (site / "_contents" / "L04.md").write_text(post("Red teaming", "2026-12-10"))
    await bot.resync()
    clock.advance(minutes=10)
    await bot.resync()
    assert [m.kind for m in channel.sent] == ["notice"]
    assert [line.split(" (")[0] for line in lines(channel.sent[0])] == ["Red teaming"]  # no "Session removed"
    assert "New session posted" in lines(channel.sent[0])[0]


async def test_staff_alerts_never_build_the_duplicate_lecture_warnings(
    site: Path, config: CourseConfig, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A duplicate lecture id is a warning (never alerted); over a big site sharing a placeholder id its
    messages name every other file (n^2 text): the alert check leaves lecture ids out of the checks."""
    import bot.services.alerts as alerts_module

    for i in range(4, 12):
        text = post(f"Session {i}", f"2026-11-{i + 10}").replace("---\ntitle", "---\nlecture: L-Same\ntitle", 1)
        (site / "_contents" / f"L{i:02d}.md").write_text(text)
    seen: list[str | None] = []
    real = alerts_module.session_problems

    def checking(sessions, config, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(s.lecture for s in sessions)
        return real(sessions, config, **kwargs)

    monkeypatch.setattr(alerts_module, "session_problems", checking)
    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()
    assert len(seen) == 11 and set(seen) == {None}


async def test_staff_alerts_check_only_the_changed_sessions_and_find_what_a_full_check_finds(
    site: Path, config: CourseConfig, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a sync of this store, the alerts' problems are found again for the sessions it changed only
    (``Store.changed_between``), and equal those of a new check over every session: after an unknown team,
    a lost date, a fix, a removed and a new post."""
    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()
    contents = site / "_contents"
    steps = [
        lambda: (contents / "L02.md").write_text(post("Alignment", "2026-11-10", notes="team-9")),
        lambda: (contents / "L03.md").write_text(post("Harms", "2026-11-12").replace("date: 2026-11-12\n", "")),
        lambda: (contents / "L02.md").write_text(post("Alignment", "2026-11-10")),
        lambda: (contents / "L03.md").unlink(),
        lambda: (contents / "L07.md").write_text(post("New", "2026-11-20", notes="team-8")),
    ]
    real_iter = Store.iter_sessions
    for step in steps:
        step()
        clock.advance(minutes=10)
        iterated: list[str] = []

        def counting(self: Store, **kwargs: object):  # type: ignore[no-untyped-def]
            iterated.append("iter")
            return real_iter(self, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Store, "iter_sessions", counting)
        await bot.follower.sync()
        iterated.clear()
        incremental = await bot.alerts._problems()
        assert iterated == []  # only the changed sessions were read
        monkeypatch.undo()
        fresh = Alerts(store, config, bot.staff_posting, bot.follower, clock=clock)
        assert incremental == await fresh._problems()
    assert any("team-8" in p.message for p in incremental.values())


async def test_the_notices_digest_after_a_sync_hashes_only_the_changed_sessions_and_equals_a_full_pass(
    site: Path, config: CourseConfig, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest of the sessions ahead, kept from the last pass and brought up to date with the sessions a
    sync of this store changed, equals the digest of a new pass over every session ahead: after an edit, a
    date moved out of the window, a removed and a new post, and a new day."""
    from bot.services.notices import _Snapshot

    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()
    contents = site / "_contents"
    steps = [
        lambda: (contents / "L02.md").write_text(post("Alignment, edited", "2026-11-10", readings=("Paper B",))),
        lambda: (contents / "L03.md").write_text(post("Harms", "2020-01-01")),  # now far in the past
        lambda: (contents / "L01.md").unlink(),
        lambda: (contents / "L08.md").write_text(post("New", "2026-11-21", notes="team-2")),
        lambda: None,
    ]
    real_iter = Store.iter_sessions
    for n, step in enumerate(steps):
        step()
        clock.advance(days=1) if n == len(steps) - 1 else clock.advance(minutes=10)
        await bot.follower.sync()
        iterated: list[str] = []

        def counting(self: Store, **kwargs: object):  # type: ignore[no-untyped-def]
            iterated.append("iter")
            return real_iter(self, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Store, "iter_sessions", counting)
        kept = await bot.notices._current(clock()).digest()
        assert iterated == []
        monkeypatch.undo()
        assert kept == await _Snapshot(store, bot.notices._oldest(clock())).digest()


async def test_staff_alerts_recheck_the_stored_problems_of_the_parsed_files_only(
    site: Path, config: CourseConfig, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The alert-worthy problems the cache holds are kept by file between checks: after a sync that parsed
    one file, only that file's stored problems are looked at (``Store.problem_files_between``), and the
    problems equal those of a new check: after a post that fails to parse and its fix."""
    import bot.services.alerts as alerts_module

    clock, channel, staff = SettableClock(START), Channel(), Channel("staff")
    bot = Bot(store, config, channel, staff, clock)
    await bot.resync()
    contents = site / "_contents"
    steps = [
        lambda: (contents / "L02.md").write_text("---\ntitle: [unclosed\n---\nbody\n"),  # fails to parse
        lambda: (contents / "L02.md").write_text(post("Scaling laws", "2026-11-10")),
    ]
    real = alerts_module.alert_worthy
    found: list[bool] = []
    for step in steps:
        step()
        clock.advance(minutes=10)
        await bot.follower.sync()
        seen: list[str] = []

        def counting(problem: object) -> bool:
            seen.append(problem.file)  # type: ignore[attr-defined]
            return real(problem)  # type: ignore[arg-type]

        monkeypatch.setattr(alerts_module, "alert_worthy", counting)
        incremental = await bot.alerts._problems()
        monkeypatch.undo()
        assert set(seen) <= {"_contents/L02.md"}
        fresh = Alerts(store, config, bot.staff_posting, bot.follower, clock=clock)
        assert incremental == await fresh._problems()
        found.append(any(p.file == "_contents/L02.md" and p.severity == "error" for p in incremental.values()))
    assert found == [True, False]  # the broken post is alerted on, its fix clears it
