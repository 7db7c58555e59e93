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

ROLES = {
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
QUALIFIERS = word_set(
    "interior foreign defence defense health finance justice information economy education energy "
    "eastern western northern southern central national federal regional transitional interim"
)

_NOUN = "|".join(sorted(ROLES, key=len, reverse=True))
_QUALIFIED = rf"(?:(?:{'|'.join(sorted(QUALIFIERS))})\s+){{0,2}}"
_OWNER = r"(?P<owner>(?:[A-Z][\w’'-]*\s+){0,2}[A-Z][\w-]*[’']s|[A-Z][\w-]+)\s+"
_GOVERNS = r"\s+(?:that|which)\s+(?:governs|runs|controls|rules|holds)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}[A-Z][\w-]+"
_CAPITALISED = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_OF = rf"\s+of\s+(?P<of>the\s+{_QUALIFIED}(?:{_NOUN})(?:{_GOVERNS})?|{_CAPITALISED})"
_ROLE = re.compile(rf"(?:\b{_OWNER})?\b(?P<qualified>{_QUALIFIED})(?P<noun>{_NOUN})\b(?P<tail>{_GOVERNS}|{_OF})?")


@dataclass(frozen=True)
class RoleName:
    """An organisation named by its role: where it is in the text, its head noun and its kind."""

    start: int
    end: int
    noun: str
    kind: str


def find_roles(text: str, is_owner: Callable[[str], bool]) -> list[RoleName]:
    """Find every organisation named by its role, and each named inside another ("of the administration...").

    ``is_owner`` tells an owner that sets a role apart (a nationality, a country's) from one that does not.
    """
    found = []
    for match in _ROLE.finditer(text):
        found += _role(match, is_owner)
        inner = match.start("of") if match["of"] and match["of"].startswith("the ") else None
        if inner is not None:
            found += [r for m in _ROLE.finditer(text, inner, match.end()) for r in _role(m, is_owner)]
    return found


def _role(match: re.Match, is_owner: Callable[[str], bool]) -> list[RoleName]:
    """Keep a match that tells its organisation apart; drop an owner that is not a nationality or a country's."""
    owner = match["owner"]
    owned = owner is not None and is_owner(owner)
    if not (owned or match["qualified"] or match["tail"]):
        return []
    start = match.start() if owned else match.start("qualified")
    return [RoleName(start, match.end(), match["noun"], ROLES[match["noun"]])]


def same_organisation(shorter: str, longer: str, noun: str) -> bool:
    """Tell whether a shorter role name is the longer one named again: 'eastern administration'."""
    words = set(longer.lower().split())
    return noun in longer.lower() and set(shorter.lower().split()) <= words
