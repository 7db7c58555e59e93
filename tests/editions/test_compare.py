"""Comparing two editions item by item, by identity, in the words a reader sees."""

from __future__ import annotations

import copy

import pytest

from briefgen.editions import wording as say
from briefgen.editions.compare import compare, lines, match_statements, tally
from briefgen.sheet.loader import load
from briefgen.sheet.models import FactSheet, Statement
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def example() -> FactSheet:
    return load(EXAMPLE)


def edited(sheet: FactSheet, change) -> FactSheet:
    """Return a copy of the sheet with a change made to its plain data, validated again."""
    data = copy.deepcopy(sheet.model_dump())
    change(data)
    return FactSheet.model_validate(data)


def said(old: FactSheet, new: FactSheet) -> list[str]:
    """Return what a reader is told changed, line by line."""
    return lines(compare(old, new))


def test_an_edition_compared_with_itself_has_no_changes(example):
    assert said(example, example) == []


def test_a_changed_figure_names_the_claim_by_party_category_and_claimant(example):
    def raise_toll(data):
        data["casualties"][0].update(figure=85, qualifier="at_least")

    assert said(example, edited(example, raise_toll)) == [
        "Changed: Russian mercenaries killed, unattributed: 84 → at least 85"
    ]


def test_a_claim_by_another_claimant_is_a_new_claim_not_a_change(example):
    def second_claim(data):
        data["casualties"].append(
            {**data["casualties"][1], "claimed_by": "tuareg-rebels", "figure": {"low": 40, "high": 50}}
        )

    lines = said(example, edited(example, second_claim))
    assert lines == ["New claim: Tuareg rebels says 40–50 Malian armed forces killed"]
    assert said(edited(example, second_claim), example) == [
        "Removed: claim by Tuareg rebels of 40–50 Malian armed forces killed"
    ]


def test_one_claimant_with_figures_for_two_events_names_the_event(example):
    def two_events(data):
        data["casualties"].append({**data["casualties"][0], "event": "retaliatory-airstrikes", "figure": 3})

    assert said(example, edited(example, two_events)) == [
        "New claim: 3 Russian mercenaries killed (event of 27 July 2024 or later) (unattributed)"
    ]


def test_a_removed_reaction_is_named_by_actor_action_and_date(example):
    def drop_severing(data):
        del data["reactions"][0]

    assert said(example, edited(example, drop_severing)) == [
        "Removed: reaction of Mali's transitional government (severs relations, 4 August 2024)"
    ]


def test_a_reworded_key_point_is_one_line_with_its_new_words_and_its_old_ones(example):
    def reword(data):
        data["key_points"][4]["text"] = data["key_points"][4]["text"].replace("caused", "left")

    assert said(example, edited(example, reword)) == [
        "Reworded: key point “Malian airstrikes in retaliation, supported by Burkina Faso, left approximately 50 deaths "
        "according to local reports.” (before: “Malian airstrikes in retaliation, supported by Burkina Faso, caused "
        "approximately 50 deaths according to local reports.”)"
    ]


def test_key_points_in_a_new_order_are_not_changes(example):
    def reorder(data):
        data["key_points"].reverse()

    assert said(example, edited(example, reorder)) == []


def test_a_new_key_point_at_the_top_is_one_new_item_not_five_rewordings(example):
    def insert(data):
        data["key_points"].pop()
        data["key_points"].insert(
            0, {**data["key_points"][0], "text": "Talks between Mali and Ukraine have not resumed."}
        )

    lines = said(example, edited(example, insert))
    assert lines[0] == "New key point: Talks between Mali and Ukraine have not resumed."
    assert lines[1].startswith("Removed: key point “Malian airstrikes in retaliation")
    assert len(lines) == 2


def test_statements_pair_by_words_then_by_likeness():
    cite = [{"source": "a", "quote": "some words"}]
    old = [Statement(text=t, cite=cite) for t in ("Alpha beta gamma.", "Delta epsilon zeta eta.")]
    new = [Statement(text=t, cite=cite) for t in ("Delta epsilon zeta theta.", "Something else entirely, unrelated.")]
    added, pairs, removed = match_statements(old, new)
    assert [(a.text, b.text) for a, b in pairs] == [("Delta epsilon zeta eta.", "Delta epsilon zeta theta.")]
    assert [s.text for s in added] == ["Something else entirely, unrelated."]
    assert [s.text for s in removed] == ["Alpha beta gamma."]


def test_an_actor_change_says_each_field_on_one_line(example):
    def ally(data):
        actor = next(a for a in data["actors"] if a["id"] == "russian-mercenaries")
        actor["allied_with"].append("russia")
        actor["role"] = "Fought alongside Malian forces in the ambush."

    assert said(example, edited(example, ally)) == [
        "Changed: actor Russian mercenaries: now also allied with Russia; role reworded (before: \u201cFought "
        "alongside Malian forces in the ambush. The report does not name the company they belong to.\u201d)"
    ]


def test_a_rewording_of_an_actors_role_alone_says_reworded(example):
    def reword(data):
        data["actors"][0]["role"] = "Under military rule; has severed relations with Ukraine."

    assert said(example, edited(example, reword)) == [
        "Reworded: role of actor Mali (before: \u201cUnder military rule following a recent coup; has severed "
        "diplomatic relations with Ukraine and has Moscow's support.\u201d)"
    ]


def test_a_reworded_event_or_reaction_says_what_it_said_before(example):
    def reword(data):
        data["timeline"][2]["description"] = "Mali cuts diplomatic ties with Ukraine."
        data["reactions"][0]["summary"] = "Ukraine calls the move hasty."

    event_before = say.before(say.plain(example.timeline[2].description))
    reaction_before = say.before(say.plain(example.reactions[0].summary))
    found = said(example, edited(example, reword))
    assert [line for line in found if line.startswith("Reworded: description of event")] == [
        f"Reworded: description of event of 4 August 2024, \u201cMali cuts diplomatic ties with Ukraine.\u201d "
        f"{event_before}"
    ]
    assert [line for line in found if line.startswith("Reworded: summary of")] == [
        f"Reworded: summary of {say.reaction_name(example, example.reactions[0])} {reaction_before}"
    ]


def test_an_event_moved_in_time_says_old_and_new_dates(example):
    def move(data):
        data["timeline"][2]["date"] = "2024-08-03"

    assert said(example, edited(example, move)) == [
        "Changed: event of 3 August 2024, “Mali's transitional government announces, on Sunday evening, that it is "
        "severing diplomatic relations with Ukraine.”: date 4 August 2024 → 3 August 2024"
    ]


def test_sources_are_matched_by_id(example):
    def regrade(data):
        data["sources"][0]["reliability"] = "B"

    assert said(example, edited(example, regrade)) == ["Changed: untitled source (article): reliability F → B"]


def test_a_citation_added_to_a_claim_names_the_source(example):
    def cite_again(data):
        data["casualties"][1]["cite"].append({"source": "article", "quote": "47 Malian soldiers"})

    assert said(example, edited(example, cite_again)) == [
        "Changed: Malian armed forces killed, unattributed: quotes other passages of its sources"
    ]


def test_title_and_countries_are_said_when_they_change(example):
    def retitle(data):
        data["title"] = "Mali breaks with Ukraine"
        data["countries"] = [c for c in data["countries"] if c != "NE"]

    assert said(example, edited(example, retitle)) == [
        "Changed: title: “Mali severs diplomatic relations with Ukraine after the Tinzaouatène ambush” → "
        "“Mali breaks with Ukraine”",
        "Changed: countries: no longer covers Niger",
    ]


def test_markdown_never_reaches_a_change_line(example):
    def emphasise(data):
        data["background"][2]["text"] = (
            "Mali, Burkina Faso and Niger are **all** under military rule after [coups](https://example.org)."
        )

    (line,) = said(example, edited(example, emphasise))
    assert (
        line
        == "Reworded: background paragraph “Mali, Burkina Faso and Niger are all under military rule after coups.” "
        "(before: “Mali, Burkina Faso and Niger are all under military rule following recent coups.”)"
    )


def test_figures_keep_the_words_and_qualifiers_of_their_source(example):
    def in_words(data):
        data["casualties"][2].update(figure="dozens", qualifier=None)

    def claimed_by_russia(data):
        in_words(data)
        data["casualties"][2]["claimed_by"] = "russia"

    def more_than(data):
        data["casualties"][0].update(figure=80, qualifier="more_than")

    assert said(example, edited(example, in_words)) == [
        "Changed: people killed, claimed by Local reports (unnamed): approximately 50 → dozens"
    ]
    assert said(example, edited(example, claimed_by_russia))[0] == "New claim: Russia says people killed: dozens"
    assert said(example, edited(example, more_than)) == [
        "Changed: Russian mercenaries killed, unattributed: 84 → more than 80"
    ]


def test_a_key_point_rewritten_with_its_citations_is_reworded_with_what_it_said_before(example):
    def rewrite(data):
        data["key_points"][2]["text"] = "Kyiv denies backing terrorism and calls the break short-sighted."

    assert lines(compare(example, edited(example, rewrite))) == [
        'Reworded: key point “Kyiv denies backing terrorism and calls the break short-sighted.” (before: “Ukraine\'s Foreign Ministry called the decision "short-sighted and hasty" '
        "and denied any involvement in terrorist activities.”)"
    ]


def test_a_key_point_with_other_words_and_other_citations_is_new_and_removed(example):
    def replace(data):
        data["key_points"][2] = {
            "text": "Russia's foreign minister spoke with his Malian counterpart.",
            "cite": [{"source": "article", "quote": "Sergei Lavrov"}],
        }

    assert [change.kind for change in compare(example, edited(example, replace))] == ["new", "removed"]


def test_prose_in_a_change_line_is_never_shortened(example):
    long_point = " ".join(["The talks in Bamako went on through the night, with every delegation present"] * 4) + "."

    def add(data):
        data["key_points"].pop()
        data["key_points"].append({"text": long_point, "cite": [{"source": "article", "quote": "Sergei Lavrov"}]})

    new, removed = compare(example, edited(example, add))
    assert new.text == f"New key point: {long_point}"
    assert removed.text == (
        "Removed: key point “Malian airstrikes in retaliation, supported by Burkina Faso, caused approximately 50 "
        "deaths according to local reports.”"
    )


def test_each_change_says_its_section_and_kind_for_the_editions_summary(example):
    def several(data):
        data["casualties"][0].update(figure=85)
        del data["casualties"][1]
        del data["reactions"][0]
        data["sources"][0]["reliability"] = "B"

    changes = compare(example, edited(example, several))
    assert [(c.section, c.kind) for c in changes] == [
        ("claim", "changed"),
        ("claim", "removed"),
        ("reaction", "removed"),
        ("source", "changed"),
    ]
    assert say.headline(3, tally(changes)) == (
        "Edition 3: 1 claim revised, 1 withdrawn, 1 reaction removed, 1 source revised"
    )


def test_the_editions_summary_counts_what_the_comparison_gives():
    tally = [("claim", "changed", 2), ("claim", "removed", 1), ("event", "new", 3)]
    assert say.headline(3, tally) == "Edition 3: 2 claims revised, 1 withdrawn, 3 new events"
    assert say.headline(1, None) == "Edition 1: the first edition"
    assert say.headline(4, []) == "Edition 4: nothing changed but the as-of date"
    assert say.headline(2, [("title", "changed", 1), ("key point", "reworded", 2)]) == (
        "Edition 2: title changed, 2 key points reworded"
    )


def test_a_statement_pairs_with_its_closest_rewording_before_one_that_only_shares_a_citation():
    shared, other = [{"source": "a", "quote": "the dams burst"}], [{"source": "b", "quote": "rain fell"}]
    old = [Statement(text="Two dams burst above the city after a night of rain.", cite=shared)]
    new = [
        Statement(text="Two dams burst above the city after a night of heavy rain.", cite=other),
        Statement(text="The city asked for help from abroad.", cite=shared),
    ]
    added, pairs, removed = match_statements(old, new)
    assert [(a.text, b.text) for a, b in pairs] == [(old[0].text, new[0].text)]
    assert [s.text for s in added] == ["The city asked for help from abroad."] and removed == []
