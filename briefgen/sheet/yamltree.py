"""Safe YAML reading that remembers where every key and value stands.

PyYAML's composer gives nodes with marks; we build plain Python values from
them ourselves so that (a) every value's line and column can be looked up by
its path, (b) only the standard YAML tags are accepted, (c) duplicate keys
are errors rather than silently overwritten, and (d) aliases cannot expand
a small file into an enormous tree ("billion laughs").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader

MAX_NODES = 50_000
MAX_DEPTH = 64
_STR, _NULL, _BOOL, _INT, _FLOAT, _TS = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "null", "bool", "int", "float", "timestamp")
)
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT, _FLOAT, _TS}
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a YAML file."""

    line: int
    column: int


@dataclass
class YamlProblem(Exception):
    """A located problem found while reading YAML."""

    mark: Mark
    message: str


@dataclass
class LocatedTree:
    """Plain values read from YAML, with the marks of their keys and values by path."""

    value: Any
    value_marks: dict[tuple, Mark] = field(default_factory=dict)
    key_marks: dict[tuple, Mark] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def mark_of(self, path: tuple, *, key: bool = False) -> Mark:
        """Return the mark of the value (or key) at path, or of its nearest known ancestor."""
        marks = self.key_marks if key else self.value_marks
        while path:
            if path in marks:
                return marks[path]
            path = path[:-1]
        return self.value_marks.get((), Mark(1, 1))


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turn a composed node graph into plain values, recording marks and bounding size."""

    def __init__(self, tree: LocatedTree, max_nodes: int):
        self.tree = tree
        self.budget = max_nodes

    def build(self, node: yaml.Node, path: tuple) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(
                _mark(node), "too many values (aliases expand past the limit); write the data out plainly"
            )
        if len(path) > MAX_DEPTH:
            raise YamlProblem(_mark(node), f"nested deeper than {MAX_DEPTH} levels (or an alias refers to itself)")
        self.tree.value_marks[path] = _mark(node)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            return self._scalar(node)
        raise YamlProblem(_mark(node), f"tag '{node.tag}' is not allowed; fact sheets use plain YAML only")

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise YamlProblem(_mark(key_node), "keys must be plain words")
            key = key_node.value
            if key == "<<":
                raise YamlProblem(_mark(key_node), "merge keys ('<<') are not supported; write the keys out")
            if key in result:
                self.tree.problems.append(YamlProblem(_mark(key_node), f"duplicate key '{key}'"))
                continue
            self.tree.key_marks[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        # Dates stay text: the models parse them with their own precision rules.
        if node.tag in (_STR, _TS):
            return node.value
        return _CONSTRUCTOR.construct_object(node, deep=True)


def read_yaml(text: str, max_nodes: int = MAX_NODES) -> LocatedTree:
    """Parse one YAML document into a LocatedTree; problems are collected, not raised."""
    tree = LocatedTree(value=None)
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        message = f"YAML syntax: {error.problem or error.context}"
        opened = error.context_mark
        if error.context and opened and mark is not opened and opened.line != mark.line:
            message += f" ({error.context[6:] if error.context.startswith('while ') else error.context}"
            message += f" at line {opened.line + 1}, column {opened.column + 1})"
        tree.problems.append(YamlProblem(position, message))
        return tree
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        where = Mark(before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1)
        tree.problems.append(YamlProblem(where, f"character U+{error.character:04X} is not allowed in YAML; remove it"))
        return tree
    except yaml.YAMLError as error:
        tree.problems.append(YamlProblem(Mark(1, 1), f"YAML: {' '.join(str(error).split())}"))
        return tree
    if not documents:
        tree.problems.append(YamlProblem(Mark(1, 1), "the file is empty; a fact sheet is one YAML mapping"))
        return tree
    if len(documents) != 1:
        where = _mark(documents[1]) if len(documents) > 1 else Mark(1, 1)
        tree.problems.append(YamlProblem(where, "a fact sheet is exactly one YAML document"))
        return tree
    try:
        tree.value = _Builder(tree, max_nodes).build(documents[0], ())
    except YamlProblem as problem:
        tree.problems.append(problem)
        tree.value = None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        tree.problems.append(YamlProblem(Mark(1, 1), f"YAML value: {error}"))
        tree.value = None
    return tree
