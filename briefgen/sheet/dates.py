"""Dates that carry their precision: a day, a month, a year, a range, approximate.

The written form is a small subset of the Library of Congress Extended
Date/Time Format (EDTF): ``2024-08-04``, ``2024-08``, ``2024``, a trailing
``~`` for approximate (``2024-08~``), and intervals ``2024-07-25/2024-07-27``
whose ends may be open (``2024-07-27/..``). Analysts write what the source
supports and nothing finer; the rendered text keeps that precision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from briefgen.i18n.words import Words, english

_POINT = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<approx>~)?$")
MONTHS = tuple(calendar.month_name)[1:]


@dataclass(frozen=True)
class DatePoint:
    """One end of a date: year, optional month and day, and whether it is approximate."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @classmethod
    def parse(cls, text: str) -> DatePoint:
        """Read ``YYYY[-MM[-DD]][~]``; raise ValueError naming what is wrong."""
        match = _POINT.match(text)
        if not match:
            raise ValueError(
                f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY, add ~ for approximate, or A/B for a range"
            )
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' is not a real date: month {month} does not exist")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
            raise ValueError(f"'{text}' is not a real date: {MONTHS[month - 1]} {year} has no day {day}")
        return cls(year, month, day, bool(match["approx"]))

    def earliest(self) -> dt.date:
        """Return the first calendar day this point may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """Return the last calendar day this point may mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")

    def human(self, words: Words | None = None) -> str:
        """Say the point in words at its own precision, e.g. '4 August 2024', in English unless ``words`` are given."""
        words = words or english()
        if self.day is not None:
            text = words.day(dt.date(self.year, self.month, self.day))
        elif self.month is not None:
            text = words.month(self.year, self.month)
        else:
            text = words.year(self.year)
        return words.gettext("about %(date)s") % {"date": text} if self.approximate else text


def human_day(day: dt.date, words: Words | None = None) -> str:
    """Say an exact day the way briefs do: '4 August 2024' ('4 août 2024' in French words)."""
    return DatePoint(day.year, day.month, day.day).human(words)


@dataclass(frozen=True)
class FuzzyDate:
    """A date or a date range as precise as its source, no more."""

    start: DatePoint | None
    end: DatePoint | None = None
    is_range: bool = False

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        """Read a date written as text, a YAML date or a bare year."""
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        if "/" not in text:
            return cls(DatePoint.parse(text))
        first, _, second = text.partition("/")
        start = None if first == ".." else DatePoint.parse(first)
        end = None if second == ".." else DatePoint.parse(second)
        if start is None and end is None:
            raise ValueError("a range needs at least one known end")
        if start and end and start.earliest() > end.latest():
            raise ValueError(f"'{text}' ends before it starts")
        return cls(start, end, is_range=True)

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order events by their earliest possible day, then their latest."""
        low = self.start.earliest() if self.start else dt.date.min
        high = self.end.latest() if self.end else (self.start.latest() if self.start else dt.date.max)
        return (low, high)

    def __str__(self) -> str:
        if not self.is_range:
            return str(self.start)
        return f"{self.start or '..'}/{self.end or '..'}"

    def human(self, words: Words | None = None) -> str:
        """Say the date in words, keeping its precision: '25–27 July 2024', '... or later'."""
        words = words or english()
        if not self.is_range:
            return self.start.human(words)
        if self.end is None:
            return words.gettext("%(date)s or later") % {"date": self.start.human(words)}
        if self.start is None:
            return words.gettext("%(date)s or earlier") % {"date": self.end.human(words)}
        return _human_range(self.start, self.end, words)


def _human_range(start: DatePoint, end: DatePoint, words: Words) -> str:
    """Collapse the shared month and year of a range: '25–27 July 2024', '25–27 juillet 2024'."""
    plain = not (start.approximate or end.approximate)
    same_month = (start.year, start.month) == (end.year, end.month) and start.month is not None
    if plain and same_month and start.day is not None and end.day is not None:
        return f"{start.day}\u2013{end.day} {words.month(start.year, start.month)}"
    return f"{start.human(words)} \u2013 {end.human(words)}"
