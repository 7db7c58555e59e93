"""How a change is said to a reader: items named as the brief names them, figures with their qualifiers.

Pure. Every phrase is plain text (markdown dropped), so a change line can go
into a page, a PDF, a feed or a mail body as it is.
"""

from __future__ import annotations

from briefgen.sheet.countries import country_name
from briefgen.sheet.labels import CREDIBILITY, label
from briefgen.sheet.markdown import markdown_plain
from briefgen.sheet.models import (
    UNATTRIBUTED,
    UNKNOWN,
    UNSPECIFIED,
    Actor,
    CasualtyClaim,
    Citation,
    FactSheet,
    Reaction,
    Source,
    TimelineEvent,
)

SHORT = 90
LONG = 220


def shorten(text: str, limit: int = SHORT) -> str:
    """Cut text at a word boundary, marking the cut, so a line names an item without quoting all of it."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}\u2026"


def plain(markdown: str, limit: int = SHORT) -> str:
    """Turn a prose field into plain words, shortened."""
    return shorten(markdown_plain(markdown), limit)


def quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def arrow(old: object, new: object) -> str:
    return f"{old} \u2192 {new}"


def actor_name(sheet: FactSheet, actor_id: str) -> str:
    """Name an actor as the sheet names it."""
    actor = sheet.actor(actor_id)
    return actor.name if actor else actor_id


def names(sheet: FactSheet, actor_ids: list[str] | set[str]) -> str:
    return ", ".join(sorted(actor_name(sheet, actor_id) for actor_id in actor_ids))


def when(date) -> str:
    """Say a date, or nothing when there is none."""
    return "" if date is None or date == UNKNOWN else date.human()


# --- casualty claims --------------------------------------------------------


def figure_words(claim: CasualtyClaim) -> str:
    """Say a figure with its qualifier as the source does, never rounded: 'approximately 50', 'dozens', '84'."""
    return claim.worded


def _party(sheet: FactSheet, claim: CasualtyClaim) -> str:
    return "people" if claim.party == UNSPECIFIED else actor_name(sheet, claim.party)


def _event_words(sheet: FactSheet, claim: CasualtyClaim) -> str:
    event = next((e for e in sheet.timeline if e.id == claim.event), None)
    return f" (event of {event.date.human()})" if event else f" (event {claim.event})"


def claim_name(sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False) -> str:
    """Name a claim by what identifies it: 'Russian fighters killed, claimed by CSP-DPA'."""
    who = "unattributed" if claim.claimed_by == UNATTRIBUTED else f"claimed by {actor_name(sheet, claim.claimed_by)}"
    event = _event_words(sheet, claim) if with_event else ""
    return f"{_party(sheet, claim)} {claim.category}{event}, {who}"


def _toll(sheet: FactSheet, claim: CasualtyClaim) -> str:
    """Say the toll: '50 Russian fighters killed'; a figure in words goes last ('Russian fighters killed: dozens')."""
    if isinstance(claim.figure, str):
        return f"{_party(sheet, claim)} {claim.category}: {figure_words(claim)}"
    return f"{figure_words(claim)} {_party(sheet, claim)} {claim.category}"


def claim_statement(sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False) -> str:
    """Say a claim as a sentence: 'JNIM says 50 Russian fighters killed'."""
    toll = _toll(sheet, claim)
    event = _event_words(sheet, claim) if with_event else ""
    if claim.claimed_by == UNATTRIBUTED:
        return f"{toll}{event} (unattributed)"
    return f"{actor_name(sheet, claim.claimed_by)} says {toll}{event}"


def claim_withdrawn(sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False) -> str:
    """Name a claim the brief no longer carries: 'claim by JNIM of 50 Russian fighters killed'."""
    toll = _toll(sheet, claim)
    event = _event_words(sheet, claim) if with_event else ""
    if claim.claimed_by == UNATTRIBUTED:
        return f"unattributed claim of {toll}{event}"
    return f"claim by {actor_name(sheet, claim.claimed_by)} of {toll}{event}"


def credibility(value: int | None) -> str:
    return CREDIBILITY[value] if value else "not graded"


# --- reactions, events, actors, sources ----------------------------------


def reaction_name(sheet: FactSheet, reaction: Reaction) -> str:
    """Name a reaction by its actor, action and date: 'reaction of Senegal (summons ambassador, 4 August 2024)'."""
    details = ", ".join(part for part in (label(reaction.action).lower(), when(reaction.date)) if part)
    return f"reaction of {actor_name(sheet, reaction.actor)} ({details})"


def event_name(event: TimelineEvent) -> str:
    """Name an event by its date and first words."""
    return f"event of {event.date.human()}, {quoted(plain(event.description, 60))}"


def actor_summary(actor: Actor) -> str:
    details = [label(actor.kind).lower()] + ([country_name(actor.country)] if actor.country else [])
    return f"{actor.name} ({', '.join(details)})"


def source_name(source: Source) -> str:
    """Name a source by its title, or by its publisher and id when the title is unknown."""
    if source.title != UNKNOWN:
        return f"source {quoted(source.title)}"
    publisher = f"{source.publisher}, " if source.publisher != UNKNOWN else ""
    return f"untitled source ({publisher}{source.id})"


def source_summary(source: Source) -> str:
    """Describe a source for a reader: title, publisher, date, as far as they are known."""
    parts = [quoted(source.title) if source.title != UNKNOWN else f"untitled ({source.id})"]
    parts += [source.publisher] if source.publisher != UNKNOWN else []
    parts += [when(source.published)] if when(source.published) else []
    return ", ".join(parts)


def cite_changes(old_sheet: FactSheet, new_sheet: FactSheet, old: list[Citation], new: list[Citation]) -> list[str]:
    """Say how an item's citations changed: sources added or dropped, or other passages quoted."""
    old_sources, new_sources = {c.source for c in old}, {c.source for c in new}
    words = []
    if new_sources - old_sources:
        words.append("now also cites " + _source_titles(new_sheet, new_sources - old_sources))
    if old_sources - new_sources:
        words.append("no longer cites " + _source_titles(old_sheet, old_sources - new_sources))
    folded = {(c.source, " ".join(c.quote.split())) for c in old} != {
        (c.source, " ".join(c.quote.split())) for c in new
    }
    if not words and folded:
        words.append("quotes other passages of its sources")
    return words


def _source_titles(sheet: FactSheet, ids: set[str]) -> str:
    by_id = {source.id: source for source in sheet.sources}
    return ", ".join(sorted(source_name(by_id[i]) if i in by_id else f"source {i}" for i in ids))
