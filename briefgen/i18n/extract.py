"""Find every string briefgen marks for translation, and keep the catalogs in step with them.

``python -m briefgen.i18n.extract`` (what ``make catalogs`` runs) writes the
template (``catalogs.TEMPLATE``), merges it into each language's ``.po`` (a new
string arrives untranslated, a changed one marked fuzzy, a dropped one kept as
obsolete) and compiles every ``.po`` into ``briefgen/i18n/compiled/``. The
completeness test calls :func:`extract_messages` the same way.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from briefgen.i18n.catalogs import COMPILED, LOCALES
from briefgen.themes import BUILTIN_THEME

PACKAGE = Path(__file__).resolve().parents[1]
# The Jinja options are the site environment's, so a msgid is what a render looks up.
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trimmed": "true",
    "newstyle_gettext": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
}
TEMPLATE_METHODS = [("**.html", "jinja2"), ("**.j2", "jinja2"), ("**.xml", "jinja2")]
CODE_METHODS = [("theme/**", "ignore"), ("**.py", "python")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
}


def extract_messages() -> Catalog:
    """Return a catalog of every marked string in the built-in theme and the package's code, with where it is."""
    catalog = Catalog(project="briefgen", domain="briefgen", fuzzy=False)
    theme = BUILTIN_THEME.resolve()
    found = [
        *(("templates", entry) for entry in extract_from_dir(theme, TEMPLATE_METHODS, {"**": JINJA_OPTIONS})),
        *(("briefgen", entry) for entry in extract_from_dir(PACKAGE, CODE_METHODS, keywords=KEYWORDS)),
    ]
    for root, (filename, line, message, comments, context) in found:
        msgid = message if isinstance(message, str) else tuple(message)
        catalog.add(msgid, locations=[(f"{root}/{filename}", line)], auto_comments=comments, context=context)
    return catalog


def refresh_catalogs() -> list[Path]:
    """Write the template, merge it into every language's catalog and compile them; return the files that changed."""
    template = extract_messages()
    folder = BUILTIN_THEME.resolve() / LOCALES
    changed = [folder / "briefgen.pot"] if _write_po(folder / "briefgen.pot", template, omit_header=True) else []
    catalogs = sorted(folder.glob("*.po"))
    COMPILED.mkdir(exist_ok=True)
    for path in catalogs:
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=path.stem)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        if _write_po(path, catalog):
            changed.append(path)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        (COMPILED / f"{path.stem}.mo").write_bytes(compiled.getvalue())
    return changed


def new_catalog(language: str) -> Path:
    """Start the catalog of a language briefgen does not ship yet; ``refresh_catalogs`` then fills its msgids."""
    path = BUILTIN_THEME.resolve() / LOCALES / f"{language}.po"
    if not path.exists():
        _write_po(path, Catalog(locale=language, project="briefgen", domain="briefgen", fuzzy=False))
    return path


def _write_po(path: Path, catalog: Catalog, omit_header: bool = False) -> bool:
    """Write a catalog sorted, so refreshing an unchanged catalog changes no byte (the template has no dated header)."""
    text = io.BytesIO()
    write_po(
        text,
        catalog,
        width=120,
        sort_output=True,
        omit_header=omit_header,
        include_previous=False,
        include_lineno=False,
    )
    content = text.getvalue()
    if path.is_file() and path.read_bytes() == content:
        return False
    path.write_bytes(content)
    return True


if __name__ == "__main__":
    for language in sys.argv[1:]:
        new_catalog(language)
    for written in refresh_catalogs():
        print(f"refreshed {written.name}", file=sys.stderr)
