"""A brief with a French version: its own part of the site under fr/, linked both ways, and a lag said in print."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from briefgen.site.build import BuildOptions, build
from briefgen.site.templating import forget_environments
from tests.site.support import EXAMPLE_ID, make_project, nu_check

BASE = "https://desk.example/briefs"


class _Links(HTMLParser):
    """Collect a page's links: every href and src, and the head's hreflang alternates."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.alternates: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(found[name])
        if tag == "link" and found.get("rel") == "alternate" and found.get("hreflang"):
            self.alternates[found["hreflang"]] = found["href"]


def _links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example in English as of 4 August, and its French version, a translation as of 1 August."""
    project = make_project(tmp_path_factory.mktemp("versions") / "project", templates=False)
    english = (project.briefs_dir / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    french = english.replace(f"id: {EXAMPLE_ID}\n", f"id: {EXAMPLE_ID}\nlanguage: fr\n", 1)
    (project.briefs_dir / f"{EXAMPLE_ID}.fr.yaml").write_text(french.replace("as_of: 2024-08-04", "as_of: 2024-08-01"))
    forget_environments()
    build(project, BuildOptions(out_dir=project.root / "site", pdf=True))
    return project.root / "site"


def test_the_french_version_and_its_language_pages_go_under_fr(site):
    brief = site / "fr" / "briefs" / EXAMPLE_ID
    for name in ("index.html", f"{EXAMPLE_ID}.json", f"{EXAMPLE_ID}.pdf", "feed.xml"):
        assert (brief / name).is_file(), name
    for name in ("index.html", "feed.xml", "countries/index.html", "countries/ml/index.html", "tags/index.html"):
        assert (site / "fr" / name).is_file(), name
    assert (site / "fr" / "assets" / "search-index.js").is_file()
    assert not (site / "fr" / "assets" / "site.css").exists()  # the stylesheet is shared from the root


def test_each_index_lists_its_own_language_only(site):
    english, french = (site / "index.html").read_text("utf-8"), (site / "fr" / "index.html").read_text("utf-8")
    assert '<html lang="en"' in english and '<html lang="fr"' in french
    assert f'href="briefs/{EXAMPLE_ID}/index.html"' in english and "fr/briefs" not in english
    assert f'href="briefs/{EXAMPLE_ID}/index.html"' in french  # from fr/, its own brief
    assert "Toutes les notes" in french and "All briefs" not in french
    search = (site / "fr" / "assets" / "search-index.json").read_text("utf-8")
    assert f'"href": "briefs/{EXAMPLE_ID}/index.html"' in search


def test_every_link_of_the_french_pages_lands_on_a_file(site):
    pages = sorted((site / "fr").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        for link in _links(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to {link}, which is not in the site"
            assert target.is_relative_to(site.resolve())


def test_the_versions_link_to_each_other_both_ways(site):
    english = _links(site / "briefs" / EXAMPLE_ID / "index.html").alternates
    french = _links(site / "fr" / "briefs" / EXAMPLE_ID / "index.html").alternates
    assert english == {"en": "index.html", "fr": f"../../fr/briefs/{EXAMPLE_ID}/index.html"}
    assert french == {"fr": "index.html", "en": f"../../../briefs/{EXAMPLE_ID}/index.html"}
    shown = (site / "briefs" / EXAMPLE_ID / "index.html").read_text("utf-8")
    assert re.search(r'<a href="[^"]+" hreflang="fr" lang="fr">Français</a>', shown)


def test_each_language_index_links_to_the_others(site):
    assert _links(site / "index.html").alternates == {"en": "index.html", "fr": "fr/index.html"}
    assert _links(site / "fr" / "index.html").alternates == {"fr": "index.html", "en": "../index.html"}
    assert '<a href="fr/index.html" hreflang="fr" lang="fr">Français</a>' in (site / "index.html").read_text("utf-8")


def test_the_lagging_translation_says_a_newer_edition_exists_on_its_page_and_in_its_pdf(site):
    page = (site / "fr" / "briefs" / EXAMPLE_ID / "index.html").read_text("utf-8")
    assert "Une édition plus récente de cette note, à jour au 4 août 2024, existe en anglais." in page
    assert f'<a href="../../../briefs/{EXAMPLE_ID}/index.html" hreflang="en">La lire</a>' in page
    assert "newer-version" not in (site / "briefs" / EXAMPLE_ID / "index.html").read_text("utf-8")
    reader = PdfReader(io.BytesIO((site / "fr" / "briefs" / EXAMPLE_ID / f"{EXAMPLE_ID}.pdf").read_bytes()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "existe en anglais" in text
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_the_french_pages_pass_the_nu_checker(site):
    done = nu_check(site / "fr")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_sitemaps_name_both_versions_of_each_brief(tmp_path):
    project = make_project(tmp_path / "project", templates=False)
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8").replace('base_url = ""', f'base_url = "{BASE}"'), "utf-8")
    english = (project.briefs_dir / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    french = english.replace(f"id: {EXAMPLE_ID}\n", f"id: {EXAMPLE_ID}\nlanguage: fr\n", 1)
    (project.briefs_dir / f"{EXAMPLE_ID}.fr.yaml").write_text(french, "utf-8")
    forget_environments()
    from briefgen.config import Project, read_settings

    build(Project(project.root, read_settings(pyproject)), BuildOptions(out_dir=project.root / "site", pdf=False))
    both = (
        f'<xhtml:link rel="alternate" hreflang="en" href="{BASE}/briefs/{EXAMPLE_ID}/"/>'
        f'<xhtml:link rel="alternate" hreflang="fr" href="{BASE}/fr/briefs/{EXAMPLE_ID}/"/>'
    )
    root = (project.root / "site" / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{BASE}/briefs/{EXAMPLE_ID}/index.html</loc>" in root and both in root
    french_map = (project.root / "site" / "fr" / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{BASE}/fr/briefs/{EXAMPLE_ID}/index.html</loc>" in french_map
    assert f'hreflang="fr" href="{BASE}/fr/briefs/{EXAMPLE_ID}/"' in french_map
    assert f'hreflang="en" href="{BASE}/briefs/{EXAMPLE_ID}/"' in french_map


def test_removing_a_version_removes_its_language_part_of_the_site(tmp_path):
    project = make_project(tmp_path / "project", templates=False)
    english = (project.briefs_dir / f"{EXAMPLE_ID}.yaml").read_text(encoding="utf-8")
    french = project.briefs_dir / f"{EXAMPLE_ID}.fr.yaml"
    french.write_text(english.replace(f"id: {EXAMPLE_ID}\n", f"id: {EXAMPLE_ID}\nlanguage: fr\n", 1), "utf-8")
    forget_environments()
    build(project, BuildOptions(out_dir=project.root / "site", pdf=False))
    assert (project.root / "site" / "fr" / "briefs" / EXAMPLE_ID / "index.html").is_file()
    french.unlink()
    build(project, BuildOptions(out_dir=project.root / "site", pdf=False))
    assert not (project.root / "site" / "fr").exists()
    assert "hreflang" not in (project.root / "site" / "briefs" / EXAMPLE_ID / "index.html").read_text("utf-8")
