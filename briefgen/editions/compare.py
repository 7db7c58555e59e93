"""Compare two editions of a brief item by item, by what identifies each item, and say what changed.

Pure: two FactSheets in, reader-facing lines out, in page order. Items are
matched by identity, never by lines of YAML: timeline events and actors by
``id``, casualty claims by (party, category, claimant, event), reactions by
(actor, action, date), sources by ``id``; key points and background paragraphs,
which have no id, by their words and citations (the same words, else the closest
wording, and a wording that cites the same passages may differ more). A change of
wording in prose is one line for the item, saying what it said before, not a text
diff. Prose is said in full: a line that names an item never cuts its words.

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


def compare(old: FactSheet, new: FactSheet) -> list[Change]:
    """List what changed from one edition to the next, one change per item, in the order of the page."""
    return [
        *_metadata(old, new),
        *_statements(old, new, "key point", old.key_points, new.key_points),
        *_statements(old, new, "background paragraph", old.background, new.background),
        *_actors(old, new),
        *_claims(old, new),
        *_reactions(old, new),
        *_events(old, new),
        *_sources(old, new),
    ]


def _line(
    section: str, name: str, changes: list[str], reworded: bool = False, part: str = "", before: str = ""
) -> list[Change]:
    """Say one changed item in one line: each changed field, or only that its prose (``part``) was reworded.

    ``before`` says what the prose said before, for a line that quotes it.
    """
    said_before = f" {before}" if before else ""
    if changes:
        rewording = [f"{part} reworded".strip() + said_before] if reworded else []
        return [Change(section, Kind.CHANGED, f"Changed: {name}: {'; '.join(changes + rewording)}")]
    if not reworded:
        return []
    return [Change(section, Kind.REWORDED, f"Reworded: {part + ' of ' if part else ''}{name}{said_before}")]


def _prose(part: str, before: str | None, after: str | None) -> tuple[bool, str, str]:
    """Whether a prose field was reworded, its name, and what it said before: ``_line``'s last three arguments."""
    reworded = before != after
    return reworded, part, say.before(say.plain(before)) if reworded and before else ""


def _new(section: str, text: str) -> Change:
    return Change(section, Kind.NEW, text)


def _removed(section: str, text: str) -> Change:
    return Change(section, Kind.REMOVED, f"Removed: {text}")


def _field(name: str, old: object, new: object) -> list[str]:
    return [f"{name} {say.arrow(old, new)}"] if old != new else []


def _members(name: str, old: Sequence[str], new: Sequence[str], show: Callable[[set[str]], str]) -> list[str]:
    """Say what joined and left a list: 'now also allied with X; no longer allied with Y'."""
    added, dropped = set(new) - set(old), set(old) - set(new)
    words = [f"now also {name} {show(added)}"] if added else []
    return words + ([f"no longer {name} {show(dropped)}"] if dropped else [])


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


def _metadata(old: FactSheet, new: FactSheet) -> list[Change]:
    countries = _members(
        "covers", old.countries, new.countries, lambda codes: ", ".join(sorted(map(country_name, codes)))
    )
    fields = [
        ("title", say.quoted(old.title), say.quoted(new.title)),
        ("region", old.region, new.region),
        ("handling", old.handling, new.handling),
    ]
    said = {name: say.arrow(before, after) for name, before, after in fields if before != after}
    said |= {"countries": "; ".join(countries)} if countries else {}
    order = ("title", "region", "countries", "handling")
    return [Change(name, Kind.CHANGED, f"Changed: {name}: {said[name]}") for name in order if name in said]


def _statements(
    old_sheet: FactSheet, new_sheet: FactSheet, kind: str, old: list[Statement], new: list[Statement]
) -> list[Change]:
    added, pairs, removed = match_statements(old, new)
    found = [_new(kind, f"New {kind}: {say.plain(s.text)}") for s in added]
    for before, after in pairs:
        name = f"{kind} {say.quoted(say.plain(after.text))}"
        cites = say.cite_changes(old_sheet, new_sheet, before.cite, after.cite)
        reworded = _words(before) != _words(after)
        found += _line(kind, name, cites, reworded, before=say.before(say.plain(before.text)) if reworded else "")
    return found + [_removed(kind, f"{kind} {say.quoted(say.plain(s.text))}") for s in removed]


def _actors(old_sheet: FactSheet, new_sheet: FactSheet) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.actors, new_sheet.actors, lambda a: a.id)
    found = [_new("actor", f"New actor: {say.actor_summary(a)}") for a in added]
    for before, after in pairs:
        changes = _actor_fields(old_sheet, new_sheet, before, after)
        found += _line("actor", f"actor {after.name}", changes, *_prose("role", before.role, after.role))
    return found + [_removed("actor", f"actor {a.name}") for a in removed]


def _actor_fields(old_sheet: FactSheet, new_sheet: FactSheet, before: Actor, after: Actor) -> list[str]:
    changes = _field("name", before.name, after.name)
    changes += _field("kind", label(before.kind).lower(), label(after.kind).lower())
    changes += _field("country", _country(before.country), _country(after.country))
    changes += _members("also known as", before.aliases, after.aliases, lambda found: ", ".join(sorted(found)))
    changes += _members("allied with", before.allied_with, after.allied_with, lambda ids: say.names(new_sheet, ids))
    changes += _members("opposed to", before.opposed_to, after.opposed_to, lambda ids: say.names(new_sheet, ids))
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite)


def _country(code: str | None) -> str:
    return country_name(code) if code else "none"


def _claim_key(claim: CasualtyClaim) -> tuple:
    return (claim.party, str(claim.category), claim.claimed_by, claim.event)


def _claims(old_sheet: FactSheet, new_sheet: FactSheet) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.casualties, new_sheet.casualties, _claim_key)
    events: dict[tuple, set[str]] = {}
    for claim in [*old_sheet.casualties, *new_sheet.casualties]:
        events.setdefault(_claim_key(claim)[:3], set()).add(claim.event)

    def ambiguous(claim: CasualtyClaim) -> bool:
        """Name the event only where one claimant gives figures for several events."""
        return len(events[_claim_key(claim)[:3]]) > 1

    revised = _revisions(old_sheet, new_sheet, added)
    found = []
    for claim in added:
        if id(claim) in revised:
            earlier = revised[id(claim)]
            name = say.claim_name(new_sheet, claim, ambiguous(claim))
            found.append(Change("claim", Kind.CHANGED, f"Revised: {name}: {say.revision(earlier, claim)}"))
        else:
            found.append(_new("claim", f"New claim: {say.claim_statement(new_sheet, claim, ambiguous(claim))}"))
    for before, after in pairs:
        if after.withdrawn and not before.withdrawn:
            words = f"{say.claim_withdrawn(new_sheet, after, ambiguous(after))} ({say.withdrawal(after)})"
            found.append(Change("claim", Kind.REMOVED, f"Withdrawn: {words}"))
        found += _line(
            "claim",
            say.claim_name(new_sheet, after, ambiguous(after)),
            _claim_fields(old_sheet, new_sheet, before, after),
        )
    return found + [_removed("claim", say.claim_withdrawn(old_sheet, c, ambiguous(c))) for c in removed]


def _claim_fields(old_sheet: FactSheet, new_sheet: FactSheet, before: CasualtyClaim, after: CasualtyClaim) -> list[str]:
    """Say what changed in a claim, its withdrawal apart: that has a line of its own."""
    old_figure, new_figure = say.figure_words(before), say.figure_words(after)
    changes = [say.arrow(old_figure, new_figure)] if old_figure != new_figure else []
    changes += _field("credibility", say.credibility(before.credibility), say.credibility(after.credibility))
    changes += _field("basis", before.basis or "not given", after.basis or "not given")
    changes += _field("given", say.when(before.claimed_on) or "undated", say.when(after.claimed_on) or "undated")
    changes += _field("via", _via(new_sheet, before), _via(new_sheet, after))
    changes += ["no longer withdrawn"] if before.withdrawn and not after.withdrawn else []
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite)


def _via(sheet: FactSheet, claim: CasualtyClaim) -> str:
    return say.actor_name(sheet, claim.via) if claim.via else "none"


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


def _reactions(old_sheet: FactSheet, new_sheet: FactSheet) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.reactions, new_sheet.reactions, _reaction_key)
    found = [_new("reaction", f"New {say.reaction_name(new_sheet, r)}: {say.plain(r.summary)}") for r in added]
    for before, after in pairs:
        changes = _reaction_fields(old_sheet, new_sheet, before, after)
        found += _line(
            "reaction", say.reaction_name(new_sheet, after), changes, *_prose("summary", before.summary, after.summary)
        )
    return found + [_removed("reaction", say.reaction_name(old_sheet, r)) for r in removed]


def _reaction_key(reaction: Reaction) -> tuple:
    return (reaction.actor, str(reaction.action), str(reaction.date))


def _reaction_fields(old_sheet: FactSheet, new_sheet: FactSheet, before: Reaction, after: Reaction) -> list[str]:
    changes = []
    if before.quote != after.quote:
        changes.append("quoted words " + ("added" if not before.quote else "removed" if not after.quote else "changed"))
    changes += _field("credibility", say.credibility(before.credibility), say.credibility(after.credibility))
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite)


def _events(old_sheet: FactSheet, new_sheet: FactSheet) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.timeline, new_sheet.timeline, lambda e: e.id)
    found = [_new("event", f"New event: {e.date.human()}: {say.plain(e.description)}") for e in added]
    for before, after in pairs:
        changes = _event_fields(old_sheet, new_sheet, before, after)
        found += _line(
            "event", say.event_name(after), changes, *_prose("description", before.description, after.description)
        )
    return found + [_removed("event", say.event_name(e)) for e in removed]


def _event_fields(old_sheet: FactSheet, new_sheet: FactSheet, before: TimelineEvent, after: TimelineEvent) -> list[str]:
    changes = _field("date", before.date.human(), after.date.human())
    changes += _field("place", _place(before), _place(after))
    changes += _members("involves", before.actors, after.actors, lambda ids: say.names(new_sheet, ids))
    return changes + say.cite_changes(old_sheet, new_sheet, before.cite, after.cite)


def _place(event: TimelineEvent) -> str:
    return event.location.place if event.location else "not given"


def _sources(old_sheet: FactSheet, new_sheet: FactSheet) -> list[Change]:
    added, pairs, removed = match_by_key(old_sheet.sources, new_sheet.sources, lambda s: s.id)
    found = [_new("source", f"New source: {say.source_summary(s)}") for s in added]
    for before, after in pairs:
        found += _line("source", say.source_name(after), _source_fields(before, after))
    return found + [_removed("source", say.source_name(s)) for s in removed]


def _source_fields(before: Source, after: Source) -> list[str]:
    changes = []
    for name in ("title", "publisher", "author", "url"):
        changes += _field(name, getattr(before, name), getattr(after, name))
    changes += _field("published", say.when(before.published) or "unknown", say.when(after.published) or "unknown")
    changes += _field("reliability", before.reliability or "not graded", after.reliability or "not graded")
    return changes + (["text kept in another file"] if before.file != after.file else [])
