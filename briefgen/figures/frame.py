"""Which part of the world a locator map shows, and how it projects there.

The frame fits the brief's "focus": where its events are (their coordinates and
countries) or else its first country, then takes in each further country of the
brief that borders the focus or faces it across a strait (less than 250 km of sea),
while the whole stays regional (about 4,200 km across at most). A country farther off
(Türkiye on a Libya brief, the UAE on a Sahel one) would stretch the map around it, so
it stays out of the frame's fit: it is shaded where the frame happens to reach it and
shown on the world inset. The projection is equirectangular, scaled at the frame's middle latitude:
true to scale along that parallel and along every meridian, close enough
everywhere else for a region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefgen.figures.boundaries import Country, Point, Polygon, points_of

KM_PER_DEGREE = 111.32
MAX_SPAN_KM = 4200.0
NEAR_KM = 250.0  # a country this close to the focus, by land or across a strait, belongs on its map
MIN_SPAN_KM = 700.0
MARGIN_SHARE = 0.08
ASPECT = (0.55, 0.85)  # height / width the map may take
NEAR_DEGREES = 8.0  # outlying pieces farther than this from a country's main piece do not stretch its frame


@dataclass(frozen=True)
class Extent:
    """A longitude-latitude box; west and east may run past +-180 so a box can straddle the date line."""

    west: float
    east: float
    south: float
    north: float

    @property
    def centre_lon(self) -> float:
        return (self.west + self.east) / 2

    def union(self, other: Extent) -> Extent:
        """Join another box, moved by a whole turn when that brings it nearer."""
        other = other.shifted(_nearest_turn(other.centre_lon, self.centre_lon))
        return Extent(
            min(self.west, other.west),
            max(self.east, other.east),
            min(self.south, other.south),
            max(self.north, other.north),
        )

    def shifted(self, degrees: float) -> Extent:
        return Extent(self.west + degrees, self.east + degrees, self.south, self.north)

    def span_km(self) -> tuple[float, float]:
        """Return the box's width along its middle parallel and its height, in km."""
        middle = math.cos(math.radians((self.south + self.north) / 2))
        return (self.east - self.west) * middle * KM_PER_DEGREE, (self.north - self.south) * KM_PER_DEGREE


def _nearest_turn(lon: float, target: float) -> float:
    """Return the multiple of 360 that moves lon nearest to target."""
    return 360.0 * round((target - lon) / 360.0)


def point_extent(lon: float, lat: float) -> Extent:
    return Extent(lon, lon, lat, lat)


def polygon_extent(polygon: Polygon) -> Extent:
    return Extent(polygon.west, polygon.east, polygon.south, polygon.north)


def country_extent(country: Country) -> Extent:
    """Return the box of a country's main piece and the pieces near it (not France's overseas regions)."""
    main = polygon_extent(country.largest)
    reach = max(NEAR_DEGREES, (main.east - main.west) / 2, (main.north - main.south) / 2)
    extent = main
    for polygon in country.polygons:
        piece = polygon_extent(polygon)
        piece = piece.shifted(_nearest_turn(piece.centre_lon, main.centre_lon))
        near_lon = piece.west < main.east + reach and piece.east > main.west - reach
        near_lat = piece.south < main.north + reach and piece.north > main.south - reach
        if near_lon and near_lat:
            extent = extent.union(piece)
    return extent


def fit_near(seed: Extent, anchors: list[list[Point]], candidates: list[Country]) -> tuple[Extent, list[Country]]:
    """Grow the seed by each candidate near what is already in (anchors first) that keeps the whole regional.

    Returns the grown box and the countries taken, in the candidates' order; a country taken
    can bring in one near it in turn (Niger through Burkina Faso on a map of Mali).
    """
    extent, taken, reach = seed, set(), list(anchors)
    grew = True
    while grew:
        grew = False
        for candidate in candidates:
            if candidate.key in taken or not any(_near(_points(candidate), points) for points in reach):
                continue
            grown = extent.union(country_extent(candidate))
            if max(grown.span_km()) <= MAX_SPAN_KM:
                extent, grew = grown, True
                taken.add(candidate.key)
                reach.append(_points(candidate))
    return extent, [country for country in candidates if country.key in taken]


def country_points(country: Country) -> list[Point]:
    """Return the vertices of a country's outer rings: what nearness is measured between."""
    return _points(country)


def _points(country: Country) -> list[Point]:
    found = _POINTS.get(country.key)
    if found is None:
        found = _POINTS[country.key] = [point for polygon in country.polygons for point in points_of(polygon.rings[0])]
    return found


_POINTS: dict[str, list[Point]] = {}


def _near(a: list[Point], b: list[Point]) -> bool:
    """Tell whether two sets of points come within NEAR_KM of each other (shared borders share points)."""
    reach = NEAR_KM / KM_PER_DEGREE
    a_box, b_box = _box(a, reach), _box(b, reach)
    a = [p for p in a if b_box[0] <= p[0] <= b_box[1] and b_box[2] <= p[1] <= b_box[3]]
    b = [p for p in b if a_box[0] <= p[0] <= a_box[1] and a_box[2] <= p[1] <= a_box[3]]
    limit = NEAR_KM * NEAR_KM
    for lon, lat in a:
        squeeze = math.cos(math.radians(lat)) * KM_PER_DEGREE
        for other_lon, other_lat in b:
            dx, dy = (lon - other_lon) * squeeze, (lat - other_lat) * KM_PER_DEGREE
            if dx * dx + dy * dy <= limit:
                return True
    return False


def _box(points: list[Point], grow: float) -> tuple[float, float, float, float]:
    """Return the longitude-latitude box of points, grown by degrees (longitude widened for its latitude)."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    widen = grow / max(0.2, math.cos(math.radians(max(abs(min(lats)), abs(max(lats))))))
    return min(lons) - widen, max(lons) + widen, min(lats) - grow, max(lats) + grow


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection of a framed extent onto a width x height drawing, y downwards."""

    frame: Extent
    width: float
    height: float
    scale: float  # drawing units per degree of latitude
    squeeze: float  # cos(middle latitude)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.frame.west) * self.squeeze * self.scale, (self.frame.north - lat) * self.scale

    @property
    def km_per_unit(self) -> float:
        return KM_PER_DEGREE / self.scale

    def turn_for(self, extent: Extent | Polygon | Country) -> float | None:
        """Return the whole-turn shift that brings a box (or a polygon's box) into the frame, or None when it lies outside."""
        if extent.north < self.frame.south or extent.south > self.frame.north:
            return None
        for turn in (0.0, -360.0, 360.0):
            if extent.west + turn <= self.frame.east and extent.east + turn >= self.frame.west:
                return turn
        return None


def frame_projection(focus: Extent, width: float) -> Projection:
    """Add a margin, a minimum size and a readable shape to the focus box, and project it to width units."""
    squeeze = math.cos(math.radians((focus.south + focus.north) / 2))
    wide = (focus.east - focus.west) * squeeze  # in degrees of latitude
    tall = focus.north - focus.south
    margin = max(MARGIN_SHARE * max(wide, tall), 0.4)
    least = MIN_SPAN_KM / KM_PER_DEGREE
    wide, tall = max(wide + 2 * margin, least), max(tall + 2 * margin, least)
    wide = max(wide, tall / ASPECT[1])
    tall = max(tall, wide * ASPECT[0])
    middle_lat = (focus.south + focus.north) / 2
    south, north = middle_lat - tall / 2, middle_lat + tall / 2
    if north > 85 or south < -85:  # keep off the poles, where this projection breaks down
        move = (85 - north) if north > 85 else (-85 - south)
        south, north = south + move, north + move
    squeeze = math.cos(math.radians((south + north) / 2))
    half_lon = wide / squeeze / 2
    frame = Extent(focus.centre_lon - half_lon, focus.centre_lon + half_lon, south, north)
    scale = width / wide
    return Projection(frame, width, tall * scale, scale, squeeze)
