"""Compare two editions of a brief item by item, by what identifies each item, and say what changed.

Pure: two FactSheets in, reader-facing lines out, in page order. Items are
matched by identity, never by lines of YAML: timeline events and actors by
``id``, casualty claims by (party, category, claimant, event), reactions by
(actor, action, date), sources by ``id``; key points and background paragraphs,
which have no id, by their words and citations (the same words, else the closest
wording, and a wording that cites the same passages may differ more). A change of
wording in prose is one line for the item, saying what it said before, not a text
diff. Prose is said in full: a line that names an item never cuts its words.

Lines are said in the language of the ``words`` given, the newer sheet's language by default.
Each line is a :class:`Change`, which also says which section it is about and
what kind of change it is, so an edition can be summarised by counting them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from briefgen.editions import wording as say
from briefgen.editions.wording import phrase
from briefgen.i18n.words import N_, Words, words_for
from briefgen.sheet.countries import country_name
from briefgen.sheet.labels import label
from briefgen.sheet.models import (
    Actor,
    CasualtyClaim,
    FactSheet,
    Reaction,
    Source,
    Statement,
    TimelineEvent,
    revised_by,
)

Item = TypeVar("Item")
SIMILAR = 0.5  # statements at least this alike are one statement reworded, not one removed and one added
CITED = 0.3  # what citing a passage in common adds: two such statements need be only 0.2 alike
_WORD = re.compile(r"\w+")


class Kind(StrEnum):
    """What happened to an item from one edition to the next."""

    NEW = "new"
    CHANGED = "changed"
    REWORDED = "reworded"
    REMOVED = "removed"


@dataclass(frozen=True)
class Change:
    """One line of what changed: the section of the item (see ``wording.SECTIONS``), the kind of change, the words."""

    section: str
    kind: Kind
    text: str

    def __str__(self) -> str:
        return self.text


def lines(changes: Iterable[Change]) -> list[str]:
    """Return the words of each change, as pages, mail and ``diff`` show them."""
    return [change.text for change in changes]


def tally(changes: Iterable[Change]) -> list[tuple[str, str, int]]:
    """Count the changes by section and kind, in the order of the page: what an edition's summary says."""
    counts = Counter((change.section, str(change.kind)) for change in changes)
    return [(section, kind, count) for (section, kind), count in counts.items()]


def compare(old: FactSheet, new: FactSheet, words: Words | None = None) -> list[Change]:
    """List what changed from one edition to the next, one change per item, in the order of the page."""
    words = words or words_for(new.language)
    return [
        *_metadata(old, new, words),
        *_statements(old, new, "key point", old.key_points, new.key_points, words),
        *_statements(old, new, "background paragraph", old.background, new.background, words),
        *_actors(old, new, words),
        *_claims(old, new, words),
        *_reactions(old, new, words),
        *_events(old, new, words),
        *_sources(old, new, words),
    ]


# What a reworded prose field is called, in a changed item's line and in a line of its own.
REWORDED = {
    "": (N_("reworded"), N_("Reworded: %(name)s")),
    "role": (N_("role reworded"), N_("Reworded: role of %(name)s")),
    "summary": (N_("summary reworded"), N_("Reworded: summary of %(name)s")),
    "description": (N_("description reworded"), N_("Reworded: description of %(name)s")),
}


def _line(
    section: str,
    name: str,
    changes: list[str],
    words: Words,
    reworded: bool = False,
    part: str = "",
    before: str = "",
) -> list[Change]:
    """Say one changed item in one line: each changed field, or only that its prose (``part``) was reworded.

    ``before`` says what the prose said before, for a line that quotes it.
    """
    said_before = f" {before}" if before else ""
    in_line, alone = REWORDED[part]
    if changes:
        rewording = [words.gettext(in_line) + said_before] if reworded else []
        text = phrase(
            words, N_("Changed: %(name)s: %(changes)s"), name=name, changes=say.listed_apart(changes + rewording, words)
        )
        return [Change(section, Kind.CHANGED, text)]
    if not reworded:
        return []
    return [Change(section, Kind.REWORDED, phrase(words, alone, name=name) + said_before)]


def _prose(part: str, before: str | None, after: str | None, words: Words) -> tuple[bool, str, str]:
    """Whether a prose field was reworded, its name, and what it said before: ``_line``'s last three arguments."""
    reworded = before != after
    return reworded, part, say.before(say.plain(before), words) if reworded and before else ""


def _new(section: str, text: str) -> Change:
    return Change(section, Kind.NEW, text)


def _removed(section: str, text: str, words: Words) -> Change:
    return Change(section, Kind.REMOVED, phrase(words, N_("Removed: %(name)s"), name=text))


def _field(words: Words, name: str, old: object, new: object) -> list[str]:
    """Say a changed field, named in the brief's language: 'place Gao → Kidal'."""
    return [f"{name} {say.arrow(old, new, words)}"] if old != new else []


def _members(
    said: tuple[str, str], old: Sequence[str], new: Sequence[str], show: Callable[[set[str]], str], words: Words
) -> list[str]:
    """Say what joined and left a list: 'now also allied with X; no longer allied with Y'.

    ``said`` is the pair of phrases for what joined and what left.
    """
    added, dropped = set(new) - set(old), set(old) - set(new)
    found = [phrase(words, said[0], names=show(added))] if added else []
    return found + ([phrase(words, said[1], names=show(dropped))] if dropped else [])


# --- matching ---------------------------------------------------------------


def match_by_key(
    old: Sequence[Item], new: Sequence[Item], key: Callable[[Item], Hashable]
) -> tuple[list[Item], list[tuple[Item, Item]], list[Item]]:
    """Pair items by identity; a key seen twice pairs in order of appearance. Return added, pairs, removed."""

    def keyed(items: Sequence[Item]) -> dict[tuple, Item]:
        seen: dict[Hashable, int] = {}
        found = {}
        for item in items:
            base = key(item)
            seen[base] = seen.get(base, 0) + 1
            found[(base, seen[base])] = item
        return found

    before, after = keyed(old), keyed(new)
    added = [item for k, item in after.items() if k not in before]
    pairs = [(before[k], item) for k, item in after.items() if k in before]
    removed = [item for k, item in before.items() if k not in after]
    return added, pairs, removed


def _words(statement: Statement) -> str:
    return " ".join(statement.text.split())


def _likeness(old: Statement, new: Statement) -> float:
    """Tell how alike two statements' words are, whatever their order: 0 (no word in common) to 1."""
    before, after = Counter(_WORD.findall(old.text.lower())), Counter(_WORD.findall(new.text.lower()))
    total = sum(before.values()) + sum(after.values())
    return 2 * sum((before & after).values()) / total if total else 1.0


def _passages(statement: Statement) -> set[tuple[str, str]]:
    return {(c.source, " ".join(c.quote.split())) for c in statement.cite}


def _pairing(old: Statement, new: Statement) -> float | None:
    """Score a possible rewording by its words, more when it cites a passage in common; None when it is not one."""
    score = _likeness(old, new) + (CITED if _passages(old) & _passages(new) else 0.0)
    return score if score >= SIMILAR else None


def match_statements(
    old: Sequence[Statement], new: Sequence[Statement]
) -> tuple[list[Statement], list[tuple[Statement, Statement]], list[Statement]]:
    """Pair statements with the same words, then the most alike of the rest; return added, pairs, removed.

    Of the rest, two that cite a passage in common count as more alike than their words alone say.
    """
    left, right = list(old), list(new)
    pairs: list[tuple[Statement, Statement]] = []
    for statement in list(right):
        same = next((o for o in left if _words(o) == _words(statement)), None)
        if same is not None:
            pairs.append((same, statement))
            left.remove(same)
            right.remove(statement)
    scored = sorted(
        (
            (score, i, j)
            for i, o in enumerate(left)
            for j, n in enumerate(right)
            if (score := _pairing(o, n)) is not None
        ),
        key=lambda found: (-found[0], found[1], found[2]),  # the most alike first, then in page order
    )
    used_left, used_right = set(), set()
    for _score, i, j in scored:
        if i not in used_left and j not in used_right:
            pairs.append((left[i], right[j]))
            used_left.add(i)
            used_right.add(j)
    order = {id(statement): position for position, statement in enumerate(new)}
    pairs.sort(key=lambda pair: order[id(pair[1])])
    added = [n for j, n in enumerate(right) if j not in used_right]
    removed = [o for i, o in enumerate(left) if i not in used_left]
    return added, pairs, removed


# --- sections ---------------------------------------------------------------

COVERS = (N_("now also covers %(names)s"), N_("no longer covers %(names)s"))
ALIASES = (N_("now also also known as %(names)s"), N_("no longer also known as %(names)s"))
ALLIES = (N_("now also allied with %(names)s"), N_("no longer allied with %(names)s"))
OPPONENTS = (N_("now also opposed to %(names)s"), N_("no longer opposed to %(names)s"))
INVOLVES = (N_("now also involves %(names)s"), N_("no longer involves %(names)s"))


def _metadata(old: FactSheet, new: FactSheet, words: Words) -> list[Change]:
    def named(codes: set[str]) -> str:
        return say.listed(sorted(country_name(code, words) for code in codes), words)

    countries = _members(COVERS, old.countries, new.countries, named, words)
    fields = [
        ("title", say.quoted(old.title, words), say.quoted(new.title, words)),
        ("region", old.region, new.region),
        ("handling", old.handling, new.handling),
    ]
    said = {name: say.arrow(before, after, words) for name, before, after in fields if before != after}
    said |= {"countries": say.listed_apart(countries, words)} if countries else {}
    labels = {
        "title": words.pgettext("changed field", "title"),
        "region": words.pgettext("changed field", "region"),
        "countries": words.pgettext("changed field", "countries"),
        "handling": words.pgettext("changed field", "handling"),
    }
    line = N_("Changed: %(name)s: %(changes)s")
    order = ("title", "region", "countries", "handling")
    return [
        Change(name, Kind.CHANGED, phrase(words, line, name=labels[name], changes=said[name]))
        for name in order
        if name in said
    ]


# How a key point and a background paragraph are said: new, named, and removed.
STATEMENTS = {
    "key point": (N_("New key point: %(text)s"), N_("key point %(text)s")),
    "background paragraph": (N_("New background paragraph: %(text)s"), N_("background paragraph %(text)s")),
}


def _statements(
    old_sheet: FactSheet,
    new_sheet: FactSheet,
    kind: str,
    old: list[Statement],
    new: list[Statement],
    words: Words,
) -> list[Change]:
    added, pairs, removed = match_statements(old, new)
    new_line, named = STATEMENTS[kind]

    def name(statement: Statement) -> str:
        return phrase(words, named, text=say.quoted(say.plain(statement.text), words))

    found = [_new(kind, phrase(words, new_line, text=say.plain(s.text))) for s in added]
    for before, after in pairs:
        cites = say.cite_changes(old_sheet, new_sheet, before.cite, after.cite, words)
        reworded = _words(before) != _words(after)
        said_before = say.before(say.plain(before.text), words) if reworded else ""
        found += _line(kind, name(after), cites, words, reworded, before=said_before)
    return found + [_removed(kind, name(s), words) for s in removed]


def _actors(old_sheet: FactSheet, new_sheet: FactSheet, words: Words) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.actors, new_sheet.actors, lambda a: a.id)
    found = [_new("actor", phrase(words, N_("New actor: %(actor)s"), actor=say.actor_summary(a, words))) for a in added]
    for before, after in pairs:
        changes = _actor_fields(old_sheet, new_sheet, before, after, words)
        name = phrase(words, N_("actor %(name)s"), name=after.name)
        found += _line("actor", name, changes, words, *_prose("role", before.role, after.role, words))
    return found + [_removed("actor", phrase(words, N_("actor %(name)s"), name=a.name), words) for a in removed]


def _actor_fields(old_sheet: FactSheet, new_sheet: FactSheet, before: Actor, after: Actor, words: Words) -> list[str]:
    def names(ids: set[str]) -> str:
        return say.names(new_sheet, ids, words)

    changes = _field(words, words.pgettext("changed field", "name"), before.name, after.name)
    kinds = label(before.kind, words).lower(), label(after.kind, words).lower()
    changes += _field(words, words.pgettext("changed field", "kind"), *kinds)
    countries = _country(before.country, words), _country(after.country, words)
    changes += _field(words, words.pgettext("changed field", "country"), *countries)
    changes += _members(ALIASES, before.aliases, after.aliases, lambda found: say.listed(sorted(found), words), words)
    changes += _members(ALLIES, before.allied_with, after.allied_with, names, words)
    changes += _members(OPPONENTS, before.opposed_to, after.opposed_to, names, words)
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite, words)


def _country(code: str | None, words: Words) -> str:
    return country_name(code, words) if code else words.pgettext("no value", "none")


def _claim_key(claim: CasualtyClaim) -> tuple:
    return (claim.party, str(claim.category), claim.claimed_by, claim.event)


def _claims(old_sheet: FactSheet, new_sheet: FactSheet, words: Words) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.casualties, new_sheet.casualties, _claim_key)
    events: dict[tuple, set[str]] = {}
    for claim in [*old_sheet.casualties, *new_sheet.casualties]:
        events.setdefault(_claim_key(claim)[:3], set()).add(claim.event)

    def ambiguous(claim: CasualtyClaim) -> bool:
        """Name the event only where one claimant gives figures for several events."""
        return len(events[_claim_key(claim)[:3]]) > 1

    def name(sheet: FactSheet, claim: CasualtyClaim) -> str:
        return say.claim_name(sheet, claim, ambiguous(claim), words)

    revised = _revisions(old_sheet, new_sheet, added)
    found = []
    for claim in added:
        if id(claim) in revised:
            revision = say.revision(revised[id(claim)], claim, words)
            text = phrase(words, N_("Revised: %(name)s: %(revision)s"), name=name(new_sheet, claim), revision=revision)
            found.append(Change("claim", Kind.CHANGED, text))
        else:
            statement = say.claim_statement(new_sheet, claim, ambiguous(claim), words)
            found.append(_new("claim", phrase(words, N_("New claim: %(claim)s"), claim=statement)))
    for before, after in pairs:
        if after.withdrawn and not before.withdrawn:
            claim = say.claim_withdrawn(new_sheet, after, ambiguous(after), words)
            text = phrase(
                words, N_("Withdrawn: %(claim)s (%(withdrawal)s)"), claim=claim, withdrawal=say.withdrawal(after, words)
            )
            found.append(Change("claim", Kind.REMOVED, text))
        found += _line(
            "claim", name(new_sheet, after), _claim_fields(old_sheet, new_sheet, before, after, words), words
        )
    withdrawn = [say.claim_withdrawn(old_sheet, c, ambiguous(c), words) for c in removed]
    return found + [_removed("claim", claim, words) for claim in withdrawn]


def _claim_fields(
    old_sheet: FactSheet, new_sheet: FactSheet, before: CasualtyClaim, after: CasualtyClaim, words: Words
) -> list[str]:
    """Say what changed in a claim, its withdrawal apart: that has a line of its own."""
    old_figure, new_figure = say.figure_words(before, words), say.figure_words(after, words)
    not_given, undated = words.gettext("not given"), words.gettext("undated")
    changes = [say.arrow(old_figure, new_figure, words)] if old_figure != new_figure else []
    grades = say.credibility(before.credibility, words), say.credibility(after.credibility, words)
    changes += _field(words, words.pgettext("changed field", "credibility"), *grades)
    changes += _field(
        words, words.pgettext("changed field", "basis"), before.basis or not_given, after.basis or not_given
    )
    given = say.when(before.claimed_on, words) or undated, say.when(after.claimed_on, words) or undated
    changes += _field(words, words.pgettext("changed field", "given"), *given)
    changes += _field(
        words, words.pgettext("changed field", "via"), _via(new_sheet, before, words), _via(new_sheet, after, words)
    )
    changes += [words.gettext("no longer withdrawn")] if before.withdrawn and not after.withdrawn else []
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite, words)


def _via(sheet: FactSheet, claim: CasualtyClaim, words: Words) -> str:
    return say.actor_name(sheet, claim.via) if claim.via else words.pgettext("no value", "none")


def _revisions(old_sheet: FactSheet, new_sheet: FactSheet, added: list[CasualtyClaim]) -> dict[int, CasualtyClaim]:
    """Find the new claims that revise one the last edition carried: the same claimant's newer figure.

    Maps each such new claim (by identity) to the earlier claim it supersedes, which stays in the brief.
    """
    old_keys = {(_claim_key(c), say.figure_words(c), str(c.claimed_on)) for c in old_sheet.casualties if c.standing}
    found = {}
    for index, newer in revised_by(new_sheet.casualties).items():
        earlier = new_sheet.casualties[index]
        known = (_claim_key(earlier), say.figure_words(earlier), str(earlier.claimed_on)) in old_keys
        if known and any(newer is claim for claim in added):
            found[id(newer)] = earlier
    return found


def _reactions(old_sheet: FactSheet, new_sheet: FactSheet, words: Words) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.reactions, new_sheet.reactions, _reaction_key)

    def name(sheet: FactSheet, reaction: Reaction) -> str:
        return say.reaction_name(sheet, reaction, words)

    new_line = N_("New %(reaction)s: %(summary)s")
    found = [
        _new("reaction", phrase(words, new_line, reaction=name(new_sheet, r), summary=say.plain(r.summary)))
        for r in added
    ]
    for before, after in pairs:
        changes = _reaction_fields(old_sheet, new_sheet, before, after, words)
        prose = _prose("summary", before.summary, after.summary, words)
        found += _line("reaction", name(new_sheet, after), changes, words, *prose)
    return found + [_removed("reaction", name(old_sheet, r), words) for r in removed]


def _reaction_key(reaction: Reaction) -> tuple:
    return (reaction.actor, str(reaction.action), str(reaction.date))


def _reaction_fields(
    old_sheet: FactSheet, new_sheet: FactSheet, before: Reaction, after: Reaction, words: Words
) -> list[str]:
    changes = []
    if before.quote != after.quote:
        if not before.quote:
            changes.append(words.gettext("quoted words added"))
        else:
            removed = not after.quote
            changes.append(words.gettext("quoted words removed") if removed else words.gettext("quoted words changed"))
    grades = say.credibility(before.credibility, words), say.credibility(after.credibility, words)
    changes += _field(words, words.pgettext("changed field", "credibility"), *grades)
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite, words)


def _events(old_sheet: FactSheet, new_sheet: FactSheet, words: Words) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.timeline, new_sheet.timeline, lambda e: e.id)
    new_line = N_("New event: %(date)s: %(description)s")
    found = [
        _new("event", phrase(words, new_line, date=e.date.human(words), description=say.plain(e.description)))
        for e in added
    ]
    for before, after in pairs:
        changes = _event_fields(old_sheet, new_sheet, before, after, words)
        prose = _prose("description", before.description, after.description, words)
        found += _line("event", say.event_name(after, words), changes, words, *prose)
    return found + [_removed("event", say.event_name(e, words), words) for e in removed]


def _event_fields(
    old_sheet: FactSheet, new_sheet: FactSheet, before: TimelineEvent, after: TimelineEvent, words: Words
) -> list[str]:
    def names(ids: set[str]) -> str:
        return say.names(new_sheet, ids, words)

    changes = _field(words, words.pgettext("changed field", "date"), before.date.human(words), after.date.human(words))
    changes += _field(words, words.pgettext("changed field", "place"), _place(before, words), _place(after, words))
    changes += _members(INVOLVES, before.actors, after.actors, names, words)
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite, words)


def _place(event: TimelineEvent, words: Words) -> str:
    return event.location.place if event.location else words.gettext("not given")


def _sources(old_sheet: FactSheet, new_sheet: FactSheet, words: Words) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.sources, new_sheet.sources, lambda s: s.id)
    new_line = N_("New source: %(source)s")
    found = [_new("source", phrase(words, new_line, source=say.source_summary(s, words))) for s in added]
    for before, after in pairs:
        found += _line("source", say.source_name(after, words), _source_fields(before, after, words), words)
    return found + [_removed("source", say.source_name(s, words), words) for s in removed]


def _source_fields(before: Source, after: Source, words: Words) -> list[str]:
    labels = {
        "title": words.pgettext("changed field", "title"),
        "publisher": words.pgettext("changed field", "publisher"),
        "author": words.pgettext("changed field", "author"),
        "url": words.pgettext("changed field", "url"),
    }
    changes = []
    for name, field_label in labels.items():
        changes += _field(words, field_label, getattr(before, name), getattr(after, name))
    unknown, ungraded = words.pgettext("no value", "unknown"), words.gettext("not graded")
    published = say.when(before.published, words) or unknown, say.when(after.published, words) or unknown
    changes += _field(words, words.pgettext("changed field", "published"), *published)
    changes += _field(
        words,
        words.pgettext("changed field", "reliability"),
        before.reliability or ungraded,
        after.reliability or ungraded,
    )
    return changes + ([words.gettext("text kept in another file")] if before.file != after.file else [])
