"""Keep a figure that does not fit from leaving a page half empty: scale it to fit, or place it after what follows.

Each figure is drawn as unbreakable SVG, so where one does not fit in the space a page has
left, WeasyPrint moves it whole, with the heading and caption kept with it, to the next
page, and the page it leaves can end half empty. After laying a brief out, this looks for
the first page before the last that ends more than a third empty just before a figure
(or a chart's panel) and changes the print HTML once: the figure is drawn smaller when a
little smaller fits (never below :data:`LEAST_SCALE` of its size, so labels stay
readable), or else moved after the block that follows it (a figure above a table goes
after the table, the map after the background), which then fills the page. Then the brief
is laid out again, up to :data:`MOST_PASSES` times. A brief whose pages fill needs one
layout, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

MOST_EMPTY = 1 / 4  # of a page's content height: a little under the third the corpus checks allow
LEAST_SCALE = 0.8
MOST_PASSES = 4
SLACK = 6.0  # CSS px kept free under a scaled figure, for rounding and collapsed margins
KEPT_MARGIN = 30.0  # CSS px: a heading's top margin, dropped at the top of a page but not above a break
MM_PER_PX = 25.4 / 96


@dataclass(frozen=True)
class Panel:
    """One figure SVG as laid out: its name (``fig-claims-2``), its figure's id, where it sits and its size."""

    name: str
    figure: str
    first: bool  # the figure's first SVG
    page: int
    top: float
    height: float
    width: float


@dataclass(frozen=True)
class PageSpace:
    """A page's content box (top and bottom, CSS px) and how far down its content reaches."""

    top: float
    bottom: float
    used: float

    @property
    def empty(self) -> float:
        return (self.bottom - self.used) / (self.bottom - self.top)


def fit_figures(html: str, lay_out: Callable[[str], Any]) -> Any:
    """Lay out print HTML, changing figures that leave a page half empty; return the last layout."""
    document = lay_out(html)
    done: set[str] = set()
    for _ in range(MOST_PASSES):
        changed = _one_change(html, document, done)
        if changed is None:
            break
        html = changed
        document = lay_out(html)
    return document


def _one_change(html: str, document: Any, done: set[str]) -> str | None:
    """Return the print HTML with the first figure that leaves a page half empty changed, or None."""
    spaces = [_space(page._page_box) for page in document.pages]
    panels = [panel for number, page in enumerate(document.pages) for panel in _panels(page._page_box, number)]
    for number, space in enumerate(spaces[:-1]):
        if space.empty <= MOST_EMPTY:
            continue
        following = spaces[number + 1]
        moved = [p for p in panels if p.page == number + 1 and p.top - following.top < following.bottom - space.used]
        for panel in moved[:1]:
            changed = _change(html, panel, space, following, done)
            if changed is not None:
                return changed
    return None


def _change(html: str, panel: Panel, space: PageSpace, following: PageSpace, done: set[str]) -> str | None:
    """Scale the panel to the space left, or move its figure after the block that follows it."""
    kept = panel.top - following.top + (KEPT_MARGIN if panel.first else 0.0)
    scale = (space.bottom - space.used - kept - SLACK) / panel.height
    if scale >= LEAST_SCALE and panel.name not in done:
        done.add(panel.name)
        return scale_svg(html, panel.name, panel.width * scale * MM_PER_PX)
    if panel.first and panel.figure not in done:
        done.add(panel.figure)
        return move_after_next(html, panel.figure)
    return None


def _walk(box: Any, figure: str | None = None) -> Iterator[tuple[Any, str | None]]:
    """Visit a page's boxes in order, each with the id of the brief figure it lies in."""
    element = box.element
    if element is not None and element.tag == "figure" and "brief-figure" in (element.get("class") or ""):
        figure = element.get("id")
    yield box, figure
    for child in getattr(box, "children", ()):
        yield from _walk(child, figure)


def _panels(page_box: Any, number: int) -> list[Panel]:
    """List the figure SVGs laid out on a page."""
    panels = []
    for box, figure in _walk(page_box):
        element = box.element
        if figure and element is not None and element.tag.endswith("svg") and not getattr(box, "children", None):
            names = (element.get("class") or "").split()
            if len(names) == 2 and names[0] == "fig":
                first = names[1] == f"fig-{figure.removeprefix('figure-')}"
                panels.append(Panel(names[1], figure, first, number, box.position_y, box.margin_height(), box.width))
    return panels


def _space(page_box: Any) -> PageSpace:
    """Measure how far a page's content reaches: its lowest line, image, table row or bordered box."""
    top = page_box.content_box_y()
    bottom = top + page_box.height
    used = top
    for box, _ in _walk(page_box):
        kind = type(box).__name__
        if kind in ("PageBox", "MarginBox") or box.element_tag in ("html", "body"):
            continue
        if kind in ("LineBox", "TableRowBox") or not getattr(box, "children", None):
            end = box.position_y + box.margin_height()
        elif box.border_bottom_width:
            end = box.position_y + box.border_height()
        else:
            continue
        if end < bottom - 0.5:
            used = max(used, end)
    return PageSpace(top, bottom, used)


def scale_svg(html: str, name: str, width_mm: float) -> str:
    """Give one figure SVG (by its class, ``fig fig-claims-2``) a printed width in mm, its height following."""
    marker = f'class="fig {name}"'
    assert html.count(marker) == 1, marker
    return html.replace(marker, f'style="width: {width_mm:.1f}mm" {marker}')


OPENING = re.compile(r"\s*<([a-zA-Z][a-zA-Z0-9]*)[\s>]")


def move_after_next(html: str, figure_id: str) -> str:
    """Move a brief figure (a <figure> holding no other) after the element that follows it."""
    start = html.index(f'<figure class="brief-figure figure-{figure_id.removeprefix("figure-")}"')
    end = html.index("</figure>", start) + len("</figure>")
    opening = OPENING.match(html, end)
    if opening is None:
        return html
    close = _closing(html, opening.group(1), opening.start(1))
    return html[:start] + html[end:close] + "\n" + html[start:end] + html[close:]


def _closing(html: str, tag: str, after: int) -> int:
    """Return where the element opened at ``after`` ends, counting nested elements of the same name."""
    depth = 0
    for match in re.finditer(rf"<(/?){tag}[\s>]", html[after - 1 :]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return after - 1 + html[after - 1 :].index(">", match.start()) + 1
    return len(html)
