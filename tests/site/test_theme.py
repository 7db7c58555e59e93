"""Themes by lookup order: a project's templates/ overrides only its own files, and rebuilds follow what is used."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import themes as theme_module
from briefgen.pdf import fetcher
from briefgen.themes import Theme
from tests.conftest import ROOT
from tests.site.support import EXAMPLE_ID, build_site, make_project, site_files

KEY_POINTS = "partials/key_points.html"  # a section: the page and the PDF both include it
CONTENTS = "partials/toc.html"  # the page's table of contents: the PDF has bookmarks instead
MARKER = "Desk override of the key points"
BRIEF_PAGES = [f"briefs/{EXAMPLE_ID}/index.html", "briefs/minimal/index.html"]
SITE_WIDE = ["index.html", "feed.xml", "countries/index.html", "tags/index.html", "assets/site.css"]


@pytest.fixture
def builtin(tmp_path, monkeypatch) -> Path:
    """A private copy of the built-in theme, so a test can play a briefgen upgrade that changes it."""
    folder = tmp_path / "builtin-theme"
    shutil.copytree(ROOT / "templates", folder)
    monkeypatch.setattr(theme_module, "BUILTIN_THEME", folder)
    return folder


@pytest.fixture
def project(tmp_path, builtin):
    """A project with the example and minimal briefs and no templates/ of its own."""
    return make_project(tmp_path / "project", example=True, minimal=True, templates=False)


def override(project, name: str, text: str) -> Path:
    path = project.templates_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def with_marker(builtin: Path, name: str = KEY_POINTS) -> str:
    return (builtin / name).read_text(encoding="utf-8") + f'<p class="desk">{MARKER}</p>\n'


def pdf_text(site: Path, brief_id: str) -> str:
    reader = PdfReader(io.BytesIO((site / "briefs" / brief_id / f"{brief_id}.pdf").read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_overriding_one_partial_changes_every_brief_page_and_nothing_else(project, builtin):
    site = project.root / "site"
    build_site(project, pdf=True)
    before = site_files(site)
    override(project, CONTENTS, with_marker(builtin, CONTENTS))

    result = build_site(project, pdf=True)

    assert sorted(result.rendered) == [EXAMPLE_ID, "minimal"]
    assert result.pdfs == [], "the print template does not use the partial: no PDF is rendered again"
    assert sorted(result.files_written) == BRIEF_PAGES
    after = site_files(site)
    for page in BRIEF_PAGES:
        assert MARKER in after[page].decode("utf-8")
        assert "Key points" in after[page].decode("utf-8"), "the rest of the page still comes from the built-in theme"
    for path in [*SITE_WIDE, f"briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.pdf", "briefs/minimal/minimal.pdf"]:
        assert after[path] == before[path], path
    assert MARKER not in pdf_text(site, EXAMPLE_ID)
    assert "Key points" in pdf_text(site, EXAMPLE_ID)


def test_overriding_a_section_changes_it_on_every_brief_page_and_in_every_pdf(project, builtin):
    site = project.root / "site"
    build_site(project, pdf=True)
    before = site_files(site)
    override(project, KEY_POINTS, with_marker(builtin))

    result = build_site(project, pdf=True)

    assert sorted(result.pdfs) == [EXAMPLE_ID, "minimal"], "the print version includes the same section partial"
    pdfs = [f"briefs/{EXAMPLE_ID}/{EXAMPLE_ID}.pdf", "briefs/minimal/minimal.pdf"]
    assert sorted(result.files_written) == sorted([*BRIEF_PAGES, *pdfs])
    assert MARKER in pdf_text(site, EXAMPLE_ID) and MARKER in site_files(site)[BRIEF_PAGES[0]].decode("utf-8")
    assert all(site_files(site)[path] == before[path] for path in SITE_WIDE)


def test_editing_or_removing_the_override_rebuilds_the_brief_pages_only(project, builtin):
    site = project.root / "site"
    build_site(project)
    pristine = site_files(site)
    path = override(project, KEY_POINTS, with_marker(builtin))
    build_site(project)
    path.write_text(with_marker(builtin).replace(MARKER, "Edited again"), encoding="utf-8")
    edited = build_site(project)
    assert sorted(edited.files_written) == BRIEF_PAGES
    assert "Edited again" in (site / BRIEF_PAGES[0]).read_text(encoding="utf-8")
    path.unlink()
    restored = build_site(project)
    assert sorted(restored.files_written) == BRIEF_PAGES
    assert site_files(site) == pristine, "without the override the pages are the built-in theme's again"


def test_an_upgrade_rebuilds_what_uses_a_changed_builtin_file_unless_the_project_overrides_it(project, builtin):
    build_site(project)
    (builtin / "partials" / "sources.html").write_text(
        (builtin / "partials" / "sources.html").read_text(encoding="utf-8") + "<!-- upgraded -->\n", encoding="utf-8"
    )
    assert sorted(build_site(project).files_written) == BRIEF_PAGES
    override(project, KEY_POINTS, with_marker(builtin))
    build_site(project)
    (builtin / KEY_POINTS).write_text("<p>a new built-in key points partial</p>\n", encoding="utf-8")
    assert build_site(project).files_written == [], "the project overrides that file: the change is not used"


def test_a_project_stylesheet_replaces_the_builtin_asset_and_the_rest_fall_back(project, builtin):
    override(project, "assets/site.css", "body { color: teal; }\n")
    build_site(project)
    site = project.root / "site"
    assert (site / "assets" / "site.css").read_text(encoding="utf-8") == "body { color: teal; }\n"
    assert (site / "assets" / "search.js").read_bytes() == (builtin / "assets" / "search.js").read_bytes()


def test_a_template_the_project_adds_can_be_included_by_its_override(project, builtin):
    override(project, "partials/desk_note.html", "<p>From the desk</p>\n")
    override(
        project,
        KEY_POINTS,
        (builtin / KEY_POINTS).read_text(encoding="utf-8") + '{% include "partials/desk_note.html" %}\n',
    )
    build_site(project)
    assert "From the desk" in (project.root / "site" / BRIEF_PAGES[1]).read_text(encoding="utf-8")
    override(project, "partials/desk_note.html", "<p>From the night desk</p>\n")
    assert sorted(build_site(project).files_written) == BRIEF_PAGES


def test_the_lookup_order_names_each_file_and_its_origin(project, builtin):
    override(project, KEY_POINTS, "<p>mine</p>\n")
    theme = Theme.of(project)
    assert theme.folders == (project.templates_dir.resolve(), builtin.resolve())
    assert theme.find(KEY_POINTS) == (project.templates_dir / KEY_POINTS).resolve()
    assert theme.find("print/brief.css") == (builtin / "print" / "brief.css").resolve()
    assert theme.origin(KEY_POINTS) == "project" and theme.origin("base.html") == "built-in"
    assert theme.find("../pyproject.toml") is None and theme.find("no/such.html") is None
    assert set(theme.files()) == {p.relative_to(builtin).as_posix() for p in builtin.rglob("*") if p.is_file()}


def test_the_pdf_fetcher_looks_up_theme_files_in_the_same_order(project, builtin):
    own_css = override(project, "print/brief.css", "@page { size: A4; }\n")
    theme_dir = project.templates_dir.resolve()
    # A stylesheet in the project's templates/ that loads ../assets/search.js gets the built-in one.
    wanted = theme_dir / "assets" / "search.js"
    found = fetcher.theme_file(wanted, project)
    assert found == (builtin / "assets" / "search.js").resolve()
    assert fetcher.is_allowed(found, project)
    assert fetcher.theme_file(own_css, project) == own_css.resolve()
    outside = fetcher.theme_file(theme_dir / ".." / "pyproject.toml", project)
    assert not fetcher.is_allowed(outside, project)


def test_what_a_template_refers_to_is_read_again_once_it_changes(tmp_path):
    """References are kept between runs by template and source; an edited template is parsed again."""
    from briefgen.site.templating import make_environment, templates_used

    (tmp_path / "theme").mkdir()
    page = tmp_path / "theme" / "page.html"
    for name in ("a.html", "b.html"):
        (tmp_path / "theme" / name).write_text("part\n", encoding="utf-8")
    page.write_text('{% include "a.html" %}\n', encoding="utf-8")
    compiled = tmp_path / "compiled"
    assert templates_used(make_environment([tmp_path / "theme"], compiled), "page.html") == {"page.html", "a.html"}
    assert (compiled / "references.json").is_file()
    page.write_text('{% include "b.html" %}\n', encoding="utf-8")
    assert templates_used(make_environment([tmp_path / "theme"], compiled), "page.html") == {"page.html", "b.html"}
    page.write_text("{% include name %}\n", encoding="utf-8")
    assert templates_used(make_environment([tmp_path / "theme"], compiled), "page.html") is None
