"""Configuration: defaults for the example course, errors that name the key, secrets from the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.config import CalendarConfig, ConfigError, CourseConfig, Secrets, load_config

from tests.conftest import EXAMPLE_CONFIG, EXAMPLE_SITE


def test_bundled_config_points_at_bundled_course() -> None:
    config = load_config(EXAMPLE_CONFIG)
    assert config.site_path == EXAMPLE_SITE
    assert config.course.tz.key == "America/New_York"
    assert config.roles == {"notes": "Blog team", "video": "Reading team"}
    assert config.team("TEAM-3") is not None and config.team("team-9") is None
    dates = config.calendar.meeting_dates()
    assert dates[0] == dt.date(2026, 11, 10)
    assert dt.date(2026, 11, 26) not in dates  # skipped holiday
    assert all(d.weekday() in (1, 3) for d in dates)


def test_defaults_without_a_file() -> None:
    config = CourseConfig()
    assert config.schedule.digest_cron == "0 18 * * sun"
    assert config.schedule.reminder_hours == 24
    assert config.schedule.grace_hours == 12


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('[course]\ntimezone = "Mars/Olympus"\n', ["course.timezone", "Mars/Olympus"]),
        ('[schedule]\ndigest_cron = "every sunday"\n', ["schedule.digest_cron", "five crontab fields"]),
        ('[course]\nsitee = "x"\n', ["course.sitee", "Extra inputs"]),
        ('[calendar]\nweekdays = ["Tue", "Funday"]\n', ["calendar.weekdays", "Funday"]),
        ("[[teams]]\nmembers = []\n", ["teams.0.id", "Field required"]),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, names: list[str]) -> None:
    path = tmp_path / "course.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    for name in names:
        assert name in message


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "course.toml"
    path.write_text("[course\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_site_override_and_relative_site(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "course.toml"
    path.write_text('[course]\nsite = "mysite"\n')
    assert load_config(path).site_path == tmp_path / "mysite"
    assert load_config(path, site=tmp_path / "other").site_path == tmp_path / "other"


def test_calendar_dates_list_is_sorted() -> None:
    cal = CalendarConfig(dates=[dt.date(2024, 2, 1), dt.date(2024, 1, 30)])
    assert cal.meeting_dates() == [dt.date(2024, 1, 30), dt.date(2024, 2, 1)]


def test_secrets_are_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "abc.def.ghi")
    secrets = Secrets(_env_file=None)
    assert secrets.discord_token is not None
    assert secrets.discord_token.get_secret_value() == "abc.def.ghi"
    assert "abc.def.ghi" not in repr(secrets) and "abc.def.ghi" not in str(secrets)


def test_default_file_applies_only_to_its_own_site(tmp_path: Path) -> None:
    other = load_config(site=tmp_path)
    assert other.site_path == tmp_path.resolve()
    assert other.teams == [] and other.calendar.meeting_dates() == []  # not the example course's
    same = load_config(site=EXAMPLE_SITE)
    assert same.teams and same.calendar.meeting_dates()
    explicit = load_config(EXAMPLE_CONFIG, site=tmp_path)
    assert explicit.teams and explicit.site_path == tmp_path.resolve()
