import datetime as dt
from pathlib import Path

from bot.config import CalendarConfig
from bot.course.dates import assign_dates, parse_schedule_token, schedule_dates
from bot.course.models import Session
from bot.course.site import SiteInfo


def test_schedule_tokens():
    assert parse_schedule_token("0118") == (None, 1, 18)
    assert parse_schedule_token("01/30") == (None, 1, 30)
    assert parse_schedule_token("2/1") == (None, 2, 1)
    assert parse_schedule_token("2024-04-30") == (2024, 4, 30)
    assert parse_schedule_token("W1") is None


def test_leading_empty_token_dropped_and_year_wraps():
    assert schedule_dates(["", "1201", "12/15", "0110", ""], 2024) == [
        dt.date(2024, 12, 1), dt.date(2024, 12, 15), dt.date(2025, 1, 10), None]
    assert schedule_dates(["0118"], None) == [None]


def s(name: str, **kw) -> Session:
    return Session(file=f"_contents/{name}.md", slug=name, title=kw.pop("title", name), lecture=None,
                   collection="_contents", **kw)


def site(tokens: list[str]) -> SiteInfo:
    return SiteInfo(root=Path("."), jekyll=True, schedule_dates=tokens, year=2024)


def test_schedule_page_dates_skip_non_meetings_and_front_date_wins():
    sessions = [s("a"), s("x", meeting=False), s("b", front_date=dt.date(2024, 3, 3)), s("c")]
    out = assign_dates(sessions, site=site(["", "0118", "0123", "0125"]), calendar=CalendarConfig(), year=None)
    assert [x.date for x in out] == [dt.date(2024, 1, 18), None, dt.date(2024, 3, 3), dt.date(2024, 1, 25)]


def test_calendar_wins_over_schedule_page_and_year_argument_over_hint():
    calendar = CalendarConfig(first_day=dt.date(2026, 11, 10), last_day=dt.date(2026, 11, 20), weekdays=["Tue", "Thu"])
    out = assign_dates([s("a"), s("b")], site=site(["", "0118", "0123"]), calendar=calendar, year=None)
    assert [x.date for x in out] == [dt.date(2026, 11, 10), dt.date(2026, 11, 12)]
    out = assign_dates([s("a")], site=site(["", "0118"]), calendar=CalendarConfig(), year=2030)
    assert out[0].date == dt.date(2030, 1, 18)


def test_no_source_means_no_date():
    out = assign_dates([s("a")], site=SiteInfo(root=Path(".")), calendar=None, year=None)
    assert out[0].date is None and out[0].url is None


def test_schedule_page_that_dates_every_post():
    page = site(["", "0118", "0123"])
    page.schedule_skips_non_meetings = False
    out = assign_dates([s("a"), s("x", meeting=False)], site=page, calendar=None, year=None)
    assert [x.date for x in out] == [dt.date(2024, 1, 18), dt.date(2024, 1, 23)]
