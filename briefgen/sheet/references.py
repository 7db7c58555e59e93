"""Cross-reference checks on a raw fact-sheet tree: ids exist and are unique.

These run on the tree as loaded, before the models, so that one missing
title does not hide a dangling actor id in the same file: every problem in
a file is reported in one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from briefgen.sheet.models import UNATTRIBUTED, UNSPECIFIED
from briefgen.sheet.provenance import iter_citations

# (collection, field, target collection, words a sentinel may be instead of an id)
REFERENCES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("actors", "allied_with", "actors", ()),
    ("actors", "opposed_to", "actors", ()),
    ("actors", "part_of", "actors", ()),
    ("timeline", "actors", "actors", ()),
    ("casualties", "party", "actors", (UNSPECIFIED,)),
    ("casualties", "claimed_by", "actors", (UNATTRIBUTED,)),
    ("casualties", "via", "actors", ()),
    ("casualties", "event", "timeline", ()),
    ("reactions", "actor", "actors", ()),
)
NAMED = {"actors": "actor", "timeline": "timeline event", "sources": "source"}


def _items(tree: dict, collection: str) -> list[tuple[int, dict]]:
    value = tree.get(collection)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def defined_ids(tree: dict, collection: str) -> set[str]:
    """Return the ids an id-bearing collection defines."""
    return {item["id"] for _, item in _items(tree, collection) if isinstance(item.get("id"), str)}


def check_references(tree: Any, citations: Iterable[tuple[tuple, dict]] | None = None) -> list[tuple[tuple, str]]:
    """Return (path, message) for duplicate ids and references to ids that do not exist.

    ``citations`` are the tree's, as :func:`iter_citations` finds them, when the caller has them already.
    """
    if not isinstance(tree, dict):
        return []
    problems = _duplicate_ids(tree)
    known = {name: defined_ids(tree, name) for name in NAMED}
    for collection, field, target, sentinels in REFERENCES:
        for index, item in _items(tree, collection):
            value = item.get(field)
            values = enumerate(value) if isinstance(value, list) else [(None, value)]
            for position, ref in values:
                if isinstance(ref, str) and ref not in known[target] and ref not in sentinels:
                    path = (collection, index, field) + (() if position is None else (position,))
                    problems.append((path, _unknown(target, ref, known[target], sentinels)))
    problems.extend(_dangling_citations(iter_citations(tree) if citations is None else citations, known["sources"]))
    return problems


def _duplicate_ids(tree: dict) -> list[tuple[tuple, str]]:
    problems = []
    for collection, noun in NAMED.items():
        seen: set[str] = set()
        for index, item in _items(tree, collection):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(((collection, index, "id"), f"duplicate {noun} id '{ident}'"))
            seen.add(ident)
    return problems


def _dangling_citations(citations: Iterable[tuple[tuple, dict]], sources: set[str]) -> list[tuple[tuple, str]]:
    return [
        (path + ("source",), _unknown("sources", cite["source"], sources, ()))
        for path, cite in citations
        if isinstance(cite.get("source"), str) and cite["source"] not in sources
    ]


def _unknown(target: str, ref: str, known: set[str], sentinels: tuple[str, ...]) -> str:
    choices = sorted(known) + list(sentinels)
    hint = f"; known: {', '.join(choices)}" if 0 < len(choices) <= 12 else ""
    return f"unknown {NAMED[target]} id '{ref}'{hint}"


def brief_id_clashes(sheets: Iterable[tuple[tuple[str, str] | None, str]]) -> Iterator[tuple[int, str]]:
    """Find sheets whose brief id and language an earlier sheet already has: they name URLs and files.

    Takes each sheet's (id, language) (None when it has no id yet) and how it is shown;
    yields the position of every later sheet that repeats one and the message to put at
    its ``id:``. Versions of one brief in other languages share its id, each in a file of
    its own. Both ``check`` and ``build`` ask here, so they agree on the rule and the words.
    """
    first_seen: dict[tuple[str, str], str] = {}
    for position, (version, shown) in enumerate(sheets):
        if version is None:
            continue
        if version in first_seen:
            brief_id, language = version
            yield (
                position,
                (
                    f"brief id '{brief_id}' in '{language}' is already used by {first_seen[version]}; "
                    f"a brief has one sheet per language (a French version goes in {brief_id}.fr.yaml, language: fr)"
                ),
            )
        else:
            first_seen[version] = shown
