"""parse_post: front matter fields and every kind of bad input (never raises, names file and line)."""

import datetime as dt

from bot.course.posts import parse_post

GOOD = b"""---
layout: post
title: "  FM toxicity / harmful outputs "
lecture: S0-Intro
notes: team-3
video:  team-1
presenter: ''
tags:
- 1Basic
---

## Required Readings:

### Paper A
  + https://arxiv.org/abs/2310.03693
"""


def test_good_post_fields():
    parsed = parse_post("_contents/S0-L11.md", GOOD, collection="_contents")
    s = parsed.session
    assert s is not None and parsed.problems == []
    assert (s.slug, s.title, s.lecture) == ("S0-L11", "FM toxicity / harmful outputs", "S0-Intro")
    assert s.roles == {"notes": "team-3", "video": "team-1"}  # empty presenter left out
    assert s.tags == ("1Basic",)
    assert s.collection == "_contents" and s.meeting and s.date is None and s.url is None
    assert [(r.title, r.line) for r in s.readings] == [("Paper A", 14)]


def test_values_as_written_and_configured_role_keys():
    data = b"---\ntitle: 2024\nlecture: 3.10\nreviewer: team-2\nguide: Ada\ntags: safety, bias  misc\n---\n"
    s = parse_post("x.md", data, role_keys=["guide"]).session
    assert s is not None
    assert (s.title, s.lecture) == ("2024", "3.10")
    assert s.roles == {"reviewer": "team-2", "guide": "Ada"}
    assert s.tags == ("safety", "bias", "misc")


def test_missing_title_is_a_warning_and_the_session_is_served():
    parsed = parse_post("_posts/x.md", b"---\nlecture: L1\n---\nbody\n")
    assert parsed.session is not None and parsed.session.title is None
    assert [(p.file, p.line, p.severity) for p in parsed.problems] == [("_posts/x.md", 1, "warning")]


def test_no_front_matter_is_a_session_without_title():
    parsed = parse_post("notes.md", b"## Readings\n- [Paper A](https://a.org)\n")
    assert parsed.session is not None and len(parsed.session.readings) == 1


def test_dates_from_front_matter_and_posts_file_name():
    s = parse_post("_posts/2024-01-18-intro.md", b"---\ntitle: T\n---\n", collection="_posts").session
    assert s is not None and s.front_date == dt.date(2024, 1, 18)
    s = parse_post("a.md", b"---\ntitle: T\ndate: 2024-02-01 10:00:00\n---\n").session
    assert s is not None and s.front_date == dt.date(2024, 2, 1)


def test_non_meeting_posts():
    assert parse_post("a.md", b"---\ntitle: T\nextra: true\n---\n").session.meeting is False
    assert parse_post("a.md", b"---\ntitle: T\nplatform: colab\n---\n").session.meeting is False
    assert parse_post("a.md", b"---\ntitle: Section 2 - Risks\n---\n").session.meeting is False
    assert parse_post("a.md", b"---\ntitle: T\nextra: false\n---\n").session.meeting is True


def test_only_a_divider_title_without_readings_makes_a_post_no_meeting():
    def meeting(title: str, body: str = "") -> bool:
        return parse_post("a.md", f"---\ntitle: \"{title}\"\n---\n{body}".encode()).session.meeting
    assert meeting("Part II: Applications") is False
    assert meeting("Cross-Section Data Analysis") is True
    assert meeting("Discussion Section: Python review") is True
    assert meeting("Section 3: Transformers", "## Readings\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n") is True


def test_sort_key():
    s = parse_post("_c/a.md", b"---\ntitle: T\nLOrder: 7\n---\n", collection="_c", sort_by="LOrder").session
    assert s is not None and s.sort_key == "7"


def error_of(data: bytes, **kwargs):
    parsed = parse_post("_contents/bad.md", data, **kwargs)
    assert parsed.session is None
    [problem] = parsed.problems
    assert problem.severity == "error" and problem.file == "_contents/bad.md"
    return problem


def test_bad_yaml_names_the_line():
    problem = error_of(b"---\ntitle: ok\nlecture: [unclosed\nnotes: x\n---\nbody\n")
    assert "bad YAML" in problem.message
    assert problem.line == 3


def test_yaml_tags_that_construct_objects_are_rejected():
    problem = error_of(b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n")
    assert "bad YAML" in problem.message


def test_alias_bomb_is_rejected_before_expansion():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    data = ("---\n" + "\n".join(lines) + "\ntitle: boom\n---\n").encode()
    problem = error_of(data)
    assert "alias" in problem.message


def test_many_small_aliases_are_rejected():
    data = ("---\nx: &x 1\nl: [" + ",".join(["*x"] * 500) + "]\n---\n").encode()
    assert "alias" in error_of(data).message


def test_binary_file():
    assert "binary" in error_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR").message


def test_non_utf8_file_names_the_line():
    problem = error_of(b"---\ntitle: caf\xe9\n---\n")
    assert "UTF-8" in problem.message and problem.line == 2


def test_oversized_file():
    problem = error_of(b"---\ntitle: big\n---\n" + b"x" * 2000, max_bytes=1000)
    assert "too large" in problem.message


def test_front_matter_that_is_not_a_mapping():
    assert "mapping" in error_of(b"---\n- a\n- b\n---\nbody\n").message
    assert "mapping" in error_of(b"---\njust text\n---\nbody\n").message


def test_unclosed_front_matter_is_an_error_or_body():
    parsed = parse_post("a.md", b"---\ntitle: T\n")
    assert parsed.session is None or parsed.session.title is None


def test_bom_crlf_and_invisible_characters():
    data = "\ufeff---\r\ntitle: A\u00a0title\u200b\r\n---\r\n## Readings\r\n- [Paper A](https://a.org)\r\n".encode()
    s = parse_post("a.md", data).session
    assert s is not None and s.title == "A title" and [r.title for r in s.readings] == ["Paper A"]


def test_role_values_are_kept_as_written_whatever_they_say():
    data = b'---\ntitle: T\nvideo: on nlp basics  \nteam: team-2\n---\n'
    assert parse_post("a.md", data).session.roles == {"video": "on nlp basics", "team": "team-2"}


def test_due_date_is_the_front_date_and_day_without_year_is_kept_as_written():
    s = parse_post("_c/a.md", b"---\ntitle: T\ndue_date: 2020-09-16\n---\n", collection="_c").session
    assert s.front_date == dt.date(2020, 9, 16) and s.traits.date_source == "due_date:"
    s = parse_post("_c/a.md", b"---\ntitle: T\nday: Wednesday, September 28\n---\n", collection="_c").session
    assert s.front_date is None
    assert (s.traits.day_text, s.traits.day_source) == ("Wednesday, September 28", "day:")


def test_first_meeting_day_of_a_module_body():
    data = b"---\ntitle: Intro\n---\n\n**Week 1**\n\n08/27\n: [Lec1](/a.pdf)\n\n09/01\n: [Lec2](/b.pdf)\n"
    s = parse_post("_modules/m.md", data, collection="_modules").session
    assert (s.traits.day_text, s.traits.day_source) == ("08/27", "first meeting day in the body")


def test_a_day_in_the_student_blog_after_the_excerpt_marker_dates_nothing():
    blog = b"---\ntitle: T\n---\n## Readings\n- [Paper](https://a.org)\n<!--excerpt.start-->\n\n# Blog\n\n## Mon Sept 8\n"
    s = parse_post("_c/a.md", blog, collection="_c").session
    assert (s.traits.day_text, s.traits.day_source) == (None, None)
    s = parse_post("_c/a.md", blog.replace(b"<!--excerpt.start-->", b""), collection="_c").session
    assert s.traits.day_text == "Mon Sept 8"  # without the marker the body is read to its end, as before


def test_title_from_a_heading_at_the_top_of_the_body():
    s = parse_post("_c/a.md", b"---\nlayout: x\n---\n\n# Class 1 - People\n\ntext\n", collection="_c").session
    assert s.title == "Class 1 - People"
    s = parse_post("_c/a.md", b"---\nlayout: x\n---\ntext first\n# Later\n", collection="_c").session
    assert s.title is None


def test_traits_categories_keys_front_matter_and_published():
    s = parse_post("_posts/2015-02-23-hw.md", b"---\ntitle: H\ncategories: homework extra\npublished: false\n---\n",
                   collection="_posts").session
    assert s.traits.categories == ("homework", "extra") and s.traits.published is False
    assert s.traits.keys == ("title", "categories", "published") and s.traits.front_matter
    assert parse_post("_c/x.md", b"# no front matter\n", collection="_c").session.traits.front_matter is False


def test_more_role_keys_detected():
    data = b"---\ntitle: T\npresented_by: Ann\nscribe: team-2\nlead: Bo\nvideos:\n  - url: x\n---\n"
    assert parse_post("a.md", data).session.roles == {"presented_by": "Ann", "scribe": "team-2", "lead": "Bo"}


def test_a_dated_file_name_dates_a_document_of_any_collection():
    # Jekyll reads the date of every document named YYYY-MM-DD-title, not only in _posts
    s = parse_post("_meetings/2024-02-08-dags.md", b"---\ntitle: T\n---\n", collection="_meetings").session
    assert s is not None and s.front_date == dt.date(2024, 2, 8) and s.traits.date_source == "file name"
    s = parse_post("_meetings/2024-02-08-dags.md", b"---\ntitle: T\ndate: 2024-02-09\n---\n", collection="_meetings").session
    assert s is not None and s.front_date == dt.date(2024, 2, 9)  # the front matter comes first


def test_keys_ending_in_a_role_word_numbered_or_by_name_a_role():
    data = (b"---\ntitle: T\npaper_presenter: Mei\npresenter_2: Raj\nmoderated_by: Team Owl\nposted_by: Admin\n"
            b"lecture_notes: https://x.org/n.pdf\nvideo_url: https://y.org\nlead_image: a.png\n---\n")
    assert parse_post("a.md", data).session.roles == {
        "paper_presenter": "Mei", "presenter_2": "Raj", "moderated_by": "Team Owl"}


def test_an_unclosed_bracket_at_the_end_of_the_front_matter_is_on_its_line():
    """``bad: [`` as the last key was reported on the closing ``---`` (where the end of the YAML was noticed)."""
    for data, line in ((b"---\ntitle: T\nbad: [\n---\nbody\n", 3), (b"---\na: 1\n\n\nb: [\n\n\n---\nb\n", 5),
                       (b"---\r\ntitle: T\r\nbad: {\r\n---\r\nbody\r\n", 3)):
        parsed = parse_post("_posts/x.md", data)
        assert parsed.session is None and [p.line for p in parsed.problems] == [line], parsed.problems


def test_a_title_or_lecture_written_over_several_lines_is_one_line():
    """A quoted YAML title with line breaks (``"Inj\\r\\nBEGIN:VEVENT"``) stayed multi-line in every
    message; a page shows it on one line."""
    data = b'---\ntitle: "Two\\r\\nlines\\n  here"\nlecture: "L\\n1"\n---\nbody\n'
    session = parse_post("_posts/x.md", data).session
    assert session is not None and (session.title, session.lecture) == ("Two lines here", "L 1")
    assert parse_post("_posts/y.md", b'---\ntitle: "\\n\\u200b"\n---\n# Heading title\n').session.title == "Heading title"


def test_a_module_listing_its_meeting_days_in_front_matter_is_dated_by_the_first():
    data = (b"---\ntitle: Introduction to Java\ndays:\n  - date: 2019-04-01\n    events:\n      \"[Java](#)\": null\n"
            b"  - date: 2019-04-03\n    events:\n      \"[Objects](#)\": null\n---\n")
    s = parse_post("_modules/week-1.md", data, collection="_modules").session
    assert s.front_date == dt.date(2019, 4, 1) and s.traits.date_source == "first day listed in front matter"
    undated = parse_post("_modules/w.md", b"---\ntitle: W\ndays:\n  - topic: Intro\n---\n", collection="_modules")
    assert undated.session.front_date is None


def test_a_week_page_listing_its_meetings_without_a_year_gives_the_first_day():
    data = (b"---\ntitle: Week 2\nunits:\n- unit: 2A\n  topic: Automata\n  date: Tues 1/30\n  reading: Hopcroft 1.1\n"
            b"- unit: 2B\n  date: Thurs 2/1\n---\nBody\n")
    s = parse_post("_weeks/week-02.md", data, collection="_weeks").session
    assert s.front_date is None and s.traits.day_text == "Tues 1/30"
    assert s.traits.day_source == "first day listed in front matter"
    full = parse_post("_weeks/w.md", b"---\ntitle: W\nunits:\n- date: 2024-01-30\n---\n", collection="_weeks").session
    assert full.front_date == dt.date(2024, 1, 30)
    # a reading list's dates are when the works came out, not meetings
    papers = parse_post("_weeks/p.md", b"---\ntitle: P\nreadings:\n- title: A Paper\n  date: 2017-05-01\n---\n").session
    assert papers.front_date is None and papers.traits.day_text is None


def _dated(front: str) -> tuple[object, object]:
    s = parse_post("_talks/t.md", f"---\ntitle: T\n{front}\n---\nBody\n".encode()).session
    assert s is not None
    return s.front_date, s.traits.day_text


def test_a_range_of_days_in_a_date_or_week_key_dates_the_session_by_its_first_day():
    assert _dated("dates: du 19 au 26 janvier") == (None, "19 janvier")
    assert _dated("date: 19-26 January") == (None, "19 January")
    assert _dated("dates: 19. bis 26. Januar") == (None, "19. Januar")
    assert _dated("week: Jan 19 - Jan 26") == (None, "Jan 19")
    assert _dated("week: 3") == (None, None)  # a week number is no day (it dates by the term's first day)
    parsed = parse_post("_talks/t.md", b"---\ntitle: T\ndate: 19-26 January\n---\n")
    assert parsed.problems == []  # a range is a day, not a bad date


def test_a_week_label_in_another_language_numbers_the_sessions_week():
    for front in ("week: Semaine 3", "week: Woche 3", "week: Semana 3", "week: Settimana 3", "semaine: 3", "week: 3"):
        s = parse_post("_talks/t.md", f"---\ntitle: T\n{front}\n---\nBody\n".encode()).session
        assert s is not None and s.traits.week == 3, front


def test_date_keys_are_found_whatever_their_case_and_separators():
    assert _dated("Lecture-Date: 2024-09-03")[0] == dt.date(2024, 9, 3)
    assert _dated("lecture date: 2024-09-03")[0] == dt.date(2024, 9, 3)
    assert _dated("Session_Date: Sep 3")[1] == "Sep 3"


def test_event_talk_and_start_keys_date_a_session():
    for key in ("event_date", "talk_date", "datetime", "start_date", "start"):
        assert _dated(f"{key}: 2024-09-03T10:00:00")[0] == dt.date(2024, 9, 3), key


def test_a_date_list_dates_the_session_by_its_first_entry():
    assert _dated("date: [2024-09-03, 2024-09-05]")[0] == dt.date(2024, 9, 3)
    assert _dated('dates: ["Sep 3", "Sep 5"]')[1] == "Sep 3"


def test_a_day_with_a_time_or_a_range_in_a_date_key_is_kept_as_its_first_day():
    assert _dated('date: "Sept 3, 2pm"')[1] == "Sept 3"
    assert _dated('when: "Tue, Sept 3 @ 3pm"')[1] == "Tue, Sept 3"
    assert _dated('date: "September 3–5, 2024"')[1] == "September 3, 2024"
    parsed = parse_post("t.md", b'---\ntitle: T\ndate: "Sep 3 - Sep 5"\n---\n')
    assert parsed.session is not None and parsed.session.traits.day_text == "Sep 3"
    assert parsed.problems == []  # a range is a date, not a warning


def test_role_lists_of_mappings_give_their_names_and_lecturer_keys_are_roles():
    data = (b"---\ntitle: T\npresenters:\n  - name: Ada\n    affiliation: MIT\n  - name: Bob\n"
            b"speaker:\n  name: Grace\n  url: https://example.org\nguest_lecturer: Dr X\ninstructors: [A, B]\n---\n")
    s = parse_post("t.md", data).session
    assert s is not None
    assert s.roles == {"presenters": "Ada, Bob", "speaker": "Grace", "guest_lecturer": "Dr X", "instructors": "A, B"}


def test_a_reading_key_with_content_is_not_a_role_but_one_with_a_name_is():
    data = (b'---\ntitle: T\nreading: <ul><li><a href="https://a.org/p">A Paper</a></li></ul>\n---\n')
    s = parse_post("a.md", data).session
    assert s.roles == {} and [r.title for r in s.readings] == ["A Paper"]
    s = parse_post("a.md", b"---\ntitle: T\nreading: \"There's nothing to read for today.\"\nnotes: team-1\n---\n").session
    assert s.roles == {"notes": "team-1"} and s.readings == ()
    assert parse_post("a.md", b"---\ntitle: T\nreading: team-3\n---\n").session.roles == {"reading": "team-3"}
