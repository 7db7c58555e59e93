"""Find what a fact sheet may say about an article: figures, dates, names, speech.

Plain rules over the text, no model and no network, so the same article
always gives the same candidates. Each candidate carries an exact phrase of
the article to paste as its quote; the analyst confirms or deletes it.

Dates come from :mod:`dates`, figures and tolls from :mod:`figures`, names from
:mod:`names`; speech is found here. A statement that gives a toll is its
claimant's casualty claim, not also a reaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.article.dates import DateCandidate, find_dates
from briefgen.article.figures import FigureCandidate, find_figures, find_tolls
from briefgen.article.names import NameFinder
from briefgen.article.phrases import Article, Span
from briefgen.article.speakers import Speakers
from briefgen.article.speech_words import SPEECH_WORDS

_HEADING = re.compile(r"(?m)^[ \t]*#[^\n]*")
# Quoted words in English, French (« »), German („ “ and » «) and Swiss (‹ ›) styles.
_QUOTED = re.compile(r"[“\"«„»‹](?P<words>[^“”\"«»„‹›\n]{3,400}?)[”\"»“«›]")


@dataclass(frozen=True)
class SpeechCandidate:
    """A sentence with reported speech or quoted words, and a guess at who and what."""

    sentence: Span
    action: str
    quoted: str | None
    speaker: str | None


@dataclass
class Candidates:
    """Everything found in one article, in the order it appears."""

    sentences: list[Span] = field(default_factory=list)
    lead: list[Span] = field(default_factory=list)
    figures: list[FigureCandidate] = field(default_factory=list)  # every figure, tolls or not
    tolls: list[FigureCandidate] = field(default_factory=list)  # the figures to offer as casualty claims
    dates: list[DateCandidate] = field(default_factory=list)
    names: list = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    speech: list[SpeechCandidate] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def find_candidates(text: str, lead_sentences: int = 5, language: str = "en") -> Candidates:
    """Collect every candidate fact in an article's text, read with the words of its language."""
    article = Article(text, language)
    dates = find_dates(article)
    names = NameFinder(article).find()
    speakers = Speakers(article.text, names.names, language)
    figures = find_figures(article, [d.said for d in dates])
    tolls = find_tolls(article, figures, speakers)
    return Candidates(
        sentences=article.sentences,
        lead=[s for s in article.sentences if len(s.text.split()) > 4][:lead_sentences],
        figures=figures,
        tolls=tolls,
        dates=dates,
        names=names.names,
        adjectives=names.adjectives,
        speech=find_speech(article, speakers, tolls),
        countries=sorted({(n.country, n.text) for n in names.names if n.country and n.kind == "state"}),
        places=names.places,
    )


def find_speech(article: Article, speakers: Speakers, tolls: list[FigureCandidate] = ()) -> list[SpeechCandidate]:
    """Find sentences that report what someone said or did in response, and quoted words.

    A plain statement by the claimant of a toll in the same sentence is that claim, so it is left out,
    and so is a statement by no one named beside a toll no one gives ("selon des sources locales").
    A heading repeats what the text reports, so its verbs are not read.
    """
    headings = [m.span() for m in _HEADING.finditer(article.text)]
    results = []
    for sentence in article.sentences:
        if any(s <= sentence.start < e for s, e in headings):
            continue
        quoted = _QUOTED.search(sentence.text)
        words = quoted["words"].strip().strip(",.;:").strip() if quoted else None
        actions = _actions(sentence.text, article.language) or ([("statement", quoted.start())] if quoted else [])
        claimants = {t.claimed_by for t in tolls if sentence.start <= t.at < sentence.end}
        for number, (action, verb_at) in enumerate(actions):
            speaker = speakers.speaking(sentence, sentence.start + verb_at)
            if action == "statement" and speaker in claimants:
                continue
            results.append(SpeechCandidate(sentence, action, words if number == 0 else None, speaker))
    return results


def _actions(text: str, language: str) -> list[tuple[str, int]]:
    """Name each kind of reaction the sentence's verbs report; a plain 'said' only when nothing else."""
    found = []
    for name, stems in SPEECH_WORDS[language].actions:
        match = re.search(rf"\b(?:{stems})", text, re.IGNORECASE)
        if match and (name != "statement" or not found):
            found.append((name, match.start()))
    return sorted(found, key=lambda f: f[1])
