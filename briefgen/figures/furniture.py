"""Map furniture: the colours, the world inset that says where the map lies, the scale bar, and their corners."""

from __future__ import annotations

import functools
import math

from briefgen.figures.boundaries import Country, load_boundaries, points_of
from briefgen.figures.frame import Projection
from briefgen.figures.geometry import Box, area, clip_ring, thin
from briefgen.figures.svg import element, num, path_data, text, text_width

# Print colours, also the page's light theme; site.css restyles the classes for dark mode. Sea, land and
# the brief's countries differ in lightness, so they stay apart when printed in grey.
COLOURS = {
    "sea": "#dde7ef",
    "land": "#f7f6f2",
    "land_edge": "#8c96a1",
    "focus": "#b5c3d1",
    "focus_edge": "#34404c",
    "text": "#1b1f24",
    "muted": "#4a5561",
    "event": "#8a1c1c",
    "event_text": "#ffffff",
    "panel": "#ffffff",
}
INSET = (130.0, 51.3)  # the world from 180W to 180E and 58S to 84N, at this size
INSET_NORTH, INSET_SOUTH = 84.0, -58.0
INSET_TOLERANCE, INSET_SMALLEST = 0.8, 3.0  # inset units: what the reader of a 4 cm world map can see
PAD = 8.0
SCALE_PANEL = (150.0, 30.0)
BAR_LONGEST = 90.0  # drawing units
CORNERS = ("bottom-left", "top-right", "bottom-right", "top-left")


def corner_box(projection: Projection, corner: str, size: tuple[float, float]) -> Box:
    """Return the box of that size tucked into a corner of the map."""
    width, height = size
    left = PAD if corner.endswith("left") else projection.width - PAD - width
    top = PAD if corner.startswith("top") else projection.height - PAD - height
    return Box(left, top, left + width, top + height)


def corners_by_emptiness(
    projection: Projection, taken: list[Box], focus: list[Box], size: tuple[float, float] = INSET
) -> list[str]:
    """Order the corners by how little of the brief's countries, labels and dots an inset there would cover."""

    def crowding(corner: str) -> float:
        box = corner_box(projection, corner, size)
        covered = sum(_overlap(box, other) for other in focus) / ((box.right - box.left) * (box.bottom - box.top))
        return 10 * sum(box.overlaps(other) for other in taken) + covered

    return sorted(CORNERS, key=lambda corner: (crowding(corner), CORNERS.index(corner)))


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a.right, b.right) - max(a.left, b.left)) * max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top))


def _to_inset(lon: float, lat: float) -> tuple[float, float]:
    width, height = INSET
    return (lon + 180) / 360 * width, (INSET_NORTH - lat) / (INSET_NORTH - INSET_SOUTH) * height


def _inset_path(polygons) -> str:
    """Outline polygons at inset scale, their small islands left out."""
    frame = Box(0, 0, *INSET)
    rings = []
    for polygon in polygons:
        ring = clip_ring([_to_inset(lon, lat) for lon, lat in points_of(polygon.rings[0])], frame)
        if len(ring) >= 3 and area(ring) >= INSET_SMALLEST:
            rings.append(thin([*ring, ring[0]], INSET_TOLERANCE)[:-1])
    return path_data([ring for ring in rings if len(ring) >= 3])


@functools.cache
def _country_inset_path(key: str) -> str:
    country = next(c for c in load_boundaries().countries if c.key == key)
    return _inset_path(country.polygons)


@functools.cache
def _world_path() -> str:
    """Outline all land as one at inset scale, once per process."""
    return _inset_path(load_boundaries().land)


def world_inset(brief: list[Country], projection: Projection, corner: str, scale: float = 1.0) -> str:
    """Draw the world small, the brief's countries shaded and the map's frame outlined on it (``scale``: its size)."""
    box = corner_box(projection, corner, (INSET[0] * scale, INSET[1] * scale))
    west, east = max(projection.frame.west, -180.0), min(projection.frame.east, 180.0)
    (x1, y1), (x2, y2) = _to_inset(west, projection.frame.north), _to_inset(east, projection.frame.south)
    grow_x, grow_y = max(0.0, 4 - (x2 - x1)) / 2, max(0.0, 4 - (y2 - y1)) / 2
    focus = "".join(_country_inset_path(country.key) for country in brief)
    parts = [
        element("rect", class_="fig-sea", width=INSET[0], height=INSET[1], fill=COLOURS["sea"]),
        element(
            "path",
            class_="fig-land",
            d=_world_path(),
            fill=COLOURS["land"],
            stroke=COLOURS["land_edge"],
            stroke_width=0.3,
        ),
        element("path", class_="fig-inset-focus", d=focus, fill=COLOURS["focus_edge"]) if focus else "",
        element(
            "rect",
            class_="fig-inset-frame",
            x=x1 - grow_x,
            y=y1 - grow_y,
            width=x2 - x1 + 2 * grow_x,
            height=y2 - y1 + 2 * grow_y,
            fill="none",
            stroke=COLOURS["event"],
            stroke_width=1.5,
        ),
        element("rect", class_="fig-panel-edge", width=INSET[0], height=INSET[1], fill="none", stroke=COLOURS["muted"]),
    ]
    place = f"translate({num(box.left)} {num(box.top)})" + (f" scale({scale:g})" if scale != 1.0 else "")
    return element("g", "".join(part for part in parts if part), transform=place)


def scale_bar(projection: Projection, corner: str) -> str:
    """Draw a bar of a round number of kilometres, true along the map's middle parallel and its meridians."""
    box = corner_box(projection, corner, SCALE_PANEL)
    km = round_down(BAR_LONGEST * projection.km_per_unit)
    length = km / projection.km_per_unit
    words = f"{km:,.0f} km"
    left, base = box.left + 8, box.top + 19
    bar = f"M{num(left)} {num(base - 5)}V{num(base)}H{num(left + length)}V{num(base - 5)}"
    panel_width = length + 21 + text_width(words, 11)
    panel = element(
        "rect",
        class_="fig-panel",
        x=box.left,
        y=box.top,
        width=panel_width,
        height=SCALE_PANEL[1],
        fill=COLOURS["panel"],
        stroke=COLOURS["land_edge"],
        stroke_width=0.6,
    )
    return "".join(
        [
            panel,
            element("path", class_="fig-scale", d=bar, fill="none", stroke=COLOURS["text"], stroke_width=1.5),
            text(left + length + 5, base, words, class_="fig-label", font_size=11, fill=COLOURS["text"]),
        ]
    )


def round_down(value: float) -> float:
    """Return the largest 1, 2 or 5 times a power of ten that is not more than value."""
    power = 10 ** math.floor(math.log10(value))
    return next(factor * power for factor in (5, 2, 1) if factor * power <= value)
