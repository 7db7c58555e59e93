"""Helpers for the figure tests: the example and fixture sheets, their figures, and reading SVG back."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET

from briefgen.config import Project, Settings
from briefgen.sheet.loader import read_sheet
from briefgen.sheet.models import FactSheet
from briefgen.site.context import brief_context
from tests.conftest import EXAMPLE, FIXTURES, ROOT

SVG = "{http://www.w3.org/2000/svg}"
FIXTURE = FIXTURES / "valid" / "border-clashes.yaml"
FLOOD = FIXTURES / "flood"


@functools.cache
def example_sheet() -> FactSheet:
    loaded = read_sheet(EXAMPLE, Project(ROOT, Settings()))
    assert loaded.ok, loaded.problems
    return loaded.sheet


@functools.cache
def fixture_sheet() -> FactSheet:
    """The invented border-clashes sheet: four claimants for one party, every form of figure, mapped events."""
    loaded = read_sheet(FIXTURE, Project(FIXTURES, Settings()))
    assert loaded.ok, loaded.problems
    return loaded.sheet


@functools.cache
def flood_sheet(edition: int) -> FactSheet:
    """An edition (1 to 3) of the flood brief: Libya, its neighbours, and Türkiye and the UAE far off."""
    loaded = read_sheet(FLOOD / f"derna-floods.{edition}.yaml", Project(FLOOD, Settings()))
    assert loaded.ok, loaded.problems
    return loaded.sheet


def figures_of(sheet: FactSheet) -> dict:
    return brief_context(sheet, Project(ROOT, Settings()))["figures"]


def parse(svg: str) -> ET.Element:
    """Parse a figure's SVG as XML (it must be well-formed on its own); a chart in panels comes in one wrapper."""
    root = ET.fromstring(f"<panels>{svg}</panels>")
    return root[0] if len(root) == 1 else root


def texts(root: ET.Element, css_class: str | None = None) -> list[str]:
    """Return the words of every <text>, optionally only those of one class."""
    return [
        element.text or ""
        for element in root.iter(f"{SVG}text")
        if css_class is None or element.get("class") == css_class
    ]


def with_class(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [element for element in root.iter() if css_class in (element.get("class") or "").split()]
