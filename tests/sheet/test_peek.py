"""Peeking at a past version of a sheet: the quick patterns agree with the YAML reader, or step aside for it."""

from __future__ import annotations

import datetime as dt
import random
import sys

import pytest
import yaml

from briefgen.sheet import peek
from briefgen.sheet.peek import SheetPeek, peek_sheet
from tests.conftest import EXAMPLE, FIXTURES, ROOT


def both_ways(text: str) -> tuple[SheetPeek | None, SheetPeek | None]:
    return peek._quick_peek(text), peek._yaml_peek(text)


@pytest.mark.parametrize("path", [EXAMPLE, FIXTURES / "valid" / "minimal.yaml"], ids=["example", "minimal"])
def test_the_quick_peek_reads_what_yaml_reads(path):
    quick, full = both_ways(path.read_text(encoding="utf-8"))
    assert quick is not None and quick == full


def test_sheets_written_by_pyyaml_peek_the_same_both_ways():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from build import SyntheticBrief

    for number in random.Random(7).sample(range(1000), 5):
        text = yaml.safe_dump(SyntheticBrief(number).sheet(), allow_unicode=True, sort_keys=False, width=100)
        quick, full = both_ways(text)
        assert quick is not None and quick == full


@pytest.mark.parametrize(
    "text",
    [
        "{id: a, as_of: 2024-08-04, status: published, sources: [{id: s, file: a.txt}]}\n",
        "id: a\nid: b\nas_of: 2024-08-04\nstatus: published\nsources:\n  - file: a.txt\n",
        "id: &x a\nas_of: 2024-08-04\nstatus: published\nsources:\n  - file: a.txt\n",
        "id: a\nas_of: 20240804\nstatus: published\nsources:\n  - file: a.txt\n",
        "id: a\nas_of: 2024-08-04\nstatus: published\nsources: [{id: s, file: a.txt}]\n",
    ],
    ids=["flow", "twice", "anchor", "not-a-day", "flow-sources"],
)
def test_anything_but_plain_block_yaml_goes_to_the_yaml_reader(text):
    assert peek._quick_peek(text) is None
    assert peek_sheet(text.encode()) == peek._yaml_peek(text)


def test_quoted_values_and_comments_are_read_as_yaml_reads_them():
    text = (
        "# a sheet\nid: 'a-b'  # the slug\nas_of: \"2024-08-04\"\nstatus: published\n"
        "key_points:\n  - text: >-\n      file: not a seed\nsources:\n  - id: s\n    file: 'dir/a.txt'\n"
    )
    quick, full = both_ways(text)
    assert quick == full == SheetPeek("a-b", "2024-08-04", "published", ("dir/a.txt",))
    assert dt.date.fromisoformat(quick.as_of)


def test_what_is_no_sheet_peeks_as_nothing():
    assert peek_sheet(b"\xff\xfe not text") is None
    assert peek_sheet(b"- a list\n- not a sheet\n") is None
    assert peek_sheet(b"id: a\nstatus: published\nsources:\n  - file: a.txt\n") is None


@pytest.mark.parametrize(
    "lists",
    [
        "countries: [ML, UA]\ntags: [floods, health]\n",
        "countries:\n- ML\n- UA\ntags:\n  - floods  # first\n  - health\n",
        "countries: []\n",
    ],
    ids=["flow", "block", "empty"],
)
def test_countries_and_tags_are_peeked_as_yaml_reads_them(lists):
    text = f"id: a\nas_of: 2024-08-04\nstatus: published\n{lists}sources:\n  - id: s\n    file: a.txt\n"
    quick, full = both_ways(text)
    assert quick is not None and quick == full


@pytest.mark.parametrize(
    "lists",
    ["countries: [NO, ML]\n", "countries: [ML, 'NE']\n", "tags: [a, [b]]\n", "countries:\n- ML\n- [NE]\n"],
    ids=["a-yaml-boolean", "quoted", "nested", "block-nested"],
)
def test_a_list_yaml_could_read_otherwise_goes_to_the_yaml_reader(lists):
    text = f"id: a\nas_of: 2024-08-04\nstatus: published\n{lists}sources:\n  - id: s\n    file: a.txt\n"
    assert peek._quick_peek(text) is None
    assert peek_sheet(text.encode()) == peek._yaml_peek(text)


@pytest.mark.parametrize("language", ["fr", "pt-BR", "'../../outside'", "fr/../..", "[fr]", "12"])
def test_a_sheet_is_placed_by_its_language_only_when_it_is_a_language_tag(language):
    """The language names a folder of the site, so a value that could lead out of it places nothing."""
    text = "id: a-b\nlanguage: " + language + "\nas_of: 2024-08-04\nstatus: published\nsources:\n  - file: a.txt\n"
    peek = peek_sheet(text.encode())
    valid = language in ("fr", "pt-BR")
    assert (peek is not None) == valid
    if valid:
        assert peek.language == language
