"""Versions of one brief in several languages: how each is named, and that their facts agree.

A brief may be written in several languages, each version a fact sheet of its
own with the brief's ``id`` (suggested file name ``briefs/<id>.<language>.yaml``);
``(id, language)`` is what must be unique. The build names a version by its
id in the project's language and ``<id>@<language>`` in any other, so every
map and path of the site tells versions apart with one string
(:func:`version_name`, :func:`split_version`).

Versions with the same ``as_of`` tell the same facts in other words: every
fact that is not prose must agree (:func:`fact_differences`). A version with an
older ``as_of`` than another is a translation that lags (:func:`lagging`).
Pure: models and their located trees in, problems out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.errors import Problem, Severity
from briefgen.sheet.models import FactSheet
from briefgen.sheet.yamltree import LocatedTree, Mark

VERSION_MARK = "@"
_FILE_LANGUAGE = re.compile(r"^(?P<id>.+)\.(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.ya?ml$")


def version_name(brief_id: str, language: str, default_language: str) -> str:
    """Name a version as the build keys it: its id in the project's language, '<id>@<language>' in another."""
    return version_in(brief_id, None if language == default_language else language)


def version_in(brief_id: str, language: str | None) -> str:
    """Name a version by its id and its language, None for the project's own (as a site path gives them)."""
    return f"{brief_id}{VERSION_MARK}{language}" if language else brief_id


def split_version(version: str) -> tuple[str, str | None]:
    """Return a version's brief id and its language, None for the project's own."""
    brief_id, mark, language = version.partition(VERSION_MARK)
    return brief_id, (language if mark else None)


def file_language(file_name: str, brief_id: str) -> str | None:
    """Return the language a sheet's file name gives, as in 'mali.fr.yaml' for the brief 'mali'; None if none."""
    match = _FILE_LANGUAGE.match(file_name)
    return match["language"] if match and match["id"] == brief_id else None


@dataclass(frozen=True)
class Alternate:
    """Another language's version of a brief: a page links to it, and says when it is newer."""

    language: str
    version: str
    as_of: str


@dataclass(frozen=True)
class ItemFacts:
    """One item of a version, by the name a reader of any version knows it: its facts, and where each stands."""

    facts: tuple[tuple[str, str | None], ...]  # (field, value as said in a message)
    marks: tuple[tuple[str, Mark], ...]  # field -> where its value stands; "" -> the item's own place


@dataclass(frozen=True)
class VersionFacts:
    """What a version of a brief says that is not prose: small, so a check worker can send it back."""

    brief_id: str
    language: str
    as_of: str
    display: str
    items: tuple[tuple[str, ItemFacts], ...]
    as_of_mark: Mark

    @classmethod
    def of(cls, sheet: FactSheet, tree: LocatedTree, display: str) -> VersionFacts:
        """Gather a valid sheet's facts, each placed by the tree it was read from."""
        items = []
        for collection, identify, facts in _COLLECTIONS:
            for index, item in enumerate(getattr(sheet, collection)):
                said = facts(item)
                marks = [("", tree.mark_of((collection, index)))]
                marks += [(field, tree.mark_of((collection, index, field))) for field in said]
                items.append((identify(index, item), ItemFacts(tuple(said.items()), tuple(marks))))
        return cls(sheet.id, sheet.language, sheet.as_of.isoformat(), display, tuple(items), tree.mark_of(("as_of",)))


@dataclass(frozen=True)
class FactDifference:
    """One fact a version tells otherwise than another of the same date: where it stands, and what each says."""

    mark: Mark
    item: str
    here: str
    there: str


def fact_differences(checked: VersionFacts, reference: VersionFacts) -> list[FactDifference]:
    """List every fact that is not prose on which a version disagrees with another of the same as_of."""
    theirs = dict(reference.items)
    found = []
    for name, item in checked.items:
        other = theirs.get(name)
        marks = dict(item.marks)
        if other is None:
            found.append(FactDifference(marks[""], name, "present", "absent"))
            continue
        other_facts = dict(other.facts)
        for field, value in item.facts:
            if value != other_facts[field]:
                found.append(
                    FactDifference(
                        marks[field], name, f"{field} {_said(value)}", f"{field} {_said(other_facts[field])}"
                    )
                )
    ours = {name for name, _ in checked.items}
    missing = [name for name, _ in reference.items if name not in ours]
    found += [FactDifference(checked.as_of_mark, name, "absent", "present") for name in missing]
    return found


def _said(value: str | None) -> str:
    return "not given" if value is None else f"'{value}'"


def _by_id(_: int, item) -> str:
    return f"{_NOUNS[type(item).__name__]} '{item.id}'"


def _by_position(index: int, item) -> str:
    return f"{_NOUNS[type(item).__name__]} {index + 1}"


def _text(value: object) -> str | None:
    """Say a fact as a message shows it: lists joined, unset values None, so two versions compare as text."""
    if value is None or value is False or value == []:
        return None
    if value is True:
        return "yes"
    if isinstance(value, list):
        return ", ".join(sorted(str(part) for part in value))
    return str(value)


def _event_facts(event) -> dict[str, str | None]:
    return {"date": _text(event.date), "actors": _text(event.actors)}


def _actor_facts(actor) -> dict[str, str | None]:
    fields = ("kind", "country", "allied_with", "opposed_to", "part_of")
    return {field: _text(getattr(actor, field)) for field in fields}


def _claim_facts(claim) -> dict[str, str | None]:
    """A claim's facts: a figure in words is prose (each language says 'dozens' its own way), a number is not."""
    fields = ("party", "category", "qualifier", "claimed_by", "via", "claimed_on", "basis", "event", "credibility")
    facts = {field: _text(getattr(claim, field)) for field in fields}
    facts["figure"] = None if isinstance(claim.figure, str) else _figure_said(claim.figure)
    facts["key_figure"] = _text(claim.key_figure)
    facts["withdrawn"] = _text(claim.withdrawn.on) if claim.withdrawn else None
    return facts


def _figure_said(figure) -> str:
    if isinstance(figure, int):
        return str(figure)
    return f"{figure.low}-{figure.high}{' or more' if figure.or_more else ''}"


def _reaction_facts(reaction) -> dict[str, str | None]:
    return {field: _text(getattr(reaction, field)) for field in ("actor", "action", "date", "credibility")}


def _source_facts(source) -> dict[str, str | None]:
    return {field: _text(getattr(source, field)) for field in ("url", "published", "reliability", "file")}


_NOUNS = {
    "TimelineEvent": "timeline event",
    "Actor": "actor",
    "CasualtyClaim": "casualty claim",
    "Reaction": "reaction",
    "Source": "source",
}
_COLLECTIONS = (
    ("timeline", _by_id, _event_facts),
    ("actors", _by_id, _actor_facts),
    ("casualties", _by_position, _claim_facts),
    ("reactions", _by_position, _reaction_facts),
    ("sources", _by_id, _source_facts),
)


def lagging(version: VersionFacts, others: list[VersionFacts]) -> VersionFacts | None:
    """Return the newest other version with a later as_of than this one: this one is a translation that lags."""
    newer = [other for other in others if other.as_of > version.as_of]
    return max(newer, key=lambda other: (other.as_of, other.language)) if newer else None


def version_problems(versions: list[VersionFacts], default_language: str) -> list[Problem]:
    """Check the versions of every brief: those of one as_of agree on every fact, an older one lags.

    Within one as_of, each version is compared with the one in the project's language
    (or, without one, the first by file name), so a difference is said once, in the
    translation, where an analyst fixes it.
    """
    problems: list[Problem] = []
    for brief in _by_brief(versions).values():
        for same_day in _by_day(brief).values():
            reference = _reference(same_day, default_language)
            for version in same_day:
                if version is not reference:
                    problems += [
                        _disagreement(version, reference, found) for found in fact_differences(version, reference)
                    ]
        for version in brief:
            newer = lagging(version, brief)
            if newer is not None:
                problems.append(_lag(version, newer))
    return problems


def _by_brief(versions: list[VersionFacts]) -> dict[str, list[VersionFacts]]:
    found: dict[str, list[VersionFacts]] = {}
    for version in sorted(versions, key=lambda v: v.display):
        found.setdefault(version.brief_id, []).append(version)
    return {brief_id: group for brief_id, group in found.items() if len(group) > 1}


def _by_day(versions: list[VersionFacts]) -> dict[str, list[VersionFacts]]:
    found: dict[str, list[VersionFacts]] = {}
    for version in versions:
        found.setdefault(version.as_of, []).append(version)
    return found


def _reference(versions: list[VersionFacts], default_language: str) -> VersionFacts:
    own = [version for version in versions if version.language == default_language]
    return own[0] if own else versions[0]


def _disagreement(version: VersionFacts, reference: VersionFacts, found: FactDifference) -> Problem:
    where = f"{reference.display} (the '{reference.language}' version of {reference.as_of})"
    if found.here == "present":
        said = f"{found.item} is not in {where}"
    elif found.here == "absent":
        said = f"{found.item} of {where} is missing here"
    else:
        said = f"{found.item}: {found.here} here, {found.there} in {where}"
    advice = "versions of one brief and date must agree on every fact that is not prose"
    return Problem(version.display, found.mark.line, found.mark.column, f"{said}; {advice}")


def _lag(version: VersionFacts, newer: VersionFacts) -> Problem:
    message = (
        f"this '{version.language}' version is as of {version.as_of}, older than the '{newer.language}' version "
        f"({newer.display}, as of {newer.as_of}): its page and PDF say a newer edition exists; bring it up to date"
    )
    mark = version.as_of_mark
    return Problem(version.display, mark.line, mark.column, message, Severity.WARNING)
