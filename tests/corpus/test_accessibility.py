"""axe-core on every kind of page of the corpus site, light and dark, at desk and phone widths: no violation.

axe-core comes from npm (package.json pins it; `make test` installs it under .venv/node)
and is read from disk and injected into each page, which headless Chromium opens from
file://: nothing is fetched. A violation is reported with its rule, the elements it found
and what axe says to do.
"""

from __future__ import annotations

import json

import pytest

from tests.cdp import Browser, find_chromium
from tests.conftest import ROOT

CHROMIUM = find_chromium()
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; `make test` installs it")

PAGES = {
    "index": "index.html",
    "brief": "briefs/derna-floods/index.html",
    "example brief": "briefs/mali-ukraine-rupture/index.html",
    "editions list": "briefs/derna-floods/editions/index.html",
    "archived edition": "briefs/derna-floods/editions/2023-09-12/index.html",
    "country listing": "countries/ly/index.html",
    "tag listing": "tags/floods/index.html",
}
SCREENS = {"desk": (1280, 900), "phone": (360, 740)}
RUN = "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target.join(' '))}))))"


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), f"axe-core is not installed at {AXE}: `make test` installs it (npm ci from package-lock.json)"
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Browser(CHROMIUM, tmp_path_factory.mktemp("axe-profile"))
    chromium.open_page()
    yield chromium
    chromium.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_axe_finds_no_violation_on_any_kind_of_page(browser, corpus_site, axe_source, screen, dark):
    browser.set_viewport(*SCREENS[screen], dark=dark)
    found = {}
    for kind, path in PAGES.items():
        page = corpus_site / path
        assert page.is_file(), path
        browser.navigate(page.resolve().as_uri())
        browser.evaluate(axe_source + "\n;0")
        violations = json.loads(browser.evaluate(RUN))
        if violations:
            found[kind] = violations
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
