"""Configuration: defaults for the example course, errors that name the key, secrets from the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from zoneinfo import ZoneInfo

from bot.config import CalendarConfig, ConfigError, ConfigSource, CourseConfig, Secrets, find_config, load_config

from tests.conftest import EXAMPLE_CONFIG, EXAMPLE_SITE, PROJECT_ROOT


NY = ZoneInfo("America/New_York")


def test_bundled_config_points_at_bundled_course() -> None:
    config = load_config(EXAMPLE_CONFIG, now=dt.datetime(2029, 3, 6, 12, 0, tzinfo=NY))
    assert config.site_path == EXAMPLE_SITE
    assert config.course.tz.key == "America/New_York"
    assert config.roles == {"notes": "Blog team", "video": "Reading team"}
    assert config.team("TEAM-3") is not None and config.team("team-9") is None
    dates = config.calendar.meeting_dates()
    # "today - 2 weeks" .. "today + 4 weeks" on Tuesdays and Thursdays, today being Tue 6 Mar 2029
    assert (config.calendar.first_day, config.calendar.last_day) == (dt.date(2029, 2, 20), dt.date(2029, 4, 3))
    assert dates[0] == dt.date(2029, 2, 20) and len(dates) == 13
    assert all(d.weekday() in (1, 3) for d in dates)


@pytest.mark.parametrize("day", [dt.date(2026, 12, 2) + dt.timedelta(days=n) for n in range(0, 3000, 97)])
def test_the_example_is_mid_term_whatever_the_date(day: dt.date) -> None:
    """Upcoming sessions, a session within the coming week (digest) and within the next days (reminder)."""
    now = dt.datetime.combine(day, dt.time(12, 0), tzinfo=NY)
    dates = load_config(EXAMPLE_CONFIG, now=now).calendar.meeting_dates()[:11]  # the example has 11 sessions
    ahead = [d for d in dates if d > day]
    assert len(ahead) >= 5
    assert ahead[0] - day <= dt.timedelta(days=5)  # a reminder (24 h before) within the next days
    assert sum(d < day for d in dates) >= 3  # and some sessions are behind: mid-term


def test_relative_dates_follow_the_clock_in_the_course_timezone(tmp_path: Path) -> None:
    path = tmp_path / "course.toml"
    path.write_text('[course]\ntimezone = "Pacific/Auckland"\n[calendar]\nfirst_day = "today"\nlast_day = "today + 3 weeks"\n'
                    'weekdays = ["Mon"]\nskip = ["today + 1 week"]\ndates = []\n')
    # 20:00 UTC on 1 Mar is already 2 Mar in Auckland
    config = load_config(path, now=dt.datetime(2029, 3, 1, 20, 0, tzinfo=dt.UTC))
    assert config.calendar.first_day == dt.date(2029, 3, 2)
    assert config.calendar.last_day == dt.date(2029, 3, 23)
    assert config.calendar.skip == [dt.date(2029, 3, 9)]
    assert config.calendar.meeting_dates() == [dt.date(2029, 3, 5), dt.date(2029, 3, 12), dt.date(2029, 3, 19)]


def test_term_relative_dates_for_a_real_course(tmp_path: Path) -> None:
    path = tmp_path / "course.toml"
    path.write_text('[calendar]\nfirst_day = 2027-01-12\nlast_day = "first_day + 15 weeks"\nweekdays = ["Tue"]\n'
                    'skip = ["first_day + 9 weeks", "2027-01-12 + 10 weeks"]\n')
    calendar = load_config(path).calendar
    assert calendar.last_day == dt.date(2027, 4, 27)
    assert calendar.skip == [dt.date(2027, 3, 16), dt.date(2027, 3, 23)]
    assert len(calendar.meeting_dates()) == 16 - 2
    path.write_text('[calendar]\nfirst_day = "first_day + 1 week"\n')
    with pytest.raises(ConfigError, match="calendar.first_day: .*relative to itself"):
        load_config(path)


def test_relative_dates_read_the_process_clock(tmp_path: Path) -> None:
    path = tmp_path / "course.toml"
    path.write_text('[calendar]\ndates = ["today - 1 day", "today", "2029-03-08"]\n')
    config = load_config(path, environ={"COURSEBOT_NOW": "2029-03-06T12:00"})
    assert config.calendar.dates == [dt.date(2029, 3, 5), dt.date(2029, 3, 6), dt.date(2029, 3, 8)]
    with pytest.raises(ConfigError, match="COURSEBOT_NOW"):
        load_config(path, environ={"COURSEBOT_NOW": "soon"})


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
        # issue 7 / 9.18: every mistake is caught at load (check, start), naming the key and what was expected
        ('[schedule]\ndigest_cron = "0 18 * * sunday"\n', ["schedule.digest_cron", "sunday", "sun..sat"]),
        ('[schedule]\ndigest_cron = "61 18 * * sun"\n', ["schedule.digest_cron", "maximum value (59)"]),
        ('[schedule]\ndigest_cron = "0 24 * * sun"\n', ["schedule.digest_cron", "maximum value (23)"]),
        ('[schedule]\ndigest_cron = "*/0 18 * * sun"\n', ["schedule.digest_cron", "Increment must be higher than 0"]),
        ('[schedule]\ndigest_cron = "0 18 * * 9"\n', ["schedule.digest_cron", "day-of-week 9 is not in 0-7"]),
        ('[schedule]\ndigest_cron = "0 18 31 2 *"\n', ["schedule.digest_cron", "never fires"]),
        ("[schedule]\nreminder_hours = -24\n", ["schedule.reminder_hours", "not a negative number"]),
        ("[schedule]\nreminder_hours = 1e12\n", ["schedule.reminder_hours", "less than or equal to 8784"]),
        ("[schedule]\ngrace_hours = inf\n", ["schedule.grace_hours", "finite number"]),
        ("[schedule]\ngrace_hours = nan\n", ["schedule.grace_hours", "finite number"]),
        ("[schedule]\ndigest_days = 10000000\n", ["schedule.digest_days", "less than or equal to 366"]),
        ("[schedule]\nresync_minutes = inf\n", ["schedule.resync_minutes", "finite number"]),
        ("[course]\nduration_minutes = 100000000\n", ["course.duration_minutes", "less than or equal to 1440"]),
        ("[notices]\ndebounce_minutes = inf\n", ["notices.debounce_minutes", "finite number"]),
        ('[calendar]\nfirst_day = 0001-01-01\nlast_day = 0001-02-01\nweekdays = ["Mon"]\n', ["calendar.first_day", "outside the dates the bot accepts"]),
        ('[calendar]\nfirst_day = 2024-01-01\nlast_day = 9999-12-31\nweekdays = ["Mon"]\n', ["calendar.last_day", "outside the dates the bot accepts (1900-2199)"]),
        ('[calendar]\nfirst_day = 2024-01-01\nlast_day = 2040-12-31\nweekdays = ["Mon"]\n', ["calendar", "more than 3660 days"]),
        ('[calendar]\nfirst_day = "tomorow"\n', ["calendar.first_day", "today - 2 weeks", "tomorow"]),
        ('[calendar]\nfirst_day = "today - 99999 weeks"\n', ["calendar.first_day", "outside the dates the bot accepts"]),
        ('[calendar]\nskip = ["today + 1 fortnight"]\n', ["calendar.skip", "fortnight"]),
        ('[[teams]]\nid = "team-1"\n[[teams]]\nid = "Team-1"\n', ["teams", "'Team-1' is given twice", "ignoring case"]),
        ('[[teams]]\nid = ""\n', ["teams.0.id", "at least 1 character"]),
        ("[discord]\nchannel_id = 12345\n", ["discord.channel_id", "not a Discord id", "17 to 20 digits"]),
        ("[discord]\nguild_ids = [-1]\n", ["discord.guild_ids.0", "not a Discord id"]),
        ("[discord]\nstaff_role_id = 99999999999999999999999\n", ["discord.staff_role_id", "not a Discord id"]),
        ('[[teams]]\nid = "t"\ndiscord_role_id = 42\n', ["teams.0.discord_role_id", "not a Discord id"]),
        ('[[teams]]\nid = "t"\nmembers = [{ name = "A", discord_id = 7 }]\n', ["teams.0.members.0.discord_id", "Discord id"]),
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


def test_the_default_digest_cron_is_read_by_apscheduler() -> None:
    from bot.config import DEFAULT_DIGEST_CRON
    from bot.services.cron import digest_trigger_for

    trigger = digest_trigger_for(DEFAULT_DIGEST_CRON, ZoneInfo("America/New_York"))
    fired = trigger.get_next_fire_time(None, dt.datetime(2029, 3, 6, 12, 0, tzinfo=ZoneInfo("America/New_York")))
    assert fired == dt.datetime(2029, 3, 11, 18, 0, tzinfo=ZoneInfo("America/New_York"))


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
    other = load_config(site=tmp_path, cwd=PROJECT_ROOT, environ={})
    assert other.site_path == tmp_path.resolve()
    assert other.teams == [] and other.calendar.meeting_dates() == []  # not the example course's
    same = load_config(site=EXAMPLE_SITE, cwd=PROJECT_ROOT, environ={})
    assert same.teams and same.calendar.meeting_dates()
    explicit = load_config(EXAMPLE_CONFIG, site=tmp_path)
    assert explicit.teams and explicit.site_path == tmp_path.resolve()


def test_which_file_is_used(tmp_path: Path) -> None:
    """--config, then $COURSEBOT_CONFIG, then ./config/course.toml or ./coursebot.toml, then the bundled
    example only inside the project folder; nothing next to the installed package."""
    given, env_file = tmp_path / "given.toml", tmp_path / "env.toml"
    given.write_text(""), env_file.write_text("")
    work = tmp_path / "work"
    work.mkdir()
    environ = {"COURSEBOT_CONFIG": str(env_file)}
    assert find_config(given, cwd=work, environ=environ) == ConfigSource(given, "--config")
    assert find_config(None, cwd=work, environ=environ) == ConfigSource(env_file, "$COURSEBOT_CONFIG")
    assert find_config(None, cwd=work, environ={}).path is None  # not the example: not run from the project
    (work / "coursebot.toml").write_text("")
    assert find_config(None, cwd=work, environ={}).path == work / "coursebot.toml"
    (work / "config").mkdir()
    (work / "config" / "course.toml").write_text("")
    assert find_config(None, cwd=work, environ={}).path == work / "config" / "course.toml"
    assert find_config(None, cwd=PROJECT_ROOT / "tests", environ={}) == ConfigSource(
        EXAMPLE_CONFIG, "the bundled example: run from the project folder"
    )
    with pytest.raises(ConfigError, match="COURSEBOT_CONFIG"):
        load_config(environ={"COURSEBOT_CONFIG": str(tmp_path / "missing.toml")}, cwd=work)


def test_a_working_folder_config_reads_its_own_site(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "coursebot.toml").write_text('[course]\nsite = "site"\n')
    config = load_config(cwd=tmp_path, environ={})
    assert config.site_path == tmp_path / "site"
    assert str(tmp_path / "coursebot.toml") in config.source


def test_without_a_name_the_site_title_names_the_course(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: Trustworthy ML (Spring 2029)\n")
    assert load_config(site=site, cwd=tmp_path, environ={}).course.name == "Trustworthy ML (Spring 2029)"
    # a Jekyll site in the working folder, no configuration at all
    assert load_config(cwd=site, environ={}).course.name == "Trustworthy ML (Spring 2029)"
    # the staff's own file without a name: the title too; with one: theirs
    (tmp_path / "coursebot.toml").write_text('[course]\nsite = "site"\n')
    assert load_config(cwd=tmp_path, environ={}).course.name == "Trustworthy ML (Spring 2029)"
    (tmp_path / "coursebot.toml").write_text('[course]\nsite = "site"\nname = "CS 590"\n')
    assert load_config(cwd=tmp_path, environ={}).course.name == "CS 590"
    # no title: the folder's name
    (site / "_config.yml").write_text("baseurl: /x\n")
    assert load_config(site=site, cwd=site, environ={}).course.name == "site"


def test_a_site_title_is_read_around_config_lines_yaml_refuses(tmp_path: Path) -> None:
    from bot.config import site_title

    (tmp_path / "_config.yml").write_text("title: Week 3: Markets and Morals\nbaseurl: /x\n")  # a stray colon
    assert site_title(tmp_path) == "Week 3: Markets and Morals"
    (tmp_path / "_config.yml").write_text("title: Seminar\ncollections:\n\tlectures: {}\n")  # a tab
    assert site_title(tmp_path) == "Seminar"


def test_a_site_title_is_read_around_values_yaml_cannot_construct(tmp_path: Path) -> None:
    """``term_start_date: 0000-00-00`` or ``date: 2024-02-30`` in _config.yml made every command that names the
    course (``sessions``, ``schedule``) fail: ``unexpected error (ValueError): year 0 is out of range``; a list
    nested 10,000 deep a RecursionError. The title is read around such a value, as the site reader reads it."""
    from bot.config import site_title

    (tmp_path / "_config.yml").write_text("title: Seminar\nterm_start_date: 0000-00-00\n")
    assert site_title(tmp_path) == "Seminar"
    (tmp_path / "_config.yml").write_text("title: Seminar\ndate: 2024-02-30\n")
    assert site_title(tmp_path) == "Seminar"
    (tmp_path / "_config.yml").write_text("title: Seminar\nx: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert site_title(tmp_path) in ("Seminar", None)


def test_a_site_title_is_never_read_from_a_file_outside_the_site(tmp_path: Path) -> None:
    """A ``_config.yml`` that is a symlink out of the site (to another course's settings, a secret YAML file):
    the site reader refuses it (``outside the site``), but the course name showed that file's ``title``."""
    from bot.config import site_title

    outside = tmp_path / "private.yml"
    outside.write_text("title: PRIVATE VALUE\n")
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "_config.yml").symlink_to(outside)
    assert site_title(site) is None
    (site / "_config.yml").unlink()
    (site / "docs" / "_config.yml").symlink_to(outside)
    assert site_title(site) is None
    (site / "docs" / "_config.yml").unlink()
    (site / "docs" / "_config.yml").write_text("title: Docs Site\n")
    assert site_title(site) == "Docs Site"


@pytest.mark.parametrize(
    ("team_id", "why"),
    [('" "', "cannot be blank"), ('"team-1\\n@everyone"', "one line of visible text"), ('"t\\u001b]0;x"', "one line"),
     ('"R&D"', "separator"), ('"red, blue"', "separator"), ('"Research and Design"', "separator")],
)
def test_team_ids_a_post_could_never_name_are_refused(tmp_path: Path, team_id: str, why: str) -> None:
    """Posts name teams as ``notes: team-1, team-2``: a blank id, one spanning lines, or one holding a
    separator was accepted and never matched (second round of issue 9 point 18)."""
    path = tmp_path / "course.toml"
    path.write_text(f'[course]\nname = "T"\n\n[[teams]]\nid = {team_id}\nmembers = []\n')  # TOML text
    with pytest.raises(ConfigError, match=why) as caught:
        load_config(path)
    assert "course.toml:5: error: teams.0.id" in str(caught.value)
    path.write_text('[course]\nname = "T"\n\n[[teams]]\nid = " team 3 "\nmembers = []\n')
    assert [t.id for t in load_config(path).teams] == ["team 3"]


@pytest.mark.parametrize(
    ("roles", "why"),
    [('"" = "Blog team"', "a role key cannot be empty"), ('" " = "Blog team"', "a role key cannot be empty"),
     ('" notes" = "Blog team"', "not one line of visible text"), ('"no\\ntes" = "Blog team"', "not one line"),
     ('notes = ""', "role 'notes' has an empty label"), ('notes = "   "', "role 'notes' has an empty label"),
     ('notes = "\\u200b"', "role 'notes' has an empty label")],
)
def test_empty_role_keys_and_labels_are_refused_naming_the_setting(tmp_path: Path, roles: str, why: str) -> None:
    """``[roles]`` with an empty (or blank) key or an empty label was accepted: a key no post can write, a role
    shown with no name. The error names the file, the line of ``[roles]``, the setting and what is wrong."""
    path = tmp_path / "course.toml"
    path.write_text(f'[course]\nname = "T"\n\n[roles]\n{roles}\n')
    with pytest.raises(ConfigError, match=why) as caught:
        load_config(path)
    assert "course.toml:4: error: roles:" in str(caught.value)
    path.write_text('[course]\nname = "T"\n\n[roles]\nnotes = " Blog team "\n')
    assert load_config(path).roles == {"notes": "Blog team"}
