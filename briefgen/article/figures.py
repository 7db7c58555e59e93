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

from briefgen.article.phrases import BOUNDARY, Article, Span
from briefgen.article.speakers import Speakers
from briefgen.article.words import counted

_SMALL_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen \
sixteen seventeen eighteen nineteen twenty"
_NUMBER_WORDS = {word: n for n, word in enumerate(re.findall(r"[a-z]+", _SMALL_NUMBERS))} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALE = r"(?:\s+(?P<scale>thousand|million|billion)\b)?"
_FIGURE = re.compile(
    r"(?<![\w.,-])(?:between\s+(?P<low>\d[\d,]*)\s+and\s+(?P<high>\d[\d,]*)|(?P<lo2>\d[\d,]*)\s*(?:-|–|to)\s*(?P<hi2>\d[\d,]*)"
    r"|(?P<n>\d{1,3}(?:,\d{3})+|\d+\.\d+(?=\s+(?:thousand|million|billion)\b)|\d+)|(?P<word>"
    + "|".join(w for w in _NUMBER_WORDS if w not in ("zero", "one"))
    + r"))"
    + _SCALE
    + r"(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
# Checked in this order, so "no fewer than" is at_least before "fewer than" is fewer_than.
QUALIFIERS = (
    ("approximately", r"approximately|about|around|roughly|some|an estimated|estimated|nearly|almost"),
    ("at_least", r"at least|no fewer than|no less than|not less than"),
    ("up_to", r"up to|as many as|no more than|not more than"),
    ("more_than", r"more than|over|upwards of|in excess of"),
    ("fewer_than", r"fewer than|less than|under"),
)
# "82 or more" is at least 82; "25 to 82 or more" is a range whose upper end is open.
_OPEN_END = re.compile(r"\s+or\s+(?P<end>more|above|fewer|less)\b", re.IGNORECASE)
# Amounts the source gives only in words; the words, with any qualifier before them, become the figure.
_WORD_FIGURE = re.compile(
    r"(?<![\w-])(?:(?:more than|over|nearly|almost|about|around|some|at least|up to|fewer than|less than)\s+)?"
    r"(?:(?:several|a few|a couple of|many)\s+(?:dozen|hundred|thousand)|(?:tens|hundreds)\s+of\s+thousands"
    r"|dozens|scores|hundreds|thousands|millions|a dozen|a handful)(?![\w-])",
    re.IGNORECASE,
)
CATEGORIES = (
    ("killed", r"kill|dead|death|died|lost|loss|fatalit|lives|bodies|toll"),
    ("wounded", r"wound|injur|hurt"),
    ("captured", r"captur|prisoner|detain|hostage|abduct|kidnap|arrest"),
    ("missing", r"missing|disappear"),
    ("displaced", r"displac|fled|refugee|evacuat|homeless"),
)
_HEADING = re.compile(r"(?m)^[ \t]*#[^\n]*")  # an article's title repeats what its text says
_NOT_TOLLS = ("things", "accounts")
_CONJUNCTION = re.compile(r"\s(?:and|while|but|whereas)\s")
_SUBSET = re.compile(r"^(?:among them|among whom|including|of whom|of them)\b", re.IGNORECASE)
_CLAUSE_MARKS = BOUNDARY - set('*_#>|`"“”„«»‹›「」')


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
    results = []
    for match in _FIGURE.finditer(article.text):
        if any(d.start <= match.start() < d.end for d in dates) or _is_year(match):
            continue
        open_end = _OPEN_END.match(article.text, match.end())
        end = open_end.end() if open_end else match.end()
        phrase = article.phrase_around(match.start(), end, before=4, after=3)
        before = article.text[max(phrase.start, match.start() - 30) : match.start()].lower()
        figure, qualifier = _figure_value(match), _qualifier(before)
        more = bool(open_end) and open_end["end"].lower() in ("more", "above")
        if open_end and not isinstance(figure, tuple) and qualifier == "exact":
            qualifier = "at_least" if more else "up_to"  # "82 or more", "10 or fewer"
        or_more = more and isinstance(figure, tuple)
        if or_more and qualifier not in ("exact", "approximately"):
            qualifier = "exact"  # the open end already says the rest
        category, counts = _category(article, match.start(), end), counted(article.text[end : end + 80].split()[:4])
        results.append(FigureCandidate(figure, qualifier, category, phrase, or_more, match.start(), counts))
    for match in _WORD_FIGURE.finditer(article.text):
        phrase = article.phrase_around(match.start(), match.end(), before=4, after=3)
        words = " ".join(match.group().lower().split())
        category, counts = _category(article, *match.span()), counted(article.text[match.end() :].split()[:4])
        results.append(FigureCandidate(words, "", category, phrase, at=match.start(), counts=counts))
    return sorted(results, key=lambda found: found.phrase.start)


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


def _figure_value(match: re.Match) -> int | tuple[int, int]:
    scale = _SCALES[match["scale"].lower()] if match["scale"] else 1
    low, high = match["low"] or match["lo2"], match["high"] or match["hi2"]
    if low and high:
        return (_number(low, scale), _number(high, scale))
    if match["word"]:
        return _NUMBER_WORDS[match["word"].lower()] * scale
    return _number(match["n"], scale)


def _number(text: str, scale: int) -> int:
    """Read '1,200' or '1.5' (before 'million') as a whole number, scaled."""
    return round(float(text.replace(",", "")) * scale)


def _qualifier(before: str) -> str:
    for name, words in QUALIFIERS:
        if re.search(rf"\b(?:{words})\s*$", before):
            return name
    return "exact"


def _category(article: Article, start: int, end: int) -> str:
    """Guess who a figure counts from the words nearest it: "2,862 had died and 2,562 were injured" says each."""
    for words in _contexts(article, start, end):
        for name, stems in CATEGORIES:
            if re.search(rf"\b(?:{stems})", words, re.IGNORECASE):
                return name
    return ""


def _contexts(article: Article, start: int, end: int) -> list[str]:
    """Return where a figure's category is said, nearest first: its part of its clause, the clause, the one before.

    The clause before counts when this one only picks some out of it: "400 were killed, among them 11 aid workers".
    """
    sentence = article.sentence_at(start)
    before, after = article.text[sentence.start : start], article.text[end : sentence.end]
    left = max((i + 1 for i, c in enumerate(before) if c in _CLAUSE_MARKS), default=0)
    right = next((i for i, c in enumerate(after) if c in _CLAUSE_MARKS), len(after))
    figure = article.text[start:end]
    part = _CONJUNCTION.split(before[left:])[-1] + figure + _CONJUNCTION.split(after[:right])[0]
    contexts = [part, before[left:] + figure + after[:right]]
    if left and _SUBSET.match(before[left:].strip()):
        earlier = before[: left - 1]
        contexts.append(earlier[max((i + 1 for i, c in enumerate(earlier) if c in _CLAUSE_MARKS), default=0) :])
    return contexts
