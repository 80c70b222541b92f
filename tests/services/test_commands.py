"""Text slash commands (console and Slack): parsing, quoting, errors, and routing to the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.services.commands import COMMANDS, dispatch, split_args
from bot.services.lookups import Lookups
from bot.services.messages import Message
from bot.services.posting import PostOutcome
from bot.store.sessions import SyncReport
from tests.services.test_lookups import CONFIG, Ask, ReportingStore, ask, store  # noqa: F401 (fixtures)

NY = ZoneInfo("America/New_York")


class FakePosting:
    """The part of Posting that commands use."""

    def __init__(self, edits: list[PostOutcome] | None = None) -> None:
        self.previews: list[dt.datetime | None] = []
        self.posted: list[dt.datetime | None] = []
        self.edits = edits or []
        self.synced = 0

    async def preview_digest(self, at: dt.datetime | None = None) -> Message:
        self.previews.append(at)
        return Message(title="digest preview", kind="digest", key="digest:2024-W09")

    async def post_digest(self, at: dt.datetime | None = None) -> PostOutcome:
        self.posted.append(at)
        return PostOutcome(key="digest:2024-W09", kind="digest", action="sent", message_id="42")

    async def after_sync(self, report: object | None = None) -> list[PostOutcome]:
        self.synced += 1
        return self.edits


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('/team "Blog team" S0-L11', ["/team", "Blog team", "S0-L11"]),
        ("/search 'red teaming' llm", ["/search", "red teaming", "llm"]),
        ('/readings "S0-L11', ["/readings", "S0-L11"]),  # unbalanced: plain words, quote dropped
        ("/search it's", ["/search", "it's"]),
        ("/search \"", ["/search"]),
    ],
)
def test_split_args(text: str, words: list[str]) -> None:
    assert split_args(text) == words


async def test_readings_command(ask: Ask) -> None:
    message = await dispatch("/readings S0-L05", ask())
    assert message.title.startswith("Survey human alignment")


async def test_readings_accepts_title_words_and_no_slash(ask: Ask) -> None:
    message = await dispatch("readings toxicity / harmful", ask())
    assert message.title.startswith("FM toxicity")


async def test_unbalanced_quote_does_not_crash(ask: Ask) -> None:
    message = await dispatch('/readings "S0-L11', ask())
    assert message.title.startswith("FM toxicity")


@pytest.mark.parametrize("text", ["/team notes S0-L11", '/team "Blog team" S0-L11', "/team blog team S0-L11", "/TEAM Notes s0-l11",
                                  "/team blog S0-L11", "/teams Blog S0-L11"])
async def test_team_role_key_or_multiword_label(text: str, ask: Ask) -> None:
    message = await dispatch(text, ask())
    assert message.title == "Blog team for S0-L11 · FM toxicity / harmful outputs"


async def test_team_without_session_and_unknown_role(ask: Ask) -> None:
    assert (await dispatch("/team video", ask())).title == "Reading team: upcoming sessions"
    unknown = await dispatch("/team slides S0-L11", ask())
    assert unknown.kind == "error" and "slides" in unknown.description
    usage = await dispatch("/team", ask())
    assert usage.kind == "error" and "notes, video" in usage.description


async def test_a_word_shared_by_several_labels_names_no_role(ask: Ask) -> None:
    shared = await dispatch("/team team S0-L11", ask())  # "Blog team" and "Reading team" both have it
    assert shared.kind == "error" and "Unknown role" in shared.title


async def test_upcoming_and_next_are_other_names_for_schedule(ask: Ask) -> None:
    now = dt.datetime(2024, 1, 1, tzinfo=NY)
    schedule = await dispatch("/schedule 2", ask(now))
    assert await dispatch("/upcoming 2", ask(now)) == schedule
    assert await dispatch("/next 2", ask(now)) == schedule


async def test_schedule_count_parsing(ask: Ask) -> None:
    now = dt.datetime(2024, 1, 1, tzinfo=NY)
    assert len((await dispatch("/schedule 1", ask(now))).sections) == 1
    assert len((await dispatch("/schedule", ask(now))).sections) == 3
    bad = await dispatch("/schedule lots", ask(now))
    assert bad.kind == "error" and "lots" in bad.description
    assert (await dispatch("/schedule 1 2", ask(now))).kind == "error"


async def test_search_joins_words(ask: Ask) -> None:
    message = await dispatch("/search Aligned Language", ask())
    assert [s.heading.split(" · ")[0] for s in message.sections] == ["S0-L11"]
    assert (await dispatch("/search", ask())).kind == "error"


async def test_calendar_command_attaches_ics(ask: Ask) -> None:
    message = await dispatch("/calendar", ask())
    assert message.attachments[0].filename == "course.ics"


async def test_digest_preview_needs_posting(ask: Ask) -> None:
    message = await dispatch("/digest preview", ask())
    assert message.kind == "error" and "posting" in message.description


async def test_digest_preview_with_time_in_course_tz(ask: Ask) -> None:
    posting = FakePosting()
    message = await dispatch("/digest preview 2024-02-25T18:00", ask(), posting)  # type: ignore[arg-type]
    assert message.key == "digest:2024-W09"
    assert posting.previews == [dt.datetime(2024, 2, 25, 18, 0, tzinfo=NY)]
    await dispatch("/digest preview", ask(), posting)  # type: ignore[arg-type]
    assert posting.previews[-1] is None
    bad = await dispatch("/digest preview sunday", ask(), posting)  # type: ignore[arg-type]
    assert bad.kind == "error" and "sunday" in bad.description
    assert (await dispatch("/digest", ask(), posting)).kind == "error"  # type: ignore[arg-type]
    assert (await dispatch("/digest publish", ask(), posting)).kind == "error"  # type: ignore[arg-type]


async def test_digest_post_reports_the_outcome(ask: Ask) -> None:
    posting = FakePosting()
    message = await dispatch("/digest post", ask(), posting)  # type: ignore[arg-type]
    assert posting.posted == [None]
    assert message.description == "The digest for 2024-W09 was posted." and message.ephemeral
    assert "42" not in message.description
    assert (await dispatch("/digest post", ask())).kind == "error"


async def test_sync_command_failure(ask: Ask) -> None:
    message = await dispatch("/sync", ask(), FakePosting())  # type: ignore[arg-type]
    assert message.kind == "error" and message.title == "Sync failed"


async def test_sync_command_edits_posts_in_place_after_the_sync(ask: Ask, store: ReportingStore) -> None:
    store.report = SyncReport(1, 3, 0, 0, [], ["S0-L11"])
    edit = PostOutcome(key="reminder:S0-L11", kind="reminder", action="edited", message_id="7")
    posting = FakePosting([edit])
    message = await dispatch("/sync", ask(), posting)  # type: ignore[arg-type]
    assert (store.synced, posting.synced) == (1, 1)
    assert [s.heading for s in message.sections] == ["Changed", "Posts updated"]
    assert message.sections[-1].lines[0].text == "The reminder for S0-L11 was updated in place."
    alone = await dispatch("/sync", ask())
    assert [s.heading for s in alone.sections] == ["Changed"]


async def test_help_and_empty_line(ask: Ask) -> None:
    message = await dispatch("/help", ask())
    assert message.kind == "reply"
    usages = [l.text for l in message.sections[0].lines]
    assert usages == [c.usage for c in COMMANDS]
    assert [l.text for l in message.sections[1].lines] == ["notes", "video"]
    assert (await dispatch("   ", ask())).title == "Commands"


async def test_unknown_command_is_an_error_without_a_guess_when_nothing_is_close(ask: Ask) -> None:
    message = await dispatch("/dance now", ask())
    assert message.kind == "error" and message.title == "Unknown command /dance"
    assert message.description == "Type /help for the commands." and not message.sections


async def test_failure_inside_a_service_becomes_an_error_message(
    store: ReportingStore, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def locked(query: str, *, limit: int = 25) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(store, "resolve", locked)
    message = await dispatch("/readings S0-L05", Lookups(store, CONFIG))
    assert message.kind == "error" and "/readings" in message.description
    assert "database is locked" in caplog.text


# -- the first hour: typos, examples that work, numbered choices, outcomes in words ------------------------


from bot.services.commands import choice_command, describe_outcome, help_examples, suggest_commands  # noqa: E402
from bot.services.messages import Choice  # noqa: E402


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("/redings", ["readings"]), ("/shedule", ["schedule"]), ("/sch", ["schedule"]), ("/teams", ["team"]),
     ("/calender", ["calendar"]), ("/s", ["schedule", "search", "sync"]), ("/xyzzy", []), ("/dance", [])],
)
def test_suggest_commands(typed: str, meant: list[str]) -> None:
    assert suggest_commands(typed) == meant


async def test_a_typo_gets_did_you_mean_not_the_whole_help(ask: Ask) -> None:
    message = await dispatch("/redings S0-L05", ask())
    assert message.kind == "error" and message.title == "Unknown command /redings"
    assert message.description == "Did you mean /readings? Type /help for every command."
    assert not message.sections
    several = await dispatch("/s", ask())
    assert "Did you mean /schedule, /search or /sync?" in several.description


async def test_help_examples_exist_in_the_loaded_course(ask: Ask) -> None:
    lookups = ask()
    examples = await help_examples(lookups)
    assert examples == "/readings S0-L11 · /team notes · /schedule 3 · /search toxicity" or examples.startswith(
        "/readings S0-L11 · /team notes · /schedule 3 · /search "
    )
    help_text = (await dispatch("/help", lookups)).description
    assert help_text == f"Examples: {examples}"
    for example in examples.split(" · "):
        answer = await dispatch(example, lookups)
        assert answer.kind != "error", (example, answer)
        assert answer.sections, example  # each finds something real
    after_the_course = await help_examples(ask(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)))
    assert after_the_course.startswith("/readings S0-L05")  # no upcoming session: the first one


async def test_help_without_sessions_has_no_examples(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.store.sessions import Store

    empty = await Store.open(tmp_path / "empty.sqlite3")
    try:
        message = await dispatch("/help", Lookups(empty, CONFIG, clock=lambda: dt.datetime(2024, 2, 20, tzinfo=dt.UTC)))
    finally:
        await empty.close()
    assert message.description == "" and message.sections


async def test_a_numbered_choice_becomes_the_same_command_with_the_session(ask: Ask) -> None:
    lookups = ask()
    offered = await dispatch("/readings S0-Intro", lookups)
    assert [c.value for c in offered.choices] == ["S0-L05", "S0-L11"]
    line = choice_command("/readings S0-Intro", offered.choices[1], lookups)
    assert line == "/readings S0-L11"
    assert (await dispatch(line, lookups)).title.startswith("FM toxicity")
    team = await dispatch('/team "Blog team" S0-Intro', lookups)
    line = choice_command('/team "Blog team" S0-Intro', team.choices[0], lookups)
    assert line == "/team 'Blog team' S0-L05"
    answer = await dispatch(line, lookups)
    assert answer.title == "Blog team for S0-L05 · Survey human alignment"
    assert choice_command("/readings x", Choice(value="S0 L05", label="odd"), lookups) == "/readings 'S0 L05'"


@pytest.mark.parametrize(
    ("outcome", "text"),
    [
        (PostOutcome("digest:2024-W09", "digest", "sent", "42"), "The digest for 2024-W09 was posted."),
        (PostOutcome("reminder:S0-L11", "reminder", "edited", "7"), "The reminder for S0-L11 was updated in place."),
        (PostOutcome("digest:2024-W09", "digest", "unchanged", "42"), "The digest for 2024-W09 was already posted, and unchanged."),
        (PostOutcome("digest:2024-W09", "digest", "failed", None, "Missing Access"),
         "The digest for 2024-W09 could not be posted (Missing Access)."),
        (PostOutcome("digest:2024-W10", "digest", "empty"), "The digest for 2024-W10 was not posted: there is nothing in it."),
    ],
)
def test_outcomes_are_told_in_words(outcome: PostOutcome, text: str) -> None:
    assert describe_outcome(outcome) == text


@pytest.mark.parametrize(
    "line", ["/readings", "/team", "/team dancers", "/schedule x", "/schedule 1 2", "/schedule 0", "/search",
             "/digest", "/digest preview", "/readings zzzz qqqq", "/nope"],
)
async def test_error_titles_say_what_went_wrong(ask: Ask, line: str) -> None:
    message = await dispatch(line, ask())
    assert message.kind == "error"
    assert message.title not in {"Sorry", "Error", ""}


async def test_no_match_offers_only_relevant_sessions_or_says_there_is_none(ask: Ask) -> None:
    unrelated = await dispatch("/readings qwerty keyboard", ask())
    assert unrelated.kind == "error" and unrelated.choices == ()
    assert "Try /schedule to see the sessions." in unrelated.description
    from bot.services.lookups import relevant_suggestions
    from tests.services.test_lookups import SESSIONS

    assert [s.slug for s in relevant_suggestions("harm multimodal respnses", SESSIONS)][:1] == ["S0-L12"]
    assert [s.slug for s in relevant_suggestions("L5", SESSIONS)] == ["S0-L05"]  # a part of the slug
    assert relevant_suggestions("qwerty keyboard", SESSIONS) == []
