"""open_site, post_files, order_sessions and session_url on small temporary sites."""

from pathlib import Path

import pytest

from bot.course.models import Session
from bot.course.site import SiteError, open_site, order_sessions, post_files, session_url

CONFIG = """# Permalinks
permalink:      pretty
baseurl: \t    \t/2024sp-Course/
url:            https://example.github.io/
title:            \t"2024 Spring UVA CS - Course"
collections:
  contents:
    sort_by: LOrder
    output: true
"""

INDEX = """---
layout: default
---
{% assign ddates = "|0118|0123|01/30|2/1 " | split: "|" %}
{% assign dweeks = "|W1|W2|W2|W3 " | split: "|" %}
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_missing_root_raises_site_error(tmp_path):
    with pytest.raises(SiteError, match="not found"):
        open_site(tmp_path / "nope")


def test_jekyll_site_with_tabs_in_config(tmp_path):
    write(tmp_path, {
        "_config.yml": CONFIG, "index.html": INDEX,
        "_contents/B.md": "---\ntitle: B\n---\n", "_contents/A.md": "---\ntitle: A\n---\n",
        "_contents/sub/C.markdown": "---\ntitle: C\n---\n", "_contents/img.png": "x",
        "_site/contents/A.md": "copy", "About.md": "---\ntitle: About\n---\n",
    })
    site = open_site(tmp_path)
    assert site.jekyll and site.year == 2024 and site.problems == []
    assert (site.url, site.baseurl, site.permalink) == ("https://example.github.io/", "/2024sp-Course/", "pretty")
    assert [(c.name, c.folder, c.sort_by) for c in site.collections] == [("contents", "_contents", "LOrder")]
    assert site.schedule_dates == ["", "0118", "0123", "01/30", "2/1"]
    assert site.schedule_file == "index.html"
    files = post_files(site)
    assert [f.path for f in files] == ["_contents/A.md", "_contents/B.md", "_contents/sub/C.markdown"]
    assert {(f.collection, f.sort_by) for f in files} == {("_contents", "LOrder")}


def test_posts_folder_is_a_collection(tmp_path):
    write(tmp_path, {"_config.yml": "url: https://x.org\n", "_posts/2024-01-02-a.md": "---\ntitle: A\n---\n"})
    site = open_site(tmp_path)
    assert [(f.path, f.collection) for f in post_files(site)] == [("_posts/2024-01-02-a.md", "_posts")]


def test_bad_config_is_a_problem_not_a_crash(tmp_path):
    write(tmp_path, {"_config.yml": "title: [unclosed\n", "_posts/a.md": "---\ntitle: A\n---\n"})
    site = open_site(tmp_path)
    assert [p.file for p in site.problems] == ["_config.yml"]


def test_plain_folder_skips_readme_without_front_matter(tmp_path):
    write(tmp_path, {
        "README.md": "# My course\n", "index.md": "---\ntitle: Week 0\n---\n",
        "w1.md": "---\ntitle: W1\n---\n", "notes/w2.markdown": "no front matter\n", ".hidden/x.md": "x",
        "node_modules/p/readme.md": "x",
    })
    site = open_site(tmp_path)
    assert not site.jekyll
    assert [f.path for f in post_files(site)] == ["index.md", "notes/w2.markdown", "w1.md"]
    assert {f.collection for f in post_files(site)} == {None}


def session(file: str, sort_key: str | None = None, collection: str | None = "_contents") -> Session:
    return Session(file=file, slug=Path(file).stem, title=None, lecture=None, collection=collection, sort_key=sort_key)


def test_order_sessions_by_sort_key_numerically_then_path_bytes():
    sessions = [session("_contents/b.md"), session("_contents/Z.md"), session("_contents/x.md", "10"),
                session("_contents/y.md", "9")]
    assert [s.file for s in order_sessions(sessions)] == ["_contents/y.md", "_contents/x.md", "_contents/Z.md",
                                                          "_contents/b.md"]


def test_session_url_pretty_collection(tmp_path):
    write(tmp_path, {"_config.yml": CONFIG})
    site = open_site(tmp_path)
    assert session_url(site, session("_contents/S0-L11.md")) == "https://example.github.io/2024sp-Course/contents/S0-L11/"


def test_session_url_posts_and_plain_folder(tmp_path):
    write(tmp_path, {"_config.yml": "url: https://x.org/\nbaseurl: ''\n", "_posts/2024-01-02-hello.md": ""})
    site = open_site(tmp_path)
    post = Session(file="_posts/2024-01-02-hello.md", slug="2024-01-02-hello", title=None, lecture=None,
                   collection="_posts", front_date=__import__("datetime").date(2024, 1, 2))
    assert session_url(site, post) == "https://x.org/2024/01/02/hello.html"
    plain = open_site(tmp_path / "_posts")
    assert session_url(plain, session("a.md", collection=None)) is None


def test_posts_without_a_date_in_the_name_are_not_published(tmp_path):
    write(tmp_path, {"_config.yml": "url: https://x.org\n", "_posts/2024-01-02-a.md": "---\ntitle: A\n---\n",
                     "_posts/S0-L03.md": "---\ntitle: old\n---\n"})
    assert [f.path for f in post_files(open_site(tmp_path))] == ["_posts/2024-01-02-a.md"]


def test_schedule_template_without_skip_conditions_dates_every_post(tmp_path):
    write(tmp_path, {"_config.yml": CONFIG, "index.html": INDEX})
    assert open_site(tmp_path).schedule_skips_non_meetings is False
    write(tmp_path, {"index.html": INDEX + "{% if post.extra %}x{% elsif post.platform %}y{% endif %}"})
    assert open_site(tmp_path).schedule_skips_non_meetings is True


def test_collections_dir(tmp_path):
    write(tmp_path, {
        "_config.yml": "url: https://x.org\ncollections_dir: my\ncollections:\n  - sessions\n",
        "my/_sessions/a.md": "---\ntitle: A\n---\n", "my/_posts/2024-01-02-b.md": "---\ntitle: B\n---\n",
    })
    site = open_site(tmp_path)
    assert [(f.path, f.collection) for f in post_files(site)] == [
        ("my/_sessions/a.md", "my/_sessions"), ("my/_posts/2024-01-02-b.md", "my/_posts")]
    assert session_url(site, session("my/_sessions/a.md", collection="my/_sessions")) == "https://x.org/sessions/a.html"


@pytest.mark.parametrize(
    "config, year, term",
    [
        ("subtitle: DHAW2023 | CLCV 25922 | Autumn 2022\nbaseurl: /DHAW2023\n", 2022, "autumn"),
        ('title: "CS6501, Fall\'25"\n', 2025, "fall"),
        ("description: Spring 2015<br/> Department\n", 2015, "spring"),
        ('title: "2024 Spring UVA CS - Course"\n', 2024, "spring"),
        ("title: Course 2019\n", 2019, None),
        ("title: Session 12\n", None, None),
    ],
)
def test_term_year_from_config(tmp_path, config, year, term):
    write(tmp_path, {"_config.yml": config})
    site = open_site(tmp_path)
    assert (site.year, site.term) == (year, term)


def test_term_year_from_home_page_when_config_names_none(tmp_path):
    write(tmp_path, {"_config.yml": "title: Seminar\n", "index.md": "# Seminar, Winter 2021\n"})
    site = open_site(tmp_path)
    assert (site.year, site.term, site.year_source) == (2021, "winter", "index.md")


def test_config_exclude_leaves_out_paths_as_jekyll_matches_them(tmp_path):
    write(tmp_path, {
        "_config.yml": "collections_dir: pages\ncollections:\n  lectures: {}\nexclude:\n  - _lectures/draft\n  - pages/_lectures/old\n",
        "pages/_lectures/a.md": "---\ntitle: A\n---\n",
        "pages/_lectures/draft/b.md": "---\ntitle: B\n---\n",
        "pages/_lectures/old/c.md": "---\ntitle: C\n---\n",
    })
    assert [f.path for f in post_files(open_site(tmp_path))] == ["pages/_lectures/a.md", "pages/_lectures/draft/b.md"]


def _weeks_site(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "_config.yml").write_text("title: Automata\ncollections:\n  announcements:\n    output: true\n")
    (tmp_path / "_announcements").mkdir()
    (tmp_path / "_announcements" / "welcome.md").write_text("---\ntitle: Welcome\ndate: 2024-01-10\n---\nHello.\n")
    (tmp_path / "_weeks").mkdir()
    for n in (1, 2):
        (tmp_path / "_weeks" / f"week-0{n}.md").write_text(
            f"---\ntitle: Week {n}\nunits:\n- topic: Part {n}\n  reading: Hopcroft §{n}.1\n---\n")
    return tmp_path


def test_a_configured_collection_that_config_yml_does_not_declare_is_read_with_a_warning(tmp_path):
    from bot.config import CourseConfig
    from bot.course.load import load_site

    root = _weeks_site(tmp_path)
    load = load_site(root, CourseConfig.model_validate({"site": {"collections": ["weeks"]}}))
    assert [s.slug for s in load.sessions] == ["week-01", "week-02"]
    assert [r.title for r in load.sessions[0].readings] == ["Hopcroft §1.1"]
    warning = [p for p in load.problems if "does not declare" in p.message]
    assert len(warning) == 1 and warning[0].severity == "warning" and "_weeks/" in warning[0].message
    # without the configuration the folder is read all the same (the declared announcements hold no sessions:
    # bot.course.select), with one warning that Jekyll does not publish it
    bare = load_site(root)
    assert [s.slug for s in bare.sessions] == ["week-01", "week-02"]
    assert [p.severity for p in bare.problems if "_weeks/" in p.message] == ["warning"]


def test_a_configured_collection_with_no_folder_is_named_in_a_warning(tmp_path):
    from bot.config import CourseConfig
    from bot.course.load import load_site

    root = _weeks_site(tmp_path)
    load = load_site(root, CourseConfig.model_validate({"site": {"collections": ["lectures"]}}))
    assert load.sessions == []
    assert any("no folder _lectures/" in p.message for p in load.problems)


def test_a_term_year_named_nowhere_else_comes_from_whole_dates_on_the_course_pages(tmp_path):
    (tmp_path / "_config.yml").write_text("title: Sensing Systems\ncollections:\n  modules:\n    output: true\n")
    (tmp_path / "about.md").write_text(
        "# About\nAttendance on 3/17/2027 and 3/19/2027 is required.\nWe read a paper from 2019 and one of 2021.\n")
    site = open_site(tmp_path)
    assert (site.year, site.year_source) == (2027, "dates on about.md")


def test_bare_years_on_the_course_pages_name_no_term(tmp_path):
    (tmp_path / "_config.yml").write_text("title: Sensing Systems\n")
    (tmp_path / "syllabus.md").write_text("Papers from 2019, 2021 and 2023.\n")
    assert open_site(tmp_path).year is None


def test_a_year_key_in_config_yml_is_the_term_year(tmp_path):
    (tmp_path / "_config.yml").write_text("title: Sensing Systems\nyear: 2027\n")
    assert open_site(tmp_path).year == 2027


def test_a_copyright_year_in_the_config_footer_is_the_term_year_where_nothing_else_names_one(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "title: Research Design\nfooter_content: 'A. Author &copy; 2025 <a href=\"https://x.org\">CC BY</a>'\n")
    site = open_site(tmp_path)
    assert (site.year, site.year_source) == (2025, "_config.yml copyright")
    # a range gives its last year; a season elsewhere in the settings still wins
    (tmp_path / "_config.yml").write_text("title: Seminar\nfooter: '© 2019–2024 Lab'\n")
    assert open_site(tmp_path).year == 2024
    (tmp_path / "_config.yml").write_text("title: Seminar\nterm_name: Fall 2023\nfooter: '© 2025 Lab'\n")
    assert open_site(tmp_path).year == 2023


def test_a_title_day_with_an_abbreviated_month_in_parentheses_is_dated_in_the_copyright_year(tmp_path):
    from bot.course.load import load_site

    (tmp_path / "_config.yml").write_text(
        "title: Research Design\nfooter_content: 'A. Author &copy; 2025'\ncollections:\n  modules:\n")
    (tmp_path / "_modules").mkdir()
    (tmp_path / "_modules" / "session07.md").write_text(
        "---\ntitle: Week 7. Introduction to Causal Inference (Oct 10)\ntype: outline\n---\n")
    assert [str(s.date) for s in load_site(tmp_path).sessions] == ["2025-10-10"]


def test_the_terms_first_day_and_its_week_number_come_from_config_yml(tmp_path):
    (tmp_path / "_config.yml").write_text("title: CS 16\nstart_week: 0\nstart_date: 2018-09-23 00:00:00.00-8:00\n")
    site = open_site(tmp_path)
    assert (str(site.term_start), site.term_start_week) == ("2018-09-23", 0)
    (tmp_path / "_config.yml").write_text('title: Ethics\nterm_start_date: "2021-09-20"\n')
    assert (str(open_site(tmp_path).term_start), open_site(tmp_path).term_start_week) == ("2021-09-20", 1)


def test_collection_documents_are_the_files_jekyll_renders(tmp_path):
    """Markdown under any of Jekyll's markdown extensions, and extensionless files that open with front matter
    (Jekyll outputs them as they are); an extensionless file without front matter is a static file."""
    write(tmp_path, {
        "_config.yml": "url: https://x.org\ncollections:\n  lectures:\n    output: true\n",
        "_lectures/01.md": "---\ntitle: A\n---\n", "_lectures/02": "---\ntitle: B\n---\n",
        "_lectures/03.markdown": "---\ntitle: C\n---\n", "_lectures/04.MKD": "---\ntitle: D\n---\n",
        "_lectures/notes": "plain notes\n", "_lectures/figure.png": "---\n", "_lectures/05.txt": "---\ntitle: E\n---\n",
    })
    site = open_site(tmp_path)
    assert [f.path for f in post_files(site)] == ["_lectures/01.md", "_lectures/02", "_lectures/03.markdown",
                                                  "_lectures/04.MKD"]
    session = Session(file="_lectures/02", slug="02", title="B", lecture=None, collection="_lectures")
    assert session_url(site, session) == "https://x.org/lectures/02"  # output as it is: no .html


def test_html_documents_with_front_matter_in_a_collection_are_read_like_markdown_ones(tmp_path):
    from bot.course.load import load_site

    write(tmp_path, {
        "_config.yml": "url: https://x.org\ncollections:\n  lectures:\n    output: true\n",
        "_lectures/01.md": "---\ntitle: A\ndate: 2027-01-19\n---\n",
        "_lectures/02.html": "---\ntitle: B\ndate: 2027-01-26\n---\n<h2>Readings</h2>\n<ul>\n"
                             "<li><a href=\"https://arxiv.org/abs/1706.03762\">Attention Is All You Need</a></li>\n</ul>\n",
        "_lectures/03.htm": "---\ntitle: C\n---\n", "_lectures/figure.html": "<p>a static page</p>\n",
    })
    site = open_site(tmp_path)
    assert [f.path for f in post_files(site)] == ["_lectures/01.md", "_lectures/02.html", "_lectures/03.htm"]
    sessions = load_site(tmp_path).sessions
    assert [(s.title, str(s.date)) for s in sessions][:2] == [("A", "2027-01-19"), ("B", "2027-01-26")]
    assert [r.title for r in sessions[1].readings] == ["Attention Is All You Need"]
    assert sessions[1].url == "https://x.org/lectures/02.html"


def test_markdown_ext_in_config_yml_names_the_markdown_extensions(tmp_path):
    write(tmp_path, {"_config.yml": "markdown_ext: md, txt\ncollections: [lectures]\n",
                     "_lectures/a.txt": "---\ntitle: A\n---\n", "_lectures/b.markdown": "---\ntitle: B\n---\n",
                     "_lectures/c.md": "---\ntitle: C\n---\n"})
    assert [f.path for f in post_files(open_site(tmp_path))] == ["_lectures/a.txt", "_lectures/c.md"]


def test_folders_named_like_collections_that_config_yml_does_not_declare_are_listed_as_undeclared(tmp_path):
    write(tmp_path, {"_config.yml": "title: T\nexclude: [_old]\n", "_weeks/w1.md": "---\ntitle: W1\n---\n",
                     "_includes/nav.md": "---\ntitle: Nav\n---\n", "_data/x.md": "---\ntitle: X\n---\n",
                     "_old/w0.md": "---\ntitle: W0\n---\n", "weeks/w9.md": "---\ntitle: W9\n---\n"})
    site = open_site(tmp_path)
    assert [c.folder for c in site.undeclared] == ["_weeks"] and site.collections == []
    assert [(f.path, f.collection) for f in post_files(site)] == [("_weeks/w1.md", "_weeks")]


def test_a_config_yml_that_cannot_be_read_at_all_still_serves_the_sessions_of_its_folders(tmp_path):
    """Its collections unknown, the site's _<name> folders are read as undeclared collections: a one-session
    site keeps its session (with the error naming the line, which also keeps a sync from removing anything)."""
    from bot.course.load import load_site

    write(tmp_path, {"_config.yml": "[collections: lectures\n",
                     "_lectures/l1.md": "---\ntitle: L1\n---\n## Readings\n- [A](https://x.org/a)\n"})
    load = load_site(tmp_path)
    assert [s.slug for s in load.sessions] == ["l1"]
    assert [(p.line, p.severity) for p in load.problems if p.file == "_config.yml" and "YAML" in p.message] == [
        (1, "error")]


def test_a_repository_whose_jekyll_site_is_its_docs_folder_is_read_as_that_site(tmp_path):
    """GitHub Pages publishes a repository's root or its docs/ folder: with no _config.yml at the root and one in
    docs/, the site is docs/ (its settings fill {{ site.KEY }} links and URLs, its pages name the term), and
    paths stay relative to the root."""
    from bot.course.load import load_site

    write(tmp_path, {
        "README.md": "# The course repository\n",
        "docs/_config.yml": ("title: Critical theory, Fall 2017\nurl: https://x.github.io\nbaseurl: /ct\n"
                             "docsUrl: https://files.example.org/ct/\nexclude: [_seminars/old.md]\n"
                             "collections:\n  seminars:\n    output: true\n"),
        "docs/index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "docs/_seminars/1-intro.md": ("---\ntitle: Intro\nweek: 1\n---\n## Readings\n\n"
                                      "- [Mills, The Sociological Imagination]({{ site.docsUrl }}mills.pdf)\n"),
        "docs/_seminars/old.md": "---\ntitle: Old\n---\n",
    })
    site = open_site(tmp_path)
    assert (site.jekyll, site.source_dir, site.year, site.baseurl) == (True, "docs/", 2017, "/ct")
    assert [(f.path, f.collection) for f in post_files(site)] == [("docs/_seminars/1-intro.md", "docs/_seminars")]
    [session] = load_site(tmp_path).sessions
    assert session.url == "https://x.github.io/ct/seminars/1-intro.html"
    assert [r.urls for r in session.readings] == [("https://files.example.org/ct/mills.pdf",)]
    write(tmp_path, {"docs/_config.yml": "title: T: broken\ncollections: [seminars\n"})
    assert {p.file for p in open_site(tmp_path).problems} == {"docs/_config.yml"}


def test_a_week_page_titled_with_its_day_in_the_heading_is_dated_in_the_home_pages_term(tmp_path):
    from bot.course.load import load_site

    write(tmp_path, {
        "_config.yml": "title: Digital Archaeology\n",
        "index.md": "---\ntitle: Home\n---\nA course in the Fall 2026 semester.\n",
        "weeks/wk2.md": "---\ntitle: Week 2\nparent: Schedule\nnav_order: 2\n---\n\n# Week 2 - Sept 21\n\n"
                        "**Have Read for Today**:\n\n+ [Paper](https://ex.org/p.pdf)\n",
        "weeks/wk3.md": "---\ntitle: Week 3\nparent: Schedule\nnav_order: 3\n---\n\n# Week 3\n\n"
                        "**Have Read for Today**:\n\n+ [Other](https://ex.org/o.pdf)\n",
    })
    dates = {s.slug: s.date for s in load_site(tmp_path).sessions}
    assert dates == {"wk2": __import__("datetime").date(2026, 9, 21), "wk3": None}
