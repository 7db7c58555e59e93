"""Curation warnings for a valid fact sheet: things that are allowed but look like mistakes.

Warnings never fail ``briefgen check`` unless ``--strict`` is given. Each is
placed at the line of the value it is about, using the marks kept when the
YAML was read.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefgen.article.dates import find_dates
from briefgen.article.figures import figure_patterns, find_figures
from briefgen.article.languages import base_language, reads
from briefgen.article.phrases import Article
from briefgen.errors import Problem, Severity
from briefgen.sheet.models import UNKNOWN, FactSheet, Statement
from briefgen.sheet.yamltree import LocatedTree

Finding = tuple[tuple, str]


def sheet_warnings(sheet: FactSheet, tree: LocatedTree, display: str) -> list[Problem]:
    """Return every curation warning for one valid fact sheet, each at its line and column."""
    found = [
        *unsupported_figures(sheet),
        *uncited_sources(sheet),
        *unreferenced_actors(sheet),
        *stale_as_of(sheet),
    ]
    problems = []
    for path, message in found:
        mark = tree.mark_of(path)
        problems.append(Problem(display, mark.line, mark.column, message, Severity.WARNING))
    return problems


def figures_in(text: str, language: str = "en") -> set[int]:
    """Return the numbers a text in a language gives (ranges as both ends), leaving dates and years out.

    The text is read with its language's words ("5 300" is one figure in French), or
    with English ones where briefgen reads no such language.

    A count of the reporting itself ("four claimants give four different tolls") is no
    figure to back up: it says how many accounts there are, not how many were hurt.
    """
    base = base_language(language)
    read_as = base if reads(base) else "en"
    patterns = figure_patterns(read_as)
    if patterns.figure.search(text) is None and (patterns.about is None or patterns.about.search(text) is None):
        return set()  # no number in digits or words: most statements, and reading one as an article costs
    article = Article(text, read_as)
    numbers: set[int] = set()
    for found in find_figures(article, [d.said for d in find_dates(article)]):
        if found.counts == "accounts":
            continue
        if not isinstance(found.figure, str):  # words such as "dozens" give no number to look for
            numbers.update(found.figure if isinstance(found.figure, tuple) else (found.figure,))
    return numbers


def unsupported_figures(sheet: FactSheet) -> Iterator[Finding]:
    """Warn about a number in a key point or background paragraph that nothing backs up."""
    claimed = {number for claim in sheet.casualties if claim.bounds for number in (claim.bounds.low, claim.bounds.high)}
    sections: list[tuple[str, list[Statement]]] = [("key_points", sheet.key_points), ("background", sheet.background)]
    languages = {source.id: source.language for source in sheet.sources}
    for section, statements in sections:
        for index, statement in enumerate(statements):
            unclaimed = figures_in(statement.text, sheet.language) - claimed
            if not unclaimed:
                continue  # most statements: reading their quotes for figures would find nothing to excuse
            quoted = set().union(
                *(figures_in(c.quote, languages.get(c.source, sheet.language)) for c in statement.cite)
            )
            for number in sorted(unclaimed - quoted):
                yield (
                    (section, index, "text"),
                    f"the figure {number} is in neither a casualty claim nor a quote this statement cites",
                )


def uncited_sources(sheet: FactSheet) -> Iterator[Finding]:
    """Warn about a source that no item cites."""
    cited = {c.source for item in _cited_items(sheet) for c in item.cite}
    for index, source in enumerate(sheet.sources):
        if source.id not in cited:
            yield ("sources", index, "id"), f"source '{source.id}' is never cited"


def unreferenced_actors(sheet: FactSheet) -> Iterator[Finding]:
    """Warn about an actor that plays no part: no claim, reaction, event or other actor names it."""
    used = {c.party for c in sheet.casualties} | {c.claimed_by for c in sheet.casualties}
    used |= {c.via for c in sheet.casualties if c.via}
    used |= {r.actor for r in sheet.reactions}
    used |= {actor for event in sheet.timeline for actor in event.actors}
    used |= {other for a in sheet.actors for other in (*a.allied_with, *a.opposed_to, *a.part_of) if other != a.id}
    for index, actor in enumerate(sheet.actors):
        if actor.id not in used and not actor.part_of:
            message = f"actor '{actor.id}' is named by no casualty claim, reaction, timeline event or other actor"
            yield ("actors", index, "id"), message


def stale_as_of(sheet: FactSheet) -> Iterator[Finding]:
    """Warn when a published brief says it is current to a day before one of its sources appeared."""
    if sheet.status != "published":
        return
    for source in sheet.sources:
        if source.published == UNKNOWN:
            continue
        earliest = source.published.sort_key()[0]
        if sheet.as_of < earliest:
            yield (
                ("as_of",),
                f"as_of {sheet.as_of.isoformat()} is older than source '{source.id}', published {source.published}",
            )


def _cited_items(sheet: FactSheet) -> Iterator:
    yield from sheet.key_points
    yield from sheet.background
    yield from sheet.timeline
    yield from sheet.actors
    yield from sheet.casualties
    yield from sheet.reactions
