"""Load a whole course site synchronously: the tests, ``check`` and bench/accuracy.py use this; the store's
incremental sync calls the same steps (parse_post, order_sessions, assign_dates) itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.config import CourseConfig
from bot.course.dates import assign_dates
from bot.course.files import MAX_POST_BYTES, SiteFiles, UnsafeFile
from bot.course.models import Problem, Session
from bot.course.posts import parse_post
from bot.course.select import select_sessions, undeclared_warnings
from bot.course.site import SiteInfo, config_file, one_per_slug, open_site, order_sessions, post_files


@dataclass(slots=True)
class SiteLoad:
    """Every session of a site in Jekyll order (dates and URLs filled in) and every problem found."""

    site: SiteInfo
    sessions: list[Session] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # files that gave no session
    skipped: dict[str, str] = field(default_factory=dict)  # documents that are not class sessions -> why


def load_site(root: Path, config: CourseConfig | None = None, *, max_bytes: int = MAX_POST_BYTES) -> SiteLoad:
    """Read and parse every post of the site at ``root`` (raises SiteError when it is not a folder)."""
    site = open_site(Path(root))
    posts = post_files(site, config.site.collections if config is not None else ())
    load = SiteLoad(site=site, problems=list(site.problems) + list(site.listing_problems))
    role_keys = sorted(config.roles) if config is not None else None
    parsed: list[Session] = []
    files = SiteFiles(site.root)
    for post in posts:
        try:
            data = files.read(post.path, max_bytes + 1)
        except OSError as exc:
            message = str(exc) if isinstance(exc, UnsafeFile) else f"cannot read file: {exc.strerror or exc}"
            load.problems.append(Problem(post.path, 1, "error", message))
            load.failed.append(post.path)
            continue
        result = parse_post(
            post.path, data, role_keys=role_keys, collection=post.collection, sort_by=post.sort_by, max_bytes=max_bytes,
            optional_sections=site.optional_sections, link_variables=site.link_variables,
            reading_fields=site.reading_fields,
        )
        load.problems.extend(result.problems)
        if result.session is None:
            load.failed.append(post.path)
        else:
            parsed.append(result.session)
    site_config = config.site if config is not None else None
    # the undeclared folders read (with [site] collections, only those it names: post_files warns about them)
    undeclared = [] if site_config and site_config.collections else [c.folder for c in site.undeclared]
    selection = select_sessions(
        parsed,
        collections=site_config.collections if site_config else (),
        categories=site_config.categories if site_config else (),
        role_keys=role_keys or (),
        undeclared=undeclared,
        series=[s.folder for s in site.page_series], calendars=site.calendar_collections,
    )
    load.skipped = selection.skipped
    load.problems.extend(undeclared_warnings(selection.sessions, undeclared, config_file(site)))
    ordered, duplicates = one_per_slug(order_sessions(selection.sessions, site=site))  # as the bot serves them
    load.problems.extend(duplicates)
    calendar = config.calendar if config is not None else None
    year = config.course.year if config is not None else None
    load.sessions = assign_dates(ordered, site=site, calendar=calendar, year=year)
    return load
