"""The claims chart: one mark and one label per claim, one axis per category, nothing added up."""

from __future__ import annotations

import re

import pytest

from briefgen.figures.claims import PANEL_HEIGHT, ClaimGroup, ClaimRow, claims_chart
from briefgen.figures.marks import Mark, claim_mark
from briefgen.sheet.models import CasualtyClaim
from tests.figures.support import SVG, example_sheet, figures_of, fixture_sheet, parse, texts, with_class

MARK_CLASSES = ("fig-mark", "fig-mark-hollow")


def lane_labels(svg: str) -> list[str]:
    """The label line of every row: 'claimant: figure · grade'."""
    return lane_labels_of(parse(svg))


def lane_labels_of(root) -> list[str]:
    return [words for words in texts(root, "fig-label") if " \u00b7 " in words]


def marks(svg: str) -> list:
    root = parse(svg)
    legend = {id(element) for group in with_class(root, "fig-legend") for element in group.iter()}
    return [e for css in MARK_CLASSES for e in with_class(root, css) if id(e) not in legend]


def test_four_claimants_for_one_party_give_four_marks_with_their_labels():
    figure = figures_of(fixture_sheet())["claims"]
    labels = lane_labels(figure["svg"])
    army = [label for label in labels[:4]]
    assert army == [
        "Northern Front: at least 40 \u00b7 credibility 4",
        "Defence ministry: 12 \u00b7 credibility 3",
        "Local radio: 20\u201325 \u00b7 not graded",
        "Relief agency: approximately 30 \u00b7 credibility 2",
    ]
    numeric_claims = [claim for claim in fixture_sheet().casualties if claim.bounds]
    assert len(marks(figure["svg"])) == len(numeric_claims) == 8


def axis_ticks(panel) -> str:
    """The tick labels under a panel's axis."""
    ticks = [e for e in panel.iter(f"{SVG}text") if e.get("class") == "fig-label-muted" and e.get("text-anchor")]
    return " ".join(tick.text for tick in ticks)


def test_each_category_has_one_scale_shared_by_its_parties():
    panels = list(parse(figures_of(fixture_sheet())["claims"]["print_svg"]))
    headings = [
        words for panel in panels for words in texts(panel, "fig-label") if words.startswith(("Killed", "Wounded"))
    ]
    assert headings == ["Killed", "Killed (continued)", "Wounded"], "killed (two parties) runs over two panels"
    assert [len(with_class(panel, "fig-axis")) for panel in panels] == [1, 1, 1]
    killed = [axis_ticks(panel) for panel in panels[:2]]
    assert killed[0] == killed[1], "both parties' killed, in either panel, on one scale"


def test_claims_are_never_added_up():
    figure = figures_of(fixture_sheet())["claims"]
    words = " ".join([*texts(parse(figure["svg"])), figure["alt"]])
    army_total = 40 + 12 + 20 + 25 + 30
    assert str(army_total) not in re.findall(r"\d+", words)
    assert "never added up" in figure["alt"]


def test_a_figure_in_words_keeps_its_row_and_says_it_is_not_on_the_scale():
    svg = figures_of(fixture_sheet())["claims"]["svg"]
    assert "Local radio: dozens \u00b7 not graded" in lane_labels(svg)
    assert "given in words: no number to place on the scale" in texts(parse(svg))


def test_a_category_given_only_in_words_has_its_rows_and_no_axis():
    words = ClaimRow("Prime minister", "thousands", "credibility 4", None)
    killed = ClaimRow("Prime minister", "more than 2,000", "credibility 3", Mark(2000, 2000, high_open=True))
    svg, _ = claims_chart(
        [
            ClaimGroup("Party not specified", "people killed", "killed", (killed,)),
            ClaimGroup("Party not specified", "people missing", "missing", (words,)),
        ]
    )
    root = parse(svg)
    assert "Prime minister: thousands \u00b7 credibility 4" in lane_labels_of(root)
    assert "given in words: no number to place on the scale" in texts(root)
    assert len(with_class(root, "fig-axis")) == 1, "killed has its axis, missing none"
    ticks = [words for words in texts(root, "fig-label-muted") if words.replace(",", "").isdigit()]
    assert ticks == ["0", "500", "1,000", "1,500", "2,000", "2,500"], "no 0 0 0 1 1 1 under missing"


def test_the_alt_text_says_the_span_and_how_many_claim():
    alt = figures_of(fixture_sheet())["claims"]["alt"]
    assert "Claims of National army killed range from 12 to at least 40, from four claimants." in alt
    assert "Given in words: dozens, by Local radio." in alt
    example = figures_of(example_sheet())["claims"]["alt"]
    assert "Russian mercenaries killed: one claim, 84, unattributed." in example
    assert "People killed (party not specified): one claim, approximately 50, by Local reports (unnamed)." in example


def test_the_legend_explains_only_the_marks_in_use():
    example = texts(parse(figures_of(example_sheet())["claims"]["svg"]), "fig-label-muted")
    assert "exact figure" in example and "approximately" in example
    assert "range" not in example and "may be higher" not in example
    fixture = texts(parse(figures_of(fixture_sheet())["claims"]["svg"]), "fig-label-muted")
    for words in ("range", "may be higher", "may be lower", "the number itself excluded"):
        assert words in fixture


def test_no_claims_no_chart():
    assert claims_chart([]) is None
    assert figures_of(example_sheet().model_copy(update={"casualties": []}))["claims"] is None


def claim(figure, qualifier) -> CasualtyClaim:
    return CasualtyClaim.model_validate(
        {
            "party": "a",
            "category": "killed",
            "figure": figure,
            "qualifier": qualifier,
            "claimed_by": "b",
            "event": "e",
            "cite": [{"source": "s", "quote": "quoted words"}],
        }
    )


@pytest.mark.parametrize(
    ("figure", "qualifier", "expected"),
    [
        (84, "exact", Mark(84, 84)),
        (50, "approximately", Mark(50, 50, approximate=True)),
        (20, "at_least", Mark(20, 20, high_open=True)),
        (20, "more_than", Mark(20, 20, high_open=True, exclusive=True)),
        (100, "up_to", Mark(100, 100, low_open=True)),
        (10, "fewer_than", Mark(10, 10, low_open=True, exclusive=True)),
        ({"low": 40, "high": 50}, "exact", Mark(40, 50)),
        ({"low": 25, "high": 82, "or_more": True}, "exact", Mark(25, 82, high_open=True)),
        ({"low": 40, "high": 50}, "approximately", Mark(40, 50, approximate=True)),
        ("dozens", None, None),
    ],
)
def test_each_form_of_figure_maps_to_its_mark(figure, qualifier, expected):
    assert claim_mark(claim(figure, qualifier)) == expected


@pytest.mark.parametrize(
    ("mark", "shape"),
    [
        (Mark(5, 5), "circle"),
        (Mark(5, 5, approximate=True), "path"),
        (Mark(5, 5, exclusive=True, high_open=True), "circle"),
        (Mark(4, 6), "rect"),
    ],
)
def test_a_mark_differs_in_shape_not_colour_alone(mark, shape):
    row = ClaimRow("Someone", "words", "not graded", mark)
    svg, _ = claims_chart([ClaimGroup("Party", "party killed", "killed", (row,))])
    drawn = marks(svg)
    assert [element.tag.split("}")[1] for element in drawn] == [shape]
    hollow = drawn[0].get("class") == "fig-mark-hollow"
    assert hollow == (mark.approximate or mark.exclusive)
    arrows = [e for e in parse(svg).iter() if e.get("class") == "fig-open-head"]
    assert len(arrows) == 2 * int(mark.high_open), "an open end has its arrow, and so does its legend sample"


def test_a_long_chart_comes_in_panels_that_each_fit_a_printed_page():
    sheet = example_sheet()
    first = sheet.casualties[0]
    claims = [
        CasualtyClaim.model_validate({**first.model_dump(), "figure": 1000 + number, "qualifier": "at_least"})
        for number in range(60)
    ]
    figure = figures_of(sheet.model_copy(update={"casualties": claims}))["claims"]
    assert parse(figure["svg"]).tag == f"{SVG}svg", "a screen scrolls: one chart"
    panels = list(parse(figure["print_svg"]))
    assert len(panels) >= 3
    heights = [float(panel.get("viewBox").split()[3]) for panel in panels]
    assert max(heights) <= PANEL_HEIGHT + 6, "each panel fits the rest of a page"
    titles = [panel.find(f"{SVG}title") for panel in panels]
    assert len({title.get("id") for title in titles}) == len(panels), "ids stay unique on the page"
    assert titles[0].text == figure["alt"] and all("part" in title.text for title in titles[1:])
    labels = [words for panel in panels for words in lane_labels_of(panel)]
    assert labels == [f"Unattributed: at least {1000 + n:,} \u00b7 credibility 6" for n in range(60)]
    assert [len(with_class(panel, "fig-axis")) for panel in panels] == [1] * len(panels), "every panel has its axis"
