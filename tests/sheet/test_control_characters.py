"""Control characters are no text: refused in every text field at its line, tabs and line breaks kept in prose."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefgen.errors import Severity
from briefgen.sheet.loader import read_sheet
from briefgen.sheet.yamltree import read_yaml
from tests.conftest import FIXTURES
from tests.site.support import make_project

MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
# The minimal sheet with every optional text field too: a place, an alias, an author, a URL, a figure in words.
EVERY_FIELD = (
    MINIMAL.replace("    date: 2024-05\n", "    date: 2024-05\n    location: {place: The capital, country: ML}\n")
    .replace("    kind: ministry\n", "    kind: ministry\n    aliases: [the health ministry]\n")
    .replace("    url: unknown\n", "    url: https://example.org/floods\n    author: A reporter\n")
    .replace(
        "reactions:\n",
        "  - party: unspecified\n    category: displaced\n    figure: dozens\n    claimed_by: unattributed\n"
        "    event: flood\n    cite: [{source: s2, quote: Dozens were displaced}]\n"
        "reactions:\n",
    )
    + "  - id: s2\n    title: A second report\n    publisher: A wire\n    url: unknown\n    published: 2024-05\n"
    "    file: displaced.txt\n"
)
CONTROL = "\x01"


@pytest.fixture
def project(fixture_project):
    (fixture_project.seeds_dir / "displaced.txt").write_text("Dozens were displaced by the water.\n", encoding="utf-8")
    return fixture_project


def string_leaves(value, path=()):
    """Yield the path of every text value in a sheet's tree."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_leaves(item, (*path, index))
    elif isinstance(value, str):
        yield path


def with_value(tree, path, value):
    """Return a copy of the tree with one value replaced."""
    copy = json.loads(json.dumps(tree))
    node = copy
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return copy


def write_sheet(project, tree) -> str:
    """Write a tree as YAML, each string a JSON (so YAML double-quoted) string: a control character as its escape."""
    text = json.dumps(tree, ensure_ascii=True, indent=1)
    (project.briefs_dir / "minimal.yaml").write_text(text, encoding="utf-8")
    return text


def test_the_sheet_with_every_text_field_is_valid(project):
    write_sheet(project, read_yaml(EVERY_FIELD).value)
    assert read_sheet(project.briefs_dir / "minimal.yaml", project).problems == []


def test_a_control_character_in_any_text_value_is_an_error_at_that_value(project):
    tree = read_yaml(EVERY_FIELD).value
    leaves = list(string_leaves(tree))
    assert len(leaves) > 60
    for path in leaves:
        original = read_yaml(EVERY_FIELD).value
        text = write_sheet(project, with_value(tree, path, _insert(_value_at(original, path))))
        mark = read_yaml(text).mark_of(path)
        problems = read_sheet(project.briefs_dir / "minimal.yaml", project).problems
        errors = [(p.line, p.column) for p in problems if p.severity is Severity.ERROR]
        assert (mark.line, mark.column) in errors, (path, [str(p) for p in problems])


def _value_at(tree, path):
    for part in path:
        tree = tree[part]
    return tree


def _insert(text: str) -> str:
    return text[:2] + CONTROL + text[2:]


LINE = "holds U+0001, a control character; this text is one line, with no tab, line break or control character"
PROSE = "holds U+0001, a control character; text may hold tabs and line breaks, but no other control character"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: Flooding in the capital", 'title: "\\x01"', f"2:8: title: {LINE}"),
        (
            "title: Flooding in the capital",
            'title: "Flooding\\tin the capital"',
            f"2:8: title: {LINE.replace('0001', '0009')}",
        ),
        ("handling: PUBLIC", 'handling: "PUB\\x7fLIC"', f"7:11: handling: {LINE.replace('0001', '007F')}"),
        (
            "authors: [test desk]",
            'authors: [test desk, "night\\u0085desk"]',
            f"8:22: authors[1]: {LINE.replace('0001', '0085')}",
        ),
        (
            "title: unknown",
            'title: "Un\\x1bknown"',
            f"46:12: sources[0].title: {LINE.replace('0001', '001B')}, or 'unknown'",
        ),
        (
            "  - text: Flooding hit the capital.",
            '  - text: "Flooding hit\\nthe\\tcapital\\x01."',
            f"17:11: background[0].text: {PROSE}",
        ),
        (
            "quote: described the response as slow}",
            'quote: "described the\\x01 response as slow"}',
            f"13:32: key_points[1].cite[0].quote: {PROSE}",
        ),
        (
            "title: Flooding in the capital",
            'title: "Flooding \\uffff"',
            "2:8: title: holds U+FFFF, a noncharacter; this text is one line, with no tab, line break or control character",
        ),
    ],
    ids=["title", "tab in a title", "delete", "next line", "source title", "markdown", "quote", "noncharacter"],
)
def test_each_control_character_is_named_at_its_line(project, old, new, expected):
    assert old in MINIMAL
    (project.briefs_dir / "minimal.yaml").write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    problems = read_sheet(project.briefs_dir / "minimal.yaml", project).problems
    assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [expected]


def test_tabs_and_line_breaks_stay_allowed_in_prose(project):
    text = MINIMAL.replace("  - text: Flooding hit the capital.", '  - text: "Flooding hit\\nthe\\tcapital."')
    (project.briefs_dir / "minimal.yaml").write_text(text, encoding="utf-8")
    assert read_sheet(project.briefs_dir / "minimal.yaml", project).ok


def test_a_title_with_a_control_character_is_refused_by_check_and_build_and_no_feed_is_written(tmp_path):
    project = make_project(tmp_path / "project", example=False, minimal=True, templates=False)
    sheet = project.briefs_dir / "minimal.yaml"
    sheet.write_text(MINIMAL.replace("title: Flooding in the capital", 'title: "\\x01"'), encoding="utf-8")
    expected = f"briefs/minimal.yaml:2:8: title: {LINE}"
    for command in (["check"], ["build", "--no-pdf"]):
        done = subprocess.run(
            [sys.executable, "-m", "briefgen", *command], cwd=project.root, capture_output=True, text=True
        )
        assert done.returncode == 1
        assert done.stderr.splitlines()[0] == expected
    assert not (project.root / "site").exists()
