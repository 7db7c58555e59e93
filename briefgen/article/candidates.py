"""Find what a fact sheet may say about an article: figures, dates, names, speech.

Plain rules over the text, no model and no network, so the same article
always gives the same candidates. Each candidate carries an exact phrase of
the article to paste as its quote; the analyst confirms or deletes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.article.calendar import MONTHS
from briefgen.article.names import NameFinder
from briefgen.article.phrases import Article, Span

_MONTH = "(?:" + "|".join(MONTHS) + ")"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
DATE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?\b")),
    ("mdy", re.compile(rf"\b(?P<mn>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?")),
    (
        "my",
        re.compile(rf"\b(?:(?i:in|since|until|by|from|early|late|mid-?)\s+)(?P<mn>{_MONTH})(?:\s+(?P<y>\d{{4}}))?\b"),
    ),
    ("weekday", re.compile(rf"\b(?:last\s+|next\s+|on\s+)?{_WEEKDAY}{_PART_OF_DAY}\b")),
    (
        "relative",
        re.compile(r"\b(?:yesterday|today|tonight|last (?:week|month|year)|earlier this (?:week|month|year))\b"),
    ),
    ("year", re.compile(r"\b(?i:in|since|until|by|from|of)\s+(?P<y>(?:19|20)\d{2})\b")),
)
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
    ("killed", r"kill|dead|death|died|lost|loss|fatalit|lives|bodies"),
    ("wounded", r"wound|injur|hurt"),
    ("captured", r"captur|prisoner|detain|hostage|abduct|kidnap|arrest"),
    ("missing", r"missing|disappear"),
    ("displaced", r"displac|fled|refugee|evacuat|homeless"),
)
ACTIONS = (
    ("severs_relations", r"sever|cut (?:off )?(?:diplomatic )?ties|broke off"),
    ("summons_ambassador", r"summon"),
    ("condemns", r"condemn|denounc|decr"),
    ("denies", r"den(?:y|ied|ies|ying)|reject"),
    ("accuses", r"accus|blame"),
    ("reaffirms_support", r"reaffirm|pledg|back(?:s|ed|ing)"),
    ("retaliates", r"retaliat"),
    ("warns", r"warn|threat"),
    ("calls_for", r"call(?:s|ed)? (?:for|on)|urg|demand"),
    ("sanctions", r"sanction"),
    ("holds_talks", r"spoken with|spoke with|talks|met with|meets with"),
    (
        "statement",
        r"(?:said|says|stated|told|announced|declared|claimed|indicated|suggested|insisted|added|confirmed|reported)\b",
    ),
)
# Quoted words in English, French (« »), German („ “ and » «) and Swiss (‹ ›) styles.
_QUOTED = re.compile(r"[“\"«„»‹](?P<words>[^“”\"«»„‹›\n]{3,400}?)[”\"»“«›]")


@dataclass(frozen=True)
class FigureCandidate:
    """A figure the article gives (a number, a range, or words), how it is qualified, and the words around it."""

    figure: int | tuple[int, int] | str
    qualifier: str
    category: str
    phrase: Span
    or_more: bool = False


@dataclass(frozen=True)
class DateCandidate:
    """A date or weekday reference, as ISO text when the article gives enough."""

    date: str
    phrase: Span
    said: Span


@dataclass(frozen=True)
class SpeechCandidate:
    """A sentence with reported speech or quoted words, and a guess at who and what."""

    sentence: Span
    action: str
    quoted: str | None
    speaker: str | None


@dataclass
class Candidates:
    """Everything found in one article, in the order it appears."""

    sentences: list[Span] = field(default_factory=list)
    lead: list[Span] = field(default_factory=list)
    figures: list[FigureCandidate] = field(default_factory=list)
    dates: list[DateCandidate] = field(default_factory=list)
    names: list = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    speech: list[SpeechCandidate] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)


def find_candidates(text: str, lead_sentences: int = 5) -> Candidates:
    """Collect every candidate fact in an article's text."""
    article = Article(text)
    dates = find_dates(article)
    names = NameFinder(article).find()
    return Candidates(
        sentences=article.sentences,
        lead=[s for s in article.sentences if len(s.text.split()) > 4][:lead_sentences],
        figures=find_figures(article, [d.said for d in dates]),
        dates=dates,
        names=names.names,
        adjectives=names.adjectives,
        speech=find_speech(article, names.names),
        countries=sorted({(n.country, n.text) for n in names.names if n.country}),
    )


def find_dates(article: Article) -> list[DateCandidate]:
    """Find dates and weekday or relative references; overlapping matches keep the first, longest."""
    found: list[tuple[int, int, str, re.Match]] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(article.text):
            if not any(s < match.end() and match.start() < e for s, e, _, _ in found):
                found.append((match.start(), match.end(), kind, match))
    results = []
    for start, end, kind, match in sorted(found, key=lambda f: f[0]):
        phrase = article.phrase_around(start, end, before=5, after=3)
        results.append(DateCandidate(_iso(kind, match), phrase, article.span(start, end)))
    return results


def _iso(kind: str, match: re.Match) -> str:
    """Write what a date match says as EDTF text, or '' when the article does not give a year."""
    groups = match.groupdict()
    if not groups.get("y"):
        return ""
    if kind == "year":
        return groups["y"]
    month = f"{_month_number(groups['mn']):02d}" if groups.get("mn") else groups.get("m")
    if groups.get("d"):
        return f"{groups['y']}-{month}-{int(groups['d']):02d}"
    return f"{groups['y']}-{month}"


def _month_number(name: str) -> int:
    return MONTHS.index(name) + 1


def find_figures(article: Article, dates: list[Span]) -> list[FigureCandidate]:
    """Find every figure that is not part of a date, with its qualifier and a guessed category."""
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
        results.append(FigureCandidate(figure, qualifier, _category(article, phrase), phrase, or_more))
    for match in _WORD_FIGURE.finditer(article.text):
        phrase = article.phrase_around(match.start(), match.end(), before=4, after=3)
        words = " ".join(match.group().lower().split())
        results.append(FigureCandidate(words, "", _category(article, phrase), phrase))
    return sorted(results, key=lambda found: found.phrase.start)


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


def _category(article: Article, phrase: Span) -> str:
    for text in (phrase.text, article.sentence_at(phrase.start).text):
        for name, stems in CATEGORIES:
            if re.search(rf"\b(?:{stems})", text, re.IGNORECASE):
                return name
    return ""


def find_speech(article: Article, names: list) -> list[SpeechCandidate]:
    """Find sentences that report what someone said or did in response, and quoted words."""
    results = []
    for sentence in article.sentences:
        quoted = _QUOTED.search(sentence.text)
        words = quoted["words"].strip().strip(",.;:").strip() if quoted else None
        actions = _actions(sentence.text) or ([("statement", quoted.start())] if quoted else [])
        for number, (action, verb_at) in enumerate(actions):
            speaker = _speaker(article, sentence, names, verb_at)
            results.append(SpeechCandidate(sentence, action, words if number == 0 else None, speaker))
    return results


def _actions(text: str) -> list[tuple[str, int]]:
    """Name each kind of reaction the sentence's verbs report; a plain 'said' only when nothing else."""
    found = []
    for name, stems in ACTIONS:
        match = re.search(rf"\b(?:{stems})", text, re.IGNORECASE)
        if match and (name != "statement" or not found):
            found.append((name, match.start()))
    return sorted(found, key=lambda f: f[1])


def _speaker(article: Article, sentence: Span, names: list, verb_at: int) -> str | None:
    """Take the last name before the verb as the likely speaker; an owner ("Mali's neighbour") is not one."""
    limit = sentence.start + verb_at
    mentions = [
        (at, name.id)
        for name in names
        for at in name.mentions
        if sentence.start <= at < limit and article.text[at + len(name.text) : at + len(name.text) + 1] not in "’'"
    ]
    return max(mentions)[1] if mentions else None
