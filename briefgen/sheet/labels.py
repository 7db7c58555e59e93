"""How the format's values read: an enum value's label and the words of the grades.

Pure. The brief's page, its PDF, the mail and the "What changed" lines all say a
kind, an action or a grade in these words, so each is written once; each is a
msgid of the catalogs, said in a brief's language by passing its ``Words``.
"""

from __future__ import annotations

from briefgen.i18n.words import N_, Words, english

CREDIBILITY = {
    1: N_("confirmed"),
    2: N_("probably true"),
    3: N_("possibly true"),
    4: N_("doubtfully true"),
    5: N_("improbable"),
    6: N_("truth cannot be judged"),
}
BASIS = {"count": N_("count"), "estimate": N_("estimate"), "projection": N_("projection")}
RELIABILITY = {
    "A": N_("completely reliable"),
    "B": N_("usually reliable"),
    "C": N_("fairly reliable"),
    "D": N_("not usually reliable"),
    "E": N_("unreliable"),
    "F": N_("reliability cannot be judged"),
}
# Whose toll a figure is, by its category: 'Russian fighters wounded', 'people killed'. The key
# figures of a page and the "What changed" lines say a toll in the same words.
PARTY_TOLLS = {
    "killed": N_("%(party)s killed"),
    "wounded": N_("%(party)s wounded"),
    "captured": N_("%(party)s captured"),
    "missing": N_("%(party)s missing"),
    "displaced": N_("%(party)s displaced"),
}
UNSPECIFIED_TOLLS = {
    "killed": N_("people killed"),
    "wounded": N_("people wounded"),
    "captured": N_("people captured"),
    "missing": N_("people missing"),
    "displaced": N_("people displaced"),
}
# Every enum value a page shows, as it reads: actor kinds, casualty categories, reaction actions.
LABELS = {
    "state": N_("State"),
    "government": N_("Government"),
    "ministry": N_("Ministry"),
    "armed_forces": N_("Armed forces"),
    "armed_group": N_("Armed group"),
    "private_military_company": N_("Private military company"),
    "terrorist_organisation": N_("Terrorist organisation"),
    "person": N_("Person"),
    "international_organisation": N_("International organisation"),
    "media": N_("Media"),
    "civilians": N_("Civilians"),
    "humanitarian_organisation": N_("Humanitarian organisation"),
    "ngo": N_("NGO"),
    "red_cross_red_crescent": N_("Red Cross or Red Crescent society"),
    "legislature": N_("Legislature"),
    "city_council": N_("City council"),
    "local_authority": N_("Local authority"),
    "emergency_service": N_("Emergency service"),
    "political_party": N_("Political party"),
    "court": N_("Court"),
    "killed": N_("Killed"),
    "wounded": N_("Wounded"),
    "captured": N_("Captured"),
    "missing": N_("Missing"),
    "displaced": N_("Displaced"),
    "severs_relations": N_("Severs relations"),
    "condemns": N_("Condemns"),
    "denies": N_("Denies"),
    "accuses": N_("Accuses"),
    "summons_ambassador": N_("Summons ambassador"),
    "reaffirms_support": N_("Reaffirms support"),
    "retaliates": N_("Retaliates"),
    "warns": N_("Warns"),
    "calls_for": N_("Calls for"),
    "sanctions": N_("Sanctions"),
    "holds_talks": N_("Holds talks"),
    "statement": N_("Statement"),
    "sends_aid": N_("Sends aid"),
    "appeals_for_aid": N_("Appeals for aid"),
    "declares_mourning": N_("Declares mourning"),
    "declares_emergency": N_("Declares emergency"),
    "protests": N_("Protests"),
    "suspends": N_("Suspends"),
    "dismisses": N_("Dismisses"),
    "arrests": N_("Arrests"),
    "opens_investigation": N_("Opens investigation"),
    "evacuates": N_("Evacuates"),
    "offers_condolences": N_("Offers condolences"),
    "resigns": N_("Resigns"),
}


def label(value: str, words: Words | None = None) -> str:
    """Say an enum value such as 'armed_forces' as a label, 'Armed forces', in the language of ``words``."""
    text = str(value)
    known = LABELS.get(text)
    if known is None:  # a value no label is written for yet reads as itself
        plain = text.replace("_", " ")
        return plain[:1].upper() + plain[1:]
    return (words or english()).gettext(known)


def credibility_words(grade: int | None, words: Words | None = None) -> str | None:
    """Say an Admiralty credibility grade (1–6) in words, or None for no grade."""
    return (words or english()).gettext(CREDIBILITY[grade]) if grade in CREDIBILITY else None


def reliability_words(grade: str | None, words: Words | None = None) -> str | None:
    """Say an Admiralty source reliability (A–F) in words, or None for no grade."""
    return (words or english()).gettext(RELIABILITY[str(grade)]) if str(grade) in RELIABILITY else None
