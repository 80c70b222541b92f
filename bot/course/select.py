"""Which documents of a site are class sessions.

A Jekyll site keeps more than sessions in its collections and ``_posts``: weekly announcements, a
calendar grid, staff pages, homework posts. The site layer lists every document; this pass, over the
parsed documents of the whole site, keeps the sessions. General evidence only (the words are data in
``session_vocabulary``):

- a configuration override, when given: ``[site] collections`` (only these collections) and
  ``[site] categories`` (only documents with one of these categories);
- a file without front matter in a collection is a static file, not a document; ``published: false``
  is never rendered; a collection's own listing page (``index.md`` / ``README.md`` at the top of its
  folder, rendered at ``/lectures/``) is the collection's overview, not a session, and so is a document that
  links several pages of its own collection and carries nothing of a session (``_schedule/00-overview.md``,
  a table of the meetings linking each);
- a document whose categories are all non-session words (``categories: homework``) is not a session; nor
  is one that names itself graded work by its keys (``exercise:``, ``assignment:``, or ``assigned:`` with
  ``due:``) and carries nothing of a session (no readings, no session or role key);
- collections: those whose name says they are not sessions (``_announcements``, ``_calendar``,
  ``_staffers``) are left out while another collection remains; of the rest, when one collection's
  documents look like sessions (most have readings or session keys such as ``lecture:``, ``topic:``,
  a role key) and another's do not, the one whose documents do not is left out (even when its name is one
  for sessions, ``_syllabus`` beside ``_lectures``, as long as a collection named for sessions whose
  documents look like sessions remains); a collection named for the preparation of meetings (``_readings``)
  whose documents share a session key (``week:``) with a meetings collection that looks like sessions
  (``_lectures``) holds their preparation pages, not sessions; when none looks like
  sessions, a collection named for sessions (``lectures``, ``meetings``) is kept over ones that are not;
- collections that ``_config.yml`` does not declare (``_weeks``: Jekyll does not publish them): their documents
  are sessions only when no declared collection's documents look like sessions, and, where a declared
  collection has documents, when their own do (a site whose ``collections:`` entry was forgotten, or was
  lost to a broken ``_config.yml``): staff wrote the sessions there, so the bot reads them, with a warning
  that the site does not show them (:func:`undeclared_warnings`); beside a declared collection that holds
  sessions they are drafts or notes;
- pages outside every collection: once a site has a collection whose documents look like sessions, a page
  outside all collections (``index.md``, ``schedule.md``: the home page, the schedule that lists the
  sessions) is a page of the site, not a session, whatever it links or lists (:func:`_outside_reasons`);
- page series (bot.course.page_series: ``lectures/Lecture-N.md`` pages that all say ``parent: "Lectures"``, on a
  site whose sessions are plain pages): their pages are sessions only when no collection holds sessions (none is
  chosen by the rules above, or only collections named for something else are, as all there was: a lone
  ``_announcements``). Then the series are chosen among as collections are (``lectures/`` over ``workshops/``
  whose pages carry nothing of a session), and a series not named for something else replaces the collections
  named so (:func:`_series_reasons`). Jekyll's blog folder does not hold the sessions beside a series of numbered
  meeting pages (``weeks/week1.md`` ... ``week11.md``) more of which look like sessions than it has posts, none of
  them numbered like a meeting (:func:`_blog_beside_numbered_series`); a collection that is the calendar of a page
  series (its documents only dated one-line announcements, which link the series' pages: release calendar
  ``_modules/week2.md`` ``May 20 : [Week 2 Lectures Released](../lectures/week2)``) holds no sessions beside it,
  the series' pages are (:func:`_calendar_reasons`); in a series mostly of numbered meeting pages,
  an unnumbered page that carries nothing of a session and links nothing (``exam.md``) is not one;
- a post whose front matter says no class meets (``type: holiday``, ``cancelled: true``) and lists no reading is
  not a session;
- a redirect stub (nothing below front matter that sends the reader elsewhere: ``layout: forward``,
  ``redirect_to:``) that carries nothing of a session is not one.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from bot.course.models import Problem, Session
from bot.course.page_series import meeting_number_word
from bot.course.role_keys import is_role_key
from bot.course.session_vocabulary import (
    GRADED_WORK_KEY_PAIRS, GRADED_WORK_KEYS, JEKYLL_FOLDERS, LISTING_PAGE_NAMES, MEETING_COLLECTIONS, MEETING_TIME_KEYS,
    NON_SESSION_CATEGORIES,
    NON_SESSION_COLLECTIONS, OVERVIEW_MIN_LINKS, PREPARATION_COLLECTIONS, SESSION_COLLECTIONS, SESSION_KEYS,
)


_DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")


@dataclass(frozen=True, slots=True)
class Selection:
    """The sessions (in the order given) and, for every other document, why it is not one."""

    sessions: list[Session]
    skipped: dict[str, str] = field(default_factory=dict)  # file -> reason


@functools.lru_cache(maxsize=256)  # asked per session (a site has a few folders): pathlib is ~5 us a call
def collection_name(folder: str | None) -> str:
    """``pages/_lectures`` -> ``lectures``; None (a plain folder) -> ``""``."""
    if not folder:
        return ""
    return PurePosixPath(folder).name.lstrip("_").lower()


def _norm(word: str) -> str:
    return " ".join(word.replace("_", " ").replace("-", " ").split()).lower()


def looks_like_session(session: Session, role_keys: Collection[str] = ()) -> bool:
    """A document that carries what sessions carry: readings, or a session or role key, or a key naming when
    the meeting takes place (``time: 2022-08-18 14:00``)."""
    if session.traits.reading_count or session.readings:
        return True
    roles = {k.lower() for k in role_keys}
    return any(k in SESSION_KEYS or k in MEETING_TIME_KEYS or is_role_key(k, roles) for k in session.traits.keys)


def select_sessions(
    documents: Sequence[Session],
    *,
    collections: Sequence[str] = (),
    categories: Sequence[str] = (),
    role_keys: Collection[str] = (),
    undeclared: Collection[str] = (),
    series: Collection[str] = (),
    calendars: Collection[tuple[str, str]] = (),
) -> Selection:
    """Keep the class sessions among ``documents`` (see the module docstring); order is kept. ``undeclared``:
    the folders of the collections that ``_config.yml`` does not declare (bot.course.site.SiteInfo.undeclared);
    ``series``: the folders of the site's page series (bot.course.site.SiteInfo.page_series); ``calendars``:
    the collections that are calendars of a page series, with its folder (SiteInfo.calendar_collections)."""
    skipped: dict[str, str] = {}
    wanted_collections = {_norm(c.strip("/").split("/")[-1].lstrip("_")) for c in collections if c.strip()}
    wanted_categories = {_norm(c) for c in categories if c.strip()}
    candidates: list[Session] = []
    for doc in documents:
        reason = _document_reason(doc, wanted_collections, wanted_categories)
        if reason:
            skipped[doc.file] = reason
        else:
            candidates.append(doc)
    if not wanted_collections:
        folders = set(series)
        skipped.update(_calendar_reasons(candidates, folders, calendars))
        own = [d for d in candidates if d.collection not in folders and d.file not in skipped]
        skipped.update(_choice_reasons(own, undeclared, role_keys))
        pages = [d for d in candidates if d.collection in folders]
        if pages:
            skipped.update(_series_reasons([d for d in own if d.file not in skipped], pages, role_keys))
    return Selection([d for d in candidates if d.file not in skipped], skipped)


def _calendar_reasons(
    candidates: Sequence[Session], series: Collection[str], calendars: Collection[tuple[str, str]]
) -> dict[str, str]:
    """The documents of a collection that is the calendar of a page series (its entries, one-line dated
    announcements, link the series' pages: bot.course.scheduled_pages.find_calendar_collections), while some page
    of that series is a candidate: the series' pages are the sessions, the calendar only dates them."""
    linked = {folder: pages for folder, pages in calendars if pages in series}
    if not linked:
        return {}
    present = {d.collection for d in candidates if d.collection in series}
    return {d.file: (f"collection {collection_name(d.collection)} is a calendar whose dated entries link the pages of"
                     f" {linked[d.collection]}/: those pages are the sessions")
            for d in candidates if d.collection in linked and linked[d.collection] in present}


def _choice_reasons(
    candidates: Sequence[Session], undeclared: Collection[str], role_keys: Collection[str]
) -> dict[str, str]:
    """Why each of ``candidates`` (documents that pass on their own) that is not a session is not one: by its
    collection, among the site's collections (see the module docstring)."""
    skipped = _undeclared_reasons(candidates, undeclared, role_keys)
    candidates = [d for d in candidates if d.file not in skipped]
    for folder, reason in _collection_reasons(candidates, role_keys).items():
        for doc in candidates:
            if doc.collection == folder:
                skipped[doc.file] = reason
    skipped.update(_outside_reasons([d for d in candidates if d.file not in skipped], role_keys))
    return skipped


def _named_otherwise(folder: str | None) -> bool:
    return folder is not None and collection_name(folder) in NON_SESSION_COLLECTIONS


def _series_reasons(chosen: Sequence[Session], pages: Sequence[Session], role_keys: Collection[str]) -> dict[str, str]:
    """The page series' pages beside the documents ``chosen`` from the collections: they are not sessions while
    a collection not named for something else holds sessions; else the series are chosen among as collections
    are, and one not named for something else replaces the collections named so (see the module docstring)."""
    holding = sorted({str(d.collection) for d in chosen if not _named_otherwise(d.collection)})
    if holding and (blog := _blog_beside_numbered_series(chosen, holding, pages, role_keys)):
        rest = _series_reasons([d for d in chosen if d.file not in blog], pages, role_keys)
        return {**blog, **rest}
    if holding:
        shown = ", ".join(collection_name(f) for f in holding)
        return {d.file: f"a page of the series {d.collection}/, beside the site's session collection ({shown})"
                for d in pages}
    skipped = _choice_reasons(pages, (), role_keys)
    skipped.update(_unnumbered_sibling_reasons([d for d in pages if d.file not in skipped], role_keys))
    taken = sorted({str(d.collection) for d in pages if d.file not in skipped})
    if not taken:
        return skipped
    if chosen and all(_named_otherwise(f) for f in taken):
        shown = ", ".join(collection_name(str(d.collection)) for d in chosen[:1])
        return {d.file: f"a page of the series {d.collection}/, named for something else beside the collection {shown}"
                for d in pages}
    if chosen:
        shown = ", ".join(f"{f}/" for f in taken)
        skipped.update({d.file: (f"collection {collection_name(d.collection)} is named for something else, and the"
                                 f" site's sessions are the pages of {shown}") for d in chosen})
    return skipped


def _numbered(doc: Session) -> bool:
    """Whether the file name numbers the page with a word naming a meeting (``weeks/week3.md``,
    ``_posts/2024-01-10-lecture-1.md``: its date prefix aside)."""
    return meeting_number_word(_DATE_PREFIX.sub("", PurePosixPath(doc.file).stem)) is not None


def _blog_beside_numbered_series(
    chosen: Sequence[Session], holding: Sequence[str], pages: Sequence[Session], role_keys: Collection[str]
) -> dict[str, str]:
    """Jekyll's blog folder (``_posts``) as the only collection holding sessions, beside a page series of
    numbered meeting pages (``weeks/week1.md`` ... ``week11.md``) more of which look like sessions than there are
    posts, none of the posts numbered like a meeting: the posts are the site's blog articles, the series holds
    its sessions. Why each post is not a session; empty when it is not so."""
    if any(collection_name(f) != "posts" for f in holding):
        return {}
    posts = [d for d in chosen if d.collection in holding]
    if any(_numbered(d) for d in posts):
        return {}
    alike: dict[str, int] = defaultdict(int)
    for page in pages:
        if _numbered(page) and looks_like_session(page, role_keys):
            alike[str(page.collection)] += 1
    folder = max(alike, key=lambda f: (alike[f], f), default=None)
    if folder is None or alike[folder] < 2 or alike[folder] <= len(posts):
        return {}
    return {d.file: (f"a blog post: the site's sessions are the {alike[folder]} numbered meeting pages of"
                     f" {folder}/, more than its {len(posts)} posts") for d in posts}


def _unnumbered_sibling_reasons(pages: Sequence[Session], role_keys: Collection[str]) -> dict[str, str]:
    """In a page series most of whose pages are numbered meeting pages (``wk1`` ... ``wk12``), a page that only
    shares their navigation parent, is not numbered so, carries nothing of a session and links nothing (no slides,
    no recording: ``exam.md``, ``Checklist.md``; a ``midterm_review.md`` linking its slides is a meeting) is another
    page of the schedule, not a session."""
    by_folder: dict[str, list[Session]] = defaultdict(list)
    for page in pages:
        by_folder[str(page.collection)].append(page)
    out: dict[str, str] = {}
    for folder, docs in by_folder.items():
        numbered = [d for d in docs if _numbered(d)]
        if len(numbered) < 2 or len(numbered) * 2 < len(docs):
            continue
        for doc in docs:
            if not _numbered(doc) and not looks_like_session(doc, role_keys) and not doc.traits.page_links:
                out[doc.file] = (f"not numbered like the {len(numbered)} meeting pages of the series {folder}/, and"
                                 " carries nothing of a session and links nothing (another page of the schedule)")
    return out


def standing(
    doc: Session, *, collections: Sequence[str] = (), categories: Sequence[str] = (), role_keys: Collection[str] = ()
) -> tuple[bool, bool, frozenset[str], bool]:
    """What :func:`select_sessions` looks at in one document: whether it passes on its own (its collection,
    front matter, categories...) and whether it looks like a session (which, over its collection, decides
    whether the collection holds sessions), and, in a collection named for meetings or their preparation, its
    session keys (which tie preparation pages to the meetings, see :func:`_preparation_reasons`), and whether a
    page series' page links anything (:func:`_unnumbered_sibling_reasons`). Two versions
    of a file in the same collection with the same standing leave every other document's selection as it was."""
    wanted_collections = {_norm(c.strip("/").split("/")[-1].lstrip("_")) for c in collections if c.strip()}
    wanted_categories = {_norm(c) for c in categories if c.strip()}
    name = collection_name(doc.collection)
    tied = (frozenset(k for k in doc.traits.keys if k in SESSION_KEYS)
            if name in MEETING_COLLECTIONS or name in PREPARATION_COLLECTIONS else frozenset())
    return (_document_reason(doc, wanted_collections, wanted_categories) is None,
            looks_like_session(doc, role_keys), tied, doc.traits.page_links)


def _document_reason(doc: Session, collections: set[str], categories: set[str]) -> str | None:
    traits = doc.traits
    name = collection_name(doc.collection)
    if collections and _norm(name) not in collections:
        return f"collection {name or '(none)'} is not one of [site] collections"
    if doc.collection is not None and not traits.front_matter and _is_collection_folder(doc.collection):
        # a collection's file without front matter is copied as it is; a page of a page series (a folder outside
        # the collections) is rendered all the same on GitHub Pages (jekyll-optional-front-matter)
        return "no front matter (a static file, not a page of the collection)"
    if not traits.published:
        return "published: false"
    if doc.collection is not None and _is_listing_page(doc.file, doc.collection):
        return f"the listing page of the collection {name} (its index), not a session"
    if traits.no_class and not (traits.reading_count or doc.readings):
        return "its front matter says no class meets (type: holiday, cancelled: true), not a session"
    if traits.redirect and not looks_like_session(doc):
        return "a redirect stub (nothing below its front matter, which sends the reader elsewhere), not a session"
    if doc.collection is not None and traits.collection_links >= OVERVIEW_MIN_LINKS and not looks_like_session(doc):
        return (f"links {traits.collection_links} pages of the collection {name} and carries nothing of a session"
                " (the collection's schedule or overview page)")
    if not categories and _graded_work(doc):  # a categories filter picks documents itself
        return "names itself graded work (exercise:, assignment:, assigned:/due: keys) and carries nothing of a session"
    cats = {_norm(c) for c in traits.categories}
    if categories:
        if not cats & categories:
            shown = ", ".join(traits.categories) or "none"
            return f"categories ({shown}) are not among [site] categories"
    elif cats and cats <= NON_SESSION_CATEGORIES:
        return f"categories: {', '.join(traits.categories)} (not class sessions)"
    return None


def _is_collection_folder(folder: str) -> bool:
    """``_lectures``, ``pages/_lectures``: a collection's folder (a page series' folder, ``weeks`` or ``.``, is not)."""
    return folder.rstrip("/").rsplit("/", 1)[-1].startswith("_")


def _graded_work(doc: Session) -> bool:
    """A document whose own keys say it is graded work (``exercise:``, ``assigned:`` with ``due:``) and that
    carries nothing of a session."""
    keys = set(doc.traits.keys)
    if not (keys & GRADED_WORK_KEYS or any(pair <= keys for pair in GRADED_WORK_KEY_PAIRS)):
        return False
    return not looks_like_session(doc)


def _share_alike(docs: Sequence[Session], role_keys: Collection[str]) -> float:
    return sum(looks_like_session(d, role_keys) for d in docs) / len(docs)


def _is_listing_page(file: str, folder: str) -> bool:
    """``_lectures/index.md``: the page at the top of a collection's folder that Jekyll renders at the
    collection's own address. ``_lectures/week1/index.md`` (a folder per session) is a document like any."""
    lowered = file.lower()  # the stem is part of the text, and lower() maps each character on its own
    if not any(name in lowered for name in LISTING_PAGE_NAMES):
        return False  # most documents: no paths made (pathlib is ~10 us a call, asked of every document)
    path = PurePosixPath(file)
    return path.parent == PurePosixPath(folder) and path.stem.lower() in LISTING_PAGE_NAMES


def _undeclared_reasons(
    candidates: Sequence[Session], undeclared: Collection[str], role_keys: Collection[str]
) -> dict[str, str]:
    """The documents of undeclared collections, when a declared collection's documents look like sessions."""
    folders = set(undeclared)
    if not folders or not any(d.collection in folders for d in candidates):
        return {}
    groups: dict[str | None, list[Session]] = defaultdict(list)
    for doc in candidates:
        if doc.collection not in folders:
            groups[doc.collection].append(doc)
    holding = sorted(f for f, docs in groups.items() if f is not None and _share_alike(docs, role_keys) >= 0.5)
    unpublished = "is not a collection _config.yml declares (Jekyll does not publish it)"
    if holding:
        shown = ", ".join(holding)
        return {d.file: f"{d.collection}/ {unpublished}, and the declared {shown} holds the sessions"
                for d in candidates if d.collection in folders}
    if not groups:
        return {}  # no declared collection has a document: the undeclared ones are all there is
    # declared collections whose documents do not look like sessions either: an undeclared folder is taken
    # only when its own documents do (it is then where the sessions are)
    mine: dict[str, list[Session]] = defaultdict(list)
    for doc in candidates:
        if doc.collection in folders:
            mine[doc.collection].append(doc)
    shown = ", ".join(sorted(str(f) for f in groups))
    return {d.file: f"{folder}/ {unpublished}, and its documents carry nothing of a session beside the declared {shown}"
            for folder, docs in mine.items() if _share_alike(docs, role_keys) < 0.5 for d in docs}


def undeclared_warnings(
    sessions: Sequence[Session], undeclared: Collection[str], config_file: str = "_config.yml"
) -> list[Problem]:
    """One warning per undeclared collection the sessions were read from: the site does not show them."""
    used = sorted({s.collection for s in sessions if s.collection is not None and s.collection in set(undeclared)})
    return [Problem(config_file, 1, "warning", (
        f"the sessions are read from {folder}/, a folder _config.yml does not declare as a collection: Jekyll does"
        f" not publish it, so its pages have no address on the site. Declare it under collections: in _config.yml"
        f" (collections: {{{collection_name(folder)}: {{output: true}}}}), or name it in [site] collections"))
        for folder in used]


def collection_folder(doc: Session) -> str | None:
    """The collection folder a document sits in: its collection, or, in a plain folder (a site without
    ``_config.yml``, whose documents have none), the nearest folder above it named like one (``docs/_syllabus``
    for ``docs/_syllabus/3-theory.md``: a Jekyll site kept in a subfolder of the repository); None for a page
    outside every collection (``docs/index.md``)."""
    if doc.collection is not None:
        return doc.collection
    parts = PurePosixPath(doc.file).parts[:-1]
    for i in range(len(parts), 0, -1):
        if parts[i - 1].startswith("_") and len(parts[i - 1]) > 1 and parts[i - 1].lower() not in JEKYLL_FOLDERS:
            return "/".join(parts[:i])
    return None


def _outside_reasons(candidates: Sequence[Session], role_keys: Collection[str]) -> dict[str, str]:
    """Pages outside every collection (the home page, a schedule page listing the sessions, a syllabus page)
    beside a collection whose documents look like sessions: the site keeps its sessions in that collection,
    so such a page is not one, even when it lists readings (a schedule page's "Basic literature"). Only
    where some documents sit outside every collection: a plain folder of posts keeps them all."""
    outside = [d for d in candidates if collection_folder(d) is None]
    if not outside:
        return {}
    groups: dict[str, list[Session]] = defaultdict(list)
    for doc in candidates:
        if (folder := collection_folder(doc)) is not None:
            groups[folder].append(doc)
    holding = sorted(f for f, docs in groups.items() if _share_alike(docs, role_keys) >= 0.5)
    if not holding:
        return {}
    shown = ", ".join(holding)
    return {d.file: f"a page outside the site's session collection ({shown}): the home, schedule or another page"
                    " of the site, not a session" for d in outside}


def _preparation_reasons(groups: dict[str | None, list[Session]], alike: dict[str | None, float]) -> dict[str, str]:
    """Collections named for the preparation of meetings (``_readings``) whose documents share a session key
    (``week:``) with those of a collection named for meetings (``_lectures``) that look like sessions: the
    meetings' preparation pages, not sessions of their own."""
    meetings = [f for f, share in alike.items() if share >= 0.5 and f is not None
                and collection_name(f) in MEETING_COLLECTIONS]
    if not meetings:
        return {}
    meeting_keys = {k for f in meetings for d in groups[f] for k in d.traits.keys if k in SESSION_KEYS}
    out: dict[str, str] = {}
    for folder, docs in groups.items():
        if folder is None or collection_name(folder) not in PREPARATION_COLLECTIONS:
            continue
        shared = {k for d in docs for k in d.traits.keys if k in meeting_keys}
        if shared and sum(bool(shared & set(d.traits.keys)) for d in docs) * 2 >= len(docs):
            shown = ", ".join(collection_name(f) for f in meetings)
            out[folder] = (f"collection {collection_name(folder)}: the preparation pages of the meetings in {shown}"
                           f" (keyed like them by {', '.join(sorted(shared))}), not sessions of their own")
    return out


def _collection_reasons(candidates: Sequence[Session], role_keys: Collection[str]) -> dict[str, str]:
    groups: dict[str | None, list[Session]] = defaultdict(list)
    for doc in candidates:
        groups[doc.collection].append(doc)
    reasons: dict[str, str] = {}
    by_name = {f: g for f, g in groups.items() if f is not None and collection_name(f) in NON_SESSION_COLLECTIONS}
    if by_name and len(by_name) == len(groups):
        # every collection left is named for something else (a site whose only collection is _announcements):
        # such a collection is taken for sessions only when its documents look like sessions
        for folder, docs in by_name.items():
            assert folder is not None
            if sum(looks_like_session(d, role_keys) for d in docs) * 2 < len(docs):
                reasons[folder] = (f"collection {collection_name(folder)} holds no class sessions (by its name, "
                                   "and its documents carry no readings or session keys)")
        return reasons
    if len(groups) < 2:
        return {}
    if len(by_name) < len(groups):
        alike_by_name = {f: _share_alike(g, role_keys) for f, g in by_name.items()}
        others_alike = max(_share_alike(g, role_keys) for f, g in groups.items() if f not in by_name)
        for folder in by_name:
            assert folder is not None
            if alike_by_name[folder] >= 0.5 and others_alike < 0.5:
                continue  # _schedule holding the sessions beside _posts of student blogs: the documents tell
            reasons[folder] = f"collection {collection_name(folder)} holds no class sessions (by its name)"
    rest = {f: g for f, g in groups.items() if f not in reasons}
    if len(rest) < 2:
        return reasons
    alike = {f: sum(looks_like_session(d, role_keys) for d in g) / len(g) for f, g in rest.items()}
    if max(alike.values()) >= 0.5:
        # a collection named for sessions whose documents look like sessions: beside it, a name alone
        # (``_syllabus`` holding one syllabus page) does not keep a collection whose documents do not
        named_alike = any(share >= 0.5 and f is not None and collection_name(f) in SESSION_COLLECTIONS
                          for f, share in alike.items())
        for folder, reason in _preparation_reasons(rest, alike).items():
            reasons[folder] = reason
        for folder, share in alike.items():
            if folder is not None and share < 0.2 and (named_alike or collection_name(folder) not in SESSION_COLLECTIONS
                                                          or collection_name(folder) == "posts"):  # Jekyll's blog folder
                reasons[folder] = (
                    f"collection {collection_name(folder)}: its documents carry no readings or session keys"
                )
        return reasons
    # no collection's documents look like sessions (lectures that carry only slides, beside dated events):
    # then the names decide, when some say sessions and others do not
    named = [f for f in rest if f is not None and collection_name(f) in SESSION_COLLECTIONS]
    if named:
        shown = ", ".join(collection_name(f) for f in named)
        for folder in rest:
            if folder is not None and folder not in named and alike[folder] <= max(alike[f] for f in named):
                reasons[folder] = (
                    f"collection {collection_name(folder)}: neither its documents nor its name say class sessions"
                    f" (beside {shown})"
                )
    return reasons
