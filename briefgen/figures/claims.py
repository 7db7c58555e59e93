"""The claims chart: every claimant's figure for a party and category on one shared axis, never added up.

One row per claim, labelled with its claimant, the figure as worded and its
credibility grade in words. A mark says what kind of figure it is, in shape
rather than colour: a dot for an exact figure, a hollow diamond for an
approximate one, a bar for a range, an arrow off the open end for "at least"
or "up to". Every category (killed, wounded, ...) has one axis for all its
parties, so disagreement shows at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.figures.geometry import nice_step
from briefgen.figures.svg import document, element, num, text, text_width, wrap
from briefgen.sheet.models import CasualtyClaim, FigureRange

WIDTH = 480.0
LEFT, RIGHT = 12.0, 464.0
LABEL, SMALL, HEADING = 13.5, 11.5, 15.0
ARROW = 30.0  # how far an open end reaches past its figure
INK = {"mark": "#24415e", "text": "#1b1f24", "muted": "#4a5561", "grid": "#d5dbe1", "paper": "#ffffff"}


@dataclass(frozen=True)
class Mark:
    """Where a claim sits on the axis and what kind of figure it is.

    ``lower_open``: the true number may be lower ("up to"); ``upper_open``: it may be
    higher ("at least"). ``approximate``: the source hedges the figure itself.
    """

    low: float
    high: float
    lower_open: bool = False
    upper_open: bool = False
    approximate: bool = False


def claim_mark(claim: CasualtyClaim) -> Mark:
    """Map a claim to its mark: its bounds and how they are qualified. Nothing is rounded."""
    if isinstance(claim.figure, FigureRange):
        low, high = claim.figure.low, claim.figure.high
    else:
        low = high = claim.figure
    qualifier = str(claim.qualifier)
    return Mark(
        low=low,
        high=high,
        lower_open=qualifier == "up_to",
        upper_open=qualifier == "at_least",
        approximate=qualifier == "approximately",
    )


@dataclass(frozen=True)
class ClaimRow:
    """One claim as the chart shows it."""

    claimant: str
    worded: str  # the figure as the source words it, qualifier included: "approximately 50"
    grade: str  # "credibility 6" or "not graded"
    mark: Mark


@dataclass(frozen=True)
class ClaimGroup:
    """The claims for one party and category: ``heading`` names the party, ``phrase`` says whose toll in a sentence."""

    heading: str
    phrase: str
    category: str
    rows: tuple[ClaimRow, ...]


def claims_chart(groups: list[ClaimGroup]) -> tuple[str, str] | None:
    """Draw every group, category by category; return (svg, alt text), or None when there is no claim."""
    groups = [group for group in groups if group.rows]
    if not groups:
        return None
    categories = list(dict.fromkeys(group.category for group in groups))
    marks = [row.mark for group in groups for row in group.rows]
    body, y = _legend(marks, 6.0)
    for category in categories:
        block, y = _category_block(category, [g for g in groups if g.category == category], y + 10)
        body += block
    alt = " ".join(["Casualty claims side by side, never added up.", *(_group_alt(group) for group in groups)])
    return document("claims", WIDTH, round(y + 6), alt, body), alt


def _category_block(category: str, groups: list[ClaimGroup], top: float) -> tuple[list[str], float]:
    """Draw one category: its heading, each party's rows and the axis they share."""
    maximum = _axis_max([row.mark for group in groups for row in group.rows])
    scale = (RIGHT - LEFT) / maximum
    parts = [
        text(
            LEFT,
            top + HEADING,
            category[:1].upper() + category[1:],
            font_size=HEADING,
            font_weight=700,
            class_="fig-label",
            fill=INK["text"],
        )
    ]
    y = top + HEADING + 8
    rows: list[str] = []
    lane_middles: list[float] = []
    for group in groups:
        rows.append(
            text(
                LEFT,
                y + LABEL + 2,
                group.heading,
                font_size=LABEL,
                font_weight=700,
                class_="fig-label",
                fill=INK["text"],
            )
        )
        y += LABEL + 10
        for row in group.rows:
            drawn, y = _row(row, y, scale)
            rows += drawn
            lane_middles.append(y - 12)
    step = nice_step(maximum, 5)
    ticks = [step * index for index in range(int(maximum / step + 1e-9) + 1)]
    lanes = "".join(
        f"M{num(LEFT)} {num(middle)}H{num(RIGHT)}"
        + "".join(f"M{num(LEFT + tick * scale)} {num(middle - 7)}v14" for tick in ticks)
        for middle in lane_middles
    )
    parts.append(element("path", class_="fig-grid", d=lanes, stroke=INK["grid"]))
    parts += rows
    parts.append(element("path", class_="fig-axis", d=f"M{num(LEFT)} {num(y + 4)}H{num(RIGHT)}", stroke=INK["muted"]))
    for tick in ticks:
        x = LEFT + tick * scale
        anchor = "start" if tick == 0 else "end" if x > RIGHT - 20 else "middle"
        parts.append(
            text(
                x,
                y + 18,
                f"{tick:,.0f}",
                font_size=SMALL,
                text_anchor=anchor,
                class_="fig-label-muted",
                fill=INK["muted"],
            )
        )
    return parts, y + 22


def _axis_max(marks: list[Mark]) -> float:
    """Return a round axis end past every figure, leaving room for arrows off open ends."""
    highest = max(mark.high for mark in marks)
    room = 1 + (ARROW + 12) / (RIGHT - LEFT) if any(mark.upper_open for mark in marks) else 1.04
    needed = max(highest * room, 1.0)
    step = nice_step(needed, 5)
    return step * -(-needed // step)


def _row(row: ClaimRow, top: float, scale: float) -> tuple[list[str], float]:
    """Draw one claim: who, the figure as worded and the grade on one line (wrapped when long), its mark below."""
    lines = wrap(f"{row.claimant}: {row.worded} \u00b7 {row.grade}", LABEL, RIGHT - LEFT)
    parts = [
        text(LEFT, top + LABEL + index * (LABEL + 3), line, font_size=LABEL, class_="fig-label", fill=INK["text"])
        for index, line in enumerate(lines)
    ]
    middle = top + len(lines) * (LABEL + 3) + 9
    parts += draw_mark(row.mark, middle, lambda value: LEFT + value * scale)
    return parts, middle + 12


def draw_mark(mark: Mark, y: float, x_of) -> list[str]:
    """Draw a mark centred on height y; x_of places a figure on the axis."""
    low, high = x_of(mark.low), x_of(mark.high)
    parts = []
    if mark.upper_open:
        parts.append(_arrow(high, y, min(high + ARROW, RIGHT)))
    if mark.lower_open:
        parts.append(_arrow(low, y, max(low - ARROW, LEFT)))
    if high > low:
        hollow = INK["paper"] if mark.approximate else INK["mark"]
        parts.append(
            element(
                "rect",
                class_="fig-mark-hollow" if mark.approximate else "fig-mark",
                x=low,
                y=y - 4,
                width=high - low,
                height=8.0,
                fill=hollow,
                stroke=INK["mark"],
                stroke_width=1.5,
            )
        )
    elif mark.approximate:
        diamond = f"M{num(low)} {num(y - 6)}l6 6l-6 6l-6 -6z"
        parts.append(
            element(
                "path", class_="fig-mark-hollow", d=diamond, fill=INK["paper"], stroke=INK["mark"], stroke_width=1.8
            )
        )
    else:
        parts.append(element("circle", class_="fig-mark", cx=low, cy=y, r=5.0, fill=INK["mark"]))
    return parts


def _arrow(start: float, y: float, end: float) -> str:
    """Draw a dashed line from a figure towards where the claim leaves it open, with a head at the far end."""
    direction = 1 if end > start else -1
    head = f"M{num(end)} {num(y)}l{num(-7 * direction)} -4v8z"
    line = f"M{num(start)} {num(y)}H{num(end - 6 * direction)}"
    return element(
        "g",
        element("path", class_="fig-open-line", d=line, stroke=INK["mark"], stroke_width=1.5, stroke_dasharray="3 2")
        + element("path", class_="fig-open-head", d=head, fill=INK["mark"]),
        class_="fig-mark-open",
    )


# --- legend and words --------------------------------------------------------

LEGEND = (  # (what a reader sees, a sample mark drawn in a 36-unit space)
    ("exact figure", Mark(26, 26)),
    ("approximately", Mark(26, 26, approximate=True)),
    ("range", Mark(0, 28)),
    ("approximate range", Mark(0, 28, approximate=True)),
    ("at least (may be higher)", Mark(5, 5, upper_open=True)),
    ("up to (may be lower)", Mark(35, 35, lower_open=True)),
)


def _legend_entries(marks: list[Mark]) -> list[tuple[str, Mark]]:
    """Pick the legend entries for the kinds of mark the chart uses, in a fixed order."""
    used = set()
    for mark in marks:
        ranged = mark.high > mark.low
        used.add(("approximate range" if mark.approximate else "range") if ranged else None)
        used.add(None if ranged else "approximately" if mark.approximate else "exact figure")
        used.add("at least (may be higher)" if mark.upper_open else None)
        used.add("up to (may be lower)" if mark.lower_open else None)
    return [entry for entry in LEGEND if entry[0] in used]


def _legend(marks: list[Mark], top: float) -> tuple[list[str], float]:
    """Draw the legend across the top, wrapping onto a second line when it must; return it and where it ends."""
    parts: list[str] = []
    x, y = LEFT, top + 10
    for words, sample in _legend_entries(marks):
        width = 44 + text_width(words, SMALL) + 16
        if x + width > RIGHT and x > LEFT:
            x, y = LEFT, y + 20
        origin = x + (4 if sample.high > sample.low else 0)
        parts += draw_mark(sample, y, lambda value, origin=origin: origin + value)
        parts.append(text(x + 44, y + 4, words, font_size=SMALL, class_="fig-label-muted", fill=INK["muted"]))
        x += width
    return [element("g", "".join(parts), class_="fig-legend")], y + 10


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(number: int) -> str:
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


def _by(row: ClaimRow) -> str:
    return "unattributed" if row.claimant.lower() == "unattributed" else f"by {row.claimant}"


def _group_alt(group: ClaimGroup) -> str:
    """Say what one party's rows show: the one claim, or the span from the lowest to the highest and how many claim."""
    rows = group.rows
    if len(rows) == 1:
        return f"{group.phrase[:1].upper()}{group.phrase[1:]}: one claim, {rows[0].worded}, {_by(rows[0])}."
    lowest = min(rows, key=lambda row: (row.mark.low, row.mark.lower_open is False))
    highest = max(rows, key=lambda row: (row.mark.high, row.mark.upper_open))
    claimants = len({row.claimant for row in rows})
    who = (
        f"from {_count(claimants)} claimants"
        if claimants == len(rows)
        else f"in {_count(len(rows))} claims from {_count(claimants)} claimants"
    )
    if lowest.mark.low == highest.mark.high and lowest.worded == highest.worded:
        return f"Claims of {group.phrase} all say {lowest.worded}, {who}."
    return f"Claims of {group.phrase} range from {lowest.worded} to {highest.worded}, {who}."
