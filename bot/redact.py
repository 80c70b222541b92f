"""Credentials never shown: the user name and password a URL may carry (``https://user:token@host/...``),
hidden wherever text that may hold a URL is printed (configuration errors, the command line's error line).
Pure and import-light (the configuration imports it); bot.source.git.public_url drops them from one URL."""

from __future__ import annotations

import re

# scheme://userinfo@ : userinfo runs to the last "@" before white space, a quote or a closing bracket
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^\s'\"<>()\[\]{}]*)@")


def _hide(match: re.Match[str]) -> str:
    userinfo = match.group(2)
    if "/" in userinfo.split(":", 1)[0] and ":" not in userinfo:
        return match.group(0)  # an "@" in the path (https://host/pkg@1.0), not credentials
    return f"{match.group(1)}***@"


def hide_credentials(text: str) -> str:
    """``text`` with every URL's user name and password replaced by ``***``."""
    return _USERINFO.sub(_hide, text) if "@" in text and "://" in text else text
