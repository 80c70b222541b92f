"""Lookups: readings, team, schedule, search, calendar, suggest and sync answers as neutral messages.

Run against the real Store on a temporary SQLite file filled with small hand-made sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot.config import CourseConfig, CourseSection, Member, Team
from bot.course.models import Problem, Reading, Session
from bot.services.lookups import Lookups
from bot.services.refs import session_ref
from bot.store.sessions import Store, SyncError, SyncReport
from bot.store.sync import write_sessions

NY = ZoneInfo("America/New_York")

Ask = Callable[..., Lookups]


def names(line: Line) -> str:
    """The people a line names (renderers show them), as text."""
    return ", ".join(p.name for p in line.people)


class ReportingStore(Store):
    """A real Store whose sync returns a given report (or fails), to test how /sync reports it."""

    report: SyncReport | None = None
    synced = 0

    async def sync(self, config: CourseConfig) -> SyncReport:
        self.synced += 1
        if self.report is None:
            raise SyncError(f"{config.site_path}: no such folder")
        return self.report


def reading(title: str, *urls: str, required: bool = True, abstract: str = "") -> Reading:
    return Reading("Required Readings" if required else "More Readings", required, title, tuple(urls), abstract)


SESSIONS = [
    Session(
        file="_contents/S0-L05.md",
        slug="S0-L05",
        title="Survey  human alignment",
        lecture="S0-Intro",
        date=dt.date(2024, 2, 6),
        url="https://course.example/S0-L05/",
        roles={"notes": "team-3", "video": "team-5"},
        readings=(
            reading("Aligning LLMs with Human", "https://arxiv.org/abs/2307.12966", "https://hf.co/blog/rlhf"),
            reading("Awesome-RLHF", "https://github.com/opendilab/awesome-RLHF", required=False),
            reading("Instruction tuning without a link"),
            reading(
                "DPO",
                "https://arxiv.org/abs/2305.18290",
                required=False,
                abstract="We introduce a new parameterization of the reward model in RLHF that enables extraction",
            ),
        ),
    ),
    Session(
        file="_contents/S0-L11.md",
        slug="S0-L11",
        title="FM toxicity / harmful outputs",
        lecture="S0-Intro",
        date=dt.date(2024, 2, 27),
        url="https://course.example/S0-L11/",
        roles={"notes": "team-3", "video": "team-1"},
        readings=(
            reading("Fine-tuning Aligned Language Models Compromises Safety", "https://arxiv.org/abs/2310.03693"),
            reading("Red teaming language models with human feedback", "https://arxiv.org/abs/2202.03286", required=False),
        ),
    ),
    Session(
        file="_contents/S0-L12.md",
        slug="S0-L12",
        title="LLM multimodal harm responses",
        lecture="S1-LLM",
        date=dt.date(2024, 2, 29),
        url="https://course.example/S0-L12/",
        roles={"notes": "team-4, team-1"},
    ),
    Session(file="_contents/S0-L27.md", slug="S0-L27", title="review", lecture=None, date=None),
]

CONFIG = CourseConfig(
    course=CourseSection(name="GenAI Risks", timezone="America/New_York"),
    roles={"notes": "Blog team", "video": "Reading team"},
    teams=[
        Team(id="team-1", members=[Member(name="Ada Lovelace", discord_id=1), Member(name="Alan Turing")]),
        Team(id="team-3", members=[Member(name="Barbara Liskov")]),
        Team(id="team-4", members=[Member(name="Frances Allen")]),
    ],
)

FEB_20 = dt.datetime(2024, 2, 20, 12, 0, tzinfo=NY)


async def open_store(path: Path, sessions: list[Session] = SESSIONS, cls: type[Store] = Store) -> Store:
    store = await cls.open(path)
    await write_sessions(store.db, sessions)
    return store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[ReportingStore]:
    opened = await open_store(tmp_path / "cache.sqlite3", cls=ReportingStore)
    assert isinstance(opened, ReportingStore)
    yield opened
    await opened.close()


@pytest.fixture
def ask(store: Store) -> Ask:
    """``ask(now=FEB_20)``: Lookups over the test store with the clock stopped at ``now``."""

    def make(now: dt.datetime = FEB_20) -> Lookups:
        return Lookups(store, CONFIG, clock=lambda: now)

    return make


async def test_readings_required_first_in_document_order(ask: Ask) -> None:
    message = await ask().readings("S0-L05")
    assert message.kind == "reply"
    assert message.title == "Survey human alignment (S0-Intro, Tue 6 Feb 14:00)"
    assert message.url == "https://course.example/S0-L05/"
    assert [s.heading for s in message.sections] == ["Required readings", "More readings"]
    required, more = message.sections
    assert [l.text for l in required.lines] == ["Aligning LLMs with Human", "Instruction tuning without a link"]
    assert [l.text for l in more.lines] == ["Awesome-RLHF", "DPO"]
    first = required.lines[0]
    assert (first.url, first.note) == ("https://arxiv.org/abs/2307.12966", "https://hf.co/blog/rlhf")
    assert required.lines[1].url is None  # readings without links are still shown
    assert message.mentions == ()


async def test_readings_of_session_without_readings(ask: Ask) -> None:
    message = await ask().readings("S0-L12")
    assert message.sections == () and "no readings" in message.description


async def test_ambiguous_query_offers_choices_not_a_guess(ask: Ask) -> None:
    message = await ask().readings("S0-Intro")
    assert message.sections == ()
    assert [c.value for c in message.choices] == ["S0-L05", "S0-L11"]
    assert message.choices[0].label == "S0-L05 · Survey human alignment"
    assert message.choices[0].description == "Tue 6 Feb 14:00"
    assert "2 sessions" in message.title and "Pick" in message.description


async def test_unknown_query_is_an_error_with_suggestions(ask: Ask) -> None:
    message = await ask().readings("S0-L9")
    assert message.kind == "error"
    assert "S0-L9" in message.description
    assert [c.value for c in message.choices] == ["S0-L05", "S0-L11", "S0-L12", "S0-L27"]


async def test_empty_query_is_an_error(ask: Ask) -> None:
    assert (await ask().readings("  ")).kind == "error"


async def test_team_by_key_lists_upcoming_sessions_with_members_without_pinging(ask: Ask) -> None:
    message = await ask().team("notes")
    assert message.title == "Blog team: upcoming sessions"
    assert [s.heading for s in message.sections] == ["S0-L11 · FM toxicity / harmful outputs", "S0-L12 · LLM multimodal harm responses"]
    l11, l12 = (s.lines[0] for s in message.sections)
    assert l11.text == "Blog team: team-3" and [p.name for p in l11.people] == ["Barbara Liskov"]
    assert names(l12) == "Frances Allen, Ada Lovelace, Alan Turing"  # a value naming two teams
    assert message.sections[0].when == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    assert message.mentions == ()


async def test_team_by_label_case_insensitive_for_one_session(ask: Ask) -> None:
    message = await ask().team("reading TEAM", "S0-L11")
    assert message.title == "Reading team for S0-L11 · FM toxicity / harmful outputs"
    (line,) = message.sections[0].lines
    assert line.text == "Reading team: team-1" and names(line) == "Ada Lovelace, Alan Turing"
    assert line.people[0].discord_user_id == 1 and message.mentions == ()


async def test_team_role_not_assigned_in_session(ask: Ask) -> None:
    message = await ask().team("video", "S0-L12")
    assert message.sections[0].lines[0].text == "Reading team: not assigned"


async def test_team_ambiguous_session_offers_choices(ask: Ask) -> None:
    message = await ask().team("notes", "S0-Intro")
    assert [c.value for c in message.choices] == ["S0-L05", "S0-L11"]


async def test_unknown_role_lists_configured_roles(ask: Ask) -> None:
    message = await ask().team("slides")
    assert message.kind == "error"
    assert "slides" in message.description
    assert "notes (Blog team)" in message.description and "video (Reading team)" in message.description


async def test_roles_and_role_key(ask: Ask) -> None:
    found = ask()
    assert found.roles() == [("notes", "Blog team"), ("video", "Reading team")]
    assert found.role_key("Blog  Team") == "notes" and found.role_key("NOTES") == "notes"
    assert found.role_key("slides") is None


async def test_schedule_uses_the_injected_clock(ask: Ask) -> None:
    message = await ask().schedule(5)
    assert [s.heading.split(" · ")[0] for s in message.sections] == ["S0-L11", "S0-L12"]  # undated left out
    first = message.sections[0]
    assert first.url == "https://course.example/S0-L11/"
    assert first.when == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)
    assert [l.text for l in first.lines] == ["Blog team: team-3", "Reading team: team-1"]
    later = await ask(dt.datetime(2024, 2, 28, 9, 0, tzinfo=NY)).schedule(5)
    assert [s.heading.split(" · ")[0] for s in later.sections] == ["S0-L12"]


async def test_schedule_count_limits_and_validation(ask: Ask) -> None:
    assert len((await ask(dt.datetime(2024, 1, 1, tzinfo=NY)).schedule(2)).sections) == 2
    assert (await ask().schedule(0)).kind == "error"
    empty = await ask(dt.datetime(2024, 6, 1, tzinfo=NY)).schedule()
    assert empty.kind == "reply" and empty.sections == () and "No upcoming" in empty.description


async def test_search_groups_hits_by_session(ask: Ask) -> None:
    message = await ask().search("compromises")
    assert [s.heading for s in message.sections] == ["S0-L11 · FM toxicity / harmful outputs"]
    (hit,) = message.sections[0].lines
    assert hit.text == "Fine-tuning Aligned Language Models Compromises Safety"
    assert hit.url == "https://arxiv.org/abs/2310.03693"
    assert hit.note is None  # the snippet would only repeat the title
    assert message.description == "1 reading in 1 session."

    grouped = await ask().search("human")  # reading titles, and every reading of a session titled so
    assert [s.heading.split(" · ")[0] for s in grouped.sections] == ["S0-L05", "S0-L11"]
    assert grouped.sections[0].lines[0].text == "Aligning LLMs with Human"  # best hit first
    assert len(grouped.sections[0].lines) == 4
    assert grouped.description == "5 readings in 2 sessions."


async def test_search_shows_abstract_snippets(ask: Ask) -> None:
    message = await ask().search("parameterization")
    (hit,) = message.sections[0].lines
    assert hit.text == "DPO" and hit.note is not None and "parameterization" in hit.note


async def test_search_without_hits_and_without_text(ask: Ask) -> None:
    assert "No readings match" in (await ask().search("zebra")).description
    assert (await ask().search(" ")).kind == "error"


async def test_calendar_attachment_parses(ask: Ask) -> None:
    message = await ask().calendar()
    (attachment,) = message.attachments
    assert (attachment.filename, attachment.content_type) == ("course.ics", "text/calendar")
    cal = icalendar.Calendar.from_ical(attachment.data)
    assert sorted(str(e["uid"]).rsplit("-", 1)[0] for e in cal.walk("VEVENT")) == ["S0-L05", "S0-L11", "S0-L12"]
    assert "3 sessions" in message.description


async def test_suggest_upcoming_first_in_course_today(ask: Ask) -> None:
    late = dt.datetime(2024, 2, 28, 3, 0, tzinfo=dt.UTC)  # still the 27th in New York: S0-L11 is today
    choices = await ask(late).suggest("S0-L")
    assert [c.value for c in choices] == ["S0-L11", "S0-L12", "S0-L05", "S0-L27"]
    assert choices[0].label.startswith("S0-L11 · S0-Intro")
    assert [c.value for c in await ask(dt.datetime(2024, 2, 28, 6, 0, tzinfo=dt.UTC)).suggest("S0-L1")] == ["S0-L12", "S0-L11"]


async def test_sync_reports_counts_changes_and_first_problems(ask: Ask, store: ReportingStore) -> None:
    problems = [Problem(f"_contents/S0-L{i:02d}.md", i, "warning", "reading without a link") for i in range(12)]
    problems.append(Problem("_contents/S0-L99.md", 3, "error", "front matter is not YAML"))
    store.report = SyncReport(3, 25, 1, 1, problems, [f"S0-L{i:02d}" for i in range(30)])
    message = await ask().sync()
    assert store.synced == 1 and message.ephemeral
    assert "3 parsed, 25 unchanged, 1 removed, 1 failed" in message.description
    changed, shown = message.sections
    assert changed.heading == "Changed (first 25 of 30)" and changed.lines[0].text == "S0-L00"
    assert shown.heading == "Problems (first 10 of 13)" and len(shown.lines) == 10
    assert shown.lines[0].text == "_contents/S0-L99.md:3: error: front matter is not YAML"  # errors first
    assert shown.lines[1].text == "_contents/S0-L00.md:0: warning: reading without a link"


async def test_sync_failure_is_a_clear_error(ask: Ask, store: ReportingStore) -> None:
    message = await ask().sync()
    assert message.kind == "error" and "no such folder" in message.description


async def test_naive_clock_is_refused(ask: Ask) -> None:
    with pytest.raises(ValueError, match="aware"):
        await ask(dt.datetime(2024, 2, 20)).schedule()


# -- a site on disk, synced by the real Store ----------------------------------------------------------


def write_post(root: Path, slug: str, title: str, lecture: str, notes: str, body: str) -> None:
    (root / "_contents" / f"{slug}.md").write_text(
        f"---\ntitle: {title}\nlecture: {lecture}\nnotes: {notes}\nvideo: team-1\n---\n\n{body}"
        "\n<!--excerpt.start-->\n\n# Blog\n\nStudent notes, not readings.\n",
        encoding="utf-8",
    )


READINGS_BODY = (
    "## More Readings\n\n### Background survey\n+ https://example.org/survey\n\n"
    "## Required Readings\n\n### Paper One\n+ https://arxiv.org/abs/1\n+ https://example.org/one-code\n\n"
    "### Paper Two without link\n\n"
)


def write_inline_site(root: Path) -> Path:
    (root / "_contents").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Inline Seminar\nurl: https://example.org\nbaseurl: /seminar\ncollections:\n  contents:\n    output: true\n"
    )
    write_post(root, "S0-L01", "Introduction", "L-Intro", "team-3", READINGS_BODY)
    write_post(root, "S0-L02", "Alignment survey", "L-Intro", "team-4", "## Required Readings\n\n### RLHF\n+ https://arxiv.org/abs/2\n")
    return root


async def test_sync_an_inline_site_then_answer_from_it(tmp_path: Path) -> None:
    site = write_inline_site(tmp_path / "site")
    config = CONFIG.model_copy(
        update={
            "course": CONFIG.course.model_copy(update={"site": site}),
            "calendar": CONFIG.calendar.model_copy(update={"dates": [dt.date(2024, 1, 16), dt.date(2024, 1, 18)]}),
        }
    )
    store = await Store.open(tmp_path / "cache.sqlite3")
    try:
        lookups = Lookups(store, config, clock=lambda: dt.datetime(2024, 1, 10, tzinfo=NY))
        first = await lookups.sync()
        assert first.kind == "reply" and "2 parsed, 0 unchanged, 0 removed, 0 failed" in first.description

        answer = await lookups.readings("S0-L01")
        assert [s.heading for s in answer.sections] == ["Required readings", "More readings"]
        assert [(l.text, l.url, l.note) for l in answer.sections[0].lines] == [
            ("Paper One", "https://arxiv.org/abs/1", "https://example.org/one-code"),
            ("Paper Two without link", None, None),
        ]
        assert answer.title == "Introduction (L-Intro, Tue 16 Jan 14:00)"
        assert [c.value for c in (await lookups.readings("L-Intro")).choices] == ["S0-L01", "S0-L02"]

        write_post(site, "S0-L02", "Alignment survey", "L-Intro", "team-1", "## Required Readings\n\n### RLHF\n")
        second = await lookups.sync()
        assert "1 parsed, 1 unchanged" in second.description
        assert [l.text for l in second.sections[0].lines] == ["S0-L02"]
        team = await lookups.team("notes", "S0-L02")
        assert names(team.sections[0].lines[0]) == "Ada Lovelace, Alan Turing"

        gone = await Lookups(store, config.model_copy(update={"course": CONFIG.course.model_copy(update={"site": tmp_path / "nope"})})).sync()
        assert gone.kind == "error" and "nope" in gone.description
        assert len(await store.all_sessions()) == 2  # the cache is untouched
    finally:
        await store.close()


# -- the real corpus ------------------------------------------------------------------------------------


@pytest.fixture
async def corpus_lookups(corpus_dir: Path, tmp_path: Path) -> AsyncIterator[Lookups]:
    site = corpus_dir / "2024sp-GenAI-Risk-Benefits@06463c0"
    config = CONFIG.model_copy(update={"course": CONFIG.course.model_copy(update={"site": site})})
    store = await Store.open(tmp_path / "corpus.sqlite3")
    report = await store.sync(config)
    assert report.failed == 0
    yield Lookups(store, config, clock=lambda: dt.datetime(2024, 2, 25, 18, 0, tzinfo=NY))
    await store.close()


async def test_corpus_repeated_lecture_id_is_ambiguous(corpus_lookups: Lookups, corpus_dir: Path) -> None:
    import json

    gold = json.loads((corpus_dir / "gold" / "2024sp-GenAI-Risk-Benefits@06463c0.json").read_text())
    expected = [p["slug"] for p in gold["posts"] if p["lecture"] == "S0-Intro"]
    message = await corpus_lookups.readings("S0-Intro")
    assert message.sections == () and len(expected) == 22
    assert sorted(c.value for c in message.choices) == sorted(expected)
    assert "22 sessions" in message.title


async def test_corpus_readings_and_schedule(corpus_lookups: Lookups) -> None:
    message = await corpus_lookups.readings("S0-L11")
    required = message.sections[0]
    assert required.heading == "Required readings"
    assert required.lines[0].text.startswith("Fine-tuning Aligned Language Models Compromises Safety")
    assert required.lines[0].url == "https://arxiv.org/abs/2310.03693"
    assert message.sections[1].lines[0].text.startswith("SafeText")
    schedule = await corpus_lookups.schedule(2)
    assert [s.heading.split(" · ")[0] for s in schedule.sections] == ["S0-L11", "S0-L12"]
    assert schedule.sections[0].when == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)


async def test_corpus_calendar(corpus_lookups: Lookups) -> None:
    (attachment,) = (await corpus_lookups.calendar()).attachments
    events = {str(e["uid"]).rsplit("-", 1)[0]: e for e in icalendar.Calendar.from_ical(attachment.data).walk("VEVENT")}
    assert len(events) == 28
    assert events["S0-L11"].decoded("dtstart") == dt.datetime(2024, 2, 27, 14, 0, tzinfo=NY)


async def test_a_shortened_reference_names_its_session_and_only_that_one(tmp_path: Path) -> None:
    """A choice's value on a platform that caps it (Discord: 100 characters) is the slug when it fits, else
    a reference (bot.services.refs) that names the session even when slugs share their first 100 characters."""
    stem = "S1-" + "x" * 120
    long = [Session(file=f"_contents/{stem}{n}.md", slug=f"{stem}{n}", title=f"Long {n}", lecture="L-Long",
                    date=dt.date(2024, 3, n))
            for n in (1, 2)]
    store = await open_store(tmp_path / "refs.sqlite3", SESSIONS + long)
    try:
        ask = Lookups(store, CONFIG, clock=lambda: FEB_20)
        for session in long:
            ref = session_ref(session.slug, 100)
            assert len(ref) == 100 and ref != session.slug[:100]
            message = await ask.readings(ref)
            assert message.kind == "reply" and message.title.startswith(session.title), message
        assert session_ref("S0-L05", 100) == "S0-L05"
    finally:
        await store.close()
