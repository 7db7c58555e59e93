"""The Jinja environment and safe markdown: templates in, strings out.

Autoescape is on for every template; markdown is CommonMark with raw HTML
and images off and only absolute http(s) links, so nothing in a fact sheet
can inject markup, script or a request for a remote resource.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
import jinja2.meta
from markdown_it import MarkdownIt
from markupsafe import Markup

from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.site.countries import country_name
from briefgen.site.theme import Theme

SAFE_SCHEMES = ("http://", "https://")


# --- markdown -------------------------------------------------------------


def _is_safe_link(url: str) -> bool:
    """Allow only absolute http(s) links: no javascript:, data:, file: or relative paths."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _render_link_open(renderer, tokens, index, options, env) -> str:
    """Mark every link rel="noopener" so a linked page cannot reach back into ours."""
    tokens[index].attrSet("rel", "noopener")
    return renderer.renderToken(tokens, index, options, env)


@functools.cache
def _markdown() -> MarkdownIt:
    """Build the one markdown parser: CommonMark, raw HTML off, images off, safe links only."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(["image", "html_inline", "html_block"])
    parser.validateLink = _is_safe_link
    parser.add_render_rule("link_open", _render_link_open)
    return parser


@functools.lru_cache(maxsize=8192)
def markdown_block(text: str) -> Markup:
    """Render markdown with paragraphs; raw HTML stays visible text, never markup."""
    return Markup(_markdown().render(text).strip())


@functools.lru_cache(maxsize=8192)
def markdown_inline(text: str) -> Markup:
    """Render a short markdown statement without a wrapping paragraph, for lists and cells."""
    return Markup(_markdown().renderInline(" ".join(text.split())))


def markdown_plain(text: str) -> str:
    """Drop markdown markup and keep the words, for plain-text output such as a mail body."""
    words: list[str] = []
    for block in _markdown().parse(text):
        for token in block.children or []:
            if token.type in ("text", "code_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return " ".join("".join(words).split())


# --- Jinja ----------------------------------------------------------------


def is_html_datetime(value: object) -> bool:
    """Tell whether a date can go in a <time datetime>: a plain day, month or year, not approximate or a range."""
    return isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) is not None


def make_environment(folders: Iterable[Path]) -> jinja2.Environment:
    """Build a Jinja environment over theme folders in lookup order, autoescape on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown_block
    env.filters["markdown_inline"] = markdown_inline
    env.filters["country_name"] = country_name
    env.tests["html_datetime"] = is_html_datetime
    return env


@functools.cache
def _environment_for(theme: Theme) -> jinja2.Environment:
    return make_environment(theme.folders)


def forget_environments() -> None:
    """Drop cached environments, so a template added to a project's templates/ is seen (serve calls this)."""
    _environment_for.cache_clear()


def environment(project: Project) -> jinja2.Environment:
    """Return the cached Jinja environment of a project's theme (its templates/ over the built-in one)."""
    return _environment_for(Theme.of(project))


def templates_used(env: jinja2.Environment, name: str) -> set[str] | None:
    """Name every template ``name`` extends, includes or imports, itself included; None when one is chosen at run time."""
    used, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current in used:
            continue
        used.add(current)
        try:
            tree = env.parse(env.loader.get_source(env, current)[0])
        except jinja2.TemplateNotFound:
            continue  # rendering will say so; a missing file hashes as missing
        except jinja2.TemplateSyntaxError:
            return None  # rendering reports it with its line
        for referenced in jinja2.meta.find_referenced_templates(tree):
            if referenced is None:
                return None
            pending.append(referenced)
    return used


class TemplateFailed(BriefgenError):
    """Raised when a template cannot be read or rendered; names the template, and the line when known."""


def render_template(project: Project, name: str, context: dict) -> str:
    """Render one template of the project; a broken template is reported in one line, not a traceback."""
    try:
        return environment(project).get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or error.name or name
        raise TemplateFailed(f"template error: {error.message}", str(where), error.lineno or 1, 1) from None
    except jinja2.TemplateError as error:
        where = Theme.of(project).find(name) or name
        raise TemplateFailed(f"cannot render {name}: {error}", str(where)) from None
