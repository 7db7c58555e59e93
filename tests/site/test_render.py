"""The render context of a brief and the markdown helper: numbering, grouping, names, safety."""

from __future__ import annotations

import pytest

from briefgen.config import Project, Settings
from briefgen.sheet.countries import country_name
from briefgen.sheet.loader import read_sheet
from briefgen.sheet.markdown import markdown_block, markdown_inline
from briefgen.sheet.models import FactSheet
from briefgen.site.context import brief_context
from briefgen.site.pages import brief_page_context
from briefgen.site.templating import is_html_datetime, render_template
from tests.conftest import EXAMPLE, ROOT
from tests.site.support import parse_page

REPO = Project(ROOT, Settings())


@pytest.fixture(scope="module")
def example() -> FactSheet:
    loaded = read_sheet(EXAMPLE, REPO)
    assert loaded.ok, loaded.problems
    return loaded.sheet


@pytest.fixture(scope="module")
def context(example: FactSheet) -> dict:
    return brief_context(example, REPO)


def all_markers(context: dict) -> list[dict]:
    """Every citation marker of the context, in page order."""
    items = [*context["key_points"], *context["background"], *context["actors"]]
    items += [claim for group in context["casualty_groups"] for claim in group["claims"]]
    items += [reaction for group in context["reaction_groups"] for reaction in group["reactions"]]
    items += context["timeline"]
    return [marker for item in items for marker in item["cites"]]


def test_notes_are_numbered_in_reading_order_and_each_marker_links_to_one(context):
    notes = context["notes"]
    assert [note["number"] for note in notes] == list(range(1, len(notes) + 1))
    assert context["key_points"][0]["cites"][0]["number"] == 1
    by_anchor = {note["anchor"]: note for note in notes}
    markers = all_markers(context)
    for marker in markers:
        note = by_anchor[marker["note_anchor"]]
        assert marker["ref_anchor"] in note["backrefs"]
    backrefs = [ref for note in notes for ref in note["backrefs"]]
    assert sorted(backrefs) == sorted(marker["ref_anchor"] for marker in markers)
    assert len(set(backrefs)) == len(backrefs), "every marker needs its own id to link back to"


def test_each_distinct_quote_gets_one_note_that_shows_it(example, context):
    cited = {(c.source, " ".join(c.quote.split())) for item in _cited_items(example) for c in item.cite}
    noted = {(note["source"]["id"], note["quote"]) for note in context["notes"]}
    assert noted == cited


def _cited_items(sheet: FactSheet) -> list:
    return [
        *sheet.key_points,
        *sheet.background,
        *sheet.actors,
        *sheet.casualties,
        *sheet.reactions,
        *sheet.timeline,
    ]


def test_casualties_are_grouped_by_party_and_category_and_never_summed(context):
    groups = {(g["party"]["name"], g["category"]): g["claims"] for g in context["casualty_groups"]}
    assert [c["figure_text"] for c in groups[("Russian mercenaries", "killed")]] == ["84"]
    assert [c["figure_text"] for c in groups[("Malian armed forces", "killed")]] == ["47"]
    assert [c["qualified_figure"] for c in groups[("Not specified", "killed")]] == ["approximately 50"]
    assert "never added up" in context["casualty_note"]


def test_conflicting_claims_stay_side_by_side_in_one_group(example):
    claim = example.casualties[0]
    rival = claim.model_copy(update={"figure": 20, "claimed_by": "russia", "qualifier": "at_least"})
    sheet = example.model_copy(update={"casualties": [claim, rival]})
    groups = brief_context(sheet, REPO)["casualty_groups"]
    assert len(groups) == 1
    assert [(c["qualified_figure"], c["claimed_by"]["name"]) for c in groups[0]["claims"]] == [
        ("84", "Unattributed"),
        ("at least 20", "Russia"),
    ]


def test_reactions_are_grouped_by_actor_in_order_of_first_mention(example, context):
    first_mentions = list(dict.fromkeys(reaction.actor for reaction in example.reactions))
    assert [group["actor"]["id"] for group in context["reaction_groups"]] == first_mentions
    ministry = next(g for g in context["reaction_groups"] if g["actor"]["id"] == "ukraine-foreign-ministry")
    assert ministry["actor"]["name"] == "Ukraine's Foreign Ministry"
    assert [r["action_label"] for r in ministry["reactions"]][:2] == ["Condemns", "Denies"]
    assert ministry["reactions"][0]["quote"] == "short-sighted and hasty"


def test_countries_show_their_names(context):
    assert [c["name"] for c in context["brief"]["countries"]] == [
        "Mali",
        "Ukraine",
        "Russia",
        "Senegal",
        "Burkina Faso",
        "Niger",
    ]
    assert country_name("BO") == "Bolivia"
    assert country_name("GB") == "United Kingdom"


def test_timeline_is_in_date_order_with_human_dates(example, context):
    expected = [event.id for event in sorted(example.timeline, key=lambda e: e.date.sort_key())]
    assert [event["id"] for event in context["timeline"]] == expected
    dates = {event["id"]: event["date_human"] for event in context["timeline"]}
    assert dates["tinzaouatene-ambush"] == "25–27 July 2024"
    assert dates["retaliatory-airstrikes"] == "27 July 2024 or later"
    ambush = next(event for event in context["timeline"] if event["id"] == "tinzaouatene-ambush")
    assert {ref["name"] for ref in ambush["actors"]} >= {"Tuareg rebels", "Malian armed forces"}


def test_only_plain_dates_go_into_datetime_attributes():
    assert is_html_datetime("2024-08-04") and is_html_datetime("2024-08") and is_html_datetime("2024")
    assert not is_html_datetime("2024-07-25/2024-07-27")
    assert not is_html_datetime("2024-08~")
    assert not is_html_datetime(None)


def test_markdown_keeps_emphasis_and_gives_links_noopener():
    html = markdown_inline("A **bold** claim, see [the report](https://example.org/a?b=1&c=2).")
    assert html == (
        'A <strong>bold</strong> claim, see <a href="https://example.org/a?b=1&amp;c=2" rel="noopener">the report</a>.'
    )


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "<img src=x onerror=alert(1)>",
        "![pixel](https://tracker.example/p.png)",
        "[local](file:///etc/passwd)",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='https://example.org' onclick='alert(1)'>x</a>",
    ],
)
def test_markdown_renders_no_live_markup_from_a_fact_sheet(text):
    for rendered in (markdown_block(text), markdown_inline(text)):
        page = parse_page(f"<div>{rendered}</div>")
        tags = [tag for tag, _ in page.elements]
        assert set(tags) <= {"div", "p", "a"}, rendered
        for _, attrs in page.elements:
            assert not any(name.startswith("on") for name in attrs), rendered
            assert all(
                (attrs.get(key) or "").startswith(("https://", "http://")) for key in ("href", "src") if key in attrs
            )


def test_brief_page_template_escapes_every_plain_field(example):
    hostile = example.model_copy(
        update={"title": "<script>alert(1)</script>", "region": '"><img src=x onerror=alert(1)>'}
    )
    context = brief_page_context(brief_context(hostile, REPO), False, brief_context(hostile, REPO)["settings"])
    page = parse_page(render_template(REPO, "brief.html", context))
    assert "script" not in [tag for tag, _ in page.elements]
    assert "img" not in [tag for tag, _ in page.elements]
    assert "<script>alert(1)</script>" in page.text
