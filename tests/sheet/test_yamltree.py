"""The located YAML tree: every value's line and column, though a read marks only the top level at first."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.config import Project
from briefgen.sheet.loader import read_sheet
from briefgen.sheet.yamltree import read_yaml
from tests.conftest import FIXTURES

REPO = Path(__file__).resolve().parents[2]
SHEETS = [REPO / "briefs" / "mali-ukraine-rupture.yaml", REPO / "briefs" / "mali-ukraine-rupture.fr.yaml"]
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def composer_marks(text: str) -> dict[tuple[tuple, bool], tuple[int, int]]:
    """Where PyYAML's own (pure Python) composer puts each value and key, 1-based, by path and whether a key."""
    found: dict[tuple[tuple, bool], tuple[int, int]] = {}

    def visit(node: yaml.Node, path: tuple) -> None:
        found[(path, False)] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                found[((*path, key.value), True)] = (key.start_mark.line + 1, key.start_mark.column + 1)
                visit(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                visit(child, (*path, index))

    visit(yaml.compose(text, Loader=yaml.SafeLoader), ())
    return found


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda path: path.name)
@pytest.mark.parametrize("deepest_first", [True, False])
def test_every_value_and_key_is_marked_where_the_composer_puts_it_whichever_is_asked_first(sheet, deepest_first):
    text = sheet.read_text(encoding="utf-8")
    expected = composer_marks(text)
    assert max(len(path) for path, _ in expected) >= 4, "the example must reach deep"
    tree = read_yaml(text)
    for path, key in sorted(expected, key=lambda found: len(found[0]), reverse=deepest_first):
        mark = tree.mark_of(path, key=key)
        assert (mark.line, mark.column) == expected[(path, key)], (path, key)


def test_a_value_not_given_is_placed_at_its_nearest_given_ancestor():
    tree = read_yaml("id: x\nactors:\n  - id: a\n    name: A\n")
    assert tree.mark_of(("actors", 0, "kind")) == tree.mark_of(("actors", 0))
    assert (tree.mark_of(("actors", 0)).line, tree.mark_of(("actors", 0)).column) == (3, 5)
    assert (tree.mark_of(("actors", 7, "id")).line, tree.mark_of(("actors", 7, "id")).column) == (3, 3)
    assert (
        tree.mark_of(("actors", 0, "name"), key=True).line,
        tree.mark_of(("actors", 0, "name"), key=True).column,
    ) == (
        4,
        5,
    )


def test_a_read_stopped_by_a_tag_marks_only_what_it_read_before_it_however_deep_the_question():
    """Values after the refused one were never read: a question about one is answered at its nearest read ancestor."""
    tree = read_yaml("id: x\nlist:\n  - {a: 1, b: !bad 2, c: 3}\n  - d: 4\n")
    assert [problem.message for problem in tree.problems] == [
        "tag '!bad' is not allowed; fact sheets use plain YAML only"
    ]
    assert (tree.mark_of(("list", 0, "a")).line, tree.mark_of(("list", 0, "a")).column) == (3, 9)
    assert tree.mark_of(("list", 0, "c")) == tree.mark_of(("list", 0))
    assert tree.mark_of(("list", 1, "d")) == tree.mark_of(("list",))


def test_a_duplicate_key_is_said_once_though_the_marks_are_read_again():
    tree = read_yaml("id: x\nitems:\n  - {a: 1, a: 2}\n")
    key, value = tree.mark_of(("items", 0, "a"), key=True), tree.mark_of(("items", 0, "a"))
    assert [(key.line, key.column), (value.line, value.column)] == [(3, 6), (3, 9)], "the first a: is the one kept"
    assert [problem.message for problem in tree.problems] == ["duplicate key 'a'"]


def test_errors_deep_in_a_sheet_and_at_its_top_are_each_at_their_line(fixture_project: Project):
    """A check's own lines, for a problem at the top level and one in a citation inside a list of mappings."""
    text = MINIMAL.replace("status: published", "status: publishd").replace(
        "{source: s1, quote: were killed in the flooding}", "{source: nowhere, quote: were killed in the flooding}"
    )
    lines = text.splitlines()
    status = next(n for n, line in enumerate(lines, 1) if line.startswith("status:"))
    source = next(n for n, line in enumerate(lines, 1) if "nowhere" in line)
    path = fixture_project.briefs_dir / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    problems = read_sheet(path, fixture_project).problems
    assert [(p.line, p.column) for p in problems] == [(status, 9), (source, lines[source - 1].index("nowhere") + 1)]
    assert problems[1].message.startswith("unknown source id 'nowhere'")


def _mapping_bomb(levels: int, width: int = 9) -> str:
    """Mappings of mappings by alias, below the top level: width ** levels values from a few lines."""
    lines = ["id: x", "x:", "  l0: &l0 {" + ", ".join(f"k{i}: 1" for i in range(width)) + "}"]
    for level in range(1, levels):
        lines.append(f"  l{level}: &l{level} {{" + ", ".join(f"k{i}: *l{level - 1}" for i in range(width)) + "}")
    return "\n".join(lines) + "\n"


def test_values_expanded_by_alias_inside_mappings_count_against_the_limit():
    [problem] = read_yaml(_mapping_bomb(6)).problems
    assert problem.message.startswith("too many values (aliases expand past the limit)")
    assert read_yaml(_mapping_bomb(3)).problems == []


def test_a_mapping_that_holds_itself_below_the_top_level_is_refused_not_followed():
    [problem] = read_yaml("id: x\nx:\n  y: &y {z: *y}\n").problems
    assert "nested deeper than 64 levels (or an alias refers to itself)" in problem.message
