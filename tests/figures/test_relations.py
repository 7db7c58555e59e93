"""The relations diagram: sides read as sides, lines by kind, only actors with a relation, readable at 21."""

from __future__ import annotations

from collections import defaultdict

from briefgen.figures.relations import ActorNode, relations_diagram
from briefgen.figures.sides import Link, arrange
from briefgen.sheet.models import Actor
from tests.figures.support import example_sheet, figures_of, parse, texts, with_class

# Relations for the eight actors of the example that have none, and a 21st actor made up for the test,
# so that 21 are drawn.
EVERYONE_RELATED = {
    "ukraine-foreign-ministry": {"allied_with": ["ukraine"]},
    "andriy-yusov": {"allied_with": ["ukrainian-military-intelligence"]},
    "ukraine-embassy-senegal": {"allied_with": ["ukraine-foreign-ministry"]},
    "senegal": {"opposed_to": ["ukraine-embassy-senegal"]},
    "abdoulaye-diop": {"allied_with": ["mali-transitional-government", "sergei-lavrov"]},
    "sergei-lavrov": {"allied_with": ["russia"]},
    "illegal-gold-miners": {"opposed_to": ["malian-armed-forces"]},
    "local-reports": {"allied_with": ["illegal-gold-miners"]},
}


TEST_ACTOR = {
    "id": "observer-mission",
    "name": "Observer mission (made up for this test)",
    "kind": "international_organisation",
    "allied_with": ["senegal"],
    "role": "None: not in the example.",
    "cite": [{"source": "article", "quote": "not checked here"}],
}


def everyone_related():
    sheet = example_sheet()
    actors = [actor.model_copy(update=EVERYONE_RELATED.get(actor.id, {})) for actor in sheet.actors]
    return sheet.model_copy(update={"actors": [*actors, Actor.model_validate(TEST_ACTOR)]})


def example_links() -> list[Link]:
    sheet = example_sheet()
    links = [Link(a.id, other, "allied") for a in sheet.actors for other in a.allied_with]
    return links + [Link(a.id, other, "opposed") for a in sheet.actors for other in a.opposed_to]


def test_allies_share_a_side_and_opponents_face_each_other():
    links = example_links()
    (group,) = arrange([actor.id for actor in example_sheet().actors], links)
    side = {actor: 0 for actor in group.left} | {actor: 1 for actor in group.right}
    assert all(side[link.first] == side[link.second] for link in links if link.kind == "allied")
    assert all(side[link.first] != side[link.second] for link in links if link.kind == "opposed")
    assert side["mali"] == side["russia"] != side["ukraine"]


def test_actors_without_a_relation_are_left_out():
    figure = figures_of(example_sheet())["relations"]
    names = " ".join(texts(parse(figure["svg"]), "fig-label"))
    for drawn in ("Mali", "Russia", "Tuareg rebels", "GSIM", "al-Qaeda", "Ukraine"):
        assert drawn in names
    for left_out in ("Senegal", "Sergei Lavrov", "Andriy Yusov", "Local reports (unnamed)"):
        assert left_out not in names
    assert "Relations among 12 actors" in figure["alt"]
    assert "6 alliances (solid lines) and 6 oppositions (dashed lines with a cross)" in figure["alt"]


def test_alliances_are_solid_and_oppositions_dashed_and_crossed():
    root = parse(figures_of(example_sheet())["relations"]["svg"])
    allied = with_class(root, "fig-allied")
    opposed = [e for e in with_class(root, "fig-opposed") if e.get("stroke-dasharray")]
    assert allied and all(e.get("stroke-dasharray") is None for e in allied)
    assert opposed, "opposition lines are dashed"
    discs = with_class(root, "fig-cross-disc")
    assert sum(d.get("d").count("M") for d in discs) == 6 + 1, "a crossed disc on each opposition, and the legend's"


def test_all_21_actors_of_the_example_stay_readable():
    figure = figures_of(everyone_related())["relations"]
    root = parse(figure["svg"])
    names = " ".join(texts(root, "fig-label"))
    sheet = everyone_related()
    assert len(sheet.actors) == 21
    for actor in sheet.actors:
        assert actor.name in figure["alt"]
        assert actor.name.split()[0] in names, actor.name
    assert "Relations among 21 actors" in figure["alt"]
    columns = defaultdict(list)
    for element in root.iter():
        if element.get("class") in ("fig-label", "fig-label-muted") and element.get("text-anchor") == "middle":
            columns[element.get("x")].append(float(element.get("y")))
    assert len(columns) == 2, "two columns"
    for heights in columns.values():
        heights.sort()
        assert min(b - a for a, b in zip(heights, heights[1:], strict=False)) >= 10, "no two lines of words overlap"
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == 480 and height < 1000


def test_no_relation_no_diagram():
    actors = [ActorNode("a", "A", "state", "State"), ActorNode("b", "B", "state", "State")]
    assert relations_diagram(actors, []) is None
    assert relations_diagram(actors, [Link("a", "a", "allied"), Link("a", "ghost", "opposed")]) is None


def test_a_relation_stated_both_ways_is_drawn_once():
    actors = [ActorNode("a", "A", "state", "State"), ActorNode("b", "B", "person", "Person")]
    svg, alt = relations_diagram(actors, [Link("a", "b", "allied"), Link("b", "a", "allied")])
    assert parse(svg).find(".//*[@class='fig-allied']") is not None
    assert "1 alliance (solid lines) and 0 oppositions" in alt
