"""``{{ site.KEY }}`` in link targets, filled from ``_config.yml`` as Jekyll fills it (readings/liquid.py), and
citation headings whose only links are site-relative (readings/collect.py)."""

from __future__ import annotations

from bot.course.readings.extract import extract_readings
from bot.course.readings.liquid import link_variables, resolve_liquid_links

DOCS = {"docsUrl": "https://files.example.edu/course/", "baseurl": "/seminar", "url": "https://u.example.edu"}


def found(body: str, variables: dict[str, str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    readings, _ = extract_readings(body, variables=variables)
    return [(r.title, r.urls) for r in readings]


def test_link_variables_keep_addresses_and_site_paths_by_dotted_key() -> None:
    settings = {"title": "A Seminar 2017", "docsUrl": " https://x.org/docs/ ", "baseurl": "/s", "theme": "minima",
                "links": {"slides": "https://x.org/slides"}, "count": 3, "empty": "", "list": ["https://y.org"]}
    assert link_variables(settings) == (("baseurl", "/s"), ("docsUrl", "https://x.org/docs/"),
                                        ("links.slides", "https://x.org/slides"))
    assert link_variables(["https://x.org"]) == ()


def test_site_setting_in_a_link_target_becomes_its_value() -> None:
    text = "[PDF]({{site.docsUrl}}a.pdf) [B]({{ site.links.b }}) [C]({{ site.baseurl }}/c.pdf)"
    variables = {**DOCS, "links.b": "https://b.org/x"}
    assert resolve_liquid_links(text, variables) == (
        "[PDF](https://files.example.edu/course/a.pdf) [B](https://b.org/x) [C](/seminar/c.pdf)"
    )


def test_site_setting_the_settings_lack_leaves_a_site_relative_link() -> None:
    assert resolve_liquid_links("[PDF]({{ site.docsUrl }}a.pdf) [D]({{ site.data.x }}/d)") == "[PDF](a.pdf) [D](/d)"


def test_url_filters_prepend_the_base_and_the_site_address() -> None:
    text = "[A]({{ '/a.pdf' | absolute_url }}) [B]({{ \"b.pdf\" | relative_url }}) [C]({{ site.docsUrl | absolute_url }})"
    assert resolve_liquid_links(text, DOCS) == (
        "[A](https://u.example.edu/seminar/a.pdf) [B](/seminar/b.pdf) [C](https://files.example.edu/course/)"
    )


def test_site_setting_in_an_html_href_becomes_its_value() -> None:
    text = '<a href="{{ site.docsUrl }}a.pdf">Paper</a>'
    assert resolve_liquid_links(text, DOCS) == '<a href="https://files.example.edu/course/a.pdf">Paper</a>'


def test_reading_linked_through_a_site_setting_counts_its_http_url() -> None:
    body = "## Readings\n\n- Smith. _A Paper_. [pdf]({{ site.docsUrl }}smith.pdf)\n"
    assert found(body, DOCS) == [("A Paper", ("https://files.example.edu/course/smith.pdf",))]


def test_citation_heading_whose_only_links_are_site_files_is_a_reading() -> None:
    body = (
        "### Damore, J. _An Echo Chamber_.\nUnpublished.  \n**Whole text. [PDF]({{ site.docsUrl }}a.pdf)**\n\n"
        "### Hansen, S. _Wikipedia and Discourse_.\n\nIn: _Society_ 25. 2009.  \n**[PDF](/docs/b.pdf)**\n\n"
        "### Bohman, J. _Critical Theory_.\n\nIn: _Encyclopedia_. [Online.](https://plato.example.org/ct)\n"
    )
    assert [(t.split(". ", 1)[1], u) for t, u in found(body)] == [
        ("An Echo Chamber.", ()), ("Wikipedia and Discourse.", ()), ("Critical Theory.", ("https://plato.example.org/ct",))
    ]
    assert [u for _, u in found(body, DOCS)][:2] == [("https://files.example.edu/course/a.pdf",), ()]


def test_topic_headings_linking_anchors_only_are_not_readings() -> None:
    body = "### Overview\n\nSee [below](#plan).\n\n### Plan\n\nWe meet [here](mailto:x@y.org).\n"
    assert found(body) == []
