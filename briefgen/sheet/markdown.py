"""The markdown of a fact sheet's prose, rendered safely: as HTML for pages, plain for mail.

CommonMark with raw HTML and images off and only absolute http(s) links, so
nothing in a fact sheet can inject markup, script or a request for a remote
resource. Pure: text in, Markup or plain text out.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http://", "https://")


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
    from markdown_it import MarkdownIt  # on first use: a build with nothing to render never needs it

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
