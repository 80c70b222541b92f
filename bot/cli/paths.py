"""Where the command line keeps a site's cache by default (typer-free: an unchanged ``coursebot sync`` opens
it before typer is imported, see :mod:`bot.cli.warm`)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def default_db_path(site: Path) -> Path:
    """``$COURSEBOT_DB`` if set, else ``<user cache>/coursebot/<site name>-<hash of site path>.sqlite3``."""
    env = os.environ.get("COURSEBOT_DB")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursebot"
    resolved = site.resolve()
    key = hashlib.blake2b(str(resolved).encode(), digest_size=6).hexdigest()
    return base / f"{resolved.name or 'site'}-{key}.sqlite3"
