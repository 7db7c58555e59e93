"""The keys outputs are built from: briefgen's code and settings, a brief's sheet and seeds, the theme files.

Every output file has a key hashing exactly what it is made from; the plan
compares it with the key the manifest (:mod:`briefgen.site.manifest`) kept for
the file beside the previous site. A rebuild hashes bytes and compares: an
unchanged sheet is never parsed.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jinja2

from briefgen.keys import digest, file_digest
from briefgen.site.manifest import MANIFEST_FORMAT
from briefgen.site.templating import templates_used
from briefgen.themes import Theme

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SITE_INDEPENDENT = ("mail",)  # theme folders that shape no page or PDF
LOCALES_FOLDER = "locales"  # the catalogs: every page and PDF is worded through them
PRINT_FOLDER = "print"  # the print template's stylesheet and whatever it loads live here
# The modules whose code shapes a page, a PDF or the JSON export; the rest (CLI, mail, checks) do not.
# The figures' boundary data is here too: a new release of it changes every map.
OUTPUT_MODULES = (
    "keys.py",
    "themes.py",
    "i18n/__init__.py",
    "i18n/catalogs.py",
    "i18n/words.py",
    "site/build.py",
    "site/cache.py",
    "site/cards.py",
    "site/context.py",
    "site/editions.py",
    "site/layout.py",
    "site/manifest.py",
    "site/output.py",
    "site/outputs.py",
    "site/pages.py",
    "site/plan.py",
    "site/render.py",
    "site/templating.py",
    "site/workers.py",
    "site/write.py",
    "sheet/countries.py",
    "sheet/dates.py",
    "sheet/labels.py",
    "sheet/markdown.py",
    "sheet/models.py",
    "sheet/figure_forms.py",
    "pdf/fetcher.py",
    "pdf/render.py",
    "pdf/fontclock.py",
    "pdf/svg_text.py",
    "figures/__init__.py",
    "figures/boundaries.py",
    "figures/brief.py",
    "figures/claims.py",
    "figures/frame.py",
    "figures/furniture.py",
    "figures/geometry.py",
    "figures/locator.py",
    "figures/marks.py",
    "figures/relations.py",
    "figures/sides.py",
    "figures/svg.py",
    "figures/data/admin0.json",
    "editions/compare.py",
    "editions/history.py",
    "editions/wording.py",
    "sheet/peek.py",
)


def global_key(settings: dict, version: str) -> str:
    """Key what every output depends on: briefgen's code and version, and the settings (templates are keyed apart)."""
    return digest(
        f"format {MANIFEST_FORMAT}",
        version,
        *[_module_bytes(name) for name in OUTPUT_MODULES],
        json.dumps(settings, sort_keys=True),
    )


def _module_bytes(name: str) -> bytes:
    return (PACKAGE_DIR / name).read_bytes()


class ThemeHashes:
    """Key each output by the theme files it is made from, wherever each comes from; hash each file once.

    A page depends on its template and every template that one extends, includes
    or imports; a PDF also on every file under print/ (the print stylesheet and
    what it loads). So editing an override of one partial rebuilds the outputs
    that use it and nothing else, and a theme file a project overrides no longer
    counts. When a template picks another by a run-time name, every template counts.
    """

    def __init__(self, theme: Theme, env: jinja2.Environment):
        self.theme = theme
        self.env = env
        self._files: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def page_key(self, template: str) -> str:
        """Key the theme files a page rendered through ``template`` is made from."""
        if template not in self._keys:
            self._keys[template] = self._key(self._names(template))
        return self._keys[template]

    def pdf_key(self, template: str) -> str:
        """Key the theme files of a PDF: its template's and everything under print/."""
        marker = f"pdf {template}"
        if marker not in self._keys:
            self._keys[marker] = self._key(self._names(template) | set(self.theme.files(PRINT_FOLDER)))
        return self._keys[marker]

    def _names(self, template: str) -> set[str]:
        used = templates_used(self.env, template)
        if used is None:
            return {name for name in self.theme.files() if name.split("/")[0] not in SITE_INDEPENDENT}
        return used | set(self.theme.files(LOCALES_FOLDER))

    def _key(self, names: set[str]) -> str:
        parts: list[str] = []
        for name in sorted(names):
            parts += [name, self._file(name)]
        return digest(*parts)

    def _file(self, name: str) -> str:
        if name not in self._files:
            path = self.theme.find(name)
            self._files[name] = (file_digest(path) if path else None) or "missing"
        return self._files[name]


def brief_key(global_part: str, sheet_hash: str, seeds: dict[str, str]) -> str:
    """Key one brief's outputs: the site-wide key, its sheet's bytes and the seeds it cites."""
    return digest(global_part, sheet_hash, json.dumps(seeds, sort_keys=True))


class SeedHashes:
    """Hash each seed file at most once per build, however many sheets cite it."""

    def __init__(self, root: Path):
        self.root = root
        self._known: dict[str, str | None] = {}

    def __call__(self, relative: str) -> str | None:
        if relative not in self._known:
            self._known[relative] = file_digest(self.root / relative)
        return self._known[relative]

    def unchanged(self, recorded: dict[str, str]) -> bool:
        """Tell whether every recorded seed still has the bytes it had."""
        return all(self(path) == expected for path, expected in recorded.items())
