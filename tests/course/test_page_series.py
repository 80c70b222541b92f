"""Page series (bot.course.page_series): folders of plain pages a Jekyll site presents as one series, and
their reading as sessions only when no collection holds sessions (bot.course.select, bot.course.load)."""

from pathlib import Path

from bot.config import load_config
from bot.course.files import SiteFiles
from bot.course.load import load_site
from bot.course.page_series import find_page_series
from bot.course.site import open_site, post_files
from bot.store.sessions import Store

JUST_THE_DOCS = "remote_theme: pmarsceill/just-the-docs\nurl: https://example.org\npermalink: pretty\ncollections:\n  - cards\n"
LISTING = "---\ntitle: Lectures\nhas_children: true\nnav_order: 1\n---\n# Lectures\n"


def lecture(n: int, body: str = "", parent: str = '"Lectures"') -> str:
    return (f'---\ntitle: "Week {n}: Topic {n}"\nparent: {parent}\nnav_order: {n}\n---\n'
            + (body or f"## Preparatory Materials\n**Read Article:** [Article {n}](https://example.org/a{n}.pdf)\n"))


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def folders(root: Path) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(s.folder, s.files, s.sort_by)
            for s in find_page_series(SiteFiles(root), "", lambda n: n.endswith(".md"), lambda p: False)]


def test_pages_of_a_folder_that_name_the_same_parent_are_a_series_without_its_listing_page(tmp_path):
    write(tmp_path, {"lectures/index.md": LISTING, "lectures/Lecture-1.md": lecture(1),
                     "lectures/Lecture-2.md": lecture(2), "lectures/notes.txt": "x",
                     "lectures/overview.md": "---\ntitle: Overview\n---\n"})
    assert folders(tmp_path) == [("lectures", ("lectures/Lecture-1.md", "lectures/Lecture-2.md"), "nav_order")]


def test_pages_numbered_with_the_same_word_are_a_series(tmp_path):
    # a page without front matter is one too: GitHub Pages renders it (jekyll-optional-front-matter)
    write(tmp_path, {"classes/week1.md": "---\ntitle: One\n---\n", "classes/week2.md": "---\ntitle: Two\n---\n",
                     "classes/week3.md": "no front matter\n", "classes/about.md": "---\ntitle: A\n---\n",
                     "classes/notes.md": "no front matter and no number\n"})
    assert folders(tmp_path) == [("classes", ("classes/week1.md", "classes/week2.md", "classes/week3.md"), None)]


def test_a_lone_page_the_site_top_folder_and_collection_folders_are_no_series(tmp_path):
    write(tmp_path, {"lecture1.md": lecture(1), "lecture2.md": lecture(2),  # the site's own top folder
                     "workshops/Workshop-1.md": lecture(1, parent="Workshops"),  # one page
                     "_lectures/l1.md": lecture(1), "_lectures/l2.md": lecture(2),  # a collection
                     "misc/a.md": "---\ntitle: A\n---\n", "misc/b.md": "---\ntitle: B\n---\n"})  # nothing shared
    assert folders(tmp_path) == []


def test_the_folder_of_plain_lecture_pages_holds_the_sessions_when_no_collection_does(tmp_path):
    write(tmp_path, {"_config.yml": JUST_THE_DOCS, "index.md": "---\ntitle: Home\nnav_order: 0\n---\n# Home\n",
                     "lectures/index.md": LISTING, "lectures/Lecture-1.md": lecture(1)})
    write(tmp_path, {"lectures/Lecture-2.md": lecture(2), "lectures/Lecture-10.md": lecture(10)})
    load = load_site(tmp_path)
    assert [s.slug for s in load.sessions] == ["Lecture-1", "Lecture-2", "Lecture-10"]  # in nav_order
    first = load.sessions[0]
    assert first.title == "Week 1: Topic 1" and first.url == "https://example.org/lectures/Lecture-1/"
    assert [r.urls for r in first.readings] == [("https://example.org/a1.pdf",)]
    assert "lectures/index.md" not in {s.file for s in load.sessions}


def series_beside_a_collection(root: Path, collection: str, posts: dict[str, str], pages: tuple[str, str],
                              parent: str) -> tuple[list[str], dict[str, str]]:
    """The session files and the skipped files (with why) of a site whose one collection ``collection`` holds
    ``posts`` (by name), beside two plain lecture ``pages`` (by path) naming ``parent``."""
    write(root, {"_config.yml": f"collections:\n  {collection}:\n    output: true\n",
                 **{f"_{collection}/{name}": text for name, text in posts.items()},
                 **{page: lecture(n, parent=parent) for n, page in enumerate(pages, start=1)}})
    load = load_site(root)
    return [s.file for s in load.sessions], load.skipped


def test_a_page_series_makes_no_sessions_beside_a_collection_that_holds_them(tmp_path):
    files, skipped = series_beside_a_collection(tmp_path, "lectures", {
        "01-intro.md": "---\ntitle: Intro\ntopic: intro\n---\n## Readings\n- [P](https://x.org/p)\n",
        "02-more.md": "---\ntitle: More\ntopic: more\n---\n## Readings\n- [Q](https://x.org/q)\n",
    }, ("notes/Lecture-1.md", "notes/Lecture-2.md"), parent="Notes")
    assert files == ["_lectures/01-intro.md", "_lectures/02-more.md"]
    assert "beside the site's session collection (lectures)" in skipped["notes/Lecture-1.md"]


def test_a_page_series_replaces_a_lone_collection_named_for_news(tmp_path):
    files, skipped = series_beside_a_collection(tmp_path, "announcements", {
        "week3.md": "---\ntitle: Week 3\nweek: 3\ndate: 2024-09-08\n---\n* Slides posted.\n",
    }, ("lectures/lec1.md", "lectures/lec2.md"), parent="Lectures")
    assert files == ["lectures/lec1.md", "lectures/lec2.md"]
    assert "the site's sessions are the pages of lectures/" in skipped["_announcements/week3.md"]


def test_of_two_page_series_the_one_whose_pages_carry_nothing_of_a_session_is_left_out(tmp_path):
    empty = "# Workshop\n\nBring a laptop.\n"
    write(tmp_path, {"_config.yml": JUST_THE_DOCS, "lectures/Lecture-1.md": lecture(1), "lectures/Lecture-2.md": lecture(2),
                     "workshops/Workshop-1.md": lecture(1, empty, parent="Workshops"),
                     "workshops/Workshop-2.md": lecture(2, empty, parent="Workshops")})
    load = load_site(tmp_path)
    assert [s.file for s in load.sessions] == ["lectures/Lecture-1.md", "lectures/Lecture-2.md"]
    assert set(load.skipped) == {"workshops/Workshop-1.md", "workshops/Workshop-2.md"}


def test_excluded_folders_are_not_read_for_page_series(tmp_path):
    write(tmp_path, {"_config.yml": JUST_THE_DOCS + "exclude: [drafts]\n",
                     "drafts/Lecture-1.md": lecture(1), "drafts/Lecture-2.md": lecture(2)})
    site = open_site(tmp_path)
    assert site.page_series == [] and post_files(site) == []


def test_pages_numbered_with_a_word_that_names_no_meeting_are_no_series(tmp_path):
    write(tmp_path, {"contents-old/S0.md": "---\ntitle: A\n---\n", "contents-old/S1.md": "---\ntitle: B\n---\n",
                     "figures/fig1.md": "---\ntitle: F\n---\n", "figures/fig2.md": "---\ntitle: G\n---\n"})
    assert folders(tmp_path) == []


async def test_site_collections_naming_the_folder_of_a_page_series_takes_its_pages_as_the_sessions(tmp_path):
    """``[site] collections = ["lectures"]`` naming a folder of plain pages (lectures/, a page series), not a
    ``_lectures`` collection: its pages are the sessions (its listing page is not one), even beside a collection
    that holds them without the configuration, and no warning says the site has no _lectures/; the bot's cache
    serves the same."""
    write(tmp_path, {"site/_config.yml": "title: X 2024\ncollections:\n  notes: {output: true}\n",
                     "site/_notes/a.md": "---\ntitle: A\n---\n## Readings\n- [P](https://x.org/p)\n",
                     "site/lectures/index.md": LISTING, "site/lectures/Lecture-1.md": lecture(1),
                     "site/lectures/Lecture-2.md": lecture(2),
                     "course.toml": '[course]\nsite = "site"\n\n[site]\ncollections = ["lectures"]\n'})
    assert [s.file for s in load_site(tmp_path / "site").sessions] == ["_notes/a.md"]  # without the configuration
    config = load_config(tmp_path / "course.toml")
    assert config.site.collections == ["lectures"]
    load = load_site(config.site_path, config)
    assert [s.file for s in load.sessions] == ["lectures/Lecture-1.md", "lectures/Lecture-2.md"]
    assert [r.urls for s in load.sessions for r in s.readings] == [("https://example.org/a1.pdf",),
                                                                  ("https://example.org/a2.pdf",)]
    assert load.skipped == {"_notes/a.md": "collection notes is not one of [site] collections"}
    assert not [p for p in load.problems if "collections" in p.message], load.problems
    async with await Store.open(tmp_path / "cache.sqlite3") as store:
        report = await store.sync(config)
        assert not [p for p in report.problems if "collections" in p.message], report.problems
        assert [s.file for s in await store.all_sessions()] == ["lectures/Lecture-1.md", "lectures/Lecture-2.md"]


WEEK_PAGE = ('---\nlayout: page\ntitle: "Week {n}: Topic {n}"\n---\n## Lecture Notes\nSome notes.\n\n'
             "## Resources\n- [Paper {n}](https://ex.org/p{n}.pdf) – why it matters.\n")
BLOG_POST = ("---\nlayout: post\ntitle: Welcome\ndate: 2024-12-27 12:00:00 -0000\ncategories: software-verification\n"
             "---\nHello.\n\n## Further Reading\n- Clarke, *Model Checking*\n")


def test_numbered_meeting_pages_beat_a_blog_of_fewer_posts(tmp_path):
    write(tmp_path, {"_config.yml": "title: V&V\n", "weeks/week1.md": WEEK_PAGE.format(n=1),
                     "weeks/week2.md": WEEK_PAGE.format(n=2), "_posts/2024-12-27-welcome.md": BLOG_POST})
    load = load_site(tmp_path)
    assert [s.file for s in load.sessions] == ["weeks/week1.md", "weeks/week2.md"]
    assert [r.title for r in load.sessions[0].readings] == ["Paper 1"]
    assert "a blog post" in load.skipped["_posts/2024-12-27-welcome.md"]


def test_a_blog_of_as_many_posts_or_of_numbered_lecture_posts_keeps_its_sessions_beside_a_page_series(tmp_path):
    write(tmp_path, {"_config.yml": "title: V&V\n", "weeks/week1.md": WEEK_PAGE.format(n=1),
                     "weeks/week2.md": WEEK_PAGE.format(n=2), "_posts/2024-12-27-welcome.md": BLOG_POST,
                     "_posts/2024-12-28-more.md": BLOG_POST.replace("Welcome", "More")})
    assert [s.file for s in load_site(tmp_path).sessions] == ["_posts/2024-12-27-welcome.md", "_posts/2024-12-28-more.md"]
    (tmp_path / "_posts/2024-12-28-more.md").unlink()
    (tmp_path / "_posts/2024-12-27-welcome.md").rename(tmp_path / "_posts/2024-12-27-lecture-1.md")
    assert [s.file for s in load_site(tmp_path).sessions] == ["_posts/2024-12-27-lecture-1.md"]


def test_an_unnumbered_page_beside_numbered_meeting_pages_is_a_session_only_when_it_carries_or_links_something(tmp_path):
    week = ("---\ntitle: Week {n}\nparent: Schedule\nnav_order: {n}\n---\n# Week {n}\n\n**Have Read for Today**:\n"
            "- [Reading {n}](https://ex.org/r{n}.pdf)\n")
    write(tmp_path, {"_config.yml": JUST_THE_DOCS, "weeks/wk1.md": week.format(n=1), "weeks/wk2.md": week.format(n=2),
                     "weeks/wk3.md": "---\ntitle: Week 3\nparent: Schedule\nnav_order: 3\n---\n# Week 3\n\nTBA\n",
                     "weeks/exam.md": "---\ntitle: Final Exam\nparent: Schedule\nnav_order: 13\n---\n# Final Exam\n\n"
                                      "Look back at everything you did this term.\n",
                     "weeks/review.md": "---\ntitle: Midterm Review\nparent: Schedule\nnav_order: 7\n---\n"
                                        "### Lecture slides\n* [slides pdf](/assets/review.pdf)\n"})
    load = load_site(tmp_path)
    assert [s.file for s in load.sessions] == ["weeks/wk1.md", "weeks/wk2.md", "weeks/wk3.md", "weeks/review.md"]
    assert "not numbered like the 3 meeting pages" in load.skipped["weeks/exam.md"]


def test_numbered_pages_without_front_matter_are_the_sessions_a_collection_file_without_it_is_not(tmp_path):
    week = "# Week {n}: Topic\n\n## Readings\n- Hatfield, C. (2020). [Comic Books {n}](https://ex.edu/h{n}.pdf).\n"
    write(tmp_path, {"_config.yml": "title: Comics\n", "index.md": "---\ntitle: Home\n---\n# Home\n",
                     "weeks/week01.md": week.format(n=1), "weeks/week02.md": week.format(n=2),
                     "_notes/n1.md": week.format(n=3)})
    load = load_site(tmp_path)
    assert [s.file for s in load.sessions] == ["weeks/week01.md", "weeks/week02.md"]
    assert [r.title for r in load.sessions[0].readings] == ["Comic Books 1"]
