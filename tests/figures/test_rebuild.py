"""The incremental build redraws figures when, and only when, what draws them changes."""

from __future__ import annotations

from briefgen.site import cache
from tests.conftest import ROOT

PACKAGE = ROOT / "briefgen"


def test_every_module_and_data_file_that_draws_figures_keys_the_build():
    drawing = sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "figures").rglob("*") if p.is_file())
    drawing = [name for name in drawing if "__pycache__" not in name]
    assert set(drawing) <= set(cache.OUTPUT_MODULES), set(drawing) - set(cache.OUTPUT_MODULES)
    assert {"pdf/svg_text.py", "sheet/figure_forms.py", "figures/data/admin0.json"} <= set(cache.OUTPUT_MODULES)
