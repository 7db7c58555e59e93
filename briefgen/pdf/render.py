"""Print HTML -> PDF bytes with WeasyPrint, warmed up once per worker process.

A build renders hundreds of briefs, so each worker process calls :func:`warm_up`
once: it imports WeasyPrint, parses the print stylesheet and sets up the font
configuration, and every :func:`html_to_pdf` after that reuses them. The print
HTML comes from the site's render step (:func:`briefgen.site.render.render_print_html`),
from the same context as the brief's page.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.config import Project
from briefgen.pdf import svg_text
from briefgen.pdf.fetcher import drop_refusal_echoes, load_weasyprint, project_fetcher
from briefgen.pdf.fitting import fit_figures
from briefgen.pdf.fontclock import font_clock
from briefgen.pdf.tags import tie_table_headers
from briefgen.themes import Theme

log = logging.getLogger(__package__)  # one logger for the PDF capability: "briefgen.pdf"

PRINT_STYLESHEET = "print/brief.css"
STYLESHEET_CONTEXT = "print stylesheet"


@dataclass(frozen=True)
class PrintKit:
    """What a worker prepares once and reuses for every brief: the parsed stylesheet and the fonts."""

    stylesheets: tuple
    font_config: Any
    options: dict


_kits: dict[tuple, PrintKit] = {}
# Drop the kits before interpreter teardown: a FontConfiguration finalised after its C
# library has been unloaded prints "Exception ignored in FontConfiguration.__del__".
atexit.register(_kits.clear)


def _kit_key(project: Project) -> tuple:
    return (str(project.root), project.settings.paper, project.settings.tagged_pdf)


def stylesheet_path(project: Project) -> Path:
    """Return the print stylesheet of a project: its own override, else the built-in theme's."""
    theme = Theme.of(project)
    return theme.find(PRINT_STYLESHEET) or theme.builtin / PRINT_STYLESHEET


def pdf_options(project: Project) -> dict:
    """Return the write_pdf options the settings ask for: tagged PDF/UA-1 unless turned off."""
    return {"pdf_variant": "pdf/ua-1"} if project.settings.tagged_pdf else {}


def paper_css(project: Project) -> str:
    """Return the page-size rule of the configured paper; it overrides the stylesheet's A4."""
    return f"@page {{ size: {project.settings.paper.lower()}; }}"


def warm_up(project: Project) -> None:
    """Import WeasyPrint, parse the print stylesheet and set up fonts once per process."""
    key = _kit_key(project)
    if key in _kits:
        return
    weasyprint = load_weasyprint()
    drop_refusal_echoes()
    svg_text.install(weasyprint)
    fonts = weasyprint.text.fonts.FontConfiguration()
    fetcher = project_fetcher(project, STYLESHEET_CONTEXT)
    css_file = stylesheet_path(project)
    stylesheets = (
        weasyprint.CSS(
            string=css_file.read_text(encoding="utf-8"),
            base_url=css_file.resolve().as_uri(),
            url_fetcher=fetcher,
            font_config=fonts,
        ),
        weasyprint.CSS(string=paper_css(project), url_fetcher=fetcher, font_config=fonts),
    )
    _kits[key] = PrintKit(stylesheets, fonts, pdf_options(project))
    log.debug("warmed up WeasyPrint for %s", project.root)


def print_kit(project: Project) -> PrintKit:
    """Return this process's warmed-up kit for a project, warming up first when needed."""
    warm_up(project)
    return _kits[_kit_key(project)]


def html_to_pdf(html: str, project: Project, brief_id: str, as_of: str) -> bytes:
    """Lay out print HTML and write it as PDF bytes; loads only project files."""
    return write_pages(lay_out(html, project, brief_id), project, as_of)


def lay_out(html: str, project: Project, brief_id: str) -> Any:
    """Lay out print HTML into pages with the warmed stylesheet and fonts (a WeasyPrint Document).

    A figure that would leave a page more than a third empty is scaled or moved and the brief laid
    out again (see :mod:`briefgen.pdf.fitting`).
    """
    weasyprint = load_weasyprint()
    kit = print_kit(project)
    fetcher = project_fetcher(project, brief_id)

    def render(print_html: str) -> Any:
        document = weasyprint.HTML(string=print_html, base_url=base_url(project), url_fetcher=fetcher)
        return document.render(font_config=kit.font_config, stylesheets=list(kit.stylesheets), **kit.options)

    return fit_figures(html, render)


def write_pages(document: Any, project: Project, as_of: str) -> bytes:
    """Write laid-out pages as PDF bytes, subsetting the fonts; every date in them is the brief's as-of day.

    The metadata, embedded files and the fonts fontTools writes are dated by as_of, never
    by the clock, so the bytes depend only on the inputs. Table headers are tied to their
    cells in the tagged PDF (see :mod:`briefgen.pdf.tags`).
    """

    def finish(laid_out: Any, pdf: Any) -> None:
        pin_attachment_dates(pdf, as_of)
        tie_table_headers(laid_out)

    with font_clock(dt.date.fromisoformat(as_of)):
        return document.write_pdf(finisher=finish, **print_kit(project).options)


def base_url(project: Project) -> str:
    """Return the base URL of print HTML: briefs/, so a sheet's relative image paths resolve there."""
    return project.briefs_dir.resolve().as_uri() + "/"


def pin_attachment_dates(pdf: Any, as_of: str) -> None:
    """Date embedded files by the brief's as-of day: WeasyPrint stamps them with the clock, which breaks reproducibility."""
    import pydyf

    stamp = pydyf.String(f"D:{as_of.replace('-', '')}000000Z")
    for item in pdf.objects:
        if isinstance(item, pydyf.Stream) and item.extra.get("Type") == "/EmbeddedFile":
            item.extra["Params"]["CreationDate"] = stamp
            item.extra["Params"]["ModDate"] = stamp
