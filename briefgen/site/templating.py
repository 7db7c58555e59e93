"""The Jinja environment: templates in, strings out.

Autoescape is on for every template, and a fact sheet's markdown reaches
templates through :mod:`briefgen.sheet.markdown` (raw HTML, images and all
but http(s) links off), so nothing in a sheet can inject markup or script.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
import jinja2.meta
from markupsafe import Markup

from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.i18n.words import Words, forget_words, words_for
from briefgen.sheet.countries import country_name
from briefgen.sheet.markdown import markdown_block, markdown_inline
from briefgen.site.manifest import StateUnreadable, read_state
from briefgen.themes import Theme

log = logging.getLogger(__name__)

COMPILED_TEMPLATES = ".briefgen/compiled-templates"  # under the project root, beside serve's and mail's state


# --- Jinja ----------------------------------------------------------------


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def css_content(text: str, **values: str) -> Markup:
    """Write a translated line as a CSS ``content`` value, each ``%(name)s`` replaced by its CSS (a counter, a string).

    'Page %(page)s of %(pages)s' with page='counter(page)' gives '"Page " counter(page) " of " counter(pages)';
    the words are quoted and escaped for CSS, so a translation cannot end the rule.
    """
    parts = []
    for index, piece in enumerate(_PLACEHOLDER.split(str(text))):
        if index % 2:
            parts.append(values[piece])
        elif piece:
            parts.append(
                '"'
                + "".join(c if c.isalnum() or c in " .,:;-–()" or ord(c) > 127 else f"\\{ord(c):x} " for c in piece)
                + '"'
            )
    return Markup(" ".join(parts) or '""')


def is_html_datetime(value: object) -> bool:
    """Tell whether a date can go in a <time datetime>: a plain day, month or year, not approximate or a range."""
    return isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) is not None


class _DictFirstEnvironment(jinja2.Environment):
    """Jinja, reading ``a.b`` on a dict as the item first: our contexts are dicts, so this is nearly every lookup.

    Plain Jinja tries the attribute first and pays for an AttributeError on each;
    that was a third of the time a brief page took. The answer differs only for a
    key named like a dict method (``items``, ``get``), which no context has.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Keep compiled templates between runs, so a short build does not compile every template again.

    Jinja checks each entry against the template's source and Python's version.
    A folder that cannot be written to only means templates are compiled each time.
    """

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


class ThemeLoader(jinja2.BaseLoader):
    """Load templates by the theme's lookup order, and only files inside its folders (see Theme.find).

    Jinja's FileSystemLoader follows any link, so a partial linked to a file
    elsewhere would be rendered into every page.
    """

    def __init__(self, theme: Theme):
        self.theme = theme

    def get_source(self, environment, template):
        path = self.theme.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        mtime = path.stat().st_mtime
        source = path.read_text(encoding="utf-8")
        return source, str(path), lambda: _modified_at(path) == mtime

    def list_templates(self) -> list[str]:
        return list(self.theme.files())


def _modified_at(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def make_environment(folders: Iterable[Path], compiled: Path | None = None, language: str = "en") -> jinja2.Environment:
    """Build a Jinja environment over theme folders in lookup order, autoescape on, undefined names an error.

    ``compiled`` names a folder to keep compiled templates in between runs. The
    environment speaks one language: its gettext, numbers and dates (see install_words).
    """
    theme = Theme(tuple(Path(folder).resolve() for folder in folders))
    env = _DictFirstEnvironment(
        bytecode_cache=_CompiledTemplates(str(compiled)) if compiled else None,
        loader=ThemeLoader(theme),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown_block
    env.filters["markdown_inline"] = markdown_inline
    env.filters["country_name"] = country_name
    env.filters["css_content"] = css_content
    env.tests["html_datetime"] = is_html_datetime
    install_words(env, words_for(language, theme))
    return env


def install_words(env: jinja2.Environment, words: Words) -> None:
    """Give templates one language: ``{% trans %}`` and ``_()`` (newstyle, trimmed), ``language``, ``direction``.

    Newstyle gettext formats ``%(name)s`` itself and escapes the values, so a
    translation cannot break markup; ``trimmed`` folds a block's line breaks, so
    re-indenting a template does not change its msgids.
    """
    env.install_gettext_translations(words.translations, newstyle=True)
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(language=words.language, direction=words.direction, words=words)


@functools.cache
def _environment_for(theme: Theme, compiled: str, language: str) -> jinja2.Environment:
    return make_environment(theme.folders, Path(compiled), language)


def forget_environments() -> None:
    """Drop cached environments and catalogs, so a template or catalog added to a project's templates/ is seen (serve calls this)."""
    _environment_for.cache_clear()
    forget_words()


def environment(project: Project, language: str | None = None) -> jinja2.Environment:
    """Return the cached Jinja environment of a project's theme (its templates/ over the built-in one) in a language.

    One environment per language, each with its own translations installed, so a
    render never swaps translations on an environment another render shares.
    """
    language = language or project.settings.language
    return _environment_for(Theme.of(project), str(project.root / COMPILED_TEMPLATES), language)


def templates_used(env: jinja2.Environment, name: str) -> set[str] | None:
    """Name every template ``name`` extends, includes or imports, itself included; None when one is chosen at run time."""
    used, pending = set(), [name]
    known = _KnownReferences.of(env)
    try:
        while pending:
            current = pending.pop()
            if current in used:
                continue
            used.add(current)
            try:
                source = env.loader.get_source(env, current)[0]
            except jinja2.TemplateNotFound:
                continue  # rendering will say so; a missing file hashes as missing
            referenced = known.references(env, current, source)
            if referenced is None:
                return None  # chosen at run time, or a syntax error that rendering reports with its line
            pending += referenced
        return used
    finally:
        known.save()


class _KnownReferences:
    """What each template source refers to, kept beside the compiled templates: every build asks, and parsing is slow.

    Keyed by the template's name and source, so an edited template is parsed again.
    """

    FILE = "references.json"

    def __init__(self, folder: str | None):
        self.path = os.path.join(folder, self.FILE) if folder else None
        self.known: dict[str, list[str] | None] = {}
        self.changed = False
        if self.path:
            self.known = self._read(Path(self.path))

    @staticmethod
    def _read(path: Path) -> dict[str, list[str] | None]:
        """Read what was kept; a file that cannot be read or holds something else is said once and parsed again."""
        try:
            loaded = read_state(path)
        except OSError:
            return {}
        except StateUnreadable as error:
            log.warning("%s; reading the templates again", error)
            return {}
        if not isinstance(loaded, dict) or not all(_is_reference_list(value) for value in loaded.values()):
            log.warning("%s; reading the templates again", StateUnreadable(path, "it is not a list of templates"))
            return {}
        return loaded

    @classmethod
    def of(cls, env: jinja2.Environment) -> _KnownReferences:
        if not hasattr(env, "briefgen_references"):
            cache = env.bytecode_cache
            env.briefgen_references = cls(cache.directory if isinstance(cache, _CompiledTemplates) else None)
        return env.briefgen_references

    def references(self, env: jinja2.Environment, name: str, source: str) -> list[str] | None:
        """Return the templates a source names, or None when one is chosen at run time or it does not parse."""
        key = hashlib.sha256(f"{name}\0{source}".encode()).hexdigest()
        if key not in self.known:
            try:
                found = list(jinja2.meta.find_referenced_templates(env.parse(source)))
            except jinja2.TemplateSyntaxError:
                return None  # not kept: it will be parsed, and reported, again
            self.known[key] = None if None in found else found
            self.changed = True
        return self.known[key]

    def save(self) -> None:
        if not (self.changed and self.path):
            return
        self.changed = False
        temporary = f"{self.path}.{os.getpid()}.part"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "w", encoding="utf-8") as stream:
                json.dump(self.known, stream, sort_keys=True)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a folder that cannot be written only means parsing again next time


def _is_reference_list(value: object) -> bool:
    return value is None or isinstance(value, list) and all(isinstance(name, str) for name in value)


class TemplateFailed(BriefgenError):
    """Raised when a template cannot be read or rendered; names the template, and the line when known."""


def render_template(project: Project, name: str, context: dict, language: str | None = None) -> str:
    """Render one template of the project in a language (the project's by default); a broken template is one line."""
    try:
        return environment(project, language).get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or error.name or name
        raise TemplateFailed(f"template error: {error.message}", str(where), error.lineno or 1, 1) from None
    except jinja2.TemplateError as error:
        where = Theme.of(project).find(name) or name
        raise TemplateFailed(f"cannot render {name}: {error}", str(where)) from None
