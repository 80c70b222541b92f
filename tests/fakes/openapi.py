"""Checks HTTP traffic against Discord's official OpenAPI description (``../shared/specs/discord-openapi.json``).

The spec is OpenAPI 3.1, whose schemas are JSON Schema draft 2020-12 (plus OpenAPI-only keywords such as
``discriminator`` and ``x-*``, which carry no validation and are ignored), so ``jsonschema``'s
``Draft202012Validator`` validates them as they are; ``$ref``s point into the document
(``#/components/schemas/...``) and are resolved through a ``referencing`` registry holding the whole spec.

:class:`DiscordSpec` finds the operation for a method and a concrete path (literal segments beat
``{parameters}``, so ``/messages/@original`` is its own operation), then checks a request body against the
operation's ``requestBody`` (a multipart request's ``payload_json`` against the JSON schema) and a
response body against the schema of the response for its status (``"200"``, else ``"4XX"``, else
``"default"``). One leniency, for requests only: Discord returns a snowflake as a string (the spec's
``SnowflakeType``) but reads one sent as a JSON integer too, and discord.py sends integers (allowed_mentions
ids, a new attachment's index); a request's snowflake may be a non-negative integer. Responses are held to
the spec as written, but for one erratum (:data:`ERRATA`): the spec gives a field error of a 400
(``errors.<field>._errors[]``) the integer ``code`` of the top-level error, where Discord sends, and its
reference documents ("Error Messages": ``"code": "BASE_TYPE_CHOICES"``), a string. What the spec does not describe (an undocumented route or status, a body where it wants
none) is a violation too: a fake that answers what Discord never answers is not Discord.

:func:`discord_spec` loads the spec once; it is ``None`` where ``../shared/specs`` is absent.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SPECS = PROJECT_ROOT.parent / "shared" / "specs"
SPEC_FILE = SPECS / "discord-openapi.json"
SPEC_URI = "urn:discord-openapi"
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options")


@dataclass(frozen=True, slots=True)
class Violation:
    """One place where a request or response breaks the spec."""

    direction: str  # "request" or "response"
    method: str
    path: str
    status: int | None  # the response's status (None for a request)
    where: str  # JSON path inside the body, "$" for the body itself
    message: str

    def __str__(self) -> str:
        status = f" -> {self.status}" if self.status is not None else ""
        return f"{self.direction} {self.method} {self.path}{status}: at {self.where}: {self.message}"


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _short(message: str, limit: int = 300) -> str:
    """jsonschema's message quotes the value: keep a 10,000-character one readable."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _where(error: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


@dataclass(frozen=True, slots=True)
class Operation:
    template: str
    method: str  # lower case
    pointer: str  # JSON pointer to the operation object in the spec


# Where the spec contradicts Discord's own documentation and behaviour: replacements for component schemas.
ERRATA: dict[str, dict[str, Any]] = {
    "InnerErrors": {
        "type": "object",
        "properties": {"_errors": {"type": "array", "items": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            "required": ["code", "message"],
        }}},
        "additionalProperties": False,
        "required": ["_errors"],
    },
}


class DiscordSpec:
    """The spec, ready to validate traffic. Paths are without the ``/api/v10`` prefix."""

    def __init__(self, document: dict[str, Any]) -> None:
        document = copy.deepcopy(document)
        for name, schema in ERRATA.items():
            document["components"]["schemas"][name] = schema
        self.document = document
        self.registry: Registry = Registry().with_resource(
            SPEC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        lenient = copy.deepcopy(document)
        snowflake = lenient["components"]["schemas"]["SnowflakeType"]
        lenient["components"]["schemas"]["SnowflakeType"] = {
            "anyOf": [snowflake, {"type": "integer", "minimum": 0, "maximum": 2**64 - 1}]
        }
        self.request_registry: Registry = Registry().with_resource(
            SPEC_URI, Resource.from_contents(lenient, default_specification=DRAFT202012)
        )
        routes: list[tuple[tuple[int, int], re.Pattern[str], str]] = []
        for template in document["paths"]:
            segments = template.strip("/").split("/")
            regex = "/".join("[^/]+" if re.fullmatch(r"\{[^}]+\}", s) else re.escape(s) for s in segments)
            literal = sum(1 for s in segments if not s.startswith("{"))
            routes.append(((-len(segments), -literal), re.compile(f"^/{regex}$"), template))
        routes.sort(key=lambda r: r[0])
        self._routes = [(pattern, template) for _, pattern, template in routes]

    @classmethod
    def load(cls, path: Path = SPEC_FILE) -> DiscordSpec:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    # ------------------------------------------------------------------ lookup
    def operation(self, method: str, path: str) -> Operation | None:
        """The operation Discord documents for ``method`` on the concrete ``path`` (most literal match)."""
        method = method.lower()
        for pattern, template in self._routes:
            if pattern.match(path) and method in self.document["paths"][template]:
                return Operation(template, method, _pointer("paths", template, method))
        return None

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node and node["$ref"].startswith("#/"):
            target: Any = self.document
            for part in node["$ref"][2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def _op(self, op: Operation) -> dict[str, Any]:
        return self.document["paths"][op.template][op.method]

    def response_key(self, op: Operation, status: int) -> str | None:
        responses = self._op(op).get("responses", {})
        for key in (str(status), f"{status // 100}XX", "default"):
            if key in responses:
                return key
        return None

    @functools.lru_cache(maxsize=None)  # noqa: B019 - one spec object per session, kept alive anyway
    def _validator(self, pointer: str, request: bool) -> Draft202012Validator:
        registry = self.request_registry if request else self.registry
        return Draft202012Validator({"$ref": f"{SPEC_URI}#/{pointer}"}, registry=registry)

    def _check(self, pointer: str, body: Any, *, request: bool = False) -> Iterable[tuple[str, str]]:
        for error in self._validator(pointer, request).iter_errors(body):
            yield from _leaves(error)

    # ------------------------------------------------------------------ validation
    def check_request(self, method: str, path: str, body: Any) -> list[Violation]:
        """What is wrong with a request's JSON body (or multipart ``payload_json``) for Discord."""
        op = self.operation(method, path)
        if op is None:
            return [Violation("request", method, path, None, "$", "no such operation in Discord's API")]
        request_body = self._resolve(self._op(op).get("requestBody") or {})
        content = request_body.get("content") or {}
        if body is None:
            if request_body.get("required"):
                return [Violation("request", method, path, None, "$", "a request body is required")]
            return []
        if "application/json" not in content:
            return [Violation("request", method, path, None, "$", "this operation takes no JSON body")]
        pointer = _pointer("paths", op.template, op.method, "requestBody", "content", "application/json", "schema")
        if "$ref" in (self._op(op).get("requestBody") or {}):
            ref = self._op(op)["requestBody"]["$ref"][2:]
            pointer = ref + "/" + _pointer("content", "application/json", "schema")
        return [Violation("request", method, path, None, where, message) for where, message in self._check(pointer, body, request=True)]

    def check_query(self, method: str, path: str, query: dict[str, str]) -> list[Violation]:
        """What is wrong with a request's query string: parameters the operation does not take, values that
        do not parse as, or break, the parameter's schema (``limit=101``)."""
        op = self.operation(method, path)
        if op is None:
            return []  # check_request says so
        params: dict[str, dict[str, Any]] = {}
        for param in [*self.document["paths"][op.template].get("parameters", []), *self._op(op).get("parameters", [])]:
            param = self._resolve(param)
            if param.get("in") == "query":
                params[param["name"]] = param
        out: list[Violation] = []
        for name, raw in query.items():
            if name not in params:
                out.append(Violation("request", method, path, None, f"?{name}", "no such query parameter"))
                continue
            schema = self._resolve(params[name].get("schema") or {})
            value: Any = raw
            kinds = schema.get("type") if isinstance(schema.get("type"), list) else [schema.get("type")]
            if "integer" in kinds and re.fullmatch(r"-?\d+", raw):
                value = int(raw)
            elif "boolean" in kinds and raw.lower() in ("true", "false", "1", "0"):
                value = raw.lower() in ("true", "1")
            errors = Draft202012Validator(schema, registry=self.request_registry).iter_errors(value)
            out += [Violation("request", method, path, None, f"?{name}", _short(e.message)) for e in errors]
        return out

    def check_object(self, schema: str, value: Any, *, event: str, where: str) -> list[Violation]:
        """``value`` against the component schema ``schema`` (for objects the gateway carries, which the REST
        spec describes: users, members, roles, channels, messages)."""
        pointer = _pointer("components", "schemas", schema)
        return [Violation("gateway", event, where, None, at.replace("$", where, 1), message)
                for at, message in self._check(pointer, value)]

    def check_response(self, method: str, path: str, status: int, body: Any, *, has_body: bool) -> list[Violation]:
        """What is wrong with a response (its status, its JSON body) for what Discord documents."""
        op = self.operation(method, path)
        if op is None:
            return [Violation("response", method, path, status, "$", "no such operation in Discord's API")]
        key = self.response_key(op, status)
        if key is None:
            return [Violation("response", method, path, status, "$", f"Discord documents no {status} response here")]
        response_ref = self._op(op)["responses"][key]
        response = self._resolve(response_ref)
        content = response.get("content") or {}
        if "application/json" not in content:
            if has_body:
                return [Violation("response", method, path, status, "$", f"a {status} response here has no body")]
            return []
        if not has_body:
            return [Violation("response", method, path, status, "$", f"a {status} response here has a JSON body")]
        if "$ref" in response_ref:
            base = response_ref["$ref"][2:]
        else:
            base = _pointer("paths", op.template, op.method, "responses", key)
        pointer = base + "/" + _pointer("content", "application/json", "schema")
        return [Violation("response", method, path, status, where, message)
                for where, message in self._check(pointer, body)]


def _leaves(error: Any) -> Iterable[tuple[str, str]]:
    """The errors worth reading: for a failed ``oneOf``/``anyOf``, those of the branch that came closest
    (not one for another ``type`` of object; then the one whose errors sit deepest, then the fewest), else
    the error itself."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[int, list[Any]] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        depth = len(error.absolute_path)

        def wrong_kind(errs: list[Any]) -> bool:  # a branch for another ``type`` of object (a union's tag)
            return any(len(e.absolute_path) == depth + 1 and e.absolute_path[-1] == "type"
                       and e.validator in ("enum", "const") for e in errs)

        candidates = [errs for errs in branches.values() if not wrong_kind(errs)] or list(branches.values())
        best = max(candidates, key=lambda errs: (max(len(e.absolute_path) for e in errs), -len(errs)))
        for sub in best:
            yield from _leaves(sub)
        return
    yield _where(error), _short(error.message)


@functools.cache
def discord_spec() -> DiscordSpec | None:
    """The spec from ``../shared/specs``, loaded once; None where it is absent."""
    if not SPEC_FILE.is_file():
        return None
    return DiscordSpec.load()
