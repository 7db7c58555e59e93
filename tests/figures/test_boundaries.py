"""The shipped boundaries: found as package data, recorded provenance, shared borders."""

from __future__ import annotations

import pycountry

from briefgen.figures.boundaries import load_boundaries, points_of


def test_the_data_says_where_it_came_from():
    provenance = load_boundaries().provenance
    assert provenance["package"] == "world-atlas@2.0.2 from the npm registry"
    assert "Natural Earth" in provenance["data"] and "1:50m" in provenance["data"]
    assert "public domain" in provenance["licence"]
    assert provenance["integrity"].startswith("sha512-")
    assert provenance["script"] == "tools/update_boundaries.py"


def test_countries_carry_iso_codes_and_know_their_neighbours():
    world = load_boundaries()
    assert all(pycountry.countries.get(alpha_2=code) for code in world.by_code)
    assert len(world.by_code) > 230
    neighbours = {country.code for country in world.neighbours(world.by_code["ML"])}
    assert neighbours == {"DZ", "NE", "BF", "CI", "GN", "SN", "MR"}


def test_disputed_and_uncoded_territories_are_drawn_as_natural_earth_draws_them():
    world = load_boundaries()
    uncoded = {country.name for country in world.countries if country.code is None}
    assert {"Kosovo", "Somaliland", "N. Cyprus"} <= uncoded
    assert "EH" in world.by_code, "Western Sahara stays apart from Morocco, as in Natural Earth"


def test_rings_that_cross_the_date_line_stay_whole():
    fiji = load_boundaries().by_code["FJ"]
    for polygon in fiji.polygons:
        assert polygon.east - polygon.west < 10, "no ring jumps from 180 to -180 across the whole world"


def test_a_countrys_rough_box_holds_every_piece_so_a_map_may_skip_it_unjoined():
    """The locator skips a country whose arcs' box misses the frame without joining its rings: that box must hold them."""
    for country in load_boundaries().countries:
        west, east, south, north = country.rough
        if east - west >= 180:
            continue  # the locator joins these (rings across the date line) before it decides
        for polygon in country.polygons:
            for ring in polygon.rings:
                assert all(west <= lon <= east and south <= lat <= north for lon, lat in points_of(ring)), country.name
