"""bot.redact: a URL's user name and password hidden in any text."""

import pytest

from bot.redact import hide_credentials


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("got 'https://alice:pw@github.com/org/my site.git' (x)", "got 'https://***@github.com/org/my site.git' (x)"),
        ("https://ghp_T@github.com/o/s.git", "https://***@github.com/o/s.git"),
        ("ssh://git@host/x", "ssh://***@host/x"),
        ("https://u:pa/ss@host/x", "https://***@host/x"),  # a password with an unescaped "/"
        ("(https://u:p@h/x)", "(https://***@h/x)"),
        ("https://host/pkg@1.0", "https://host/pkg@1.0"),  # an "@" in the path is no credential
        ("mail a@b.c, see https://github.com/org/site.git", "mail a@b.c, see https://github.com/org/site.git"),
    ],
)
def test_hide_credentials(text: str, shown: str) -> None:
    assert hide_credentials(text) == shown
