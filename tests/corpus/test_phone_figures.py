"""The figures of every brief page of the corpus on a 360 px phone: every label at least 11 CSS px, no sideways scroll.

A phone gets each figure's narrow layout (drawn 320 units wide, labels at their own size),
not the wide one scaled down to a third less; the check measures the text as Chromium
lays it out: its font size times the scale its SVG is drawn at.
"""

from __future__ import annotations

import pytest

from tests.cdp import Browser, find_chromium

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; `make test` installs it")
SMALLEST_PX = 11.0
TEXT_SIZES = """[...document.querySelectorAll('.brief-figure svg.fig')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => [...svg.querySelectorAll('text')].map(t =>
    [svg.getAttribute('class'), t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a]))"""
WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    chromium = Browser(CHROMIUM, tmp_path_factory.mktemp("phone-profile"))
    chromium.open_page()
    chromium.set_viewport(360, 740)
    yield chromium
    chromium.close()


def test_every_figure_label_is_at_least_11_px_on_a_360_px_phone(phone, corpus_site):
    small, scrolling, figures = [], [], 0
    for page in sorted(corpus_site.glob("briefs/*/index.html")):
        phone.navigate(page.resolve().as_uri())
        name = page.parent.name
        sizes = phone.evaluate(TEXT_SIZES)
        figures += len({svg for svg, _, _ in sizes})
        small += [
            f"{name} {svg}: {words!r} at {size:.1f} px" for svg, words, size in sizes if size < SMALLEST_PX - 0.05
        ]
        wide, screen = phone.evaluate(WIDTHS)
        if wide > screen:
            scrolling.append(f"{name}: {wide} px wide on a {screen} px screen")
    assert figures >= 20, "the corpus's maps, charts and diagrams are shown"
    assert scrolling == [], scrolling
    assert small == [], f"{len(small)} labels under {SMALLEST_PX} px, e.g.\n" + "\n".join(small[:15])
