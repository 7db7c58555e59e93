"""Which languages briefgen reads an article in, and which one an article is written in.

Each concern keeps its words per language in one table (dates in :mod:`calendar`,
figures in :mod:`figure_words`, names in :mod:`name_words`, roles in :mod:`roles`,
speech in :mod:`speech_words`, what a figure counts and places in :mod:`words`); a
language is read once every table has it. Adding one (Arabic, say) is adding a row
to each table and its commonest words here, with no rule to change.

Detection counts the commonest short words of each language, which settle a news
article after a sentence or two and never depend on its subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.article.words import word_set

# The words every text in the language is made of, and which the others rarely use.
COMMON_WORDS = {
    "en": word_set("the of and to in is was were that with for on by from his her has have had said which after"),
    "fr": word_set("le la les des du un une et est sont dans pour sur par avec qui que au aux ont été selon d l qu"),
}
READ_LANGUAGES = tuple(COMMON_WORDS)
_WORD = re.compile(r"[^\W\d_]+")
_MARGIN = 2  # the winner must count at least this many times the runner-up's words


@dataclass(frozen=True)
class Detected:
    """The language an article's words say, and whether they say it clearly."""

    language: str
    clear: bool


def base_language(tag: str) -> str:
    """Read the language of a BCP 47 tag: 'fr' for 'fr-CA', 'en' for 'en'."""
    return tag.split("-", 1)[0].lower()


def reads(tag: str) -> bool:
    """Tell whether articles in this language (a BCP 47 tag) can be read."""
    return base_language(tag) in READ_LANGUAGES


def detect_language(text: str, fallback: str = "en") -> Detected:
    """Say which language read here the article is in; the fallback when its words do not settle it."""
    counts = dict.fromkeys(READ_LANGUAGES, 0)
    for word in _WORD.findall(text.lower()):
        for language, common in COMMON_WORDS.items():
            counts[language] += word in common
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, most), (_, next_most) = ranked[0], ranked[1]
    if most >= 3 and most >= _MARGIN * next_most:
        return Detected(best, True)
    return Detected(base_language(fallback) if reads(fallback) else READ_LANGUAGES[0], False)
