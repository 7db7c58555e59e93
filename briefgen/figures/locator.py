"""The locator map: the brief's countries shaded among their neighbours, located events as numbered dots.

Values in, an SVG string out. Labels are placed greedily (dots first, then the
brief's countries, then neighbours where their name fits inside them) so none
overlap; a world inset and a scale bar take the emptiest corners.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.figures import frame as frames
from briefgen.figures import furniture
from briefgen.figures.boundaries import Boundaries, Country, load_boundaries, points_of
from briefgen.figures.furniture import COLOURS
from briefgen.figures.geometry import Box, area, clip_ring, label_spots, signed_area, thin
from briefgen.figures.svg import document, element, num, path_data, text, text_width
from briefgen.i18n.words import Words, english

WIDTH, NARROW_WIDTH = 480.0, 320.0  # the print and desk map, and the one a phone shows at its own size
NARROW_INSET = 0.75  # the narrow map's world inset, as a share of the wide one's
THIN_TOLERANCE = 1.0  # drawing units, about 0.25 mm printed: below what a reader of a locator map notices
SMALLEST_PIECE = 2.0  # square drawing units; islands smaller than this are left out
DOT_RADIUS = 9.0
FOCUS_LABEL, NEIGHBOUR_LABEL, EVENT_LABEL = 13.5, 11.0, 11.0
MOSTLY_INSIDE = 0.6  # share of a name that must lie inside its country before it goes beside it instead
INSET_BELOW_DEGREES = 100  # a map narrower than this gets a world inset to say where it is


@dataclass(frozen=True)
class MapEvent:
    """A timeline event with coordinates: its number on the map and timeline, and how the alt text names it."""

    number: int
    longitude: float
    latitude: float
    words: str


@dataclass(frozen=True)
class MapRequest:
    """What a brief asks of its map: its countries in sheet order, where events happened, and names for codes."""

    region: str
    countries: tuple[str, ...]
    event_countries: tuple[str, ...]
    events: tuple[MapEvent, ...]
    name_of: Callable[[str], str]
    narrow: bool = False  # draw it NARROW_WIDTH wide, labels at the same sizes
    words: Words | None = None  # the language of the alt text; English when None


@dataclass
class Drawing:
    """The map as it is being drawn: projection, layers and the boxes labels may not cover."""

    projection: frames.Projection
    layers: list[str]
    taken: list[Box]
    focus_boxes: list[Box]

    def free(self, box: Box) -> bool:
        inner = Box(0, 0, self.projection.width, self.projection.height).grown(-2)
        return box.inside(inner) and not any(box.overlaps(other) for other in self.taken)


def locator_map(request: MapRequest) -> tuple[str, str] | None:
    """Draw the map; return (svg, alt text), or None when it would show nothing of the brief."""
    world = load_boundaries()
    brief = [world.by_code[code] for code in request.countries if code in world.by_code]
    if not brief and not request.events:
        return None
    width = NARROW_WIDTH if request.narrow else WIDTH
    projection = frames.frame_projection(_focus(world, brief, request), width)
    drawing = Drawing(projection, [], [], [])
    shown = _draw_countries(drawing, {c.key for c in brief})
    marks = _draw_events(drawing, request.events)
    brief_keys = [c.key for c in brief if c.key in shown]
    _label_countries(drawing, shown, brief_keys, request.name_of, focus=True)
    inset = projection.frame.east - projection.frame.west < INSET_BELOW_DEGREES
    _draw_furniture(drawing, brief, inset, NARROW_INSET if request.narrow else 1.0)
    others = sorted((k for k in shown if k not in brief_keys), key=lambda k: -shown[k].largest_area)
    _label_countries(drawing, shown, others, request.name_of, focus=False)
    edge = element("rect", class_="fig-frame", x=0.5, y=0.5, width=width - 1, height=projection.height - 1, fill="none")
    drawing.layers.append(edge[:-2] + f' stroke="{COLOURS["muted"]}"/>')
    off_map = [country for country in brief if country.key not in shown]
    alt = _alt_text(request, [c for c in brief if c.key in shown], off_map, inset, marks)
    name = "map-narrow" if request.narrow else "map"
    return document(name, width, round(projection.height, 1), alt, drawing.layers), alt


def _draw_furniture(drawing: Drawing, brief: list[Country], inset: bool, inset_scale: float) -> None:
    """Put the inset and the scale bar in the emptiest corners, and keep labels off them."""
    projection = drawing.projection
    inset_size = (furniture.INSET[0] * inset_scale, furniture.INSET[1] * inset_scale)
    corners = furniture.corners_by_emptiness(projection, drawing.taken, drawing.focus_boxes, inset_size)
    if inset:
        corner = corners.pop(0)
        drawing.layers.append(furniture.world_inset(brief, projection, corner, inset_scale))
        drawing.taken.append(furniture.corner_box(projection, corner, inset_size).grown(2))
    drawing.layers.append(furniture.scale_bar(projection, corners[0]))
    drawing.taken.append(furniture.corner_box(projection, corners[0], furniture.SCALE_PANEL).grown(2))


def map_focus(request: MapRequest) -> frames.Extent | None:
    """Return the part of the world the map is fitted to (before its margins), or None for no map."""
    world = load_boundaries()
    brief = [world.by_code[code] for code in request.countries if code in world.by_code]
    return _focus(world, brief, request) if brief or request.events else None


def _focus(world: Boundaries, brief: list[Country], request: MapRequest) -> frames.Extent:
    """Fit the events and their countries first, then each other country of the brief near them.

    A country of the brief far from all of them (the UAE on a Libya brief) would stretch the
    frame around itself: it is left to the world inset.
    """
    anchors = [world.by_code[code] for code in request.event_countries if code in world.by_code]
    if not anchors and not request.events:
        anchors = brief[:1]
    seeds = [frames.point_extent(event.longitude, event.latitude) for event in request.events]
    seeds += [frames.country_extent(country) for country in anchors]
    focus = seeds[0]
    for seed in seeds[1:]:
        focus = focus.union(seed)
    reach = [frames.country_points(country) for country in anchors]
    reach += [[(event.longitude, event.latitude)] for event in request.events]
    anchored = {country.key for country in anchors}
    focus, _ = frames.fit_near(focus, reach, [country for country in brief if country.key not in anchored])
    return focus


FRAMES_KEPT = 24  # frames whose projected world is kept per process: a desk's briefs share a few regions


@dataclass(frozen=True)
class VisibleCountry:
    """A country as one frame shows it: its rings projected, clipped and thinned, and their path data."""

    country: Country
    rings: tuple[tuple[tuple[float, float], ...], ...]
    path: str  # path_data(rings): a layer's path is the concatenation of its countries' paths

    @functools.cached_property
    def largest_area(self) -> float:
        return max(area(ring) for ring in self.rings)

    @functools.cached_property
    def label_spots(self) -> tuple:
        """Where a label could go, largest ring first (see geometry.label_spots)."""
        return tuple(spot for ring in sorted(self.rings, key=area, reverse=True) for spot in label_spots(ring))


Shown = dict[str, VisibleCountry]


@functools.lru_cache(maxsize=FRAMES_KEPT)
def visible_world(projection: frames.Projection) -> tuple[VisibleCountry, ...]:
    """Return every country the frame reaches, in the data's order, computed once per frame.

    Projecting, clipping and thinning the countries is most of a map's cost, and it depends
    on the frame alone: briefs on the same countries and events share it.
    """
    shown = []
    for country in load_boundaries().countries:
        rings = tuple(tuple(ring) for ring in _visible_rings(projection, country))
        if rings:
            shown.append(VisibleCountry(country, rings, path_data(rings)))
    return tuple(shown)


def _draw_countries(drawing: Drawing, brief_keys: set[str]) -> Shown:
    """Draw every country the frame reaches, the brief's on top; return each shown country with its visible rings.

    All context countries make one path and the brief's another: a PDF renderer pays per element,
    and a reader cannot tell the difference.
    """
    shown: Shown = {}
    context, focus = [], []
    for visible in visible_world(drawing.projection):
        shown[visible.country.key] = visible
        if visible.country.key in brief_keys:
            focus.append(visible.path)
            drawing.focus_boxes.append(_bounds(max(visible.rings, key=area)))
        else:
            context.append(visible.path)
    sea = element(
        "rect", class_="fig-sea", width=drawing.projection.width, height=drawing.projection.height, fill=COLOURS["sea"]
    )
    drawing.layers += [sea, _countries_path("".join(context), "fig-land", "land", "land_edge", 0.6)]
    if focus:
        drawing.layers.append(_countries_path("".join(focus), "fig-focus", "focus", "focus_edge", 0.9))
    return shown


def _countries_path(path: str, css_class: str, fill: str, edge: str, width: float) -> str:
    return element(
        "path",
        class_=css_class,
        d=path,
        fill=COLOURS[fill],
        stroke=COLOURS[edge],
        stroke_width=width,
        stroke_linejoin="round",
    )


def _visible_rings(projection: frames.Projection, country: Country) -> list[list[tuple[float, float]]]:
    """Project, clip and thin a country's rings; outer rings turn one way and holes the other, for the nonzero fill rule."""
    frame = Box(0, 0, projection.width, projection.height)
    rings = []
    west, east, south, north = country.rough
    if east - west < 180 and projection.turn_for(frames.Extent(west, east, south, north)) is None:
        return rings  # even its arcs lie off the frame: no need to join its rings to know it is not shown
    if projection.turn_for(country) is None and country.east - country.west < 180:
        return rings  # the whole country lies off the frame (one spanning half the world may still wrap into it)
    for polygon in country.polygons:
        turn = projection.turn_for(polygon)
        if turn is None:
            continue
        for index, ring in enumerate(polygon.rings):
            projected = _projected(projection, ring, turn)
            clipped = clip_ring(projected, frame)
            if len(clipped) < 3 or area(clipped) < SMALLEST_PIECE:
                continue
            thinned = thin([*clipped, clipped[0]], THIN_TOLERANCE)[:-1]
            if len(thinned) >= 3:
                rings.append(thinned if (signed_area(thinned) > 0) == (index == 0) else thinned[::-1])
    return rings


def _projected(projection: frames.Projection, ring, turn: float) -> list[tuple[float, float]]:
    """Project a ring as ``projection(lon + turn, lat)`` would, point by point, without a call per point."""
    west, north = projection.frame.west, projection.frame.north
    squeeze, scale = projection.squeeze, projection.scale
    return [((lon + turn - west) * squeeze * scale, (north - lat) * scale) for lon, lat in points_of(ring)]


def _bounds(ring: list[tuple[float, float]]) -> Box:
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _draw_events(drawing: Drawing, events: tuple[MapEvent, ...]) -> list[tuple[int, ...]]:
    """Draw each place with events as one numbered mark; a mark that would cover another moves aside on a leader.

    Events at one place (closer than a dot's radius on the map) share one mark with all their
    numbers ("1, 3"). Returns the numbers of each mark.
    """
    places: list[tuple[float, float, list[int]]] = []
    for event in events:
        x, y = drawing.projection(event.longitude, event.latitude)
        same = next((place for place in places if math.dist(place[:2], (x, y)) < DOT_RADIUS), None)
        if same:
            same[2].append(event.number)
        else:
            places.append((x, y, [event.number]))
    for x, y, numbers in places:
        _draw_mark(drawing, x, y, ", ".join(map(str, numbers)))
    return [tuple(numbers) for _, _, numbers in places]


def _draw_mark(drawing: Drawing, x: float, y: float, words: str) -> None:
    """Draw one mark: a dot for one number, a pill wide enough for several."""
    width = max(2 * DOT_RADIUS, text_width(words, EVENT_LABEL, bold=True) + 10)
    at_x, at_y = x, y
    while any(Box.around(at_x, at_y, width, 2 * DOT_RADIUS).overlaps(box) for box in drawing.taken):
        at_x += width / 2 + DOT_RADIUS + 2
    if (at_x, at_y) != (x, y):
        drawing.layers.append(element("path", d=f"M{num(x)} {num(y)}H{num(at_x)}", stroke=COLOURS["event"]))
    shape = {"fill": COLOURS["event"], "stroke": COLOURS["panel"], "stroke_width": 1.5}
    if width == 2 * DOT_RADIUS:
        drawing.layers.append(
            element("circle", class_="fig-event", cx=float(at_x), cy=float(at_y), r=DOT_RADIUS, **shape)
        )
    else:
        box = Box.around(at_x, at_y, width, 2 * DOT_RADIUS)
        pill = {"x": box.left, "y": box.top, "width": width, "height": 2 * DOT_RADIUS, "rx": DOT_RADIUS}
        drawing.layers.append(element("rect", class_="fig-event", **pill, **shape))
    number = text(
        at_x,
        at_y + 4,
        words,
        class_="fig-event-number",
        text_anchor="middle",
        font_size=EVENT_LABEL,
        font_weight=700,
        fill=COLOURS["event_text"],
    )
    drawing.layers.append(number)
    drawing.taken.append(Box.around(at_x, at_y, width + 4, 2 * DOT_RADIUS + 4))


def _label_countries(
    drawing: Drawing, shown: Shown, keys: list[str], name_of: Callable[[str], str], focus: bool
) -> None:
    """Name countries where there is room: neighbours only where the name fits inside them.

    Every country of the brief the frame shows gets its name: inside it where the name fits,
    else inside it running over its border, else beside it on a short leader line.
    """
    size = FOCUS_LABEL if focus else NEIGHBOUR_LABEL
    for key in keys:
        country, rings = shown[key].country, shown[key].rings
        name = name_of(country.code) if country.code else country.name
        width = text_width(name, size, bold=focus)
        spots = shown[key].label_spots
        fitting = [xy for xy, run in spots if run >= width + 6]
        if _label_at(drawing, fitting, name, size, width, focus) or not focus or not spots:
            continue
        mostly = [xy for xy, run in spots if run >= MOSTLY_INSIDE * width]  # a name running a little over a border
        if _label_at(drawing, mostly, name, size, width, focus):
            continue
        if not _label_beside(drawing, max(rings, key=area), spots[0][0], name, size, width):
            _label_at(drawing, [xy for xy, _ in spots], name, size, width, focus)


def _label_at(drawing: Drawing, spots: list, name: str, size: float, width: float, focus: bool) -> bool:
    """Put the name at the first free spot of those given; say whether there was one."""
    for x, y in spots:
        box = Box.around(x, y, width + 4, size * 1.3)
        if drawing.free(box):
            drawing.taken.append(box)
            drawing.layers.append(_country_label(x, y, name, size, focus))
            return True
    return False


def _label_beside(
    drawing: Drawing, ring: list, inside: tuple[float, float], name: str, size: float, width: float
) -> None:
    """Name a country beside it, with a line from the name to a point inside it; the first free side wins."""
    edge = _bounds(ring)
    middle_x, middle_y = (edge.left + edge.right) / 2, (edge.top + edge.bottom) / 2
    half_w, half_h = width / 2 + 2, size * 0.65
    sides = [
        (edge.right + half_w + 8, middle_y),
        (edge.left - half_w - 8, middle_y),
        (middle_x, edge.top - half_h - 6),
        (middle_x, edge.bottom + half_h + 6),
        (inside[0] + half_w + 14, inside[1] - half_h - 10),
        (inside[0] - half_w - 14, inside[1] + half_h + 10),
    ]
    for x, y in sides:
        box = Box.around(x, y, width + 4, size * 1.3)
        if drawing.free(box):
            end_x = min(max(inside[0], box.left), box.right)
            end_y = box.bottom if inside[1] > box.bottom else box.top if inside[1] < box.top else y
            leader = f"M{num(inside[0])} {num(inside[1])}L{num(end_x)} {num(end_y)}"
            drawing.layers.append(
                element("path", class_="fig-leader", d=leader, stroke=COLOURS["text"], stroke_width=0.8)
            )
            drawing.taken.append(box)
            drawing.layers.append(_country_label(x, y, name, size, True))
            return True
    return False


def _country_label(x: float, y: float, name: str, size: float, is_focus: bool) -> str:
    return text(
        x,
        y + size * 0.35,
        name,
        class_="fig-label" if is_focus else "fig-label-muted",
        text_anchor="middle",
        font_size=size,
        font_weight=700 if is_focus else None,
        fill=COLOURS["text"] if is_focus else COLOURS["muted"],
    )


def _alt_text(
    request: MapRequest, shown: list[Country], off_map: list[Country], inset: bool, marks: list[tuple[int, ...]]
) -> str:
    """Say in words what the map shows: where, which countries are shaded, what the dots are."""
    words = request.words or english()
    names = [request.name_of(country.code) for country in shown if country.code]
    shaded = _and(names, words) or words.gettext("no country of the brief")
    parts = [
        words.gettext("Locator map of %(region)s, with %(countries)s shaded among their neighbours.")
        % {"region": request.region, "countries": shaded}
    ]
    if request.events:
        dots = "; ".join(f"{words.number(event.number)}, {event.words}" for event in request.events)
        count = len(request.events)
        parts.append(
            words.ngettext(
                "A numbered dot marks the timeline event: %(dots)s.",
                "Numbered dots mark the timeline events: %(dots)s.",
                count,
            )
            % {"dots": dots}
        )
        for shared in (numbers for numbers in marks if len(numbers) > 1):
            events = _and([words.number(n) for n in shared], words)
            parts.append(
                words.gettext("Events %(events)s happened at one place and share a mark.") % {"events": events}
            )
    if off_map:
        far = {"countries": _and([request.name_of(country.code) for country in off_map if country.code], words)}
        if inset:
            said = words.ngettext(
                "%(countries)s lies outside the map; the world inset shows it.",
                "%(countries)s lie outside the map; the world inset shows them.",
                len(off_map),
            )
        else:
            said = words.ngettext(
                "%(countries)s lies outside the map.", "%(countries)s lie outside the map.", len(off_map)
            )
        parts.append(said % far)
    elif inset:
        parts.append(words.gettext("An inset shows where the map lies in the world."))
    return " ".join(parts)


def _and(names: list[str], words: Words | None = None) -> str:
    """Join names as a reader would: 'A', 'A and B', 'A, B and C' ('A, B et C' in French words)."""
    if len(names) < 2:
        return "".join(names)
    return (words or english()).gettext("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
