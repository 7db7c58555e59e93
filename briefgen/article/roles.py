"""Find the organisations an article names by their role, in lower case, not by a capitalised name.

"The interior ministry of the administration that governs eastern Libya", "French
security services", "the government of Burkina Faso", "Burkina Faso's army": a
role noun (ministry, army, administration...) named with what tells it apart, an
owner (a nationality, or a country's), a qualifier ("interior", "eastern"), or
what follows ("of Burkina Faso", "that governs eastern Libya"). A bare "the
ministry" points back at one named before, so it is left alone; so is a role owned
by a person ("Haftar's forces"), which the person's name already offers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.article.words import word_set

_ENGLISH_ROLES = {
    "security services": "government",
    "intelligence services": "government",
    "armed forces": "armed_forces",
    "air force": "armed_forces",
    "ministry": "ministry",
    "embassy": "ministry",
    "administration": "government",
    "government": "government",
    "parliament": "government",
    "junta": "government",
    "police": "government",
    "prosecutors": "government",
    "army": "armed_forces",
    "military": "armed_forces",
    "navy": "armed_forces",
}
_ENGLISH_QUALIFIERS = word_set(
    "interior foreign defence defense health finance justice information economy education energy "
    "eastern western northern southern central national federal regional transitional interim"
)


def _english_pattern() -> re.Pattern:
    """An owner and qualifiers before the noun, what tells it apart after: "the government of Burkina Faso"."""
    noun = "|".join(sorted(_ENGLISH_ROLES, key=len, reverse=True))
    qualified = rf"(?:(?:{'|'.join(sorted(_ENGLISH_QUALIFIERS))})\s+){{0,2}}"
    owner = r"(?P<owner>(?:[A-Z][\w’'-]*\s+){0,2}[A-Z][\w-]*[’']s|[A-Z][\w-]+)\s+"
    governs = r"\s+(?:that|which)\s+(?:governs|runs|controls|rules|holds)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}[A-Z][\w-]+"
    capitalised = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
    of = rf"\s+of\s+(?P<of>the\s+{qualified}(?:{noun})(?:{governs})?|{capitalised})"
    return re.compile(rf"(?:\b{owner})?\b(?P<qualified>{qualified})(?P<noun>{noun})\b(?P<tail>{governs}|{of})?")


_FRENCH_ROLES = {
    "services de renseignement": "government",
    "renseignement militaire": "government",
    "forces de sécurité": "armed_forces",
    "forces armées": "armed_forces",
    "état-major": "armed_forces",
    "gouvernement": "government",
    "autorités": "government",
    "présidence": "government",
    "parlement": "government",
    "junte": "government",
    "police": "government",
    "justice": "government",
    "diplomatie": "ministry",
    "ministère": "ministry",
    "ambassade": "ministry",
    "armée": "armed_forces",
    "aviation": "armed_forces",
    "gendarmerie": "armed_forces",
}
# A nationality as French writes it after the noun, in lower case, with the country it names.
_FRENCH_NATIONALITIES = {
    "malien": "ML", "ukrainien": "UA", "russe": "RU", "nigérien": "NE", "sénégalais": "SN", "burkinabè": "BF",
    "burkinabé": "BF", "algérien": "DZ", "français": "FR", "marocain": "MA", "libyen": "LY", "tchadien": "TD",
    "mauritanien": "MR", "ivoirien": "CI", "guinéen": "GN", "soudanais": "SD", "américain": "US", "chinois": "CN",
    "turc": "TR", "égyptien": "EG", "tunisien": "TN", "nigérian": "NG", "camerounais": "CM", "béninois": "BJ",
    "togolais": "TG", "ghanéen": "GH", "rwandais": "RW", "éthiopien": "ET", "somalien": "SO", "israélien": "IL",
    "iranien": "IR", "syrien": "SY", "libanais": "LB", "britannique": "GB", "allemand": "DE", "espagnol": "ES",
    "italien": "IT", "belge": "BE",
}  # fmt: skip


def _french_forms(stem: str) -> list[str]:
    """Write every form of a French adjective: malien, malienne, maliens, maliennes."""
    if stem.endswith(("e", "è", "é")) and not stem.endswith("é"):
        return [stem, stem + "s"]
    feminine = stem + "ne" if stem.endswith("ien") else stem + "e"
    plural = stem if stem.endswith("s") else stem + "s"
    return [stem, feminine, plural, feminine + "s"]


FRENCH_NATIONALITIES = {form: code for stem, code in _FRENCH_NATIONALITIES.items() for form in _french_forms(stem)}
_FRENCH_QUALIFIERS = (
    r"militaires?|nationale?s?|fédérale?|régionale?|intérimaire|centrale?|régulières?|de transition|de l['’]air"
)
_FRENCH_TAILS = (
    r"des\s+Affaires\s+étrangères|de\s+l['’]Intérieur|de\s+la\s+Défense|de\s+la\s+Justice|de\s+la\s+Santé"
    r"|des\s+Armées|de\s+l['’]Économie|des\s+Finances"
)


def _french_pattern() -> re.Pattern:
    """The noun first, then its adjectives and what it belongs to: "le ministère ukrainien des Affaires étrangères"."""
    noun = "|".join(sorted(_FRENCH_ROLES, key=len, reverse=True))
    owner = "|".join(sorted(FRENCH_NATIONALITIES, key=len, reverse=True))
    after = rf"(?:\s+(?:{_FRENCH_QUALIFIERS}))"
    country = r"[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*)*"
    tail = rf"\s+(?:{_FRENCH_TAILS}|(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*{country})"
    return re.compile(
        rf"\b(?P<qualified>)(?P<noun>(?i:{noun}))\b(?P<after>{after}*)(?:\s+(?P<owner>{owner})\b)?"
        rf"(?P<after2>{after}*)(?P<tail>{tail})?"
    )


@dataclass(frozen=True)
class RoleWords:
    """One language's role nouns, its nationalities in lower case, and the pattern that reads them."""

    roles: dict[str, str]  # role noun: the kind of actor it names
    pattern: re.Pattern
    nationalities: dict[str, str]  # lower-case nationality words: the country each names


ROLE_WORDS = {
    "en": RoleWords(_ENGLISH_ROLES, _english_pattern(), {}),
    "fr": RoleWords(_FRENCH_ROLES, _french_pattern(), FRENCH_NATIONALITIES),
}
ROLES = _ENGLISH_ROLES


@dataclass(frozen=True)
class RoleName:
    """An organisation named by its role: where it is in the text, its head noun and its kind."""

    start: int
    end: int
    noun: str
    kind: str
    country: str | None = None  # the country a lower-case nationality names: "ML" for "l'armée malienne"


def find_roles(text: str, is_owner: Callable[[str], bool], language: str = "en") -> list[RoleName]:
    """Find every organisation named by its role, and each named inside another ("of the administration...").

    ``is_owner`` tells an owner that sets a role apart (a nationality, a country's) from one that does not.
    """
    words = ROLE_WORDS[language]
    found = []
    for match in words.pattern.finditer(text):
        found += _role(match, is_owner, words)
        of = match.groupdict().get("of")
        inner = match.start("of") if of and of.startswith("the ") else None
        if inner is not None:
            found += [r for m in words.pattern.finditer(text, inner, match.end()) for r in _role(m, is_owner, words)]
    return found


def _role(match: re.Match, is_owner: Callable[[str], bool], words: RoleWords) -> list[RoleName]:
    """Keep a match that tells its organisation apart; drop an owner that is not a nationality or a country's."""
    owner = match["owner"]
    owned = owner is not None and (owner in words.nationalities or is_owner(owner))
    said_apart = match["qualified"] or match.groupdict().get("after") or match.groupdict().get("after2")
    if not (owned or said_apart or match["tail"]):
        return []
    start = match.start() if owned else match.start("qualified")
    noun = match["noun"].lower()
    return [RoleName(start, match.end(), noun, words.roles[noun], words.nationalities.get(owner or ""))]


def same_organisation(shorter: str, longer: str, noun: str) -> bool:
    """Tell whether a shorter role name is the longer one named again: 'eastern administration'."""
    words = set(longer.lower().split())
    return noun in longer.lower() and set(shorter.lower().split()) <= words
