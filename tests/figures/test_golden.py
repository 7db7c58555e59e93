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


# Each figure's layouts: a desk screen's, a phone's, and paper's where it differs (the chart in panels).
LAYOUTS = {"svg": "", "narrow_svg": "-narrow", "print_svg": "-print"}
FIGURES = [
    (name, key) for name in ("map", "claims", "relations") for key in LAYOUTS if key != "print_svg" or name == "claims"
]


@pytest.mark.parametrize(("name", "layout"), FIGURES)
@pytest.mark.parametrize("brief", sorted(SHEETS))
def test_the_figure_matches_the_svg_a_person_looked_at(brief, name, layout):
    drawn = str(figures_of(SHEETS[brief]())[name][layout]) + "\n"
    golden = GOLDEN / f"{brief}-{name}{LAYOUTS[layout]}.svg"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(drawn, encoding="utf-8")
    assert drawn == golden.read_text(encoding="utf-8")
