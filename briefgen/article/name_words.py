"""The words names are told apart by, per language: titles, sentence openers, organisations' words, places.

One row per language; :mod:`names` reads every row the same way. A name keeps its
own words whatever the article's language, so the French row adds to the English
words rather than replacing them ("Human Rights Watch" in a French article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.article.words import GEOGRAPHY, LOCATED, PLACE_NOUNS, PLACE_OF, word_set


@dataclass(frozen=True)
class NameWords:
    """What one language's names are found and sorted by."""

    starters: frozenset[str]  # capitalised only because they open a sentence
    titles: frozenset[str]  # capitalised titles split off a name: "Foreign Minister"
    lower_titles: frozenset[str]  # words just before a person's name: "the spokesman", "le colonel"
    connectors: frozenset[str]  # lower-case words inside a name: "of", "de"
    organisation_kinds: tuple[tuple[str, str], ...]  # an organisation's kind by the words of its name
    apposition: re.Pattern  # what follows a person's name: ", a spokesman for the ministry"
    acts: re.Pattern  # what an actor does that a place does not: "said", "a déclaré"
    byline: re.Pattern  # a byline names the author (its group "author"), not an actor
    place_of: re.Pattern  # what comes just before a place: "the town of", "la région de"
    located: re.Pattern  # a preposition before a place: "in", "à"
    place_after: frozenset[str]  # what comes just after a place: "the Zamzam camp"
    elision: re.Pattern | None = None  # what a word may open with that is no part of a name: "l'" in "l'Ukraine"
    not_names: frozenset[str] = frozenset()  # capitalised common words: "État" in "coup d'État"
    # the lower-case words that end an organisation's name written in sentence case: "Nations unies"
    sentence_case_tail: re.Pattern | None = None


_ENGLISH_KINDS = (
    ("ministry", r"Ministry|Ministries|Department|Embassy"),
    ("armed_forces", r"Army|Forces|Armed|Navy|Air Force|Guard"),
    ("armed_group", r"Group|Front|Movement|Brigade|Militia|Rebels|Coalition|Volunteers"),
    (
        "international_organisation",
        r"Nations|Union|Organisation|Organization|Alliance|Community|Bank|Court|Red Crescent|Red Cross",
    ),
    (
        "government",
        r"Government|Council|Administration|Parliament|Assembly|Presidency|Junta|House of Representatives|Senate"
        r"|Congress",
    ),
    ("private_military_company", r"Wagner|Corps"),
    ("media", r"News|Times|Agency|Press|Television|Radio|Post|Journal|Reuters"),
    ("civilians", r"Collective|Association|Committee|Society|Foundation"),
)
_FRENCH_KINDS = {
    "ministry": r"Ministère|Ambassade",
    "armed_forces": r"Armée|Forces armées|Garde|Gendarmerie|État-major",
    "armed_group": r"Groupe|Mouvement|Brigade|Milice|Cadre|Rebelles|Coordination",
    "international_organisation": r"Communauté|Organisation|Banque|Cour|Croix-Rouge|Croissant-Rouge|Cédéao|Nations",
    "government": r"Gouvernement|Conseil|Parlement|Assemblée|Présidence|Junte|Sénat",
    "media": r"Agence|Presse|Télévision|Journal",
    "civilians": r"Collectif|Comité|Société|Fondation",
    "humanitarian_organisation": r"Médecins|Haut-Commissariat|Programme alimentaire",
}

_ENGLISH_TITLES = word_set(
    "President Vice Prime Minister Foreign Defence Defense Interior Secretary General Colonel Captain Lieutenant "
    "Spokesman Spokeswoman Spokesperson Ambassador King Queen Prince Pope Chancellor Governor Mayor Senator "
    "Commander Chief Director Representative Mr Mrs Ms Dr Gen Col Lt Admiral Sheikh Emir Deputy Head Leader "
    "Interim Transitional Junta Envoy Secretary-General Minister-President Vice-President Under-Secretary"
)
ENGLISH = NameWords(
    starters=word_set(
        "the this that these those a an in on at to it its he she they we i but and or however meanwhile after "
        "before since while as according following despite although there some many several such his her their our "
        "if when with from by for of further also yet still both all two three four five six seven eight nine ten "
        "eleven twelve twenty hundreds thousands dozens between more less about around nearly over under up during "
        "within without among against across amid once now then later today yesterday"
    ),
    titles=_ENGLISH_TITLES,
    lower_titles=frozenset({t.lower() for t in _ENGLISH_TITLES} | {"representative", "official", "activist"})
    | {"journalist", "analyst"},
    connectors=frozenset({"of", "for", "de", "du", "la", "le", "bin", "ibn", "van", "von", "der", "al"}),
    organisation_kinds=_ENGLISH_KINDS,
    apposition=re.compile(
        r"^,\s+(?:(?:a|an|the|its|his|her|their)\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:spokesman|spokeswoman|spokesperson|minister|official|president|head|leader|commander|chief|envoy"
        r"|ambassador|secretary|director|governor|mayor|writer|journalist|lawyer|activist)\b"
    ),
    acts=re.compile(
        r"^(?:[’']s\b|,?\s+(?:said|says|told|announced|accused|denied|rejected|condemned|claimed|warned|called|urged"
        r"|demanded|reported|estimated|confirmed|stated|declared|threatened|ordered|sent|backed|attacked|killed))"
    ),
    byline=re.compile(r"(?m)^[ \t]*By\s+(?P<author>[A-Z][^\n]{1,80})$"),
    place_of=PLACE_OF,
    located=LOCATED,
    place_after=PLACE_NOUNS,
)
_FRENCH_SAID = (
    r"déclaré|annoncé|affirmé|accusé|démenti|rejeté|condamné|dénoncé|revendiqué|menacé|appelé|exhorté|demandé"
    r"|réaffirmé|convoqué|rompu|mené|attaqué|tué|indiqué|assuré|reconnu|admis|estimé|confirmé"
)
FRENCH = NameWords(
    starters=ENGLISH.starters
    | word_set(
        "le la les l un une des du de d ce cet cette ces il elle ils elles on nous mais et ou donc or ni car selon "
        "dans depuis après avant pendant lors en au aux par pour sur sous avec sans entre contre vers chez près plus "
        "moins deux trois quatre cinq six sept huit neuf dix aussi ainsi alors puis enfin cependant toutefois "
        "néanmoins son sa ses leur leurs notre nos dont qui que quelque quelques plusieurs certains tous toutes "
        "hier aujourd désormais environ face"
    ),
    titles=ENGLISH.titles
    | word_set("Président Ministre Premier Général Colonel Capitaine Commandant Lieutenant Ambassadeur Mme M Dr Roi"),
    lower_titles=ENGLISH.lower_titles
    | word_set(
        "président présidente ministre porte-parole colonel général capitaine commandant lieutenant ambassadeur "
        "ambassadrice chef directeur directrice secrétaire représentant représentante responsable homologue envoyé "
        "émissaire député maire gouverneur journaliste chercheur analyste militant avocat"
    ),
    connectors=ENGLISH.connectors | {"des"},
    organisation_kinds=tuple(
        (kind, "|".join(w for w in (dict(_ENGLISH_KINDS).get(kind), _FRENCH_KINDS.get(kind)) if w))
        for kind in dict.fromkeys([*dict(_ENGLISH_KINDS), *_FRENCH_KINDS])
    ),
    apposition=re.compile(
        r"^,\s+(?:(?:le|la|l['’]|son|sa|ses|leur|un|une)\s*)?(?:[\w-]+\s+){0,3}?"
        r"(?:porte-parole|ministre|président|présidente|responsable|chef|commandant|directeur|directrice|ambassadeur"
        r"|représentant|secrétaire|envoyé|gouverneur|maire|journaliste|avocat|militant|colonel|général)\b"
    ),
    acts=re.compile(
        rf"^(?:,?\s+(?:a|ont|avait|avaient)\s+(?:\w+\s+)?(?:{_FRENCH_SAID})\b"
        r"|,?\s+(?:accuse|dénonce|affirme|déclare|annonce|condamne|rejette|dément|estime|assure)\b)"
    ),
    byline=re.compile(r"(?m)^[ \t]*(?:Par|De notre correspondante?)\s+(?P<author>[^\n]{1,80})$"),
    place_of=re.compile(
        r"\b(?:(?:ville|localité|village|région|province|cercle|commune|capitale|frontière|camp|vallée|zone|"
        r"quartier|préfecture)\s+(?:de|d['’]|du)|(?:nord|sud|est|ouest|centre)(?:-(?:est|ouest))?\s+(?:de|d['’]|du))"
        r"\s*(?:la\s+|l['’])?$",
        re.IGNORECASE,
    ),
    located=re.compile(
        # "lié à Al-Qaïda" ties an actor to another, it places nothing
        r"\b(?:(?<!lié )(?<!liée )(?<!liés )(?<!liées )(?<!affilié )à|au|aux|en|dans|près de|près d['’]|vers|depuis"
        r"|sur|jusqu['’]à|autour de|hors de|via)"
        r"\s*(?:la\s+|le\s+|les\s+|l['’])?$",
        re.IGNORECASE,
    ),
    place_after=frozenset(),  # French puts the place's noun before it: "la région de Kidal"
    elision=re.compile(r"^(?:[ldjnmstc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE),
    not_names=word_set(
        "État États Etat Etats Internet Telegram Affaires Intérieur Défense Justice Santé Économie Finances Armées"
    ),
    sentence_case_tail=re.compile(
        r"(?:\s+(?!(?:a|ont|est|sont|avait|avaient|et|ou|qui|que|de|du|des|la|le|les|l|d|à|au|aux|en|dans|pour)\b)"
        r"[a-zà-ÿ][\w’'-]*){1,3}?(?=\s*[.,;:()]|\s+(?:a|ont|est|sont|avait|avaient|qui|et)\b)"
    ),
)
NAME_WORDS = {"en": ENGLISH, "fr": FRENCH}
GEOGRAPHY_WORDS = GEOGRAPHY | word_set(
    "Mer Océan Fleuve Lac Mont Monts Massif Vallée Désert Golfe Baie Île Îles Plateau Oasis Barrage Région"
)
