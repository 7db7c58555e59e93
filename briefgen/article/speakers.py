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

# After a name: perhaps its acronym, then an apposition between commas, then up to three words before the verb.
_APPOSITION = re.compile(r"^\s*(?:\([^)]*\))?\s*,[^,]{3,120},(?:\s+[\w’'-]+){0,3}\s*$")
_FILLS = re.compile(r"^, .*,$", re.DOTALL)  # a name that is the apposition itself: ", Senegal,"


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
        """Name the last actor mentioned in the sentence before an offset, leaving owners out.

        An actor named inside an apposition speaks not: in "Andriy Yusov, spokesman of Ukrainian
        military intelligence, said", Yusov does; in "Mali's neighbour, Senegal, said", Senegal.
        """
        found = [
            (start, end, actor)
            for start, end, actor in self.mentions
            if sentence.start <= start and end <= at and self.text[end : end + 1] not in ("’", "'")
        ]
        if not found:
            return None
        found.sort()
        if (
            len(found) > 1
            and (_APPOSITION.match(self.text[found[-2][1] : at]))
            and not _FILLS.match(self.text[max(0, found[-1][0] - 2) : found[-1][1] + 1])
        ):
            return found[-2][2]
        return found[-1][2]

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
        if verbs:
            return self.before(sentence, sentence.start + verbs[-1].start())
        # "according to him": the one named before speaks
        return self.before(sentence, sentence.start + according.start()) if according else None
