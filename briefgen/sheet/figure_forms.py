"""The forms a casualty figure takes, said as its source says it: a number, a range, or words.

Pure. A figure is never summed, rounded or turned into another form: ``worded``
says it back as the source put it ("more than 20", "25–82 or more", "dozens"),
and ``figure_bounds`` gives the numbers it allows, for a chart to plot, or None
for a figure given only in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from briefgen.i18n.words import N_, Words, english
from briefgen.sheet.provenance import normalise


class Qualifier(StrEnum):
    """How the source qualifies a number; kept verbatim, never rounded away."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    UP_TO = "up_to"
    FEWER_THAN = "fewer_than"


SINGLE_NUMBER_ONLY = (Qualifier.MORE_THAN, Qualifier.FEWER_THAN)
WITH_OPEN_RANGE = (Qualifier.EXACT, Qualifier.APPROXIMATELY)
_NO_FLOOR = (Qualifier.UP_TO, Qualifier.FEWER_THAN)
_NO_CEILING = (Qualifier.AT_LEAST, Qualifier.MORE_THAN)
_CARDINALS = set(
    re.findall(
        r"\w+",
        "a an and zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
        "million billion",
    )
)
_WORDS = re.compile(r"^[^\W\d_]+(?:(?: |-|'|\u2019)[^\W\d_]+)*$")


class Range(Protocol):
    """What a figure range offers: its two ends and whether the upper one is open."""

    low: int
    high: int
    or_more: bool


@dataclass(frozen=True)
class FigureBounds:
    """The numbers a claim allows, for plotting; qualifiers kept, nothing rounded.

    ``low`` and ``high`` are the numbers the source states (equal for a single
    number). ``low_open``: the count may lie below ``low``, as the source sets no
    floor ("up to 10", "fewer than 10"). ``high_open``: the count may lie above
    ``high``, as the source sets no ceiling ("at least 20", "more than 20",
    "25 to 82 or more"). ``exclusive``: the stated number itself is ruled out
    ("more than 20", "fewer than 10"). ``approximate``: "approximately".
    """

    low: int
    high: int
    low_open: bool = False
    high_open: bool = False
    exclusive: bool = False
    approximate: bool = False


def figure_bounds(figure: int | Range | str, qualifier: Qualifier | None) -> FigureBounds | None:
    """Return the numbers a figure allows, or None when the source gave it only in words."""
    if isinstance(figure, str):
        return None
    low, high = (figure, figure) if isinstance(figure, int) else (figure.low, figure.high)
    return FigureBounds(
        low=low,
        high=high,
        low_open=qualifier in _NO_FLOOR,
        high_open=qualifier in _NO_CEILING or bool(getattr(figure, "or_more", False)),
        exclusive=qualifier in SINGLE_NUMBER_ONLY,
        approximate=qualifier == Qualifier.APPROXIMATELY,
    )


def qualifier_words(qualifier: Qualifier | None) -> str:
    """Say a qualifier as the format writes it: 'more than', 'approximately'; '' for exact or none (check messages)."""
    if qualifier is None or qualifier == Qualifier.EXACT:
        return ""
    return str(qualifier).replace("_", " ")


# How each qualifier is said around its figure; a language puts the figure where its grammar does.
QUALIFIED = {
    Qualifier.APPROXIMATELY: N_("approximately %(figure)s"),
    Qualifier.AT_LEAST: N_("at least %(figure)s"),
    Qualifier.MORE_THAN: N_("more than %(figure)s"),
    Qualifier.UP_TO: N_("up to %(figure)s"),
    Qualifier.FEWER_THAN: N_("fewer than %(figure)s"),
}


def figure_text(figure: int | Range | str, words: Words | None = None) -> str:
    """Say a figure without its qualifier: '84', '5,300', '40–50', '25–82 or more'; words ('dozens') as given."""
    words = words or english()
    if isinstance(figure, str):
        return figure
    if isinstance(figure, int):
        return words.number(figure)
    span = f"{words.number(figure.low)}\u2013{words.number(figure.high)}"
    return words.gettext("%(range)s or more") % {"range": span} if figure.or_more else span


def worded(figure: int | Range | str, qualifier: Qualifier | None, words: Words | None = None) -> str:
    """Say a figure with its qualifier, as the source put it: 'more than 20', 'plus de 5 300' in French words."""
    words = words or english()
    text = figure_text(figure, words)
    if qualifier is None or qualifier == Qualifier.EXACT or isinstance(figure, str):
        return text
    return words.gettext(QUALIFIED[qualifier]) % {"figure": text}


def qualifier_problem(figure: int | Range | str, qualifier: Qualifier | None) -> str | None:
    """Say what is wrong with a qualifier for this form of figure, or None when they fit."""
    if isinstance(figure, str):
        if qualifier is None:
            return None
        said = qualifier_words(qualifier)
        whole = f", or write the source's words whole, e.g. figure: {said} {figure}" if said else ""
        return f"a figure in words takes no qualifier, its words say it all: leave qualifier out{whole}"
    if qualifier is None:
        return (
            "missing required key 'qualifier': a number takes exact, approximately, at_least, more_than, "
            "up_to or fewer_than"
        )
    if isinstance(figure, int):
        return None
    if qualifier in SINGLE_NUMBER_ONLY:
        return (
            f"{qualifier} qualifies a single number, not a range; "
            f"for '{figure.low} to {figure.high} or more' write or_more: true in the range"
        )
    if figure.or_more and qualifier not in WITH_OPEN_RANGE:
        return (
            "a range with or_more: true takes qualifier exact or approximately, "
            f"as its open end says the rest (got {qualifier})"
        )
    return None


def check_word_figure(text: str) -> str:
    """Accept the source's words for an amount ('dozens', 'several hundred'), never a number in disguise."""
    if any(char.isdigit() for char in text):
        raise ValueError(
            f"{text!r} has digits, so it is a number: write figure: 20, or a range as {{low: 20, high: 30}}"
        )
    if not _WORDS.match(text):
        raise ValueError(
            f"a figure in words is letters and spaces only, as the source words it, e.g. dozens (got {text!r})"
        )
    if set(re.split(r"[ -]", text.lower())) <= _CARDINALS:
        raise ValueError(f"{text!r} names an exact number: write it in digits with its qualifier")
    return text


def words_in_quotes(words: str, quotes: list[str]) -> bool:
    """Say whether a figure in words stands in one of the quotes, as whole words (case aside)."""
    needle = re.escape(normalise(words).casefold())
    return any(re.search(rf"(?<!\w){needle}(?!\w)", normalise(quote).casefold()) for quote in quotes)


def _acceptable_words(text: str) -> bool:
    try:
        check_word_figure(text)
    except ValueError:
        return False
    return True


def check_figure_words(tree: Any) -> list[tuple[tuple, str]]:
    """Return (path, message) for each figure in words that none of its claim's quotes contains."""
    problems = []
    claims = tree.get("casualties") if isinstance(tree, dict) else None
    for index, claim in enumerate(claims if isinstance(claims, list) else []):
        words = claim.get("figure") if isinstance(claim, dict) else None
        if not isinstance(words, str) or words.strip().isdigit() or not _acceptable_words(words.strip()):
            continue  # a number, or words the model rejects with its own message
        cites = claim.get("cite")
        quotes = (
            [c["quote"] for c in cites if isinstance(c, dict) and isinstance(c.get("quote"), str)]
            if isinstance(cites, list)
            else []
        )
        if quotes and not words_in_quotes(words.strip(), quotes):
            problems.append(
                (
                    ("casualties", index, "figure"),
                    f"the figure '{words.strip()}' is in none of this claim's quotes; a figure in words is the "
                    "source's own words, so quote the words that give it",
                )
            )
    return problems
