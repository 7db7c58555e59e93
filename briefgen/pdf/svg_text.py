"""Lay out SVG <text> as whole strings in WeasyPrint, not one letter at a time.

WeasyPrint 70 gives every letter of an SVG <text> a Pango layout of its own, so
that it can honour per-letter x, y, dx, dy and rotate lists. That costs about
80 microseconds a letter, which made the figures' labels most of what they add
to a PDF, and it breaks scripts whose letters join: an Arabic actor's name came
out as isolated letters in reverse order. The figures place every label with one
x and one y, so for such a text this lays out the whole string once, shaped as a
whole, as WeasyPrint does for HTML text. A text that uses anything per letter
(lists of positions, rotate, letter-spacing, textLength, baseline alignment)
still goes to WeasyPrint's own code.

It replaces one function inside WeasyPrint's SVG package, so it is applied only
to the WeasyPrint major version it was written and tested against; on any other
it stays out and logs why (tests/pdf/test_svg_text.py then fails, asking for a
look at the new version).
"""

from __future__ import annotations

import importlib
import logging
from math import inf

log = logging.getLogger(__package__)

WRITTEN_FOR = "70"  # WeasyPrint major version whose SVG text code this mirrors
PER_LETTER = frozenset(
    {"dx", "dy", "rotate", "letter-spacing", "textLength", "display-anchor", "dominant-baseline", "alignment-baseline"}
)
_installed: list[bool] = []


def install(weasyprint) -> bool:
    """Route plainly placed SVG texts through whole-string layout; return whether it is in place."""
    if _installed:
        return _installed[0]
    svg = importlib.import_module("weasyprint.svg")
    module = importlib.import_module("weasyprint.svg.text")
    version = weasyprint.__version__.split(".")[0]
    expected = getattr(svg, "text", None) is getattr(module, "text", object()) and svg.TAGS.get("text") is module.text
    if version != WRITTEN_FOR or not expected:
        log.debug("SVG text stays letter by letter: written for WeasyPrint %s, found %s", WRITTEN_FOR, version)
        _installed.append(False)
        return False
    letter_by_letter = module.text

    def text(drawing, node, font_size):
        if not _placed_plainly(node):
            return letter_by_letter(drawing, node, font_size)
        return _whole_text(drawing, node, font_size, module)

    svg.text = text  # draw_node compares against this name to anchor and bound texts
    for tag in ("text", "textPath", "tspan"):
        if svg.TAGS.get(tag) is letter_by_letter:
            svg.TAGS[tag] = text
    _installed.append(True)
    return True


def _placed_plainly(node) -> bool:
    """Tell whether a text has words, one x and one y, and nothing positioned letter by letter."""
    from weasyprint.svg.utils import normalize

    if not node.text or PER_LETTER & set(node.attrib):
        return False
    values = [node.attrib.get("x"), node.attrib.get("y")]
    return all(value is not None and len(normalize(value).strip().split(" ")) == 1 for value in values)


def _style(node, font_size, font_config, module):
    """Build the text style as WeasyPrint's own SVG text code does."""
    from weasyprint.css.properties import INITIAL_VALUES

    style = module.Style()
    style.update(INITIAL_VALUES)
    style.font_config = font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    weight = {"normal": 400, "bold": 700}.get(weight, weight)
    try:
        style["font_weight"] = int(weight)
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    return style


def _whole_text(drawing, node, font_size, module) -> None:
    """Lay out and draw a text's words in one run, keeping WeasyPrint's cursor and bounding box up to date."""
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    style = _style(node, font_size, drawing.font_config, module)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, drawing.context, inf, 0)
    x = size(node.attrib["x"], font_size, drawing.inner_width)
    y = size(node.attrib["y"], font_size, drawing.inner_height)
    drawing.cursor_d_position[0] = drawing.cursor_d_position[1] = 0
    corners = ((x, y - baseline), (x + width, y - baseline + height))
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, corners)
    drawing.cursor_position = x + width, y
    drawing.stream.push_state()
    fill, stroke = drawing.set_graphical_state(node, font_size)
    drawing.stream.begin_text()
    layout.reactivate(style)
    drawing.fill_stroke(fill, stroke, text=True)
    box = module.TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(drawing.stream, box, "none", "none", Matrix(a=1, d=-1, e=x, f=y))
    drawing.stream.end_text()
    drawing.stream.pop_state()
    draw_emojis(drawing.stream, style, x, y, emojis)
