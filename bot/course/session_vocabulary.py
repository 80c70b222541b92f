"""The words that tell a class session from the other documents of a course site, as data.

Everything the site layer decides from a name (collections, categories, front matter keys) reads these
sets; nothing else in ``bot/course`` lists such names. All entries are lower case; callers compare
lower-cased, singular or plural as written here.
"""

from __future__ import annotations

import re

from bot.course.calendar_words import EARLY_TERM_WORDS, LATE_TERM_WORDS

# Collections (``_<name>/`` folders) whose documents are not class sessions: course news, time grids,
# people, graded work, navigation pages.
NON_SESSION_COLLECTIONS = frozenset(
    {
        "announcement", "announcements", "news", "updates", "blog", "posts_archive",
        "schedule", "schedules", "calendar", "calendars", "timeline", "weeks_overview",
        "staff", "staffers", "people", "team", "teams", "instructors", "tas", "authors", "members", "students",
        "homework", "homeworks", "hw", "hwk", "hwks", "assignment", "assignments", "project", "projects",
        "problem_sets", "psets", "exams", "exam", "quizzes", "quiz", "labs_solutions", "solutions", "grades",
        "lab", "labs", "exercises", "worksheets", "assessments", "bios", "info",
        "pages", "tabs", "navigation", "nav", "docs", "resources", "faq", "faqs", "policies", "about",
        "data", "datasets", "examples", "demos", "includes", "layouts", "sass", "drafts", "templates",
    }
)

# Words in a file name that make a collection's document its schedule or overview page
# (``_schedule/00-overview.md``): its table rows date the sessions they link (bot.course.schedule_rows).
SCHEDULE_PAGE_WORDS = frozenset({"schedule", "schedules", "syllabus", "calendar", "overview", "outline", "agenda",
                                 "timeline"})

# Folders whose names start with ``_`` that Jekyll keeps for itself (templates, data, drafts, plugins, build
# output): never a collection, declared or not.
JEKYLL_FOLDERS = frozenset({"_includes", "_layouts", "_sass", "_data", "_site", "_drafts", "_plugins", "_config",
                            "_scss", "_css", "_js", "_assets", "_themes"})

# File names of a collection's own listing page (``_lectures/index.md``, rendered at ``/lectures/``): the
# collection's overview, not one of its documents' sessions.
LISTING_PAGE_NAMES = frozenset({"index", "readme"})
# Page series (bot/course/page_series.py): front matter keys by which a site's navigation groups plain pages
# under one listing page (just-the-docs: ``parent: "Lectures"`` on each child, ``has_children: true`` on the
# listing page) and orders them (``nav_order: 3``).
PAGE_PARENT_KEYS = ("parent",)
PAGE_LISTING_KEYS = ("has_children",)
PAGE_ORDER_KEYS = ("nav_order",)
# The words a page's file name numbers it with that name a meeting (``Lecture-1``, ``week2``, ``lec03``): pages of
# one folder numbered with the same such word are a series too.
MEETING_NAME_WORDS = frozenset(
    {"lecture", "lectures", "lec", "lect", "week", "wk", "class", "session", "sess", "meeting", "day", "module",
     "mod", "unit", "topic", "seminar", "lesson", "talk", "tutorial", "workshop", "lab", "discussion"}
)
# A document linking at least this many pages of its own collection, with nothing of a session (no readings,
# session or role key), is the collection's schedule or overview page.
OVERVIEW_MIN_LINKS = 3

# Collections whose names say they hold class sessions (preferred when names are all there is to go on).
SESSION_COLLECTIONS = frozenset(
    {
        "lectures", "lecture", "classes", "class", "sessions", "session", "meetings", "meeting",
        "modules", "module", "units", "unit", "topics", "topic", "weeks", "week", "days", "syllabus",
        "contents", "seminars", "seminar", "readings", "notes", "lessons", "lesson", "posts",
    }
)

# Of those, the names that say class meetings, and the names of a collection of what students do or read
# before a meeting (``_readings/week01.md`` "Pre-Lecture Activities", carrying ``week: 1`` like the lectures):
# beside a meetings collection whose documents look like sessions, such a collection is their preparation pages.
MEETING_COLLECTIONS = frozenset(
    {"lectures", "lecture", "classes", "class", "sessions", "session", "meetings", "meeting", "seminars", "seminar",
     "lessons", "lesson"}
)
PREPARATION_COLLECTIONS = frozenset({"readings", "reading", "prep", "preparation", "pre_class", "preclass", "prework"})

# Front matter keys by which a document names itself graded work (``exercise: "Exercise 1 ..."`` on a student's
# submission post): such a document that carries nothing of a session is not one. A pair of keys does the same
# (``assigned:`` with ``due:``). Whole key names only: ``exercise_url:`` on a lecture is a link, not this.
GRADED_WORK_KEYS = frozenset({"exercise", "assignment", "homework", "hw", "problem_set", "pset", "submission"})
GRADED_WORK_KEY_PAIRS = (frozenset({"assigned", "due"}),)

# A redirect stub: a document with nothing below its front matter that names where it sends the reader
# (``redirect_to: <url>``, jekyll-redirect-from; ``target: <url>``) or a layout that forwards (``layout: forward``)
# is a page the site replaces by another, not a session.
REDIRECT_KEYS = frozenset({"redirect_to", "redirect", "target", "external_url"})
REDIRECT_LAYOUTS = frozenset({"forward", "redirect", "redirected"})

# A day the front matter says no class meets: a kind key (``type: holiday``) naming a day off, or a flag key set
# true (``cancelled: true``). ``skip: true`` alone is a listing's "no page link" (a class meeting may carry it);
# with no title and nothing below the front matter it is a row of the schedule for a day off.
NO_CLASS_KIND_KEYS = ("type", "kind", "class_type", "session_type", "event_type")
NO_CLASS_KINDS = frozenset({"holiday", "holidays", "break", "no class", "noclass", "cancelled", "canceled", "vacation",
                            "recess", "day off", "off"})
NO_CLASS_FLAG_KEYS = frozenset({"cancelled", "canceled", "no_class", "noclass", "holiday"})
SKIP_KEYS = frozenset({"skip"})

# ``categories:`` values of documents that are not class sessions (homework posts in ``_posts``).
NON_SESSION_CATEGORIES = frozenset(
    {
        "homework", "homeworks", "hw", "assignment", "assignments", "problem set", "problem sets", "pset",
        "psets", "project", "projects", "final project", "exam", "exams", "quiz", "quizzes",
        "announcement", "announcements", "news", "update", "updates", "admin", "logistics", "staff",
        "solution", "solutions", "grades",
        "jekyll",  # the post `jekyll new` writes ("Welcome to Jekyll!", categories: jekyll update)
    }
)

# Front matter keys that name a person or a team for the session (SPEC: roles).
ROLE_KEYS = frozenset(
    {
        "notes", "video", "team", "teams", "presenter", "presenters", "presented_by", "presentedby",
        "scribe", "scribes", "scribed_by", "scriber", "scribers", "discussant", "discussants",
        "discussion_lead", "discussion_leads", "lead", "leads", "leader", "leaders", "led_by",
        "blog", "blogger", "bloggers", "reading", "reviewer", "reviewers", "speaker", "speakers",
        "facilitator", "facilitators", "moderator", "moderators", "instructor", "guest", "guest_speaker",
        "note_taker", "notetaker", "note_takers", "summarizer", "summarizers", "critic", "critics",
    }
)

# The last word of a front matter key that names a person's part in a session: a key ending in one of
# these (``paper_presenter``, ``discussion-leads``, ``presenter_2``) names a role like the keys above.
ROLE_WORDS = frozenset(
    {
        "presenter", "presenters", "scribe", "scribes", "scriber", "scribers", "lead", "leads", "leader",
        "leaders", "discussant", "discussants", "speaker", "speakers", "facilitator", "facilitators",
        "moderator", "moderators", "reviewer", "reviewers", "blogger", "bloggers", "summarizer", "summarizers",
        "notetaker", "notetakers", "panelist", "panelists", "respondent", "respondents", "critic", "critics",
        "team", "teams", "host", "hosts", "lecturer", "lecturers", "instructor", "instructors",
    }
)
# Keys naming who wrote a page that, on a page presenting one work by its front matter (a seminar's page for
# one talk: ``title: <the paper>``, ``paper_url: ..``, ``author: Wei Zhang``), name the session's presenter
# when they hold one person's name (role_keys.session_roles).
PRESENTER_AUTHOR_KEYS = frozenset({"author"})
# What says a value names several people or a work's authors, besides ROLE_VALUE_SEPARATORS (``,``, ``;``,
# ``&``, ``and``): "et al.", "Ada / Bob", "Ada + Bob".
SEVERAL_PEOPLE = re.compile(r"\bet\.?\s*al\b|[/+]", re.IGNORECASE)
# The most words one person's name has ("Maria de la Cruz Fernandez").
MAX_NAME_WORDS = 5
# In a role list of mappings (``presenters: [{name: Ada, affiliation: ...}, ...]``) the key that names the
# person or team of each entry.
ROLE_ENTRY_NAME_KEYS = ("name", "names", "person", "who", "team", "presenter", "speaker")
# ``<verb>_by`` keys name a person for the session (``presented_by``, ``moderated_by``); these name who
# wrote or keeps the page instead.
AUTHORSHIP_KEYS = frozenset(
    {
        "posted_by", "written_by", "authored_by", "created_by", "updated_by", "edited_by", "maintained_by",
        "made_by", "powered_by", "modified_by", "last_modified_by", "sponsored_by", "supported_by",
    }
)

# Front matter keys whose value is the session's date (full date), first found wins (SPEC: a key that
# the schedule page uses as the session's date counts even under another name).
# Keys are compared lower case with ``-`` and spaces read as ``_`` (``Lecture-Date`` is ``lecture_date``).
DATE_KEYS = (
    "date", "due_date", "lecture_date", "class_date", "session_date", "meeting_date", "event_date", "talk_date",
    "seminar_date", "when", "datetime", "start_date", "start", "starts", "start_time", "dates",
    # the same in other languages (``datum: 5. 10. 2017``, ``fecha: 3 de octubre``)
    "datum", "fecha", "termin", "data",
)

# Other keys named ``<word>_date`` (``workshop_date:``, ``Lab-Date:``) date a session too, after the keys above
# (and before the meeting-time keys below), but for these, which date the page or some other work.
NON_SESSION_DATE_KEYS = frozenset(
    {
        "last_modified_date", "modified_date", "updated_date", "update_date", "last_updated_date", "last_update_date",
        "created_date", "creation_date", "create_date", "edit_date", "edited_date", "revision_date", "revised_date",
        "publish_date", "published_date", "publication_date", "pub_date", "posted_date", "release_date",
        "released_date", "expiry_date", "expiration_date", "expire_date", "expires_date", "end_date", "until_date",
        "birth_date", "access_date", "accessed_date", "retrieved_date", "review_date", "reviewed_date",
        "archive_date", "archived_date", "sitemap_date", "build_date", "copyright_date", "submission_date",
        "submit_date", "deadline_date", "assigned_date", "assignment_date", "homework_date", "exam_date",
        "quiz_date", "project_date", "report_date", "grade_date", "grades_date", "drop_date", "add_date",
    }
)

# Front matter keys naming when the meeting takes place, which hold its date only when their value starts with
# one (``time: 2022-08-18 14:00``, ``meeting: Aug 18, 2pm``; not ``time: 2:00-3:15 PM``): read after every
# date key above, so a ``date:`` beside them wins.
MEETING_TIME_KEYS = (
    "time", "date_time", "meeting", "meeting_time", "meeting_datetime", "class_time", "class_datetime",
    "lecture_time", "lecture_datetime", "session_time", "session_datetime", "event_time", "talk_time",
    "start_datetime", "scheduled", "scheduled_for", "held_on",
)

# Front matter keys holding the session's date as its page shows it, in words (``format_date: July 24, 2025
# (Thursday)``: a listing prints it while ``date:`` only orders the sessions). What it says is the date: "TBA"
# there leaves the session undated whatever ``date:`` says (a copied placeholder), and a day with its year
# there wins over a ``date:`` naming another day.
DISPLAY_DATE_KEYS = (
    "format_date", "formatted_date", "display_date", "date_display", "date_text", "date_string", "date_str",
    "pretty_date", "date_pretty", "human_date", "date_human", "shown_date", "date_shown", "date_label",
    "date_formatted", "readable_date",
)
# What a date field says of a date not fixed yet ("TBA", "To be announced", "TBD (week 5)", "?").
DATE_PLACEHOLDER = re.compile(
    r"^\W*(?:tba|tbd|tbc|t\.b\.[adc]\.?|to\s+be\s+(?:announced|determined|decided|confirmed|scheduled|set)"
    r"|not\s+(?:yet\s+)?(?:scheduled|announced|set|fixed)|date\s+(?:tba|tbd)|pending|coming\s+soon|\?+)(?:\W|$)",
    re.IGNORECASE,
)

# Front matter keys whose value may be a day written without a year ("Wednesday, September 28", "5. října").
DAY_KEYS = ("day",) + DATE_KEYS + ("den", "jour", "dia", "giorno", "dag") + DISPLAY_DATE_KEYS + MEETING_TIME_KEYS

# _config.yml keys whose value is the first day of the term (``term_start_date: "2021-09-20"``), and the
# number it gives that day's week (``start_week: 1``, the default); with them a session's ``week: N`` dates it.
TERM_START_KEYS = (
    "term_start_date", "term_start", "start_date", "semester_start", "semester_start_date", "quarter_start",
    "quarter_start_date", "course_start", "course_start_date", "class_start", "first_day", "first_day_of_class",
    "first_day_of_classes", "start_of_term",
)
TERM_START_WEEK_KEYS = ("start_week", "first_week")
# Front matter keys numbering a session's week of the term (``week: 3``, ``week: "Week 3"``), and keys naming
# its weekday alone (``day: Tuesday``), which place it in that week.
WEEK_KEYS = ("week", "week_number", "week_num", "weeknum", "semaine", "woche", "semana", "settimana")
WEEKDAY_KEYS = ("day", "weekday", "dow", "day_of_week", "meeting_day")

# Front matter keys that only session documents carry (besides readings and roles). A counter (``num:``,
# ``number:``) is not one: homework and lab pages number themselves too.
SESSION_KEYS = frozenset(
    {
        "lecture", "lectures", "topic", "topics", "readings", "reading_list", "papers", "slides", "class",
        "session", "speaker", "presenter", "presenters", "lecture_date", "due_date", "day", "week", "lorder",
        "module", "class_date", "session_date", "meeting_date", "seminar_date",
    }
)

# Words naming an academic term, for the year of dates written without one ("Autumn 2022", "Fall'25").
# Other languages' words (``podzim 2017``, ``Wintersemester 2017``) are calendar_words' data.
TERM_WORDS = ("spring", "summer", "fall", "autumn", "winter", "semester", "term", "quarter", "session",
              *sorted(LATE_TERM_WORDS | EARLY_TERM_WORDS))
# Terms whose January..June dates fall in the year after the one named (Fall 2025 ... January 2026).
LATE_TERMS = frozenset({"fall", "autumn"}) | LATE_TERM_WORDS
# Terms a site names as its season (SiteInfo.term), besides the late ones.
EARLY_TERMS = frozenset({"spring", "summer", "winter"}) | EARLY_TERM_WORDS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
