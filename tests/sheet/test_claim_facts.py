"""The checks on a claim's new keys, each reported at its line: unknown ids, too many key figures, dates out of order."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefgen.config import Project, read_settings
from briefgen.sheet.loader import read_sheet

FIXTURES = Path(__file__).parent.parent / "fixtures" / "derna-facts"


def problems_of(tmp_path: Path, edit) -> list[str]:
    """Check edition 3 of the Derna brief with one edit made to its text; return every problem as a line."""
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    (tmp_path / "briefs").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.briefgen]\nsite_title = "T"\n', encoding="utf-8")
    text = (FIXTURES / "derna-facts.3.yaml").read_text(encoding="utf-8")
    sheet = tmp_path / "briefs" / "derna-facts.yaml"
    sheet.write_text(edit(text), encoding="utf-8")
    loaded = read_sheet(sheet, Project(tmp_path, read_settings(tmp_path / "pyproject.toml")))
    return [f"{p.line}:{p.column}: {p.message}" for p in loaded.problems if p.severity == "error"]


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def test_edition_3_is_valid(tmp_path):
    assert problems_of(tmp_path, lambda text: text) == []


def test_an_unknown_intermediary_and_part_of_are_reported_at_their_ids(tmp_path):
    def edit(text: str) -> str:
        return text.replace("via: ocha", "via: unocha").replace("part_of: [eastern-administration]", "part_of: [east]")

    found = problems_of(tmp_path, edit)
    edited = edit((FIXTURES / "derna-facts.3.yaml").read_text(encoding="utf-8"))
    assert f"{line_of(edited, 'unocha')}:10: unknown actor id 'unocha'" in "\n".join(found)
    assert f"{line_of(edited, 'part_of: [east]')}:15: unknown actor id 'east'" in "\n".join(found)


def test_a_withdrawal_before_the_claim_was_made_is_refused(tmp_path):
    found = problems_of(tmp_path, lambda text: text.replace("      on: 2023-09-17", "      on: 2023-09-13"))
    assert len(found) == 1
    assert "withdrawn on 2023-09-13, before the claim was made (2023-09-14); check both dates" in found[0]


def test_a_withdrawal_cites_a_source_the_sheet_has_with_words_it_holds(tmp_path):
    found = problems_of(
        tmp_path,
        lambda text: text.replace(
            "        - source: day-eight\n          quote: no", "        - source: day-nine\n          quote: no"
        ),
    )
    assert any("unknown source id 'day-nine'" in line for line in found)


def test_more_than_six_key_figures_are_refused_at_the_claims(tmp_path):
    def edit(text: str) -> str:
        claim = text[
            text.index("  - party: unspecified") : text.index("  - party: unspecified", text.index("figure: 2300"))
        ]
        return text.replace("\nreactions:", "\n" + claim * 5 + "\nreactions:")

    found = problems_of(tmp_path, edit)
    casualties = line_of(edit((FIXTURES / "derna-facts.3.yaml").read_text(encoding="utf-8")), "casualties:")
    assert found == [f"{casualties + 1}:3: casualties: 8 claims are key figures; at most 6 may be"]
