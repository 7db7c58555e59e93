"""The figures of the example and the fixture, byte for byte, against SVGs a person has looked at.

Update with BRIEFGEN_UPDATE_GOLDEN=1, then render the changed files (e.g. open them in a
browser) and look at them before committing.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT
from tests.figures.support import example_sheet, figures_of, fixture_sheet

GOLDEN = ROOT / "tests" / "golden" / "figures"
UPDATE_GOLDEN = os.environ.get("BRIEFGEN_UPDATE_GOLDEN") == "1"
SHEETS = {"mali-ukraine-rupture": example_sheet, "border-clashes": fixture_sheet}


@pytest.mark.parametrize("name", ["map", "claims", "relations"])
@pytest.mark.parametrize("brief", sorted(SHEETS))
def test_the_figure_matches_the_svg_a_person_looked_at(brief, name):
    drawn = str(figures_of(SHEETS[brief]())[name]["svg"]) + "\n"
    golden = GOLDEN / f"{brief}-{name}.svg"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(drawn, encoding="utf-8")
    assert drawn == golden.read_text(encoding="utf-8")
