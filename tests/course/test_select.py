"""select_sessions: which documents of a site are class sessions (general evidence, configurable)."""

from bot.course.models import Session, Traits
from bot.course.select import collection_name, select_sessions


def doc(file: str, collection: str | None, **traits) -> Session:
    name = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Session(file=file, slug=name, title=name, lecture=None, collection=collection, traits=Traits(**traits))


def files(selection) -> list[str]:
    return [s.file for s in selection.sessions]


def test_collection_named_for_news_calendar_or_staff_is_left_out_beside_another():
    docs = [
        doc("_modules/m1.md", "_modules", reading_count=3),
        doc("_announcements/week1.md", "_announcements", keys=("title", "date")),
        doc("_calendar/weekly.md", "_calendar", keys=("timeline", "schedule")),
        doc("_staffers/ta.md", "_staffers", keys=("name", "role")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_modules/m1.md"]
    assert "by its name" in out.skipped["_announcements/week1.md"]


def test_a_site_whose_only_collection_has_a_non_session_name_keeps_it():
    docs = [doc("_schedule/w1.md", "_schedule", reading_count=1), doc("_schedule/w2.md", "_schedule")]
    assert files(select_sessions(docs)) == ["_schedule/w1.md", "_schedule/w2.md"]


def test_collection_whose_documents_carry_nothing_of_a_session_is_left_out_beside_one_that_does():
    docs = [
        doc("_talks/a.md", "_talks", keys=("title", "speaker")),
        doc("_talks/b.md", "_talks", reading_count=2),
        doc("_extras/x.md", "_extras", keys=("title",)),
        doc("_extras/y.md", "_extras", keys=("title", "permalink")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_talks/a.md", "_talks/b.md"]
    assert "no readings or session keys" in out.skipped["_extras/x.md"]


def test_homework_category_posts_are_not_sessions():
    docs = [
        doc("_posts/2015-01-23-lecture-1.md", "_posts", categories=("lectures",)),
        doc("_posts/2015-02-23-homework-1.md", "_posts", categories=("homework",)),
        doc("_posts/2015-01-21-tools.md", "_posts", categories=("Homework",)),
        doc("_posts/2015-01-25-misc.md", "_posts"),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_posts/2015-01-23-lecture-1.md", "_posts/2015-01-25-misc.md"]
    assert out.skipped["_posts/2015-02-23-homework-1.md"].startswith("categories: homework")


def test_the_post_jekyll_new_writes_is_not_a_session():
    """`jekyll new` leaves _posts/<date>-welcome-to-jekyll.markdown (categories: jekyll update) on many
    course sites: it is the template's sample, not a class."""
    docs = [
        doc("_units/unit1.md", "_units", keys=("title", "dates")),
        doc("_posts/2021-01-11-welcome-to-jekyll.markdown", "_posts", categories=("jekyll", "update")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_units/unit1.md"]
    assert out.skipped["_posts/2021-01-11-welcome-to-jekyll.markdown"].startswith("categories: jekyll")


def test_static_files_and_unpublished_documents_are_not_sessions():
    docs = [
        doc("pages/_lectures/w1.md", "pages/_lectures", reading_count=1),
        doc("pages/_lectures/extras/primer.md", "pages/_lectures", front_matter=False),
        doc("pages/_lectures/old.md", "pages/_lectures", published=False),
    ]
    assert files(select_sessions(docs)) == ["pages/_lectures/w1.md"]
    plain = [doc("notes.md", None, front_matter=False)]  # a plain folder: every markdown file is a post
    assert files(select_sessions(plain)) == ["notes.md"]


def test_configured_collections_and_categories_override_the_automatic_choice():
    docs = [
        doc("_modules/m1.md", "_modules", reading_count=3),
        doc("_announcements/week1.md", "_announcements"),
        doc("_posts/2015-02-23-homework-1.md", "_posts", categories=("homework",)),
    ]
    assert files(select_sessions(docs, collections=["announcements"])) == ["_announcements/week1.md"]
    assert files(select_sessions(docs, collections=["pages/_modules"])) == ["_modules/m1.md"]
    assert files(select_sessions(docs, categories=["Homework"])) == ["_posts/2015-02-23-homework-1.md"]


def test_collection_name():
    assert collection_name("pages/_lectures") == "lectures"
    assert collection_name("_posts") == "posts"
    assert collection_name(None) == ""


def test_when_no_collection_looks_like_sessions_the_one_named_for_sessions_is_kept():
    docs = [
        doc("_lectures/01.md", "_lectures", keys=("type", "date", "title", "links")),
        doc("_lectures/02.md", "_lectures", keys=("type", "date", "title", "links")),
        doc("_events/quiz1_due.md", "_events", keys=("type", "date", "description")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_lectures/01.md", "_lectures/02.md"]
    assert "neither its documents nor its name" in out.skipped["_events/quiz1_due.md"]


def test_a_key_ending_in_a_role_word_makes_a_document_look_like_a_session():
    docs = [
        doc("_talks/a.md", "_talks", keys=("title", "paper_presenter")),
        doc("_extras/x.md", "_extras", keys=("title",)),
    ]
    assert files(select_sessions(docs)) == ["_talks/a.md"]


def test_homework_and_lab_collections_numbering_their_pages_are_left_out_beside_the_lectures():
    # num: numbers homework and lab pages as much as lectures; it says nothing about a session
    docs = [
        doc("_lectures/lect01.md", "_lectures", keys=("num", "desc", "lecture_date")),
        doc("_hwk/h01.md", "_hwk", keys=("num", "desc", "assigned", "due")),
        doc("_lab/lab00.md", "_lab", keys=("num", "desc", "assigned", "due")),
        doc("_lab/lab01.md", "_lab", keys=("num", "desc")),
        doc("_exam/e01.md", "_exam", keys=("num", "desc", "exam_date")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_lectures/lect01.md"]
    assert "by its name" in out.skipped["_exam/e01.md"] and "by its name" in out.skipped["_lab/lab01.md"]
    assert {"_hwk/h01.md", "_lab/lab00.md"} <= set(out.skipped)  # graded work by their assigned:/due: keys, too


def test_a_counter_key_alone_does_not_make_a_document_look_like_a_session():
    docs = [
        doc("_talks/a.md", "_talks", keys=("title", "speaker")),
        doc("_handouts/h1.md", "_handouts", keys=("title", "num")),
        doc("_handouts/h2.md", "_handouts", keys=("title", "number")),
    ]
    assert files(select_sessions(docs)) == ["_talks/a.md"]


def test_the_index_page_at_the_top_of_a_collection_is_its_listing_not_a_session():
    docs = [
        doc("_lectures/index.md", "_lectures", keys=("title", "permalink", "layout")),
        doc("_lectures/01-logic.md", "_lectures", keys=("title", "summary")),
        doc("_lectures/README.md", "_lectures", keys=("title",)),
        doc("_sessions/week1/index.md", "_sessions", keys=("title", "date")),  # a folder per session
    ]
    out = select_sessions(docs)
    assert files(out) == ["_lectures/01-logic.md", "_sessions/week1/index.md"]
    assert "listing page" in out.skipped["_lectures/index.md"]


def test_a_session_name_does_not_keep_a_collection_of_plain_pages_beside_lectures_that_look_like_sessions():
    docs = [
        doc("_lectures/w1/leds.md", "_lectures", keys=("title", "week", "category")),
        doc("_lectures/w1/intro.md", "_lectures", keys=("title", "week", "category")),
        doc("_syllabus/syllabus-fall.md", "_syllabus", keys=("title",)),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_lectures/w1/leds.md", "_lectures/w1/intro.md"]
    assert "no readings or session keys" in out.skipped["_syllabus/syllabus-fall.md"]


def test_a_syllabus_collection_of_sessions_is_kept_when_it_is_the_one_that_looks_like_sessions():
    docs = [
        doc("_syllabus/week1.md", "_syllabus", keys=("title", "day"), reading_count=2),
        doc("_syllabus/week2.md", "_syllabus", keys=("title", "day")),
        doc("_staff/ta.md", "_staff", keys=("name",)),
    ]
    assert files(select_sessions(docs)) == ["_syllabus/week1.md", "_syllabus/week2.md"]


def test_a_document_that_names_itself_graded_work_and_carries_nothing_of_a_session_is_not_one():
    docs = [
        doc("_posts/2025-08-18-exercise-1-instructions.md", "_posts", keys=("layout", "title", "author", "date", "exercise")),
        doc("_posts/2025-08-19-exercise-1-ada.md", "_posts", keys=("title", "author", "date", "exercise")),
        doc("_posts/2025-08-20-h1.md", "_posts", keys=("title", "assigned", "due")),
        doc("_posts/2025-08-21-lecture-2.md", "_posts", keys=("title", "date", "assignment"), reading_count=2),
        doc("_posts/2025-08-22-lecture-3.md", "_posts", keys=("title", "date", "exercise_url")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_posts/2025-08-21-lecture-2.md", "_posts/2025-08-22-lecture-3.md"]
    assert "graded work" in out.skipped["_posts/2025-08-19-exercise-1-ada.md"]
    assert "graded work" in out.skipped["_posts/2025-08-20-h1.md"]
    # a configured choice of collections keeps the rule (the init draft names the collection it found); a
    # categories filter picks the documents itself
    assert len(select_sessions(docs, collections=["posts"]).sessions) == 2
    assert len(select_sessions(docs + [doc("_posts/x.md", "_posts", keys=("exercise", "categories"),
                                           categories=("exercise",))], categories=["exercise"]).sessions) == 1


def test_a_site_whose_only_collection_is_news_without_session_traits_has_no_sessions():
    docs = [doc("_announcements/welcome.md", "_announcements", keys=("title", "date")),
            doc("_announcements/week2.md", "_announcements", keys=("title", "date"))]
    out = select_sessions(docs)
    assert files(out) == [] and "by its name" in out.skipped["_announcements/welcome.md"]


def test_a_collection_named_schedule_whose_documents_are_sessions_beats_a_blog_of_posts():
    docs = [
        doc("_schedule/week-01.md", "_schedule", reading_count=4),
        doc("_schedule/week-02.md", "_schedule", reading_count=3),
        doc("_posts/2022-01-20-reflection.md", "_posts", keys=("title", "author", "categories")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_schedule/week-01.md", "_schedule/week-02.md"]
    assert "_posts/2022-01-20-reflection.md" in out.skipped


def test_a_page_linking_many_pages_of_its_own_collection_with_nothing_of_a_session_is_its_overview():
    from bot.course.posts import parse_post

    overview = parse_post("_schedule/00-overview.md", (
        "---\npermalink: /schedule/00-overview\ntitle: ''\nlayout: single\n---\n\n"
        "| Tuesday | Thursday |\n| --- | --- |\n"
        "| [January 18 - Introducing]({{site.baseurl}}/schedule/01-introducing) | [January 20 - Ends](/schedule/02-ends/) |\n"
        "| [January 25 - Change]({{site.baseurl}}/schedule/03-change) | [Elsewhere](https://x.org/schedule/04-other) |\n"
    ).encode(), collection="_schedule").session
    assert overview is not None and overview.traits.collection_links == 3  # the external address does not count
    docs = [overview, doc("_schedule/01-introducing.md", "_schedule", keys=("title", "class_date"), reading_count=0),
            doc("_schedule/03-change.md", "_schedule", reading_count=3)]
    out = select_sessions(docs)
    assert files(out) == ["_schedule/01-introducing.md", "_schedule/03-change.md"]
    assert "overview" in out.skipped["_schedule/00-overview.md"]
    # a session that links its neighbours stays one: it carries readings
    linking = doc("_schedule/05-power.md", "_schedule", reading_count=2, collection_links=4)
    assert files(select_sessions([linking])) == ["_schedule/05-power.md"]


def test_links_to_pages_of_its_own_collection_are_not_counted_on_a_post_with_readings():
    from bot.course.posts import parse_post

    links = "".join(f"- [Week {n}](/schedule/0{n}-week/)\n" for n in range(1, 5))
    session = parse_post("_schedule/05-power.md", (
        f"---\ntitle: Power\n---\n\n## Readings\n\n- [A paper](https://x.org/a.pdf)\n\n## See also\n\n{links}"
    ).encode(), collection="_schedule").session
    assert session.traits.reading_count == 1 and session.traits.collection_links == 0  # it carries a session anyway
    assert files(select_sessions([session])) == ["_schedule/05-power.md"]
    bare = parse_post("_schedule/00-all.md", f"---\ntitle: All\n---\n\n{links}".encode(), collection="_schedule").session
    assert bare.traits.reading_count == 0 and bare.traits.collection_links == 4


def test_a_collection_of_preparation_pages_keyed_like_the_lectures_is_not_sessions_beside_them():
    docs = [
        doc("_lectures/week01/intro.md", "_lectures", keys=("week", "category", "title")),
        doc("_lectures/week01/leds.md", "_lectures", keys=("week", "category", "title")),
        doc("_readings/week01.md", "_readings", keys=("week", "category", "title"), reading_count=2),
        doc("_readings/week02.md", "_readings", keys=("week", "category", "title")),
    ]
    out = select_sessions(docs)
    assert files(out) == ["_lectures/week01/intro.md", "_lectures/week01/leds.md"]
    assert "preparation pages" in out.skipped["_readings/week01.md"]
    # alone, or beside lectures keyed otherwise, a readings collection is sessions as before
    assert files(select_sessions(docs[2:])) == ["_readings/week01.md", "_readings/week02.md"]
    other = [doc("_lectures/a.md", "_lectures", keys=("lecture_date",)), *docs[2:]]
    assert "_readings/week01.md" in files(select_sessions(other))


def test_pages_outside_the_session_collection_are_not_sessions():
    # a plain folder (no _config.yml at its root) whose Jekyll site sits in a subfolder: the home page and the schedule
    # page that lists the seminars (and some literature) sit outside the collection that holds the sessions
    docs = [
        doc("docs/_seminars/1-intro.md", None, keys=("week", "title"), reading_count=2),
        doc("docs/_seminars/2-theory.md", None, keys=("week", "title"), reading_count=3),
        doc("docs/index.md", None, keys=("title", "layout")),
        doc("docs/reading.md", None, keys=("title", "layout"), reading_count=12),
        doc("docs/_includes/nav.md", None, keys=("title",)),  # Jekyll's own folder: no collection
    ]
    out = select_sessions(docs)
    assert files(out) == ["docs/_seminars/1-intro.md", "docs/_seminars/2-theory.md"]
    assert "outside the site's session collection (docs/_seminars)" in out.skipped["docs/reading.md"]
    assert "docs/index.md" in out.skipped and "docs/_includes/nav.md" in out.skipped
    # a collection whose documents do not look like sessions leaves the pages outside it alone
    drafts = [doc("_notes/a.md", None, keys=("title",)), doc("week1.md", None, keys=("week",), reading_count=1)]
    assert files(select_sessions(drafts)) == ["_notes/a.md", "week1.md"]
    # a plain folder of posts, none in a collection folder: all kept
    plain = [doc("w1.md", None, reading_count=1), doc("notes/w2.md", None)]
    assert files(select_sessions(plain)) == ["w1.md", "notes/w2.md"]


def test_a_repository_keeping_its_site_in_a_subfolder_serves_only_the_collection_pages(tmp_path):
    # read as a plain folder (docs/ would be read as the Jekyll site itself: test_site)
    from bot.course.load import load_site

    pages = {
        "README.md": "# Course repository\n\nThe site is in website/.\n",
        "website/_config.yml": "collections:\n  seminars:\n    output: true\nbaseurl: /course\n",
        "website/index.md": "---\ntitle: Home\nlayout: home\n---\n## News\n\n[Sign up](https://example.org/signup)\n",
        "website/schedule.md": ("---\ntitle: Schedule\nlayout: page\n---\n{% for s in site.seminars %}[{{ s.title }}]"
                             "({{ s.url }}){% endfor %}\n\n## Basic literature\n\n"
                             "- Adorno, T. W. (2009). _Dialectic of Enlightenment._ Verso.\n"),
    }
    for n in (1, 2):
        pages[f"website/_seminars/{n}-topic.md"] = (f"---\nweek: {n}\ntitle: Topic {n}\n---\n"
                                                 f"### Author {n}. _A paper {n}_.\n[PDF](https://example.org/p{n}.pdf)\n")
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    load = load_site(tmp_path)
    assert [s.file for s in load.sessions] == ["website/_seminars/1-topic.md", "website/_seminars/2-topic.md"]
    assert set(load.skipped) == {"website/index.md", "website/schedule.md"}


def test_an_undeclared_collection_holds_the_sessions_only_when_no_declared_one_does():
    weeks = [doc("_weeks/w1.md", "_weeks", reading_count=2), doc("_weeks/w2.md", "_weeks", keys=("week",))]
    news = [doc("_announcements/a.md", "_announcements", keys=("title", "date"))]
    out = select_sessions(weeks + news, undeclared=["_weeks"])
    assert files(out) == ["_weeks/w1.md", "_weeks/w2.md"]
    lectures = [doc("_lectures/l1.md", "_lectures", reading_count=1), doc("_lectures/l2.md", "_lectures", reading_count=3)]
    out = select_sessions(weeks + lectures, undeclared=["_weeks"])
    assert files(out) == ["_lectures/l1.md", "_lectures/l2.md"]
    assert "not a collection _config.yml declares" in out.skipped["_weeks/w1.md"]
    # beside a declared collection whose documents carry nothing of a session, an undeclared one is taken only
    # when its own documents look like sessions
    plain = [doc("_contents/c1.md", "_contents", keys=("title",))]
    assert files(select_sessions(weeks + plain, undeclared=["_weeks"])) == ["_weeks/w1.md", "_weeks/w2.md"]
    drafts = [doc("_drafts2/d.md", "_drafts2", keys=("title",))]
    assert files(select_sessions(drafts + plain, undeclared=["_drafts2"])) == ["_contents/c1.md"]
    # a configuration override decides alone
    assert files(select_sessions(weeks + lectures, collections=["weeks"], undeclared=["_weeks"])) == [
        "_weeks/w1.md", "_weeks/w2.md"]


def test_sessions_read_from_an_undeclared_collection_are_named_in_one_warning():
    from bot.course.select import undeclared_warnings

    weeks = [doc("_weeks/w1.md", "_weeks", reading_count=2), doc("_weeks/w2.md", "_weeks")]
    [warning] = undeclared_warnings(weeks, ["_weeks", "_notes"])
    assert (warning.file, warning.severity) == ("_config.yml", "warning")
    assert "_weeks/" in warning.message and "does not publish" in warning.message
    assert undeclared_warnings(weeks, ["_notes"]) == []


def test_a_key_naming_when_the_meeting_takes_place_makes_a_document_look_like_a_session():
    # lectures carrying only their meeting time and slides (their lists are resources, not readings), beside
    # weekly announcements keyed by week and a schedule module
    docs = [
        doc("_lectures/lecture-01.md", "_lectures", keys=("title", "number", "time", "location", "slides_pdf")),
        doc("_lectures/lecture-02.md", "_lectures", keys=("title", "number", "time", "location", "slides_pdf")),
        doc("_announcements/week-01.md", "_announcements", keys=("title", "week", "date")),
        doc("_modules/module-01.md", "_modules", keys=("title",)),
    ]
    assert files(select_sessions(docs)) == ["_lectures/lecture-01.md", "_lectures/lecture-02.md"]


def test_a_redirect_stub_with_nothing_below_its_front_matter_is_not_a_session(tmp_path):
    from bot.course.load import load_site

    lecture = "---\ntitle: \"L1: Introduction\"\nlayout: default\n---\n## Additional Resources\n- [Paper](https://ex.org/p.pdf)\n"
    stub = '---\ntitle: "Text Data Processing"\nlayout: forward\ntarget: https://ex.org/x\n---\n'
    for name, text in {"_config.yml": "title: DS\n", "_lectures/lec1.md": lecture, "_modules/m.md": stub,
                       "_modules/r.md": "---\ntitle: Moved\nredirect_to: https://ex.org/y\n---\n\n",
                       "_modules/kept.md": "---\ntitle: Moved\nredirect_to: https://ex.org/y\n---\nStill here.\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    load = load_site(tmp_path)
    assert "a redirect stub" not in load.skipped.get("_modules/kept.md", "")  # a body: not a stub
    assert all("a redirect stub" in load.skipped[f] for f in ("_modules/m.md", "_modules/r.md"))
    assert "_lectures/lec1.md" in {s.file for s in load.sessions}


def test_a_post_whose_front_matter_says_no_class_meets_is_not_a_session(tmp_path):
    from bot.course.load import load_site

    posts = {"2024-03-18-no-class.md": "---\nlayout: post\nskip: true\ntype: holiday\n---\n",
             "2024-03-27-spring-break.md": "---\nlayout: post\nskip: true\n---\n",
             "2024-03-29-cancelled.md": "---\ntitle: Guest talk\ncancelled: true\n---\nThe talk moves to May.\n",
             "2024-04-01-project-proposals.md": "---\nlayout: post\ntitle: Project Proposals\nskip: true\n---\n",
             "2024-03-20-egglog.md": "---\ntitle: egglog\nlead: Ada\n---\nSee the [paper](https://ex.org/e.pdf).\n"}
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: PL\n", encoding="utf-8")
    for name, text in posts.items():
        (tmp_path / "_posts" / name).write_text(text, encoding="utf-8")
    load = load_site(tmp_path)
    assert [s.file for s in load.sessions] == ["_posts/2024-03-20-egglog.md", "_posts/2024-04-01-project-proposals.md"]
    assert "no class meets" in load.skipped["_posts/2024-03-18-no-class.md"]
