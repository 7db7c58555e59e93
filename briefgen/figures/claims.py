"""The claims chart: every claimant's figure for a party and category on one shared axis, never added up.

One row per claim, labelled with its claimant, the figure as worded and its
credibility grade in words, its mark (see ``marks``) below. Every category
(killed, wounded, ...) has one axis for all its parties, so disagreement shows at
a glance. A figure given only in words ("dozens") keeps its row and says it is
not on the scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.figures.geometry import nice_step
from briefgen.figures.marks import INK, Mark, draw_mark, legend
from briefgen.figures.svg import document, element, num, text, wrap

WIDTH = 480.0
LEFT, RIGHT = 12.0, 464.0
LABEL, SMALL, HEADING = 13.5, 11.5, 15.0
ARROW_ROOM = 42.0  # room past the highest figure for an open end's arrow


@dataclass(frozen=True)
class ClaimRow:
    """One claim as the chart shows it."""

    claimant: str
    worded: str  # the figure as the source words it, qualifier included: "approximately 50"
    grade: str  # "credibility 6" or "not graded"
    mark: Mark | None  # None for a figure in words


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
    marks = [row.mark for group in groups for row in group.rows if row.mark]
    body, y = legend(marks, 6.0, LEFT, RIGHT)
    for category in categories:
        block, y = _category_block(category, [g for g in groups if g.category == category], y + 10)
        body += block
    alt = " ".join(["Casualty claims side by side, never added up.", *(_group_alt(group) for group in groups)])
    return document("claims", WIDTH, round(y + 6), alt, body), alt


def _category_block(category: str, groups: list[ClaimGroup], top: float) -> tuple[list[str], float]:
    """Draw one category: its heading, each party's rows and the axis they share."""
    maximum = _axis_max([row.mark for group in groups for row in group.rows if row.mark])
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
            if row.mark:
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
    if not marks:
        return 1.0
    highest = max(mark.high for mark in marks)
    room = 1 + ARROW_ROOM / (RIGHT - LEFT) if any(mark.high_open for mark in marks) else 1.04
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
    if row.mark is None:
        note = "given in words: no number to place on the scale"
        parts.append(
            text(
                LEFT,
                middle + 4,
                note,
                font_size=SMALL,
                font_style="italic",
                class_="fig-label-muted",
                fill=INK["muted"],
            )
        )
    else:
        parts += draw_mark(row.mark, middle, lambda value: LEFT + value * scale, LEFT, RIGHT)
    return parts, middle + 12


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
    claimants = len({row.claimant for row in rows})
    who = (
        f"from {_count(claimants)} claimants"
        if claimants == len(rows)
        else f"in {_count(len(rows))} claims from {_count(claimants)} claimants"
    )
    placed = [row for row in rows if row.mark]
    in_words = "; ".join(f"{row.worded}, {_by(row)}" for row in rows if row.mark is None)
    words_note = f" Given in words: {in_words}." if in_words else ""
    if not placed:
        return f"Claims of {group.phrase}, {who}, all in words: {in_words}."
    lowest = min(placed, key=lambda row: (row.mark.low, not row.mark.low_open))
    highest = max(placed, key=lambda row: (row.mark.high, row.mark.high_open))
    if lowest.worded == highest.worded:
        return f"Claims of {group.phrase} all say {lowest.worded}, {who}.{words_note}"
    return f"Claims of {group.phrase} range from {lowest.worded} to {highest.worded}, {who}.{words_note}"
