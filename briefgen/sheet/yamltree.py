"""Safe YAML reading that remembers where every key and value stands.

PyYAML's composer gives nodes with marks; we build plain Python values from
them ourselves so that (a) every value's line and column can be looked up by
its path, (b) only the standard YAML tags are accepted, (c) duplicate keys
are errors rather than silently overwritten, and (d) aliases cannot expand
a small file into an enormous tree ("billion laughs").
"""

from __future__ import annotations

import contextlib
import re
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
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)")  # the common int, read without PyYAML's slower general rule
_RESOLVED_CACHE_SIZE = 100_000


class _QuickLoader(_Loader):
    """libyaml's loader with cheaper calls back into Python, which are most of the time a sheet takes to compose.

    The composer asks for every node's tag by its text and descends into path
    resolvers we never register; answering the same text the same way from a
    cache, a quoted scalar or a collection with its default tag at once, and
    skipping the descent, gives the same nodes.
    """

    _plain_tags: dict[str, str] = {}

    def descend_resolver(self, current_node, current_index) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return _MAP if kind is yaml.MappingNode else _SEQ
        if not implicit[0]:
            return _STR  # quoted: text, whatever it says
        tag = self._plain_tags.get(value)
        if tag is None:
            if len(self._plain_tags) > _RESOLVED_CACHE_SIZE:
                self._plain_tags.clear()
            tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
        return tag


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
    """Plain values read from YAML, with the marks of their keys and values by path.

    The marks are kept as libyaml gives them (0-based) and turned into a
    :class:`Mark` only when asked for. A sheet has a thousand values and most
    are never asked about, so a read marks only the root and the top-level keys;
    the first question about a deeper value composes the text again and marks
    them all, as the first read would have (``source`` is kept for that).
    """

    value: Any
    value_marks: dict[tuple, yaml.Mark] = field(default_factory=dict)
    key_marks: dict[tuple, yaml.Mark] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)
    source: _Source | None = None  # the YAML read, while its deeper values are not marked yet

    def mark_of(self, path: tuple, *, key: bool = False) -> Mark:
        """Return the mark of the value (or key) at path, or of its nearest known ancestor."""
        if len(path) > 1 and self.source is not None:
            self._mark_all()
        marks = self.key_marks if key else self.value_marks
        while path:
            if path in marks:
                return _one_based(marks[path])
            path = path[:-1]
        return _one_based(self.value_marks[()]) if () in self.value_marks else Mark(1, 1)

    def _mark_all(self) -> None:
        """Compose the text again and mark every value, stopping where the first read stopped, if it did."""
        source, self.source = self.source, None
        marked = LocatedTree(None)  # its problems were found by the first read, and are not said twice
        # Where the first read stopped, this one stops too, keeping the marks up to there as that read kept them.
        with contextlib.suppress(YamlProblem, yaml.YAMLError, ValueError, TypeError):
            _Builder(marked, source.max_nodes, marked_depth=MAX_DEPTH + 1).build(_compose(source.text)[0], ())
        self.value_marks, self.key_marks = marked.value_marks, marked.key_marks

    def summary(self) -> LocatedTree:
        """Keep only what is asked about once a sheet is read: its id and where it stands.

        A full tree holds every value and mark, far more than its sheet; a build or a
        check of a thousand sheets keeps a summary of each, or sends one between processes.
        """
        raw_id = self.value.get("id") if isinstance(self.value, dict) else None
        marks = {path: _plain_mark(self.value_marks[path]) for path in [(), ("id",)] if path in self.value_marks}
        keys = {("id",): _plain_mark(self.key_marks[("id",)])} if ("id",) in self.key_marks else {}
        return LocatedTree({"id": raw_id} if isinstance(raw_id, str) else None, marks, keys)


@dataclass(frozen=True)
class _Source:
    """What a tree was read from, to mark its deeper values the same way when one is asked about."""

    text: str
    max_nodes: int


def _plain_mark(mark: yaml.Mark) -> yaml.Mark:
    """Copy libyaml's mark into PyYAML's plain one, which can be pickled."""
    return yaml.Mark(mark.name, mark.index, mark.line, mark.column, None, None)


def _one_based(mark: yaml.Mark) -> Mark:
    return Mark(mark.line + 1, mark.column + 1)


def _mark(node: yaml.Node) -> Mark:
    return _one_based(node.start_mark)


class _Builder:
    """Turn a composed node graph into plain values, bounding size, and mark the values down to a depth.

    Below ``marked_depth`` it builds with ``_plain``, which keeps no path: the
    same checks in the same order, so a read stops at the same node either way.
    """

    def __init__(self, tree: LocatedTree, max_nodes: int, marked_depth: int):
        self.tree = tree
        self.budget = max_nodes
        self.marked_depth = marked_depth
        # One per sheet: a constructor remembers every node it built, so a shared one would keep them all.
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: tuple) -> Any:
        self._count(node, len(path))
        self.tree.value_marks[path] = node.start_mark
        kind = type(node)
        if kind is yaml.MappingNode and node.tag == _MAP:
            return self._mapping(node, path)
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            if len(path) >= self.marked_depth:
                return self._plain(node, len(path))
            return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        if len(path) >= self.marked_depth:
            return self._plain(node, len(path))
        result: dict = {}
        key_marks, build = self.tree.key_marks, self.build
        for key_node, value_node in node.value:
            key = self._key(key_node, result)
            if key is not None:
                at = (*path, key)
                key_marks[at] = key_node.start_mark
                result[key] = build(value_node, at)
        return result

    def _plain(self, node: yaml.Node, depth: int) -> Any:
        """Build a value that is marked already (or never will be), and its children unmarked."""
        kind, plain = type(node), self._plain
        if kind is yaml.MappingNode and node.tag == _MAP:
            result: dict = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, result)
                if key is not None:
                    self._count(value_node, depth + 1)
                    result[key] = plain(value_node, depth + 1)
            return result
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            values = []
            for child in node.value:
                self._count(child, depth + 1)
                values.append(plain(child, depth + 1))
            return values
        return self._scalar(node)

    def _count(self, node: yaml.Node, depth: int) -> None:
        """Count a node against the size limit, and refuse it when too deep."""
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(
                _mark(node), "too many values (aliases expand past the limit); write the data out plainly"
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(_mark(node), f"nested deeper than {MAX_DEPTH} levels (or an alias refers to itself)")

    def _key(self, key_node: yaml.Node, result: dict) -> str | None:
        """Return a mapping key, or None for one already given (a problem then); refuse what is no plain key."""
        if type(key_node) is not yaml.ScalarNode or key_node.tag not in _SCALAR_TAGS:
            raise YamlProblem(_mark(key_node), "keys must be plain words")
        key = key_node.value
        if key == "<<":
            raise YamlProblem(_mark(key_node), "merge keys ('<<') are not supported; write the keys out")
        if key in result:
            self.tree.problems.append(YamlProblem(_mark(key_node), f"duplicate key '{key}'"))
            return None
        return key

    def _scalar(self, node: yaml.Node) -> Any:
        """Construct a number, boolean or null; text (dates too: the models parse them) is taken as it is."""
        tag = node.tag
        if type(node) is not yaml.ScalarNode or tag not in _SCALAR_TAGS:
            raise YamlProblem(_mark(node), f"tag '{node.tag}' is not allowed; fact sheets use plain YAML only")
        if tag in (_STR, _TS):
            return node.value
        if tag == _INT and _DECIMAL.fullmatch(node.value):
            return int(node.value)
        return self.constructor.construct_object(node, deep=True)


def _compose(text: str) -> list[yaml.Node]:
    """Compose every document of a YAML text into nodes."""
    return list(yaml.compose_all(text, Loader=_QuickLoader))


def read_yaml(text: str, max_nodes: int = MAX_NODES) -> LocatedTree:
    """Parse one YAML document into a LocatedTree; problems are collected, not raised."""
    tree = LocatedTree(value=None)
    try:
        documents = _compose(text)
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
    tree.source = _Source(text, max_nodes)
    try:
        tree.value = _Builder(tree, max_nodes, marked_depth=1).build(documents[0], ())
    except YamlProblem as problem:
        tree.problems.append(problem)
        tree.value = None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        tree.problems.append(YamlProblem(Mark(1, 1), f"YAML value: {error}"))
        tree.value = None
    return tree
