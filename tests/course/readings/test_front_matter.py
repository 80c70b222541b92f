"""Readings given as front matter lists (bot/course/readings/front_matter.py)."""

from bot.course.readings import extract_readings
from bot.course.readings.front_matter import front_matter_readings, is_reading_list


def test_titled_entries_with_links_are_readings_in_order() -> None:
    meta = {"readings": [
        {"title": "Ch2: Variables", "author": "Severance", "url": "https://py4e.com/ch2", "video_url": "https://v.org/2"},
        {"title": "Ch2: Variables", "author": "Heinold", "url": "https://h.org/ch2"},
    ]}
    got = front_matter_readings(meta)
    assert [(r.title, r.urls, r.required, r.section) for r in got] == [
        ("Ch2: Variables", ("https://py4e.com/ch2", "https://v.org/2"), True, None),
        ("Ch2: Variables", ("https://h.org/ch2",), True, None),
    ]


def test_slides_videos_and_extras_lists_are_not_readings() -> None:
    for key in ("slides", "videos", "extras", "lecture_videos"):
        assert not is_reading_list(key, [{"title": "Deck", "url": "https://d.org"}])


def test_entry_marked_optional_is_not_required() -> None:
    meta = {"papers": [
        {"name": "Paper A", "link": "https://a.org", "type": "optional"},
        {"name": "Paper B", "link": "https://b.org", "optional": True},
        {"name": "Paper C", "link": "https://c.org"},
    ]}
    assert [r.required for r in front_matter_readings(meta)] == [False, False, True]


def test_supplementary_list_name_is_not_required() -> None:
    meta = {"extra_readings": [{"title": "More on X", "url": "https://x.org"}]}
    assert [(r.title, r.required) for r in front_matter_readings(meta)] == [("More on X", False)]


def test_front_matter_readings_come_before_body_readings() -> None:
    got = extract_readings("## Readings\n- [Body Work Title](https://b.org)\n",
                           metadata={"readings": [{"title": "Front Work", "url": "https://f.org"}]})[0]
    assert [r.title for r in got] == ["Front Work", "Body Work Title"]


def test_entries_without_title_are_skipped() -> None:
    assert front_matter_readings({"readings": [{"url": "https://a.org"}, {"title": "T", "url": "https://t.org"}]}) \
        [0].title == "T"


def test_required_and_optional_lists_under_one_readings_key() -> None:
    meta = {"readings": {"required": [{"title": "Core Paper", "url": "https://c.org"}],
                         "optional": [{"title": "Extra Paper", "url": "https://e.org"}]}}
    assert [(r.title, r.required) for r in front_matter_readings(meta)] == [("Core Paper", True), ("Extra Paper", False)]


def test_markdown_strings_in_a_readings_list() -> None:
    meta = {"readings": ["[Attention Is All You Need](https://arxiv.org/abs/1706.03762)",
                         "Doe, J. *A Book About Things*. Press, 2001."]}
    assert [(r.title, r.urls) for r in front_matter_readings(meta)] == [
        ("Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",)), ("A Book About Things", ())]


def test_a_role_list_of_team_names_is_not_readings() -> None:
    assert front_matter_readings({"reading": ["team-1", "team-2"]}) == []


def test_a_seminar_page_names_its_paper_by_scalar_keys() -> None:
    meta = {"title": "01", "presenter": "Zou Jin", "paper_title": "Fast Matching with State Spaces",
            "paper_url": "https://arxiv.org/abs/2503.00001", "paper2_name": "A Second Paper",
            "paper2_pdf": "https://p.example.org/2.pdf", "reading": "team-3", "book": "https://not-a-title.org"}
    assert [(r.title, r.urls, r.required, r.section) for r in front_matter_readings(meta)] == [
        ("Fast Matching with State Spaces", ("https://arxiv.org/abs/2503.00001",), True, None),
        ("A Second Paper", ("https://p.example.org/2.pdf",), True, None),
    ]


def test_reading_lists_inside_a_page_section_mapping_are_readings_its_video_lists_are_not() -> None:
    meta = {"watch-read": {
        "videos": [{"link": "https://youtu.be/intro", "title": "Introduction video"}],
        "readings": [{"link": "https://r.example.org/ch1.pdf", "name": "Kindergarten, Chapter 1 (excerpts)"}],
        "think-prompt": False,
    }}
    assert [(r.title, r.urls) for r in front_matter_readings(meta)] == [
        ("Kindergarten, Chapter 1 (excerpts)", ("https://r.example.org/ch1.pdf",))
    ]


def test_single_reading_mapping_is_one_reading() -> None:
    from bot.course.readings.front_matter import front_matter_readings

    found = front_matter_readings({"reading": {"title": "A Single Paper", "url": "https://a.example.org/p"}})
    assert [(r.title, r.urls, r.required) for r in found] == [("A Single Paper", ("https://a.example.org/p",), True)]


def test_entry_typed_as_slides_in_a_materials_list_is_not_a_reading() -> None:
    from bot.course.readings.front_matter import front_matter_readings

    found = front_matter_readings({"materials": [
        {"type": "reading", "title": "A Paper to Read", "url": "https://a.example.org/p"},
        {"type": "slides", "title": "Week 3 deck", "url": "https://a.example.org/s.pdf"},
    ]})
    assert [r.title for r in found] == ["A Paper to Read"]


def test_a_page_section_named_additional_holds_supplementary_readings() -> None:
    meta = {
        "watch-read": {"readings": [{"name": "Core Essay On Play", "link": "https://a.org/core.pdf"}]},
        "additional": {"readings": [{"name": "Further Essay On Play", "link": "https://b.org/more.pdf"}]},
        "even-more-additional": {"readings": [{"name": "A Long Guide To Tinkering", "link": "https://c.org/g"}]},
    }
    assert [(r.title, r.required) for r in front_matter_readings(meta)] == [
        ("Core Essay On Play", True), ("Further Essay On Play", False), ("A Long Guide To Tinkering", False)]


def test_readings_in_a_page_section_need_no_absolute_link() -> None:
    meta = {"watch-read": {"readings": [{"link": "../../files/chapter2.pdf", "name": "Playful Minds, Chapter 2"}]}}
    assert [(r.title, r.urls) for r in front_matter_readings(meta)] == [("Playful Minds, Chapter 2", ())]


def test_a_title_that_only_labels_the_list_gives_way_to_the_entry_name() -> None:
    meta = {"readings": [{"title": "Readings", "name": "Playful Minds, Chapter 2", "url": "https://a.org/c2"}]}
    assert [r.title for r in front_matter_readings(meta)] == ["Playful Minds, Chapter 2"]


def test_urls_nested_in_an_entry_count_in_field_order() -> None:
    meta = {"readings": [{"name": "Schools Without Walls", "link": "https://a.org/en.pdf",
                          "lang_links": [{"language": "Deutsch", "link": "https://a.org/de.pdf"}]}]}
    assert front_matter_readings(meta)[0].urls == ("https://a.org/en.pdf", "https://a.org/de.pdf")


def test_a_meeting_list_names_its_readings_in_a_field() -> None:
    meta = {"units": [
        {"unit": "1A", "topic": "Finite Automata", "date": "Tues 1/23", "reading": "Hopcroft §1.1"},
        {"unit": "1B", "topic": "Closure", "reading": "Hopcroft §1.2; Kozen Lecture 4"},
        {"unit": "1C", "topic": "Review", "reading": "TBD"},
        {"unit": "1D", "topic": "Quiz", "reading": ""},
    ]}
    got = front_matter_readings(meta)
    assert [(r.title, r.required, r.urls) for r in got] == [
        ("Hopcroft §1.1", True, ()), ("Hopcroft §1.2", True, ()), ("Kozen Lecture 4", True, ())]


def test_a_reading_field_in_a_list_of_other_material_is_not_read() -> None:
    assert front_matter_readings({"labs": [{"topic": "Lab 1", "reading": "Lab Manual Part 1"}]}) == []
    assert front_matter_readings({"schedule": [{"reading": "team-3"}]}) == []  # a team id names no work


def test_a_list_of_people_under_a_singular_role_key_is_not_readings() -> None:
    meta = {"paper_title": "Ethnography of Things", "paper_link": "https://a.org/p",
            "presenter": [{"name": "Yann Person", "link": "https://social.example/@yann"}],
            "speaker": [{"name": "Ada Person", "url": "https://ada.example"}]}
    assert [r.title for r in front_matter_readings(meta)] == ["Ethnography of Things"]


def test_a_reading_field_holding_an_html_list_is_read_as_a_reading_list():
    value = ('<ul><li><i>Handbook</i> - Ch. 3 Lists</li><li><a href="http://a.example.org/top">Focusing On Top Tasks</a>'
             '</li><a href="http://a.example.org/loose">A Loose Link Between Items</a><li>Chapter 4 of the Guide</li></ul>')
    found = front_matter_readings({"reading": value})
    assert [(r.section, r.required, r.title, r.urls) for r in found] == [
        (None, True, "Handbook - Ch. 3 Lists", ()),
        (None, True, "Focusing On Top Tasks", ("http://a.example.org/top",)),
        (None, True, "A Loose Link Between Items", ("http://a.example.org/loose",)),
        (None, True, "Chapter 4 of the Guide", ()),
    ]


def test_a_reading_field_holding_a_markdown_list_is_read_and_its_key_decides_required():
    found = front_matter_readings({"optional_reading": "- [Grids in Practice](https://g.example.org)\n- Layout, Chapter 4"})
    assert [(r.required, r.title, r.urls) for r in found] == [
        (False, "Grids in Practice", ("https://g.example.org",)), (False, "Layout, Chapter 4", ())]


def test_a_reading_field_with_a_sentence_or_a_name_gives_no_reading():
    assert front_matter_readings({"reading": "There's nothing to read for today."}) == []
    assert front_matter_readings({"reading": "team-3"}) == []
    # a work named by paired scalar keys is read once, by its pair
    found = front_matter_readings({"paper_title": "A Paper", "paper_url": "https://p.example.org/a.pdf"})
    assert [r.title for r in found] == ["A Paper"]


def test_a_front_matter_keys_words_are_split_at_underscores_and_dashes() -> None:
    from bot.course.readings.front_matter import key_words

    assert key_words("further_reading") == {"further", "reading"} == key_words("Further-Reading")
    assert key_words("papers") == {"papers"} and key_words("") == frozenset()


def test_a_bare_paper_address_on_a_page_titled_by_the_paper_is_that_paper() -> None:
    meta = {"layout": "post", "lead": "Manish, Shaokai", "paper": "https://example.org/doop.pdf",
            "title": "Doop: Strictly Declarative Specification of Sophisticated Points-to Analyses"}
    assert [(r.section, r.required, r.title, r.urls) for r in front_matter_readings(meta)] == [
        (None, True, "Doop: Strictly Declarative Specification of Sophisticated Points-to Analyses",
         ("https://example.org/doop.pdf",))]
    # a path on the site is no web address: the work has no URL
    found = front_matter_readings({"title": "Playing by the Rules", "paper": "./papers/haskell-rules.pdf"})
    assert [(r.title, r.urls) for r in found] == [("Playing by the Rules", ())]
    # a value naming no document, or no page title, gives nothing
    assert front_matter_readings({"title": "Week 1", "paper": "team-3"}) == []
    assert front_matter_readings({"paper": "https://example.org/doop.pdf"}) == []


def test_a_list_of_titled_link_groups_reads_each_group_as_a_heading_over_its_works() -> None:
    meta = {"title": "Sparse regression", "sections": [
        {"title": "Lecture Materials", "links": [
            {"name": "Lecture slides", "url": "/files/lec6.pdf"},
            {"name": "Sparse regression lecture video", "url": "https://www.youtube.com/watch?v=own"}]},
        {"title": "Recommended Readings", "links": [
            {"name": "Discovering governing equations from data", "url": "https://example.org/sindy.pdf"},
            {"name": "Data-driven discovery of PDEs", "url": "https://example.org/pde-find"}]},
        {"title": "Homework", "links": [{"name": "Problem set 3", "url": "https://example.org/hw3"}]},
        {"title": "Optional Readings", "items": [{"title": "A Longer Survey", "link": "https://example.org/s"}]},
        {"title": "Slides", "resources": [{"name": "Deck", "url": "https://example.org/deck"}]},
    ]}
    assert [(r.section, r.required, r.title, r.urls) for r in front_matter_readings(meta)] == [
        ("Recommended Readings", True, "Discovering governing equations from data", ("https://example.org/sindy.pdf",)),
        ("Recommended Readings", True, "Data-driven discovery of PDEs", ("https://example.org/pde-find",)),
        ("Optional Readings", False, "A Longer Survey", ("https://example.org/s",)),
    ]


def test_link_groups_follow_the_heading_judgement_for_videos() -> None:
    # as a body heading: recommended external talks to watch hold works, the course's own recordings do not
    meta = {"sections": [
        {"title": "Recommended Videos", "links": [{"name": "A Talk on Koopman Theory", "url": "https://youtu.be/k"}]},
        {"title": "Videos", "links": [{"name": "Lecture 6 recording", "url": "https://youtu.be/own"}]},
        {"title": "Lecture Videos", "links": [{"name": "Part one", "url": "https://youtu.be/own1"}]},
    ]}
    assert [(r.section, r.title) for r in front_matter_readings(meta)] == [("Recommended Videos", "A Talk on Koopman Theory")]


def test_a_group_title_is_never_a_reading_and_empty_groups_give_nothing() -> None:
    assert front_matter_readings({"sections": []}) == []
    assert front_matter_readings({"sections": [{"title": "Recommended Readings", "links": []}]}) == []
    found = front_matter_readings({"schedule": [
        {"title": "Week 3", "readings": [{"title": "Lecture 3 slides", "url": "https://example.org/l3.pdf"},
                                         {"title": "A Paper For Week Three", "url": "https://example.org/p3"}]}]})
    assert [(r.section, r.title) for r in found] == [("Week 3", "A Paper For Week Three")]
    # groups under a key naming other material are not read
    assert front_matter_readings({"homework": [{"title": "Set 1", "links": [{"name": "Set 1", "url": "https://e.org"}]}]}) == []


def test_a_work_with_its_own_address_and_nested_links_is_a_work_not_a_group() -> None:
    meta = {"readings": [{"title": "Schools Without Walls", "url": "https://a.org/en.pdf",
                          "links": [{"name": "Code", "url": "https://a.org/code"}]},
                         {"name": "Another Work", "link": "https://b.org",
                          "lang_links": [{"language": "Deutsch", "link": "https://b.org/de"}]}]}
    assert [(r.title, r.urls) for r in front_matter_readings(meta)] == [
        ("Schools Without Walls", ("https://a.org/en.pdf", "https://a.org/code")),
        ("Another Work", ("https://b.org", "https://b.org/de"))]


def test_a_generic_link_key_on_a_page_titled_by_its_work_is_that_work() -> None:
    meta = {"title": "Attention is All You Need", "subtitle": "NeurIPS 2017",
            "hyperlink": "https://arxiv.org/abs/1706.03762", "author": "Ada Lovelace"}
    body = "We chose this paper since it started a revolution. We also looked at [a blog post](https://b.example.org).\n"
    assert [(r.section, r.required, r.title, r.urls) for r in extract_readings(body, metadata=meta)[0]] == [
        (None, True, "Attention is All You Need", ("https://arxiv.org/abs/1706.03762",))]
    # a book chapter's own page, said so by the subtitle, is the work too; key names compared without - and _
    meta = {"title": "How the backpropagation algorithm works", "hyper_link": "http://book.example.org/chap2.html",
            "subtitle": "<i>Neural Networks and Deep Learning</i>, Chapter 2"}
    assert [r.urls for r in extract_readings("", metadata=meta)[0]] == [("http://book.example.org/chap2.html",)]
    for key in ("link", "url", "href", "pdf"):
        found = extract_readings("", metadata={"title": "A Paper On Things", key: "https://x.example.org/p.pdf"})[0]
        assert [r.title for r in found] == ["A Paper On Things"]


def test_a_generic_link_key_gives_no_reading_beside_other_readings() -> None:
    meta = {"title": "Attention is All You Need", "hyperlink": "https://arxiv.org/abs/1706.03762"}
    found = extract_readings("## Readings\n\n- [The Annotated Transformer](https://a.example.org/t)\n", metadata=meta)[0]
    assert [r.title for r in found] == ["The Annotated Transformer"]
    meta["paper_title"], meta["paper_url"] = "Another Paper", "https://arxiv.org/abs/2"
    assert [r.title for r in extract_readings("", metadata=meta)[0]] == ["Another Paper"]


def test_a_generic_link_to_the_sites_own_page_slides_or_recording_is_no_reading() -> None:
    def found(meta: dict, site_url: str = "") -> list[str]:
        return [r.title for r in extract_readings("", metadata=meta, variables={"url": site_url})[0]]

    assert found({"title": "A Paper On Things", "link": "/papers/things.pdf"}) == []  # relative: the site's own
    assert found({"title": "A Paper On Things", "link": "https://me.github.io/papers/p.pdf"}, "https://me.github.io/") == []
    assert found({"title": "Sparse Regression", "pdf": "https://u.example.edu/cs1/slides/lec3.pdf"}) == []
    assert found({"title": "Sparse Regression", "pdf": "https://u.example.edu/cs1/lec3.pdf"}) == []
    assert found({"title": "Sparse Regression", "link": "https://www.youtube.com/watch?v=x", "subtitle": "ICML 2019"}) == []
    assert found({"title": "Sparse Regression", "slides_link": "https://arxiv.org/abs/1"}) == []  # not a generic key
    # two generic addresses: which one is the work is not said
    assert found({"title": "A Paper On Things", "link": "https://arxiv.org/abs/1", "url": "https://arxiv.org/abs/2"}) == []


def test_a_generic_link_under_a_session_label_or_a_topic_title_is_no_reading() -> None:
    def found(meta: dict) -> list[str]:
        return [r.title for r in extract_readings("", metadata=meta)[0]]

    # a meeting's label or a day names the session, not the work
    for title in ("Lecture 3", "Week 2: Intro", "Tuesday, Jan 21"):
        assert found({"title": title, "link": "https://arxiv.org/abs/1706.03762"}) == []
    # a topic page linking some other page: nothing says its title is a work (no paper address, no venue)
    assert found({"title": "Introduction to Deep Learning", "link": "https://colab.example.org/notebook"}) == []
    assert found({"title": "Introduction to Deep Learning", "link": "https://x.example.org/", "subtitle": "Spring 2024"}) == []
    # ... but a venue key or a venue subtitle says so
    assert found({"title": "Deep Q Networks", "link": "https://x.example.org/dqn", "venue": "Nature"}) == ["Deep Q Networks"]
    assert found({"title": "Deep Q Networks", "link": "https://www.nature.com/articles/nature14236"}) == ["Deep Q Networks"]


def test_a_link_group_may_list_its_works_as_markdown_links() -> None:
    meta = {"sections": [{"title": "Readings", "items": ["[Attention Is All You Need](https://arxiv.org/abs/1706.03762)",
                                                         "[A Second Paper](https://b.example.org/p)"]},
                         {"title": "Homework", "items": ["[Set 1](https://hw.example.org/1)"]}]}
    assert [(r.section, r.title) for r in front_matter_readings(meta)] == [
        ("Readings", "Attention Is All You Need"), ("Readings", "A Second Paper")]


def test_a_link_groups_supplementary_nested_list_is_not_required() -> None:
    meta = {"schedule": [{"title": "Week 4", "readings": [{"title": "Core Paper", "url": "https://a.example.org"}],
                          "extra_readings": [{"title": "Extra Paper", "url": "https://b.example.org"}]}]}
    assert [(r.section, r.title, r.required) for r in front_matter_readings(meta)] == [
        ("Week 4", "Core Paper", True), ("Week 4", "Extra Paper", False)]


def test_a_work_link_key_alone_on_a_page_titled_by_the_work_is_that_work() -> None:
    meta = {"layout": "post", "title": "Sparse Attention Is All You Need", "date": "2025-03-26",
            "author": "Wei Zhang", "paper_url": "https://arxiv.org/abs/2501.00001"}
    body = "## Background\n\nProse about the paper, see [a blog post](https://b.example.org/x).\n"
    assert [(r.section, r.required, r.title, r.urls) for r in extract_readings(body, metadata=meta)[0]] == [
        (None, True, "Sparse Attention Is All You Need", ("https://arxiv.org/abs/2501.00001",))]
    # other link parts and the article word too; a path on the site is the work without a URL
    for key in ("paper_link", "paper_pdf", "paperURL", "article_url", "paper-href"):
        found = extract_readings("", metadata={"title": "A Study of Things", key: "https://x.example.org/s"})[0]
        assert [(r.title, r.urls) for r in found] == [("A Study of Things", ("https://x.example.org/s",))], key
    found = extract_readings("", metadata={"title": "A Study of Things", "paper_pdf": "/assets/things.pdf"})[0]
    assert [(r.title, r.urls) for r in found] == [("A Study of Things", ())]
    # one work with two link keys: both its addresses
    meta = {"title": "A Study of Things", "paper_url": "https://arxiv.org/abs/1", "paper_pdf": "https://arxiv.org/pdf/1"}
    assert [r.urls for r in extract_readings("", metadata=meta)[0]] == [("https://arxiv.org/abs/1", "https://arxiv.org/pdf/1")]


def test_a_work_link_key_under_a_session_label_or_beside_other_readings_is_no_page_titled_work() -> None:
    def found(meta: dict, body: str = "") -> list[str]:
        return [r.title for r in extract_readings(body, metadata=meta)[0]]

    for title in ("01", "#3", "No. 12", "Week 3", "Lecture 5", "Tuesday, Jan 21", "TBD", "https://arxiv.org/abs/1"):
        assert found({"title": title, "paper_url": "https://arxiv.org/abs/2501.00001"}) == [], title
    assert found({"paper_url": "https://arxiv.org/abs/2501.00001"}) == []  # no page title
    # the page names its work by a title key: that title, not the page's
    meta = {"title": "01", "paper_title": "JamMa: Lightweight Matching", "paper_url": "https://arxiv.org/abs/2503.03437"}
    assert found(meta) == ["JamMa: Lightweight Matching"]
    # readings in the body: the page is not about one work
    meta = {"title": "Attention Today", "paper_url": "https://arxiv.org/abs/1706.03762"}
    assert found(meta, "## Readings\n\n- [The Annotated Transformer](https://a.example.org/t)\n") == ["The Annotated Transformer"]
    # two link-only works: which one the title names is not said; a key of other material is no work key
    assert found({"title": "Two Papers", "paper_url": "https://arxiv.org/abs/1", "paper2_url": "https://arxiv.org/abs/2"}) == []
    assert found({"title": "A Study of Things", "slides_url": "https://x.example.org/s.pdf"}) == []
    assert found({"title": "A Study of Things", "paper_url": "team-3"}) == []  # no address
