"""The words figures are written with, per language: numbers, scales, qualifiers, amounts and what was done.

One row per language; :mod:`figures` builds the same patterns from every row, so a
language reads "more than 5,300" and "plus de 5 300" with one rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureWords:
    """How one language writes a figure and says who it counts."""

    numbers: dict[str, int]  # numbers in words: "twelve", "douze"
    scales: dict[str, int]  # "million", "millions"
    digits: str  # a number in digits, grouped as the language groups it (a regex)
    range_number: str  # either end of a range of numbers (a regex)
    decimal: str  # what separates the decimals of a scaled number: "." or ","
    grouping: str  # the characters that group thousands, to drop before reading the number
    ranges: tuple[str, str]  # "between {low} and {high}", "{low} to {high}": the words between, as regexes
    qualifiers: tuple[tuple[str, str], ...]  # checked in order: "no fewer than" before "fewer than"
    open_end: str  # "or more": a lower bound, "or fewer": an upper one
    more_words: str  # which open ends mean "or more"
    amounts: str  # amounts given only in words: "dozens", "des dizaines" (with a qualifier before them)
    about: dict[str, int] = field(default_factory=dict)  # approximate collectives: "une trentaine" is about 30
    categories: tuple[tuple[str, str], ...] = ()  # who a figure counts, by the stems of the words near it
    conjunction: str = ""  # what joins two clauses of one sentence
    subset: str = ""  # what picks some out of the clause before: "among them", "dont"


_ENGLISH_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen \
sixteen seventeen eighteen nineteen twenty"
_FRENCH_NUMBERS = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize \
dix-sept dix-huit dix-neuf vingt"

ENGLISH = FigureWords(
    numbers={word: n for n, word in enumerate(_ENGLISH_NUMBERS.split())}
    | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90},
    scales={"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000},
    digits=r"\d{1,3}(?:,\d{3})+",
    range_number=r"\d[\d,]*",
    decimal=".",
    grouping=",",
    ranges=(r"between\s+{low}\s+and\s+{high}", r"{low}\s*(?:-|–|to)\s*{high}"),
    qualifiers=(
        ("approximately", r"approximately|about|around|roughly|some|an estimated|estimated|nearly|almost"),
        ("at_least", r"at least|no fewer than|no less than|not less than"),
        ("up_to", r"up to|as many as|no more than|not more than"),
        ("more_than", r"more than|over|upwards of|in excess of"),
        ("fewer_than", r"fewer than|less than|under"),
    ),
    open_end=r"\s+or\s+(?P<end>more|above|fewer|less)\b",
    more_words="more above",
    amounts=(
        r"(?:(?:more than|over|nearly|almost|about|around|some|at least|up to|fewer than|less than)\s+)?"
        r"(?:(?:several|a few|a couple of|many)\s+(?:dozen|hundred|thousand)|(?:tens|hundreds)\s+of\s+thousands"
        r"|dozens|scores|hundreds|thousands|millions|a dozen|a handful)"
    ),
    categories=(
        ("killed", r"kill|dead|death|died|lost|loss|fatalit|lives|bodies|toll"),
        ("wounded", r"wound|injur|hurt"),
        ("captured", r"captur|prisoner|detain|hostage|abduct|kidnap|arrest"),
        ("missing", r"missing|disappear"),
        ("displaced", r"displac|fled|refugee|evacuat|homeless"),
    ),
    conjunction=r"\s(?:and|while|but|whereas)\s",
    subset=r"^(?:among them|among whom|including|of whom|of them)\b",
)
FRENCH = FigureWords(
    numbers={word: n for n, word in enumerate(_FRENCH_NUMBERS.split())}
    | {"trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000},
    scales={"million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000},
    # "5 300" with a space, a no-break space or a narrow one, as French typography groups thousands
    digits=r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d{1,3}(?:\.\d{3})+(?![\d,])",
    range_number=r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+",
    decimal=",",
    grouping=" \u00a0\u202f.",
    ranges=(r"entre\s+{low}\s+et\s+{high}", r"(?:de\s+)?{low}\s*(?:-|–|à)\s*{high}"),
    qualifiers=(
        ("at_least", r"au moins|pas moins de|pas moins d['’]|au minimum|d['’]au moins"),
        (
            "approximately",
            r"environ|quelque|près de|près d['’]|presque|approximativement|autour de"
            r"|aux alentours de|une estimation de|estimé à|estimés à|un peu moins de|un peu plus de",
        ),
        ("up_to", r"jusqu['’]à|au plus|au maximum|pas plus de"),
        ("more_than", r"plus de|plus d['’]|au-delà de|davantage de"),
        ("fewer_than", r"moins de|moins d['’]"),
    ),
    open_end=r"\s+ou\s+(?P<end>plus|davantage|moins)\b",
    more_words="plus davantage",
    amounts=(
        r"(?:(?:plus de|près de|environ|au moins|jusqu['’]à|moins de)\s+)?"
        r"(?:des|plusieurs|quelques|de nombreuses|de nombreux)\s+(?:dizaines|centaines|milliers|millions)"
        r"(?:\s+de\s+milliers)?"
    ),
    about={
        "dizaine": 10,
        "douzaine": 12,
        "quinzaine": 15,
        "vingtaine": 20,
        "trentaine": 30,
        "quarantaine": 40,
        "cinquantaine": 50,
        "soixantaine": 60,
        "centaine": 100,
        "millier": 1000,
    },  # fmt: skip
    categories=(
        (
            "killed",
            r"tu(?:é|ée|és|ées|er|ant|ent|ait)\b|tuant|mort|décè|décéd|péri|victime|corps|cadavre|bilan|massacr",
        ),
        ("wounded", r"bless"),
        ("captured", r"captur|prisonnier|détenu|otage|enlev|kidnapp|arrêt|interpell"),
        ("missing", r"disparu|disparition"),
        ("displaced", r"déplac|fui|fuir|fuient|fuyant|réfugi|évacu|sans-abri|exil"),
    ),
    conjunction=r"\s(?:et|mais|tandis que|alors que)\s",
    subset=r"^(?:dont|parmi eux|parmi elles|parmi lesquels|parmi lesquelles|y compris|notamment)\b",
)
FIGURE_WORDS = {"en": ENGLISH, "fr": FRENCH}


def word_pattern(words: dict[str, int] | list[str], skip: tuple[str, ...] = ()) -> str:
    """Join words into one alternation, longest first so "dix-sept" wins over "dix"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w not in skip)
