"""Write a draft fact sheet as YAML text: every section, with candidates to confirm.

The draft is valid YAML. Values the analyst must write are empty strings or
empty lists, so ``briefgen check`` lists exactly what is left to do, each at
its line. Candidates found in the article sit under their section as YAML
comments, complete items that become valid once uncommented and filled in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from briefgen.article.calendar import DATE_WORDS
from briefgen.article.candidates import Candidates, SpeechCandidate
from briefgen.article.dates import DateCandidate
from briefgen.article.figures import FigureCandidate
from briefgen.article.languages import base_language, reads
from briefgen.article.names import NameCandidate
from briefgen.article.phrases import Span, slug
from briefgen.sheet.models import ActorKind
from briefgen.sheet.provenance import SOFT_HYPHEN, SPACES, escape_invisible

SOURCE_ID = "article"
_SPACES = re.compile(f"[{SPACES}]+")
# The words of a sentence that looks back, per language.
_BACKGROUND_MARKERS = {
    "en": re.compile(r"\b(?:previously|had (?:been|long)|since|recent(?:ly)?|earlier|history|years?)\b"),
    "fr": re.compile(
        r"\b(?:auparavant|précédemment|déjà|depuis|récemment|récent(?:e|s|es)?|histori\w*|ans|années?|avait été)\b"
    ),
}


@dataclass(frozen=True)
class ArticleInfo:
    """What the article says about itself: a markdown title, a byline, a URL line."""

    title: str = "unknown"
    author: str = "unknown"
    url: str = "unknown"


def yaml_text(value: str) -> str:
    """Write text as a double-quoted YAML scalar on one line (JSON strings are valid YAML).

    Spaces fold and soft hyphens go, as quote matching forgives them; every other
    invisible character stays, written as an escape so the curator sees it and
    the quote still matches its source.
    """
    folded = _SPACES.sub(" ", value.replace(SOFT_HYPHEN, "")).strip(" ")
    return escape_invisible(json.dumps(folded, ensure_ascii=False))


def render_draft(brief_id: str, seed_file: str, info: ArticleInfo, found: Candidates, language: str = "en") -> str:
    """Return the whole draft as YAML text; ``language`` is the article's, so the brief's and its source's."""
    words = base_language(language) if reads(language) else "en"
    countries = ", ".join(f"{code} ({name})" for code, name in found.countries)
    events = [_event(d, i, words) for i, d in enumerate(_unique_dates(found.dates))]
    parts = [
        _header(seed_file, brief_id, countries, language),
        _section("key_points", KEY_POINTS_HELP, [_statement(s) for s in found.lead]),
        _section("background", BACKGROUND_HELP, [_statement(s) for s in _background(found, words)]),
        _section("timeline", TIMELINE_HELP, events),
        _section("actors", _actors_help(found.adjectives, found.places), [_actor(n) for n in found.names]),
        _section("casualties", CASUALTIES_HELP, [_casualty(f, words) for f in found.tolls]),
        _section("reactions", REACTIONS_HELP, [_reaction(s) for s in found.speech]),
        _sources(seed_file, info, language),
    ]
    return "\n".join(parts)


def _header(seed_file: str, brief_id: str, countries: str, language: str) -> str:
    return f"""# yaml-language-server: $schema=factsheet.schema.json
#
# Draft fact sheet for seeds/{seed_file}, written by `briefgen new`.
# To curate it: fill in every "" and [] below; under each section, uncomment
# the candidates that hold (delete the "# " in front of their lines), complete
# them and delete the rest. `briefgen check` lists what is still missing, each
# at its line; the draft is done when check passes. Then set status: published.
id: {brief_id}
language: {language}  # the language the brief is written in (a BCP 47 tag: en, fr, ar)
title: ""  # one line: what happened
as_of: ""  # YYYY-MM-DD: the date the brief is current to
status: draft  # published once curated and reviewed
region: ""  # e.g. West Africa (Sahel)
countries: []  # ISO codes; named in the article: {countries or "none recognised"}
tags: []
handling: ""  # label printed on every page, e.g. PUBLIC
authors: []
"""


KEY_POINTS_HELP = "Key points: 3 to 5 short statements. Candidates: the article's opening sentences."
BACKGROUND_HELP = "Background: at least one paragraph of context. Candidates: sentences that look back."
TIMELINE_HELP = "Timeline: dated events. Candidates: every date or day the article mentions."
CASUALTIES_HELP = (
    "Casualties: one claim per claimant, party and category; never add figures up. Candidates: every figure of\n"
    "people killed, wounded, captured, missing or displaced, each claimed by whoever gives it in its sentence.\n"
    "A claim may also say via (the actor who passed it on), claimed_on, basis, key_figure: true (up to six),\n"
    "and later withdrawn: {on, note, cite} when the claimant no longer stands by it."
)
REACTIONS_HELP = "Reactions: who responded and how. Candidates: reported speech and quoted words."


def _actors_help(adjectives: list[str], places: list[str]) -> str:
    text = "Actors: the parties. Candidates: the people and organisations the article names."
    text += f"\nKinds: {', '.join(k.value for k in ActorKind)}."
    if adjectives:
        text += f"\nAlso mentioned as adjectives (an actor may hide behind them): {', '.join(adjectives)}."
    if places:
        text += f"\nPlaces and natural events named, not offered as actors: {', '.join(places)}."
    return text


def _section(key: str, help_text: str, items: list[list[str]]) -> str:
    lines = [f"# {line}" for line in help_text.splitlines()]
    lines.append(f"# Uncomment the candidates that hold, or write `{key}: []` if none do.")
    if not items:
        lines[-1] = f"# No candidates found; add items here, or write `{key}: []`."
    lines.append(f"{key}:")
    for item in items:
        lines.extend(f"  # {line}" for line in item)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _cite(span: Span) -> list[str]:
    return ["  cite:", f"    - source: {SOURCE_ID}", f"      quote: {yaml_text(span.text)}"]


def _statement(sentence: Span) -> list[str]:
    return ['- text: ""  # in your own words', *_cite(sentence)]


def _background(found: Candidates, language: str) -> list[Span]:
    lead = {s.start for s in found.lead}
    rest = [s for s in found.sentences if s.start not in lead]
    return [s for s in rest if _BACKGROUND_MARKERS[language].search(s.text)][:3]


def _unique_dates(dates: list[DateCandidate]) -> list[DateCandidate]:
    """Offer each date once, at its first mention; an undated reference once per wording."""
    seen: set[str] = set()
    keys = [d.date or d.said.text.lower() for d in dates]
    return [d for d, key in zip(dates, keys, strict=True) if not (key in seen or seen.add(key))]


def _event(found: DateCandidate, index: int, language: str = "en") -> list[str]:
    said = yaml_text(found.said.text)
    leads = DATE_WORDS[language].leads
    base = slug(re.sub(rf"^(?:{leads})\s+", "", found.said.text, flags=re.I)) or "event"
    year = "; the year is that of the article's other dates" if found.year_from_article else ""
    date = (
        f"{found.date}  # the article says {said}{year}" if found.date else f'""  # the article says {said}; YYYY-MM-DD'
    )
    lines = [f"- id: {base}-{index + 1}", f"  date: {date}", "  actors: []  # ids of the actors who took part"]
    return [*lines, '  description: ""', *_cite(found.phrase)]


def _actor(name: NameCandidate) -> list[str]:
    kind = name.kind or '""  # one of the kinds listed above'
    role_note = f"  # the article calls them: {name.role_hint}" if name.role_hint else ""
    lines = [f"- id: {name.id}", f"  name: {yaml_text(name.text)}", f"  kind: {kind}"]
    if name.country:
        lines.append(f"  country: {name.country}")
    if name.aliases:
        lines.append(f"  aliases: [{', '.join(yaml_text(a) for a in name.aliases)}]")
    return [*lines, f'  role: ""{role_note}', *_cite(name.phrase)]


def _casualty(found: FigureCandidate, language: str = "en") -> list[str]:
    category = found.category or '""  # killed, wounded, captured, missing or displaced'
    lines = ['- party: ""  # actor id, or unspecified', f"  category: {category}", *_figure_lines(found)]
    return [
        *lines,
        _claimant(found),
        _basis(found, language),
        '  event: ""  # timeline id',
        *_cite(found.phrase),
    ]


# The words that say how a toll was reached, per language, first match wins: a projection says what could come.
_BASES = {
    "en": (
        (
            "projection",
            re.compile(r"\b(?:could|may|might|would)\s+(?:reach|rise|climb|top|exceed)\b|\bprojected\b", re.I),
        ),
        ("estimate", re.compile(r"\bestimat\w*|\bbelieved\b|\bthought to\b", re.I)),
        ("count", re.compile(r"\bcounted\b|\bbodies\b|\brecovered\b|\bidentified\b|\bconfirmed\b", re.I)),
    ),
    "fr": (
        ("projection", re.compile(r"\bpourrai(?:t|ent)\s+(?:atteindre|dépasser|s['’]alourdir)\b|\bprojection", re.I)),
        ("estimate", re.compile(r"\bestim\w*|\bprésum\w*|\bprobablement\b", re.I)),
        ("count", re.compile(r"\brecens\w*|\bdénombr\w*|\bcorps\b|\bretrouvé\w*|\bidentifié\w*|\bconfirmé\w*", re.I)),
    ),
}


def _basis(found: FigureCandidate, language: str = "en") -> str:
    """Propose the claim's basis from the words of its phrase; say the choices when they name none."""
    for basis, words in _BASES[language]:
        said = words.search(found.phrase.text)
        if said:
            return f"  basis: {basis}  # the article says \u201c{said[0]}\u201d"
    return "  # basis: count, estimate or projection, when the article says which; claimed_on: the day it was given"


def _claimant(found: FigureCandidate) -> str:
    if found.claimed_by:
        return f"  claimed_by: {found.claimed_by}  # who gives the figure in its sentence"
    return "  claimed_by: unattributed  # its sentence names no one who gives it; or an actor id"


def _figure_lines(found: FigureCandidate) -> list[str]:
    """Write the figure as the article gives it: a number, a range (open or not), or its words."""
    figure = found.figure
    if isinstance(figure, str):
        return [f"  figure: {yaml_text(figure)}  # the article's words; a figure in words takes no qualifier"]
    if isinstance(figure, tuple):
        open_end = ", or_more: true" if found.or_more else ""
        return [f"  figure: {{low: {figure[0]}, high: {figure[1]}{open_end}}}", f"  qualifier: {found.qualifier}"]
    return [f"  figure: {figure}", f"  qualifier: {found.qualifier}"]


def _reaction(found: SpeechCandidate) -> list[str]:
    actor = found.speaker or '""  # actor id'
    lines = [f"- actor: {actor}", f"  action: {found.action}", '  summary: ""']
    if found.quoted:
        lines.append(f"  quote: {yaml_text(found.quoted)}")
    return [*lines, *_cite(found.sentence)]


def _sources(seed_file: str, info: ArticleInfo, language: str) -> str:
    def value(text: str) -> str:
        return "unknown" if text == "unknown" else yaml_text(text)

    return f"""# Sources: the article this draft came from. Replace 'unknown' where you know better.
sources:
  - id: {SOURCE_ID}
    title: {value(info.title)}
    publisher: unknown
    author: {value(info.author)}
    url: {value(info.url)}
    published: unknown  # YYYY-MM-DD when known
    file: {seed_file}
    reliability: F  # A (completely reliable) to F (cannot be judged)
    language: {language}  # the language the article is written in
"""
