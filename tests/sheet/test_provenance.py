"""Quote matching forgives typography and nothing else."""

from __future__ import annotations

import pytest

from briefgen.sheet.provenance import check_quotes, normalise, quote_in_text

SOURCE = normalise(
    "Ukraine\u2019s Foreign Ministry condemned the move as \u201cshort-sighted and hasty,\u201d firmly\n  denying it \u2014 all of it."
)


@pytest.mark.parametrize(
    "quote",
    [
        "Ukraine's Foreign Ministry condemned",
        '"short-sighted and hasty,"',
        "hasty,\u201d firmly denying",
        "denying it - all of it.",
        "denying it \u2013 all of it.",
        "condemned   the\tmove",
    ],
)
def test_typographic_variants_match(quote):
    assert quote_in_text(quote, SOURCE)


@pytest.mark.parametrize(
    "quote",
    [
        "ukraine's foreign ministry",  # case matters
        "short sighted and hasty",  # a hyphen is not a space
        "condemned the decision",  # words matter
        "hasty, firmly",  # punctuation matters: the closing quote is missing
        "   ",
    ],
)
def test_anything_more_than_typography_does_not_match(quote):
    assert not quote_in_text(quote, SOURCE)


def test_check_quotes_reports_each_missing_quote_with_its_path():
    tree = {
        "key_points": [{"text": "x", "cite": [{"source": "a", "quote": "condemned the move"}]}],
        "casualties": [{"cite": [{"source": "a", "quote": "84 killed"}, {"source": "b", "quote": "unread"}]}],
    }
    problems = check_quotes(tree, {"a": SOURCE})
    assert problems == [(("casualties", 0, "cite", 0, "quote"), "quote not found in source 'a': \"84 killed\"")]


def test_reaction_quote_must_be_in_a_cited_source():
    tree = {"reactions": [{"quote": "short-sighted", "cite": [{"source": "a", "quote": "condemned"}]}]}
    assert check_quotes(tree, {"a": SOURCE}) == []
    tree["reactions"][0]["quote"] = "reckless"
    [(path, message)] = check_quotes(tree, {"a": SOURCE})
    assert path == ("reactions", 0, "quote")
    assert "reckless" in message
