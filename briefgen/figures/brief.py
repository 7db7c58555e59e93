"""The three figures of one brief, from its fact sheet and render context, for the page and the PDF alike.

Each figure is a dict the templates read (see ``brief_figures``), or None when
it would show nothing: no claims, no relation between two actors, no country
the map data knows.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from briefgen.figures.claims import NARROW as NARROW_CHART
from briefgen.figures.claims import PRINT as PRINT_CHART
from briefgen.figures.claims import WIDE as WIDE_CHART
from briefgen.figures.claims import ChartWidth, ClaimGroup, ClaimRow, claims_chart
from briefgen.figures.locator import MapEvent, MapRequest, locator_map
from briefgen.figures.marks import claim_mark
from briefgen.figures.relations import NARROW as NARROW_DIAGRAM
from briefgen.figures.relations import WIDE as WIDE_DIAGRAM
from briefgen.figures.relations import ActorNode, DiagramWidth, relations_diagram
from briefgen.figures.sides import Link
from briefgen.i18n.words import N_, Words, english
from briefgen.sheet.countries import country_name as _country_name
from briefgen.sheet.models import UNSPECIFIED, FactSheet

MAP_NOTE = N_(
    "Shaded: the countries this brief covers. Numbered dots: timeline events with known coordinates, "
    "numbered as in the timeline. Boundaries from Natural Earth, drawn as Natural Earth draws them, "
    "disputed borders included."
)
CLAIMS_NOTE = N_("One row per claim, every party on one scale per category. Claims are never added up.")
RELATIONS_NOTE = N_("Allies side by side, opponents facing each other. Actors with no stated relation are left out.")
RELATIONS_PART_OF_NOTE = N_("A dotted line joins an actor to the one it is part of, on the same side.")
# A category as the chart's sentences say whose toll it is: 'Malian soldiers killed'.
CATEGORY_PHRASES = {
    "killed": N_("%(party)s killed"),
    "wounded": N_("%(party)s wounded"),
    "captured": N_("%(party)s captured"),
    "missing": N_("%(party)s missing"),
    "displaced": N_("%(party)s displaced"),
}
UNSPECIFIED_PHRASES = {
    "killed": N_("people killed (party not specified)"),
    "wounded": N_("people wounded (party not specified)"),
    "captured": N_("people captured (party not specified)"),
    "missing": N_("people missing (party not specified)"),
    "displaced": N_("people displaced (party not specified)"),
}


def brief_figures(sheet: FactSheet, context: dict, words: Words | None = None) -> dict:
    """Return ``{map, claims, relations}``; each is ``{id, title, note, alt, svg, narrow_svg, print_svg}`` or None.

    ``svg`` is the layout for desk screens; ``narrow_svg`` the one a phone shows, drawn
    narrower with labels at their size rather than the wide one scaled down; ``print_svg``
    the one on paper (the chart cut into panels a page can turn between). The map also has
    ``events``: ``[{number, anchor, date_human, place}]``, its key. Every word, the map's
    country names included, is in the language of ``words`` (English when None).
    """
    words = words or english()
    return {
        "map": _map_figure(sheet, context, words),
        "claims": _claims_figure(sheet, context, words),
        "relations": _relations_figure(sheet, context, words),
    }


def _figure(
    name: str, title: str, note: str, drawn: tuple | None, narrow: tuple | None, printed: tuple | None = None, **extra
) -> dict | None:
    if drawn is None:
        return None
    svg, alt = drawn
    figure = {"id": f"figure-{name}", "title": title, "note": note, "alt": alt, "svg": Markup(svg)}
    layouts = {"narrow_svg": Markup(narrow[0]) if narrow else None, "print_svg": Markup((printed or drawn)[0])}
    return {**figure, **layouts, **extra}


def _map_figure(sheet: FactSheet, context: dict, words: Words) -> dict | None:
    located = [event for event in context["timeline"] if event["map_number"]]
    events = tuple(
        MapEvent(
            number=event["map_number"],
            longitude=event["longitude"],
            latitude=event["latitude"],
            words=", ".join(part for part in (event["place"], event["date_human"]) if part),
        )
        for event in located
    )
    where = tuple(dict.fromkeys(e.location.country for e in sheet.timeline if e.location and e.location.country))
    key = [
        {"number": e["map_number"], "anchor": e["anchor"], "date_human": e["date_human"], "place": e["place"]}
        for e in located
    ]
    drawn = _drawn_map(sheet.region, tuple(sheet.countries), where, events, False, words)
    narrow = _drawn_map(sheet.region, tuple(sheet.countries), where, events, True, words)
    title = words.gettext("Locator map: %(region)s") % {"region": sheet.region}
    return _figure("map", title, words.gettext(MAP_NOTE), drawn, narrow, events=key)


# Each kind of figure is kept as drawn, by every input it is drawn from, for the last few drawn in
# this process: copies of a brief, or briefs on one region with the same events, draw it once.
FIGURES_KEPT = 16


@functools.lru_cache(maxsize=FIGURES_KEPT)
def _drawn_map(
    region: str, countries: tuple[str, ...], where: tuple[str, ...], events: tuple, narrow: bool, words: Words
) -> tuple[str, str] | None:
    """Draw a locator map; its country names come from ``words``, so they are part of the key."""
    name_of = functools.partial(_country_name, words=words)
    return locator_map(MapRequest(region, countries, where, events, name_of, narrow=narrow, words=words))


@functools.lru_cache(maxsize=FIGURES_KEPT)
def _drawn_chart(groups: tuple[ClaimGroup, ...], layout: ChartWidth, words: Words) -> tuple[str, str] | None:
    return claims_chart(list(groups), layout, words)


@functools.lru_cache(maxsize=FIGURES_KEPT)
def _drawn_diagram(
    nodes: tuple[ActorNode, ...], links: tuple[Link, ...], layout: DiagramWidth, words: Words
) -> tuple[str, str] | None:
    return relations_diagram(list(nodes), list(links), layout, words)


def forget_figures() -> None:
    """Drop the figures kept as drawn (tests; a serve whose catalogs changed gets new words, so new keys)."""
    for kept in (_drawn_map, _drawn_chart, _drawn_diagram):
        kept.cache_clear()


def _claims_figure(sheet: FactSheet, context: dict, words: Words) -> dict | None:
    claims_by_group: dict[tuple[str, str], list] = {}
    for claim in sheet.casualties:
        claims_by_group.setdefault((claim.party, str(claim.category)), []).append(claim)
    groups = []
    for group, claims in zip(context["casualty_groups"], claims_by_group.values(), strict=True):
        several_events = len({claim["event"]["id"] for claim in group["claims"]}) > 1
        rows = tuple(
            ClaimRow(
                claimant=_claimant(shown, several_events, words),
                worded=_worded(shown, words),
                grade=words.gettext("credibility %(grade)s") % {"grade": shown["credibility"]}
                if shown["credibility"]
                else words.gettext("not graded"),
                mark=claim_mark(claim),
                withdrawn=_withdrawn_words(shown, words),
                flag=words.gettext("WITHDRAWN") if shown["withdrawn"] else "",
                status=_revised_words(shown, words),
            )
            for shown, claim in zip(group["claims"], claims, strict=True)
        )
        groups.append(_claim_group(group, rows, words))
    layouts = (WIDE_CHART, NARROW_CHART, PRINT_CHART)
    drawn, narrow, printed = (_drawn_chart(tuple(groups), layout, words) for layout in layouts)
    title, note = words.gettext("Casualty claims compared"), words.gettext(CLAIMS_NOTE)
    return _figure("claims", title, note, drawn, narrow, printed)


def _claimant(shown: dict, several_events: bool, words: Words) -> str:
    name = shown["claimed_by"]["name"]
    if shown["via"]:
        name = words.gettext("%(claimant)s via %(via)s") % {"claimant": name, "via": shown["via"]["name"]}
    when = shown["event"]["date_human"] or shown["event"]["id"]
    named = f"{name} ({when})" if several_events else name
    if not shown["claimed_on_human"]:
        return named
    return words.gettext("%(claimant)s, given %(day)s") % {"claimant": named, "day": shown["claimed_on_human"]}


def _worded(shown: dict, words: Words) -> str:
    """Say the figure as worded, with its basis when the sheet gives one: '11,300 (estimate)'."""
    if not shown["basis_label"]:
        return shown["qualified_figure"]
    return words.gettext("%(figure)s (%(basis)s)") % {
        "figure": shown["qualified_figure"],
        "basis": shown["basis_label"],
    }


def _withdrawn_words(shown: dict, words: Words) -> str:
    if not shown["withdrawn"]:
        return ""
    day = shown["withdrawn"]["on_human"]
    return words.gettext("withdrawn on %(day)s") % {"day": day} if day else words.gettext("withdrawn")


def _revised_words(shown: dict, words: Words) -> str:
    revised = shown["revised"]
    if not revised:
        return ""
    if revised["on_human"]:
        return words.gettext("revised on %(day)s to %(figure)s") % {
            "day": revised["on_human"],
            "figure": revised["figure"],
        }
    return words.gettext("revised to %(figure)s") % {"figure": revised["figure"]}


def _claim_group(group: dict, rows: tuple[ClaimRow, ...], words: Words) -> ClaimGroup:
    category, heading = group["category"], group["category_label"]
    if group["party"]["id"] == UNSPECIFIED:
        phrase = words.gettext(UNSPECIFIED_PHRASES[category]) if category in UNSPECIFIED_PHRASES else category
        return ClaimGroup(words.gettext("Party not specified"), phrase, category, rows, heading)
    name = group["party"]["name"]
    phrase = words.gettext(CATEGORY_PHRASES[category]) % {"party": name} if category in CATEGORY_PHRASES else name
    return ClaimGroup(name, phrase, category, rows, heading)


def _relations_figure(sheet: FactSheet, context: dict, words: Words) -> dict | None:
    nodes = [ActorNode(a["id"], a["name"], a["kind"], a["kind_label"]) for a in context["actors"]]
    links = [Link(actor.id, other, "allied") for actor in sheet.actors for other in actor.allied_with]
    links += [Link(actor.id, other, "opposed") for actor in sheet.actors for other in actor.opposed_to]
    links += [Link(actor.id, whole, "part_of") for actor in sheet.actors for whole in actor.part_of]
    title = words.gettext("Relations between the actors")
    drawn = _drawn_diagram(tuple(nodes), tuple(links), WIDE_DIAGRAM, words)
    narrow = _drawn_diagram(tuple(nodes), tuple(links), NARROW_DIAGRAM, words)
    note = words.gettext(RELATIONS_NOTE)
    if any(actor.part_of for actor in sheet.actors):
        note += " " + words.gettext(RELATIONS_PART_OF_NOTE)
    return _figure("relations", title, note, drawn, narrow)
