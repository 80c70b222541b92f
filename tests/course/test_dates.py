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


def test_day_without_year_takes_the_terms_year_and_agrees_with_its_weekday():
    from bot.course.dates import resolve_day
    from bot.course.days import parse_day

    autumn = SiteInfo(root=Path("."), year=2022, term="autumn", years=[2023])
    assert resolve_day(parse_day("Wednesday, September 28"), autumn) == dt.date(2022, 9, 28)
    # a weekday that disagrees with the term's year takes another year the site names, if one agrees
    assert resolve_day(parse_day("Thursday, September 28"), autumn) == dt.date(2023, 9, 28)
    # a January day of a Fall term is in the next year
    fall = SiteInfo(root=Path("."), year=2025, term="fall")
    assert resolve_day(parse_day("01/12"), fall) == dt.date(2026, 1, 12)
    assert resolve_day(parse_day("09/10"), SiteInfo(root=Path("."))) is None
    assert resolve_day(parse_day("09/10"), SiteInfo(root=Path(".")), 2030) == dt.date(2030, 9, 10)


def test_sources_in_order_day_key_then_calendar_then_schedule_page_then_body_day():
    from bot.course.models import DAY_FROM_BODY, Traits

    page = site(["", "0118", "0123", "0125"])
    sessions = [
        s("a", traits=Traits(day_text="Thursday, February 1", day_source="day:")),
        s("b", traits=Traits(day_text="03/05", day_source=DAY_FROM_BODY)),
        s("c", front_date=dt.date(2024, 4, 4), traits=Traits(day_text="03/05", day_source="day:")),
    ]
    out = assign_dates(sessions, site=page, calendar=None, year=None)
    assert [x.date for x in out] == [dt.date(2024, 2, 1), dt.date(2024, 1, 23), dt.date(2024, 4, 4)]
    out = assign_dates(sessions[1:2], site=SiteInfo(root=Path("."), year=2024), calendar=None, year=None)
    assert out[0].date == dt.date(2024, 3, 5)


def test_a_title_that_names_the_day_dates_the_session_in_the_terms_year_before_the_schedule_page():
    from bot.course.models import DAY_FROM_BODY, Traits

    fall = SiteInfo(root=Path("."), year=2021, term="fall", schedule_dates=["0901", "0902", "0903", "0904"])
    sessions = [
        s("a", title="Oct 28: Race"),
        s("b", title="Week 2 - Digital History (August 29)", traits=Traits(day_text="09/05", day_source=DAY_FROM_BODY)),
        s("c", title="Jan 4: Overview"),  # a January day of a Fall term: the next year
        s("d", title="Week 3: Lecture 3/4"),  # no day named: the schedule page's (its 4th)
    ]
    out = assign_dates(sessions, site=fall, calendar=None, year=None)
    assert [x.date for x in out] == [dt.date(2021, 10, 28), dt.date(2021, 8, 29), dt.date(2022, 1, 4), dt.date(2021, 9, 4)]


def test_day_without_year_whose_weekday_fits_only_across_new_year_takes_that_year():
    """A term named by a plain year (no season) that runs into January, or starts in late December: a
    year-less day whose weekday disagrees with the term's year but agrees with the year next to it (across
    New Year) is in that year, not on a day of the week the page does not say."""
    from bot.course.dates import resolve_day
    from bot.course.days import parse_day

    plain = SiteInfo(root=Path("."), year=2024)  # "CS 101 2024": Dec 2024 sessions, then January 2025
    assert resolve_day(parse_day("Tuesday, December 3"), plain) == dt.date(2024, 12, 3)
    assert resolve_day(parse_day("Monday, January 6"), plain) == dt.date(2025, 1, 6)
    assert resolve_day(parse_day("Wednesday, January 8"), plain) == dt.date(2025, 1, 8)
    # a Spring term named by the year it mostly runs in, with a first meeting in late December
    spring = SiteInfo(root=Path("."), year=2025, term="spring")
    assert resolve_day(parse_day("Monday, December 30"), spring) == dt.date(2024, 12, 30)
    # no neighbouring year agrees either: the term's year stands (as before)
    assert resolve_day(parse_day("Monday, January 7"), plain) == dt.date(2024, 1, 7)


def test_a_week_number_is_dated_from_the_terms_first_day_and_the_weekday_it_names():
    import datetime as dt
    from pathlib import Path

    from bot.course.dates import week_day
    from bot.course.site import SiteInfo

    site = SiteInfo(root=Path("."), term_start=dt.date(2027, 1, 11))  # a Monday
    assert week_day(site, 1, None) == dt.date(2027, 1, 11)
    assert week_day(site, 2, 3) == dt.date(2027, 1, 21)  # week 2's Thursday
    assert week_day(site, 0, None) is None  # before the term
    assert week_day(SiteInfo(root=Path(".")), 3, None) is None  # no term start: no date
