"""How a change is said to a reader: items named as the brief names them, figures with their qualifiers.

Pure. Every phrase is plain text (markdown dropped), so a change line can go
into a page, a PDF, a feed or a mail body as it is; prose is said in full (a page
that shortens a line does so itself, with the whole line a click away). Also what
an edition's one-line summary says: "Edition 3: 2 claims revised, 1 withdrawn".
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


def plain(markdown: str) -> str:
    """Turn a prose field into plain words, in full: a change line never cuts what an item says."""
    return markdown_plain(markdown)


def before(text: str) -> str:
    """Say what a reworded item said before: '(before: “...”)'."""
    return f"(before: {quoted(text)})"


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


def _via(sheet: FactSheet, claim: CasualtyClaim) -> str:
    return f" via {actor_name(sheet, claim.via)}" if claim.via else ""


def claim_name(sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False) -> str:
    """Name a claim by what identifies it: 'Russian fighters killed, claimed by CSP-DPA'."""
    who = "unattributed" if claim.claimed_by == UNATTRIBUTED else f"claimed by {actor_name(sheet, claim.claimed_by)}"
    event = _event_words(sheet, claim) if with_event else ""
    return f"{_party(sheet, claim)} {claim.category}{event}, {who}{_via(sheet, claim)}"


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
        return f"{toll}{event} (unattributed{_via(sheet, claim)})"
    if claim.via:
        return f"{actor_name(sheet, claim.via)}, citing {actor_name(sheet, claim.claimed_by)}, says {toll}{event}"
    return f"{actor_name(sheet, claim.claimed_by)} says {toll}{event}"


def claim_withdrawn(sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False) -> str:
    """Name a claim the brief no longer carries: 'claim by JNIM of 50 Russian fighters killed'."""
    toll = _toll(sheet, claim)
    event = _event_words(sheet, claim) if with_event else ""
    if claim.claimed_by == UNATTRIBUTED:
        return f"unattributed claim{_via(sheet, claim)} of {toll}{event}"
    return f"claim by {actor_name(sheet, claim.claimed_by)}{_via(sheet, claim)} of {toll}{event}"


def withdrawal(claim: CasualtyClaim) -> str:
    """Say when and how a claim was withdrawn: 'withdrawn on 17 September 2023: OCHA no longer cites it'."""
    if claim.withdrawn is None:
        return ""
    on = when(claim.withdrawn.on)
    return f"withdrawn{' on ' + on if on else ''}: {plain(claim.withdrawn.note)}"


def revision(old: CasualtyClaim, new: CasualtyClaim) -> str:
    """Say a figure revised by its claimant, with the day of the newer one: '3,166 → 3,958 (17 September 2023)'."""
    on = when(new.claimed_on)
    return arrow(figure_words(old), figure_words(new)) + (f" ({on})" if on else "")


def credibility(value: int | None) -> str:
    return CREDIBILITY[value] if value else "not graded"


# --- reactions, events, actors, sources ----------------------------------


def reaction_name(sheet: FactSheet, reaction: Reaction) -> str:
    """Name a reaction by its actor, action and date: 'reaction of Senegal (summons ambassador, 4 August 2024)'."""
    details = ", ".join(part for part in (label(reaction.action).lower(), when(reaction.date)) if part)
    return f"reaction of {actor_name(sheet, reaction.actor)} ({details})"


def event_name(event: TimelineEvent) -> str:
    """Name an event by its date and what it says."""
    return f"event of {event.date.human()}, {quoted(plain(event.description))}"


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


# --- an edition in one line -------------------------------------------------

# Each section a change can be about: its noun, singular and plural. Metadata fields are said without a count.
SECTIONS = {
    "title": ("title", "title"),
    "region": ("region", "region"),
    "countries": ("countries", "countries"),
    "handling": ("handling", "handling"),
    "key point": ("key point", "key points"),
    "background paragraph": ("background paragraph", "background paragraphs"),
    "actor": ("actor", "actors"),
    "claim": ("claim", "claims"),
    "reaction": ("reaction", "reactions"),
    "event": ("event", "events"),
    "source": ("source", "sources"),
}
FIELDS = ("title", "region", "countries", "handling")
# How each kind of change is said; a claim is revised or withdrawn, as a claimant does.
VERBS = {"changed": "revised", "reworded": "reworded", "removed": "removed"}
CLAIM_VERBS = {"removed": "withdrawn"}


def _counted(section: str, kind: str, count: int, with_noun: bool) -> str:
    """Say one count: '2 claims revised', '3 new events'; '1 withdrawn' after the same section's other count."""
    if section in FIELDS:
        return f"{section} changed"
    singular, plural = SECTIONS[section]
    noun = (singular if count == 1 else plural) if with_noun else ""
    if kind == "new":
        return " ".join(w for w in (str(count), "new", noun) if w)
    verb = (CLAIM_VERBS.get(kind) if section == "claim" else None) or VERBS[kind]
    return " ".join(w for w in (str(count), noun, verb) if w)


def what_changed(tally: list[tuple[str, str, int]] | None) -> str:
    """Say in a few words what an edition changed, from its changes counted by section and kind (None: the first)."""
    if tally is None:
        return "the first edition"
    if not tally:
        return "nothing changed but the as-of date"
    said, last = [], None
    for section, kind, count in tally:
        said.append(_counted(section, kind, count, with_noun=section != last))
        last = section
    return ", ".join(said)


def headline(number: int, tally: list[tuple[str, str, int]] | None) -> str:
    """Say what an edition is and what changed in it: 'Edition 3: 2 claims revised, 1 withdrawn, 3 new events'.

    A later edition without a count is one whose edition before cannot be read.
    """
    if tally is None and number > 1:
        return f"Edition {number}: what changed is not known"
    return f"Edition {number}: {what_changed(tally)}"
