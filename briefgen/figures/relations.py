"""The relations diagram: actors as labelled shapes in two columns, alliances solid, oppositions dashed and crossed.

Our own small layout (see ``sides``) rather than a graph library: a brief has a
few dozen actors at most, and two facing columns say "sides" more plainly than
a force layout, need no system binary and give the same picture every build.
Lines between the columns run straight; lines within a column bow outwards.
Only actors with at least one relation are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.figures.sides import Group, Link, arrange
from briefgen.figures.svg import document, element, num, text, wrap
from briefgen.i18n.words import Words, english

XY = tuple[float, float]

GAP = 12.0
INK = {
    "node": "#ffffff",
    "edge": "#1b1f24",
    "side": "#eef1f5",
    "text": "#1b1f24",
    "muted": "#4a5561",
    "allied": "#24415e",
    "opposed": "#8a1c1c",
}
# Shape by kind, beside the kind written in the box: institutions square, people round, armed groups cut-cornered.
SHAPES = {
    "state": "square",
    "government": "square",
    "ministry": "square",
    "armed_forces": "square",
    "person": "round",
    "armed_group": "cut",
    "private_military_company": "cut",
    "terrorist_organisation": "cut",
}


@dataclass(frozen=True)
class DiagramWidth:
    """How wide the diagram is drawn: the print and desk layout, or the narrow one a phone shows at its own size."""

    width: float
    bow: float  # room beside each column for lines that bow out of it
    node: float  # width of an actor's box
    name: float  # font sizes of the name and the kind
    kind: float
    suffix: str  # added to the figure's name and ids: the page carries both layouts

    @property
    def left_x(self) -> float:
        return self.bow

    @property
    def right_x(self) -> float:
        return self.width - self.bow - self.node


WIDE = DiagramWidth(480.0, 38.0, 150.0, 12.0, 10.0, "")
NARROW = DiagramWidth(320.0, 26.0, 114.0, 12.0, 11.0, "-narrow")


@dataclass(frozen=True)
class ActorNode:
    """An actor as the diagram shows it."""

    id: str
    name: str
    kind: str
    kind_label: str


@dataclass
class Placed:
    """An actor's box once laid out: its column (0 left, 1 right), top and height, and its name's and kind's lines."""

    actor: ActorNode
    column: int
    top: float
    height: float
    lines: list[str]
    layout: DiagramWidth
    kinds: list[str]  # the kind's words, line by line: a narrow box wraps "Private military company"

    @property
    def middle(self) -> float:
        return self.top + self.height / 2

    @property
    def left(self) -> float:
        return self.layout.left_x if self.column == 0 else self.layout.right_x


def relations_diagram(
    actors: list[ActorNode], links: list[Link], layout: DiagramWidth = WIDE, words: Words | None = None
) -> tuple[str, str] | None:
    """Draw the actors that have relations; return (svg, alt text), or None when there is no relation.

    ``NARROW`` draws two narrower columns, 320 units wide in all, names at the same size and
    kinds a little larger, for a phone to show at its own size.
    """
    words = words or english()
    known = {actor.id: actor for actor in actors}
    links = _distinct([link for link in links if link.first in known and link.second in known])
    if not links:
        return None
    groups = arrange([actor.id for actor in actors], links)
    body, y = _legend(8.0, layout, words, any(link.kind == "part_of" for link in links))
    placed: dict[str, Placed] = {}
    backgrounds: list[str] = []
    for group in groups:
        y = _place_group(group, known, placed, backgrounds, y + 14, layout)
    ports = _ports(links, placed)
    lines: dict[str, list[str]] = {"allied": [], "opposed": [], "part_of": []}
    crosses = []
    for index, link in enumerate(links):
        first, second = placed[link.first], placed[link.second]
        d, points = _edge(first, ports[index, link.first], second, ports[index, link.second])
        lines[link.kind].append(d)
        if link.kind == "opposed":
            crosses.append(_cross_spot(points, crosses))
    drawn = [*body, *backgrounds, *_lines("".join(lines["allied"]), "".join(lines["opposed"]), crosses)]
    drawn += _part_of_lines("".join(lines["part_of"]))
    drawn += [_outlines(placed.values()), *(word for box in placed.values() for word in _words(box))]
    alt = _alt_text(groups, known, links, words)
    return document(f"relations{layout.suffix}", layout.width, round(y + 8), alt, drawn), alt


def _distinct(links: list[Link]) -> list[Link]:
    """Keep one link per pair and kind, whichever way round the sheet states it; drop self-links."""
    seen: dict[tuple[str, str, str], Link] = {}
    for link in links:
        if link.first != link.second:
            pair = tuple(sorted((link.first, link.second)))
            seen.setdefault((*pair, link.kind), link)
    return list(seen.values())


def _place_group(
    group: Group, known, placed: dict[str, Placed], backgrounds: list[str], top: float, layout: DiagramWidth
) -> float:
    """Stack each column's boxes, centre the shorter column on the taller, and shade each side behind them."""
    columns = []
    for column, ids in enumerate((group.left, group.right)):
        boxes = []
        for actor_id in ids:
            actor = known[actor_id]
            lines = wrap(actor.name, layout.name, layout.node - 16, bold=True)
            kinds = wrap(actor.kind_label, layout.kind, layout.node - 12)
            height = 12 + len(lines) * (layout.name + 3) + len(kinds) * (layout.kind + 3) + 3
            boxes.append(Placed(actor, column, 0.0, height, lines, layout, kinds))
        columns.append(boxes)
    heights = [sum(box.height for box in boxes) + GAP * max(0, len(boxes) - 1) for boxes in columns]
    tallest = max(heights)
    for boxes, height in zip(columns, heights, strict=True):
        y = top + 10 + (tallest - height) / 2
        for box in boxes:
            box.top = y
            placed[box.actor.id] = box
            y += box.height + GAP
    for column, boxes in enumerate(columns):
        if boxes:
            x = (layout.left_x if column == 0 else layout.right_x) - 10
            backgrounds.append(
                element(
                    "rect",
                    class_="fig-side",
                    x=x,
                    y=top,
                    width=layout.node + 20,
                    height=tallest + 20,
                    rx=6.0,
                    fill=INK["side"],
                )
            )
    return top + tallest + 20


def _ports(links: list[Link], placed: dict[str, Placed]) -> dict[tuple[int, str], float]:
    """Spread the lines that meet one side of a box down that side, ordered by where they lead, so none overlap."""
    ends: dict[tuple[str, bool], list[tuple[float, int]]] = {}
    for index, link in enumerate(links):
        a, b = placed[link.first], placed[link.second]
        across = a.column != b.column
        ends.setdefault((link.first, across), []).append((b.middle, index))
        ends.setdefault((link.second, across), []).append((a.middle, index))
    ports = {}
    for (actor, _), leads in ends.items():
        box = placed[actor]
        leads.sort()
        step = min(7.0, (box.height - 12) / max(1, len(leads) - 1))
        for position, (_, index) in enumerate(leads):
            ports[index, actor] = box.middle + (position - (len(leads) - 1) / 2) * step
    return ports


def _edge(a: Placed, a_y: float, b: Placed, b_y: float) -> tuple[str, list[XY]]:
    """Trace a relation, straight across the columns or bowed outwards within one; return it and its Bezier points."""
    if a.column != b.column:
        (y1, y2) = (a_y, b_y) if a.column == 0 else (b_y, a_y)
        x1, x2 = a.layout.left_x + a.layout.node, a.layout.right_x
        thirds = [(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t) for t in (0, 1 / 3, 2 / 3, 1)]
        return f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}", thirds
    y1, y2 = sorted((a_y, b_y))
    x = a.layout.left_x if a.column == 0 else a.layout.right_x + a.layout.node
    control = x + (-1 if a.column == 0 else 1) * min(a.layout.bow - 6, 12 + 0.2 * (y2 - y1)) * 1.33
    curve = f"M{num(x)} {num(y1)}C{num(control)} {num(y1)} {num(control)} {num(y2)} {num(x)} {num(y2)}"
    return curve, [(x, y1), (control, y1), (control, y2), (x, y2)]


def _cross_spot(points: list[XY], taken: list[XY]) -> XY:
    """Pick where along a line its cross goes: the middle, or the nearest spot clear of the crosses already placed."""
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        spot = _bezier(points, t)
        if all(abs(spot[0] - x) > 14 or abs(spot[1] - y) > 14 for x, y in taken):
            return spot
    return _bezier(points, 0.5)


def _bezier(points: list[XY], t: float) -> XY:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def _lines(allied: str, opposed: str, crosses: list[tuple[float, float]]) -> list[str]:
    """Draw all alliances as one solid path and all oppositions as one dashed path, each crossed in a disc.

    One path per kind rather than one per line: a PDF renderer pays per element.
    """
    parts = []
    if allied:
        parts.append(
            element("path", class_="fig-allied", d=allied, fill="none", stroke=INK["allied"], stroke_width=1.6)
        )
    if opposed:
        dashed = {"stroke": INK["opposed"], "stroke_width": 1.6, "stroke_dasharray": "6 4"}
        parts.append(element("path", class_="fig-opposed", d=opposed, fill="none", **dashed))
        parts += _crosses(crosses)
    return parts


def _part_of_lines(part_of: str) -> list[str]:
    """Draw every "part of" as one dotted path in the edges' ink: neither solid nor dashed, so it reads in grey."""
    if not part_of:
        return []
    dotted = {"stroke": INK["edge"], "stroke_width": 2.2, "stroke_dasharray": "0.1 4.5", "stroke_linecap": "round"}
    return [element("path", class_="fig-part-of", d=part_of, fill="none", **dotted)]


def _crosses(centres: list[tuple[float, float]]) -> list[str]:
    """Mark oppositions with a cross in a small disc, so they read without colour."""
    discs = "".join(f"M{num(x - 6.5)} {num(y)}a6.5 6.5 0 1 0 13 0a6.5 6.5 0 1 0 -13 0z" for x, y in centres)
    marks = "".join(f"M{num(x - 3)} {num(y - 3)}l6 6M{num(x + 3)} {num(y - 3)}l-6 6" for x, y in centres)
    return [
        element("path", class_="fig-cross-disc", d=discs, fill=INK["node"], stroke=INK["opposed"], stroke_width=1.2),
        element("path", class_="fig-opposed", d=marks, fill="none", stroke=INK["opposed"], stroke_width=1.6),
    ]


def _outlines(boxes) -> str:
    """Draw every actor's box in one path, each in the shape of its kind."""
    return element(
        "path",
        class_="fig-node",
        d="".join(_outline(box) for box in boxes),
        fill=INK["node"],
        stroke=INK["edge"],
        stroke_width=1.2,
    )


def _outline(box: Placed) -> str:
    """Trace a box: square corners for institutions, round ends for people, cut corners for armed groups."""
    x, y, w, h = box.left, box.top, box.layout.node, box.height
    shape = SHAPES.get(box.actor.kind, "rounded")
    if shape == "square":
        return f"M{num(x)} {num(y)}h{num(w)}v{num(h)}h{num(-w)}z"
    if shape == "cut":
        return f"M{num(x + 7)} {num(y)}h{num(w - 14)}l7 7v{num(h - 14)}l-7 7h{num(14 - w)}l-7 -7v{num(14 - h)}z"
    r = h / 2 if shape == "round" else 7.0
    arc = f"a{num(r)} {num(r)} 0 0 1"
    return (
        f"M{num(x + r)} {num(y)}h{num(w - 2 * r)}{arc} {num(r)} {num(r)}v{num(h - 2 * r)}{arc} {num(-r)} {num(r)}"
        f"h{num(2 * r - w)}{arc} {num(-r)} {num(-r)}v{num(2 * r - h)}{arc} {num(r)} {num(-r)}z"
    )


def _words(box: Placed) -> list[str]:
    """Write an actor's name in bold, line by line, and its kind below."""
    size = box.layout
    middle = box.left + size.node / 2
    name = {
        "font_size": size.name,
        "font_weight": 700,
        "text_anchor": "middle",
        "class_": "fig-label",
        "fill": INK["text"],
    }
    words = [
        text(middle, box.top + 3 + (index + 1) * (size.name + 3), line, **name) for index, line in enumerate(box.lines)
    ]
    kind_y = box.top + 6 + len(box.lines) * (size.name + 3) + size.kind
    kind = {"font_size": size.kind, "text_anchor": "middle", "class_": "fig-label-muted", "fill": INK["muted"]}
    return [*words, *(text(middle, kind_y + i * (size.kind + 3), line, **kind) for i, line in enumerate(box.kinds))]


def _legend(top: float, layout: DiagramWidth, words: Words, part_of: bool = False) -> tuple[list[str], float]:
    """Say what the kinds of line drawn mean ("part of" only when one is); the kinds of actor are in their boxes."""
    y = top + 8
    second = 190.0 if layout.width >= 400 else 150.0
    muted = {"font_size": 11, "class_": "fig-label-muted", "fill": INK["muted"]}
    parts = _lines(f"M12 {num(y)}h40", f"M{num(second)} {num(y)}h40", [(second + 20, y)])
    allied, opposed = words.gettext("allied with"), words.gettext("opposed to")
    parts += [text(60, y + 4, allied, **muted), text(second + 48, y + 4, opposed, **muted)]
    if part_of:
        x, y = (340.0, y) if layout.width >= 400 else (12.0, y + 20)
        parts += [*_part_of_lines(f"M{num(x)} {num(y)}h40"), text(x + 48, y + 4, words.gettext("part of"), **muted)]
    return parts, y + 8


def _alt_text(groups: list[Group], known: dict[str, ActorNode], links: list[Link], words: Words) -> str:
    """Say who is drawn on which side and how many relations of each kind the lines show."""
    count = sum(len(group.left) + len(group.right) for group in groups)
    allied = sum(link.kind == "allied" for link in links)
    part_of = sum(link.kind == "part_of" for link in links)
    opposed = len(links) - allied - part_of
    parts = [
        words.gettext("Relations among %(count)s actors, allies side by side and opponents facing each other.")
        % {"count": words.number(count)}
    ]
    for index, group in enumerate(groups):
        sides = [", ".join(known[a].name for a in column) for column in (group.left, group.right) if column]
        if len(sides) == 2:
            said = words.gettext("on one side: %(first)s; on the other: %(second)s.")
            line = said % {"first": sides[0], "second": sides[1]}
        else:
            line = words.gettext("together: %(actors)s.") % {"actors": sides[0]}
        if index:
            line = words.gettext("Apart from them, %(rest)s") % {"rest": line}
        parts.append(line)
    lines = {
        "alliances": words.ngettext("%(num)s alliance", "%(num)s alliances", allied) % {"num": words.number(allied)},
        "oppositions": words.ngettext("%(num)s opposition", "%(num)s oppositions", opposed)
        % {"num": words.number(opposed)},
    }
    parts.append(words.gettext("%(alliances)s (solid lines) and %(oppositions)s (dashed lines with a cross).") % lines)
    if part_of:
        parts.append(
            words.ngettext(
                "%(num)s actor is part of another (dotted lines).",
                "%(num)s actors are part of another (dotted lines).",
                part_of,
            )
            % {"num": words.number(part_of)}
        )
    return " ".join(part[:1].upper() + part[1:] for part in parts)
