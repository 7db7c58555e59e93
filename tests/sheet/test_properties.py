"""Arbitrary input never crashes the loader: it is valid or it yields located error lines."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.config import Project, Settings
from briefgen.errors import Problem
from briefgen.sheet.loader import read_sheet
from tests.conftest import FIXTURES

PROJECT = Project(FIXTURES, Settings())
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["2024-02-30", "unknown", "s1", "ministry", "ML", "2024-07-25/..", "exact"]),
)
keys = st.sampled_from(
    ["id", "title", "as_of", "cite", "source", "quote", "actors", "casualties", "sources", "file", "figure", "date"]
) | st.text(min_size=1, max_size=8)
trees = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5))


def _assert_clean(problems: list[Problem], name: str) -> None:
    for problem in problems:
        assert problem.path.endswith(name)
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "\n" not in problem.message
        assert "Traceback" not in problem.message and "pydantic" not in problem.message


@FAST
@given(text=st.text(max_size=400))
def test_arbitrary_text_never_crashes(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("t") / "sheet.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = read_sheet(path, PROJECT)
    _assert_clean(loaded.problems, "sheet.yaml")
    assert loaded.ok or loaded.problems


@FAST
@given(tree=trees)
def test_arbitrary_yaml_trees_never_crash(tmp_path_factory, tree):
    path = tmp_path_factory.mktemp("y") / "tree.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    loaded = read_sheet(path, PROJECT)
    _assert_clean(loaded.problems, "tree.yaml")
    assert loaded.ok or loaded.problems


def _paths(node, prefix=()):
    """Every path to a value inside a plain tree."""
    yield prefix
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield from _paths(child, prefix + (key,))


@FAST
@given(data=st.data())
def test_mutated_valid_sheet_never_crashes(tmp_path_factory, data):
    """Replace one value of a valid sheet with something arbitrary: errors stay located lines."""
    sheet = yaml.safe_load((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"))
    path = data.draw(st.sampled_from([p for p in _paths(sheet) if p]))
    parent = sheet
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(trees)
    target = tmp_path_factory.mktemp("m") / "mutant.yaml"
    target.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    _assert_clean(read_sheet(target, PROJECT).problems, "mutant.yaml")
