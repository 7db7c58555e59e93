"""Each form of figure reads as the source worded it on the page, in the PDF, the JSON export and the mail."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.mail.compose import render_bodies
from briefgen.sheet.loader import read_sheet
from briefgen.site.render import render_brief_pdf
from briefgen.themes import Theme
from tests.conftest import FIXTURES, ROOT
from tests.site.support import build_site, make_project, parse_page

REPO_THEME = Theme(((ROOT / "templates").resolve(),))  # the repository's theme folder, as a project's own

WORDED = ["more than 20", "fewer than 10", "dozens", "25\u201382 or more"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("figures"), example=False)
    shutil.copy(FIXTURES / "seeds" / "figures.txt", project.seeds_dir / "figures.txt")
    shutil.copy(FIXTURES / "valid" / "figures.yaml", project.briefs_dir / "figures.yaml")
    build_site(project)
    return project


@pytest.fixture(scope="module")
def sheet(project):
    loaded = read_sheet(project.briefs_dir / "figures.yaml", project)
    assert loaded.ok, loaded.problems
    return loaded.sheet


def test_the_page_says_each_figure_as_worded(project):
    page = (project.root / "site" / "briefs" / "figures" / "index.html").read_text(encoding="utf-8")
    cells = [html.unescape(cell) for cell in re.findall(r'<span class="figure">(.*?)</span>', page)]
    assert cells == WORDED
    text = parse_page(page).text
    assert "25\u201382 or more (exact)" not in text  # an open range is not marked exact
    assert "dozens (exact)" not in text and "more than 20 (exact)" not in text


def test_the_pdf_says_each_figure_as_worded(project, sheet):
    whole = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_brief_pdf(sheet, project))).pages)
    flat = " ".join(whole.split())
    for said in WORDED:
        assert said in flat, said
    assert "or more (exact)" not in flat


def test_the_json_export_keeps_each_form(project):
    exported = json.loads((project.root / "site" / "briefs" / "figures" / "figures.json").read_text(encoding="utf-8"))
    assert [(claim["figure"], claim["qualifier"]) for claim in exported["casualties"]] == [
        (20, "more_than"),
        (10, "fewer_than"),
        ("dozens", None),
        ({"low": 25, "high": 82, "or_more": True}, "exact"),
    ]


def test_the_mail_says_each_figure_as_worded(sheet):
    bodies = render_bodies(sheet, "", REPO_THEME)
    text = " ".join(bodies.text.split())
    assert "Rebel leaders, killed: more than 20 (claimed by Rebel leaders)" in text
    assert "The army, wounded: fewer than 10 (claimed by The army)" in text
    assert "Not specified, displaced: dozens (unattributed)" in text
    assert "Not specified, missing: 25\u201382 or more (claimed by Aid groups)" in text
    strong = re.findall(r"<strong>(.*?)</strong>", bodies.html)
    assert [html.unescape(figure) for figure in strong if not figure.endswith(".pdf")] == WORDED


def test_no_figure_is_summed_anywhere(project, sheet):
    page = parse_page(project.root / "site" / "briefs" / "figures" / "index.html").text
    mail = render_bodies(sheet, "", REPO_THEME).text
    for output in (page, mail):
        for total in ("30", "107", "117", "137"):  # sums of the stated numbers
            assert not re.search(rf"(?<![\d\u2013]){total}(?![\d\u2013])", output), total


def test_the_example_brief_reads_as_before(tmp_path: Path):
    project = make_project(tmp_path, example=True)
    loaded = read_sheet(project.briefs_dir / "mali-ukraine-rupture.yaml", project)
    assert [claim.worded for claim in loaded.sheet.casualties] == ["84", "47", "approximately 50"]
