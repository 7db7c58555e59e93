"""Hand-written SVG: numbers print the same every time and words cannot become markup."""

from __future__ import annotations

from briefgen.figures.relations import ActorNode, relations_diagram
from briefgen.figures.sides import Link
from briefgen.figures.svg import num, path_data, wrap
from tests.figures.support import parse, texts


def test_numbers_print_with_one_decimal_and_never_as_minus_zero():
    assert [num(12.0), num(12.25), num(-0.04), num(1e-9), num(-3.96)] == ["12", "12.2", "0", "0", "-4"]


def test_paths_are_relative_and_closed():
    assert path_data([[(0, 0), (10, 0), (10, 10.05)]]) == "M0 0l10 0 0 10.1z"


def test_long_words_wrap_and_a_single_long_word_keeps_its_own_line():
    assert wrap("Ukraine's embassy in Senegal", 12, 120, bold=True) == ["Ukraine's embassy", "in Senegal"]
    assert wrap("Supercalifragilistic", 12, 40) == ["Supercalifragilistic"]


def test_hostile_names_stay_text():
    evil = '<script>alert("x")</script> & "quotes"'
    actors = [ActorNode("a", evil, "state", "State"), ActorNode("b", "B", "person", "Person")]
    svg, alt = relations_diagram(actors, [Link("a", "b", "opposed")])
    assert "<script>" not in svg
    root = parse(svg)
    assert any("<script>" in words for words in texts(root)), "the words survive, escaped"
    assert evil in alt
