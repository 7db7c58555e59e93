"""The PDF brief, read back with pypdf: content, outline, metadata, paging and the resource fetcher."""

from __future__ import annotations

import io
import logging
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.config import Project, Settings
from briefgen.pdf import fetcher
from briefgen.pdf import render as pdf
from briefgen.sheet.loader import read_sheet
from briefgen.sheet.models import CasualtyClaim, FactSheet
from briefgen.site.context import brief_context
from briefgen.site.render import render_brief_pdf
from tests.conftest import EXAMPLE, ROOT
from tests.site.support import EXAMPLE_ID, build_site, make_project, site_files

REPO = Project(ROOT, Settings(language="en"))


def example_sheet() -> FactSheet:
    loaded = read_sheet(EXAMPLE, REPO)
    assert loaded.ok, loaded.problems
    return loaded.sheet


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def stranded_headings(texts: list[str], headings: list[str]) -> list[tuple[int, str]]:
    """Return (page, heading) for every page whose body ends with a heading; the last two lines are header and footer."""
    stranded = []
    for number, text in enumerate(texts, start=1):
        body = [line.strip() for line in text.splitlines()[:-2] if line.strip() and line.strip() != "•"]
        if body and body[-1] in headings:
            stranded.append((number, body[-1]))
    return stranded


def attached_files(reader: PdfReader) -> dict[str, bytes]:
    """Return files embedded by <a rel="attachment"> (file annotations) and by the document's name tree."""
    files = {name: contents[0] for name, contents in reader.attachments.items()}
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/FileAttachment":
                spec = annot["/FS"].get_object()
                files[str(spec["/F"])] = spec["/EF"]["/F"].get_object().get_data()
    return files


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []
    for item in reader.outline:
        titles.extend(outline_titles_of(item))
    return titles


def outline_titles_of(item) -> list[str]:
    if isinstance(item, list):
        return [title for child in item for title in outline_titles_of(child)]
    return [item.title]


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return render_brief_pdf(example_sheet(), REPO)


def test_example_pdf_shows_every_section_and_the_figures(example_pdf: bytes) -> None:
    texts = page_texts(example_pdf)
    whole = "\n".join(texts)
    sections = [section["title"] for section in brief_context(example_sheet(), REPO)["sections"]]
    for title in [*sections, "Notes"]:
        assert title in whole, title
    assert stranded_headings(texts, [*sections, "Notes"]) == []
    assert "84" in whole and "47" in whole
    assert "Russian mercenaries" in whole and "Malian armed forces" in whole
    assert "short-sighted and hasty" in whole
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "As of 4 August 2024" in text
        assert "PUBLIC" in text and "Tinzaouatène ambush" in text


def test_first_page_has_the_title_block_and_key_points(example_pdf: bytes) -> None:
    first = page_texts(example_pdf)[0]
    for expected in ["PUBLIC", "Mali severs diplomatic relations", "4 August 2024", "West Africa (Sahel)"]:
        assert expected in first
    assert "Burkina Faso" in first and "Senegal" in first
    assert "Key points" in first and "severed diplomatic relations with Ukraine" in first


def test_outline_has_a_bookmark_for_every_section(example_pdf: bytes) -> None:
    titles = outline_titles(PdfReader(io.BytesIO(example_pdf)))
    sections = [section["title"] for section in brief_context(example_sheet(), REPO)["sections"]]
    assert titles == [*sections[:-1], "Notes", sections[-1]]


def test_metadata_comes_from_the_fact_sheet(example_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(example_pdf))
    info = reader.metadata
    assert info.title == "Mali severs diplomatic relations with Ukraine after the Tinzaouatène ambush"
    assert info.author == "briefgen desk"
    assert info.subject == "West Africa (Sahel)"
    assert info["/Keywords"] == "diplomacy, armed-conflict, sahel, mercenaries"
    assert info["/CreationDate"].startswith("D:20240804")
    assert info["/ModDate"].startswith("D:20240804")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdf_is_tagged_with_every_font_embedded(example_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(example_pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"]] = "/FontFile2" in descriptor or "/FontFile3" in descriptor
    assert fonts and all(fonts.values()), fonts


def test_citations_link_to_notes_and_sources_inside_the_document(example_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(example_pdf))
    internal = [
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link" and "/Dest" in annot.get_object()
    ]
    destinations = reader.named_destinations
    assert len(internal) > 40
    assert {"note-1", "source-article", "actor-russian-mercenaries"} <= set(destinations)


def test_letter_paper_and_untagged_by_setting(tmp_path: Path) -> None:
    project = Project(tmp_path, Settings(paper="Letter", tagged_pdf=False))
    reader = PdfReader(io.BytesIO(render_brief_pdf(example_sheet(), project)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "/StructTreeRoot" not in reader.trailer["/Root"]


def test_sixty_casualty_claims_break_across_pages_with_the_header_repeated(tmp_path: Path) -> None:
    sheet = example_sheet()
    first = sheet.casualties[0]
    claims = [
        CasualtyClaim.model_validate({**first.model_dump(), "figure": 1000 + number, "qualifier": "at_least"})
        for number in range(60)
    ]
    texts = page_texts(render_brief_pdf(sheet.model_copy(update={"casualties": claims}), REPO))
    table_pages = [number for number, text in enumerate(texts) if "CLAIMED BY" in text]
    assert len(table_pages) >= 2, "sixty claims should not fit on one page"
    second = texts[table_pages[1]]
    assert "FIGURE" in second and "CREDIBILITY" in second
    assert "at least 1,0" in second  # figures are grouped: 1,021
    assert stranded_headings(texts, ["Casualties", "Reactions", "Timeline", "Notes", "Sources"]) == []
    whole = "\n".join(texts)
    for number in range(60):
        in_chart = whole.count(f"Unattributed: at least {1000 + number:,} \u00b7")  # the claims chart labels it too
        assert in_chart == 1 and whole.count(f"at least {1000 + number:,}") == 2, "a row was split or lost"


def test_names_in_cyrillic_and_arabic_script_render_as_text(tmp_path: Path) -> None:
    sheet = example_sheet()
    actors = list(sheet.actors)
    actors[0] = actors[0].model_copy(update={"name": "Сергей Лавров"})
    actors[1] = actors[1].model_copy(update={"name": "عبد الله ديوب"})
    texts = page_texts(render_brief_pdf(sheet.model_copy(update={"actors": actors}), REPO))
    whole = "\n".join(texts)
    assert "Сергей Лавров" in whole
    assert "ديوب" in whole or "بويد" in whole  # extraction may give visual order


# --- only the project's own files ------------------------------------------


class RecordingHandler(BaseHTTPRequestHandler):
    """Answer every request with a tiny image and remember that it came."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png_bytes())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def loopback_server():
    RecordingHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", RecordingHandler.requests
    server.shutdown()
    server.server_close()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def crafted_html(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>Brief text</p>{body}</body></html>'


@pytest.fixture
def tmp_project(tmp_path: Path) -> Project:
    (tmp_path / "briefs" / "images").mkdir(parents=True)
    (tmp_path / "briefs" / "images" / "map.png").write_bytes(png_bytes())
    (tmp_path / "briefs" / "notes.yaml").write_text("secret: not an image\n", encoding="utf-8")
    (tmp_path / "briefs-private").mkdir()
    (tmp_path / "briefs-private" / "map.png").write_bytes(png_bytes())
    (tmp_path / "briefs" / "images" / "escape.png").symlink_to("/etc/hostname")
    return Project(tmp_path, Settings())


def test_remote_and_outside_resources_are_refused_with_a_warning(loopback_server, tmp_project, caplog) -> None:
    base, requests = loopback_server
    forbidden = [
        f"{base}/pixel.png",
        f"{base}/style.css",
        f"{base}/attached.bin",
        f"{base}/font.woff",
        "file:///etc/hostname",
        "file://127.0.0.1/etc/hostname",
        (tmp_project.root / "briefs-private" / "map.png").as_uri(),
        (tmp_project.briefs_dir / "notes.yaml").as_uri(),
        (tmp_project.briefs_dir / "images" / "escape.png").as_uri(),
        "data:image/png;base64,iVBORw0KGgo=",
    ]
    body = (
        f'<link rel="stylesheet" href="{forbidden[1]}">'
        f'<img src="{forbidden[0]}" alt="remote">'
        f'<a rel="attachment" href="{forbidden[2]}">remote attachment</a>'
        f"<style>@font-face {{ font-family: X; src: url({forbidden[3]}); }} p {{ font-family: X; }}</style>"
        f'<img src="{forbidden[4]}" alt="local"><a rel="attachment" href="{forbidden[4]}">hostname</a>'
        f'<img src="{forbidden[5]}" alt="remote host file">'
        f'<img src="{forbidden[6]}" alt="sibling folder"><a rel="attachment" href="{forbidden[7]}">sheet</a>'
        f'<img src="{forbidden[8]}" alt="symlink"><img src="{forbidden[9]}" alt="data">'
    )
    with caplog.at_level(logging.WARNING, logger="briefgen.pdf"):
        data = pdf.html_to_pdf(crafted_html(body), tmp_project, "crafted-brief", "2024-08-04")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert attached_files(reader) == {}
    assert not reader.pages[0].images
    warnings = [r.getMessage() for r in caplog.records if r.name == "briefgen.pdf" and r.levelno == logging.WARNING]
    for url in forbidden:
        assert any(m.startswith("crafted-brief: ") and url in m for m in warnings), url
    assert not [r for r in caplog.records if r.name == "weasyprint" and fetcher.REFUSAL in r.getMessage()]
    assert requests == []


def test_the_print_stylesheet_is_parsed_with_the_same_restrictions(loopback_server, tmp_path, caplog) -> None:
    base, requests = loopback_server
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    css = tmp_path / "templates" / "print" / "brief.css"
    hostile = f'@import url("{base}/more.css");\nbody {{ background: url("file:///etc/hostname"); }}\n'
    css.write_text(hostile + css.read_text(encoding="utf-8"), encoding="utf-8")
    project = Project(tmp_path, Settings())
    with caplog.at_level(logging.WARNING, logger="briefgen.pdf"):
        data = render_brief_pdf(example_sheet(), project)
    assert "Page 1 of" in page_texts(data)[0]
    warnings = [r.getMessage() for r in caplog.records if r.name == "briefgen.pdf"]
    assert any(m.startswith(f"{pdf.STYLESHEET_CONTEXT}: ") and f"{base}/more.css" in m for m in warnings)
    assert any("file:///etc/hostname" in m for m in warnings)
    assert requests == []


def test_project_images_load_and_attach_reproducibly(tmp_project, caplog) -> None:
    body = '<img src="images/map.png" alt="map"><a rel="attachment" href="images/map.png">map</a>'
    with caplog.at_level(logging.WARNING, logger="briefgen.pdf"):
        first = pdf.html_to_pdf(crafted_html(body), tmp_project, "with-map", "2024-08-04")
    second = pdf.html_to_pdf(crafted_html(body), tmp_project, "with-map", "2024-08-04")
    reader = PdfReader(io.BytesIO(first))
    assert len(reader.pages[0].images) == 1
    assert attached_files(reader) == {"map.png": png_bytes()}
    annot = next(a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object()["/Subtype"] == "/FileAttachment")
    params = annot["/FS"]["/EF"]["/F"].get_object()["/Params"]
    assert params["/CreationDate"] == params["/ModDate"] == "D:20240804000000Z"
    assert not [r for r in caplog.records if r.name == "briefgen.pdf"]
    assert first == second


def test_a_fact_sheet_cannot_reach_the_network_or_local_files(loopback_server, caplog) -> None:
    base, requests = loopback_server
    sheet = example_sheet()
    points = list(sheet.key_points)
    points[0] = points[0].model_copy(update={"text": f"Remote ![pixel]({base}/pixel.png) and [a link]({base}/page)"})
    points[1] = points[1].model_copy(update={"text": "Local ![host](file:///etc/hostname) <img src='/etc/hostname'>"})
    sources = [sheet.sources[0].model_copy(update={"url": f"{base}/article"})]
    changed = sheet.model_copy(update={"key_points": points, "sources": sources})
    with caplog.at_level(logging.WARNING):
        data = render_brief_pdf(changed, REPO)
    assert data.startswith(b"%PDF")
    whole = "\n".join(page_texts(data))
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in whole
    reader = PdfReader(io.BytesIO(data))
    assert attached_files(reader) == {}
    live_links = [
        annot.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert f"{base}/article" in live_links and f"{base}/page" in live_links
    assert requests == []


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("templates/print/brief.css", True),
        ("briefs/map.png", False),  # the repository has no such image
        ("templates/../pyproject.toml", False),
        ("http://127.0.0.1/templates/print/brief.css", False),
        ("https://example.org/x.png", False),
        ("ftp://example.org/x.png", False),
        ("file://elsewhere/etc/hostname", False),
    ],
)
def test_local_path_checks(url: str, allowed: bool) -> None:
    if "://" not in url:
        url = (ROOT / url).as_uri()
    path = fetcher.local_path_of(url)
    assert (path is not None and fetcher.is_allowed(path, REPO)) is allowed


# --- through the build -----------------------------------------------------


def test_the_build_writes_each_brief_pdf_and_rerenders_only_an_edited_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", example=True, minimal=True)
    site = project.root / "site"
    first = build_site(project, pdf=True, jobs=2)
    assert sorted(first.pdfs) == [EXAMPLE_ID, "minimal"]
    example_pdf = site / "briefs" / EXAMPLE_ID / f"{EXAMPLE_ID}.pdf"
    reader = PdfReader(example_pdf)
    assert "Page 1 of" in reader.pages[0].extract_text() and "Casualties" in outline_titles(reader)
    old, old_stat = site_files(site), example_pdf.stat()
    sheet = project.briefs_dir / "minimal.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))
    second = build_site(project, pdf=True, jobs=2)
    assert second.pdfs == ["minimal"] and second.up_to_date == [EXAMPLE_ID]
    new = site_files(site)
    changed = sorted(path for path in new if new[path] != old.get(path) and path.startswith("briefs/"))
    # the brief's feed names it by its title, so it changes with it
    assert changed == [
        "briefs/minimal/feed.xml",
        "briefs/minimal/index.html",
        "briefs/minimal/minimal.json",
        "briefs/minimal/minimal.pdf",
    ]
    assert example_pdf.stat().st_mtime_ns == old_stat.st_mtime_ns
    assert PdfReader(site / "briefs" / "minimal" / "minimal.pdf").metadata.title == "Floods in the capital"


def test_two_builds_give_identical_pdf_bytes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", example=True, minimal=True)
    build_site(project, tmp_path / "one", pdf=True, jobs=1)
    build_site(project, tmp_path / "two", pdf=True, force=True)
    pdfs = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.pdf"))
    assert len(pdfs) == 2
    for path in pdfs:
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), path


def struct_figures(reader: PdfReader) -> list[str]:
    """Return the alternative text of every Figure in the PDF's structure tree, in order."""
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_the_three_figures_are_in_the_pdf_as_text_with_their_alternative_text(example_pdf: bytes) -> None:
    whole = "\n".join(page_texts(example_pdf))
    for label in ("Mauritania", "500 km", "Unattributed: 84 \u00b7 credibility 6", "allied with", "opposed to"):
        assert label in whole, f"{label!r}: figures' words are text in the PDF"
    figures = brief_context(example_sheet(), REPO)["figures"]
    alts = [figures[name]["alt"] for name in ("map", "relations", "claims")]
    assert struct_figures(PdfReader(io.BytesIO(example_pdf))) == alts
