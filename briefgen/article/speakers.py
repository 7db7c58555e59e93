"""Who says what in a sentence: the actor named before the verb, or the one after "according to".

Only the outermost mention counts: in "the interior ministry of the administration
that governs eastern Libya said", the speaker is the ministry, not Libya named
inside its name. An owner is not a speaker either ("Mali's neighbour, Senegal, said").
Where the language puts the speaker after the verb ("selon Bamako"; a verb right
after a quote, "« ... », a affirmé son porte-parole"), the first actor after it speaks.
The words come from the language's row in :mod:`speech_words`.
"""

from __future__ import annotations

import re

from briefgen.article.phrases import Span
from briefgen.article.speech_words import SPEECH_WORDS


class Speakers:
    """Place every actor's mentions in an article, to tell who speaks in a sentence."""

    def __init__(self, text: str, names: list, language: str = "en"):
        spans = {(start, end, name.id) for name in names for start, end in name.mentions}
        words = SPEECH_WORDS[language]
        self.text = text
        self.claim_verbs = re.compile(rf"\b(?:{words.claim_verbs})\b")
        self.according = re.compile(rf"\b(?:{words.according})\b", re.IGNORECASE)
        self.incise = re.compile(words.incise, re.IGNORECASE) if words.incise else None
        self.mentions = sorted(
            (start, end, actor)
            for start, end, actor in spans
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
        )

    def before(self, sentence: Span, at: int) -> str | None:
        """Name the last actor mentioned in the sentence before an offset, leaving owners out."""
        found = [
            (start, actor)
            for start, end, actor in self.mentions
            if sentence.start <= start and end <= at and self.text[end : end + 1] not in ("’", "'")
        ]
        return max(found)[1] if found else None

    def after(self, sentence: Span, at: int) -> str | None:
        """Name the first actor mentioned in the sentence after an offset."""
        named = [(s, actor) for s, _, actor in self.mentions if at <= s < sentence.end]
        return min(named)[1] if named else None

    def speaking(self, sentence: Span, at: int) -> str | None:
        """Name who speaks through the verb at an offset: after it when the language puts them there."""
        if self.according.match(self.text, at):
            return self.after(sentence, at)
        for incise in self.incise.finditer(self.text, sentence.start, sentence.end) if self.incise else ():
            if incise.start() <= at < incise.end():
                return self.after(sentence, incise.end())
        return self.before(sentence, at)

    def claimant(self, sentence: Span, at: int) -> str | None:
        """Name who gives the figure at an offset: who 'according to' names, else who speaks before it."""
        according = self.according.search(sentence.text)
        if according:
            named = self.after(sentence, sentence.start + according.end())
            if named:
                return named
        verbs = [m for m in self.claim_verbs.finditer(sentence.text) if sentence.start + m.start() < at]
        return self.before(sentence, sentence.start + verbs[-1].start()) if verbs else None
