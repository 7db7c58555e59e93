"""The locator map: the brief's countries shaded, events as numbered dots, a frame that fits, the date line."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import SyntheticBrief
from briefgen.figures import frame as frames
from briefgen.figures.boundaries import load_boundaries
from briefgen.figures.locator import MapEvent, MapRequest, locator_map, map_focus
from briefgen.sheet.countries import country_name
from briefgen.sheet.models import FactSheet
from tests.figures.support import SVG, example_sheet, figures_of, fixture_sheet, flood_sheet, parse, texts, with_class


def dots(svg: str) -> list[tuple[str, float, float]]:
    """Return (number, x, y) of each event dot."""
    root = parse(svg)
    numbers = [element.text for element in root.iter(f"{SVG}text") if element.get("class") == "fig-event-number"]
    circles = with_class(root, "fig-event")
    return [(n, float(c.get("cx")), float(c.get("cy"))) for n, c in zip(numbers, circles, strict=True)]


def view_box(svg: str) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in parse(svg).get("viewBox").split())
    return width, height


def test_the_example_map_shades_its_region_and_marks_the_ambush():
    figure = figures_of(example_sheet())["map"]
    labels = texts(parse(figure["svg"]), "fig-label")
    for name in ("Mali", "Niger", "Senegal", "Burkina Faso"):
        assert name in labels
    assert "Algeria" in texts(parse(figure["svg"]), "fig-label-muted"), "neighbours are named for context"
    assert [number for number, _, _ in dots(figure["svg"])] == ["1"]
    assert figure["events"] == [
        {
            "number": 1,
            "anchor": "event-tinzaouatene-ambush",
            "date_human": "25–27 July 2024",
            "place": "near the village of Tinzaouatène, northern Mali, on the Algerian border",
        }
    ]
    assert "Ukraine and Russia lie outside the map; the world inset shows them." in figure["alt"]
    assert "1, near the village of Tinzaouatène" in figure["alt"]


def test_dot_numbers_follow_the_timeline_and_every_dot_is_inside_the_frame():
    sheet = fixture_sheet()
    figure = figures_of(sheet)["map"]
    width, height = view_box(figure["svg"])
    found = dots(figure["svg"])
    assert [number for number, _, _ in found] == ["1", "2", "3"]
    assert all(0 < x < width and 0 < y < height for _, x, y in found)
    assert [event["place"] for event in figure["events"]] == ["near Gao", "Ménaka", "towards Niamey"]


def test_without_coordinates_the_map_still_shows_the_countries():
    sheet = example_sheet()
    timeline = [event.model_copy(update={"location": None}) for event in sheet.timeline]
    figure = figures_of(sheet.model_copy(update={"timeline": timeline}))["map"]
    assert dots(figure["svg"]) == []
    assert figure["events"] == []
    assert "Mali" in texts(parse(figure["svg"]), "fig-label")
    assert "dot" not in figure["alt"]


def test_a_map_of_nothing_known_is_left_out():
    request = MapRequest("Nowhere", ("TV",), (), (), country_name)  # Tuvalu is not in Natural Earth at 1:50m
    assert locator_map(request) is None


@pytest.mark.parametrize(("code", "widest"), [("RU", 200), ("FJ", 20), ("NL", 10), ("FR", 25)])
def test_frames_fit_the_main_country_across_the_date_line_and_without_overseas_pieces(code, widest):
    """Russia and Fiji cross 180 degrees; the Netherlands and France have pieces in the Caribbean."""
    extent = frames.country_extent(load_boundaries().by_code[code])
    assert extent.east - extent.west < widest


def test_two_draws_give_the_same_bytes():
    request = MapRequest("Sahel", ("ML", "NE"), ("ML",), (MapEvent(1, 2.968, 19.949, "somewhere"),), country_name)
    assert locator_map(request) == locator_map(request)


def test_names_are_escaped_and_the_svg_stands_alone():
    request = MapRequest(
        '<b>"Region"</b> & co', ("ML",), (), (MapEvent(1, -4.0, 17.0, "<script>x</script>"),), country_name
    )
    svg, alt = locator_map(request)
    assert "<script>" not in svg and "<b>" not in svg
    assert parse(svg).find(f"{SVG}title").text == alt


def test_a_country_far_from_the_events_stays_out_of_the_frame():
    world = load_boundaries().by_code
    libya = world["LY"]
    seed = frames.country_extent(libya)
    listed = [world[code] for code in ("EG", "TN", "TR", "AE")]
    extent, taken = frames.fit_near(seed, [frames.country_points(libya)], listed)
    assert [country.code for country in taken] == ["EG", "TN"], "neighbours in, Türkiye and the UAE to the inset"
    assert extent.north < 38 and extent.east < 37


def test_neighbours_come_in_by_way_of_each_other_and_across_a_strait():
    world = load_boundaries().by_code
    mali = world["ML"]
    _, taken = frames.fit_near(frames.country_extent(mali), [frames.country_points(mali)], [world["GH"], world["BF"]])
    assert [country.code for country in taken] == ["GH", "BF"], "Ghana borders Burkina Faso, not Mali"
    tunisia = world["TN"]
    _, taken = frames.fit_near(frames.country_extent(tunisia), [frames.country_points(tunisia)], [world["IT"]])
    assert [country.code for country in taken] == ["IT"], "Sicily is 140 km off Cap Bon"


def unnamed(sheet) -> list[str]:
    """The countries of a brief its map shades in the frame (as its alt text says) but does not name."""
    figure = figures_of(sheet)["map"]
    if figure is None:
        return []
    shaded = figure["alt"].split(" shaded among", 1)[0]
    labels = texts(parse(figure["svg"]), "fig-label")
    return [name for name in map(country_name, sheet.countries) if name in shaded and name not in labels]


@pytest.mark.parametrize("edition", [1, 2, 3])
def test_the_flood_map_is_framed_on_libya_and_its_neighbours(edition):
    sheet = flood_sheet(edition)
    figure = figures_of(sheet)["map"]
    assert "Libya, Egypt and Tunisia" in figure["alt"] or "Libya, Egypt, Tunisia and Türkiye" in figure["alt"]
    located = tuple(
        MapEvent(1, e.location.longitude, e.location.latitude, "")
        for e in sheet.timeline
        if e.location and e.location.latitude
    )
    focus = map_focus(MapRequest(sheet.region, tuple(sheet.countries), ("LY",), located, country_name))
    assert focus.north < 38 and focus.east < 37, "Türkiye (to 42 N, 45 E) does not stretch the frame"
    if edition > 1:
        assert "United Arab Emirates lies outside the map; the world inset shows it." in figure["alt"]
    assert unnamed(sheet) == []


def synthetic_sheets():
    for number in range(40):
        yield FactSheet.model_validate(SyntheticBrief(number).sheet())


def test_every_shaded_country_in_the_frame_has_its_name():
    sheets = [example_sheet(), fixture_sheet(), *synthetic_sheets()]
    missing = {sheet.id: unnamed(sheet) for sheet in sheets}
    assert {brief: names for brief, names in missing.items() if names} == {}


def test_two_events_at_one_place_share_one_mark_with_both_numbers():
    figure = figures_of(flood_sheet(3))["map"]
    root = parse(figure["svg"])
    numbers = [element.text for element in root.iter(f"{SVG}text") if element.get("class") == "fig-event-number"]
    assert numbers == ["1, 3", "2"], "the dams and the protest, both in Derna; Benghazi"
    assert len(with_class(root, "fig-event")) == 2
    assert [event["number"] for event in figure["events"]] == [1, 2, 3], "the key still lists each event"
    assert "Events 1 and 3 happened at one place and share a mark." in figure["alt"]
