"""Where a language's catalog is read from, and the order strings are looked up in.

The built-in catalogs are ``locales/<lang>.po`` in the theme (``templates/locales/``
in a checkout), compiled by ``make`` into ``briefgen/i18n/compiled/<lang>.mo``,
which the wheel ships. A project overrides single strings by putting a
``locales/<lang>.po`` with only those strings in its ``templates/``: its entries
win, every other string comes from the built-in catalog, and a string neither
has stays in English (the msgid is the English text). A desk adds a language the
same way, with a catalog for a language briefgen does not ship.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from briefgen.config import Project
from briefgen.themes import Theme

LOCALES = "locales"  # the theme folder of the catalogs
TEMPLATE = f"{LOCALES}/briefgen.pot"  # every msgid, as extraction last found them
COMPILED = Path(__file__).resolve().parent / "compiled"
SOURCE_LANGUAGE = "en"  # the language of every msgid


def catalog_names(language: str) -> list[str]:
    """Name the catalogs a language may come from, most specific first: 'fr-CA' is 'fr_CA', then 'fr'."""
    parts = language.replace("_", "-").split("-")
    names = ["_".join(parts[:count]) for count in range(len(parts), 0, -1)]
    return [name for name in names if name]


def translations_for(language: str, theme: Theme) -> gettext.NullTranslations:
    """Return the translations of one language: the project's strings, then the built-in ones, then English."""
    chain: list[gettext.NullTranslations] = []
    for name in catalog_names(language):
        chain += [_project_catalog(theme, name), _builtin_catalog(theme, name)]
    found = [translations for translations in chain if translations is not None]
    if not found:
        return gettext.NullTranslations()
    for outer, inner in zip(found, found[1:], strict=False):
        outer.add_fallback(inner)
    return found[0]


def missing_strings(language: str, project: Project) -> list[str]:
    """Name every briefgen string that no catalog of a project's language translates (it shows in English).

    In msgid order. Raises ThemeFileRefused when the project's templates/ leads out of it.
    """
    return list(_missing_strings(language, Theme.of(project)))


@functools.cache
def _missing_strings(language: str, theme: Theme) -> tuple[str, ...]:
    """Compare the template with a language's catalogs, once per language and theme: every sheet asks."""
    if catalog_names(language)[-1] == SOURCE_LANGUAGE:
        return ()
    template = theme.builtin / TEMPLATE
    if not template.is_file():
        return ()
    with template.open("rb") as stream:
        wanted = [message for message in read_po(stream) if message.id]
    translated: set[str] = set()
    for name in catalog_names(language):
        for found in (_project_catalog(theme, name), _builtin_catalog(theme, name)):
            translated |= {key if isinstance(key, str) else key[0] for key in getattr(found, "_catalog", {})}
    return tuple(message.id for message in wanted if _compiled_key(message) not in translated)


def _compiled_key(message: Message) -> str:
    """Key a message as a compiled catalog does: its (singular) msgid, after its context and EOT when it has one."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}\x04{msgid}" if message.context else msgid


def forget_catalogs() -> None:
    """Drop what was read of the catalogs, so an edited one is read again."""
    _missing_strings.cache_clear()


def _builtin_catalog(theme: Theme, name: str) -> Translations | None:
    """Read a built-in catalog: its compiled form when that is as new as the .po, else the .po itself."""
    source = theme.builtin / LOCALES / f"{name}.po"
    compiled = COMPILED / f"{name}.mo"
    if compiled.is_file() and (not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime):
        with compiled.open("rb") as stream:
            return Translations(stream, domain="briefgen")
    return read_catalog(source) if source.is_file() else None


def _project_catalog(theme: Theme, name: str) -> Translations | None:
    """Read the project's override of a language's strings, when its templates/ has one."""
    path = theme.find(f"{LOCALES}/{name}.po")
    if path is None or path.is_relative_to(theme.builtin):
        return None
    return read_catalog(path)


def read_catalog(path: Path) -> Translations:
    """Read a .po file into translations; entries left empty or marked fuzzy are not used."""
    with path.open("rb") as stream:
        catalog = read_po(stream)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="briefgen")
