"""Quote matching: is a cited excerpt really in its source text?

Matching forgives only typography that differs between an article and a
YAML file: runs of white space, curly versus straight quotes and
apostrophes, and the dash family. Case, punctuation and words must match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold white space, quote and dash variants so typography alone never fails a match."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", text).strip()


def quote_in_text(quote: str, normalised_source: str) -> bool:
    """Say whether the quote occurs in a source text already passed through normalise()."""
    needle = normalise(quote)
    return bool(needle) and needle in normalised_source


def iter_citations(tree: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Yield (path, citation) for every ``cite`` entry anywhere in a raw fact-sheet tree."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key == "cite" and isinstance(value, list):
                for index, entry in enumerate(value):
                    if isinstance(entry, dict):
                        yield path + (key, index), entry
            else:
                yield from iter_citations(value, path + (key,))
    elif isinstance(tree, list):
        for index, item in enumerate(tree):
            yield from iter_citations(item, path + (index,))


def check_quotes(tree: Any, source_texts: dict[str, str]) -> list[tuple[tuple, str]]:
    """Return (path, message) for each quote its cited source does not contain.

    ``source_texts`` maps source id to normalised text; sources that could not
    be read are absent and reported elsewhere, so their quotes are not.
    """
    problems = []
    for path, citation in iter_citations(tree):
        source, quote = citation.get("source"), citation.get("quote")
        if not (isinstance(quote, str) and isinstance(source, str) and source in source_texts):
            continue
        if not quote_in_text(quote, source_texts[source]):
            problems.append((path + ("quote",), f"quote not found in source '{source}': \"{_clip(quote)}\""))
    problems.extend(_check_reaction_quotes(tree, source_texts))
    return problems


def _check_reaction_quotes(tree: Any, source_texts: dict[str, str]) -> list[tuple[tuple, str]]:
    """A reaction's direct quote must occur in one of the sources that reaction cites."""
    problems = []
    reactions = tree.get("reactions") if isinstance(tree, dict) else None
    for index, reaction in enumerate(reactions if isinstance(reactions, list) else []):
        if not isinstance(reaction, dict) or not isinstance(reaction.get("quote"), str):
            continue
        cites = reaction.get("cite")
        cited = [c.get("source") for c in cites if isinstance(c, dict)] if isinstance(cites, list) else []
        readable = [s for s in cited if isinstance(s, str) and s in source_texts]
        if readable and not any(quote_in_text(reaction["quote"], source_texts[s]) for s in readable):
            message = f'the actor\'s quote is not in any source this reaction cites: "{_clip(reaction["quote"])}"'
            problems.append((("reactions", index, "quote"), message))
    return problems


def _clip(text: str, limit: int = 80) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
