"""Session dates and page URLs.

The date of a session, first source that has one (shared/corpus/gold/SPEC.md: "the session's date as the
site's schedule page shows it"):

0. the site's schedule entry for the session's page: an entry of its schedule data (``_data/schedule.yml``,
   the schedule page's front matter ``weeks:`` -> day -> ``{date, content}`` keying ``_data/modules.yml`` rows)
   or a row of a schedule table (``| Sep 26 | [Analyzing Text](/schedule/05-text-lab) |``) that links the page
   (``bot.course.data_schedule``), in the term's year when it names none. It names the page, so it is the date
   the schedule shows even where the page's own date key says another (a copy of the week before);
1. the post's own full date: a front matter date key (``date:``, ``due_date:``, ... see
   ``session_vocabulary.DATE_KEYS``) or a ``YYYY-MM-DD-title`` file name (``parse_post`` sets ``front_date``);
   A page that writes its whole date on a line of its own under its title heading (``# Week 8 Notes`` over
   ``October 23, 2013``, ``days.opening_date_line``), when its front matter names no day, is so dated too;
2. a day the post gives without a year (``day: Wednesday, September 28``), in the term's year
   (``_config.yml`` or the home page: ``SiteInfo.year``); a weekday, where given, must agree with it;
   else the day its title names (``Week 2 - Digital History (August 29)``, ``Oct 28: Race``,
   ``November 1, 2024``; ``days.title_day``), the same way; else the day of the schedule table's row keyed by the
   page's number (``| 1 | April 25th |`` for ``Session 1`` / ``session1``: ``schedule_rows.numbered_rows``);
3. the configured calendar (meeting dates taken in session order over meeting sessions): staff set
   it on purpose, so it comes before what coursebot infers from the order of the site's pages;
4. the schedule page's Liquid date list, matched by position to the posts the page dates (meeting sessions
   when its template skips extra / platform / "Section" posts, else every post): by position, not by a link,
   so it only fills the sessions nothing else dates;
5. the first meeting day a module file lists (a definition-list term ``09/10``), in the term's year;

otherwise none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from bot.config import CalendarConfig
from bot.course.data_schedule import entry_days, iter_days, numbered_names, reference_parts
from bot.course.days import Day, parse_day, parse_schedule_token, title_day
from bot.course.models import DAY_FROM_BODY, Session, date_out_of_range
from bot.course.session_vocabulary import LATE_TERMS
from bot.course.select import collection_name
from bot.course.site import SiteInfo, session_url

_POST_PREFIX_LENGTH = len("YYYY-MM-DD-")
ACADEMIC_YEAR_START = 8  # an academic year's first month, about: August

def resolve_day(day: Day, site: SiteInfo, year: int | None = None) -> dt.date | None:
    """The date of a day written without a year: the year the site names for its term (``year`` when
    given, else ``site.year``; a January..June day of a Fall/Autumn term falls in the next year, a January..July
    day of an academic year the site names, "2020-21", in its second year). When
    a weekday is given and disagrees, another year the site names whose calendar agrees is taken, or the
    year next to the term's across New Year (a January or February day: the next; November or December: the
    one before) when its calendar agrees; when none agrees, the term's year stands."""
    if day.year is not None:
        return _date(day.year, day.month, day.day)
    base = year if year is not None else site.year
    candidates: list[int] = []
    if base is not None:
        late = site.term in LATE_TERMS and day.month < 7
        if site.academic_year and base == site.year:  # "2020-21": August..December in 2020, January..July in 2021
            late = day.month < ACADEMIC_YEAR_START
        candidates.append(base + 1 if late else base)
    for other in site.years:
        if other not in candidates:
            candidates.append(other)
    if not candidates:
        return None
    if day.weekday is not None:
        if base is not None:  # a term that crosses New Year: the year next to the term's, if its weekday agrees
            across = base + 1 if day.month <= 2 else base - 1 if day.month >= 11 else None
            if across is not None and across not in candidates:
                candidates.append(across)
        for candidate in candidates:
            found = _date(candidate, day.month, day.day)
            if found is not None and found.weekday() == day.weekday:
                return found
        if base is None:
            return None
    return _date(candidates[0], day.month, day.day)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def schedule_dates(tokens: Sequence[str], year: int | None, *, academic: bool = False) -> list[dt.date | None]:
    """The schedule page's dates in order. A Liquid list written ``"|0118|0123|..."`` starts with an
    empty token that the page never shows (its counter is incremented before use), so a leading empty
    token is dropped; other empty or unreadable tokens stay as gaps (None). Month-day tokens take
    ``year``, moving to the next year when the months wrap (December -> January). ``academic``: ``year``
    opens an academic year ("2020-21"), so a list whose first day falls before August starts in the next."""
    tokens = list(tokens)
    if tokens and not tokens[0].strip():
        tokens = tokens[1:]
    out: list[dt.date | None] = []
    current_year = year
    if academic and year is not None:
        first = next((p for p in map(parse_schedule_token, tokens) if p is not None), None)
        if first is not None and first[0] is None and first[1] < ACADEMIC_YEAR_START:
            current_year = year + 1
    last_month = 0
    for token in tokens:
        parsed = parse_schedule_token(token)
        if parsed is None:
            out.append(None)
            continue
        explicit, month, day = parsed
        if explicit is not None:
            current_year = explicit
        elif current_year is not None and month < last_month:
            current_year += 1
        last_month = month
        if current_year is None:
            out.append(None)
            continue
        try:
            date: dt.date | None = dt.date(current_year, month, day)
        except ValueError:
            date = None
        out.append(date if date is not None and date_out_of_range(date) is None else None)
    return out


def data_schedule_day(session: Session, site: SiteInfo,
                      index: dict[str, list[tuple[tuple[str, ...], str]]] | None = None) -> str | None:
    """The day the site's schedule data gives ``session`` (an entry linking its page), as written; None when
    no entry links it. A link names the page by its file name, after the collection's folder, its permalink's
    folder or no folder (``notes/introduction``, ``/talks/kickoff/``, ``introduction``); a ``_posts`` file also
    by its name without the date (``/2015/01/23/lecture-1/``); any page also by its own front matter permalink
    (``permalink: /lectures/intro/`` linked as ``{{ site.baseurl }}/lectures/intro/``)."""
    index = entry_days(site.data_schedule) if index is None else index
    if not index:
        return None
    label = collection_name(session.collection)
    names = [session.slug.lower()]
    if label == "posts" and len(session.slug) > _POST_PREFIX_LENGTH and session.slug[4] == "-":
        names.append(session.slug[_POST_PREFIX_LENGTH:].lower())
    for folder in _page_folders(site, session, label):
        day = iter_days(index, names, folder)
        if day is not None:
            return day
    own = reference_parts(session.traits.permalink) if session.traits.permalink else ()
    if own:  # the page's own permalink (``permalink: /lectures/intro/``), linked as such: its folders agree
        prefix = own[:-1]
        for folders, day in index.get(own[-1], ()):
            if not folders or (prefix and folders[-len(prefix):] == prefix):
                return day
    return None


def numbered_day(session: Session, index: dict[str, list[tuple[tuple[str, ...], str]]]) -> str | None:
    """The day a schedule table keyed by meeting number (``| session | date |`` over ``| 1 | April 25th |``,
    bot.course.schedule_rows.numbered_rows) gives the page its title or file name numbers so (``Session 1``,
    ``session1``), as written; None when no row numbers it. A number names a page less surely than a link: the
    page's own date comes first."""
    for name in numbered_names(session.title, session.slug):
        for _folders, day in index.get(name, ()):
            return day
    return None


def _page_folders(site: SiteInfo, session: Session, label: str) -> list[str]:
    """The folder words a link to the session's page may carry: the collection's name, the first fixed part
    of its permalink (``/talks/:name/`` -> ``talks``), the year for posts (``/2015/01/23/...``)."""
    out = [label]
    collection = next((c for c in site.collections if c.folder == session.collection), None)
    if collection is not None and collection.permalink:
        fixed = [p for p in reference_parts(collection.permalink) if not p.startswith(":")]
        out += fixed[:1]
    if label == "posts" and session.front_date is not None:
        out.append(f"{session.front_date.year:04d}")
    return out


def assign_dates(
    sessions: Sequence[Session],
    *,
    site: SiteInfo,
    calendar: CalendarConfig | None = None,
    year: int | None = None,
    counted: tuple[int, int] = (0, 0),
) -> list[Session]:
    """Sessions (in Jekyll order) with ``date`` and ``url`` filled in; see the module docstring.
    ``counted``: how many meeting sessions and how many sessions the schedule page counts come before the
    first of ``sessions`` (see :func:`counts_toward`), when ``sessions`` is a run from the middle of the
    site's order (the sync re-dating only the sessions it parsed)."""
    meeting_dates = calendar.meeting_dates() if calendar is not None else []
    page_dates = schedule_dates(site.schedule_dates, year if year is not None else site.year,
                                academic=site.academic_year and year in (None, site.year))
    out: list[Session] = []
    meeting_index = counted[0]  # position among meeting sessions (the calendar's dates)
    page_index = counted[1]  # position among the posts the schedule page gives a date
    data_index = entry_days(site.data_schedule)
    for session in sessions:
        traits = session.traits
        date = None
        if data_index:  # the schedule's own entry for the page: the date the schedule shows (SPEC)
            linked = data_schedule_day(session, site, data_index)
            day = parse_day(linked, site.language) if linked else None
            if day is not None:  # a day without a year: the term's, else the year of the page's own date
                own_year = session.front_date.year if session.front_date is not None else None
                date = resolve_day(day, site, year if year is not None or site.year is not None else own_year)
        if date is None:
            date = session.front_date
        if date is None and traits.day_text and traits.day_source != DAY_FROM_BODY:
            day = parse_day(traits.day_text, site.language)
            date = resolve_day(day, site, year) if day is not None else None
        if date is None:
            named = title_day(session.title)  # "Week 2 - Digital History (August 29)", "Oct 28: Race"
            day = parse_day(named, site.language) if named else None
            date = resolve_day(day, site, year) if day is not None else None
        if date is None and data_index:  # the schedule's row keyed by the page's number ("| 1 | April 25th |")
            numbered = numbered_day(session, data_index)
            day = parse_day(numbered, site.language) if numbered else None
            date = resolve_day(day, site, year) if day is not None else None
        if session.meeting:
            if date is None and meeting_index < len(meeting_dates):
                date = meeting_dates[meeting_index]
            meeting_index += 1
        if date is None and traits.week is not None and site.term_start is not None:
            date = week_day(site, traits.week, traits.weekday)
        if counts_toward(session, site)[1]:
            if date is None and page_index < len(page_dates):
                date = page_dates[page_index]
            page_index += 1
        if date is None and traits.day_text and traits.day_source == DAY_FROM_BODY:
            day = parse_day(traits.day_text, site.language)
            date = resolve_day(day, site, year) if day is not None else None
        if date is not None and date_out_of_range(date) is not None:
            date = None  # never served (the post's own date is reported by the parser)
        out.append(replace(session, date=date, url=session_url(site, session)))
    return out



def week_day(site: SiteInfo, week: int, weekday: int | None) -> dt.date | None:
    """The day of a session given by its week of the term (``week: 3``): the week's first day (the term's first
    day, then every 7 days), or the first ``weekday`` (0 = Monday) on or after it when the session names one.
    None without a term start, or before it."""
    if site.term_start is None or week < site.term_start_week:
        return None
    start = site.term_start + dt.timedelta(days=7 * (week - site.term_start_week))
    if weekday is not None:
        start += dt.timedelta(days=(weekday - start.weekday()) % 7)
    return start


def counts_toward(session: Session, site: SiteInfo) -> tuple[bool, bool]:
    """Whether ``session`` takes the next of the calendar's meeting dates and the next of the schedule page's
    dates (by position, see :func:`assign_dates`)."""
    return counts_toward_meeting(session.meeting, site)


def counts_toward_meeting(meeting: bool, site: SiteInfo) -> tuple[bool, bool]:
    """:func:`counts_toward` for a session whose ``meeting`` flag is given."""
    return meeting, meeting or not site.schedule_skips_non_meetings


def dated_by_position(site: SiteInfo, calendar: CalendarConfig | None, year: int | None) -> bool:
    """Whether :func:`assign_dates` gives any session a date by its position (the calendar's meeting dates, a
    schedule page's list of dates): then a session's date may depend on the sessions before it."""
    if calendar is not None and calendar.meeting_dates():
        return True
    return bool(schedule_dates(site.schedule_dates, year if year is not None else site.year))
