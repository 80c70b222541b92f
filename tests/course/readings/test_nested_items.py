"""Lists nested in a reading's list item (collect.Collector.nested_works, citations.names_own_work): a nested item
carrying its own linked title is a reading of its own with its own links; the parent keeps the links of its own
line; a parent ending with ``:`` and linking nothing only introduces them; a nested item marking itself optional
is a separate reading, not required; a nested note or companion link stays the parent's."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.title, r.urls, r.required) for r in extract_readings(body)[0]]


def test_nested_linked_titles_are_readings_of_their_own() -> None:
    body = (
        "## Readings\n\n"
        "1. The Stanford [CS231n](http://x.org/cs231n) course has excellent tutorials:\n"
        "   1. [Gradient Descent](http://x.org/opt1)\n"
        "   1. [Convolution](http://x.org/conv)\n"
    )
    assert found(body) == [
        ("CS231n", ("http://x.org/cs231n",), True),
        ("Gradient Descent", ("http://x.org/opt1",), True),
        ("Convolution", ("http://x.org/conv",), True),
    ]


def test_a_parent_ending_with_a_colon_and_no_link_only_introduces_them() -> None:
    body = (
        "## Readings\n\n"
        "1. Chris Olah's blog has some good tutorials as well:\n"
        "   1. [Backpropagation](http://x.org/bp)\n"
        "   1. [Understanding LSTMs](http://x.org/lstm)\n"
    )
    assert [t for t, _, _ in found(body)] == ["Backpropagation", "Understanding LSTMs"]


def test_a_nested_item_marking_itself_optional_is_a_separate_optional_reading() -> None:
    body = (
        "## Reading lists:\n\n"
        "1. *Vu Le and Sumit Gulwani.* 2014. [**FlashExtract: A Framework for Data Extraction**](http://x.org/fe) In PLDI'14.\n\n"
        "    * **Optional Reading**: *Sumit Gulwani, Ute Schmid* 2015 [**Inductive Programming Meets the Real World**]"
        "(http://x.org/ip) [[pdf version](http://x.org/ip.pdf)] In CACM'15.\n\n"
        "1. *Marco Adelfio* 2013. [**Schema Extraction for Tabular Data**](http://x.org/se) In VLDB'13.\n"
    )
    assert found(body) == [
        ("FlashExtract: A Framework for Data Extraction", ("http://x.org/fe",), True),
        ("Inductive Programming Meets the Real World", ("http://x.org/ip", "http://x.org/ip.pdf"), False),
        ("Schema Extraction for Tabular Data", ("http://x.org/se",), True),
    ]


def test_nested_notes_and_companion_links_stay_with_the_parent() -> None:
    body = (
        "## Readings\n\n"
        "1. [**Rapid Object Detection using a Boosted Cascade**](http://x.org/vj) CVPR 2001.\n\n"
        "   * This landmark paper introduced a simple algorithm for face detection.\n\n"
        "   * Viola and Jones inspired later work in the design of [**Structured prediction cascades**](http://x.org/spc)"
        " which address inference.\n\n"
        "1. [Paper A](http://x.org/a)\n"
        "   * [pdf](http://x.org/a.pdf)\n"
        "   * [Code](http://x.org/code)\n"
    )
    assert found(body) == [
        ("Rapid Object Detection using a Boosted Cascade", ("http://x.org/vj", "http://x.org/spc"), True),
        ("Paper A", ("http://x.org/a", "http://x.org/a.pdf", "http://x.org/code"), True),
    ]


def test_a_companion_after_a_nested_work_is_that_works() -> None:
    body = (
        "## Readings\n\n"
        "* Abstractions: [Processes](http://x.org/p), [Threads](http://x.org/t)\n"
        "  * [Scheduling in Go](http://x.org/go)\n"
        "  * [pdf](http://x.org/go.pdf)\n"
    )
    assert found(body) == [
        ("Processes", ("http://x.org/p",), True),
        ("Threads", ("http://x.org/t",), True),
        ("Scheduling in Go", ("http://x.org/go", "http://x.org/go.pdf"), True),
    ]
