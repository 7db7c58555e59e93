"""Figures kept as drawn: the same inputs are drawn once, and a brief whose inputs differ gets figures of its own."""

from __future__ import annotations

import pytest

from briefgen.config import Project, Settings
from briefgen.figures import brief
from briefgen.i18n.words import words_for
from briefgen.site.context import brief_context
from tests.conftest import ROOT
from tests.figures.support import example_sheet

LAYOUTS = ("svg", "narrow_svg", "print_svg")


@pytest.fixture(autouse=True)
def nothing_kept():
    brief.forget_figures()
    yield
    brief.forget_figures()


def drawn(sheet) -> dict:
    """Every layout of every figure of a sheet, as text."""
    figures = brief_context(sheet, Project(ROOT, Settings()))["figures"]
    return {(name, layout): str(figures[name][layout]) for name in figures for layout in LAYOUTS}


def with_first(sheet, field: str, **changes):
    """A copy of the sheet whose first item of ``field`` has the changes."""
    items = getattr(sheet, field)
    return sheet.model_copy(update={field: [items[0].model_copy(update=changes), *items[1:]]})


def test_a_copy_of_a_brief_is_drawn_from_what_was_kept_and_reads_the_same():
    first = drawn(example_sheet())
    misses = {name: kept.cache_info().misses for name, kept in _kept().items()}
    again = drawn(example_sheet().model_copy())
    assert again == first
    assert {name: kept.cache_info().misses for name, kept in _kept().items()} == misses
    assert all(kept.cache_info().hits for kept in _kept().values())


def test_a_brief_whose_countries_differ_gets_a_map_of_its_own():
    sheet = example_sheet()
    first = drawn(sheet)
    other = drawn(sheet.model_copy(update={"countries": ["ML", "UA"]}))
    assert other["map", "svg"] != first["map", "svg"]
    assert other["map", "narrow_svg"] != first["map", "narrow_svg"]


def test_an_event_moved_moves_its_dot_on_the_map():
    sheet = example_sheet()
    first = drawn(sheet)
    moved = sheet.timeline[0].location.model_copy(update={"latitude": 17.0})
    other = drawn(with_first(sheet, "timeline", location=moved))
    assert other["map", "svg"] != first["map", "svg"]


def test_a_claim_with_another_figure_gets_a_chart_of_its_own():
    sheet = example_sheet()
    first = drawn(sheet)
    other = drawn(with_first(sheet, "casualties", figure=sheet.casualties[0].figure + 1))
    for layout in LAYOUTS:
        assert other["claims", layout] != first["claims", layout]


def test_an_actor_renamed_is_renamed_in_the_diagram():
    sheet = example_sheet()
    first = drawn(sheet)
    other = drawn(with_first(sheet, "actors", name="Republic of Mali"))
    assert other["relations", "svg"] != first["relations", "svg"]
    assert "Republic of Mali" in other["relations", "svg"]


def test_the_same_figures_in_another_language_are_drawn_in_its_words():
    sheet = example_sheet()
    english = brief.brief_figures(sheet, brief_context(sheet, Project(ROOT, Settings())))
    context = brief_context(sheet, Project(ROOT, Settings()))
    french = brief.brief_figures(sheet, context, words_for("fr"))
    assert "Russie" in french["map"]["svg"] and "Russie" not in english["map"]["svg"]
    assert french["claims"]["svg"] != english["claims"]["svg"]
    assert french["relations"]["svg"] != english["relations"]["svg"]


def _kept() -> dict:
    return {"map": brief._drawn_map, "chart": brief._drawn_chart, "diagram": brief._drawn_diagram}
