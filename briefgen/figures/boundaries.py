"""Country boundaries shipped with briefgen: Natural Earth admin-0 at 1:50m, simplified.

The data file (``data/admin0.json``) is made by ``tools/update_boundaries.py``
and records where it came from. It is read once per process, through
importlib.resources so it is found in a wheel as in a checkout, and kept.
Its arcs are decoded at once, into flat arrays of doubles (lon, lat, lon, lat, ...)
rather than a tuple per point: 44,000 points as objects take 9 MB in every process
that draws a map, and a forked worker copies each page of them it touches; as
doubles they take a tenth of that. A country's rings, flat too, are joined only when a map
first asks for them (and all land only for the world inset): a map reaches a
few dozen of the 240 countries, and a process that draws one brief's map should
not pay for the rest. Borders are drawn as Natural Earth draws them, disputed
ones included.
"""

from __future__ import annotations

import functools
import json
import math
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

from briefgen.figures.geometry import signed_area

Point = tuple[float, float]  # (longitude, latitude) in degrees
Ring = array  # flat: lon, lat, lon, lat, ... in degrees, as doubles (see points_of)
DATA_FILE = "admin0.json"


@dataclass(frozen=True)
class Polygon:
    """One piece of a country: an outer ring and its holes, with its extent."""

    rings: tuple[Ring, ...]
    west: float
    east: float
    south: float
    north: float
    area: float  # in square degrees scaled by cos(latitude): comparable between pieces

    @property
    def centre(self) -> Point:
        return (self.west + self.east) / 2, (self.south + self.north) / 2


@dataclass(frozen=True)
class Country:
    """A country as Natural Earth draws it; ``code`` is ISO 3166-1 alpha-2, None for the few it leaves uncoded.

    ``rough`` bounds every point of its arcs, so a map can pass over a country far from its
    frame without joining its rings; ``polygons`` and the exact box come on first use.
    """

    key: str
    code: str | None
    name: str
    arcs: frozenset[int]
    rough: tuple[float, float, float, float]  # west, east, south, north of its arcs' points, never unwrapped
    pieces: Callable[[], tuple[Polygon, ...]] = field(repr=False, compare=False)

    @functools.cached_property
    def polygons(self) -> tuple[Polygon, ...]:
        return self.pieces()

    @functools.cached_property
    def _box(self) -> tuple[float, float, float, float]:
        """The box of all its pieces, so a map can pass over a country far from its frame at once."""
        polygons = self.polygons
        return (
            min(p.west for p in polygons),
            max(p.east for p in polygons),
            min(p.south for p in polygons),
            max(p.north for p in polygons),
        )

    @property
    def west(self) -> float:
        return self._box[0]

    @property
    def east(self) -> float:
        return self._box[1]

    @property
    def south(self) -> float:
        return self._box[2]

    @property
    def north(self) -> float:
        return self._box[3]

    @property
    def largest(self) -> Polygon:
        return max(self.polygons, key=lambda polygon: polygon.area)


@dataclass(frozen=True)
class Boundaries:
    """Every country, by key and by code, and which countries share a border."""

    countries: tuple[Country, ...]
    by_code: dict[str, Country]
    land_rings: tuple[tuple[tuple[int, ...], ...], ...] = field(repr=False)
    arcs: tuple[Ring, ...] = field(repr=False)
    provenance: dict = field(default_factory=dict)

    @functools.cached_property
    def land(self) -> tuple[Polygon, ...]:
        """All land as one, without borders: what the world inset draws."""
        return tuple(_polygon(tuple(_ring(ring, self.arcs) for ring in polygon)) for polygon in self.land_rings)

    def neighbours(self, country: Country) -> list[Country]:
        """Return the countries that share a stretch of border with this one, in a stable order."""
        return [other for other in self.countries if other is not country and other.arcs & country.arcs]


@functools.cache
def load_boundaries() -> Boundaries:
    """Read the shipped boundaries and decode their arcs once per process; countries join their rings on use."""
    raw = json.loads(
        resources.files("briefgen.figures").joinpath("data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    )
    arcs = tuple(_decode_arc(arc, raw["quantum"]) for arc in raw["arcs"])
    boxes = [_arc_box(arc) for arc in arcs]
    countries = tuple(_country(entry, arcs, boxes) for entry in raw["countries"])
    by_code = {country.code: country for country in countries if country.code}
    land = tuple(tuple(tuple(ring) for ring in polygon) for polygon in raw["land"])
    return Boundaries(countries, by_code, land, arcs, raw["provenance"])


def points_of(ring: Ring) -> Iterator[Point]:
    """Walk a flat ring point by point, as (lon, lat)."""
    return zip(ring[0::2], ring[1::2], strict=True)


def _decode_arc(flat: list[int], quantum: float) -> Ring:
    points = array("d")
    x = y = 0
    for index in range(0, len(flat), 2):
        x, y = x + flat[index], y + flat[index + 1]
        points.append(x * quantum)
        points.append(y * quantum)
    return points


def _arc_box(arc: Ring) -> tuple[float, float, float, float]:
    longitudes, latitudes = arc[0::2], arc[1::2]
    return min(longitudes), max(longitudes), min(latitudes), max(latitudes)


def _ring(references: Sequence[int], arcs: Sequence[Ring]) -> Ring:
    """Join a ring's arcs; a negative reference ~i walks arc i backwards (TopoJSON's rule)."""
    points = array("d")
    for reference in references:
        arc = arcs[reference] if reference >= 0 else _backwards(arcs[~reference])
        points.extend(arc[2:] if points else arc)
    return points


def _backwards(arc: Ring) -> Ring:
    """Return an arc's points in the other order, each still (lon, lat)."""
    reversed_values = arc[::-1]  # lat, lon, lat, lon, ...
    backwards = array("d", reversed_values)
    backwards[0::2], backwards[1::2] = reversed_values[1::2], reversed_values[0::2]
    return backwards


def _unwrapped(ring: Ring, longitudes: array) -> Ring:
    """Make a ring that crosses the date line continuous (179 then 181, not -179), so it projects whole.

    Natural Earth via world-atlas keeps Russia's and Fiji's rings unbroken across 180 degrees; a
    ring that goes right round the pole (Antarctica) cannot be unwrapped and stays as it is.
    """
    if max(longitudes) - min(longitudes) <= 180:
        return ring  # no step between two of its points can be longer than half a turn: nothing to unwrap
    points = array("d", ring[:2])
    turn = 0.0
    for lon, lat in points_of(ring[2:]):
        step = lon + turn - points[-2]
        if abs(step) > 180:
            turn -= 360.0 if step > 0 else -360.0
        points.append(lon + turn)
        points.append(lat)
    return ring if turn != 0 else points


def _polygon(rings: tuple[Ring, ...]) -> Polygon:
    rings = tuple(_unwrapped(ring, ring[0::2]) for ring in rings)
    outer = rings[0]
    longitudes, latitudes = outer[0::2], outer[1::2]
    south, north = min(latitudes), max(latitudes)
    area = abs(signed_area(list(points_of(outer)))) * math.cos(math.radians((south + north) / 2))
    return Polygon(rings, min(longitudes), max(longitudes), south, north, area)


def _country(entry: dict, arcs: tuple, boxes: list[tuple[float, float, float, float]]) -> Country:
    used = frozenset(
        reference if reference >= 0 else ~reference for p in entry["polygons"] for r in p for reference in r
    )
    rough = (
        min(boxes[arc][0] for arc in used),
        max(boxes[arc][1] for arc in used),
        min(boxes[arc][2] for arc in used),
        max(boxes[arc][3] for arc in used),
    )
    pieces = functools.partial(_pieces, entry["polygons"], arcs)
    return Country(entry["code"] or entry["name"], entry["code"], entry["name"], used, rough, pieces)


def _pieces(polygons: list, arcs: tuple) -> tuple[Polygon, ...]:
    return tuple(_polygon(tuple(_ring(ring, arcs) for ring in polygon)) for polygon in polygons)
