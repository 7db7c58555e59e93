"""The built site as a whole: layout, example page, golden snapshot, validator, links, feed, JSON, safety."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import jsonschema
import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.site.layout import root_prefix
from briefgen.site.pages import plan_site_pages, search_index_script
from tests.conftest import ROOT
from tests.gitrepo import commit_all
from tests.site.support import EXAMPLE_ID, build_site, html_pages, make_project, nu_check, parse_page

GOLDEN = ROOT / "tests" / "golden" / f"{EXAMPLE_ID}.html"
UPDATE_GOLDEN = os.environ.get("BRIEFGEN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def example_page(site):
    return parse_page(site / "briefs" / EXAMPLE_ID / "index.html")


def exported(site: Path, brief_id: str) -> dict:
    """Read a brief's JSON export: the fact sheet as the build saw it."""
    return json.loads((site / "briefs" / brief_id / f"{brief_id}.json").read_text(encoding="utf-8"))


def test_the_layout_outside_scripts_rely_on(site):
    expected = [
        "index.html",
        f"briefs/{EXAMPLE_ID}/index.html",
        f"briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.json",
        "briefs/minimal/index.html",
        "briefs/minimal/minimal.json",
        "countries/index.html",
        "countries/ml/index.html",
        "countries/ua/index.html",
        "tags/index.html",
        "tags/sahel/index.html",
        "feed.xml",
        "assets/site.css",
        "assets/search.js",
        "assets/search-index.js",
        "assets/search-index.json",
    ]
    missing = [path for path in expected if not (site / path).is_file()]
    assert not missing
    assert not (site / "sitemap.xml").exists(), "no sitemap without a base URL"


def test_the_example_page_shows_every_section_in_order(site, example_page):
    headings = [attrs.get("id") for tag, attrs in example_page.elements if tag == "h2"]
    assert headings == [
        "key-points-title",
        "background-title",
        "actors-title",
        "casualties-title",
        "reactions-title",
        "timeline-title",
        "sources-title",
    ]
    assert [tag for tag, _ in example_page.elements].count("h1") == 1
    text = example_page.text
    sheet = exported(site, EXAMPLE_ID)
    for words in (sheet["handling"], sheet["region"], *sheet["authors"], "4 August 2024", "Burkina Faso", "Russia"):
        assert words in text


def test_the_figures_84_and_47_stand_with_their_parties(site):
    html = (site / "briefs" / EXAMPLE_ID / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r"<tbody>(.*?)</tbody>", html.split('id="casualties"')[1], flags=re.S)
    rows = [parse_page(group).text for group in groups]
    assert any("Russian mercenaries" in row and "killed" in row and "84" in row for row in rows)
    assert any("Malian armed forces" in row and "killed" in row and "47" in row for row in rows)
    assert not any("131" in row for row in rows), "claims are never summed"
    assert "never added up" in parse_page(html).text


def test_every_quote_has_a_source_note_that_links_back(site, example_page):
    exported = json.loads((site / "briefs" / EXAMPLE_ID / f"{EXAMPLE_ID}.json").read_text(encoding="utf-8"))
    html = (site / "briefs" / EXAMPLE_ID / "index.html").read_text(encoding="utf-8")
    notes = parse_page(html.split('id="notes-title"')[1]).text
    quotes = {" ".join(c["quote"].split()) for item in _cited(exported) for c in item["cite"]}
    for quote in quotes:
        assert quote in notes
    markers = [
        attrs for tag, attrs in example_page.elements if tag == "a" and (attrs.get("href") or "").startswith("#note-")
    ]
    assert len(markers) == sum(len(item["cite"]) for item in _cited(exported))
    for marker in markers:
        assert marker["href"][1:] in example_page.ids
        assert marker["id"] in example_page.ids
        backlink = [a for t, a in example_page.elements if t == "a" and a.get("href") == f"#{marker['id']}"]
        assert backlink, f"note {marker['href']} does not link back to {marker['id']}"


def _cited(exported: dict) -> list[dict]:
    keys = ("key_points", "background", "actors", "casualties", "reactions", "timeline")
    return [item for key in keys for item in exported[key]]


def test_the_example_page_matches_the_golden_file_a_person_read(site):
    """Update with BRIEFGEN_UPDATE_GOLDEN=1 and read the diff before committing it."""
    built = (site / "briefs" / EXAMPLE_ID / "index.html").read_text(encoding="utf-8")
    if UPDATE_GOLDEN:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(built, encoding="utf-8")
    assert built == GOLDEN.read_text(encoding="utf-8")


def test_every_page_passes_the_nu_html_checker(site):
    result = nu_check(site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_href_and_src_resolves_to_a_file_in_the_site(site):
    broken = []
    for page in html_pages(site):
        parsed = parse_page(page)
        for link in parsed.links():
            target = _resolve(site, page, link, parsed.ids)
            if target is not None and not target:
                broken.append(f"{page.relative_to(site)}: {link}")
    assert not broken, broken
    assert len(html_pages(site)) > 10


def _resolve(site: Path, page: Path, link: str, ids: set[str]) -> bool | None:
    """Tell whether an internal link resolves; None for an external http(s) link."""
    parts = urlsplit(link)
    if parts.scheme in ("http", "https"):
        return None
    if parts.scheme or parts.netloc:
        return False
    if not parts.path:
        return parts.fragment in ids
    target = (page.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(site.resolve()) or not target.is_file():
        return False
    if parts.fragment and target.suffix == ".html":
        return parts.fragment in parse_page(target).ids
    return True


def test_the_feed_is_atom_with_one_entry_per_brief(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    example, minimal = exported(site, EXAMPLE_ID), exported(site, "minimal")
    assert [entry.title for entry in feed.entries] == [example["title"], minimal["title"]]
    assert feed.entries[0].updated == f"{example['as_of']}T00:00:00Z"
    assert feed.entries[0].link.endswith(f"briefs/{EXAMPLE_ID}/index.html")


def test_the_json_export_validates_against_briefgen_schema(site):
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    for brief_id in (EXAMPLE_ID, "minimal"):
        exported = json.loads((site / "briefs" / brief_id / f"{brief_id}.json").read_text(encoding="utf-8"))
        jsonschema.validate(exported, schema)
        assert exported["id"] == brief_id


def test_the_index_lists_newest_first_with_first_key_point_and_filters(site):
    index = parse_page(site / "index.html")
    titles = [attrs["href"] for tag, attrs in index.elements if tag == "a" and "briefs/" in (attrs.get("href") or "")]
    assert titles[0] == f"briefs/{EXAMPLE_ID}/index.html"
    assert "severed diplomatic relations with Ukraine" in index.text
    options = [attrs.get("value") for tag, attrs in index.elements if tag == "option"]
    assert "ML" in options and "sahel" in options
    assert "search" in {attrs.get("type") for tag, attrs in index.elements if tag == "input"}


def test_listings_name_countries_and_link_relatively(site):
    mali = parse_page(site / "countries" / "ml" / "index.html")
    assert "Briefs on Mali" in mali.text
    assert f"../../briefs/{EXAMPLE_ID}/index.html" in mali.links()
    assert all(not link.startswith("/") for page in html_pages(site) for link in parse_page(page).links())


def test_without_a_base_url_the_build_leaves_the_sitemap_out_and_says_so_in_one_line(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", example=False, minimal=True)
    (project.root / ".gitignore").write_text("site/\n.briefgen/\n", encoding="utf-8")
    commit_all(project.root, "The minimal brief")
    monkeypatch.chdir(project.root)
    monkeypatch.delenv("BRIEFGEN_BASE_URL", raising=False)
    result = CliRunner().invoke(app, ["build", "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "base_url is not set: no sitemap.xml until it is (a sitemap lists absolute addresses), and the feed's ids are "
        "urn: names and its links relative; set base_url in pyproject.toml's [tool.briefgen] or BRIEFGEN_BASE_URL"
    ]
    assert not (project.root / "site" / "sitemap.xml").exists()
    assert feedparser.parse((project.root / "site" / "feed.xml").read_bytes()).feed.id == "urn:briefgen:feed"


def test_the_json_search_index_holds_every_brief(site):
    records = json.loads((site / "assets" / "search-index.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in records) == [EXAMPLE_ID, "minimal"]
    example = next(r for r in records if r["id"] == EXAMPLE_ID)
    assert example["href"] == f"briefs/{EXAMPLE_ID}/index.html"
    assert "Islamists" in example["text"]


def test_the_search_index_holds_background_words_and_cannot_close_a_script():
    entry = {
        "id": "x",
        "version": "x",
        "title": "T",
        "region": "R",
        "search_text": "Tinzaouatène </script><script>alert(1)",
    }
    script = search_index_script([entry])
    assert "</script>" not in script
    assert "Tinzaouat" in script


def test_planned_pages_and_their_way_to_the_root():
    entries = [
        {"id": "a", "as_of": "2024-01-02", "countries": ["ML"], "tags": ["x"]},
        {"id": "b", "as_of": "2024-03-04", "countries": ["ML", "UA"], "tags": []},
    ]
    pages = {page.path: page for page in plan_site_pages(entries)}
    assert [e["id"] for e in pages["index.html"].context["entries"]] == ["b", "a"]
    assert [e["id"] for e in pages["countries/ml/index.html"].context["entries"]] == ["b", "a"]
    assert "countries/ua/index.html" in pages and "tags/x/index.html" in pages
    assert root_prefix("briefs/a/index.html") == "../../" and root_prefix("index.html") == ""


HOSTILE_BACKGROUND = """\
  - text: >-
      Flooding hit the capital. <script>alert(1)</script> [click me](javascript:alert(1))
      <img src=x onerror=alert(1)> <a href="https://example.org" onmouseover="alert(1)">x</a>
    cite: [{source: s1, quote: were killed in the flooding}]
"""


def test_a_hostile_fact_sheet_renders_nothing_live(tmp_path):
    project = make_project(tmp_path / "project", example=False, minimal=True)
    sheet = project.briefs_dir / "minimal.yaml"
    text = sheet.read_text(encoding="utf-8")
    start = text.index("background:\n") + len("background:\n")
    end = text.index("timeline:")
    sheet.write_text(text[:start] + HOSTILE_BACKGROUND + text[end:], encoding="utf-8")
    build_site(project)
    for page in html_pages(project.root / "site"):
        parsed = parse_page(page)
        assert "img" not in [tag for tag, _ in parsed.elements], page
        for tag, attrs in parsed.elements:
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert not (attrs.get("href") or "").lower().startswith("javascript:"), (page, attrs)
            if tag == "script":
                assert attrs.get("src", "").endswith(("assets/search-index.js", "assets/search.js")), (page, attrs)
    brief = parse_page(project.root / "site" / "briefs" / "minimal" / "index.html")
    assert "<script>alert(1)</script>" in brief.text, "the text stays visible as text"


def test_a_base_url_makes_feed_sitemap_and_canonical_links_absolute(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_BASE_URL", "https://desk.example.org/briefs/")
    project = make_project(tmp_path / "project", example=False, minimal=True)
    build_site(project)
    site = project.root / "site"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.feed.id == "https://desk.example.org/briefs/feed.xml"
    assert feed.entries[0].link == "https://desk.example.org/briefs/briefs/minimal/index.html"
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert "https://desk.example.org/briefs/briefs/minimal/index.html" in locs
    assert all(loc.startswith("https://desk.example.org/briefs/") for loc in locs), "every address is absolute"
    page = parse_page(site / "briefs" / "minimal" / "index.html")
    canonical = [a["href"] for tag, a in page.elements if tag == "link" and a.get("rel") == "canonical"]
    assert canonical == ["https://desk.example.org/briefs/briefs/minimal/"]
    assert all(not link.startswith("https://desk") for link in page.links() if link not in canonical)


def _palettes() -> dict[str, dict[str, str]]:
    """Read the light and dark colour variables of the stylesheet."""
    css = (ROOT / "templates" / "assets" / "site.css").read_text(encoding="utf-8")
    light = css.split(":root {", 1)[1].split("}", 1)[0]
    dark = css.split("@media (prefers-color-scheme: dark)", 1)[1].split("}", 1)[0]
    base = _colour_variables(light)
    return {"light": base, "dark": {**base, **_colour_variables(dark)}}


def _colour_variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", block))


def _contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_pass_wcag_aa_contrast(scheme):
    colours = _palettes()[scheme]
    pairs = [
        ("text", "bg"),
        ("text", "surface"),
        ("muted", "bg"),
        ("muted", "surface"),
        ("link", "bg"),
        ("link", "surface"),
        ("link-visited", "bg"),
        ("handling-text", "handling-bg"),
        ("draft-text", "draft-bg"),
        ("bg", "accent"),
    ]
    for foreground, background in pairs:
        ratio = _contrast(colours[foreground], colours[background])
        assert ratio >= 4.5, f"{scheme}: {foreground} on {background} is {ratio:.2f}:1"


def test_the_example_page_has_its_three_figures_where_a_reader_looks_for_them(site):
    html = (site / "briefs" / EXAMPLE_ID / "index.html").read_text(encoding="utf-8")
    order = [html.index(marker) for marker in ('id="key-points"', 'id="figure-map"', 'id="background"')]
    assert order == sorted(order), "the map comes after the key points"
    actors, casualties = html.split('id="actors"')[1], html.split('id="casualties"')[1]
    assert actors.index('id="figure-relations"') < actors.index("<table")
    assert casualties.index('id="figure-claims"') < casualties.index("<table")
    page = parse_page(html)
    svgs = [attrs for tag, attrs in page.elements if tag == "svg"]
    labels = [attrs["aria-labelledby"] for attrs in svgs]
    assert labels == [
        f"fig-{name}{layout}-alt" for name in ("map", "relations", "claims") for layout in ("", "-narrow")
    ]
    assert all(attrs["role"] == "img" for attrs in svgs)
    for words in ("Locator map: West Africa (Sahel)", "Relations between the actors", "Casualty claims compared"):
        assert words in page.text
    key = parse_page(html.split('class="map-key"')[1].split("</ol>")[0])
    assert "#event-tinzaouatene-ambush" in key.links()
    timeline = parse_page(html.split('id="timeline"')[1])
    assert "#figure-map" in timeline.links(), "the timeline shows the event's number on the map"


def test_a_figure_with_nothing_to_show_leaves_no_empty_frame(site):
    html = (site / "briefs" / "minimal" / "index.html").read_text(encoding="utf-8")
    assert 'id="figure-relations"' not in html, "one actor and no relation: no diagram"
    assert 'id="figure-claims"' in html and 'id="figure-map"' in html
    figures = html.split('<figure class="brief-figure')[1:]
    assert len(figures) == 2 and all("<svg" in figure.split("</figure>")[0] for figure in figures)
