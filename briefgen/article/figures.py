"""Find the figures an article gives, what each counts, and which of them may be tolls.

Every figure is found (the curation warnings read them all), with its qualifier
("more than", "up to", "25 to 82 or more"), a category guessed from the words of
its own clause, and what it counts, read from the noun after it. A figure is
offered as a toll only when its clause says who was hurt (killed, missing,
displaced...) and it counts neither things nor the reporting itself ("two dams",
"three days", "four claimants"): once per figure, category and claimant, with the
speaker of its sentence as the claimant. A figure in the article's title, which
the text repeats, is not offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from briefgen.article.figure_words import FIGURE_WORDS, FigureWords, word_pattern
from briefgen.article.phrases import BOUNDARY, Article, Span
from briefgen.article.speakers import Speakers
from briefgen.article.words import counted

_HEADING = re.compile(r"(?m)^[ \t]*#[^\n]*")  # an article's title repeats what its text says
_NOT_TOLLS = ("things", "accounts")
_APPOSITION_THEN = re.compile(r"^,[^,.;:]{1,60},(?P<clause>[^,.;:]*)")  # ", most of them miners, died"
_CLAUSE_MARKS = BOUNDARY - set('*_#>|`"“”„«»‹›「」')


@dataclass(frozen=True)
class FigurePatterns:
    """The patterns one language's figures are found by, built once from its words."""

    words: FigureWords
    figure: re.Pattern  # a number, a range, a number in words, with its scale
    amount: re.Pattern  # an amount in words ("dozens"), with any qualifier before it
    about: re.Pattern | None  # an approximate collective ("une trentaine"), when the language has them
    open_end: re.Pattern
    conjunction: re.Pattern
    subset: re.Pattern


@cache
def figure_patterns(language: str) -> FigurePatterns:
    """Build the figure patterns of a language from its row in :mod:`figure_words`."""
    words = FIGURE_WORDS[language]
    scale = rf"(?:\s+(?P<scale>{word_pattern(words.scales)})\b)?"
    low, high = (rf"(?P<{name}>{words.range_number})" for name in ("low", "high"))
    lo2, hi2 = (rf"(?P<{name}>{words.range_number})" for name in ("lo2", "hi2"))
    between, joined = words.ranges
    decimal = re.escape(words.decimal)
    number = rf"(?P<n>{words.digits}|\d+{decimal}\d+(?=\s+(?:{word_pattern(words.scales)})\b)|\d+)"
    named = word_pattern(words.numbers, skip=("zero", "one", "zéro", "un"))
    figure = re.compile(
        rf"(?<![\w.,-])(?:{between.format(low=low, high=high)}|{joined.format(low=lo2, high=hi2)}"
        rf"|{number}|(?P<word>{named})){scale}(?![\w-]|[.,]\d)",
        re.IGNORECASE,
    )
    about = re.compile(rf"(?<![\w-])(?:une?)\s+(?P<about>{word_pattern(words.about)})s?(?![\w-])", re.I)
    return FigurePatterns(
        words,
        figure,
        re.compile(rf"(?<![\w-])(?:{words.amounts})(?![\w-])", re.IGNORECASE),
        about if words.about else None,
        re.compile(words.open_end, re.IGNORECASE),
        re.compile(words.conjunction),
        re.compile(words.subset, re.IGNORECASE),
    )


@dataclass(frozen=True)
class FigureCandidate:
    """A figure the article gives (a number, a range, or words), how it is qualified, and the words around it."""

    figure: int | tuple[int, int] | str
    qualifier: str
    category: str
    phrase: Span
    or_more: bool = False
    at: int = 0  # where the figure starts in the article
    counts: str = ""  # what it counts: people, things, accounts (claimants, tolls), or '' when unsaid
    claimed_by: str | None = None  # for a toll: the actor who gives it in its sentence, None when no one does


def find_figures(article: Article, dates: list[Span]) -> list[FigureCandidate]:
    """Find every figure that is not part of a date: its qualifier, a guessed category, and what it counts."""
    patterns = figure_patterns(article.language)
    results = []
    for match in patterns.figure.finditer(article.text):
        if any(d.start <= match.start() < d.end for d in dates) or _is_year(match):
            continue
        results.append(_number_candidate(article, patterns, match))
    for match in patterns.about.finditer(article.text) if patterns.about else ():
        results.append(_about_candidate(article, patterns, match))
    for match in patterns.amount.finditer(article.text):
        phrase = article.phrase_around(match.start(), match.end(), before=4, after=3)
        words = " ".join(match.group().lower().split())
        category, counts = _category(article, patterns, *match.span()), _counted(article, match.end())
        results.append(FigureCandidate(words, "", category, phrase, at=match.start(), counts=counts))
    return sorted(results, key=lambda found: found.phrase.start)


def _number_candidate(article: Article, patterns: FigurePatterns, match: re.Match) -> FigureCandidate:
    """Read a figure in digits or number words, with its qualifier and any open end ("82 or more")."""
    open_end = patterns.open_end.match(article.text, match.end())
    end = open_end.end() if open_end else match.end()
    phrase = article.phrase_around(match.start(), end, before=4, after=3)
    before = article.text[max(phrase.start, match.start() - 30) : match.start()].lower()
    figure, qualifier = _figure_value(match, patterns.words), _qualifier(before, patterns.words)
    more = bool(open_end) and open_end["end"].lower() in patterns.words.more_words.split()
    if open_end and not isinstance(figure, tuple) and qualifier == "exact":
        qualifier = "at_least" if more else "up_to"  # "82 or more", "10 or fewer"
    or_more = more and isinstance(figure, tuple)
    if or_more and qualifier not in ("exact", "approximately"):
        qualifier = "exact"  # the open end already says the rest
    category, counts = _category(article, patterns, match.start(), end), _counted(article, end)
    return FigureCandidate(figure, qualifier, category, phrase, or_more, match.start(), counts)


def _about_candidate(article: Article, patterns: FigurePatterns, match: re.Match) -> FigureCandidate:
    """Read an approximate collective ("une trentaine") as about that number, or as the words before it say."""
    phrase = article.phrase_around(match.start(), match.end(), before=4, after=3)
    before = article.text[max(phrase.start, match.start() - 30) : match.start()].lower()
    qualifier = _qualifier(before, patterns.words)
    figure = patterns.words.about[match["about"].lower()]
    category, counts = _category(article, patterns, *match.span()), _counted(article, match.end())
    qualifier = "approximately" if qualifier == "exact" else qualifier
    return FigureCandidate(figure, qualifier, category, phrase, at=match.start(), counts=counts)


def _counted(article: Article, end: int) -> str:
    return counted(article.text[end : end + 80].split()[:4], article.language)


def find_tolls(article: Article, figures: list[FigureCandidate], speakers: Speakers) -> list[FigureCandidate]:
    """Keep the figures that may be tolls, each with who gives it; one per figure, category and claimant."""
    headings = [m.span() for m in _HEADING.finditer(article.text)]
    tolls, seen = [], set()
    for found in figures:
        if not found.category or found.counts in _NOT_TOLLS or any(s <= found.at < e for s, e in headings):
            continue
        toll = replace(found, claimed_by=speakers.claimant(article.sentence_at(found.at), found.at))
        if (str(toll.figure), toll.category, toll.claimed_by) not in seen:
            seen.add((str(toll.figure), toll.category, toll.claimed_by))
            tolls.append(toll)
    return tolls


def _is_year(match: re.Match) -> bool:
    number = match["n"] or ""
    return len(number) == 4 and number.startswith(("19", "20")) and not match["scale"]


def _figure_value(match: re.Match, words: FigureWords) -> int | tuple[int, int]:
    scale = words.scales[match["scale"].lower()] if match["scale"] else 1
    low, high = match["low"] or match["lo2"], match["high"] or match["hi2"]
    if low and high:
        return (_number(low, scale, words), _number(high, scale, words))
    if match["word"]:
        return words.numbers[match["word"].lower()] * scale
    return _number(match["n"], scale, words)


def _number(text: str, scale: int, words: FigureWords) -> int:
    """Read '1,200' or '1.5' (before 'million'), '1 200' or '2,5' in French, as a whole number, scaled."""
    digits = text.translate({ord(c): None for c in words.grouping}).replace(words.decimal, ".")
    return round(float(digits) * scale)


def _qualifier(before: str, words: FigureWords) -> str:
    for name, qualifier_words in words.qualifiers:
        if re.search(rf"\b(?:{qualifier_words})\s*$", before):
            return name
    return "exact"


def _category(article: Article, patterns: FigurePatterns, start: int, end: int) -> str:
    """Guess who a figure counts from the words nearest it: "2,862 had died and 2,562 were injured" says each."""
    for words in _contexts(article, patterns, start, end):
        for name, stems in patterns.words.categories:
            if re.search(rf"\b(?:{stems})", words, re.IGNORECASE):
                return name
    return ""


def _contexts(article: Article, patterns: FigurePatterns, start: int, end: int) -> list[str]:
    """Return where a figure's category is said, nearest first: its part of its clause, the clause, the one before.

    The clause before counts when this one only picks some out of it: "400 were killed, among them 11 aid workers";
    the clause after an apposition counts when the figure is its subject: "50 people, most of them miners, died".
    """
    sentence = article.sentence_at(start)
    before, after = article.text[sentence.start : start], article.text[end : sentence.end]
    left = max((i + 1 for i, c in enumerate(before) if c in _CLAUSE_MARKS), default=0)
    right = next((i for i, c in enumerate(after) if c in _CLAUSE_MARKS), len(after))
    figure = article.text[start:end]
    part = patterns.conjunction.split(before[left:])[-1] + figure + patterns.conjunction.split(after[:right])[0]
    contexts = [part, before[left:] + figure + after[:right]]
    if left and patterns.subset.match(before[left:].strip()):
        earlier = before[: left - 1]
        contexts.append(earlier[max((i + 1 for i, c in enumerate(earlier) if c in _CLAUSE_MARKS), default=0) :])
    apposition = _APPOSITION_THEN.match(after[right:])
    if apposition and len(before[left:].split()) <= 3 and len(after[:right].split()) <= 3:
        contexts.append(apposition["clause"])
    return contexts
