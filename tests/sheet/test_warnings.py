"""Curation warnings in `briefgen check`: located, exit 0 unless --strict."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.config import Project
from briefgen.errors import Severity
from briefgen.sheet.loader import read_sheet
from briefgen.sheet.warnings import figures_in
from tests.conftest import FIXTURES

runner = CliRunner()
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def _warnings(project: Project, text: str) -> list[str]:
    path = project.briefs_dir / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = read_sheet(path, project)
    assert loaded.ok, loaded.problems
    assert all(p.severity is Severity.WARNING for p in loaded.problems)
    return [f"{p.line}:{p.column}: {p.message}" for p in loaded.problems]


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_minimal_fixture_has_no_warnings(fixture_project):
    assert _warnings(fixture_project, MINIMAL) == []


def test_a_figure_no_claim_or_quote_holds_is_flagged(fixture_project):
    text = MINIMAL.replace("  - text: The response was called slow.", "  - text: The response took 36 hours.")
    line = _line_of(text, "took 36 hours")
    assert _warnings(fixture_project, text) == [
        f"{line}:11: the figure 36 is in neither a casualty claim nor a quote this statement cites"
    ]


def test_figures_in_background_are_checked_too(fixture_project):
    text = MINIMAL.replace("  - text: Flooding hit the capital.", "  - text: Flooding hit **three** districts.")
    line = _line_of(text, "three** districts")
    assert _warnings(fixture_project, text) == [
        f"{line}:11: the figure 3 is in neither a casualty claim nor a quote this statement cites"
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "At least 12 people died.",  # the casualty claim holds 12
        "Twelve people died.",  # a number word is the same figure
        "It began on 6 May 2024 and in 2023 it flooded too.",  # dates and years are not figures
    ],
)
def test_figures_backed_by_a_claim_or_dates_pass(fixture_project, statement):
    text = MINIMAL.replace("  - text: The response was called slow.", f"  - text: {statement}")
    assert _warnings(fixture_project, text) == []


def test_a_figure_in_the_cited_quote_passes(fixture_project):
    text = MINIMAL.replace("figure: 12", "figure: 13").replace(
        'quote: "“at least 12 people” were killed"', 'quote: "“at least 12 people”"'
    )
    text = text.replace("qualifier: at_least", "qualifier: exact")
    assert _warnings(fixture_project, text) == []


def test_an_uncited_source_is_flagged(fixture_project):
    text = MINIMAL + "  - id: s2\n    title: unknown\n    publisher: unknown\n    url: unknown\n"
    text += "    published: unknown\n    file: sample.txt\n"
    line = _line_of(text, "- id: s2")
    assert _warnings(fixture_project, text) == [f"{line}:9: source 's2' is never cited"]


def test_an_actor_that_plays_no_part_is_flagged(fixture_project):
    extra = "  - id: capital\n    name: The capital\n    kind: civilians\n    role: Was flooded.\n"
    extra += "    cite: [{source: s1, quote: flooding}]\n"
    text = MINIMAL.replace("casualties:\n", extra + "casualties:\n", 1)
    line = _line_of(text, "- id: capital")
    expected = f"{line}:9: actor 'capital' is named by no casualty claim, reaction, timeline event or other actor"
    assert _warnings(fixture_project, text) == [expected]
    in_event = text.replace("    date: 2024-05\n", "    date: 2024-05\n    actors: [capital]\n", 1)
    assert _warnings(fixture_project, in_event) == []
    as_opponent = text.replace("    kind: ministry\n", "    kind: ministry\n    opposed_to: [capital]\n", 1)
    assert _warnings(fixture_project, as_opponent) == []


def test_a_published_brief_older_than_its_source_is_flagged(fixture_project):
    text = MINIMAL.replace("as_of: 2024-05-06", "as_of: 2024-05-05")
    assert _warnings(fixture_project, text) == ["3:8: as_of 2024-05-05 is older than source 's1', published 2024-05-06"]
    assert _warnings(fixture_project, text.replace("status: published", "status: draft")) == []
    assert _warnings(fixture_project, text.replace("published: 2024-05-06", "published: 2024-05")) == []


def test_check_exits_0_on_warnings_and_1_with_strict(fixture_project, monkeypatch):
    monkeypatch.chdir(fixture_project.root)
    path = fixture_project.briefs_dir / "minimal.yaml"
    path.write_text(MINIMAL.replace("as_of: 2024-05-06", "as_of: 2024-05-05"), encoding="utf-8")
    expected = (
        "briefs/minimal.yaml:3:8: warning: as_of 2024-05-05 is older than source 's1', published 2024-05-06\n"
        "checked 1 fact sheet: 0 errors, 1 warning\n"
    )
    relaxed = runner.invoke(app, ["check", "briefs"])
    assert (relaxed.exit_code, relaxed.output) == (0, expected)
    strict = runner.invoke(app, ["check", "--strict", "briefs"])
    assert (strict.exit_code, strict.output) == (1, expected)
    path.write_text(MINIMAL, encoding="utf-8")
    assert runner.invoke(app, ["check", "--strict", "briefs"]).exit_code == 0


def test_figures_in_reads_digits_ranges_and_words():
    assert figures_in("Between 40 and 50 died; 1,200 fled; twelve were hurt on 4 August 2024.") == {40, 50, 1200, 12}


def test_a_count_of_claimants_is_not_a_toll():
    assert figures_in("Four claimants give four different tolls, from 25 to 84 Russian dead.") == {25, 84}
    assert figures_in("Two dams broke within three days.") == {2, 3}, "counts of things are still figures"


def test_a_statement_counting_its_claimants_is_not_warned_about(fixture_project):
    statement = "Four claimants give four different tolls; at least 12 people died."
    text = MINIMAL.replace("  - text: The response was called slow.", f"  - text: {statement}")
    assert _warnings(fixture_project, text) == []


def test_a_french_statement_is_read_for_figures_with_french_words():
    """'5 300' is one figure in French; read with English words it would be two, 5 and 300."""
    from briefgen.sheet.warnings import figures_in

    assert figures_in("plus de 5 300 morts et 2,5 millions de sinistrés", "fr") == {5300, 2500000}
    assert figures_in("more than 5,300 dead", "en-GB") == {5300}
    assert figures_in("5,300", "ar") == {5300}  # a language briefgen does not read is read with English words


def _figures_read_whole(text: str, language: str) -> set[int]:
    """What figures_in gives, read the long way: every text as an article, whether it holds a number or not."""
    from briefgen.article.dates import find_dates
    from briefgen.article.figures import find_figures
    from briefgen.article.phrases import Article

    article = Article(text, language)
    found = find_figures(article, [d.said for d in find_dates(article)])
    return {
        number
        for figure in found
        if figure.counts != "accounts" and not isinstance(figure.figure, str)
        for number in (figure.figure if isinstance(figure.figure, tuple) else (figure.figure,))
    }


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["No one was hurt.", "Dozens fled.", "Twelve died.", "A hundred were displaced.", "Clashes in 2024."]),
        ("fr", ["Une trentaine de morts.", "Des dizaines de blessés.", "Aucun mort.", "Douze disparus."]),
    ],
)
def test_figures_in_skips_no_text_that_reading_it_whole_finds_a_number_in(language, texts):
    """figures_in reads as an article only a text with a number in digits or words: it must miss none."""
    seeds = [*FIXTURES.rglob("*.txt"), *(FIXTURES.parent.parent / "seeds").glob("*.txt")]
    sentences = [sentence for path in seeds for sentence in path.read_text(encoding="utf-8").split(". ")]
    for text in texts + sentences:
        assert figures_in(text, language) == _figures_read_whole(text, language), text
