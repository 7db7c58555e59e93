"""Every class of input error is reported once, at its line and column, in words a curator can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import Project
from briefgen.sheet.loader import check_paths, load, read_sheet
from tests.conftest import FIXTURES

MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")

# (error class, text replaced in minimal.yaml, replacement, the one line briefgen must print)
CASES = [
    ("yaml syntax", "countries: [ML]", "countries: [ML", "bad.yaml:7:9: YAML syntax: did not find expected ',' or ']' (parsing a flow sequence at line 6, column 12)"),
    ("custom tag", "region: Test region", "region: !!python/object:os.system x", "bad.yaml:5:9: tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; fact sheets use plain YAML only"),
    ("duplicate key", "region: Test region", "region: Test region\nregion: Other", "bad.yaml:6:1: duplicate key 'region'"),
    ("missing key", "title: Flooding in the capital\n", "", "bad.yaml:1:1: missing required key 'title'"),
    ("unknown key", "handling: PUBLIC", "handling: PUBLIC\ntitel: x", "bad.yaml:8:1: unknown key 'titel'; did you mean 'title'?"),
    ("bad enum", "qualifier: at_least", "qualifier: roughly", "bad.yaml:34:16: casualties[0].qualifier: must be one of 'exact', 'approximately', 'at_least', 'more_than', 'up_to' or 'fewer_than' (got 'roughly')"),
    ("bad slug", "id: minimal", "id: Minimal Brief", "bad.yaml:1:5: id: must be lower-case letters and digits joined by single hyphens (got 'Minimal Brief')"),
    ("bad country", "countries: [ML]", "countries: [XX]", "bad.yaml:6:13: countries[0]: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. ML for Mali)"),
    ("impossible date", "as_of: 2024-05-06", "as_of: 2024-02-30", "bad.yaml:3:8: as_of: '2024-02-30' is not a real date: February 2024 has no day 30"),
    ("impossible fuzzy date", "date: 2024-05", "date: 2024-13", "bad.yaml:21:11: timeline[0].date: '2024-13' is not a real date: month 13 does not exist"),
    ("too few key points", "  - text: An inquiry was promised.\n    cite: [{source: s1, quote: \"slow - and promised an inquiry\"}]\n", "", "bad.yaml:10:3: key_points: needs at least 3 items (got 2)"),
    ("dangling actor id", "claimed_by: ministry", "claimed_by: ministri", "bad.yaml:35:17: unknown actor id 'ministri'; known: ministry, unattributed"),
    ("dangling event id", "event: flood", "event: flod", "bad.yaml:36:12: unknown timeline event id 'flod'; known: flood"),
    ("dangling source id", "cite: [{source: s1, quote: killed in the flooding}]", "cite: [{source: s2, quote: killed in the flooding}]", "bad.yaml:23:21: unknown source id 's2'; known: s1"),
    ("duplicate id", "  - id: ministry\n", "  - id: ministry\n    name: The ministry\n    kind: ministry\n    role: Gave the toll.\n    cite: [{source: s1, quote: The ministry said on Monday}]\n  - id: ministry\n", "bad.yaml:30:9: duplicate actor id 'ministry'"),
    ("quote not in source", "quote: described the response as slow", "quote: described the response as fast", "bad.yaml:13:32: quote not found in source 's1': \"described the response as fast\""),
    ("actor quote not in source", "quote: at least 12 people\n", "quote: at most 12 people\n", "bad.yaml:42:12: the actor's quote is not in any source this reaction cites: \"at most 12 people\""),
    ("seed outside seeds/", "file: sample.txt", "file: ../briefs/bad.yaml", "bad.yaml:50:11: '../briefs/bad.yaml' lies outside seeds/; give a path relative to the seeds folder"),
    ("missing seed file", "file: sample.txt", "file: nowhere.txt", "bad.yaml:50:11: seed file 'nowhere.txt' does not exist in seeds/"),
]  # fmt: skip


def _write(project: Project, name: str, text: str) -> Path:
    path = project.briefs_dir / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("case", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_error_class_is_one_located_line(fixture_project, monkeypatch, case, old, new, expected):
    assert old in MINIMAL, case
    monkeypatch.chdir(fixture_project.root / "briefs")
    path = _write(fixture_project, "bad.yaml", MINIMAL.replace(old, new, 1))
    loaded = read_sheet(path, fixture_project)
    assert [str(p) for p in loaded.problems] == [expected]
    assert loaded.sheet is None or not loaded.ok


def test_minimal_fixture_is_valid(fixture_project):
    loaded = read_sheet(fixture_project.briefs_dir / "minimal.yaml", fixture_project)
    assert loaded.problems == []
    assert loaded.sheet.casualties[0].qualifier == "at_least"


def test_oversized_file_is_refused_before_parsing(fixture_project, monkeypatch):
    monkeypatch.chdir(fixture_project.briefs_dir)
    path = _write(fixture_project, "big.yaml", "# " + "x" * (1024 * 1024) + "\n")
    [problem] = read_sheet(path, fixture_project).problems
    assert str(problem) == "big.yaml:1:1: file is 1,048,579 bytes; a fact sheet may be at most 1,048,576"


def test_alias_bomb_is_refused(fixture_project, monkeypatch):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    monkeypatch.chdir(fixture_project.briefs_dir)
    path = _write(fixture_project, "lol.yaml", "\n".join(lines) + "\n")
    [problem] = read_sheet(path, fixture_project).problems
    assert problem.message.startswith("too many values (aliases expand past the limit)")


def test_recursive_alias_is_refused(fixture_project, monkeypatch):
    monkeypatch.chdir(fixture_project.briefs_dir)
    path = _write(fixture_project, "loop.yaml", "a: &x [*x]\n")
    [problem] = read_sheet(path, fixture_project).problems
    assert "nested deeper than" in problem.message


def test_non_utf8_is_located(fixture_project, monkeypatch):
    monkeypatch.chdir(fixture_project.briefs_dir)
    path = fixture_project.briefs_dir / "latin1.yaml"
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    assert [str(p) for p in read_sheet(path, fixture_project).problems] == [
        "latin1.yaml:2:11: not UTF-8 text; save the file as UTF-8"
    ]


def test_top_level_must_be_a_mapping(fixture_project, monkeypatch):
    monkeypatch.chdir(fixture_project.briefs_dir)
    path = _write(fixture_project, "list.yaml", "- a\n- b\n")
    [problem] = read_sheet(path, fixture_project).problems
    assert problem.message.startswith("a fact sheet must be a mapping")


def test_brief_ids_must_be_unique_across_files(fixture_project, monkeypatch):
    monkeypatch.chdir(fixture_project.root)
    _write(fixture_project, "zz-copy.yaml", MINIMAL)
    report = check_paths([fixture_project.briefs_dir], fixture_project)
    assert [str(p) for p in report.problems] == [
        "briefs/zz-copy.yaml:1:5: brief id 'minimal' in 'en' is already used by briefs/minimal.yaml; a brief has one sheet per language (a French version goes in minimal.fr.yaml, language: fr)"
    ]


def test_all_problems_of_a_file_are_reported_in_one_run(fixture_project, monkeypatch):
    text = MINIMAL.replace("title: Flooding in the capital\n", "").replace("claimed_by: ministry", "claimed_by: nobody")
    text = text.replace("as_of: 2024-05-06", "as_of: 2024-02-30").replace("as slow}", "as quick}")
    monkeypatch.chdir(fixture_project.briefs_dir)
    problems = read_sheet(_write(fixture_project, "four.yaml", text), fixture_project).problems
    assert [(p.line, p.column) for p in problems] == [(1, 1), (2, 8), (12, 32), (34, 17)]


def test_load_raises_with_every_problem(fixture_project):
    path = _write(fixture_project, "bad.yaml", MINIMAL.replace("status: published", "status: final"))
    with pytest.raises(Exception) as raised:
        load(path, fixture_project)
    assert [p.message for p in raised.value.problems] == ["status: must be one of 'draft' or 'published' (got 'final')"]


def test_typography_differences_still_match(fixture_project):
    # The fixture quotes use straight quotes and a hyphen where the seed has curly quotes and an em dash.
    loaded = read_sheet(fixture_project.briefs_dir / "minimal.yaml", fixture_project)
    assert loaded.ok
    assert loaded.sheet.key_points[2].cite[0].quote == "slow - and promised an inquiry"


def test_a_quote_over_the_length_limit_gets_the_length_error_and_is_not_matched(fixture_project, monkeypatch):
    """Matching a quote the model refuses would only repeat the problem, and cost time that grows with its length."""
    long_quote = "they said " * 250
    text = MINIMAL.replace('quote: "at least 12 people"}', f'quote: "{long_quote}"}}', 1)
    text = text.replace("quote: at least 12 people\n", f'quote: "{long_quote}"\n', 1)
    monkeypatch.chdir(fixture_project.briefs_dir)
    problems = read_sheet(_write(fixture_project, "long.yaml", text), fixture_project).problems
    assert [str(p) for p in problems] == [
        "long.yaml:11:32: key_points[0].cite[0].quote: string should have at most 2000 characters",
        "long.yaml:42:12: reactions[0].quote: string should have at most 2000 characters",
    ]


def test_a_quote_within_the_limits_is_still_matched_when_another_value_of_its_sheet_is_refused(fixture_project):
    text = MINIMAL.replace("status: published", "status: final").replace("as slow}", "as quick}")
    problems = read_sheet(_write(fixture_project, "two.yaml", text), fixture_project).problems
    assert [p.message for p in problems] == [
        "status: must be one of 'draft' or 'published' (got 'final')",
        "quote not found in source 's1': \"described the response as quick\"",
    ]
