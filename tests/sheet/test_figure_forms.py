"""A figure said as the source says it: more than, fewer than, words, open ranges; never summed or rounded."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from briefgen.config import Project, Settings
from briefgen.sheet.figure_forms import FigureBounds, Qualifier, figure_bounds, worded
from briefgen.sheet.loader import read_sheet
from briefgen.sheet.models import CasualtyClaim, FactSheet, FigureRange, factsheet_json_schema
from tests.conftest import FIXTURES

FIGURES = (FIXTURES / "valid" / "figures.yaml").read_text(encoding="utf-8")
PROJECT = Project(FIXTURES, Settings())


def figures_sheet() -> FactSheet:
    loaded = read_sheet(FIXTURES / "valid" / "figures.yaml", PROJECT)
    assert loaded.problems == []
    return loaded.sheet


def test_each_new_form_validates_and_keeps_what_the_source_said():
    claims = figures_sheet().casualties
    assert [(c.figure, c.qualifier) for c in claims] == [
        (20, Qualifier.MORE_THAN),
        (10, Qualifier.FEWER_THAN),
        ("dozens", None),
        (FigureRange(low=25, high=82, or_more=True), Qualifier.EXACT),
    ]
    assert [c.worded for c in claims] == ["more than 20", "fewer than 10", "dozens", "25\u201382 or more"]


@pytest.mark.parametrize(
    ("figure", "qualifier", "said", "bounds"),
    [
        (84, "exact", "84", FigureBounds(84, 84)),
        (50, "approximately", "approximately 50", FigureBounds(50, 50, approximate=True)),
        (12, "at_least", "at least 12", FigureBounds(12, 12, high_open=True)),
        (20, "more_than", "more than 20", FigureBounds(20, 20, high_open=True, exclusive=True)),
        (30, "up_to", "up to 30", FigureBounds(30, 30, low_open=True)),
        (10, "fewer_than", "fewer than 10", FigureBounds(10, 10, low_open=True, exclusive=True)),
        ({"low": 40, "high": 50}, "exact", "40\u201350", FigureBounds(40, 50)),
        ({"low": 40, "high": 50}, "approximately", "approximately 40\u201350", FigureBounds(40, 50, approximate=True)),
        ({"low": 25, "high": 82, "or_more": True}, "exact", "25\u201382 or more", FigureBounds(25, 82, high_open=True)),
        ("dozens", None, "dozens", None),
        ("more than a dozen", None, "more than a dozen", None),
        ("several hundred", None, "several hundred", None),
    ],
)
def test_worded_and_bounds_of_every_form(figure, qualifier, said, bounds):
    claim = CasualtyClaim.model_validate(
        {
            "party": "unspecified",
            "category": "killed",
            "figure": figure,
            **({"qualifier": qualifier} if qualifier else {}),
            "claimed_by": "unattributed",
            "event": "e",
            "cite": [{"source": "s", "quote": f"it was {said}"}],
        }
    )
    assert claim.worded == said
    assert claim.bounds == bounds
    assert (worded(claim.figure, claim.qualifier), figure_bounds(claim.figure, claim.qualifier)) == (said, bounds)


def _located(project: Project, text: str) -> list[str]:
    path = project.briefs_dir / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(problem) for problem in read_sheet(path, project).problems if problem.severity.name == "ERROR"]


@pytest.fixture
def figures_project(tmp_path: Path, monkeypatch) -> Project:
    (tmp_path / "briefs").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "figures.txt").write_bytes((FIXTURES / "seeds" / "figures.txt").read_bytes())
    monkeypatch.chdir(tmp_path / "briefs")
    return Project(tmp_path, Settings())


NUMBER = "    figure: 20\n    qualifier: more_than\n"
WORDS = "    figure: dozens\n"
# (what is wrong, the lines replaced in figures.yaml, what replaces them, the one line briefgen prints)
BAD = [
    ("more_than on a range", NUMBER, "    figure: {low: 20, high: 30}\n    qualifier: more_than\n",
     "bad.yaml:45:16: casualties[0].qualifier: more_than qualifies a single number, not a range; for '20 to 30 or more' write or_more: true in the range"),
    ("fewer_than on a range", NUMBER, "    figure: {low: 20, high: 30}\n    qualifier: fewer_than\n",
     "bad.yaml:45:16: casualties[0].qualifier: fewer_than qualifies a single number, not a range; for '20 to 30 or more' write or_more: true in the range"),
    ("or_more with at_least", NUMBER, "    figure: {low: 20, high: 30, or_more: true}\n    qualifier: at_least\n",
     "bad.yaml:45:16: casualties[0].qualifier: a range with or_more: true takes qualifier exact or approximately, as its open end says the rest (got at_least)"),
    ("range upside down", NUMBER, "    figure: {low: 30, high: 20}\n    qualifier: exact\n",
     "bad.yaml:44:29: casualties[0].figure.high: a range's high must be above its low (got 30 to 20); one number is figure: 30"),
    ("number without qualifier", NUMBER, "    figure: 20\n",
     "bad.yaml:42:5: casualties[0]: missing required key 'qualifier': a number takes exact, approximately, at_least, more_than, up_to or fewer_than"),
    ("a fraction is not rounded", NUMBER, "    figure: 20.5\n    qualifier: more_than\n",
     "bad.yaml:44:13: casualties[0].figure: must be a whole number"),
    ("true is not one", NUMBER, "    figure: true\n    qualifier: exact\n",
     "bad.yaml:44:13: casualties[0].figure: must be a whole number (got true)"),
    ("a negative number", NUMBER, "    figure: -20\n    qualifier: more_than\n",
     "bad.yaml:44:13: casualties[0].figure: is below the smallest allowed value"),
    ("words with a qualifier", WORDS, "    figure: dozens\n    qualifier: at_least\n",
     "bad.yaml:59:16: casualties[2].qualifier: a figure in words takes no qualifier, its words say it all: leave qualifier out, or write the source's words whole, e.g. figure: at least dozens"),
    ("words with exact", WORDS, "    figure: dozens\n    qualifier: exact\n",
     "bad.yaml:59:16: casualties[2].qualifier: a figure in words takes no qualifier, its words say it all: leave qualifier out"),
    ("digits in words", WORDS, "    figure: 20 to 30\n",
     "bad.yaml:58:13: casualties[2].figure: '20 to 30' has digits, so it is a number: write figure: 20, or a range as {low: 20, high: 30}"),
    ("a number in words", WORDS, "    figure: twenty-one\n",
     "bad.yaml:58:13: casualties[2].figure: 'twenty-one' names an exact number: write it in digits with its qualifier"),
    ("symbols in words", WORDS, "    figure: dozens!\n",
     "bad.yaml:58:13: casualties[2].figure: a figure in words is letters and spaces only, as the source words it, e.g. dozens (got 'dozens!')"),
    ("words not in the quote", WORDS, "    figure: hundreds\n",
     "bad.yaml:58:13: the figure 'hundreds' is in none of this claim's quotes; a figure in words is the source's own words, so quote the words that give it"),
    ("part of a word is not the words", WORDS, "    figure: dozen\n",
     "bad.yaml:58:13: the figure 'dozen' is in none of this claim's quotes; a figure in words is the source's own words, so quote the words that give it"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "old", "new", "expected"), BAD, ids=[case[0] for case in BAD])
def test_each_bad_combination_is_one_located_line(figures_project, case, old, new, expected):
    assert old in FIGURES
    assert _located(figures_project, FIGURES.replace(old, new, 1)) == [expected]


def test_words_match_their_quote_in_any_case(figures_project):
    assert _located(figures_project, FIGURES.replace("figure: dozens", "figure: Dozens")) == []


def test_the_json_export_keeps_each_form_and_the_schema_holds_editors_to_the_same_rules():
    schema = factsheet_json_schema()
    exported = json.loads(json.dumps(figures_sheet().model_dump(mode="json")))
    jsonschema.validate(exported, schema)
    assert [(c["figure"], c["qualifier"]) for c in exported["casualties"]] == [
        (20, "more_than"),
        (10, "fewer_than"),
        ("dozens", None),
        ({"low": 25, "high": 82, "or_more": True}, "exact"),
    ]
    assert FactSheet.model_validate(exported) == figures_sheet()
    words_with_qualifier = json.loads(json.dumps(exported))
    words_with_qualifier["casualties"][2]["qualifier"] = "at_least"
    number_without = json.loads(json.dumps(exported))
    del number_without["casualties"][0]["qualifier"]
    for wrong in (words_with_qualifier, number_without):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, schema)
