"""``author:`` on a page presenting one work by its front matter names the session's presenter
(role_keys.session_roles with front_matter.presents_page_work); elsewhere it is who wrote the page."""

from __future__ import annotations

from bot.course.posts import parse_post
from bot.course.readings.liquid import link_variables


def _roles(front: str, body: str = "Prose about the paper.\n", variables: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    data = f"---\n{front}\n---\n{body}".encode()
    s = parse_post("_meetings/m.md", data, collection="_meetings", link_variables=variables).session
    assert s is not None
    return s.roles


PAPER = 'title: "Sparse Attention Is All You Need"\ndate: 2025-03-26\n'


def test_author_of_a_page_presenting_one_work_by_its_front_matter_is_a_role() -> None:
    assert _roles(PAPER + 'author: "Wei Zhang"\npaper_url: "https://arxiv.org/abs/2501.00001"') == {"author": "Wei Zhang"}
    # the generic link key and the bare paper key present the page's work as well
    assert _roles(PAPER + "author: Ada Lovelace\nhyperlink: https://arxiv.org/abs/2501.00001") == {"author": "Ada Lovelace"}
    assert _roles(PAPER + "author: 邹晋\npaper: https://arxiv.org/abs/2501.00001") == {"author": "邹晋"}
    # beside the other role keys, in key order
    assert _roles(PAPER + "author: Ada Lovelace\npaper_url: https://arxiv.org/abs/1\nscribe: Alan") == {
        "author": "Ada Lovelace", "scribe": "Alan"}


def test_author_of_a_page_without_a_front_matter_work_is_who_wrote_it() -> None:
    # a blog-like post: no work in its front matter
    assert _roles('title: "My Thoughts on Attention"\nauthor: Wei Zhang') == {}
    # a course page naming its readings in the body
    body = "## Readings\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n- [BERT](https://arxiv.org/abs/1810.04805)\n"
    assert _roles('title: "Lecture 5: Transformers"\nauthor: Prof X', body) == {}
    assert _roles(PAPER + "author: Prof X\npaper_url: https://arxiv.org/abs/1", body) == {}
    # the work titled by a title key, the page by its number: the author may be the work's
    assert _roles('title: "01"\nauthor: Wei Zhang\npaper_title: JamMa\npaper_url: https://arxiv.org/abs/2503.03437') == {}


def test_author_naming_several_people_or_the_sites_own_author_is_no_role() -> None:
    link = "paper_url: https://arxiv.org/abs/1706.03762\n"
    for value in ("Vaswani et al.", "Vaswani et al", "Ada Lovelace, Alan Turing", "Ada and Alan", "Ada & Alan",
                  "Ada / Alan", "[Ada, Alan]", "https://ada.example.org", "We read this paper together last week."):
        assert _roles(PAPER + link + f"author: {value}") == {}, value
    variables = link_variables({"author": "Wei Zhang", "url": "https://wz.github.io"})
    assert _roles(PAPER + link + "author: Wei Zhang", variables=variables) == {}
    variables = link_variables({"author": {"name": "Wei Zhang", "email": "wz@example.org"}})
    assert _roles(PAPER + link + "author: wei zhang", variables=variables) == {}
    assert _roles(PAPER + link + "author: Ada Lovelace", variables=variables) == {"author": "Ada Lovelace"}


def test_link_variables_name_the_sites_own_author() -> None:
    assert dict(link_variables({"author": " Jane Doe ", "title": "Blog"})) == {"author": "Jane Doe"}
    assert dict(link_variables({"author": {"name": "Jane Doe", "url": "https://jd.org"}})) == {
        "author.name": "Jane Doe", "author.url": "https://jd.org"}
    assert link_variables({"author": ["Jane", "Joe"]}) == ()
