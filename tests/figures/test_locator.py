"""The locator map: the brief's countries shaded, events as numbered dots, a frame that fits, the date line."""

from __future__ import annotations

import pytest

from briefgen.figures import frame as frames
from briefgen.figures.boundaries import load_boundaries
from briefgen.figures.locator import MapEvent, MapRequest, locator_map
from briefgen.sheet.countries import country_name
from tests.figures.support import SVG, example_sheet, figures_of, fixture_sheet, parse, texts, with_class


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
