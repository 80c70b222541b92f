"""Front matter YAML: loaded with the safe loader only, and refused whole where it is hostile (an alias bomb,
a recursive alias, a tag asking for a Python object), with the file line of every problem
(:class:`FrontMatterError`). YAML that does not load as a whole is read again by :mod:`bot.course.lenient_yaml`
(:func:`recover_front_matter`). Used for post front matter (bot.course.posts), ``_config.yml`` and data files."""

from __future__ import annotations

from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from bot.course.budget import OverBudget

try:  # libyaml's loader: fast, and it accepts the tabs real _config.yml files have
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_ALIASES = 100  # more aliases than this in a front matter is treated as an alias bomb
MAX_NODES = 20_000  # nor may the front matter expand to more nodes than this


class FrontMatterError(ValueError):
    """Front matter that cannot be used; ``line`` is 1-based in the post file."""

    def __init__(self, message: str, line: int, *, hostile: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.hostile = hostile  # an alias bomb or a recursive alias: refused whole, never read around


class SafeYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler, with libyaml's safe loader and a guard against alias bombs."""

    def load(self, fm: str, **kwargs: object) -> Any:
        return load_front_matter(fm)[0]


def load_front_matter(text: str, *, first_line: int = 1) -> tuple[Any, dict[str, str]]:
    """Load YAML with the safe loader only (no object-constructing tags), rejecting documents whose
    aliases would expand to a huge structure (billion laughs) before anything is constructed.

    Returns the data and, for top-level keys with scalar values, the value as written (so that
    ``lecture: 3.10`` stays "3.10"). Raises FrontMatterError naming the file line (``first_line`` is
    the line the YAML text starts on; python-frontmatter keeps the newline of the opening ``---`` line,
    so front matter text starts on line 1)."""
    loader = SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise FrontMatterError(f"bad YAML: {_yaml_message(exc)}", _mark_line(exc, first_line, text)) from None
        except yaml.YAMLError as exc:
            raise FrontMatterError(f"bad YAML: {exc}", first_line) from None
        if node is None:
            return None, {}
        if "*" in text:  # without an alias the document cannot expand
            _check_expansion(node, first_line)
        try:
            data = loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            # a tag asking for a Python object (``!!python/object/apply:os.system``): refused whole
            hostile = "python/" in (exc.problem or "")
            raise FrontMatterError(f"bad YAML: {_yaml_message(exc)}", _mark_line(exc, first_line, text),
                                   hostile=hostile) from None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            # a value the constructor refused (``date: 2024-02-30``): name the line of that value
            line, value = _failing_value(node)
            where = f"{value!r}: " if value is not None else ""
            raise FrontMatterError(f"bad YAML: {where}{exc}", first_line + line) from None
    finally:
        loader.dispose()
    raw: dict[str, str] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                raw[key.value] = value.value
    return data, raw


def _failing_value(root: yaml.Node) -> tuple[int, str | None]:
    """0-based line and text of the first scalar value that cannot be constructed on its own (a date that
    does not exist, ...); the document's first line when none fails alone."""
    constructor = yaml.constructor.SafeConstructor()
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - any refusal locates the value
                return node.start_mark.line, str(node.value)[:80]
        else:
            stack.extend(reversed(_children(node)))
    return root.start_mark.line, None


def _mark_line(exc: yaml.MarkedYAMLError, first_line: int, text: str = "") -> int:
    """Where the problem was noticed, except for an unclosed bracket or quote: where it was opened; a
    problem noticed at the end of the text (``bad: [`` on the last line) is on its last line with content,
    not on the closing ``---``."""
    unclosed = bool(exc.context) and any(w in exc.context for w in ("flow", "quoted"))
    mark = (exc.context_mark if unclosed else None) or exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    if text:
        last = len(text.rstrip().split("\n")) - 1
        line = min(line, max(last, 0))
    return first_line + line


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or str(exc).splitlines()[0]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node, first_line: int) -> None:
    """Reject alias bombs: too many aliases, or a document that expands to too many values.
    Sizes are memoised per node, so this is linear in the composed (unexpanded) document."""
    sizes: dict[int, int] = {}
    on_path = {id(root)}
    stack = [(root, iter(_children(root)))]
    aliases = 0
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            size = 1 + sum(sizes[id(c)] for c in _children(node))
            if size > MAX_NODES:
                raise FrontMatterError(
                    f"front matter expands to more than {MAX_NODES:,} values (YAML alias bomb?)",
                    first_line + node.start_mark.line, hostile=True,
                )
            sizes[id(node)] = size
        elif id(child) in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise FrontMatterError(
                    f"front matter uses more than {MAX_ALIASES} YAML aliases (alias bomb?)",
                    first_line + child.start_mark.line, hostile=True,
                )
        elif id(child) in on_path:
            raise FrontMatterError("front matter has a recursive YAML alias", first_line + child.start_mark.line,
                                   hostile=True)
        else:
            on_path.add(id(child))
            stack.append((child, iter(_children(child))))


def recover_front_matter(fm: str, error: FrontMatterError) -> Any:
    """Front matter that YAML refuses read by :mod:`bot.course.lenient_yaml` (the ``key: value`` lines a
    reader sees: a stray colon, a tab, a line indented too far); None when it is no mapping even so."""
    from bot.course.lenient_yaml import recover  # only for broken front matter

    try:
        return recover(fm, load_front_matter, error)
    except FrontMatterError:  # an alias bomb in one of its blocks: refused whole
        return None


def front_matter_too_costly(exc: OverBudget) -> str:
    return f"front matter too costly to read ({exc}); the post is not read: simplify or split it"
