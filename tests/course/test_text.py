from bot.course.text import clean_text, clean_title, find_hrefs, find_urls, remove_urls, trim_url


def test_clean_text_drops_invisible_characters_and_collapses_space():
    assert clean_text("\ufeffA\u200b B\u00a0\u00a0C \n\t D\u200d") == "A B C D"


def test_clean_title_removes_markers_and_trailing_slash_or_colon():
    assert clean_title("LIMA: Less Is More for Alignment / ") == "LIMA: Less Is More for Alignment"
    assert clean_title("Basics of ML and DL: ") == "Basics of ML and DL"
    assert clean_title("- Emu Video: Factorizing") == "Emu Video: Factorizing"
    assert clean_title("a. A paper") == "A paper"
    assert clean_title("Github -") == "Github -"


def test_trim_url_trailing_punctuation():
    assert trim_url("https://arxiv.org/abs/1706.03762.") == "https://arxiv.org/abs/1706.03762"
    assert trim_url("https://a.org/x,") == "https://a.org/x"
    assert trim_url("https://a.org/x>") == "https://a.org/x"
    assert trim_url("https://a.org/x)") == "https://a.org/x"


def test_trim_url_keeps_balanced_parentheses():
    wiki = "https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)"
    assert trim_url(wiki) == wiki
    assert trim_url(wiki + ").") == wiki


def test_find_and_remove_urls():
    text = "see (https://a.org/x) and https://b.org/y. Done"
    assert find_urls(text) == ["https://a.org/x", "https://b.org/y"]
    assert "https" not in remove_urls(text)
    assert find_hrefs('<a href="https://c.org/z">C</a> <a href="/local">L</a>') == ["https://c.org/z"]


def test_control_and_direction_characters_are_dropped_from_text() -> None:
    from bot.course.text import clean_text, drop_invisible, invisible_in, strip_invisible

    assert clean_text("Esc \x1b[31mred \u202eevil\u202c \u2067iso\u2069 \x9b\x00x\x7f") == "Esc [31mred evil iso x"
    assert strip_invisible("a\nb\x1bc\u202ed") == "a\nbcd"  # lines kept
    assert drop_invisible("l1\nl2\r\n\tx\x0c") == "l1\nl2\r\n\tx\x0c"  # white space is not invisible
    assert invisible_in("a\u202eb\u200bc\u202e") == ["U+202E", "U+200B"]


def test_drop_invisible_drops_every_invisible_character_from_ascii_and_other_text_alike() -> None:
    from bot.course.text import _INVISIBLE, _INVISIBLE_RE, drop_invisible

    for code in list(_INVISIBLE) + [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x7E, 0xA0, 0xE9, 0x2028]:
        char = chr(code)
        for text in (f"a{char}b\nc", f"caf\u00e9 a{char}b", f"{char}"):  # an ASCII text and one that is not
            assert drop_invisible(text) == _INVISIBLE_RE.sub("", text), hex(code)
    plain = "an ASCII body\n\twith white space\r\n"
    assert drop_invisible(plain) is plain  # nothing to drop: the text itself, no copy


def test_squash_returns_text_already_squashed_as_it_is_and_collapses_every_white_space_else() -> None:
    from bot.course.text import squash

    chars = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x01", "\u00a0", "\u2003", "a", "b", "é"]
    texts = [""] + chars + [a + b + c for a in chars for b in chars for c in chars]
    for text in texts:
        assert squash(text) == " ".join(text.split()), repr(text)
    title = "Attention Is All You Need"
    assert squash(title) is title
