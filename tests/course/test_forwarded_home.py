"""A home page that only forwards (``index.md``: ``layout: forward``, ``target: https://site/home/``): the page it
forwards to is the home page a visitor reads, so the term's year is looked for there too (bot.course.term)."""

from pathlib import Path

from bot.course.site import open_site
from bot.course.term import home_pages

CONFIG = "title: Course\nurl: 'https://course.example.edu'\npermalink: pretty\n"
HOME = "---\nlayout: home\ntitle: Home\n---\n# Course\nHelp Room will begin the evening of 2024-01-09.\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def stub(target: str) -> str:
    return f"---\nlayout: forward\ntitle: Home\nnav_exclude: true\ntarget: {target}\n---"


def test_the_page_a_forward_stub_home_page_forwards_to_gives_the_term_year(tmp_path: Path) -> None:
    write(tmp_path, {"_config.yml": CONFIG, "index.md": stub("https://course.example.edu/home/"), "home.md": HOME})
    assert home_pages(tmp_path, "https://course.example.edu")[:2] == ["index.md", "home.md"]
    site = open_site(tmp_path)
    assert site.year == 2024 and site.year_source == "dates on home.md"


def test_a_site_relative_redirect_target_is_followed_too(tmp_path: Path) -> None:
    write(tmp_path, {"_config.yml": CONFIG, "index.md": "---\nredirect_to: /home/\n---\n", "home/index.md": HOME})
    assert open_site(tmp_path).year == 2024


def test_a_forward_to_another_site_or_a_home_page_with_a_body_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path, {"_config.yml": CONFIG, "index.md": stub("https://other.example.org/home/"), "home.md": HOME})
    assert open_site(tmp_path).year is None
    write(tmp_path, {"index.md": stub("https://course.example.edu/home/") + "\nWelcome to the course.\n"})
    assert open_site(tmp_path).year is None
