import re

from bot.course.lazy_pattern import LazyPattern, lazy_compile


def test_lazy_pattern_compiles_on_first_use_and_matches_as_compiled():
    lazy = lazy_compile(r"\b(papers?|readings?)\b", re.IGNORECASE)
    assert "search" not in vars(lazy)  # nothing compiled at definition
    compiled = re.compile(r"\b(papers?|readings?)\b", re.IGNORECASE)
    text = "Papers and a reading, then more PAPERS"
    assert lazy.search(text).span() == compiled.search(text).span()
    assert "search" in vars(lazy)  # bound at the first use
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("x", text) == compiled.sub("x", text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.match(text) is not None and lazy.fullmatch("Reading") is not None
    assert lazy.pattern == compiled.pattern and lazy.flags == compiled.flags and lazy.groups == 1


def test_lazy_pattern_refuses_dunders_without_compiling():
    lazy = LazyPattern(r"(")  # would not compile
    assert not hasattr(lazy, "__deepcopy__")
    assert "LazyPattern" in repr(lazy)
