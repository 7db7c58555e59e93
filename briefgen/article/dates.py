"""Find the dates an article gives: full dates, months, years, weekdays and relative days.

A weekday written right beside a date ("Sunday, 10 September 2023") is that date,
one candidate, not two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.article.calendar import MONTHS
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
# What may stand between a weekday and the date it names: "Sunday, 10 September", "10 September, a Sunday".
_WEEKDAY_BEFORE = re.compile(r"^,?\s*(?:the\s+)?$")
_WEEKDAY_AFTER = re.compile(r"^,?\s*(?:a\s+)?$")


@dataclass(frozen=True)
class DateCandidate:
    """A date or weekday reference, as ISO text when the article gives enough."""

    date: str
    phrase: Span
    said: Span


def find_dates(article: Article) -> list[DateCandidate]:
    """Find dates and weekday or relative references; overlapping matches keep the first, longest.

    A weekday right beside a date ("Sunday, 10 September 2023") is one candidate, that date.
    """
    found: list[tuple[int, int, str, re.Match]] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(article.text):
            if not any(s < match.end() and match.start() < e for s, e, _, _ in found):
                found.append((match.start(), match.end(), kind, match))
    results = []
    for start, end, kind, match in _merge_weekdays(article.text, sorted(found, key=lambda f: f[0])):
        phrase = article.phrase_around(start, end, before=5, after=3)
        results.append(DateCandidate(_iso(kind, match), phrase, article.span(start, end)))
    return results


def _merge_weekdays(text: str, found: list[tuple[int, int, str, re.Match]]) -> list[tuple[int, int, str, re.Match]]:
    """Join each weekday to the date written right beside it, keeping the date's value and both words."""
    merged: list[tuple[int, int, str, re.Match]] = []
    for item in found:
        previous = merged[-1] if merged else None
        if previous and {previous[2], item[2]} & {"weekday"} and {previous[2], item[2]} & {"dmy", "mdy", "iso"}:
            weekday, date = (previous, item) if previous[2] == "weekday" else (item, previous)
            gap = text[previous[1] : item[0]]
            if (_WEEKDAY_BEFORE if weekday is previous else _WEEKDAY_AFTER).match(gap):
                start = weekday[0] + re.search(r"[A-Z]", weekday[3].group()).start() if weekday is previous else date[0]
                merged[-1] = (start, item[1], date[2], date[3])
                continue
        merged.append(item)
    return merged


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
