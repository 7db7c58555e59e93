"""The built site in headless Debian chromium: no console errors, offline search, a phone-width page.

Screenshots go to BRIEFGEN_SCREENSHOTS (default: the test's temporary folder) for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path

import pytest

from tests.cdp import Browser, find_chromium
from tests.site.support import EXAMPLE_ID

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; `make test` installs it")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("BRIEFGEN_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser(tmp_path):
    chromium = Browser(CHROMIUM, tmp_path / "profile")
    chromium.open_page()
    chromium.set_viewport(1280, 900)
    yield chromium
    chromium.close()


def url(site: Path, path: str, query: str = "") -> str:
    return (site / path).resolve().as_uri() + query


def png_size(data: bytes) -> tuple[int, int]:
    """Read a PNG's width and height from its header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def background_only_word(site: Path) -> str:
    """Pick a word of the example's background that no title, key point or other brief contains."""
    example = json.loads((site / "briefs" / EXAMPLE_ID / f"{EXAMPLE_ID}.json").read_text(encoding="utf-8"))
    other = (site / "briefs" / "minimal" / "minimal.json").read_text(encoding="utf-8").lower()
    elsewhere = " ".join([example["title"], *(p["text"] for p in example["key_points"])]).lower()
    words = re.findall(r"[A-Za-z]{6,}", " ".join(p["text"] for p in example["background"]))
    unique = [w for w in words if w.lower() not in elsewhere and w.lower() not in other]
    assert unique, "the example's background has a word of its own"
    return max(unique, key=len).lower()


VISIBLE_CARDS = "[...document.querySelectorAll('.brief-card')].filter(c => !c.hidden).map(c => c.dataset.id)"


@pytest.mark.parametrize("path", ["index.html", f"briefs/{EXAMPLE_ID}/index.html", "countries/ml/index.html"])
def test_pages_load_without_console_errors(browser, site, shots, path):
    browser.navigate(url(site, path))
    assert browser.problems() == []
    assert browser.evaluate("document.querySelectorAll('h1').length") == 1
    assert browser.evaluate("document.styleSheets.length") >= 1, "the stylesheet loads from file://"
    browser.screenshot(shots / f"desktop-{path.replace('/', '_')}.png")


def test_search_finds_the_brief_by_a_word_in_its_background(browser, site):
    browser.navigate(url(site, "index.html"))
    assert browser.evaluate("document.getElementById('finder').hidden") is False, "the script shows the search box"
    assert sorted(browser.evaluate(VISIBLE_CARDS)) == [EXAMPLE_ID, "minimal"]
    word = background_only_word(site)
    browser.evaluate(f"const q = document.getElementById('q'); q.value = '{word}'; q.dispatchEvent(new Event('input'))")
    assert browser.evaluate(VISIBLE_CARDS) == [EXAMPLE_ID]
    assert browser.evaluate("document.getElementById('result-count').textContent") == "1 of 2 briefs match."
    browser.evaluate("q.value = 'Tinzaouatene'; q.dispatchEvent(new Event('input'))")
    assert browser.evaluate(VISIBLE_CARDS) == [EXAMPLE_ID], "accents need not be typed"
    browser.evaluate("q.value = 'zeppelin'; q.dispatchEvent(new Event('input'))")
    assert browser.evaluate(VISIBLE_CARDS) == []
    assert browser.evaluate("document.getElementById('no-results').hidden") is False
    assert browser.problems() == []


def test_the_search_box_on_other_pages_leads_to_filtered_results(browser, site):
    browser.navigate(url(site, f"briefs/{EXAMPLE_ID}/index.html"))
    action = browser.evaluate("document.querySelector('form.site-search').action")
    browser.navigate(action + "?q=flooding")
    assert browser.evaluate(VISIBLE_CARDS) == ["minimal"]
    assert browser.evaluate("document.getElementById('q').value") == "flooding"


def test_country_and_tag_filters(browser, site):
    browser.navigate(url(site, "index.html"))
    browser.evaluate(
        "const c = document.getElementById('country-filter'); c.value = 'UA'; c.dispatchEvent(new Event('change'))"
    )
    assert browser.evaluate(VISIBLE_CARDS) == [EXAMPLE_ID]
    browser.evaluate("c.value = ''; c.dispatchEvent(new Event('change'))")
    assert sorted(browser.evaluate(VISIBLE_CARDS)) == [EXAMPLE_ID, "minimal"]


@pytest.mark.parametrize("path", ["index.html", f"briefs/{EXAMPLE_ID}/index.html"])
def test_a_360_px_wide_screen_has_no_horizontal_scroll(browser, site, shots, path):
    browser.set_viewport(360, 740)
    browser.navigate(url(site, path))
    widths = browser.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 360, f"page is {widths[0]} px wide on a 360 px screen"
    data = browser.screenshot(shots / f"phone-{path.replace('/', '_')}.png")
    assert png_size(data)[0] == 360
    assert browser.problems() == []


def test_dark_mode_and_print_styles_apply(browser, site, shots):
    page = url(site, f"briefs/{EXAMPLE_ID}/index.html")
    browser.set_viewport(1280, 900, dark=True)
    browser.navigate(page)
    background = browser.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 23, 27)"
    browser.screenshot(shots / "dark-brief.png", full_page=False)
    browser.set_viewport(1280, 900, media="print")
    assert browser.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "none"


def test_a_citation_marker_leads_to_its_note_and_back(browser, site):
    browser.navigate(url(site, f"briefs/{EXAMPLE_ID}/index.html", "#note-4"))
    quote = browser.evaluate("document.querySelector('#note-4 blockquote').textContent")
    assert "84 Russian mercenaries and 47 Malian soldiers" in quote
    back = browser.evaluate("document.querySelector('#note-4 .backrefs a').getAttribute('href')")
    assert browser.evaluate(f"document.querySelector('{back}').getAttribute('href')") == "#note-4"


def test_keyboard_focus_is_visible(browser, site):
    browser.navigate(url(site, f"briefs/{EXAMPLE_ID}/index.html"))
    browser.send("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    browser.send("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    focused = browser.evaluate("document.activeElement.className")
    assert focused == "skip-link", "the first Tab reaches the skip link"
    style = browser.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.top]; })()"
    )
    assert style[0] == "solid" and style[1] == "3px"
    assert style[2] == "8px", "the skip link comes into view when focused"


FIGURES = ("figure-map", "figure-relations", "figure-claims")
FIGURE_BOXES = (
    "[...document.querySelectorAll('.brief-figure svg')].filter(s => s.getBoundingClientRect().width > 0)"
    ".map(s => { const r = s.getBoundingClientRect(); return [s.closest('figure').id, r.left, r.right, r.width, r.height]; })"
)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (360, 740)])
def test_the_figures_show_whole_at_desk_and_phone_widths(browser, site, shots, width, height):
    browser.set_viewport(width, height)
    browser.navigate(url(site, f"briefs/{EXAMPLE_ID}/index.html"))
    boxes = browser.evaluate(FIGURE_BOXES)
    assert [box[0] for box in boxes] == list(FIGURES)
    for name, left, right, box_width, box_height in boxes:
        assert left >= 0 and right <= width, f"{name} sticks out of a {width} px screen"
        assert box_width > 0.8 * min(width - 32, 416) and box_height > 100, f"{name} is drawn at a readable size"
    for name in FIGURES:
        browser.evaluate(f"document.getElementById('{name}').scrollIntoView()")
        browser.screenshot(shots / f"{name}-{width}.png", full_page=False)
    assert browser.problems() == []


def test_the_figures_follow_the_dark_theme(browser, site, shots):
    page = url(site, f"briefs/{EXAMPLE_ID}/index.html")
    fills = "['.fig-sea', '.fig-node', '.fig-label'].map(c => getComputedStyle(document.querySelector(c)).fill)"
    browser.navigate(page)
    light = browser.evaluate(fills)
    browser.set_viewport(1280, 900, dark=True)
    browser.navigate(page)
    dark = browser.evaluate(fills)
    assert all(a != b for a, b in zip(light, dark, strict=True)), (light, dark)
    assert dark[1] == "rgb(20, 23, 27)", "boxes take the page's dark background"
    browser.evaluate("document.getElementById('figure-relations').scrollIntoView()")
    browser.screenshot(shots / "figure-relations-dark.png", full_page=False)
