"""Plane geometry the figures need: clipping to a frame, thinning lines, where a label fits, boxes that overlap."""

from __future__ import annotations

import math
from dataclasses import dataclass

XY = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def around(cls, x: float, y: float, width: float, height: float) -> Box:
        """Return the box of that size centred on (x, y)."""
        return cls(x - width / 2, y - height / 2, x + width / 2, y + height / 2)

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def inside(self, other: Box) -> bool:
        """Tell whether this box lies wholly within the other."""
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )

    def grown(self, margin: float) -> Box:
        return Box(self.left - margin, self.top - margin, self.right + margin, self.bottom + margin)


def clip_ring(ring: list[XY], frame: Box) -> list[XY]:
    """Clip a closed ring to a rectangle (Sutherland-Hodgman); the part outside is cut away."""
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    if min(xs) >= frame.left and max(xs) <= frame.right and min(ys) >= frame.top and max(ys) <= frame.bottom:
        return ring
    points = ring
    # Each edge keeps one side of a line: (axis, limit, keep the points above it).
    for axis, limit, above in (
        (0, frame.left, True),
        (0, frame.right, False),
        (1, frame.top, True),
        (1, frame.bottom, False),
    ):
        if not points:
            break
        points = _clip_side(points, axis, limit, above)
    return points


def _clip_side(points: list[XY], axis: int, limit: float, above: bool) -> list[XY]:
    """Keep the part of a ring on one side of a vertical (axis 0) or horizontal (axis 1) line."""
    cross = _at_x if axis == 0 else _at_y
    clipped: list[XY] = []
    previous = points[-1]
    was_in = previous[axis] >= limit if above else previous[axis] <= limit
    for point in points:
        is_in = point[axis] >= limit if above else point[axis] <= limit
        if is_in:
            if not was_in:
                clipped.append(cross(previous, point, limit))
            clipped.append(point)
        elif was_in:
            clipped.append(cross(previous, point, limit))
        previous, was_in = point, is_in
    return clipped


def _at_x(a: XY, b: XY, x: float) -> XY:
    share = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + share * (b[1] - a[1])


def _at_y(a: XY, b: XY, y: float) -> XY:
    share = (y - a[1]) / (b[1] - a[1])
    return a[0] + share * (b[0] - a[0]), y


def thin(points: list[XY], tolerance: float) -> list[XY]:
    """Drop points closer than tolerance to the line between their neighbours that are kept (Douglas-Peucker)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    far = _farthest_from_first(points)
    keep[far] = True  # a ring's first and last points coincide, so split it at its farthest point first
    spans = [(0, far), (far, len(points) - 1)]
    limit = tolerance * tolerance
    while spans:
        first, last = spans.pop()
        index, distance = _farthest(points, first, last)
        if index and distance > limit:
            keep[index] = True
            spans += [(first, index), (index, last)]
    return [point for point, flag in zip(points, keep, strict=True) if flag]


def _farthest_from_first(points: list[XY]) -> int:
    """Return the index after 0 of the point farthest from the first (the first of them on a tie), as max() would."""
    x0, y0 = points[0]
    best, best_distance = 1, None
    for index in range(1, len(points)):
        x, y = points[index]
        distance = (x0 - x) ** 2 + (y0 - y) ** 2
        if best_distance is None or distance > best_distance:
            best, best_distance = index, distance
    return best


def _farthest(points: list[XY], first: int, last: int) -> tuple[int, float]:
    """Return the index between first and last farthest from their chord, and its squared distance."""
    (ax, ay), (bx, by) = points[first], points[last]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    best, best_distance = 0, -1.0
    for index in range(first + 1, last):
        px, py = points[index]
        if length == 0:
            distance = (px - ax) ** 2 + (py - ay) ** 2
        else:
            cross = dx * (ay - py) - (ax - px) * dy
            distance = cross * cross / length
        if distance > best_distance:
            best, best_distance = index, distance
    return best, best_distance


def signed_area(ring: list[XY]) -> float:
    """Return the area of a ring by the shoelace formula, positive when it turns clockwise on screen (y down)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def area(ring: list[XY]) -> float:
    """Return the unsigned area of a ring."""
    return abs(signed_area(ring))


def label_spots(ring: list[XY]) -> list[tuple[XY, float]]:
    """List where a label could sit inside a ring, best first: the middles of horizontal runs, with their widths.

    Scans a few heights around the middle; a centroid can fall outside a crescent-shaped
    country, the middle of an inside run cannot. Central runs rank above wider edge ones.
    """
    top = min(y for _, y in ring)
    bottom = max(y for _, y in ring)
    spots = []
    for share in (0.5, 0.42, 0.58, 0.33, 0.67, 0.25, 0.75):
        y = top + share * (bottom - top)
        for left, right in _runs(ring, y):
            score = (right - left) * (1 - 0.5 * abs(share - 0.5))
            spots.append((-score, len(spots), ((left + right) / 2, y), right - left))
    return [(spot, width) for _, _, spot, width in sorted(spots)]


def _runs(ring: list[XY], y: float) -> list[tuple[float, float]]:
    """Return the stretches of the horizontal line at y that lie inside the ring (even-odd rule)."""
    crossings = []
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y1 <= y < y2) or (y2 <= y < y1):
            crossings.append(x1 + (y - y1) / (y2 - y1) * (x2 - x1))
    crossings.sort()
    return [(crossings[i], crossings[i + 1]) for i in range(0, len(crossings) - 1, 2)]


def nice_step(span: float, count: int) -> float:
    """Return a round step (1, 2, 2.5 or 5 times a power of ten) that cuts span into about count parts."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power
