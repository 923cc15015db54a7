"""Read scenario, overlay and risk files: UTF-8 YAML, safely and strictly.

``read_yaml`` decodes the file as UTF-8 (``networks.text.utf8_text``) and parses it with
``StrictLoader``, a ``yaml.SafeLoader`` that also refuses

- a key given twice in one mapping (PyYAML would keep the last and drop the first silently);
- nesting deeper than ``MAX_DEPTH`` levels (PyYAML recurses and would overflow the stack);
- aliases that expand to more than ``MAX_EXPANDED_NODES`` values, or that refer to
  themselves (a "billion laughs" document of a few hundred bytes expands to 10⁹ values);
- text holding a lone surrogate (a ``"\ud800"`` escape: half of a UTF-16 pair, which no UTF-8
  file, terminal or report can hold), named by its key.

Problems name the file and the line; values are never echoed unbounded.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from networks import Problem, ScenarioError
from networks.text import shorten, surrogate_problem, utf8_text

MAX_DEPTH = 50
MAX_EXPANDED_NODES = 100_000


class LimitError(yaml.YAMLError):
    """A YAML document beyond StrictLoader's limits (depth, aliases, repeated keys)."""

    def __init__(self, message: str, mark: yaml.Mark | None):
        super().__init__(message)
        self.problem = message
        self.problem_mark = mark


class StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` refusing repeated keys, deep nesting and alias expansion."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        """Compose one node, refusing nesting deeper than MAX_DEPTH."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                msg = f"nested more than {MAX_DEPTH} levels deep; flatten the document"
                raise LimitError(msg, mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_node(self):
        """Compose the document, then refuse aliases that expand it beyond MAX_EXPANDED_NODES."""
        node = super().get_single_node()
        if node is not None:
            _check_expansion(node)
        return node

    def construct_mapping(self, node, deep=False):
        """Construct a mapping, refusing a key given twice."""
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # "<<: *defaults" merges keys that the mapping may override
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, (list, dict)):
                    continue  # an unhashable key: SafeLoader reports it
                line = key_node.start_mark.line + 1
                if key in seen:
                    msg = (
                        f'key "{shorten(key)}" is given twice (lines {seen[key]} and {line}); '
                        "keep one: the first would be dropped silently"
                    )
                    raise LimitError(msg, key_node.start_mark)
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Raise LimitError when aliases expand ``root`` beyond MAX_EXPANDED_NODES or into a cycle.

    Sizes are counted on the composed graph (an alias is the same node object as its anchor),
    once per node, so the check itself never expands anything.
    """
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > MAX_EXPANDED_NODES:
                msg = (
                    f"aliases (*name) expand this document to more than {MAX_EXPANDED_NODES:,} "
                    "values; write the values out, or use fewer aliases"
                )
                raise LimitError(msg, node.start_mark)
            size[key] = total
            continue
        if key in size:
            continue
        if key in open_nodes:
            msg = "an alias (*name) refers to itself; remove the loop"
            raise LimitError(msg, node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


def read_yaml(
    path: str | Path, empty_hint: str = "write a scenario with at least a name"
) -> object:
    """Load one UTF-8 YAML file with ``StrictLoader``.

    Unreadable, non-UTF-8, malformed, over-limit or empty files raise ScenarioError naming
    the file (and the line where known).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(str(path), f"cannot read ({exc.strerror})")]) from exc
    text, problem = utf8_text(data)
    if problem is not None:
        raise ScenarioError([Problem(path.name, problem)])
    try:
        loaded = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. U+0000
        line = text[: exc.position].count("\n") + 1
        message = (
            f"character U+{exc.character:04X} on line {line} is not allowed in YAML "
            "(control characters are not); remove it"
        )
        raise ScenarioError([Problem(path.name, message)]) from exc
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(path.name, _yaml_message(exc))]) from exc
    if loaded is None:
        raise ScenarioError([Problem(path.name, f"file is empty; {empty_hint}")])
    problems = [Problem(path.name, message, column=key) for key, message in _surrogates(loaded)]
    if problems:
        raise ScenarioError(problems)
    return loaded


def _surrogates(loaded: object) -> list[tuple[str, str]]:
    """(key, what is wrong) for every text in a loaded document, key or value, that holds a
    lone surrogate; the key is dotted from the top ("closures.0.target"; "0.name" in a list of
    scenarios). The walk visits at most what ``StrictLoader`` allows to expand.
    """
    found = []
    stack: list[tuple[tuple[str, ...], object]] = [((), loaded)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                label = (*where, shorten(key))
                problem = surrogate_problem(key) if isinstance(key, str) else None
                if problem:
                    found.append((".".join(label), f"the key {problem}"))
                stack.append((label, item))
        elif isinstance(value, list):
            stack.extend(((*where, str(i)), item) for i, item in enumerate(value))
        elif isinstance(value, str) and (problem := surrogate_problem(value)):
            found.append((".".join(where) or "(the document)", problem))
    return sorted(found)


def _yaml_message(exc: yaml.YAMLError) -> str:
    """Say what is wrong with a YAML document, where, in a bounded message."""
    mark = getattr(exc, "problem_mark", None)
    line = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    what = shorten(" ".join(str(getattr(exc, "problem", None) or exc).split()), 200)
    if isinstance(exc, LimitError):
        return f"YAML{line}: {what}"
    return f"malformed YAML{line}: {what}; check indentation and colons"
