"""session_roles (bot/course/role_keys.py): a role key whose value is only an address links material."""

from bot.course.posts import parse_post


def _roles(front: str) -> dict[str, str]:
    s = parse_post("_lectures/l.md", f"---\ntitle: T\n{front}\n---\n".encode(), collection="_lectures").session
    assert s is not None
    return s.roles


def test_a_role_value_that_is_a_path_or_a_url_is_a_materials_link_not_a_role():
    assert _roles("notes: '/assets/lectures/lecture0.pdf'\nteam: team-2") == {"team": "team-2"}
    assert _roles("video: https://youtu.be/abc123") == {}
    assert _roles("notes: lecture0.pdf\nscribe: '{{ site.baseurl }}/notes/l0/'") == {}


def test_a_role_list_keeps_its_names_and_drops_its_addresses():
    assert _roles("presenters: [Ada, 'https://example.org/ada']") == {"presenters": "Ada"}


def test_names_that_look_a_little_like_addresses_stay_roles():
    assert _roles("notes: team-3\nvideo: Ada / Bob\nscribe: A. Turing") == {
        "notes": "team-3", "video": "Ada / Bob", "scribe": "A. Turing"}


def test_a_role_value_in_markup_is_the_name_the_page_shows():
    assert _roles('notes: <a href="https://x.org/ada">Ada Lovelace</a>\nvideo: "[team-3](/teams/3)"') == {
        "notes": "Ada Lovelace", "video": "team-3"}
    assert _roles('scribe: "<b>Alan</b> and <i>Grace</i>"\nnotes: <a href="/assets/l0.pdf"></a>') == {
        "scribe": "Alan and Grace"}
