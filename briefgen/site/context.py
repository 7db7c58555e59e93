"""The context a brief is rendered from, for its page and its print version alike.

Pure: values in, strings out. ``brief_context(sheet, project)`` turns a
validated :class:`~briefgen.sheet.models.FactSheet` into a plain dict that both the
web page and the print template read. Its keys are a contract; add keys, do
not rename them.

Top level::

    settings     {site_title, base_url, language, paper}
    brief        {id, title, as_of (date), as_of_iso, as_of_human, status, is_draft,
                  region, countries, tags, handling, authors}
    key_figures  [{figure, what, claimed_by, via, basis_label, claimed_on_human, cites}]: the standing
                 claims marked key_figure, at most six, each as worded; never a sum
    key_points   [statement]          statement = {html, cites}
    background   [statement]
    actors       [{id, anchor, name, kind, kind_label, country, aliases, role_html,
                   allied_with, opposed_to, part_of, cites}]    allied_with/opposed_to/part_of = [actor_ref]
    casualty_groups [{party, category, category_label, claims}]
                 claims = [{figure_text, low, high, qualifier, qualifier_label, qualified_figure,
                            marked_exact, claimed_by, event, credibility, credibility_label, cites,
                            via, claimed_on_iso, claimed_on_human, basis, basis_label, standing,
                            withdrawn, revised}]
                 via is an actor_ref or None; withdrawn None or {on_iso, on_human, note_html, cites};
                 revised None or {figure, on_human}, the newer claim from the same claimant
                 qualified_figure says the figure as the source does ("more than 20",
                 "25–82 or more", "dozens"); low/high/qualifier are None for a figure in words
    casualty_note  one sentence saying claims are shown side by side and never summed
    reaction_groups [{actor, reactions}]
                 reactions = [{action, action_label, date_iso, date_human, summary_html,
                               quote, credibility, credibility_label, cites}]
    timeline     [{id, anchor, date_iso, date_human, place, country, latitude, longitude, map_number,
                   actors, description_html, cites}]
                 actors = [actor_ref], the actors who took part; map_number numbers the events with
                 coordinates (None for the rest), as the map's dots show them
    sources      [{number, id, anchor, title, publisher, author, url, published_iso,
                   published_human, reliability, reliability_label, file}]
    notes        [{number, anchor, quote, source, backrefs}]   source = a sources entry
    sections     [{id, title}] the sections present, in page order
    figures      {map, claims, relations}: each {id, title, note, alt, svg} or None when it would
                 show nothing; svg is Markup (every word in it escaped); map also has
                 events = [{number, anchor, date_human, place}], its key (see briefgen.figures.brief)
    edition      None without git history; else {number, archived, as_of_human, previous_as_of_iso,
                 previous_as_of_human, changes, editions_href, current_href}: changes is None for
                 edition 1, else the lines saying what changed since the previous edition

Small shapes: ``country = {code, name}``; ``actor_ref = {id, name, anchor}``
(anchor None for ``unspecified``/``unattributed``); ``event = {id, anchor, date_human}``;
``cites = [{number, note_anchor, ref_anchor}]``: one marker per citation, the
note it links to, and the id the note links back to. Notes are numbered in
reading order; one note per distinct (source, quote), with a backref for every
marker that cites it. ``*_html`` values are Markup from :func:`markdown_inline`
and are safe to output as they are; every other string is plain text that
autoescaping escapes.
"""

from __future__ import annotations

from briefgen.config import Project
from briefgen.i18n.words import N_, Words, english, words_for
from briefgen.sheet.countries import country_ref
from briefgen.sheet.dates import human_day
from briefgen.sheet.figure_forms import Qualifier, figure_text
from briefgen.sheet.labels import BASIS, PARTY_TOLLS, UNSPECIFIED_TOLLS, credibility_words, label, reliability_words
from briefgen.sheet.markdown import markdown_inline
from briefgen.sheet.models import (
    UNATTRIBUTED,
    UNKNOWN,
    UNSPECIFIED,
    CasualtyClaim,
    Citation,
    FactSheet,
    Statement,
    revised_by,
)
from briefgen.sheet.versions import version_name
from briefgen.site.layout import public_base_url
from briefgen.themes import Theme

CASUALTY_NOTE = N_("Each row is one claimant's figure. Conflicting claims are shown side by side and never added up.")
_NO_ACTOR = {UNSPECIFIED: N_("Not specified"), UNATTRIBUTED: N_("Unattributed")}
SECTION_TITLES = {
    "key-figures": N_("Key figures"),
    "key-points": N_("Key points"),
    "changes": N_("What changed"),
    "background": N_("Background"),
    "actors": N_("Actors"),
    "casualties": N_("Casualties"),
    "reactions": N_("Reactions"),
    "timeline": N_("Timeline"),
    "sources": N_("Sources"),
}


# --- small value helpers --------------------------------------------------


def _date_fields(date, words: Words) -> tuple[str | None, str | None]:
    if date is None or date == UNKNOWN:
        return None, None
    return str(date), date.human(words)


# --- citations -------------------------------------------------------------


class CitationIndex:
    """Number citation notes in reading order, one note per distinct (source, quote)."""

    def __init__(self, sources: dict[str, dict]):
        self.sources = sources
        self.notes: list[dict] = []
        self._by_key: dict[tuple[str, str], dict] = {}

    def markers(self, cites: list[Citation]) -> list[dict]:
        """Give each citation of one fact a marker that links to its note and back."""
        return [self._marker(cite) for cite in cites]

    def _marker(self, cite: Citation) -> dict:
        quote = " ".join(cite.quote.split())
        note = self._by_key.get((cite.source, quote))
        if note is None:
            number = len(self.notes) + 1
            note = {
                "number": number,
                "anchor": f"note-{number}",
                "quote": quote,
                "translation": " ".join(cite.translation.split()) if cite.translation else None,
                "source": self.sources.get(cite.source),
                "backrefs": [],
            }
            self.notes.append(note)
            self._by_key[(cite.source, quote)] = note
        ref_anchor = f"ref-{note['number']}-{len(note['backrefs']) + 1}"
        note["backrefs"].append(ref_anchor)
        return {"number": note["number"], "note_anchor": note["anchor"], "ref_anchor": ref_anchor}


# --- context builders ------------------------------------------------------


def source_entries(sheet: FactSheet, words: Words | None = None) -> list[dict]:
    """Number the sources in the order the sheet lists them, their dates and grades in the language of ``words``."""
    words = words or english()
    entries = []
    for number, source in enumerate(sheet.sources, start=1):
        published_iso, published_human = _date_fields(source.published, words)
        entries.append(
            {
                "number": number,
                "id": source.id,
                "anchor": f"source-{source.id}",
                "title": source.title,
                "publisher": source.publisher,
                "author": source.author,
                "url": source.url if source.url != UNKNOWN else None,
                "published_iso": published_iso,
                "published_human": published_human or words.gettext("unknown"),
                "language": source.language,
                "reliability": str(source.reliability) if source.reliability else None,
                "reliability_label": reliability_words(source.reliability, words),
                "file": source.file,
            }
        )
    return entries


def actor_ref(sheet: FactSheet, actor_id: str, words: Words | None = None) -> dict:
    """Name an actor id for display, with an anchor into the actors table when it has one."""
    if actor_id in _NO_ACTOR:
        return {"id": actor_id, "name": (words or english()).gettext(_NO_ACTOR[actor_id]), "anchor": None}
    actor = sheet.actor(actor_id)
    name = actor.name if actor else actor_id
    return {"id": actor_id, "name": name, "anchor": f"actor-{actor_id}" if actor else None}


def _statements(statements: list[Statement], citations: CitationIndex) -> list[dict]:
    return [{"html": markdown_inline(s.text), "cites": citations.markers(s.cite)} for s in statements]


def _actors(sheet: FactSheet, citations: CitationIndex, words: Words) -> list[dict]:
    return [
        {
            "id": actor.id,
            "anchor": f"actor-{actor.id}",
            "name": actor.name,
            "kind": str(actor.kind),
            "kind_label": label(actor.kind, words),
            "country": country_ref(actor.country, words),
            "aliases": list(actor.aliases),
            "role_html": markdown_inline(actor.role),
            "allied_with": [actor_ref(sheet, other, words) for other in actor.allied_with],
            "opposed_to": [actor_ref(sheet, other, words) for other in actor.opposed_to],
            "part_of": [actor_ref(sheet, other, words) for other in actor.part_of],
            "cites": citations.markers(actor.cite),
        }
        for actor in sheet.actors
    ]


def _event_ref(sheet: FactSheet, event_id: str, words: Words) -> dict:
    event = next((e for e in sheet.timeline if e.id == event_id), None)
    return {
        "id": event_id,
        "anchor": f"event-{event_id}" if event else None,
        "date_human": event.date.human(words) if event else None,
    }


def _casualty_groups(sheet: FactSheet, citations: CitationIndex, words: Words) -> list[dict]:
    """Group claims by party and category in order of first mention; each claim keeps its own row."""
    groups: dict[tuple[str, str], dict] = {}
    revisions = revised_by(sheet.casualties)
    for index, claim in enumerate(sheet.casualties):
        key = (claim.party, str(claim.category))
        group = groups.setdefault(
            key,
            {
                "party": actor_ref(sheet, claim.party, words),
                "category": str(claim.category),
                "category_label": label(claim.category, words),
                "claims": [],
            },
        )
        bounds = claim.bounds
        group["claims"].append(
            {
                "figure_text": figure_text(claim.figure, words),
                "low": bounds.low if bounds else None,
                "high": bounds.high if bounds else None,
                "qualifier": str(claim.qualifier) if claim.qualifier else None,
                "qualifier_label": str(claim.qualifier).replace("_", " ") if claim.qualifier else None,
                "qualified_figure": claim.worded_in(words),
                "marked_exact": claim.qualifier == Qualifier.EXACT and not bounds.high_open,
                "claimed_by": actor_ref(sheet, claim.claimed_by, words),
                "event": _event_ref(sheet, claim.event, words),
                "credibility": claim.credibility,
                "credibility_label": credibility_words(claim.credibility, words),
                "cites": citations.markers(claim.cite),
                **_claim_record(sheet, claim, revisions.get(index), citations, words),
            }
        )
    return list(groups.values())


def _claim_record(
    sheet: FactSheet, claim: CasualtyClaim, revision: CasualtyClaim | None, citations: CitationIndex, words: Words
) -> dict:
    """Say how a claim stands: who passed it on, when it was given, on what basis, withdrawn or revised since."""
    claimed_on_iso, claimed_on_human = _date_fields(claim.claimed_on, words)
    withdrawn = None
    if claim.withdrawn:
        on_iso, on_human = _date_fields(claim.withdrawn.on, words)
        note = markdown_inline(claim.withdrawn.note)
        withdrawn = {
            "on_iso": on_iso,
            "on_human": on_human,
            "note_html": note,
            "cites": citations.markers(claim.withdrawn.cite),
        }
    revised = None
    if revision is not None:
        revised = {"figure": revision.worded_in(words), "on_human": _date_fields(revision.claimed_on, words)[1]}
    return {
        "via": actor_ref(sheet, claim.via, words) if claim.via else None,
        "claimed_on_iso": claimed_on_iso,
        "claimed_on_human": claimed_on_human,
        "basis": str(claim.basis) if claim.basis else None,
        "basis_label": _basis_words(claim, words),
        "standing": claim.standing and revision is None,
        "withdrawn": withdrawn,
        "revised": revised,
    }


def _basis_words(claim: CasualtyClaim, words: Words) -> str | None:
    return words.gettext(BASIS[str(claim.basis)]) if claim.basis else None


def _key_figures(sheet: FactSheet, citations: CitationIndex, words: Words) -> list[dict]:
    """List the claims marked as key figures that still stand, each as worded with its claimant, basis and date."""
    revisions = revised_by(sheet.casualties)
    shown = [
        (index, claim)
        for index, claim in enumerate(sheet.casualties)
        if claim.key_figure and claim.standing and index not in revisions
    ]
    return [
        {
            "figure": claim.worded_in(words),
            "what": _toll_words(sheet, claim, words),
            "claimed_by": actor_ref(sheet, claim.claimed_by, words),
            "via": actor_ref(sheet, claim.via, words) if claim.via else None,
            "basis_label": _basis_words(claim, words),
            "claimed_on_human": _date_fields(claim.claimed_on, words)[1],
            "cites": citations.markers(claim.cite),
        }
        for _index, claim in shown
    ]


def _toll_words(sheet: FactSheet, claim: CasualtyClaim, words: Words) -> str:
    """Say whose toll a key figure is: 'people killed', 'Russian fighters wounded'."""
    category = str(claim.category)
    if claim.party == UNSPECIFIED:
        phrase = UNSPECIFIED_TOLLS.get(category)
        return words.gettext(phrase) if phrase else category
    party = actor_ref(sheet, claim.party, words)["name"]
    phrase = PARTY_TOLLS.get(category)
    return words.gettext(phrase) % {"party": party} if phrase else f"{party} {category}"


def _reaction_groups(sheet: FactSheet, citations: CitationIndex, words: Words) -> list[dict]:
    """Group reactions by actor in order of first mention, keeping each reaction's own date and words."""
    groups: dict[str, dict] = {}
    for reaction in sheet.reactions:
        group = groups.setdefault(reaction.actor, {"actor": actor_ref(sheet, reaction.actor, words), "reactions": []})
        date_iso, date_human = _date_fields(reaction.date, words)
        group["reactions"].append(
            {
                "action": str(reaction.action),
                "action_label": label(reaction.action, words),
                "date_iso": date_iso,
                "date_human": date_human,
                "summary_html": markdown_inline(reaction.summary),
                "quote": " ".join(reaction.quote.split()) if reaction.quote else None,
                "quote_language": _quote_language(sheet, reaction.cite),
                "credibility": reaction.credibility,
                "credibility_label": credibility_words(reaction.credibility, words),
                "cites": citations.markers(reaction.cite),
            }
        )
    return list(groups.values())


def _quote_language(sheet: FactSheet, cites: list[Citation]) -> str:
    """Return the language a quote is in: its first cited source's, which the quote must stand in."""
    sources = {source.id: source for source in sheet.sources}
    cited = next((sources[c.source] for c in cites if c.source in sources), None)
    return cited.language if cited else sheet.language


def _timeline(sheet: FactSheet, citations: CitationIndex, words: Words) -> list[dict]:
    events = sorted(sheet.timeline, key=lambda e: e.date.sort_key())
    located = [e for e in events if e.location and e.location.latitude is not None and e.location.longitude is not None]
    map_numbers = {event.id: number for number, event in enumerate(located, start=1)}
    return [
        {
            "id": event.id,
            "anchor": f"event-{event.id}",
            "date_iso": str(event.date),
            "date_human": event.date.human(words),
            "place": event.location.place if event.location else None,
            "country": country_ref(event.location.country, words) if event.location else None,
            "latitude": event.location.latitude if event.id in map_numbers else None,
            "longitude": event.location.longitude if event.id in map_numbers else None,
            "map_number": map_numbers.get(event.id),
            "actors": [actor_ref(sheet, actor_id, words) for actor_id in event.actors],
            "description_html": markdown_inline(event.description),
            "cites": citations.markers(event.cite),
        }
        for event in events
    ]


def settings_context(project: Project) -> dict:
    """Return the site-wide settings templates read."""
    settings = project.settings
    return {
        "site_title": settings.site_title,
        "base_url": public_base_url(project),
        "language": settings.language,
        "paper": settings.paper,
    }


def brief_summary(sheet: FactSheet, words: Words | None = None) -> dict:
    """Return the title-block facts of a brief, as listings and the page header show them."""
    return {
        "id": sheet.id,
        "title": sheet.title,
        "as_of": sheet.as_of,
        "as_of_iso": sheet.as_of.isoformat(),
        "as_of_human": human_day(sheet.as_of, words),
        "status": str(sheet.status),
        "is_draft": sheet.status == "draft",
        "region": sheet.region,
        "countries": [country_ref(code, words) for code in sheet.countries],
        "tags": list(sheet.tags),
        "handling": sheet.handling,
        "authors": list(sheet.authors),
    }


def _sections(context: dict, words: Words) -> list[dict]:
    edition = context.get("edition")
    present = {
        "key-figures": bool(context["key_figures"]),
        "key-points": True,
        "changes": bool(edition and edition["changes"] is not None),
        "background": True,
        "actors": bool(context["actors"]),
        "casualties": bool(context["casualty_groups"]),
        "reactions": bool(context["reaction_groups"]),
        "timeline": bool(context["timeline"]),
        "sources": True,
    }
    return [{"id": key, "title": words.gettext(SECTION_TITLES[key])} for key, shown in present.items() if shown]


def brief_context(sheet: FactSheet, project: Project, edition: dict | None = None) -> dict:
    """Build the render context of one brief: every fact in page order, citations numbered; ``edition`` from history.

    Every word the context composes (labels, grades, dates, figures, country names) is
    in the brief's language, with the project's catalog overrides.
    """
    words = words_for(sheet.language, Theme.of(project))
    sources = source_entries(sheet, words)
    citations = CitationIndex({entry["id"]: entry for entry in sources})
    context = {
        "settings": settings_context(project),
        "language": sheet.language,
        "brief": {
            **brief_summary(sheet, words),
            "version": version_name(sheet.id, sheet.language, project.settings.language),
        },
        "key_figures": _key_figures(sheet, citations, words),
        "key_points": _statements(sheet.key_points, citations),
        "background": _statements(sheet.background, citations),
        "actors": _actors(sheet, citations, words),
        "casualty_groups": _casualty_groups(sheet, citations, words),
        "casualty_note": words.gettext(CASUALTY_NOTE),
        "reaction_groups": _reaction_groups(sheet, citations, words),
        "timeline": _timeline(sheet, citations, words),
        "sources": sources,
        "edition": edition,
    }
    context["notes"] = citations.notes
    context["sections"] = _sections(context, words)
    from briefgen.figures.brief import brief_figures  # on first use: a build with nothing to render never draws

    context["figures"] = brief_figures(sheet, context, words)
    return context
