"""Where a PDF puts ink: the box of every word (poppler's pdftotext -bbox) and of every painted path.

Paths are read from each page's content stream with pypdf, following the graphics state
(q/Q, cm, line width, clipping) and the form XObjects WeasyPrint draws SVG labels into, so
a table rule, a figure's frame or a cell's background each give the box they cover on
paper. Boxes are in points from the page's top-left corner, as pdftotext gives them.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4
PRINT_CSS = Path(__file__).resolve().parents[2] / "templates" / "print" / "brief.css"
PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
STROKE = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Ink:
    """One word or painted path: its box (left, top, right, bottom, in pt from the top-left) and what it is."""

    left: float
    top: float
    right: float
    bottom: float
    what: str  # the word, or "rule" for a painted path


@dataclass
class Page:
    """One page: its size, its content box (inside the @page margins) and everything it paints."""

    number: int
    width: float
    height: float
    content: tuple[float, float, float, float]
    ink: list[Ink] = field(default_factory=list)

    def body(self) -> list[Ink]:
        """Return the ink of the page's body: everything but the running header and footer in the margins."""
        left, top, right, bottom = self.content
        return [item for item in self.ink if item.bottom > top and item.top < bottom]

    def outside(self, tolerance: float = 0.5) -> list[Ink]:
        """Return the ink that reaches out of the content box: sideways anywhere, up or down from the body."""
        left, top, right, bottom = self.content
        sideways = [i for i in self.ink if i.left < left - tolerance or i.right > right + tolerance]
        spilling = [i for i in self.body() if i.top + _slack(i) < top - tolerance or i.bottom > bottom + tolerance]
        return list(dict.fromkeys(sideways + spilling))

    def empty_share(self) -> float:
        """Return how much of the content box's height is left blank under the body's lowest ink."""
        _, top, _, bottom = self.content
        body = self.body()
        lowest = max((item.bottom for item in body), default=top)
        return max(0.0, bottom - lowest) / (bottom - top)


def _slack(item: Ink) -> float:
    """Return how far a word's box may rise above its glyphs: pdftotext boxes a word by its font's full
    ascent, which a tight line height (headings at 1.2) lets reach above the line box; capitals stop lower."""
    return 0.25 * (item.bottom - item.top) if item.what != "rule" else 0.0


def page_margins(css: Path = PRINT_CSS) -> tuple[float, float, float, float]:
    """Read the @page margins (top, right, bottom, left, in pt) the print stylesheet sets."""
    rule = re.search(r"@page\s*{[^@]*?margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", css.read_text())
    assert rule, "print/brief.css sets the @page margins in mm, top right bottom left"
    top, right, bottom, left = (float(value) * MM for value in rule.groups())
    return top, right, bottom, left


def read_pages(pdf: Path) -> list[Page]:
    """Read every page's content box and ink."""
    top, right, bottom, left = page_margins()
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        found = Page(number, width, height, (left, top, width - right, height - bottom))
        found.ink += _rules(reader, page, height)
        pages.append(found)
    for number, words in _words(pdf).items():
        pages[number - 1].ink += words
    return pages


def _words(pdf: Path) -> dict[int, list[Ink]]:
    """Return the words of each page with their boxes, as pdftotext lays them out."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words: dict[int, list[Ink]] = {}
    for number, chunk in enumerate(out.split("<page ")[1:], start=1):
        words[number] = [
            Ink(float(x0), float(y0), float(x1), float(y1), unescape(text))
            for x0, y0, x1, y1, text in WORD.findall(chunk)
        ]
    return words


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """Return m then n, as PDF concatenates matrices."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF space (y up)


def _box_of(points: list[tuple[float, float]]) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _meet(a: Box | None, b: Box | None) -> Box | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _rules(reader: PdfReader, page, height: float) -> list[Ink]:
    """Return the box of every painted path on a page, clipped as the page clips it."""
    boxes: list[Box] = []
    _paint(reader, page.get_contents(), page["/Resources"], IDENTITY, None, boxes)
    return [
        Ink(x0, height - y1, x1, height - y0, "rule") for x0, y0, x1, y1 in boxes if x1 - x0 > 0.01 or y1 - y0 > 0.01
    ]


def _paint(reader, contents, resources, matrix: Matrix, clip: Box | None, boxes: list[Box]) -> None:
    """Follow one content stream, adding each painted path's box (and those of the forms it draws)."""
    stack: list[tuple[Matrix, Box | None, float]] = []
    width = 1.0
    path: list[tuple[float, float]] = []
    pending_clip = False
    xobjects = resources.get("/XObject", {}) if resources else {}
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"q":
            stack.append((matrix, clip, width))
        elif operator == b"Q":
            matrix, clip, width = stack.pop()
        elif operator == b"cm":
            matrix = _times(tuple(float(v) for v in operands), matrix)
        elif operator == b"w":
            width = float(operands[0])
        elif operator in (b"m", b"l"):
            path.append(_apply(matrix, float(operands[0]), float(operands[1])))
        elif operator in (b"c", b"v", b"y"):
            values = [float(v) for v in operands]
            path += [_apply(matrix, values[i], values[i + 1]) for i in range(0, len(values), 2)]
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            path += [
                _apply(matrix, x, y),
                _apply(matrix, x + w, y + h),
                _apply(matrix, x, y + h),
                _apply(matrix, x + w, y),
            ]
        elif operator in (b"W", b"W*"):
            pending_clip = True
        elif operator in PAINT or operator == b"n":
            if path:
                box = _box_of(path)
                if operator in STROKE:
                    half = width * max(abs(matrix[0]), abs(matrix[3]), abs(matrix[1]), abs(matrix[2])) / 2
                    box = (box[0] - half, box[1] - half, box[2] + half, box[3] + half)
                if operator != b"n":
                    painted = _meet(box, clip)
                    if painted[2] > painted[0] and painted[3] > painted[1]:
                        boxes.append(painted)
                if pending_clip:
                    clip = _meet(clip, _box_of(path))
            path, pending_clip = [], False
        elif operator == b"Do":
            form = xobjects[operands[0]].get_object()
            if form.get("/Subtype") == "/Form":
                inner = _times(tuple(float(v) for v in form.get("/Matrix", IDENTITY)), matrix)
                x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
                corners = [_apply(inner, x, y) for x, y in ((x0, y0), (x1, y1), (x0, y1), (x1, y0))]
                _paint(reader, form, form.get("/Resources"), inner, _meet(clip, _box_of(corners)), boxes)
