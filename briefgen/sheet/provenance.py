"""Quote matching: is a cited excerpt really in its source text?

Matching forgives only typography that differs between languages, an article
and a YAML file. Both sides are compared in one Unicode normal form (NFC), so
``é`` typed as ``e`` plus a combining accent matches. Every quotation mark and
apostrophe of any language (" “ ” „ « » ‹ › 「 」 ‘ ’ ‚ ...) counts as one
mark, and a space beside one is dropped, so ``« anéanti »`` matches
``"anéanti"``. Every kind of space (no-break, narrow no-break, thin, line
breaks ...) is a space and runs of them count as one. Dashes count as hyphens.
Soft hyphens, mere hints where a word may break, are deleted.

Letters, digits, other punctuation and every other invisible character must
match exactly. Zero-width spaces and joiners, BOM, bidi marks and the like are
never dropped from either side: a quote could then carry hidden characters, or
match words its reader would see written otherwise. When a quote misses only
because of them, the message names them. A bidi override (U+202D, U+202E)
shows letters in another order than they are stored, so no quote may contain
one, and no quote matches text shown under one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

QUOTE_MARK = '"'
_QUOTE_MARKS = (
    "\"'`\u00ab\u00b4\u00bb\u02bc\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u2035\u2036"
    "\u2039\u203a\u2e42\u300c\u300d\u300e\u300f\u301d\u301e\u301f\ufe41\ufe42\ufe43\ufe44\uff02\uff07\uff62\uff63"
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
SPACES = "\t\n\v\f\r \x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SOFT_HYPHEN = "\u00ad"
_TYPOGRAPHY = str.maketrans({**dict.fromkeys(_QUOTE_MARKS, QUOTE_MARK), **dict.fromkeys(_DASHES, "-")})
_SPACE_RUN = re.compile(f"[{SPACES}]+")
_SPACE_BY_QUOTE = re.compile(f" ?{QUOTE_MARK} ?")
# Characters that show nothing: format characters (Unicode category Cf) and controls other than spaces,
# but for the soft hyphen, a mere hyphenation hint that normalise() deletes.
INVISIBLE = (
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
OVERRIDES = "\u202d\u202e"
_EMBEDDINGS, _ISOLATES, _POP_EMBEDDING, _POP_ISOLATE = (
    "\u202a\u202b\u202d\u202e",
    "\u2066\u2067\u2068",
    "\u202c",
    "\u2069",
)
_PARAGRAPH_END = "\n\r\x1c\x1d\x1e\x85\u2029"


def normalise(text: str) -> str:
    """Fold quote marks, spaces and dashes, drop soft hyphens: typography alone never fails a match."""
    text = hide_overridden(text).replace(SOFT_HYPHEN, "")
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)
    text = _SPACE_RUN.sub(" ", text)
    return _SPACE_BY_QUOTE.sub(QUOTE_MARK, text).strip(" ")


def hide_overridden(text: str) -> str:
    """Replace each override and the stretch it shows reordered by one override mark, which no quote matches.

    Follows the explicit part of the Unicode bidi algorithm only as far as
    needed: embeddings and overrides nest, a pop closes the latest one, an
    isolate's end closes everything opened inside it, a paragraph closes all.
    Text inside an isolate inside an override counts as overridden (safe side).
    """
    if not any(mark in text for mark in OVERRIDES):
        return text
    shown: list[str] = []
    opened: list[str] = []
    for char in text:
        was_overridden = any(mark in OVERRIDES for mark in opened)
        _track_bidi(char, opened)
        if char in OVERRIDES or was_overridden and any(mark in OVERRIDES for mark in opened):
            if not shown or shown[-1] != OVERRIDES[-1]:
                shown.append(OVERRIDES[-1])
        else:
            shown.append(char)
    return "".join(shown)


def _track_bidi(char: str, opened: list[str]) -> None:
    """Update the stack of open bidi embeddings, overrides and isolates for one character."""
    if char in _PARAGRAPH_END:
        opened.clear()
    elif char in _EMBEDDINGS or char in _ISOLATES:
        opened.append(char)
    elif char == _POP_EMBEDDING and opened and opened[-1] in _EMBEDDINGS:
        opened.pop()
    elif char == _POP_ISOLATE and any(mark in _ISOLATES for mark in opened):
        while opened.pop() not in _ISOLATES:
            pass


def quote_in_text(quote: str, normalised_source: str) -> bool:
    """Say whether the quote occurs in a source text already passed through normalise()."""
    if any(mark in quote for mark in OVERRIDES):
        return False
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
            problems.append((path + ("quote",), _not_found(quote, [source], source_texts)))
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
            message = _not_found(reaction["quote"], readable, source_texts, actor=True)
            problems.append((("reactions", index, "quote"), message))
    return problems


def _not_found(quote: str, sources: list[str], source_texts: dict[str, str], actor: bool = False) -> str:
    """Say why a quote does not match, naming invisible characters when they are the only difference."""
    if override := next((c for c in quote if c in OVERRIDES), None):
        return (
            f"quote contains {_name(override)}, an invisible control that shows letters in another order "
            f'than they are stored; quote the words without it: "{clip(quote)}"'
        )
    if actor:
        message = f'the actor\'s quote is not in any source this reaction cites: "{clip(quote)}"'
    else:
        message = f"quote not found in source '{sources[0]}': \"{clip(quote)}\""
    difference = next((found for s in sources if (found := _invisible_difference(quote, source_texts[s]))), None)
    if difference is None:
        return message
    return (
        f"{message}; only invisible characters differ: {difference}; copy the words from the source, "
        "or write an invisible character as its escape inside a double-quoted string"
    )


def _invisible_difference(quote: str, normalised_source: str) -> str | None:
    """Find the quote in the source ignoring invisible characters and say which differ; None if not found."""
    visible = _INVISIBLE.sub("", normalise(quote))
    if not visible:
        return None
    pattern = f"[{INVISIBLE}]*".join(re.escape(char) for char in visible)
    found = re.search(pattern, normalised_source)
    if found is None:
        return None
    in_quote, in_source = set(_INVISIBLE.findall(quote)), set(_INVISIBLE.findall(found.group()))
    parts = []
    if in_quote - in_source:
        parts.append(f"the quote has {_names(in_quote - in_source)} where the source has none")
    if in_source - in_quote:
        parts.append(f"the source has {_names(in_source - in_quote)} there")
    return " and ".join(parts) or "they stand in other places than in the source"


def _names(chars: set[str]) -> str:
    return ", ".join(_name(char) for char in sorted(chars))


def _name(char: str) -> str:
    """Name an invisible character so an analyst can find and type it: U+00AD SOFT HYPHEN (\\u00ad)."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL')} ({_escape(char)})"


def _escape(char: str) -> str:
    """Write a character as the escape a double-quoted YAML (or JSON) string reads back."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape_invisible(text: str) -> str:
    """Show each invisible character of a text as its escape, so a message or a draft makes it visible."""
    return _INVISIBLE.sub(lambda match: _escape(match.group()), text)


def clip(text: str, limit: int = 80) -> str:
    """Shorten a quote for a one-line message, showing invisible characters as escapes."""
    text = _SPACE_RUN.sub(" ", escape_invisible(text.replace(SOFT_HYPHEN, ""))).strip()
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
