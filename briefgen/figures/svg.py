"""Writing SVG by hand: escaped text, fixed-precision numbers, estimated text widths, wrapped lines.

Every figure is a string built from these, so two builds give the same bytes:
numbers are printed with one decimal, attributes in the order given, and no
id is random.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape, quoteattr

FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', sans-serif"
# Width of characters in em, roughly as Noto Sans and the common system sans fonts set them.
NARROW = set("ijl.,:;'!|()[]ft /-")
WIDE = set("mwMW@%")
CAPITALS_WIDTH = 0.66
DIGIT_WIDTH = 0.57
LOWER_WIDTH = 0.53
# What quoteattr() would change: without any of these a value is quoted as it is, many times faster.
_NEEDS_ESCAPING = re.compile('[&<>"\n\r\t]')


def num(value: float) -> str:
    """Print a coordinate with one decimal at most: '12', '12.5', never '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):  # one decimal always: a trailing zero is that decimal, and the point goes with it
        text = text[:-2]
    return "0" if text == "-0" else text


def attrs(**values: object) -> str:
    """Write attributes in the order given; underscores become hyphens, None is left out."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f" {_attribute_name(key)}={_quoted(shown)}")
    return "".join(parts)


@functools.cache
def _attribute_name(key: str) -> str:
    """Turn a keyword into an attribute name ('class_' to 'class', 'stroke_width' to 'stroke-width'), once per key."""
    return key.rstrip("_").replace("_", "-")


def _quoted(value: str) -> str:
    """Quote an attribute value exactly as quoteattr() does, skipping its replacements when none applies."""
    return f'"{value}"' if _NEEDS_ESCAPING.search(value) is None else quoteattr(value)


def element(tag: str, content: str | None = None, **values: object) -> str:
    """Write one element; content is markup already, so escape text with :func:`text_content` first."""
    if content is None:
        return f"<{tag}{attrs(**values)}/>"
    return f"<{tag}{attrs(**values)}>{content}</{tag}>"


def text_content(words: str) -> str:
    """Escape words for use as element content."""
    return escape(words)


def text(x: float, y: float, words: str, **values: object) -> str:
    """Write a <text> element with escaped words."""
    return element("text", text_content(words), x=float(x), y=float(y), **values)


def text_width(words: str, size: float, bold: bool = False) -> float:
    """Estimate how wide words set in a sans font are, erring wide so labels do not collide."""
    total = 0.0
    for char in words:
        total += _char_width(char)
    return total * size * (1.07 if bold else 1.0)


@functools.cache
def _char_width(char: str) -> float:
    """Return a character's width in em, decided once per character: labels are measured many times."""
    if char in NARROW:
        return 0.3
    if char in WIDE:
        return 0.86
    if char.isdigit():
        return DIGIT_WIDTH
    if char.isupper():
        return CAPITALS_WIDTH
    return LOWER_WIDTH


def wrap(words: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break words into lines no wider than width; a single long word gets a line of its own."""
    lines: list[str] = []
    current = ""
    for word in words.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    """Write closed rings as compact path data: absolute start, relative steps."""
    parts = []
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:]
        steps = []
        last_x, last_y = round(x0, 1), round(y0, 1)
        for x, y in rest:
            x, y = round(x, 1), round(y, 1)
            if (x, y) != (last_x, last_y):
                steps.append(f"{num(x - last_x)} {num(y - last_y)}")
                last_x, last_y = x, y
        parts.append(f"M{num(x0)} {num(y0)}l" + " ".join(steps) + "z")
    return "".join(parts)


def document(name: str, width: float, height: float, alt: str, body: list[str]) -> str:
    """Wrap a figure's elements in a root <svg> whose <title> is its text alternative.

    ``name`` gives the figure's class and ids (``fig-<name>``); screen readers and
    the tagged PDF take the title as the figure's alternative text.
    """
    title_id = f"fig-{name}-alt"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg"{attrs(class_=f"fig fig-{name}")}'
        f"{attrs(viewBox=f'0 0 {num(width)} {num(height)}', width=float(width), height=float(height))}"
        f"{attrs(role='img', aria_labelledby=title_id, font_family=FONT_FAMILY)}>"
    )
    title = element("title", text_content(alt), id=title_id)
    return "\n".join([head, title, *body, "</svg>"])
