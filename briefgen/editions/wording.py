"""How a change is said to a reader: items named as the brief names them, figures with their qualifiers.

Pure. Every phrase is plain text (markdown dropped), so a change line can go
into a page, a PDF, a feed or a mail body as it is; prose is said in full (a page
that shortens a line does so itself, with the whole line a click away). Also what
an edition's one-line summary says: "Edition 3: 2 claims revised, 1 withdrawn".
Every phrase is said in the language of the ``words`` given (English without),
through the catalogs: whole phrases with named places, so a language orders them its way.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefgen.i18n.words import N_, Words, english
from briefgen.sheet.countries import country_name
from briefgen.sheet.labels import PARTY_TOLLS, UNSPECIFIED_TOLLS, credibility_words, label
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


def phrase(words: Words | None, message: str, **values: object) -> str:
    """Translate a phrase and fill its named places."""
    text = (words or english()).gettext(message)
    return text % values if values else text


def plain(markdown: str) -> str:
    """Turn a prose field into plain words, in full: a change line never cuts what an item says."""
    return markdown_plain(markdown)


def before(text: str, words: Words | None = None) -> str:
    """Say what a reworded item said before: '(before: “...”)'."""
    return phrase(words, N_("(before: %(text)s)"), text=quoted(text, words))


def quoted(text: str, words: Words | None = None) -> str:
    """Put words in the language's quotation marks: “...” in English, « ... » in French."""
    return phrase(words, N_("\u201c%(text)s\u201d"), text=text)


def arrow(old: object, new: object, words: Words | None = None) -> str:
    """Say what a value was and is: 'old → new', the arrow pointing the way the language reads."""
    return phrase(words, N_("%(old)s \u2192 %(new)s"), old=old, new=new)


def actor_name(sheet: FactSheet, actor_id: str) -> str:
    """Name an actor as the sheet names it."""
    actor = sheet.actor(actor_id)
    return actor.name if actor else actor_id


def listed(items: Iterable[str], words: Words | None = None) -> str:
    """Join items with the language's comma: 'a, b' in English, 'a، b' in Arabic."""
    return (words or english()).pgettext("list separator", ", ").join(items)


def listed_apart(items: Iterable[str], words: Words | None = None) -> str:
    """Join parts that hold commas of their own with the language's semicolon."""
    return (words or english()).pgettext("list separator", "; ").join(items)


def names(sheet: FactSheet, actor_ids: list[str] | set[str], words: Words | None = None) -> str:
    return listed(sorted(actor_name(sheet, actor_id) for actor_id in actor_ids), words)


def when(date, words: Words | None = None) -> str:
    """Say a date, or nothing when there is none."""
    return "" if date is None or date == UNKNOWN else date.human(words)


# --- casualty claims --------------------------------------------------------


def figure_words(claim: CasualtyClaim, words: Words | None = None) -> str:
    """Say a figure with its qualifier as the source does, never rounded: 'approximately 50', 'dozens', '84'."""
    return claim.worded_in(words or english())


def _party(sheet: FactSheet, claim: CasualtyClaim, words: Words | None) -> str:
    """Say whose toll it is: 'Russian fighters killed', 'people killed'."""
    category = str(claim.category)
    if claim.party == UNSPECIFIED:
        toll = UNSPECIFIED_TOLLS.get(category)
        return phrase(words, toll) if toll else f"people {category}"
    party = actor_name(sheet, claim.party)
    toll = PARTY_TOLLS.get(category)
    return phrase(words, toll, party=party) if toll else f"{party} {category}"


def _event_words(sheet: FactSheet, claim: CasualtyClaim, words: Words | None) -> str:
    event = next((e for e in sheet.timeline if e.id == claim.event), None)
    if event:
        return " " + phrase(words, N_("(event of %(date)s)"), date=event.date.human(words))
    return " " + phrase(words, N_("(event %(id)s)"), id=claim.event)


def claim_name(sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False, words: Words | None = None) -> str:
    """Name a claim by what identifies it: 'Russian fighters killed, claimed by CSP-DPA'."""
    what = _party(sheet, claim, words) + (_event_words(sheet, claim, words) if with_event else "")
    via = actor_name(sheet, claim.via) if claim.via else None
    if claim.claimed_by == UNATTRIBUTED:
        if via:
            return phrase(words, N_("%(what)s, unattributed via %(via)s"), what=what, via=via)
        return phrase(words, N_("%(what)s, unattributed"), what=what)
    claimant = actor_name(sheet, claim.claimed_by)
    if via:
        return phrase(words, N_("%(what)s, claimed by %(claimant)s via %(via)s"), what=what, claimant=claimant, via=via)
    return phrase(words, N_("%(what)s, claimed by %(claimant)s"), what=what, claimant=claimant)


def _toll(sheet: FactSheet, claim: CasualtyClaim, words: Words | None) -> str:
    """Say the toll: '50 Russian fighters killed'; a figure in words goes last ('Russian fighters killed: dozens')."""
    toll, figure = _party(sheet, claim, words), figure_words(claim, words)
    if isinstance(claim.figure, str):
        return phrase(words, N_("%(toll)s: %(figure)s"), toll=toll, figure=figure)
    return phrase(words, N_("%(figure)s %(toll)s"), toll=toll, figure=figure)


def claim_statement(
    sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False, words: Words | None = None
) -> str:
    """Say a claim as a sentence: 'JNIM says 50 Russian fighters killed'."""
    toll = _toll(sheet, claim, words) + (_event_words(sheet, claim, words) if with_event else "")
    via = actor_name(sheet, claim.via) if claim.via else None
    if claim.claimed_by == UNATTRIBUTED:
        if via:
            return phrase(words, N_("%(toll)s (unattributed via %(via)s)"), toll=toll, via=via)
        return phrase(words, N_("%(toll)s (unattributed)"), toll=toll)
    claimant = actor_name(sheet, claim.claimed_by)
    if via:
        return phrase(words, N_("%(via)s, citing %(claimant)s, says %(toll)s"), via=via, claimant=claimant, toll=toll)
    return phrase(words, N_("%(claimant)s says %(toll)s"), claimant=claimant, toll=toll)


def claim_withdrawn(
    sheet: FactSheet, claim: CasualtyClaim, with_event: bool = False, words: Words | None = None
) -> str:
    """Name a claim the brief no longer carries: 'claim by JNIM of 50 Russian fighters killed'."""
    toll = _toll(sheet, claim, words) + (_event_words(sheet, claim, words) if with_event else "")
    via = actor_name(sheet, claim.via) if claim.via else None
    if claim.claimed_by == UNATTRIBUTED:
        if via:
            return phrase(words, N_("unattributed claim via %(via)s of %(toll)s"), via=via, toll=toll)
        return phrase(words, N_("unattributed claim of %(toll)s"), toll=toll)
    claimant = actor_name(sheet, claim.claimed_by)
    if via:
        return phrase(words, N_("claim by %(claimant)s via %(via)s of %(toll)s"), claimant=claimant, via=via, toll=toll)
    return phrase(words, N_("claim by %(claimant)s of %(toll)s"), claimant=claimant, toll=toll)


def withdrawal(claim: CasualtyClaim, words: Words | None = None) -> str:
    """Say when and how a claim was withdrawn: 'withdrawn on 17 September 2023: OCHA no longer cites it'."""
    if claim.withdrawn is None:
        return ""
    on, note = when(claim.withdrawn.on, words), plain(claim.withdrawn.note)
    if on:
        return phrase(words, N_("withdrawn on %(date)s: %(note)s"), date=on, note=note)
    return phrase(words, N_("withdrawn: %(note)s"), note=note)


def revision(old: CasualtyClaim, new: CasualtyClaim, words: Words | None = None) -> str:
    """Say a figure revised by its claimant, with the day of the newer one: '3,166 → 3,958 (17 September 2023)'."""
    on = when(new.claimed_on, words)
    return arrow(figure_words(old, words), figure_words(new, words), words) + (f" ({on})" if on else "")


def credibility(value: int | None, words: Words | None = None) -> str:
    return (credibility_words(value, words) if value else None) or phrase(words, N_("not graded"))


# --- reactions, events, actors, sources ----------------------------------


def reaction_name(sheet: FactSheet, reaction: Reaction, words: Words | None = None) -> str:
    """Name a reaction by its actor, action and date: 'reaction of Senegal (summons ambassador, 4 August 2024)'."""
    parts = (label(reaction.action, words).lower(), when(reaction.date, words))
    details = listed((part for part in parts if part), words)
    return phrase(
        words, N_("reaction of %(actor)s (%(details)s)"), actor=actor_name(sheet, reaction.actor), details=details
    )


def event_name(event: TimelineEvent, words: Words | None = None) -> str:
    """Name an event by its date and what it says."""
    description = quoted(plain(event.description), words)
    return phrase(
        words, N_("event of %(date)s, %(description)s"), date=event.date.human(words), description=description
    )


def actor_summary(actor: Actor, words: Words | None = None) -> str:
    details = [label(actor.kind, words).lower()] + ([country_name(actor.country, words)] if actor.country else [])
    return f"{actor.name} ({listed(details, words)})"


def source_name(source: Source, words: Words | None = None) -> str:
    """Name a source by its title, or by its publisher and id when the title is unknown."""
    if source.title != UNKNOWN:
        return phrase(words, N_("source %(name)s"), name=quoted(source.title, words))
    if source.publisher != UNKNOWN:
        return phrase(words, N_("untitled source (%(publisher)s, %(id)s)"), publisher=source.publisher, id=source.id)
    return phrase(words, N_("untitled source (%(id)s)"), id=source.id)


def source_summary(source: Source, words: Words | None = None) -> str:
    """Describe a source for a reader: title, publisher, date, as far as they are known."""
    untitled = phrase(words, N_("untitled (%(id)s)"), id=source.id)
    parts = [quoted(source.title, words) if source.title != UNKNOWN else untitled]
    parts += [source.publisher] if source.publisher != UNKNOWN else []
    parts += [when(source.published, words)] if when(source.published) else []
    return listed(parts, words)


def cite_changes(
    old_sheet: FactSheet, new_sheet: FactSheet, old: list[Citation], new: list[Citation], words: Words | None = None
) -> list[str]:
    """Say how an item's citations changed: sources added or dropped, or other passages quoted."""
    old_sources, new_sources = {c.source for c in old}, {c.source for c in new}
    said = []
    if new_sources - old_sources:
        titles = _source_titles(new_sheet, new_sources - old_sources, words)
        said.append(phrase(words, N_("now also cites %(sources)s"), sources=titles))
    if old_sources - new_sources:
        titles = _source_titles(old_sheet, old_sources - new_sources, words)
        said.append(phrase(words, N_("no longer cites %(sources)s"), sources=titles))
    folded = {(c.source, " ".join(c.quote.split())) for c in old} != {
        (c.source, " ".join(c.quote.split())) for c in new
    }
    if not said and folded:
        said.append(phrase(words, N_("quotes other passages of its sources")))
    return said


def _source_titles(sheet: FactSheet, ids: set[str], words: Words | None) -> str:
    by_id = {source.id: source for source in sheet.sources}
    return listed(
        sorted(
            source_name(by_id[i], words) if i in by_id else phrase(words, N_("source %(name)s"), name=i) for i in ids
        )
    )


# --- an edition in one line -------------------------------------------------

# Each section a change can be about, as ``Change.section`` names it. Metadata fields are said without a count.
SECTIONS = (
    "title",
    "region",
    "countries",
    "handling",
    "key point",
    "background paragraph",
    "actor",
    "claim",
    "reaction",
    "event",
    "source",
)
FIELDS = {
    "title": N_("title changed"),
    "region": N_("region changed"),
    "countries": N_("countries changed"),
    "handling": N_("handling changed"),
}
# Each count an edition's summary gives, by section and kind: with its noun, and without it after the same
# section's other count ('2 claims revised, 1 withdrawn'). Written out whole, so each language agrees them its way.
COUNTED = {
    ("key point", "new"): lambda w, n: w.ngettext("%(count)s new key point", "%(count)s new key points", n),
    ("key point", "changed"): lambda w, n: w.ngettext("%(count)s key point revised", "%(count)s key points revised", n),
    ("key point", "reworded"): lambda w, n: w.ngettext(
        "%(count)s key point reworded", "%(count)s key points reworded", n
    ),
    ("key point", "removed"): lambda w, n: w.ngettext("%(count)s key point removed", "%(count)s key points removed", n),
    ("background paragraph", "new"): lambda w, n: w.ngettext(
        "%(count)s new background paragraph", "%(count)s new background paragraphs", n
    ),
    ("background paragraph", "changed"): lambda w, n: w.ngettext(
        "%(count)s background paragraph revised", "%(count)s background paragraphs revised", n
    ),
    ("background paragraph", "reworded"): lambda w, n: w.ngettext(
        "%(count)s background paragraph reworded", "%(count)s background paragraphs reworded", n
    ),
    ("background paragraph", "removed"): lambda w, n: w.ngettext(
        "%(count)s background paragraph removed", "%(count)s background paragraphs removed", n
    ),
    ("actor", "new"): lambda w, n: w.ngettext("%(count)s new actor", "%(count)s new actors", n),
    ("actor", "changed"): lambda w, n: w.ngettext("%(count)s actor revised", "%(count)s actors revised", n),
    ("actor", "reworded"): lambda w, n: w.ngettext("%(count)s actor reworded", "%(count)s actors reworded", n),
    ("actor", "removed"): lambda w, n: w.ngettext("%(count)s actor removed", "%(count)s actors removed", n),
    ("claim", "new"): lambda w, n: w.ngettext("%(count)s new claim", "%(count)s new claims", n),
    ("claim", "changed"): lambda w, n: w.ngettext("%(count)s claim revised", "%(count)s claims revised", n),
    ("claim", "removed"): lambda w, n: w.ngettext("%(count)s claim withdrawn", "%(count)s claims withdrawn", n),
    ("reaction", "new"): lambda w, n: w.ngettext("%(count)s new reaction", "%(count)s new reactions", n),
    ("reaction", "changed"): lambda w, n: w.ngettext("%(count)s reaction revised", "%(count)s reactions revised", n),
    ("reaction", "reworded"): lambda w, n: w.ngettext("%(count)s reaction reworded", "%(count)s reactions reworded", n),
    ("reaction", "removed"): lambda w, n: w.ngettext("%(count)s reaction removed", "%(count)s reactions removed", n),
    ("event", "new"): lambda w, n: w.ngettext("%(count)s new event", "%(count)s new events", n),
    ("event", "changed"): lambda w, n: w.ngettext("%(count)s event revised", "%(count)s events revised", n),
    ("event", "reworded"): lambda w, n: w.ngettext("%(count)s event reworded", "%(count)s events reworded", n),
    ("event", "removed"): lambda w, n: w.ngettext("%(count)s event removed", "%(count)s events removed", n),
    ("source", "new"): lambda w, n: w.ngettext("%(count)s new source", "%(count)s new sources", n),
    ("source", "changed"): lambda w, n: w.ngettext("%(count)s source revised", "%(count)s sources revised", n),
    ("source", "removed"): lambda w, n: w.ngettext("%(count)s source removed", "%(count)s sources removed", n),
}
BARE = {
    ("key point", "new"): lambda w, n: w.translations.npgettext("key point", "%(count)s new", "%(count)s new", n),
    ("key point", "changed"): lambda w, n: w.translations.npgettext(
        "key point", "%(count)s revised", "%(count)s revised", n
    ),
    ("key point", "reworded"): lambda w, n: w.translations.npgettext(
        "key point", "%(count)s reworded", "%(count)s reworded", n
    ),
    ("key point", "removed"): lambda w, n: w.translations.npgettext(
        "key point", "%(count)s removed", "%(count)s removed", n
    ),
    ("background paragraph", "new"): lambda w, n: w.translations.npgettext(
        "background paragraph", "%(count)s new", "%(count)s new", n
    ),
    ("background paragraph", "changed"): lambda w, n: w.translations.npgettext(
        "background paragraph", "%(count)s revised", "%(count)s revised", n
    ),
    ("background paragraph", "reworded"): lambda w, n: w.translations.npgettext(
        "background paragraph", "%(count)s reworded", "%(count)s reworded", n
    ),
    ("background paragraph", "removed"): lambda w, n: w.translations.npgettext(
        "background paragraph", "%(count)s removed", "%(count)s removed", n
    ),
    ("actor", "new"): lambda w, n: w.translations.npgettext("actor", "%(count)s new", "%(count)s new", n),
    ("actor", "changed"): lambda w, n: w.translations.npgettext("actor", "%(count)s revised", "%(count)s revised", n),
    ("actor", "reworded"): lambda w, n: w.translations.npgettext(
        "actor", "%(count)s reworded", "%(count)s reworded", n
    ),
    ("actor", "removed"): lambda w, n: w.translations.npgettext("actor", "%(count)s removed", "%(count)s removed", n),
    ("claim", "new"): lambda w, n: w.translations.npgettext("claim", "%(count)s new", "%(count)s new", n),
    ("claim", "changed"): lambda w, n: w.translations.npgettext("claim", "%(count)s revised", "%(count)s revised", n),
    ("claim", "removed"): lambda w, n: w.translations.npgettext(
        "claim", "%(count)s withdrawn", "%(count)s withdrawn", n
    ),
    ("reaction", "new"): lambda w, n: w.translations.npgettext("reaction", "%(count)s new", "%(count)s new", n),
    ("reaction", "changed"): lambda w, n: w.translations.npgettext(
        "reaction", "%(count)s revised", "%(count)s revised", n
    ),
    ("reaction", "reworded"): lambda w, n: w.translations.npgettext(
        "reaction", "%(count)s reworded", "%(count)s reworded", n
    ),
    ("reaction", "removed"): lambda w, n: w.translations.npgettext(
        "reaction", "%(count)s removed", "%(count)s removed", n
    ),
    ("event", "new"): lambda w, n: w.translations.npgettext("event", "%(count)s new", "%(count)s new", n),
    ("event", "changed"): lambda w, n: w.translations.npgettext("event", "%(count)s revised", "%(count)s revised", n),
    ("event", "reworded"): lambda w, n: w.translations.npgettext(
        "event", "%(count)s reworded", "%(count)s reworded", n
    ),
    ("event", "removed"): lambda w, n: w.translations.npgettext("event", "%(count)s removed", "%(count)s removed", n),
    ("source", "new"): lambda w, n: w.translations.npgettext("source", "%(count)s new", "%(count)s new", n),
    ("source", "changed"): lambda w, n: w.translations.npgettext("source", "%(count)s revised", "%(count)s revised", n),
    ("source", "removed"): lambda w, n: w.translations.npgettext("source", "%(count)s removed", "%(count)s removed", n),
}


def _counted(section: str, kind: str, count: int, with_noun: bool, words: Words) -> str:
    """Say one count: '2 claims revised', '3 new events'; '1 withdrawn' after the same section's other count."""
    if section in FIELDS:
        return words.gettext(FIELDS[section])
    said = (COUNTED if with_noun else BARE)[(section, kind)](words, count)
    return said % {"count": words.number(count)}


def what_changed(tally: list[tuple[str, str, int]] | None, words: Words | None = None) -> str:
    """Say in a few words what an edition changed, from its changes counted by section and kind (None: the first)."""
    words = words or english()
    if tally is None:
        return words.gettext("the first edition")
    if not tally:
        return words.gettext("nothing changed but the as-of date")
    said, last = [], None
    for section, kind, count in tally:
        said.append(_counted(section, kind, count, section != last, words))
        last = section
    return listed(said, words)


def headline(number: int, tally: list[tuple[str, str, int]] | None, words: Words | None = None) -> str:
    """Say what an edition is and what changed in it: 'Edition 3: 2 claims revised, 1 withdrawn, 3 new events'.

    A later edition without a count is one whose edition before cannot be read.
    """
    words = words or english()
    if tally is None and number > 1:
        return words.gettext("Edition %(number)s: what changed is not known") % {"number": words.number(number)}
    return words.gettext("Edition %(number)s: %(changes)s") % {
        "number": words.number(number),
        "changes": what_changed(tally, words),
    }
