"""The first real brief: valid, every quote found, and honest about what the article says."""

from __future__ import annotations

from briefgen.sheet.loader import read_sheet
from briefgen.sheet.provenance import iter_citations, normalise, quote_in_text
from tests.conftest import EXAMPLE, ROOT


def _loaded():
    return read_sheet(EXAMPLE)


def test_example_validates_with_no_problems():
    loaded = _loaded()
    assert [str(p) for p in loaded.problems] == []
    assert loaded.ok


def test_every_quote_is_in_the_article():
    article = normalise((ROOT / "seeds" / "mali-ukraine-rupture.txt").read_text(encoding="utf-8"))
    sheet = _loaded().sheet
    citations = list(iter_citations(sheet.model_dump(mode="json")))
    assert len(citations) > 40
    assert all(quote_in_text(c["quote"], article) for _, c in citations)


def test_casualty_figures_keep_qualifiers_and_claimants():
    sheet = _loaded().sheet
    claims = {(c.party, c.figure): (c.qualifier, c.claimed_by) for c in sheet.casualties}
    assert claims == {
        ("russian-mercenaries", 84): ("exact", "unattributed"),
        ("malian-armed-forces", 47): ("exact", "unattributed"),
        ("unspecified", 50): ("approximately", "local-reports"),
    }


def test_unknowns_stay_unknown():
    [source] = _loaded().sheet.sources
    assert (source.publisher, source.author, source.url, source.published) == ("unknown",) * 4
    assert source.reliability == "F"


def test_named_people_and_no_invented_company():
    sheet = _loaded().sheet
    names = {a.name for a in sheet.actors}
    assert {"Andriy Yusov", "Abdoulaye Diop", "Sergei Lavrov"} <= names
    assert "Wagner" not in EXAMPLE.read_text(encoding="utf-8")
