"""Which configuration file a command uses, and its TOML read: the part of :mod:`bot.config` that needs no
pydantic, so that a command can tell what it would load before loading the models (an unchanged ``coursebot
sync`` decides from these bytes, see :mod:`bot.store.warm`). :mod:`bot.config` re-exports every name here."""

from __future__ import annotations

import os
import tomllib
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The bundled example course's configuration (used only when run from inside the project folder).
EXAMPLE_CONFIG = PROJECT_ROOT / "config" / "course.toml"
#: Environment variable naming the configuration file (after ``--config``).
CONFIG_ENV = "COURSEBOT_CONFIG"
#: Configuration files looked for in the working folder, in order.
LOCAL_CONFIGS = (Path("config") / "course.toml", Path("coursebot.toml"))
#: ``course.timezone`` when the file gives none.
DEFAULT_TIMEZONE = "America/New_York"


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file, the key and what was expected."""


@dataclass(frozen=True, slots=True)
class ConfigSource:
    """Which configuration file is used, and why (said at the start of every command)."""

    path: Path | None  # None: no file, the defaults
    how: str

    def describe(self) -> str:
        return f"configuration {self.path} ({self.how})" if self.path is not None else f"no configuration file ({self.how})"


def find_config(path: Path | None = None, *, cwd: Path | None = None, environ: dict[str, str] | None = None) -> ConfigSource:
    """``path`` (``--config``), else ``$COURSEBOT_CONFIG``, else ``config/course.toml`` or ``coursebot.toml``
    in ``cwd`` (the working folder), else the bundled example when ``cwd`` is inside the project folder."""
    env = os.environ if environ is None else environ
    here = Path.cwd() if cwd is None else Path(cwd)
    if path is not None:
        return ConfigSource(Path(path), "--config")
    if env.get(CONFIG_ENV, "").strip():
        return ConfigSource(Path(env[CONFIG_ENV].strip()).expanduser(), f"${CONFIG_ENV}")
    for name in LOCAL_CONFIGS:
        if (here / name).is_file():
            return ConfigSource(here / name, "found in the working folder")
    project = PROJECT_ROOT
    if EXAMPLE_CONFIG.is_file() and (project / "pyproject.toml").is_file() and here.resolve().is_relative_to(project):
        return ConfigSource(EXAMPLE_CONFIG, "the bundled example: run from the project folder")
    return ConfigSource(None, f"none given, no ${CONFIG_ENV}, no {' or '.join(map(str, LOCAL_CONFIGS))} here")


def read_config(source: ConfigSource, here: Path) -> tuple[str, dict[str, Any]]:
    """The text of ``source``'s file ("" when there is none) and its TOML data, with ``base_dir`` (what its
    relative paths are relative to) set; with no file, the defaults for the working folder ``here``. Raises
    :class:`ConfigError` naming the file."""
    if source.path is None:  # no file: the defaults, for --site or the working folder
        return "", {"base_dir": here.resolve(), "course": {"site": "."}}
    if not source.path.is_file():
        raise ConfigError(f"{source.path}: configuration file not found (from {source.how})")
    try:
        text = source.path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source.path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{source.path}: cannot read: {exc.strerror or exc}") from exc
    base_dir = source.path.resolve().parent
    # config/course.toml sits in config/: site paths are relative to the project (its parent)
    if base_dir.name == "config":
        base_dir = base_dir.parent
    data["base_dir"] = base_dir
    return text, data


def site_in(base_dir: Path, site: Path) -> Path:
    """The site folder ``site`` as the configuration names it: relative paths are relative to ``base_dir``."""
    return site if site.is_absolute() else base_dir / site


def timezone_of(data: dict[str, Any]) -> zoneinfo.ZoneInfo:
    """The course timezone the TOML ``data`` names (UTC when it names none this machine knows: validation
    reports that mistake)."""
    course = data.get("course")
    name = course.get("timezone") if isinstance(course, dict) else None
    try:
        return zoneinfo.ZoneInfo(name if isinstance(name, str) else DEFAULT_TIMEZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")  # course.timezone reports the mistake
