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

import bisect
import re
import unicodedata
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

QUOTE_MARK = '"'
_QUOTE_MARKS = (
    "\"'`\u00ab\u00b4\u00bb\u02bc\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u2035\u2036"
    "\u2039\u203a\u2e42\u300c\u300d\u300e\u300f\u301d\u301e\u301f\ufe41\ufe42\ufe43\ufe44\uff02\uff07\uff62\uff63"
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
SPACES = "\t\n\v\f\r \x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SOFT_HYPHEN = "\u00ad"
# Folded by pattern, not str.translate: a seed has few such marks, and translate looks up every character.
_OTHER_QUOTE_MARK = re.compile("[" + re.escape(_QUOTE_MARKS.replace(QUOTE_MARK, "")) + "]")
_DASH = re.compile(f"[{_DASHES}]")
_SPACE_RUN = re.compile(f"[{SPACES}]+")
_SEPARATORS = "\x1c\x1d\x1e\x1f"  # no spaces to us, but str.split() breaks at them
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
_BIDI_EVENT = re.compile(f"[{_EMBEDDINGS}{_ISOLATES}{_POP_EMBEDDING}{_POP_ISOLATE}{_PARAGRAPH_END}]")


def normalise(text: str) -> str:
    """Fold quote marks, spaces and dashes, drop soft hyphens: typography alone never fails a match."""
    if text.isascii():  # most seeds and quotes: in NFC already, and with no dash, override or soft hyphen to fold
        text = text.replace("'", QUOTE_MARK).replace("`", QUOTE_MARK)
    else:
        text = hide_overridden(text).replace(SOFT_HYPHEN, "")
        text = _DASH.sub("-", _OTHER_QUOTE_MARK.sub(QUOTE_MARK, unicodedata.normalize("NFC", text)))
    # With spaces folded, the space beside a quote mark is always one space: str.replace finds it faster than a pattern.
    return _fold_spaces(text).replace(f" {QUOTE_MARK}", QUOTE_MARK).replace(f"{QUOTE_MARK} ", QUOTE_MARK)


def _fold_spaces(text: str) -> str:
    """Make each run of spaces one plain space, and drop those at either end."""
    if any(separator in text for separator in _SEPARATORS):
        return _SPACE_RUN.sub(" ", text).strip(" ")
    return " ".join(text.split())  # the same when str.split() breaks at exactly our spaces (it does, but for these)


def hide_overridden(text: str) -> str:
    """Replace each override and the stretch it shows reordered by one override mark, which no quote matches.

    Follows the explicit part of the Unicode bidi algorithm only as far as
    needed: embeddings and overrides nest, a pop closes the latest one, an
    isolate's end closes everything opened inside it, a paragraph closes all.
    Text inside an isolate inside an override counts as overridden (safe side).
    Only the bidi controls and paragraph ends are visited one by one, and each
    in constant time, so an 8 MiB seed costs a few passes however it nests.
    """
    if OVERRIDES[0] not in text and OVERRIDES[1] not in text:
        return text
    shown: list[str] = []
    state = _BidiState()
    position = 0
    for found in _BIDI_EVENT.finditer(text):
        _show(shown, text[position : found.start()], hidden=state.overridden)
        char, was_overridden = found.group(), state.overridden
        state.track(char)
        _show(shown, char, hidden=char in OVERRIDES or was_overridden and state.overridden)
        position = found.end()
    _show(shown, text[position:], hidden=state.overridden)
    return "".join(shown)


def _show(shown: list[str], part: str, *, hidden: bool) -> None:
    """Add a stretch of text as it is, or as one override mark (never two in a row) when it is hidden."""
    if not part:
        return
    if not hidden:
        shown.append(part)
    elif not shown or shown[-1] != OVERRIDES[-1]:
        shown.append(OVERRIDES[-1])


class _BidiState:
    """The open bidi embeddings, overrides and isolates, with counts so every question is answered at once."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.overrides = 0
        self.isolates = 0

    @property
    def overridden(self) -> bool:
        return self.overrides > 0

    def track(self, char: str) -> None:
        """Update the stack for one bidi control or paragraph end."""
        if char in _PARAGRAPH_END:
            self.opened.clear()
            self.overrides = self.isolates = 0
        elif char in _EMBEDDINGS or char in _ISOLATES:
            self._push(char)
        elif char == _POP_EMBEDDING and self.opened and self.opened[-1] in _EMBEDDINGS:
            self._pop()
        elif char == _POP_ISOLATE and self.isolates:
            while self._pop() not in _ISOLATES:
                pass

    def _push(self, char: str) -> None:
        self.opened.append(char)
        self.overrides += char in OVERRIDES
        self.isolates += char in _ISOLATES

    def _pop(self) -> str:
        char = self.opened.pop()
        self.overrides -= char in OVERRIDES
        self.isolates -= char in _ISOLATES
        return char


def quote_in_text(quote: str, normalised_source: str) -> bool:
    """Say whether the quote occurs in a source text already passed through normalise()."""
    if OVERRIDES[0] in quote or OVERRIDES[1] in quote:
        return False
    needle = normalise(quote)
    return bool(needle) and needle in normalised_source


def iter_citations(tree: Any) -> Iterator[tuple[tuple, dict]]:
    """Yield (path, citation) for every ``cite`` entry anywhere in a raw fact-sheet tree, in document order."""
    found: list[tuple[tuple, dict]] = []
    if isinstance(tree, (dict, list)):
        _gather_citations(tree, (), found)
    return iter(found)


def _gather_citations(tree: dict | list, path: tuple, found: list[tuple[tuple, dict]]) -> None:
    """Add the citations under one mapping or list; scalars are not visited (a sheet's thousand values are)."""
    items = tree.items() if isinstance(tree, dict) else enumerate(tree)
    for key, value in items:
        if key == "cite" and isinstance(value, list):  # a list's keys are its indexes: only a mapping's can be
            found.extend(((*path, key, index), entry) for index, entry in enumerate(value) if isinstance(entry, dict))
        elif isinstance(value, (dict, list)):
            _gather_citations(value, (*path, key), found)


def check_quotes(
    tree: Any,
    source_texts: dict[str, str],
    skip: Container[tuple] = (),
    citations: Iterable[tuple[tuple, dict]] | None = None,
) -> list[tuple[tuple, str]]:
    """Return (path, message) for each quote its cited source does not contain.

    ``source_texts`` maps source id to normalised text; sources that could not
    be read are absent and reported elsewhere, so their quotes are not. A quote
    whose path is in ``skip`` (it failed validation) is not matched at all.
    ``citations`` are the tree's, as :func:`iter_citations` finds them, when the caller has them already.
    """
    problems = []
    sources = _Sources(source_texts)
    for path, citation in iter_citations(tree) if citations is None else citations:
        source, quote = citation.get("source"), citation.get("quote")
        if not (isinstance(quote, str) and isinstance(source, str) and source in source_texts):
            continue
        if path + ("quote",) not in skip and not quote_in_text(quote, source_texts[source]):
            problems.append((path + ("quote",), _not_found(quote, [source], sources)))
    problems.extend(_check_reaction_quotes(tree, sources, skip))
    return problems


def _check_reaction_quotes(tree: Any, sources: _Sources, skip: Container[tuple]) -> list[tuple[tuple, str]]:
    """A reaction's direct quote must occur in one of the sources that reaction cites."""
    problems = []
    reactions = tree.get("reactions") if isinstance(tree, dict) else None
    for index, reaction in enumerate(reactions if isinstance(reactions, list) else []):
        if not isinstance(reaction, dict) or not isinstance(reaction.get("quote"), str):
            continue
        if ("reactions", index, "quote") in skip:
            continue
        cites = reaction.get("cite")
        cited = [c.get("source") for c in cites if isinstance(c, dict)] if isinstance(cites, list) else []
        readable = [s for s in cited if isinstance(s, str) and s in sources.texts]
        if readable and not any(quote_in_text(reaction["quote"], sources.texts[s]) for s in readable):
            message = _not_found(reaction["quote"], readable, sources, actor=True)
            problems.append((("reactions", index, "quote"), message))
    return problems


def _not_found(quote: str, cited: list[str], sources: _Sources, actor: bool = False) -> str:
    """Say why a quote does not match, naming invisible characters when they are the only difference."""
    if override := next((c for c in quote if c in OVERRIDES), None):
        return (
            f"quote contains {_name(override)}, an invisible control that shows letters in another order "
            f'than they are stored; quote the words without it: "{clip(quote)}"'
        )
    if actor:
        message = f'the actor\'s quote is not in any source this reaction cites: "{clip(quote)}"'
    else:
        message = f"quote not found in source '{cited[0]}': \"{clip(quote)}\""
    difference = next((found for s in cited if (found := _invisible_difference(quote, sources.visible(s)))), None)
    if difference is None:
        return message
    return (
        f"{message}; only invisible characters differ: {difference}; copy the words from the source, "
        "or write an invisible character as its escape inside a double-quoted string"
    )


class _Sources:
    """The sources' normalised texts, each seen without its invisible characters once a quote misses in it."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self._visible: dict[str, VisibleText] = {}

    def visible(self, source: str) -> VisibleText:
        if source not in self._visible:
            self._visible[source] = VisibleText.of(self.texts[source])
        return self._visible[source]


_BLOCK = 4096  # source characters per block of the index from visible characters back to the source
_VISIBLE = re.compile(f"[^{INVISIBLE}]")


@dataclass(frozen=True)
class VisibleText:
    """A text without its invisible characters, and where each of its characters stands in the text.

    ``before[k]`` counts the visible characters in the first k blocks of the text,
    so finding one costs a bisection and a walk through one block: the index is a
    few thousand numbers for an 8 MiB seed, not one per character.
    """

    text: str
    visible: str
    before: tuple[int, ...]
    block: int

    @classmethod
    def of(cls, text: str, block: int = _BLOCK) -> VisibleText:
        visible = _INVISIBLE.sub("", text)
        before, seen = [0], 0
        if len(visible) < len(text):
            for start in range(0, len(text), block):
                stop = min(start + block, len(text))
                seen += stop - start - len(_INVISIBLE.findall(text, start, stop))
                before.append(seen)
        return cls(text, visible, tuple(before), block)

    def position(self, index: int) -> int:
        """Return where the visible character at ``index`` of ``visible`` stands in ``text``."""
        if len(self.visible) == len(self.text):
            return index
        block = bisect.bisect_right(self.before, index) - 1
        for count, found in enumerate(_VISIBLE.finditer(self.text, block * self.block)):
            if count == index - self.before[block]:
                return found.start()
        raise IndexError(index)


def _invisible_difference(quote: str, source: VisibleText) -> str | None:
    """Find the quote in the source ignoring invisible characters and say which differ; None if not found.

    Linear in the quote and the source: the search is str.find on both without
    their invisible characters, and only the stretch found is looked at again.
    """
    visible = _INVISIBLE.sub("", normalise(quote))
    found = source.visible.find(visible) if visible else -1
    if found < 0:
        return None
    start, end = source.position(found), source.position(found + len(visible) - 1) + 1
    in_quote, in_source = set(_INVISIBLE.findall(quote)), set(_INVISIBLE.findall(source.text, start, end))
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
