"""The words reported speech is written with, per language: what a reaction's verbs say, who gives a figure.

One row per language; :mod:`candidates` and :mod:`speakers` read every row the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpeechWords:
    """How one language reports what someone said or did in response."""

    actions: tuple[tuple[str, str], ...]  # each reaction's verb stems, matched from a word's start
    claim_verbs: str  # the verbs that give a figure: "said", "a déclaré"
    according: str  # what names the source after it: "according to", "selon"
    # a verb right after a quote, its speaker named after it: "« ... », a affirmé son porte-parole"
    incise: str | None = None


ENGLISH = SpeechWords(
    actions=(
        ("severs_relations", r"sever(?:s|ed|ing|ance)?\b|cut (?:off )?(?:diplomatic )?ties|broke off"),
        ("summons_ambassador", r"summon"),
        ("condemns", r"condemn|denounc|decr"),
        ("denies", r"den(?:y|ied|ies|ying)|reject"),
        ("accuses", r"accus|blame"),
        ("reaffirms_support", r"reaffirm|pledg|back(?:s|ed|ing)\b(?! by)"),
        ("retaliates", r"retaliat"),
        ("warns", r"warn|threat"),
        ("calls_for", r"call(?:s|ed)? (?:for|on)|urg|demand"),
        ("sanctions", r"sanction"),
        ("holds_talks", r"spoken with|spoke with|talks|met with|meets with"),
        (
            "statement",
            r"(?:said|says|stated|told|announced|declared|claimed|indicated|suggested|insisted|added|confirmed"
            r"|reported)\b",
        ),
    ),
    claim_verbs=(
        r"said|says|say|told|tells|put|puts|cited|cites|estimated|estimates|reported|reports|claimed|claims|gave"
        r"|gives|announced|announces|stated|states|counted|recorded|confirmed|confirms"
    ),
    according=r"according to",
)
_FRENCH_SAYING = (
    r"déclar|affirm|annonc|indiqu|précis|ajout|assur|estim|confirm|soulign|expliqu|rapport|fait savoir"
    r"|fait état|reconn|admi[st]|revendiqu|avanc|recens|dénombr|dit\b|dis(?:ent|ait)\b"
)
FRENCH = SpeechWords(
    actions=(
        ("severs_relations", r"romp|rompu|rupture|coup(?:é|er|ent) les ponts"),
        ("summons_ambassador", r"convoqu"),
        ("condemns", r"condamn|dénonc|fustig|déplor"),
        ("denies", r"dément|démenti|nie\b|nient\b|nié|rejet|réfut"),
        ("accuses", r"accus(?!ation)|reproch|imput"),
        ("reaffirms_support", r"réaffirm|réitér|apport(?:é|e) son soutien"),
        ("retaliates", r"représailles|ripost"),
        ("warns", r"mis(?:e)? en garde|avert|menac"),
        ("calls_for", r"appel(?:é|le|lent)? à|exhort|réclam|demand(?:é|e|ent) (?:à|au|aux|l|la|le|que)"),
        ("sanctions", r"sanction"),
        ("holds_talks", r"entretenu|entretien|rencontr|s['’]est entretenu|échangé avec|discuté avec"),
        ("statement", rf"(?:{_FRENCH_SAYING})|selon\b|d['’]après\b"),
    ),
    claim_verbs=rf"(?:a|ont|avait|avaient)\s+(?:\w+\s+)?(?:{_FRENCH_SAYING})\w*|(?:{_FRENCH_SAYING})\w*",
    according=r"selon|d['’]après|de source",
    incise=r"[»”\"]\s*,?\s*(?:a|ont|avait|avaient)\s+(?:\w+\s+)?(?:" + _FRENCH_SAYING + r")\w*",
)
SPEECH_WORDS = {"en": ENGLISH, "fr": FRENCH}
