"""The claims chart: every claimant's figure for a party and category on one shared axis, never added up.

One row per claim, labelled with its claimant, the figure as worded and its
credibility grade in words, its mark (see ``marks``) below. Every category
(killed, wounded, ...) has one axis for all its parties, so disagreement shows at
a glance. A figure given only in words ("dozens") keeps its row and says it is
not on the scale.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

from briefgen.figures.geometry import nice_step
from briefgen.figures.marks import INK, Mark, draw_mark, draw_withdrawn_mark, legend
from briefgen.figures.svg import document, element, num, text, wrap
from briefgen.i18n.words import N_, Words, english

LABEL, SMALL, HEADING = 13.0, 11.5, 14.5
ARROW_ROOM = 42.0  # room past the highest figure for an open end's arrow
PANEL_HEIGHT = 300.0  # drawing units, under 7 cm printed: a panel moved on leaves under a third of a page
AXIS_HEIGHT = 22.0
CATEGORY_HEAD, GROUP_HEAD = 10 + HEADING + 8, 4 + LABEL + 8


@dataclass(frozen=True)
class ChartWidth:
    """How wide a chart is drawn: the print and desk layout, or the narrow one a phone shows at its own size."""

    width: float
    left: float
    right: float
    ticks: int  # about how many steps the axis is cut into
    suffix: str  # added to the figure's name and ids: the page carries both layouts
    panel: float = math.inf  # greatest height of one <svg>: paper turns pages between them, a screen scrolls

    @property
    def span(self) -> float:
        return self.right - self.left


WIDE = ChartWidth(480.0, 12.0, 464.0, 5, "")
NARROW = ChartWidth(320.0, 8.0, 312.0, 5, "-narrow")
PRINT = ChartWidth(480.0, 12.0, 464.0, 5, "", PANEL_HEIGHT)


@dataclass(frozen=True)
class ClaimRow:
    """One claim as the chart shows it."""

    claimant: str
    worded: str  # the figure as the source words it, qualifier included: "approximately 50"
    grade: str  # "credibility 6" or "not graded"
    mark: Mark | None  # None for a figure in words
    withdrawn: str = ""  # for a withdrawn claim, when: "withdrawn on 17 September 2023"; drawn apart, hollow
    flag: str = ""  # what leads a withdrawn claim's label, in capitals: "WITHDRAWN"
    status: str = ""  # what has become of a standing claim since: "revised on 17 September 2023 to 3,958"


@dataclass(frozen=True)
class ClaimGroup:
    """The claims for one party and category: ``heading`` names the party, ``phrase`` says whose toll in a sentence."""

    heading: str
    phrase: str
    category: str
    rows: tuple[ClaimRow, ...]
    category_name: str = ""  # the category as its heading reads, in the brief's language ('Killed')


def claims_chart(
    groups: list[ClaimGroup], layout: ChartWidth = WIDE, words: Words | None = None
) -> tuple[str, str] | None:
    """Draw every group, category by category; return (svg, alt text), or None when there is no claim.

    ``PRINT`` cuts a chart taller than a third of a printed page into panels, each an <svg> of
    its own with the axis repeated, so the PDF can turn the page between them; on a screen
    (``WIDE``) it is one. ``NARROW`` draws it 320 units wide, labels at the same sizes, for a
    phone to show at its own size.
    """
    words = words or english()
    groups = [_standing_first(group) for group in groups if group.rows]
    if not groups:
        return None
    rows = [row for group in groups for row in group.rows]
    marks = [row.mark for row in rows if row.mark and not row.withdrawn]
    withdrawn = any(row.withdrawn and row.mark for row in rows)
    chart = _Chart(layout, *legend(marks, 6.0, layout.left, layout.right, withdrawn, words), words)
    for category in dict.fromkeys(group.category for group in groups):
        chart.draw_category(category, [group for group in groups if group.category == category])
    chart.finish()
    lead = words.gettext("Casualty claims side by side, never added up.")
    alt = " ".join([lead, *(_group_alt(group, words) for group in groups)])
    count = len(chart.panels)
    svgs = [
        document(
            f"claims{layout.suffix}" if number == 1 else f"claims{layout.suffix}-{number}",
            layout.width,
            round(height + 6),
            alt
            if number == 1
            else words.gettext("Casualty claims, part %(number)s of %(count)s; the first part describes them all.")
            % {"number": words.number(number), "count": words.number(count)},
            parts,
        )
        for number, (parts, height) in enumerate(chart.panels, start=1)
    ]
    return "\n".join(svgs), alt


def _standing_first(group: ClaimGroup) -> ClaimGroup:
    """Move a group's withdrawn claims after its standing ones, so they are set apart under their own heading."""
    rows = sorted(group.rows, key=lambda row: bool(row.withdrawn))
    return replace(group, rows=tuple(rows))


class _Chart:
    """The chart as it is laid out, panel by panel: the parts drawn so far and how far down they reach."""

    def __init__(self, layout: ChartWidth, parts: list[str], y: float, words: Words):
        self.layout = layout
        self.words = words
        self.panels: list[tuple[list[str], float]] = []
        self.parts, self.y = parts, y
        self.lanes: list[float] = []
        self.started = False  # whether this panel has a category drawn in it yet

    def draw_category(self, category: str, groups: list[ClaimGroup]) -> None:
        """Draw a category's heading, each party's rows and the axis they share, starting panels as needed.

        A heading never ends a panel: it moves to the next one with the first row under it.
        """
        layout = self.layout
        maximum = _axis_max([row.mark for group in groups for row in group.rows if row.mark], layout)
        name = groups[0].category_name or category[:1].upper() + category[1:]
        whole = CATEGORY_HEAD + sum(
            GROUP_HEAD + sum(_row_height(row, layout) for row in group.rows) for group in groups
        )
        if self.started and not self._fits(whole) and whole + AXIS_HEIGHT <= layout.panel:
            self._next_panel()  # a category that fits a panel of its own is not cut in two
        elif self.started and not self._fits(CATEGORY_HEAD + GROUP_HEAD + _row_height(groups[0].rows[0], layout)):
            self._next_panel()
        self._heading(name, HEADING, self.y + 10)
        for group in groups:
            if self.lanes and not self._fits(GROUP_HEAD + _row_height(group.rows[0], layout)):
                self._turn_panel(name, maximum)
            self._heading(group.heading, LABEL, self.y + 4)
            for index, row in enumerate(group.rows):
                if self.lanes and not self._fits(_row_height(row, layout)):
                    self._turn_panel(name, maximum)
                    self._heading(self._continued(group.heading), LABEL, self.y + 4)
                if row.withdrawn and not (index and group.rows[index - 1].withdrawn):
                    self._aside(self.words.gettext("Withdrawn: %(group)s") % {"group": group.heading})
                drawn, self.y = _row(row, self.y, layout.span / maximum, layout, self.words)
                self.parts += drawn
                if row.mark:
                    self.lanes.append(self.y - 10)
        self._axis(maximum)
        self.started = True

    def _aside(self, words: str) -> None:
        """Head the withdrawn claims of a group, in italics under a rule, so they read as no longer standing."""
        left, right = self.layout.left, self.layout.right
        rule = f"M{num(left)} {num(self.y + 2)}H{num(right)}"
        self.parts.append(element("path", class_="fig-rule", d=rule, stroke=INK["muted"], stroke_dasharray="2 3"))
        muted = {"font_size": LABEL, "font_style": "italic", "class_": "fig-label-muted", "fill": INK["muted"]}
        self.parts.append(text(left, self.y + 6 + LABEL, words, **muted))
        self.y += 6 + LABEL + 8

    def _fits(self, height: float) -> bool:
        return self.y + height + AXIS_HEIGHT <= self.layout.panel

    def _turn_panel(self, category: str, maximum: float) -> None:
        """Close the panel with its axis and open the next with the category's heading again."""
        self._axis(maximum)
        self._next_panel()
        self._heading(self._continued(category), HEADING, self.y + 10)

    def _continued(self, heading: str) -> str:
        return self.words.gettext("%(heading)s (continued)") % {"heading": heading}

    def _heading(self, words: str, size: float, top: float) -> None:
        bold = {"font_size": size, "font_weight": 700, "class_": "fig-label", "fill": INK["text"]}
        self.parts.append(text(self.layout.left, top + size, words, **bold))
        self.y = top + size + 8

    def _axis(self, maximum: float) -> None:
        """Draw the lanes of the rows drawn since the last axis, and the axis under them.

        Rows given only in words have no lane: with none but them there is nothing to place,
        so no axis either (it would count 0 to 1 under "thousands").
        """
        if not self.lanes:
            self.y += 6
            return
        left, right = self.layout.left, self.layout.right
        scale = self.layout.span / maximum
        step = nice_step(maximum, self.layout.ticks)
        ticks = [step * index for index in range(int(maximum / step + 1e-9) + 1)]
        lanes = "".join(
            f"M{num(left)} {num(middle)}H{num(right)}"
            + "".join(f"M{num(left + tick * scale)} {num(middle - 7)}v14" for tick in ticks)
            for middle in self.lanes
        )
        self.parts.insert(0, element("path", class_="fig-grid", d=lanes, stroke=INK["grid"]))
        axis = f"M{num(left)} {num(self.y + 4)}H{num(right)}"
        self.parts.append(element("path", class_="fig-axis", d=axis, stroke=INK["muted"]))
        muted = {"font_size": SMALL, "class_": "fig-label-muted", "fill": INK["muted"]}
        for tick in ticks:
            x = left + tick * scale
            anchor = "start" if tick == 0 else "end" if x > right - 20 else "middle"
            self.parts.append(text(x, self.y + 18, self.words.number(round(tick)), text_anchor=anchor, **muted))
        self.y += 22
        self.lanes = []

    def _next_panel(self) -> None:
        self.panels.append((self.parts, self.y))
        self.parts, self.y, self.started = [], 0.0, False

    def finish(self) -> None:
        self._next_panel()


def _axis_max(marks: list[Mark], layout: ChartWidth) -> float:
    """Return a round axis end past every figure, leaving room for arrows off open ends."""
    if not marks:
        return 1.0
    highest = max(mark.high for mark in marks)
    room = 1 + ARROW_ROOM / layout.span if any(mark.high_open for mark in marks) else 1.04
    needed = max(highest * room, 1.0)
    step = nice_step(needed, layout.ticks)
    return step * -(-needed // step)


@functools.lru_cache(maxsize=1024)
def _label_lines(row: ClaimRow, span: float) -> tuple[str, ...]:
    after = f" \u00b7 {row.withdrawn or row.status}" if row.withdrawn or row.status else ""
    lead = f"{row.flag} \u00b7 " if row.flag else ""
    return tuple(wrap(f"{lead}{row.claimant}: {row.worded} \u00b7 {row.grade}{after}", LABEL, span))


LINE = LABEL + 2.5


def _row_height(row: ClaimRow, layout: ChartWidth) -> float:
    return len(_label_lines(row, layout.span)) * LINE + 18


IN_WORDS_NOTE = N_("given in words: no number to place on the scale")


def _row(row: ClaimRow, top: float, scale: float, layout: ChartWidth, words: Words) -> tuple[list[str], float]:
    """Draw one claim: who, the figure as worded and the grade on one line (wrapped when long), its mark below."""
    left = layout.left
    lines = _label_lines(row, layout.span)
    parts = [
        text(left, top + LABEL + index * LINE, line, font_size=LABEL, class_="fig-label", fill=INK["text"])
        for index, line in enumerate(lines)
    ]
    middle = top + len(lines) * LINE + 8
    if row.mark is None:
        note = words.gettext(IN_WORDS_NOTE)
        parts.append(
            text(
                left,
                middle + 4,
                note,
                font_size=SMALL,
                font_style="italic",
                class_="fig-label-muted",
                fill=INK["muted"],
            )
        )
    elif row.withdrawn:
        parts += draw_withdrawn_mark(row.mark, middle, lambda value: left + value * scale)
    else:
        parts += draw_mark(row.mark, middle, lambda value: left + value * scale, left, layout.right)
    return parts, middle + 10


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(number: int, words: Words) -> str:
    """Say a small count in English words ('two'), any other count or language in digits."""
    english_words = words.locale.language == "en" and number < len(NUMBER_WORDS)
    return NUMBER_WORDS[number] if english_words else words.number(number)


def _by(row: ClaimRow, words: Words) -> str:
    unattributed = words.gettext("Unattributed")
    if row.claimant.lower() == unattributed.lower():
        return unattributed.lower()
    return words.gettext("by %(claimant)s") % {"claimant": row.claimant}


def _group_alt(group: ClaimGroup, words: Words) -> str:
    """Say what one party's standing claims show, then the withdrawn ones apart: never part of the span."""
    standing = tuple(row for row in group.rows if not row.withdrawn)
    gone = "; ".join(f"{row.worded}, {_by(row, words)}, {row.withdrawn}" for row in group.rows if row.withdrawn)
    kept = replace(group, rows=standing)
    said = _standing_alt(kept, words) if standing else ""
    gone_said = words.gettext("Withdrawn: %(claims)s.") % {"claims": gone} if gone else ""
    return " ".join(part for part in (said, gone_said) if part)


def _standing_alt(group: ClaimGroup, words: Words) -> str:
    """Say what one party's rows show: the one claim, or the span from the lowest to the highest and how many claim."""
    rows = group.rows
    if len(rows) == 1:
        phrase = group.phrase[:1].upper() + group.phrase[1:]
        said = {"group": phrase, "figure": rows[0].worded, "by": _by(rows[0], words)}
        return words.gettext("%(group)s: one claim, %(figure)s, %(by)s.") % said
    claimants = len({row.claimant for row in rows})
    counts = {"claims": _count(len(rows), words), "claimants": _count(claimants, words)}
    who = (
        words.gettext("from %(claimants)s claimants") % counts
        if claimants == len(rows)
        else words.gettext("in %(claims)s claims from %(claimants)s claimants") % counts
    )
    placed = [row for row in rows if row.mark]
    in_words = "; ".join(f"{row.worded}, {_by(row, words)}" for row in rows if row.mark is None)
    words_note = " " + words.gettext("Given in words: %(figures)s.") % {"figures": in_words} if in_words else ""
    said = {"group": group.phrase, "who": who, "figures": in_words}
    if not placed:
        return words.gettext("Claims of %(group)s, %(who)s, all in words: %(figures)s.") % said
    lowest = min(placed, key=lambda row: (row.mark.low, not row.mark.low_open))
    highest = max(placed, key=lambda row: (row.mark.high, row.mark.high_open))
    if lowest.worded == highest.worded:
        said["figure"] = lowest.worded
        return words.gettext("Claims of %(group)s all say %(figure)s, %(who)s.") % said + words_note
    said.update(low=lowest.worded, high=highest.worded)
    return words.gettext("Claims of %(group)s range from %(low)s to %(high)s, %(who)s.") % said + words_note
