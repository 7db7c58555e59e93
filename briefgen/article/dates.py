"""Find the dates an article gives: full dates, months, years, weekdays and relative days.

A weekday written right beside a date ("Sunday, 10 September 2023", "le dimanche
4 août") is that date, one candidate, not two. A day and month without a year
("le 27 juillet", "à la fin de juillet") take the year of the article's full dates
when they all give one.
The words come from the language's row in :mod:`calendar`; the patterns are the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from briefgen.article.calendar import DATE_WORDS, DateWords
from briefgen.article.phrases import Article, Span

_FULL = ("iso", "dmy", "mdy")


@dataclass(frozen=True)
class DateCandidate:
    """A date or weekday reference, as ISO text when the article gives enough."""

    date: str
    phrase: Span
    said: Span
    year_from_article: bool = False  # the article gives the day and month; the year is its other dates'


@cache
def date_patterns(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    """Build the date patterns of a language from its words, longest forms first."""
    words = DATE_WORDS[language]
    month = "(?:" + "|".join(_both_cases(words.months)) + ")"
    day = rf"(?P<d>\d{{1,2}})(?:{words.ordinal})?"
    year = r"(?P<y>\d{4})"
    patterns = [
        ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
        ("dmy", re.compile(rf"\b{day}\s+(?P<mn>{month})(?:,?\s+{year})?\b")),
    ]
    if words.month_first:
        patterns.append(("mdy", re.compile(rf"\b(?P<mn>{month})\s+{day}\b(?:,?\s+{year}\b)?")))
    return (
        *patterns,
        ("my", re.compile(rf"\b(?:{words.month_lead})(?P<mn>{month})(?:\s+{year})?\b")),
        ("weekday", _weekday_pattern(words)),
        ("relative", re.compile(rf"\b(?:{words.relative})\b")),
        ("year", re.compile(rf"\b{words.year_lead}(?P<y>(?:19|20)\d{{2}})\b")),
    )


def _weekday_pattern(words: DateWords) -> re.Pattern:
    weekday = "|".join(_both_cases(words.weekdays))
    return re.compile(rf"\b(?:{words.weekday_before})?(?P<wd>{weekday})(?:{words.weekday_after})?\b")


def _both_cases(names: tuple[str, ...]) -> list[str]:
    """Accept a month or weekday as written mid-sentence and capitalised, as at a sentence's start."""
    return list(dict.fromkeys(form for name in names for form in (name, name[:1].upper() + name[1:])))


def find_dates(article: Article) -> list[DateCandidate]:
    """Find dates and weekday or relative references; overlapping matches keep the first, longest.

    A weekday right beside a date ("Sunday, 10 September 2023") is one candidate, that date.
    """
    found: list[tuple[int, int, str, re.Match]] = []
    for kind, pattern in date_patterns(article.language):
        for match in pattern.finditer(article.text):
            if not any(s < match.end() and match.start() < e for s, e, _, _ in found):
                found.append((match.start(), match.end(), kind, match))
    words = DATE_WORDS[article.language]
    year = _article_year(found)
    results = []
    for start, end, kind, match in _merge_weekdays(article.text, sorted(found, key=lambda f: f[0]), words):
        phrase = article.phrase_around(start, end, before=5, after=3)
        date, inferred = _iso(kind, match, year, words)
        results.append(DateCandidate(date, phrase, article.span(start, end), inferred))
    return results


def _article_year(found: list[tuple[int, int, str, re.Match]]) -> str | None:
    """Return the year every full date of the article gives, or None when they give none or several."""
    years = {match["y"] for _, _, kind, match in found if kind in _FULL and match["y"]}
    return years.pop() if len(years) == 1 else None


def _merge_weekdays(text: str, found: list, words: DateWords) -> list[tuple[int, int, str, re.Match]]:
    """Join each weekday to the date written right beside it, keeping the date's value and both words."""
    before, after = (re.compile(f"^{gap}$") for gap in (words.between_weekday_and_date, words.between_date_and_weekday))
    merged: list[tuple[int, int, str, re.Match]] = []
    for item in found:
        previous = merged[-1] if merged else None
        if previous and {previous[2], item[2]} & {"weekday"} and {previous[2], item[2]} & set(_FULL):
            weekday, date = (previous, item) if previous[2] == "weekday" else (item, previous)
            gap = text[previous[1] : item[0]]
            if (before if weekday is previous else after).match(gap):
                start = weekday[3].start("wd") if weekday is previous else date[0]
                merged[-1] = (start, item[1], date[2], date[3])
                continue
        merged.append(item)
    return merged


def _iso(kind: str, match: re.Match, article_year: str | None, words: DateWords) -> tuple[str, bool]:
    """Write what a date match says as EDTF text, or '' when neither it nor the article gives a year."""
    groups = match.groupdict()
    year, inferred = groups.get("y"), False
    if not year and kind in (*_FULL, "my") and article_year:
        year, inferred = article_year, True
    if not year:
        return "", False
    if kind == "year":
        return year, False
    month = f"{_month_number(groups['mn'], words):02d}" if groups.get("mn") else groups.get("m")
    if groups.get("d"):
        return f"{year}-{month}-{int(groups['d']):02d}", inferred
    return f"{year}-{month}", inferred


def _month_number(name: str, words: DateWords) -> int:
    return [m.lower() for m in words.months].index(name.lower()) + 1
