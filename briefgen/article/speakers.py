"""Who says what in a sentence: the actor named before the verb, or the one after "according to".

Only the outermost mention counts: in "the interior ministry of the administration
that governs eastern Libya said", the speaker is the ministry, not Libya named
inside its name. An owner is not a speaker either ("Mali's neighbour, Senegal, said").
"""

from __future__ import annotations

import re

from briefgen.article.phrases import Span

_CLAIM_VERBS = re.compile(
    r"\b(?:said|says|say|told|tells|put|puts|cited|cites|estimated|estimates|reported|reports|claimed|claims|gave"
    r"|gives|announced|announces|stated|states|counted|recorded|confirmed|confirms)\b"
)
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)


class Speakers:
    """Place every actor's mentions in an article, to tell who speaks in a sentence."""

    def __init__(self, text: str, names: list):
        spans = {(start, end, name.id) for name in names for start, end in name.mentions}
        self.text = text
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

    def claimant(self, sentence: Span, at: int) -> str | None:
        """Name who gives the figure at an offset: who 'according to' names, else who speaks before it."""
        according = _ACCORDING.search(sentence.text)
        if according:
            named = [
                (s, actor) for s, _, actor in self.mentions if sentence.start + according.end() <= s < sentence.end
            ]
            if named:
                return min(named)[1]
        verbs = [m for m in _CLAIM_VERBS.finditer(sentence.text) if sentence.start + m.start() < at]
        return self.before(sentence, sentence.start + verbs[-1].start()) if verbs else None
