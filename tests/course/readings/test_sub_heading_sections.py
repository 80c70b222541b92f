"""Every sub-heading opens a section of its own for deciding readings and ``required`` (sections.py): a heading
named only for resources, videos or tools holds no readings unless a heading naming reading matter stands above
it; a supplementary word says so for its own heading's items only; items that only link versions of some code
in its languages name no work (shapes.links_only_code_versions)."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.required, r.title) for r in extract_readings(body)[0]]


def test_resource_and_video_headings_hold_no_readings_without_a_readings_heading_above() -> None:
    body = (
        "##### More Resources\n"
        "- Live coding implementation (Repl.it) [[C++](https://replit.com/@x/a)][[Python](https://replit.com/@x/b)]\n\n"
        "##### Video Resources\n- [Big-O Notation (Section 2.2)](https://www.youtube.com/watch?v=QfRSeibcugw)\n"
        "- [Basic Examples (Section 2.3)](https://www.youtube.com/watch?v=5rZCkblZFZM)\n\n"
        "### Videos\n- [Lec13a: Consensus](https://edstem.example.org/v1)\n"
    )
    assert found(body) == []


def test_a_resources_heading_under_a_readings_heading_still_lists_works() -> None:
    body = (
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n### Resources\n\n- [The Go Memory Model](https://go.dev/ref/mem)\n"
    )
    assert found(body) == [("Readings", True, "Paper A"), ("Readings", True, "The Go Memory Model")]
    body = "### Readings\n\n#### Video Resources\n\n- [Paxos Made Simple, explained](https://v.org/paxos)\n"
    assert found(body) == [(None, True, "Paxos Made Simple, explained")]


def test_a_supplementary_heading_does_not_carry_over_to_the_next_heading_of_its_level() -> None:
    body = (
        "#### More Readings\n- [Grokking Algorithms](https://a.org/grok)\n- [Algorithms Unlocked](https://a.org/unl)\n\n"
        "#### Sorting\n1. [Quicksort](https://a.org/qs)\n2. [Mergesort](https://a.org/ms)\n"
    )
    assert found(body) == [
        (None, False, "Grokking Algorithms"), (None, False, "Algorithms Unlocked"),
        (None, True, "Quicksort"), (None, True, "Mergesort"),
    ]


def test_an_empty_grouping_heading_still_groups_the_headings_after_it_at_its_level() -> None:
    body = (
        "### Attention Is All You Need\n+ https://arxiv.org/abs/1706.03762\n\n### Even More:\n\n"
        "### BERT\n+ https://arxiv.org/abs/1810.04805\n\n### RoBERTa\n+ https://arxiv.org/abs/1907.11692\n"
    )
    assert found(body) == [
        (None, True, "Attention Is All You Need"), (None, False, "BERT"), (None, False, "RoBERTa"),
    ]


def test_an_item_linking_only_language_versions_of_code_is_not_a_work() -> None:
    body = (
        "## Readings\n\n- [Real Paper](https://a.org/paper)\n"
        "- Live coding of parentheses (Repl.it) [[C++](https://replit.com/@x/c)]\n"
        "- Coding example for InsertionSort [[Online](https://onlinegdb.com/x)][[Source](https://x.org/a.cpp)]\n"
    )
    assert found(body) == [("Readings", True, "Real Paper")]


def test_an_optional_sub_heading_under_a_required_section_makes_its_items_not_required() -> None:
    body = (
        "## Required Readings:\n* **Chapter 2:** Multi-armed Bandits\n\n"
        "### Optional reading on Recent Advances:\n"
        "1. [**Human-level control through deep reinforcement learning**](http://x.org/dqn.pdf), Nature 2015.\n\n"
        "### Prediction Serving Systems [Daniel Crankshaw]\n"
        "1. *D. Agarwal et al.* 2014. [**LASER: a scalable response prediction platform.**](http://x.org/laser) WSDM '14.\n"
        "2. *D. Sculley et al.* 2014. [**Machine Learning: The High Interest Credit Card of Technical Debt**](http://x.org/debt)\n\n"
        "#### Optional Reading\n"
        "1. *D. Crankshaw et al.* [**Clipper: A Low-Latency Online Prediction Serving System**](http://x.org/clipper).\n"
    )
    assert [(t, r) for _, r, t in found(body)] == [
        ("Chapter 2: Multi-armed Bandits", True),
        ("Human-level control through deep reinforcement learning", False),
        ("LASER: a scalable response prediction platform.", True),
        ("Machine Learning: The High Interest Credit Card of Technical Debt", True),
        ("Clipper: A Low-Latency Online Prediction Serving System", False),
    ]


def test_a_heading_over_a_one_citation_list_groups_it() -> None:
    body = (
        "## Reading lists:\n\n### Data-Centric Distributed Systems\n"
        "1. *P Alvaro, T Condie, et al.* 2010. [**BOOM Analytics: Exploring data-centric programming.**]"
        "(http://x.org/boom.pdf) In Eurosys 2010.\n\n"
        "### Attention Is All You Need\n- [pdf](https://arxiv.org/pdf/1706.03762)\n"
    )
    assert [(t, r) for _, r, t in found(body)] == [
        ("BOOM Analytics: Exploring data-centric programming.", True),
        ("Attention Is All You Need", True),
    ]


def test_a_heading_saying_more_of_a_topic_after_a_resources_heading_lists_more_resources() -> None:
    body = (
        "##### More Resources\n- [Karatsuba Multiplication (Section 1.3)](https://www.youtube.com/watch?v=JCbZ)\n\n"
        "##### Additional Divide & Conquer Algorithm\n\n"
        "- [MergeSort: Motivation and Example (Section 1.4)](https://www.youtube.com/watch?v=kiyR)\n"
        "- [MergeSort: Analysis (Section 1.5)](https://www.youtube.com/watch?v=8Art)\n"
    )
    assert found(body) == []
    # after a heading that lists works, or with another heading between, it is judged as before
    body = (
        "#### Sorting\n1. [Quicksort](https://a.org/qs)\n2. [Mergesort](https://a.org/ms)\n\n"
        "#### Additional Divide & Conquer Algorithms\n1. [Karatsuba](https://a.org/k)\n2. [Strassen](https://a.org/s)\n"
    )
    assert [t for _, _, t in found(body)] == ["Quicksort", "Mergesort", "Karatsuba", "Strassen"]
    body = (
        "#### Videos\n- [Sorting, explained](https://v.org/s)\n\n#### Sorting\n1. [Quicksort](https://a.org/qs)\n"
        "2. [Mergesort](https://a.org/ms)\n\n#### Additional Algorithms\n1. [Karatsuba](https://a.org/k)\n"
        "2. [Strassen](https://a.org/s)\n"
    )
    assert [t for _, _, t in found(body)] == ["Quicksort", "Mergesort", "Karatsuba", "Strassen"]
