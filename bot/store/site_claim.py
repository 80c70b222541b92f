"""Which site a cache holds: one cache file, one course site.

Two sites synced into one cache file (``$COURSEBOT_DB`` set for one course and used with ``--site`` of
another, two configurations naming the same ``--db``) replaced the first site's sessions with the second's
without a word, or, where the removal guard held the first site's files back, served a mix of both. The cache
records the site its sessions come from (meta ``site``: the site folder's resolved path, and the repository
when there is one); a sync of another site into a cache that holds sessions is refused, naming both, and the
cache keeps what it holds. ``allow_removals`` (``coursebot sync --allow-removals``) confirms that the new site
replaces the old one (a course moved to another folder or repository).

A cache written before the site was recorded takes the site of its next sync.
"""

from __future__ import annotations

import json

from bot.config import CourseConfig
from bot.redact import hide_credentials
from bot.store.db import Database

SITE_KEY = "site"  # meta key: {"path": resolved site folder, "repo": repository URL or null}


def site_of(config: CourseConfig) -> dict[str, str | None]:
    """What names the site ``config`` reads: its folder, resolved, and its repository (credentials hidden)."""
    repo = config.course.repo
    return {"path": str(config.site_path.resolve()), "repo": hide_credentials(repo) if repo else None}


def describe(site: dict[str, str | None]) -> str:
    return f"{site['repo']} (checked out at {site['path']})" if site.get("repo") else str(site.get("path"))


async def claim(db: Database, config: CourseConfig, *, allow_removals: bool) -> str | None:
    """Record ``config``'s site as the one this cache holds, unless it holds sessions of another site: then
    the reason the sync is refused (None: go ahead)."""
    here = site_of(config)
    row = await db.fetchone("SELECT value FROM meta WHERE key = ?", (SITE_KEY,))
    if row is not None:
        try:
            held = json.loads(row[0])
        except ValueError:
            held = None
        if isinstance(held, dict) and held.get("path") == here["path"]:
            return None
        if isinstance(held, dict) and not allow_removals:
            count = await db.fetchone("SELECT count(*) FROM posts")
            if count is not None and count[0]:
                return (f"the cache {db.path} holds the sessions of another site, {describe(held)}, not of "
                        f"{describe(here)}; nothing was synced, and it keeps them. Give this site a cache of its own "
                        "(--db FILE, or unset $COURSEBOT_DB for one per site), or, if this site replaces that one "
                        "(the course moved), confirm with `coursebot sync --allow-removals`")
    async with db.transaction():
        await db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (SITE_KEY, json.dumps(here, ensure_ascii=False)),
        )
    return None
