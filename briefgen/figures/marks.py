"""A casualty claim as a mark on an axis, and the legend that says what each mark means.

The mark is the claim's :class:`~briefgen.sheet.figure_forms.FigureBounds`, so the
chart plots exactly the numbers the sheet allows and nothing rounded. What kind
of figure it is shows in shape, never in colour alone: a dot for a number, a
hollow diamond for "approximately", a bar for a range (hollow when approximate),
a hollow ring where the number itself is excluded ("more than", "fewer than"),
and a dashed arrow off an open end ("at least", "up to", "or more").
"""

from __future__ import annotations

from collections.abc import Callable

from briefgen.figures.svg import element, num, text, text_width
from briefgen.i18n.words import N_, Words, english
from briefgen.sheet.figure_forms import FigureBounds
from briefgen.sheet.models import CasualtyClaim

Mark = FigureBounds
ARROW = 30.0  # how far an open end reaches past its figure
INK = {"mark": "#24415e", "text": "#1b1f24", "muted": "#4a5561", "grid": "#d5dbe1", "paper": "#ffffff"}
LEGEND_SIZE = 11.5


def claim_mark(claim: CasualtyClaim) -> Mark | None:
    """Map a claim to its mark: the numbers it allows and which ends are open; None for a figure in words."""
    return claim.bounds


def draw_mark(mark: Mark, y: float, x_of: Callable[[float], float], left: float, right: float) -> list[str]:
    """Draw a mark centred on height y; x_of places a number, left and right bound the arrows."""
    low, high = x_of(mark.low), x_of(mark.high)
    parts = []
    if mark.high_open:
        parts.append(_arrow(high, y, min(high + ARROW, right)))
    if mark.low_open:
        parts.append(_arrow(low, y, max(low - ARROW, left)))
    if high > low:
        style = ("fig-mark-hollow", INK["paper"]) if mark.approximate else ("fig-mark", INK["mark"])
        rect = {"x": low, "y": y - 4, "width": high - low, "height": 8.0}
        parts.append(element("rect", class_=style[0], **rect, fill=style[1], stroke=INK["mark"], stroke_width=1.5))
    elif mark.approximate:
        diamond = f"M{num(low)} {num(y - 6)}l6 6l-6 6l-6 -6z"
        parts.append(
            element(
                "path", class_="fig-mark-hollow", d=diamond, fill=INK["paper"], stroke=INK["mark"], stroke_width=1.8
            )
        )
    elif mark.exclusive:
        parts.append(
            element(
                "circle",
                class_="fig-mark-hollow",
                cx=low,
                cy=y,
                r=4.5,
                fill=INK["paper"],
                stroke=INK["mark"],
                stroke_width=1.8,
            )
        )
    else:
        parts.append(element("circle", class_="fig-mark", cx=low, cy=y, r=5.0, fill=INK["mark"]))
    return parts


def draw_withdrawn_mark(mark: Mark, y: float, x_of: Callable[[float], float]) -> list[str]:
    """Draw a withdrawn claim: a hollow, dashed outline struck through, in muted ink, never a filled mark.

    Shape, dash and strike each tell it from a standing claim, so it reads in grey and without colour.
    """
    low, high = x_of(mark.low), x_of(mark.high)
    x, width = (low - 2, high - low + 4) if high > low else (low - 6, 12.0)
    outline = {"fill": INK["paper"], "stroke": INK["muted"], "stroke_width": 1.5, "stroke_dasharray": "2.5 2"}
    box = element("rect", class_="fig-mark-withdrawn", x=x, y=y - 6, width=width, height=12.0, **outline)
    strike = f"M{num(x - 3)} {num(y + 8)}L{num(x + width + 3)} {num(y - 8)}"
    return [box, element("path", class_="fig-mark-withdrawn-strike", d=strike, stroke=INK["muted"], stroke_width=1.5)]


def _arrow(start: float, y: float, end: float) -> str:
    """Draw a dashed line from a figure towards where the claim leaves it open, with a head at the far end."""
    direction = 1 if end > start else -1
    head = f"M{num(end)} {num(y)}l{num(-7 * direction)} -4v8z"
    line = f"M{num(start)} {num(y)}H{num(end - 6 * direction)}"
    dashed = {"stroke": INK["mark"], "stroke_width": 1.5, "stroke_dasharray": "3 2"}
    return element("path", class_="fig-open-line", d=line, **dashed) + element(
        "path", class_="fig-open-head", d=head, fill=INK["mark"]
    )


# (what a reader sees, a sample mark drawn in a 36-unit space, which marks it explains)
LEGEND: tuple[tuple[str, Mark, Callable[[Mark], bool]], ...] = (
    (N_("exact figure"), Mark(26, 26), lambda m: m.low == m.high and not (m.approximate or m.exclusive)),
    (N_("approximately"), Mark(26, 26, approximate=True), lambda m: m.low == m.high and m.approximate),
    (N_("range"), Mark(0, 28), lambda m: m.high > m.low and not m.approximate),
    (N_("approximate range"), Mark(0, 28, approximate=True), lambda m: m.high > m.low and m.approximate),
    (N_("the number itself excluded"), Mark(26, 26, exclusive=True), lambda m: m.exclusive),
    (N_("may be higher"), Mark(5, 5, high_open=True), lambda m: m.high_open),
    (N_("may be lower"), Mark(35, 35, low_open=True), lambda m: m.low_open),
)


WITHDRAWN_SAMPLE = Mark(20, 20)
WITHDRAWN_ENTRY = N_("withdrawn claim")


def legend(
    marks: list[Mark], top: float, left: float, right: float, withdrawn: bool = False, language: Words | None = None
) -> tuple[list[str], float]:
    """Draw the legend entries the chart's marks need, wrapping across lines; return it and where it ends.

    ``marks`` are the standing claims' marks; ``withdrawn`` adds the entry for a withdrawn claim.
    """
    language = language or english()
    parts: list[str] = []
    x, y = left, top + 10
    entries = [(entry, sample, False) for entry, sample, explains in LEGEND if any(explains(m) for m in marks)]
    entries += [(WITHDRAWN_ENTRY, WITHDRAWN_SAMPLE, True)] if withdrawn else []
    for entry, sample, struck in entries:
        words = language.gettext(entry)
        width = 44 + text_width(words, LEGEND_SIZE) + 16
        if x + width > right and x > left:
            x, y = left, y + 20
        origin = x + (4 if sample.high > sample.low else 0)
        if struck:
            parts += draw_withdrawn_mark(sample, y, lambda value, origin=origin: origin + value)
        else:
            parts += draw_mark(sample, y, lambda value, origin=origin: origin + value, x, x + 40)
        words_style = {"font_size": LEGEND_SIZE, "class_": "fig-label-muted", "fill": INK["muted"]}
        parts.append(text(x + 44, y + 4, words, **words_style))
        x += width
    return ([element("g", "".join(parts), class_="fig-legend")] if parts else []), y + 10
