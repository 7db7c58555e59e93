"""The three figures of one brief, from its fact sheet and render context, for the page and the PDF alike.

Each figure is a dict the templates read (see ``brief_figures``), or None when
it would show nothing: no claims, no relation between two actors, no country
the map data knows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from markupsafe import Markup

from briefgen.figures.claims import NARROW as NARROW_CHART
from briefgen.figures.claims import PRINT as PRINT_CHART
from briefgen.figures.claims import WIDE as WIDE_CHART
from briefgen.figures.claims import ClaimGroup, ClaimRow, claims_chart
from briefgen.figures.locator import MapEvent, MapRequest, locator_map
from briefgen.figures.marks import claim_mark
from briefgen.figures.relations import NARROW as NARROW_DIAGRAM
from briefgen.figures.relations import ActorNode, relations_diagram
from briefgen.figures.sides import Link
from briefgen.sheet.models import UNSPECIFIED, FactSheet

MAP_NOTE = (
    "Shaded: the countries this brief covers. Numbered dots: timeline events with known coordinates, "
    "numbered as in the timeline. Boundaries from Natural Earth, drawn as Natural Earth draws them, "
    "disputed borders included."
)
CLAIMS_NOTE = "One row per claim, every party on one scale per category. Claims are never added up."
RELATIONS_NOTE = "Allies side by side, opponents facing each other. Actors with no stated relation are left out."
RELATIONS_PART_OF_NOTE = " A dotted line joins an actor to the one it is part of, on the same side."


def brief_figures(sheet: FactSheet, context: dict, country_name: Callable[[str], str]) -> dict:
    """Return ``{map, claims, relations}``; each is ``{id, title, note, alt, svg, narrow_svg, print_svg}`` or None.

    ``svg`` is the layout for desk screens; ``narrow_svg`` the one a phone shows, drawn
    narrower with labels at their size rather than the wide one scaled down; ``print_svg``
    the one on paper (the chart cut into panels a page can turn between). The map also has
    ``events``: ``[{number, anchor, date_human, place}]``, its key.
    """
    return {
        "map": _map_figure(sheet, context, country_name),
        "claims": _claims_figure(sheet, context),
        "relations": _relations_figure(sheet, context),
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


def _map_figure(sheet: FactSheet, context: dict, country_name: Callable[[str], str]) -> dict | None:
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
    request = MapRequest(sheet.region, tuple(sheet.countries), where, events, country_name)
    key = [
        {"number": e["map_number"], "anchor": e["anchor"], "date_human": e["date_human"], "place": e["place"]}
        for e in located
    ]
    narrow = locator_map(replace(request, narrow=True))
    return _figure("map", f"Locator map: {sheet.region}", MAP_NOTE, locator_map(request), narrow, events=key)


def _claims_figure(sheet: FactSheet, context: dict) -> dict | None:
    claims_by_group: dict[tuple[str, str], list] = {}
    for claim in sheet.casualties:
        claims_by_group.setdefault((claim.party, str(claim.category)), []).append(claim)
    groups = []
    for group, claims in zip(context["casualty_groups"], claims_by_group.values(), strict=True):
        several_events = len({claim["event"]["id"] for claim in group["claims"]}) > 1
        rows = tuple(
            ClaimRow(
                claimant=_claimant(shown, several_events),
                worded=_worded(shown),
                grade=f"credibility {shown['credibility']}" if shown["credibility"] else "not graded",
                mark=claim_mark(claim),
                withdrawn=_withdrawn_words(shown),
                status=f"revised{_on(shown['revised']['on_human'])} to {shown['revised']['figure']}"
                if shown["revised"]
                else "",
            )
            for shown, claim in zip(group["claims"], claims, strict=True)
        )
        groups.append(_claim_group(group, rows))
    drawn, narrow, printed = (claims_chart(groups, layout) for layout in (WIDE_CHART, NARROW_CHART, PRINT_CHART))
    return _figure("claims", "Casualty claims compared", CLAIMS_NOTE, drawn, narrow, printed)


def _claimant(shown: dict, several_events: bool) -> str:
    name = shown["claimed_by"]["name"] + (f" via {shown['via']['name']}" if shown["via"] else "")
    when = shown["event"]["date_human"] or shown["event"]["id"]
    given = f", given {shown['claimed_on_human']}" if shown["claimed_on_human"] else ""
    return f"{name} ({when}){given}" if several_events else f"{name}{given}"


def _worded(shown: dict) -> str:
    """Say the figure as worded, with its basis when the sheet gives one: '11,300 (estimate)'."""
    basis = f" ({shown['basis_label']})" if shown["basis_label"] else ""
    return f"{shown['qualified_figure']}{basis}"


def _on(day: str | None) -> str:
    return f" on {day}" if day else ""


def _withdrawn_words(shown: dict) -> str:
    return f"withdrawn{_on(shown['withdrawn']['on_human'])}" if shown["withdrawn"] else ""


def _claim_group(group: dict, rows: tuple[ClaimRow, ...]) -> ClaimGroup:
    category = group["category"]
    if group["party"]["id"] == UNSPECIFIED:
        return ClaimGroup("Party not specified", f"people {category} (party not specified)", category, rows)
    name = group["party"]["name"]
    return ClaimGroup(name, f"{name} {category}", category, rows)


def _relations_figure(sheet: FactSheet, context: dict) -> dict | None:
    nodes = [ActorNode(a["id"], a["name"], a["kind"], a["kind_label"]) for a in context["actors"]]
    links = [Link(actor.id, other, "allied") for actor in sheet.actors for other in actor.allied_with]
    links += [Link(actor.id, other, "opposed") for actor in sheet.actors for other in actor.opposed_to]
    links += [Link(actor.id, whole, "part_of") for actor in sheet.actors for whole in actor.part_of]
    title = "Relations between the actors"
    drawn, narrow = relations_diagram(nodes, links), relations_diagram(nodes, links, NARROW_DIAGRAM)
    note = RELATIONS_NOTE + (RELATIONS_PART_OF_NOTE if any(actor.part_of for actor in sheet.actors) else "")
    return _figure("relations", title, note, drawn, narrow)
