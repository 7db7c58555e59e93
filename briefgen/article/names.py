"""Find the people, places and organisations an article names, by capitalisation.

A name is a run of capitalised words ("Abdoulaye Diop", "Burkina Faso"),
with titles split off ("Foreign Minister"), possessives kept for
organisations ("Ukraine's Foreign Ministry") and later surname-only
mentions folded into the full name. Countries are recognised with pycountry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry

from briefgen.article.calendar import MONTHS, WEEKDAYS
from briefgen.article.phrases import Article, Span, slug

_TOKEN = re.compile(r"(?:[ae]l-)?[^\W\d_][\w’'\-]*", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s$")


def _word_set(words: str) -> frozenset[str]:
    """Read a space-separated word list; long lists stay readable this way."""
    return frozenset(words.split())


CONNECTORS = {"of", "for", "de", "du", "la", "le", "bin", "ibn", "van", "von", "der", "al"}
STARTERS = _word_set(
    "the this that these those a an in on at to it its he she they we i but and or however meanwhile after before "
    "since while as according following despite although there some many several such his her their our if when "
    "with from by for of further also yet still both all two three four five six seven eight nine ten eleven "
    "twelve twenty hundreds thousands dozens between more less about around nearly over under up during within "
    "without among against across amid once now then later today yesterday"
)
TITLES = _word_set(
    "President Vice Prime Minister Foreign Defence Defense Interior Secretary General Colonel Captain Lieutenant "
    "Spokesman Spokeswoman Spokesperson Ambassador King Queen Prince Pope Chancellor Governor Mayor Senator "
    "Commander Chief Director Representative Mr Mrs Ms Dr Gen Col Lt Admiral Sheikh Emir Deputy Head Leader "
    "Interim Transitional Junta Envoy Secretary-General Minister-President Vice-President Under-Secretary"
)
LOWER_TITLES = {t.lower() for t in TITLES} | {"representative", "official", "activist", "journalist", "analyst"}
ORGANISATION_KINDS = (
    ("ministry", r"Ministry|Ministries|Department|Embassy"),
    ("armed_forces", r"Army|Forces|Armed|Navy|Air Force|Guard"),
    ("government", r"Government|Council|Administration|Parliament|Assembly|Presidency|Junta"),
    ("armed_group", r"Group|Front|Movement|Brigade|Militia|Rebels|Coalition"),
    ("international_organisation", r"Nations|Union|Organisation|Organization|Alliance|Community|Bank|Court"),
    ("private_military_company", r"Wagner|Corps"),
    ("media", r"News|Times|Agency|Press|Television|Radio|Post|Journal|Reuters"),
)
PLACE_WORDS = _word_set(
    "North South East West Central Northern Southern Eastern Western Upper Lower Africa Europe Asia America Middle "
    "Sahel Sahara Gulf Sea Ocean River Lake Mount Mountains Province Region Valley Desert Coast Island Islands "
    "Republic Kingdom State States City Street Square"
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ist|ic)$")


@dataclass
class NameCandidate:
    """A name the article gives, its guessed kind, and where it first appears."""

    text: str
    id: str
    kind: str
    phrase: Span
    country: str | None = None
    role_hint: str | None = None
    mentions: list[int] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


@dataclass
class FoundNames:
    """Names to offer as actors, and capitalised adjectives mentioned only in passing."""

    names: list[NameCandidate]
    adjectives: list[str]


class NameFinder:
    """Scan an article's capitalised words into name candidates."""

    def __init__(self, article: Article):
        self.article = article
        self.tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(article.text)]
        self.sentence_starts = {s.start for s in article.sentences}
        self.lower_words = set(re.findall(r"\b[a-z]+\b", article.text))

    def find(self) -> FoundNames:
        """Return every name, merged and in order of first mention."""
        by_id: dict[str, NameCandidate] = {}
        adjectives: list[str] = []
        for run in self._runs():
            for candidate in self._interpret(run, adjectives):
                known = by_id.setdefault(candidate.id, candidate)
                if known is not candidate:
                    known.mentions.extend(candidate.mentions)
        return FoundNames(_fold_surnames(list(by_id.values())), sorted(set(adjectives)))

    def _text(self, index: int) -> str:
        start, end = self.tokens[index]
        return self.article.text[start:end]

    def _runs(self) -> list[list[int]]:
        """Group adjacent capitalised tokens (and connectors between them) into runs."""
        runs, current = [], []
        for index in range(len(self.tokens)):
            word = self._text(index)
            joined = current and self._joins(current[-1], index)
            if _capitalised(word) and joined:
                current.append(index)
            elif _capitalised(word):
                runs.append(current)
                current = [index]
            elif word.lower() in CONNECTORS and joined and self._next_capitalised(index):
                current.append(index)
            else:
                runs.append(current)
                current = []
            if current and _POSSESSIVE.search(word):
                runs.append(current)
                current = []
        runs.append(current)
        return [self._trim(run) for run in runs if run]

    def _joins(self, previous: int, index: int) -> bool:
        gap = self.article.text[self.tokens[previous][1] : self.tokens[index][0]]
        return gap in (" ", "\u00a0") and not _POSSESSIVE.search(self._text(previous))

    def _next_capitalised(self, index: int) -> bool:
        return index + 1 < len(self.tokens) and _capitalised(self._text(index + 1)) and self._joins(index, index + 1)

    def _trim(self, run: list[int]) -> list[int]:
        """Drop sentence-start words, dates and dangling connectors from a run's ends."""
        while run and (self._is_starter(run[0]) or self._text(run[0]).lower() in CONNECTORS):
            run = run[1:]
        while run and self._text(run[-1]).lower() in CONNECTORS:
            run = run[:-1]
        return [] if any(self._text(i) in WEEKDAYS or self._text(i) in MONTHS for i in run) else run

    def _is_starter(self, index: int) -> bool:
        word = self._text(index)
        if word.lower() in STARTERS:
            return True
        at_start = self.tokens[index][0] in self.sentence_starts
        return at_start and word.lower() in self.lower_words

    def _interpret(self, run: list[int], adjectives: list[str]) -> list[NameCandidate]:
        """Turn one run into candidates: split a title off, note adjectives, guess a kind."""
        words = [self._text(i).removesuffix("’s").removesuffix("'s") for i in run]
        if len(run) == 1 and _DEMONYM.match(words[0]) and self._followed_by_lowercase(run[-1]):
            adjectives.append(words[0])
            return []
        titled = max((i for i, w in enumerate(words) if w in TITLES), default=-1)
        if titled == len(words) - 1:
            return []
        if titled >= 0 and not _organisation_kind(" ".join(words)):
            role = " ".join(words[: titled + 1])
            return [self._candidate(run[titled + 1 :], "person", role)]
        return [self._candidate(run, self._guess_kind(run, words), None)]

    def _followed_by_lowercase(self, index: int) -> bool:
        rest = self.article.text[self.tokens[index][1] : self.tokens[index][1] + 2]
        return len(rest) == 2 and rest[0] == " " and rest[1].islower()

    def _guess_kind(self, run: list[int], words: list[str]) -> str:
        name = " ".join(words)
        kind = _organisation_kind(name)
        if kind or _country_code(name):
            return kind or "state"
        before = self.article.text[max(0, self.tokens[run[0]][0] - 40) : self.tokens[run[0]][0]].lower().split()
        if any(w in LOWER_TITLES for w in before[-2:]) or _looks_like_a_person(words):
            return "person"
        return ""

    def _candidate(self, run: list[int], kind: str, role: str | None) -> NameCandidate:
        start, end = self.tokens[run[0]][0], self.tokens[run[-1]][1]
        start = self._possessive_owner(run[0], kind) or start
        text = re.sub(r"[’']s$", "", self.article.text[start:end])
        phrase = self.article.phrase_around(start, end, before=3, after=3)
        if len(phrase.text.split()) < 3:
            phrase = self.article.words_around(start, end, 3)
        code = _country_code(text) if kind == "state" else None
        return NameCandidate(text, slug(text), kind, phrase, code, role, [start])

    def _possessive_owner(self, first: int, kind: str) -> int | None:
        """Let an organisation keep its owner: "Ukraine's Foreign Ministry"."""
        if first == 0 or kind not in ("ministry", "armed_forces", "government") or not self._joins_loosely(first):
            return None
        owner = self._text(first - 1)
        return self.tokens[first - 1][0] if _POSSESSIVE.search(owner) and _capitalised(owner) else None

    def _joins_loosely(self, index: int) -> bool:
        return self.article.text[self.tokens[index - 1][1] : self.tokens[index][0]] == " "


def _capitalised(word: str) -> bool:
    bare = re.sub(r"^[ae]l-", "", word, flags=re.IGNORECASE)
    return bool(bare) and bare[0].isupper()


def _organisation_kind(name: str) -> str:
    for kind, pattern in ORGANISATION_KINDS:
        if re.search(rf"\b(?:{pattern})\b", name):
            return kind
    return ""


def _country_code(name: str) -> str | None:
    if len(name) <= 3:
        return None
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def _looks_like_a_person(words: list[str]) -> bool:
    """Two or three plain capitalised words that name no place: "Abdoulaye Diop"."""
    plain = all(w[:1].isupper() and w[1:].islower() and not _DEMONYM.match(w) for w in words)
    return 2 <= len(words) <= 3 and plain and not PLACE_WORDS.intersection(words)


def _fold_surnames(names: list[NameCandidate]) -> list[NameCandidate]:
    """Fold a one-word mention into the person whose full name ends with it ("Yusov")."""
    people = [n for n in names if n.kind == "person" and " " in n.text]
    kept = []
    for name in names:
        owner = next((p for p in people if " " not in name.text and p.text.split()[-1] == name.text), None)
        if owner is None:
            kept.append(name)
        else:
            owner.mentions.extend(name.mentions)
            owner.aliases.append(name.text)
    return kept
