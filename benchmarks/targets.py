"""Issue 22's targets for a large archive, and the table that sets each measured figure beside its target."""

from __future__ import annotations

from dataclasses import dataclass

LARGE_FROM = 5000  # from this many briefs on, the 10,000-brief targets apply


@dataclass(frozen=True)
class Goal:
    """One target: the figure it is about, its limit and unit, and how a figure meets it (the issue's words)."""

    figure: str
    limit: float
    unit: str
    bound: str = "under"  # or "or more", "or less"

    def met(self, value: float) -> bool:
        if self.bound == "or more":
            return value >= self.limit
        return value <= self.limit if self.bound == "or less" else value < self.limit

    def said(self) -> str:
        if self.bound == "under":
            return f"under {self.limit:g} {self.unit}"
        return f"{self.limit:g} {self.unit} {self.bound}"


@dataclass(frozen=True)
class Row:
    """A row of the table: what it measures, and its goal at 1,000 briefs and at 10,000."""

    label: str
    small: Goal
    large: Goal
    cpu: str | None = None  # the figure's CPU seconds (the build's and its workers'): steadier under load


ROWS = (
    Row(
        "full HTML build",
        Goal("full_html_briefs_per_s", 200, "briefs/s", "or more"),
        Goal("full_html_build_s", 60, "s", "or less"),
        "full_html_cpu_s",
    ),
    Row(
        "rebuild after editing one sheet",
        Goal("edit_one_rebuild_s", 0.6, "s"),
        Goal("edit_one_rebuild_s", 1.0, "s"),
        "edit_one_rebuild_cpu_s",
    ),
    Row(
        "the same, with its PDF",
        Goal("edit_one_with_pdf_rebuild_s", 1.5, "s"),
        Goal("edit_one_with_pdf_rebuild_s", 2.0, "s"),
        "edit_one_with_pdf_rebuild_cpu_s",
    ),
    Row(
        "no-op rebuild, cold CLI",
        Goal("noop_rebuild_s", 0.4, "s"),
        Goal("noop_rebuild_s", 1.0, "s"),
        "noop_rebuild_cpu_s",
    ),
    Row("`briefgen check briefs/`", Goal("check_s", 2.0, "s"), Goal("check_s", 20.0, "s"), "check_cpu_s"),
    Row(
        "peak memory of the full build (all processes, Pss)",
        Goal("full_html_tree_pss_mb", 150, "MB"),
        Goal("full_html_tree_pss_mb", 300, "MB"),
    ),
)
# Shown beside the row's own figure, so both halves of "full HTML build" are always there.
ALSO = {"full_html_briefs_per_s": "full_html_build_s", "full_html_build_s": "full_html_briefs_per_s"}
UNITS = {"full_html_briefs_per_s": "briefs/s", "full_html_tree_pss_mb": "MB"}


def shown(figure: str, value: float) -> str:
    unit = UNITS.get(figure, "s")
    return f"{value:,.1f} {unit}" if unit != "s" or value >= 10 else f"{value:.2f} s"


def table(result: dict) -> list[str]:
    """Return a markdown table of one archive's figures: ours, the baseline's, their ratio, the target, met or not."""
    ours, large = result["figures"], result["briefs"] >= LARGE_FROM
    theirs = result.get("against", {}).get("figures", {})
    lines = [
        f"{result['archive']} ({result['published']:,} published), {result['jobs']} cores, "
        f"medians of {len(result['runs']['full_html_build_s'])} rounds; {result['bytecode']}",
        "",
        "| figure | now | baseline | now / baseline | CPU now / baseline | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in ROWS:
        goal = row.large if large else row.small
        if goal.figure not in ours:
            continue
        value = ours[goal.figure]
        now = shown(goal.figure, value)
        if goal.figure in ALSO:
            now += f" ({shown(ALSO[goal.figure], ours[ALSO[goal.figure]])})"
        before = shown(goal.figure, theirs[goal.figure]) if goal.figure in theirs else ""
        ratio = f"{value / theirs[goal.figure]:.2f}" if theirs.get(goal.figure) else ""
        cpu = f"{ours[row.cpu] / theirs[row.cpu]:.2f}" if row.cpu and theirs.get(row.cpu) else ""
        met = "yes" if goal.met(value) else "no"
        lines.append(f"| {row.label} | {now} | {before} | {ratio} | {cpu} | {goal.said()} | {met} |")
    return lines
