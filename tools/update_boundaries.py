"""Regenerate the country boundaries the locator map ships with, from Natural Earth via npm.

Usage: python tools/update_boundaries.py [--tarball world-atlas-X.Y.Z.tgz] [--tolerance 0.02]

Without --tarball it runs `npm pack world-atlas@VERSION` in a temporary folder
(the npm registry is the only network it touches), reads `countries-50m.json`
from the tarball (Natural Earth admin-0 countries at 1:50m as TopoJSON),
simplifies every arc with Douglas-Peucker (shared borders are simplified once,
so neighbours still meet), quantises to hundredths of a degree and writes
`briefgen/figures/data/admin0.json` (countries as arc references, the land as
a whole for the world inset, the arcs) with a `provenance` record: package,
version, tarball integrity, Natural Earth edition, licence and settings. The
output depends only on the tarball and the settings, so a rerun gives the
same bytes. Run it, look at a few maps, commit the file with this script.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "briefgen" / "figures" / "data" / "admin0.json"
PACKAGE = "world-atlas"
VERSION = "2.0.2"
MEMBER = "package/countries-50m.json"
NATURAL_EARTH = "Natural Earth admin-0 countries, 1:50m, version 4.1.0 (as world-atlas 2.0.2 says)"
QUANTUM = 0.01  # degrees per stored unit: about 1 km, finer than a brief-sized map can show
# The drawing of each country, as Natural Earth draws it; these have no ISO 3166 numeric id there.
UNCODED = ("Somaliland", "Kosovo", "N. Cyprus", "Indian Ocean Ter.", "Siachen Glacier")


def fetch_tarball(folder: Path) -> tuple[Path, dict]:
    """Download the package tarball with npm and return it with npm's record of it."""
    result = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    record = json.loads(result.stdout)[0]
    return folder / record["filename"], {"integrity": record["integrity"], "shasum": record["shasum"]}


def read_topology(tarball: Path) -> dict:
    """Read the countries topology out of the tarball without unpacking anything else."""
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.getmember(MEMBER)
        return json.load(archive.extractfile(member))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Turn quantised, delta-encoded TopoJSON arcs into lists of (lon, lat) degrees."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the ends and every point farther than tolerance from the line it would shorten."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        index, distance = _farthest(points, first, last)
        if distance > tolerance:
            keep[index] = True
            spans += [(first, index), (index, last)]
    kept = [point for point, flag in zip(points, keep, strict=True) if flag]
    if kept[0] == kept[-1] and len(kept) < 4:  # a ring needs three corners to stay a shape
        kept = _ring_corners(points)
    return kept


def _farthest(points: list[tuple[float, float]], first: int, last: int) -> tuple[int, float]:
    (ax, ay), (bx, by) = points[first], points[last]
    length = math.hypot(bx - ax, by - ay)
    best, best_distance = first, -1.0
    for index in range(first + 1, last):
        px, py = points[index]
        if length == 0:
            distance = math.hypot(px - ax, py - ay)
        else:
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        if distance > best_distance:
            best, best_distance = index, distance
    return best, best_distance


def _ring_corners(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a closed arc as a triangle of its points a third of the way apart."""
    step = max(1, (len(points) - 1) // 3)
    return [points[0], points[step], points[min(2 * step, len(points) - 2)], points[-1]]


def quantise(points: list[tuple[float, float]]) -> list[int]:
    """Store an arc as integers in hundredths of a degree: the first point, then deltas."""
    flat: list[int] = []
    last_x = last_y = 0
    previous = None
    for lon, lat in points:
        x, y = round(lon / QUANTUM), round(lat / QUANTUM)
        if (x, y) == previous:
            continue
        flat += [x - last_x, y - last_y]
        last_x, last_y, previous = x, y, (x, y)
    return flat


def country_code(geometry: dict) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a TopoJSON country, from its numeric id."""
    numeric = geometry.get("id")
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else None


def countries(topology: dict) -> list[dict]:
    """List countries with their polygons as arc references; parts with one code become one country."""
    merged: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = country_code(geometry)
        if code is None and name not in UNCODED:
            raise SystemExit(f"{name}: no ISO code and not a known uncoded entry; check the new release")
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        entry = merged.setdefault(code or name, {"code": code, "name": name, "polygons": []})
        entry["polygons"] += polygons
    return sorted(merged.values(), key=lambda entry: (entry["code"] or "~", entry["name"]))


def build_file(tarball: Path, record: dict, tolerance: float) -> dict:
    """Build the shipped boundaries: provenance, quantum, simplified arcs and countries."""
    topology = read_topology(tarball)
    arcs = [quantise(simplify(arc, tolerance)) for arc in decode_arcs(topology)]
    return {
        "provenance": {
            "data": NATURAL_EARTH,
            "licence": "Natural Earth: public domain. world-atlas packaging: ISC licence, Copyright 2013-2019 Michael Bostock",
            "package": f"{PACKAGE}@{VERSION} from the npm registry",
            "file": MEMBER,
            **record,
            "simplified": f"Douglas-Peucker per arc, tolerance {tolerance} degrees",
            "quantum": f"{QUANTUM} degrees; arcs are [x0, y0, dx1, dy1, ...] in quanta",
            "script": "tools/update_boundaries.py",
        },
        "quantum": QUANTUM,
        "arcs": arcs,
        "countries": countries(topology),
        "land": topology["objects"]["land"]["geometries"][0]["arcs"],
    }


def serialise(body: dict) -> str:
    """Write the provenance readably and one country or arc per line, so a new release diffs line by line."""

    def compact(value) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    lines = ["{", f'"provenance": {json.dumps(body["provenance"], indent=1, ensure_ascii=False)},']
    lines.append(f'"quantum": {compact(body["quantum"])},')
    lines.append(f'"land": {compact(body["land"])},')
    for key, closing in (("countries", "],"), ("arcs", "]")):
        lines.append(f'"{key}": [')
        lines += [compact(item) + ("," if n < len(body[key]) - 1 else "") for n, item in enumerate(body[key])]
        lines.append(closing)
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="a world-atlas tarball already on disk (default: npm pack)")
    parser.add_argument("--tolerance", type=float, default=0.02, help="simplification tolerance in degrees")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.tarball:
            tarball, record = args.tarball, {"integrity": "not checked (--tarball given)"}
        else:
            tarball, record = fetch_tarball(Path(folder))
        body = build_file(tarball, record, args.tolerance)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(serialise(body), encoding="utf-8")
    points = sum(len(arc) // 2 for arc in body["arcs"])
    print(f"wrote {args.output}: {len(body['countries'])} countries, {points} points", file=sys.stderr)


if __name__ == "__main__":
    main()
