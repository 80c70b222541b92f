"""lenient_yaml: front matter whose YAML does not load as a whole keeps its session, read as a careful reader
sees it, with a warning naming the file and line."""

from bot.course.posts import parse_post


def parsed(front: str, body: str = "body\n"):
    return parse_post("_lectures/x.md", f"---\n{front}---\n{body}".encode(), collection="_lectures")


def warnings(result) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in result.problems if p.severity == "warning" and "front matter:" in p.message]


def test_a_stray_colon_in_a_value_reads_the_value_as_written():
    result = parsed("title: Week 3: Markets and prices\nlecture: 3\ntags: [a, b]\n", "## Readings\n- [P](https://x.org/p)\n")
    session = result.session
    assert (session.title, session.lecture, session.tags) == ("Week 3: Markets and prices", "3", ("a", "b"))
    assert [r.title for r in session.readings] == ["P"]
    [(line, message)] = warnings(result)
    assert line == 2 and "bad YAML" in message and "read as title: 'Week 3: Markets and prices'" in message


def test_tabs_in_the_indentation_are_read_as_spaces():
    result = parsed("title: T\nreadings:\n\t- title: A\n\t  url: https://x.org/a\n")
    assert [(r.title, r.urls) for r in result.session.readings] == [("A", ("https://x.org/a",))]
    [(line, message)] = warnings(result)
    assert line == 4 and "tabs" in message


def test_a_line_indented_by_mistake_is_a_key_of_its_own():
    result = parsed("title: T\n date: 2024-03-05\nlecture: 2\n")
    assert (result.session.title, result.session.lecture, str(result.session.front_date)) == ("T", "2", "2024-03-05")
    assert [line for line, _ in warnings(result)] == [3]


def test_a_broken_entry_of_a_front_matter_list_keeps_the_others():
    result = parsed("title: T\nreadings:\n  - title: A: the paper\n    url: https://x.org/a\n"
                    "  - title: B\n    url: https://x.org/b\n")
    assert [(r.title, r.urls) for r in result.session.readings] == [
        ("A: the paper", ("https://x.org/a",)), ("B", ("https://x.org/b",))]
    assert [line for line, _ in warnings(result)] == [4]


def test_an_unclosed_quote_keeps_the_keys_after_it():
    result = parsed('title: "Unclosed\ndate: 2024-03-05\n')
    assert (result.session.title, str(result.session.front_date)) == ("Unclosed", "2024-03-05")
    assert [line for line, _ in warnings(result)] == [2]


def test_a_line_whose_meaning_is_lost_fails_the_file_so_the_last_good_version_stays():
    for front, line in (("title: T\ntitle \"Week 3\"\nlecture: 4\n", 3), ("title: [Draft\nlecture: 4\n", 2)):
        result = parsed(front)
        assert result.session is None and [(p.severity, p.line) for p in result.problems] == [("error", line)]


def test_a_bracketed_word_that_closes_on_its_line_is_read_as_written():
    result = parsed("title: [Draft] Week 3\nlecture: 4\n")
    assert (result.session.title, result.session.lecture) == ("[Draft] Week 3", "4")


def test_front_matter_that_is_no_mapping_even_so_is_still_an_error():
    result = parsed("- just\n- a list: [\n")
    assert result.session is None and result.problems[0].severity == "error"


def test_an_alias_bomb_or_a_python_tag_is_refused_whole():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    assert parsed("\n".join(lines) + "\ntitle: boom\n").session is None
    assert parsed("title: !!python/object/apply:os.system ['echo pwned']\nlecture: 1\n").session is None
