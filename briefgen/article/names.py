"""Find the people and organisations an article names, by capitalisation, and tell places from them.

A name is a run of capitalised words ("Abdoulaye Diop", "Burkina Faso",
"Volunteers for the Defence of the Homeland"), with titles split off ("Foreign
Minister"), possessives kept for organisations ("Ukraine's Foreign Ministry")
and later mentions folded into the first full name: a surname ("Yusov"), the
end of an organisation's name ("Red Crescent"), its initials ("JNIM").
Organisations named by their role in lower case come from :mod:`roles`.
Countries are recognised with pycountry. A name is a place, not an actor, when
it has a word of geography or weather ("Wadi Derna", "Storm Daniel"), or when
it is never more than where something happens ("in Benghazi", "the town of
Barsalogho"); places are listed apart. A byline names the author, not an actor.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import pycountry

from briefgen.article.calendar import MONTHS, WEEKDAYS
from briefgen.article.name_words import GEOGRAPHY_WORDS, NAME_WORDS, NameWords
from briefgen.article.phrases import Article, Span, slug
from briefgen.article.roles import find_roles, same_organisation
from briefgen.article.words import WEATHER, is_nationality
from briefgen.article.words import word_set as _word_set

_TOKEN = re.compile(r"(?:[ae]l-|wal-|wa-)?[^\W\d_][\w’'\-]*", re.IGNORECASE)
_PARTICLE = re.compile(r"^(?:[ae]l|wal|wa|ibn|bin|abu)-", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s$")
_DATELINE = re.compile(
    rf"^,\s+(?:\d{{1,2}}(?:er)?\s+(?:{'|'.join(sorted(MONTHS))})|(?:{'|'.join(sorted(MONTHS))})\s+\d)"
)  # "Khartoum, 12 May", "Bamako, 5 août"
# An acronym in brackets after a name: "Groupe de soutien à l'islam et aux musulmans (GSIM)".
_ACRONYM = re.compile(r"\s\((?P<acronym>[A-ZÀ-Ý][A-Za-zÀ-ÿ]*(?:-[A-ZÀ-Ý][A-Za-zÀ-ÿ]*)*)\)")
# Connectors of every language, for reading a name's initials.
CONNECTORS = frozenset(c for words in NAME_WORDS.values() for c in words.connectors)
PLACE_WORDS = (
    _word_set(
        "North South East West Central Northern Southern Eastern Western Upper Lower Africa Europe Asia America Middle "
        "Sahel Sahara Republic Kingdom State States City"
    )
    | GEOGRAPHY_WORDS
)


@dataclass
class NameCandidate:
    """A name the article gives, its guessed kind, and where it first appears."""

    text: str
    id: str
    kind: str
    phrase: Span
    country: str | None = None
    role_hint: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of every mention, aliases too
    aliases: list[str] = field(default_factory=list)
    role_noun: str | None = None  # for an organisation named by its role: "ministry"


@dataclass
class FoundNames:
    """Names to offer as actors, capitalised adjectives mentioned only in passing, and the places named."""

    names: list[NameCandidate]
    adjectives: list[str]
    places: list[str] = field(default_factory=list)


class NameFinder:
    """Scan an article's capitalised words into name candidates."""

    def __init__(self, article: Article):
        self.article = article
        self.words: NameWords = NAME_WORDS[article.language]
        self.place_after = (
            re.compile(rf"^\s+(?:{'|'.join(sorted(self.words.place_after))})\b") if self.words.place_after else None
        )
        bylines = [m.span() for m in self.words.byline.finditer(article.text)]
        self.tokens = [
            self._without_elision(m)
            for m in _TOKEN.finditer(article.text)
            if not any(start <= m.start() < end for start, end in bylines)
        ]
        self.sentence_starts = {s.start for s in article.sentences}
        self.lower_words = set(re.findall(r"\b[a-z]+\b", article.text))

    def _without_elision(self, token: re.Match) -> tuple[int, int]:
        """Start a token after an elided article or preposition: "Ukraine" in "l'Ukraine"."""
        elided = self.words.elision.match(token.group()) if self.words.elision else None
        return (token.start() + elided.end(), token.end()) if elided else token.span()

    def find(self) -> FoundNames:
        """Return every name, merged and in order of first mention, and the places apart."""
        by_id: dict[str, NameCandidate] = {}
        adjectives: list[str] = []
        found = self._spelled_out([c for run in self._runs() for c in self._interpret(run, adjectives)])
        found += self._roles()
        for candidate in sorted(found, key=lambda c: c.mentions[0]):
            known = by_id.setdefault(candidate.id, candidate)
            if known is not candidate:
                known.mentions.extend(candidate.mentions)
        places = [n for n in by_id.values() if self._is_place(n)]
        actors = _fold_mentions([n for n in by_id.values() if n not in places])
        actors = [n for n in actors if not self._only_opens_sentences(n)]
        return FoundNames(actors, sorted(set(adjectives)), sorted(p.text for p in places))

    def _spelled_out(self, found: list[NameCandidate]) -> list[NameCandidate]:
        """Name an organisation as it is spelled out before its acronym: "Groupe de soutien à l'islam (GSIM)".

        The acronym and the capitalised words inside the full name fold into it: a name
        written in sentence case is one name, not its capitalised words one by one.
        """
        spelled = [name for match in _ACRONYM.finditer(self.article.text) for name in self._spelled(match)]
        kept = []
        for candidate in found:
            full = next((s for s in spelled if candidate.aliases == [] and candidate.text == s.aliases[0]), None)
            if full is not None:
                full.mentions.extend(candidate.mentions)
            elif not any(s.mentions[0][0] <= candidate.mentions[0][0] < s.mentions[0][1] for s in spelled):
                kept.append(candidate)
        return spelled + kept

    def _spelled(self, match: re.Match) -> list[NameCandidate]:
        """Find the words an acronym stands for, right before it: the longest run whose initials spell it."""
        letters = _folded(match["acronym"].replace("-", ""))
        before = [i for i, (_, end) in enumerate(self.tokens) if end <= match.start()][-3 * len(letters) :]
        words: list[int] = []
        for index in reversed(before):
            gap = self.article.text[self.tokens[index][1] : self.tokens[words[0]][0]] if words else " "
            if any(c in ",.;:()«»\n" for c in gap) or (not words and self.tokens[index][1] != match.start()):
                break
            words.insert(0, index)
        initials = [_folded(self._text(i))[:1] for i in words]
        for first, index in enumerate(words):
            word = self._text(index)
            if _capitalised(word) and initials[first] == letters[0] and _spells(letters, initials[first:]):
                start, end = self.tokens[index][0], self.tokens[words[-1]][1]
                text = self.article.text[start:end]
                phrase = self.article.phrase_around(start, end, before=3, after=3)
                name = NameCandidate(text, slug(match["acronym"]), self._organisation_kind(text), phrase)
                name.mentions, name.aliases = [(start, end)], [match["acronym"]]
                return [name]
        return []

    def _roles(self) -> list[NameCandidate]:
        """Offer each organisation named by its role ("the interior ministry of ..."), as the article words it."""
        found = []
        for role in find_roles(
            self.article.text, lambda word: _owner(word, self.article.language), self.article.language
        ):
            text = self.article.text[role.start : role.end]
            phrase = self.article.span(role.start, role.end)
            if len(text.split()) < 3:
                phrase = self.article.words_around(role.start, role.end, 3)
            country = role.country or next(
                (c for c in (self._country(w) for w in re.findall(r"[A-Z][\w-]+(?: [A-Z][\w-]+)*", text)) if c), None
            )
            name = text[:1].upper() + text[1:]  # a name, though the article writes the role in lower case
            candidate = NameCandidate(name, slug(text), role.kind, phrase, country, None, [(role.start, role.end)])
            candidate.role_noun = role.noun
            found.append(candidate)
        return found

    def _is_place(self, name: NameCandidate) -> bool:
        """Tell a place from an actor: a word of geography or weather, or only ever where something happens.

        Words around it ("the Zamzam camp", "south of El Fasher", "Khartoum, 12 May") outweigh a name's
        looking like a person's; a preposition alone ("in Tripoli") only places a name of no kind.
        """
        words = set(name.text.split())
        if (words & (GEOGRAPHY_WORDS | WEATHER)) and not self._organisation_kind(name.text):
            return True
        if name.kind not in ("", "person") or name.role_hint or name.text.isupper():
            return False
        text = self.article.text
        spans = name.mentions
        if any(_DATELINE.match(text[end : end + 20]) or self._place_after(text[end : end + 20]) for _, end in spans):
            return True
        if any(self.words.place_of.search(text[max(0, start - 30) : start]) for start, _ in spans):
            return True
        located = name.kind == "" and any(
            self.words.located.search(text[max(0, start - 30) : start]) for start, _ in spans
        )
        return located and not any(self.words.acts.match(text[end : end + 30]) for _, end in spans)

    def _place_after(self, text: str) -> bool:
        return bool(self.place_after and self.place_after.match(text))

    def _only_opens_sentences(self, name: NameCandidate) -> bool:
        """Tell a capitalised common word from a name: one word, with no kind, that only ever opens a sentence."""
        if " " in name.text or name.kind or name.text.isupper():
            return False
        return all(start in self.sentence_starts for start, _ in name.mentions)

    def _organisation_kind(self, name: str) -> str:
        return organisation_kind(name, self.words)

    def _country(self, name: str) -> str | None:
        return _country_code(name, self.article.language)

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
            elif word.lower() in self.words.connectors and joined and self._bridges(index):
                current.append(index)
            elif word == "the" and current and self._text(current[-1]).lower() in self.words.connectors and joined:
                current.append(index)  # "Volunteers for the Defence of the Homeland"
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

    def _bridges(self, index: int) -> bool:
        """Tell whether a connector joins two capitalised words, directly or through 'the'."""
        if self._next_capitalised(index):
            return True
        after = index + 1
        return after < len(self.tokens) and self._text(after) == "the" and self._next_capitalised(after)

    def _trim(self, run: list[int]) -> list[int]:
        """Drop sentence-start words, dates and dangling connectors from a run's ends."""
        while run and (self._is_starter(run[0]) or self._text(run[0]) in self.words.connectors):
            run = run[1:]  # a lower-case connector; "Al Haouz" keeps its "Al"
        while run and (self._text(run[-1]).lower() in self.words.connectors or self._text(run[-1]) == "the"):
            run = run[:-1]
        if len(run) == 1 and self._text(run[0]) in self.words.not_names:
            return []  # "État" in "coup d'État"
        return [] if any(self._text(i) in WEEKDAYS or self._text(i) in MONTHS for i in run) else run

    def _is_starter(self, index: int) -> bool:
        word = self._text(index)
        if word.lower() in self.words.starters:
            return True
        at_start = self.tokens[index][0] in self.sentence_starts
        return at_start and word.lower() in self.lower_words

    def _interpret(self, run: list[int], adjectives: list[str]) -> list[NameCandidate]:
        """Turn one run into candidates: split a title off, note adjectives, guess a kind."""
        words = [self._text(i).removesuffix("’s").removesuffix("'s") for i in run]
        single = len(run) == 1 and self._country(words[0]) is None
        if single and _nationality(words[0]) and self._followed_by_lowercase(run[-1]):
            adjectives.append(words[0])
            return []
        titled = max((i for i, w in enumerate(words) if w in self.words.titles), default=-1)
        if titled == len(words) - 1:
            return []
        role = " ".join(words[: titled + 1]) if titled >= 0 and not self._organisation_kind(" ".join(words)) else None
        run, words = (run[titled + 1 :], words[titled + 1 :]) if role else (run, words)
        if "of" in words[1:-1]:  # "Paul Kagame of Rwanda": the person, and the country named apart
            at = words.index("of")
            if _looks_like_a_person(words[:at]) and self._country(" ".join(words[at + 1 :])):
                return [self._candidate(run[:at], "person", role), self._candidate(run[at + 1 :], "state", None)]
        return [self._candidate(run, "person" if role else self._guess_kind(run, words), role)]

    def _followed_by_lowercase(self, index: int) -> bool:
        rest = self.article.text[self.tokens[index][1] : self.tokens[index][1] + 2]
        return len(rest) == 2 and rest[0] == " " and rest[1].islower()

    def _guess_kind(self, run: list[int], words: list[str]) -> str:
        """Guess what a name is: a person the article gives a title, an organisation by its words, a country."""
        start, end = self.tokens[run[0]][0], self.tokens[run[-1]][1]
        before = [w.strip(",;:") for w in self.article.text[max(0, start - 40) : start].lower().split()]
        titled = any(w in self.words.lower_titles for w in before[-2:]) or self.words.apposition.match(
            self.article.text[end : end + 80]
        )
        if titled and _looks_like_a_person(words):
            return "person"  # "the foreign minister, Thérèse Kayikwamba Wagner", whatever her name's words
        name = " ".join(words)
        kind = self._organisation_kind(name)
        if kind or self._country(name):
            return kind or "state"
        return "person" if titled or _looks_like_a_person(words) else ""

    def _candidate(self, run: list[int], kind: str, role: str | None) -> NameCandidate:
        start, end = self.tokens[run[0]][0], self.tokens[run[-1]][1]
        end = self._sentence_case_end(end, kind)
        start = self._possessive_owner(run[0], kind) or start
        text = re.sub(r"[’']s$", "", self.article.text[start:end])
        phrase = self.article.phrase_around(start, end, before=3, after=3)
        if len(phrase.text.split()) < 3:
            phrase = self.article.words_around(start, end, 3)
        code = self._country(text) if kind == "state" else None
        return NameCandidate(text, slug(text), kind, phrase, code, role, [(start, start + len(text))])

    def _sentence_case_end(self, end: int, kind: str) -> int:
        """Reach the end of an organisation's name written in sentence case: "Nations unies", not "Nations"."""
        tail = self.words.sentence_case_tail
        if tail is None or kind in ("", "person", "state"):
            return end
        found = tail.match(self.article.text, end)
        return found.end() if found else end

    def _possessive_owner(self, first: int, kind: str) -> int | None:
        """Let an organisation keep its owner: "Ukraine's Foreign Ministry"."""
        if first == 0 or kind not in ("ministry", "armed_forces", "government") or not self._joins_loosely(first):
            return None
        owner = self._text(first - 1)
        return self.tokens[first - 1][0] if _POSSESSIVE.search(owner) and _capitalised(owner) else None

    def _joins_loosely(self, index: int) -> bool:
        return self.article.text[self.tokens[index - 1][1] : self.tokens[index][0]] == " "


def _capitalised(word: str) -> bool:
    bare = _PARTICLE.sub("", word)
    return bool(bare) and bare[0].isupper()


def organisation_kind(name: str, words: NameWords) -> str:
    """Guess an organisation's kind from the words of its name: "Ministry", "Groupe"."""
    for kind, pattern in words.organisation_kinds:
        if re.search(rf"\b(?:{pattern})\b", name):
            return kind
    return ""


def _country_code(name: str, language: str = "en") -> str | None:
    """Tell which country a name is, in the article's language or in English: "Sénégal", "Senegal"."""
    if len(name) <= 3:
        return None
    local = _local_country_names(language).get(name.lower()) if language != "en" else None
    if local:
        return local
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return _INVERTED.get(name.lower())


@cache
def _local_country_names(language: str) -> dict[str, str]:
    """Name every country as pycountry's translations write it in a language: "sénégal", "russie"."""
    try:
        words = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return {}
    found = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", country.name)):
            local = words.gettext(name)
            found.setdefault(local.lower(), country.alpha_2)
            found.setdefault(local.split(", ")[0].lower(), country.alpha_2)  # "Russie, Fédération de"
    return found


def _inverted_names() -> dict[str, str]:
    """Name countries pycountry lists inverted as they are written: "Democratic Republic of the Congo"."""
    found = {}
    for country in pycountry.countries:
        if ", " in country.name:
            last, first = country.name.split(", ", 1)
            found[re.sub(r"^the ", "", f"{first} {last}".lower())] = country.alpha_2
    return found


_INVERTED = _inverted_names()


def _nationality(word: str) -> bool:
    """Tell a capitalised word that names a nationality, by its spelling or the country it comes from."""
    if is_nationality(word):
        return True
    stems = (word[:-1], word[:-2] + "o", word[:-1] + "a") if word.endswith(("an", "i")) else ()
    return any(len(stem) > 3 and _country_code(stem) for stem in stems)


def _owner(word: str, language: str = "en") -> bool:
    """Tell an owner that sets a role apart: a nationality ("French") or a country's ("Burkina Faso's")."""
    return _nationality(word) or _country_code(re.sub(r"[’']s$", "", word), language) is not None


def _name_word(word: str) -> bool:
    """Tell a word that may be part of a person's name: 'Diop', 'al-Kharraz', 'Jean-Emmanuel'."""
    parts = _PARTICLE.sub("", word).split("-")
    return all(p[:1].isupper() and p[1:].islower() for p in parts) and not _nationality(word)


def _looks_like_a_person(words: list[str]) -> bool:
    """Two or three plain capitalised words that name no place or weather: "Abdoulaye Diop"."""
    plain = all(_name_word(w) for w in words)
    return 2 <= len(words) <= 3 and plain and not (PLACE_WORDS | WEATHER).intersection(words)


def _folded(text: str) -> str:
    """Fold a word for comparing letters: lower case, accents dropped ("É" is "e")."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _spells(letters: str, initials: list[str]) -> bool:
    """Tell whether words' initials spell an acronym, in order, first and last letters from the ends."""
    if not initials or initials[-1] != letters[-1]:
        return False
    remaining = iter(initials)
    return all(any(letter == initial for initial in remaining) for letter in letters)


def _initials(text: str) -> str:
    words = [_PARTICLE.sub("", w) for w in text.split() if w.lower() not in CONNECTORS | {"the"}]
    return "".join(w[0] for w in words if w[:1].isupper())


def _folds_into(short: NameCandidate, full: NameCandidate) -> bool:
    """Tell whether a name is a later way of naming another: a surname, an organisation's last words, initials."""
    if short is full or len(short.text) >= len(full.text):
        return False
    if short.kind == "state" or full.kind == "state":  # a country is itself, or the end of a country's name
        return short.kind == full.kind and full.text.endswith(" " + short.text)
    if full.kind == "person":
        return " " not in short.text and full.text.split()[-1] == short.text
    if full.role_noun:
        return short.role_noun == full.role_noun and same_organisation(short.text, full.text, full.role_noun)
    if full.kind == "state" or short.role_noun or " " not in full.text:
        return False
    return full.text.endswith(" " + short.text) or (short.text.isupper() and _initials(full.text) == short.text)


def _fold_mentions(names: list[NameCandidate]) -> list[NameCandidate]:
    """Fold each later way of naming one actor into its full name, keeping its mentions and it as an alias."""
    kept = []
    for name in names:
        owner = next((full for full in names if _folds_into(name, full)), None)
        if owner is None:
            kept.append(name)
        else:
            owner.mentions.extend(name.mentions)
            owner.aliases.append(name.text)
    return kept
