"""``_config.yml`` as the last sync read it, kept in the cache's ``meta`` (key ``config_yaml``), so that a sync
of an unchanged site never loads the YAML parser (issue 11: PyYAML, python-frontmatter and the front matter
rules are ~15 ms of every warm command's start).

What YAML gives is kept in a tagged JSON form that gives back exactly the same values and types: mappings
(any keys, in order) as ``{"m": [[key, value], ...]}``, dates ``{"d": ...}``, date-times ``{"t": ...}`` (with their
offset), bytes ``{"b": base64}``, sets ``{"s": [...]}``, non-finite floats ``{"f": "nan"}``; lists, strings,
numbers, booleans and null as JSON has them. The memo names the parser it came from
(:func:`bot.store.sync.parser_fingerprint`): another parser reads the file again. A memo that does not read
back, or data of any other type, is no memo: the file is simply parsed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the site reader: loaded by the sync that reads the site
    from bot.course.site import ConfigYAML

KEY = "config_yaml"


def dumps(memo: ConfigYAML, parser: str) -> str | None:
    """The memo as text, or None when its data holds something YAML's safe loader does not make."""
    try:
        return json.dumps({"parser": parser, "digest": memo.digest, "data": _encode(memo.data)},
                          ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None


def loads(text: str | None, parser: str) -> ConfigYAML | None:
    """The memo ``text`` holds, if it is one, from ``parser``; else None."""
    if not text:
        return None
    from bot.course.site import ConfigYAML

    try:
        doc = json.loads(text)
        if not isinstance(doc, dict) or doc.get("parser") != parser or not isinstance(doc.get("digest"), str):
            return None
        return ConfigYAML(doc["digest"], _decode(doc["data"]))
    except (KeyError, TypeError, ValueError, RecursionError):
        return None


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"f": repr(value)}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"m": [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, bytes):
        return {"b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (set, frozenset)):
        return {"s": [_encode(item) for item in value]}
    raise TypeError(f"not a YAML value: {type(value).__name__}")


_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _decode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError("not a memo value")
    (tag, body), = value.items()
    if tag == "m":
        return {_decode(key): _decode(item) for key, item in body}
    if tag == "t":
        return dt.datetime.fromisoformat(body)
    if tag == "d":
        return dt.date.fromisoformat(body)
    if tag == "b":
        return base64.b64decode(body, validate=True)
    if tag == "s":
        return {_decode(item) for item in body}
    if tag == "f":
        return _FLOATS[body]
    raise ValueError(f"unknown memo tag {tag!r}")
