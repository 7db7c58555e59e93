"""Properties of quote folding: retyped typography always matches, nothing else is ever forgiven."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.sheet.provenance import (
    _DASHES,
    _QUOTE_MARKS,
    INVISIBLE,
    VisibleText,
    hide_overridden,
    normalise,
    quote_in_text,
)
from briefgen.sheet.provenance import SPACES as PROVENANCE_SPACES

QUOTE_MARKS = list("\"'`\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u300c\u300d\u2032")
SPACES = [" ", "\t", "\n", "\u00a0", "\u202f", "\u2009", "\u2007", "\u200a", "\u3000", "\u2028"]
DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212"]
KINDS = {**dict.fromkeys(QUOTE_MARKS, QUOTE_MARKS), **dict.fromkeys(SPACES, SPACES), **dict.fromkeys(DASHES, DASHES)}
# Letters (one decomposed), digits, punctuation and invisible characters: none of these may be forgiven.
EXACT = [
    "a",
    "A",
    "\u00e9",
    "e\u0301",
    "f",
    "i",
    "\ufb01",
    "\u00df",
    "2",
    "\u00b2",
    ",",
    ";",
    "\u200b",
    "\u200d",
    "\u200e",
    "\ufeff",
]
TOKENS = st.sampled_from(EXACT + QUOTE_MARKS + SPACES + DASHES + ["\u00ad"])
SKELETON = str.maketrans({**{ord(q): '"' for q in QUOTE_MARKS}, **{ord(d): "-" for d in DASHES}})
PROPERTIES = settings(max_examples=300, deadline=None)


def skeleton(text: str) -> str:
    """What must survive folding, defined apart from the code: all but spaces, soft hyphens and mark styles."""
    text = unicodedata.normalize("NFC", text.replace("\u00ad", "")).translate(SKELETON)
    return "".join(char for char in text if char not in SPACES and not char.isspace())


@PROPERTIES
@given(source=st.lists(TOKENS, min_size=1, max_size=40), data=st.data())
def test_any_excerpt_retyped_in_other_typography_matches(source, data):
    start = data.draw(st.integers(0, len(source) - 1))
    end = data.draw(st.integers(start + 1, len(source)))
    retyped = [data.draw(st.sampled_from(KINDS[token])) if token in KINDS else token for token in source[start:end]]
    quote = "".join(retyped)
    if normalise(quote) and not quote.startswith("\u0301"):
        assert quote_in_text(quote, normalise("".join(source)))


@settings(max_examples=1000, deadline=None)
@given(source=st.lists(TOKENS, max_size=8), data=st.data())
def test_a_match_never_forgives_a_letter_digit_or_invisible_character(source, data):
    start = data.draw(st.integers(0, len(source)))
    quote = [data.draw(st.sampled_from(KINDS.get(token, [token]))) for token in source[start:]]
    quote = quote[: data.draw(st.integers(0, len(quote)))]
    for _ in range(data.draw(st.integers(1, 2))):  # then change a letter, digit or invisible character
        at = data.draw(st.integers(0, len(quote)))
        edit = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        if edit == "insert" or not quote[at:]:
            quote.insert(at, data.draw(st.sampled_from(EXACT)))
        elif edit == "delete":
            del quote[at]
        else:
            quote[at] = data.draw(st.sampled_from(EXACT))
    quote_text, source_text = "".join(quote), "".join(source)
    if quote_in_text(quote_text, normalise(source_text)):
        assert skeleton(quote_text) in skeleton(source_text)


@PROPERTIES
@given(text=st.text(max_size=60))
def test_folding_twice_changes_nothing(text):
    assert normalise(normalise(text)) == normalise(text)


# normalise() written the slow, obvious way, one rule after another: its shortcuts (ASCII text, str.split for
# spaces) must give the same text, also with the separators str.split() breaks at (U+001C..U+001F) and decompositions.
FOLDED = ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u202a", "\u202c", "\u202d", "\u202e", "\u2069", "\u212b", "A\u030a"]
FOLDING_TEXT = st.lists(st.sampled_from([*TOKENS.elements, *FOLDED, "'", '"', "`", " ", "  "]), max_size=30).map(
    "".join
)


def folded_rule_by_rule(text: str) -> str:
    text = unicodedata.normalize("NFC", hide_overridden(text).replace("\u00ad", ""))
    text = "".join('"' if char in _QUOTE_MARKS else "-" if char in _DASHES else char for char in text)
    text = re.sub(f"[{PROVENANCE_SPACES}]+", " ", text)
    return re.sub(' ?" ?', '"', text).strip(" ")


@settings(max_examples=2000, deadline=None)
@given(text=FOLDING_TEXT)
def test_folding_gives_what_its_rules_say_one_after_another(text):
    assert normalise(text) == folded_rule_by_rule(text)
    ascii_only = text.encode("ascii", "ignore").decode()
    assert normalise(ascii_only) == folded_rule_by_rule(ascii_only)


# The bidi rules and the search for invisible differences, written the slow, obvious way: per character, and as
# one regular expression. The matcher does both in linear time; on any text it must give the same answers.
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\n", "\u2029"]
BIDI_TEXT = st.lists(st.sampled_from([*BIDI, "a", "b", " ", "\u200b"]), max_size=40).map("".join)


def hidden_per_character(text: str) -> str:
    overrides, embeddings, isolates = "\u202d\u202e", "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068"
    shown, opened = [], []
    for char in text:
        was = any(mark in overrides for mark in opened)
        if char in "\n\r\x1c\x1d\x1e\x85\u2029":
            opened.clear()
        elif char in embeddings or char in isolates:
            opened.append(char)
        elif char == "\u202c" and opened and opened[-1] in embeddings:
            opened.pop()
        elif char == "\u2069" and any(mark in isolates for mark in opened):
            while opened.pop() not in isolates:
                pass
        if char in overrides or was and any(mark in overrides for mark in opened):
            if not shown or shown[-1] != "\u202e":
                shown.append("\u202e")
        else:
            shown.append(char)
    return "".join(shown)


@PROPERTIES
@given(text=BIDI_TEXT)
def test_text_under_an_override_is_hidden_as_the_per_character_rules_say(text):
    assert hide_overridden(text) == hidden_per_character(text)


def invisible_span_by_pattern(quote: str, source: str) -> tuple[int, int] | None:
    visible = re.sub(f"[{INVISIBLE}]", "", normalise(quote))
    if not visible:
        return None
    found = re.search(f"[{INVISIBLE}]*".join(re.escape(char) for char in visible), source)
    return found.span() if found else None


@settings(max_examples=300, deadline=None)
@given(source=st.lists(TOKENS, max_size=30), data=st.data(), block=st.sampled_from([1, 2, 3, 4096]))
def test_the_stretch_an_invisible_difference_is_looked_for_in_is_the_patterns(source, data, block):
    """Blocks of a few characters, so that a short text spans many of them."""
    source_text = normalise("".join(source))
    start = data.draw(st.integers(0, len(source_text)))
    quote = source_text[start : data.draw(st.integers(start, len(source_text)))] + data.draw(st.sampled_from(["", "a"]))
    text = VisibleText.of(source_text, block)
    visible = re.sub(f"[{INVISIBLE}]", "", normalise(quote))
    found = text.visible.find(visible) if visible else -1
    span = (text.position(found), text.position(found + len(visible) - 1) + 1) if found >= 0 else None
    assert span == invisible_span_by_pattern(quote, source_text)
