"""The words an article's dates are written with, per language: months, weekdays, and the words around them.

Reading only: how briefgen itself writes a date is :mod:`briefgen.sheet.dates`' concern.
Each language's row gives the words; :mod:`dates` builds the same patterns from every row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DateWords:
    """How one language writes a date: its words, as regular-expression alternatives."""

    months: tuple[str, ...]  # January to December, as written mid-sentence
    weekdays: tuple[str, ...]
    ordinal: str  # what may follow a day's number: "st|nd|rd|th", "er"
    month_first: bool  # "August 4" as well as "4 August"
    weekday_before: str  # what may open a weekday reference: "last |next |on "
    weekday_after: str  # what may close it: " morning", " dernier"
    month_lead: str  # what opens a month named without its day: "in |since |early "
    year_lead: str  # what opens a year named alone: "in |since "
    relative: str  # days named relative to the article: "yesterday", "la semaine dernière"
    leads: str  # words a timeline id can lose: "on|in|since" (a regex)
    between_weekday_and_date: str = r",?\s*(?:the\s+)?"  # "Sunday, the 10th"; "dimanche 4 août"
    between_date_and_weekday: str = r",?\s*(?:a\s+)?"  # "10 September, a Sunday"


ENGLISH = DateWords(
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),  # fmt: skip
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    ordinal="st|nd|rd|th",
    month_first=True,
    weekday_before=r"last\s+|next\s+|on\s+",
    weekday_after=r"\s+(?:morning|afternoon|evening|night)",
    month_lead=r"(?i:in|since|until|by|from|early|late|mid-?)\s+",
    year_lead=r"(?i:in|since|until|by|from|of)\s+",
    relative=r"yesterday|today|tonight|last (?:week|month|year)|earlier this (?:week|month|year)",
    leads="on|in|since|until|by|from|last|next",
)
FRENCH = DateWords(
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),  # fmt: skip
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    ordinal="er",
    month_first=False,
    weekday_before=r"(?i:dès|depuis|ce)\s+",
    weekday_after=r"\s+(?:dernier|prochain|matin|après-midi|soir|(?:au|dans la) (?:soir|soirée|matinée|nuit))",
    month_lead=r"(?i:en|depuis|jusqu['’]en|dès|(?:au )?début|(?:à la )?fin(?: de)?|(?:à la )?mi-)\s*",
    year_lead=r"(?i:en|depuis|jusqu['’]en|dès|de)\s+",
    relative=r"hier|avant-hier|aujourd['’]hui|cette semaine|la semaine (?:dernière|passée)|le mois dernier"
    r"|l['’]an dernier|l['’]année dernière|ce week-end|le week-end dernier",
    leads=r"le|la|en|depuis|dès|ce|jusqu['’]en|(?:au )?début|(?:à la )?fin(?: de)?",
    between_weekday_and_date=r",?\s*",
    between_date_and_weekday=r",?\s*",
)
DATE_WORDS = {"en": ENGLISH, "fr": FRENCH}
# Every language's months and weekdays, for telling a date's words from a name's.
MONTHS = frozenset(m for words in DATE_WORDS.values() for m in words.months)
WEEKDAYS = frozenset(d for words in DATE_WORDS.values() for d in words.weekdays)
