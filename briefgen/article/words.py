"""The word lists the rules read an article by: places and weather, what a figure counts, nationalities.

Kept in one module so a rule and its words are found together, and a list can grow
without touching the rules that read it. What a figure counts is read per language
(:data:`COUNT_WORDS`, one row each); the place words serve every language, as names
of places keep their own words whatever the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def word_set(words: str) -> frozenset[str]:
    """Read a space-separated word list; long lists stay readable this way."""
    return frozenset(words.split())


# A name with one of these words is a place or a natural event, never an actor: "Wadi Derna", "Storm Daniel".
GEOGRAPHY = word_set(
    "Sea Ocean River Lake Mount Mountains Valley Desert Coast Island Islands Wadi Gulf Bay Peninsula Plain Plateau "
    "Strait Canal Street Square Road Avenue District Province Region Oasis Dam Basin Delta"
)
WEATHER = word_set("Storm Hurricane Cyclone Typhoon Tornado Tropical Flood Floods Earthquake")
# What comes just after a place: "the Zamzam camp", "the High Atlas mountains".
PLACE_NOUNS = word_set(
    "camp mountains mountain river valley region province district border area town city village desert coast "
    "plain basin island islands lake"
)
# What comes just before a place: "the town of Barsalogho", "south of El Fasher" (reason enough even for a name
# that looks like a person's), or a preposition: "in Benghazi", "from Tripoli", "reached Benghazi".
PLACE_OF = re.compile(
    r"\b(?:(?:town|city|village|capital|port|region|province|district|area|valley)|(?:north|south|east|west)"
    r"(?:-?(?:east|west))?) of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
LOCATED = re.compile(
    r"\b(?:in|at|near|into|outside|around|towards|across|from|above|below|along|beyond|reached|visited|entered)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# A single capitalised word naming a nationality, when no rule of spelling gives it away ("French").
NATIONALITIES = word_set(
    "French Dutch Swiss Greek Thai Welsh Irish Scottish British Danish Polish Czech Lao Libyan Moroccan American "
    "Mexican Afghan Iraqi Saudi Pakistani Israeli Somali Yemeni Emirati Qatari Kuwaiti Omani Bangladeshi Nepali"
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ist|ic)$")


def is_nationality(word: str) -> bool:
    """Tell whether a capitalised word names a nationality: 'Algerian', 'French', 'Libyan'."""
    return word in NATIONALITIES or bool(_DEMONYM.match(word))


@dataclass(frozen=True)
class CountWords:
    """One language's nouns for what a figure counts, and the words that say nothing about it."""

    people: frozenset[str]  # people can be a toll
    accounts: frozenset[str]  # counts of the reporting itself: "four claimants"
    modifiers: frozenset[str]  # between a figure and its noun: "rival", "of", "de"
    not_plural: frozenset[str]  # words ending as a plural does that are not one
    plural_endings: tuple[str, ...] = ("s",)
    elision: re.Pattern | None = None  # what a word may open with that is not the word: "d'" in "d'habitants"


# What a figure counts, read from the noun after it: people can be a toll; things and accounts cannot.
_PEOPLE = word_set(
    "people persons civilians residents inhabitants villagers soldiers troops fighters militants rebels mercenaries "
    "members men women children boys girls migrants refugees passengers workers employees staff students pilgrims "
    "prisoners hostages detainees bodies victims casualties dead deaths lives volunteers police policemen officers "
    "personnel combatants insurgents jihadists gunmen protesters demonstrators patients families officials "
    "diplomats journalists worshippers miners farmers herders"
)
# Counts of the reporting itself: "four claimants give four different tolls" counts no one killed.
_ACCOUNTS = word_set("claimants sources tolls figures estimates accounts versions counts tallies")
# Words between a figure and its noun that say nothing about what it counts.
_MODIFIERS = word_set(
    "rival different other more further additional separate new young small large major armed unarmed foreign "
    "local several distinct of"
)
_NOT_PLURAL = word_set(
    "was has is as this its his us thus plus perhaps across towards besides unless whereas"
)  # words ending in s that are not a plural noun
COUNT_WORDS = {
    "en": CountWords(_PEOPLE, _ACCOUNTS, _MODIFIERS, _NOT_PLURAL),
    "fr": CountWords(
        people=word_set(
            "personnes gens civils habitants villageois population soldats militaires troupes combattants miliciens "
            "rebelles mercenaires membres hommes femmes enfants garçons filles migrants réfugiés déplacés passagers "
            "travailleurs employés salariés étudiants élèves pèlerins prisonniers otages détenus corps victimes morts "
            "blessés tués disparus vies volontaires policiers gendarmes agents officiers jihadistes djihadistes "
            "terroristes insurgés assaillants manifestants patients familles responsables diplomates journalistes "
            "fidèles orpailleurs mineurs agriculteurs éleveurs bergers humanitaires casques"
        ),
        accounts=word_set("sources bilans chiffres estimations versions décomptes témoignages"),
        modifiers=word_set("de d des du autres nouveaux nouvelles jeunes petits grands différents plusieurs"),
        not_plural=word_set(
            "plus moins dans sous vers après depuis alors très mais puis jamais toujours lors fois temps pays "
            "dessus dessous près auprès tandis parmi ailleurs"
        ),
        plural_endings=("s", "x"),
        elision=re.compile(r"^(?:d|l|qu)['’]", re.IGNORECASE),
    ),
}


def counted(words_after: list[str], language: str = "en") -> str:
    """Say what a figure counts from the words after it: 'people', 'accounts', 'things' or '' when unsaid.

    One word the lists do not know may stand before the noun: "11 aid workers", "20 police officers".
    """
    words = COUNT_WORDS[language]
    unknown = 0
    for word in words_after:
        if words.elision and words.elision.match(word) and len(word) > 2:
            word = words.elision.sub("", word)  # "d'habitants" counts inhabitants
        bare = word.strip(".,;:!?()\u201c\u201d\"'«»\u202f\u00a0").lower()
        if not bare or word[:1].isupper() or bare in words.modifiers:
            continue  # "84 Russian mercenaries", "two rival governments", "dozens of people"
        if bare in words.people:
            return "people"
        if bare in words.accounts:
            return "accounts"
        if bare.isalpha() and len(bare) > 3 and bare.endswith(words.plural_endings) and bare not in words.not_plural:
            return "things"
        unknown += 1
        if unknown > 1 or word[-1] in ",.;:!?":
            return ""
    return ""
