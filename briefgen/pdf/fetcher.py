"""The resource fetcher that lets WeasyPrint load only the project's own files.

A fact sheet is outside input: its markdown or a crafted template must not make
the PDF read /etc/passwd, a fact sheet, or anything on the network. WeasyPrint
asks this fetcher for every stylesheet, font and image; it answers only for the
theme (print stylesheet, assets) and for images under briefs/, and logs every
refusal once, naming the brief. A theme file is looked up as templates are: a
stylesheet in a project's templates/ that loads ``../assets/x.svg`` gets the
built-in one when the project does not override it.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from briefgen import paths
from briefgen.config import Project
from briefgen.themes import Theme, ThemeFileRefused

log = logging.getLogger(__package__)  # one logger for the PDF capability: "briefgen.pdf"

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
REFUSAL = "briefgen allows only project files"


def allowed_roots(project: Project) -> tuple[tuple[Path, frozenset[str] | None], ...]:
    """Return the folders WeasyPrint may read from, each with the file suffixes allowed there (None: any).

    The theme's folders hold the print stylesheet and the static assets;
    under briefs/ only images, never the fact sheets themselves.
    """
    themes = tuple((folder, None) for folder in Theme.of(project).folders)
    return (*themes, (project.briefs_dir.resolve(), IMAGE_SUFFIXES))


def theme_file(path: Path, project: Project) -> Path | None:
    """Return the file a path into the theme stands for by lookup order, any other path as it is; None if refused."""
    theme = Theme.of(project)
    name = theme.name_of(path)
    if not name:
        return path
    try:
        return theme.find(name) or path
    except ThemeFileRefused:
        return None  # the project's file of that name leads out of its theme


def local_path_of(url: str) -> Path | None:
    """Return the file a ``file://`` URL names, or None for any other scheme or a remote host."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(unquote(parts.path))).resolve()


def is_allowed(path: Path, project: Project) -> bool:
    """Say whether a resolved path is a project file WeasyPrint may load."""
    for root, suffixes in allowed_roots(project):
        if paths.is_inside(path, root) and (suffixes is None or path.suffix.lower() in suffixes):
            return path.is_file()
    return False


def load_weasyprint():
    """Import WeasyPrint late: importing it costs most of a second, and HTML-only builds never need it."""
    import weasyprint
    import weasyprint.text.fonts
    import weasyprint.urls

    return weasyprint


@functools.cache
def _fetcher_class() -> type:
    """Define the restricted fetcher on first use: subclassing needs WeasyPrint, which loads slowly."""
    urls = load_weasyprint().urls

    class ProjectFetcher(urls.URLFetcher):
        """Fetch only the project's templates, static assets and brief images; refuse and log the rest."""

        def __init__(self, project: Project, brief_id: str):
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.project = project
            self.brief_id = brief_id

        def fetch(self, url: str, headers: dict | None = None) -> Any:
            path = local_path_of(url)
            path = theme_file(path, self.project) if path is not None else None
            if path is None or not is_allowed(path, self.project):
                log.warning("%s: refused to load %s (only the project's own files may be used)", self.brief_id, url)
                raise PermissionError(f"{REFUSAL}, not {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return ProjectFetcher


def _not_a_refusal_echo(record: logging.LogRecord) -> bool:
    """Drop WeasyPrint's error about a resource we refused: our own warning already names brief and URL."""
    return REFUSAL not in record.getMessage()


def drop_refusal_echoes() -> None:
    """Filter WeasyPrint's own log so a refusal shows once, as our warning with brief and URL."""
    weasyprint_log = logging.getLogger("weasyprint")
    if _not_a_refusal_echo not in weasyprint_log.filters:
        weasyprint_log.addFilter(_not_a_refusal_echo)


def project_fetcher(project: Project, brief_id: str) -> Any:
    """Return a WeasyPrint URL fetcher that loads only this project's own files, naming the brief in warnings."""
    return _fetcher_class()(project, brief_id)
