"""Cut exact phrases out of an article: sentences, and the words around a match.

Every phrase returned is a slice of the article text itself, so it can be
pasted as a ``quote:`` and the provenance check will find it. Windows stop at
punctuation and markdown syntax, which keeps quotes short and inside one clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BOUNDARY = set(',.;:!?"“”„«»‹›「」()[]{}*_#>|`\u2014\u2013')
_WORD = re.compile(r"\S+")
_SENTENCE_GAP = re.compile(
    r"(?<=[.!?])(?P<close>[\"”’)]?)\s+"  # a full stop, perhaps a closing quote, then space
    r"|\n[ \t\r]*\n\s*"  # a blank line between paragraphs
    r"|\n(?=[ \t]*(?:[#>]|[-*+] |\d+\. ))"  # a markdown heading, quote or list item starts
)
_HEADING_LINE = re.compile(r"(?m)^[ \t]*#[^\n]*(\n)")
_SHORT_LINE = re.compile(r"(?m)^[^\n]{1,59}(\n)(?=[^\n])")  # a byline or dateline, not wrapped prose


@dataclass(frozen=True)
class ClauseWords:
    """A language's words that bound a phrase: a quote stops at a conjunction, not at an abbreviation's stop."""

    abbreviations: tuple[str, ...]  # a full stop in one of these ends no sentence
    left_stops: frozenset[str]  # a phrase reaching back stops after one of these
    right_stops: frozenset[str]  # a phrase reaching forward stops before one of these


CLAUSE_WORDS = {
    "en": ClauseWords(
        ("Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Col.", "Lt.", "St.", "U.S.", "U.N.", "No.", "approx.", "e.g.", "i.e."),
        frozenset({"and", "or", "but", "while", "whereas"}),
        frozenset(
            {"and", "or", "but", "while", "who", "which", "that", "according", "after", "before", "since", "when"}
        ),
    ),
    "fr": ClauseWords(
        ("M.", "MM.", "Dr.", "Gén.", "Col.", "env.", "p. ex.", "c.-à-d."),
        frozenset({"et", "ou", "mais", "tandis", "alors"}),
        frozenset(
            {
                "et",
                "ou",
                "mais",
                "qui",
                "que",
                "qu’",
                "qu'",
                "dont",
                "selon",
                "après",
                "avant",
                "depuis",
                "lorsque",
                "quand",
            }
        ),
    ),
}


@dataclass(frozen=True)
class Span:
    """A stretch of the article: where it starts and ends, and its words."""

    start: int
    end: int
    text: str


class Article:
    """An article's text with its word and sentence positions, for cutting exact phrases."""

    def __init__(self, text: str, language: str = "en"):
        self.text = text
        self.language = language  # a language read here (see :mod:`languages`): the rules take its words
        self.clause_words = CLAUSE_WORDS[language]
        self.words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.sentences = list(_split_sentences(text, self.clause_words.abbreviations))

    def span(self, start: int, end: int) -> Span:
        """Return the stretch of text between two offsets, trimmed of surrounding space."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Span(start, end, self.text[start:end])

    def sentence_at(self, offset: int) -> Span:
        """Return the sentence that holds an offset."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return self.span(0, len(self.text))

    def phrase_around(self, start: int, end: int, before: int = 4, after: int = 3) -> Span:
        """Return the match with up to ``before``/``after`` words of its clause on either side."""
        first, last = self._word_index(start), self._word_index(max(start, end - 1))
        sentence = self.sentence_at(start)
        left = start if _has_boundary(self.text[self.words[first][0] : start]) else self._extend_left(first, before)
        right = end if _has_boundary(self.text[end : self.words[last][1]]) else self._extend_right(last, after)
        return self.span(max(left, min(sentence.start, start)), min(right, max(sentence.end, end)))

    def words_around(self, start: int, end: int, count: int = 3) -> Span:
        """Return the match with ``count`` words either side, across commas but inside its sentence."""
        sentence = self.sentence_at(start)
        inside = [
            (max(w[0], sentence.start), min(w[1], sentence.end))
            for w in self.words
            if w[1] > sentence.start and w[0] < sentence.end
        ]
        first = next((i for i, w in enumerate(inside) if w[1] > start), 0)
        last = next((i for i, w in enumerate(inside) if w[1] >= end), len(inside) - 1)
        left = inside[max(0, first - count)][0]
        right = inside[min(len(inside) - 1, last + count)][1]
        while right > end and self.text[right - 1] in BOUNDARY:
            right -= 1
        while left < start and self.text[left] in BOUNDARY:
            left += 1
        return self.span(left, right)

    def _ends_sentence(self, word: str) -> bool:
        return word[-1] in ".!?" and word.strip() not in self.clause_words.abbreviations

    def _word_index(self, offset: int) -> int:
        for index, (start, end) in enumerate(self.words):
            if start <= offset < end:
                return index
        return 0

    def _extend_left(self, index: int, count: int) -> int:
        start = self.words[index][0]
        for step in range(1, count + 1):
            if index - step < 0:
                break
            word_start, word_end = self.words[index - step]
            word = self.text[word_start:word_end]
            if word[-1] in BOUNDARY or word.lower() in self.clause_words.left_stops or self._ends_sentence(word):
                break
            cut = max((i for i, c in enumerate(word) if c in BOUNDARY), default=-1)
            start = word_start + cut + 1
            if cut >= 0:
                break
        return start

    def _extend_right(self, index: int, count: int) -> int:
        end = self.words[index][1]
        for step in range(1, count + 1):
            if index + step >= len(self.words):
                break
            word_start, word_end = self.words[index + step]
            word = self.text[word_start:word_end]
            if word[0] in BOUNDARY or word.lower().strip("".join(BOUNDARY)) in self.clause_words.right_stops:
                break
            cut = next((i for i, c in enumerate(word) if c in BOUNDARY), len(word))
            end = word_start + cut
            if cut < len(word):
                break
        return end


def _has_boundary(text: str) -> bool:
    return any(c in BOUNDARY for c in text)


def _split_sentences(text: str, abbreviations: tuple[str, ...]):
    """Yield each sentence as a Span; abbreviations such as 'Mr.' do not end one."""
    gaps = [(g.start() + len(g["close"] or ""), g.end()) for g in _SENTENCE_GAP.finditer(text)]
    gaps += [(h.start(1), h.end(1)) for h in _HEADING_LINE.finditer(text)]
    gaps += [(h.start(1), h.end(1)) for h in _SHORT_LINE.finditer(text)]
    start = 0
    for gap_start, gap_end in sorted(gaps):
        if gap_start < start or _ends_with_abbreviation(text[start:gap_start], abbreviations):
            continue
        if text[start:gap_start].strip():
            yield _trimmed(text, start, gap_start)
        start = gap_end
    if text[start:].strip():
        yield _trimmed(text, start, len(text))


def _ends_with_abbreviation(text: str, abbreviations: tuple[str, ...]) -> bool:
    """Tell whether a stretch ends with an abbreviation written as a word of its own ("M.", not "GSIM.")."""
    return any(text.endswith(a) and not text[: -len(a)][-1:].isalnum() for a in abbreviations)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and (text[start].isspace() or text[start] in "#>*- "):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def slug(text: str) -> str:
    """Turn a name into an id: lower-case words joined by hyphens, possessives dropped."""
    text = re.sub(r"[’']s\b", "", text.lower())
    text = text.translate(str.maketrans("àáâãäåçèéêëìíîïñòóôõöùúûüýÿ", "aaaaaaceeeeiiiinooooouuuuyy"))
    return "-".join(re.findall(r"[a-z0-9]+", text))[:80].strip("-")
