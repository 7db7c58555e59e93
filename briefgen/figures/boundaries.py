"""Country boundaries shipped with briefgen: Natural Earth admin-0 at 1:50m, simplified.

The data file (``data/admin0.json``) is made by ``tools/update_boundaries.py``
and records where it came from. It is read once per process, through
importlib.resources so it is found in a wheel as in a checkout, and kept.
Borders are drawn as Natural Earth draws them, disputed ones included.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

from briefgen.figures.geometry import signed_area

Point = tuple[float, float]  # (longitude, latitude) in degrees
Ring = tuple[Point, ...]
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
    """A country as Natural Earth draws it; ``code`` is ISO 3166-1 alpha-2, None for the few it leaves uncoded."""

    key: str
    code: str | None
    name: str
    polygons: tuple[Polygon, ...]
    arcs: frozenset[int]
    west: float  # the box of all its pieces, so a map can pass over a country far from its frame at once
    east: float
    south: float
    north: float

    @property
    def largest(self) -> Polygon:
        return max(self.polygons, key=lambda polygon: polygon.area)


@dataclass(frozen=True)
class Boundaries:
    """Every country, by key and by code, and which countries share a border."""

    countries: tuple[Country, ...]
    by_code: dict[str, Country]
    land: tuple[Polygon, ...]  # all land as one, without borders: what the world inset draws
    provenance: dict

    def neighbours(self, country: Country) -> list[Country]:
        """Return the countries that share a stretch of border with this one, in a stable order."""
        return [other for other in self.countries if other is not country and other.arcs & country.arcs]


@functools.cache
def load_boundaries() -> Boundaries:
    """Read and decode the shipped boundaries once per process."""
    raw = json.loads(
        resources.files("briefgen.figures").joinpath("data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    )
    arcs = [_decode_arc(arc, raw["quantum"]) for arc in raw["arcs"]]
    countries = tuple(_country(entry, arcs) for entry in raw["countries"])
    by_code = {country.code: country for country in countries if country.code}
    land = tuple(_polygon(tuple(_ring(ring, arcs) for ring in polygon)) for polygon in raw["land"])
    return Boundaries(countries, by_code, land, raw["provenance"])


def _decode_arc(flat: list[int], quantum: float) -> list[Point]:
    points = []
    x = y = 0
    for index in range(0, len(flat), 2):
        x, y = x + flat[index], y + flat[index + 1]
        points.append((x * quantum, y * quantum))
    return points


def _ring(references: list[int], arcs: list[list[Point]]) -> Ring:
    """Join a ring's arcs; a negative reference ~i walks arc i backwards (TopoJSON's rule)."""
    points: list[Point] = []
    for reference in references:
        arc = arcs[reference] if reference >= 0 else arcs[~reference][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _unwrapped(ring: Ring) -> Ring:
    """Make a ring that crosses the date line continuous (179 then 181, not -179), so it projects whole.

    Natural Earth via world-atlas keeps Russia's and Fiji's rings unbroken across 180 degrees; a
    ring that goes right round the pole (Antarctica) cannot be unwrapped and stays as it is.
    """
    points = [ring[0]]
    turn = 0.0
    for lon, lat in ring[1:]:
        step = lon + turn - points[-1][0]
        if abs(step) > 180:
            turn -= 360.0 if step > 0 else -360.0
        points.append((lon + turn, lat))
    return ring if turn != 0 else tuple(points)


def _polygon(rings: tuple[Ring, ...]) -> Polygon:
    rings = tuple(_unwrapped(ring) for ring in rings)
    outer = rings[0]
    longitudes = [lon for lon, _ in outer]
    latitudes = [lat for _, lat in outer]
    south, north = min(latitudes), max(latitudes)
    area = abs(signed_area(outer)) * math.cos(math.radians((south + north) / 2))
    return Polygon(rings, min(longitudes), max(longitudes), south, north, area)


def _country(entry: dict, arcs: list[list[Point]]) -> Country:
    polygons = tuple(_polygon(tuple(_ring(ring, arcs) for ring in polygon)) for polygon in entry["polygons"])
    used = frozenset(
        reference if reference >= 0 else ~reference for p in entry["polygons"] for r in p for reference in r
    )
    box = (
        min(p.west for p in polygons),
        max(p.east for p in polygons),
        min(p.south for p in polygons),
        max(p.north for p in polygons),
    )
    return Country(entry["code"] or entry["name"], entry["code"], entry["name"], polygons, used, *box)
