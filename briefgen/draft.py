"""Write a draft fact sheet from an article: every section, with candidates to confirm.

The draft is valid YAML. Values the analyst must write are empty strings or
empty lists, so ``briefgen check`` lists exactly what is left to do, each at
its line. Candidates found in the article sit under their section as YAML
comments, complete items that become valid once uncommented and filled in.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from briefgen.candidates import Candidates, DateCandidate, FigureCandidate, SpeechCandidate, find_candidates
from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.loader import MAX_SEED_BYTES
from briefgen.models import ActorKind
from briefgen.names import NameCandidate
from briefgen.phrases import Span, slug

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown")
SOURCE_ID = "article"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEED_PATH = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")  # what a source's file: accepts
_BACKGROUND_MARKERS = re.compile(r"\b(?:previously|had (?:been|long)|since|recent(?:ly)?|earlier|history|years?)\b")


@dataclass(frozen=True)
class Draft:
    """What ``new`` wrote: the file and how many candidates of each kind it offers."""

    path: Path
    counts: dict[str, int]

    @property
    def display(self) -> str:
        """The file as the user would type it."""
        return _shown(self.path)


@dataclass(frozen=True)
class ArticleInfo:
    """What the article says about itself: a markdown title, a byline, a URL line."""

    title: str = "unknown"
    author: str = "unknown"
    url: str = "unknown"


def new_draft(seed: Path, project: Project, brief_id: str | None = None) -> Draft:
    """Draft ``briefs/<id>.yaml`` from an article under seeds/; refuse to overwrite anything."""
    seed = resolve_seed(seed, project)
    text = read_article(seed)
    brief_id = brief_id or slug(seed.stem)
    if not _SLUG.match(brief_id or ""):
        raise BriefgenError(f"'{brief_id}' is not a usable brief id; use lower-case letters, digits and hyphens")
    relative = seed.relative_to(project.seeds_dir.resolve()).as_posix()
    candidates = find_candidates(text)
    target = project.briefs_dir / f"{brief_id}.yaml"
    write_new_file(target, render_draft(brief_id, relative, describe_article(text), candidates))
    log.info("wrote %s", target)
    return Draft(target, _counts(candidates))


def _shown(path: Path) -> str:
    """Write a path relative to the working folder when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def resolve_seed(seed: Path, project: Project) -> Path:
    """Find the article (as given, or by name in seeds/) and make sure it lies inside seeds/."""
    seeds = project.seeds_dir.resolve()
    found = seed if seed.exists() or seed.is_absolute() else seeds / seed
    if not found.is_file():
        raise BriefgenError(f"no such article: {seed}; put the article in {_shown(project.seeds_dir)}/ first")
    found = found.resolve()
    if not found.is_relative_to(seeds):
        raise BriefgenError(f"{seed}: the article must be inside {_shown(seeds)}/ so the brief can cite it")
    if found.suffix.lower() not in ARTICLE_SUFFIXES:
        raise BriefgenError(f"{seed}: an article is plain text or markdown ({', '.join(ARTICLE_SUFFIXES)})")
    relative = found.relative_to(seeds).as_posix()
    if not _SEED_PATH.match(relative):
        better = f"{slug(found.stem) or 'article'}{found.suffix.lower()}"
        message = (
            f"{seed}: a source file name may use only letters, digits, '.', '_' and '-'; rename it, e.g. to {better}"
        )
        raise BriefgenError(message)
    return found


def read_article(seed: Path) -> str:
    """Read an article as UTF-8; say where the first bad byte is when it is not."""
    data = seed.read_bytes()
    if len(data) > MAX_SEED_BYTES:
        raise BriefgenError(f"the article is larger than {MAX_SEED_BYTES:,} bytes", str(seed))
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the article as UTF-8 and try again"
        raise BriefgenError(message, _shown(seed), line, column) from None


def describe_article(text: str) -> ArticleInfo:
    """Pick up a markdown title, a 'By ...' line and a URL line from the top of the article."""
    head = text.strip().splitlines()[:8]
    title = next((line.lstrip("# ").strip() for line in head if line.startswith("# ")), "unknown")
    author = next((m[1] for line in head if (m := re.match(r"^\s*By\s+([A-Z][^\n]{1,80})$", line))), "unknown")
    url = next((m[0] for line in head if (m := re.search(r"https?://[^\s<>\"')\]]+", line))), "unknown")
    return ArticleInfo(title[:300] or "unknown", author.strip(), url)


def write_new_file(target: Path, text: str) -> None:
    """Write a file whole, and only if nothing is there yet: link a finished temp file into place."""
    if target.exists():
        raise BriefgenError(f"{_shown(target)} already exists; edit it, delete it, or pick another --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(text)
    try:
        os.link(tmp.name, target)
    except FileExistsError:
        raise BriefgenError(f"{_shown(target)} already exists; edit it, delete it, or pick another --id") from None
    except OSError:  # no hard links on this file system: create exclusively instead
        _write_exclusively(target, text)
    finally:
        os.unlink(tmp.name)


def _write_exclusively(target: Path, text: str) -> None:
    try:
        with open(target, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise BriefgenError(f"{_shown(target)} already exists; edit it, delete it, or pick another --id") from None


def _counts(candidates: Candidates) -> dict[str, int]:
    return {
        "figure": len(candidates.figures),
        "date": len(candidates.dates),
        "name": len(candidates.names),
        "statement": len(candidates.speech),
    }


def yaml_text(value: str) -> str:
    """Write text as a double-quoted YAML scalar on one line (JSON strings are valid YAML)."""
    folded = " ".join(value.split())
    printable = "".join(c for c in folded if unicodedata.category(c) not in ("Cc", "Cf") or c == "\u200d")
    return json.dumps(printable, ensure_ascii=False)


def render_draft(brief_id: str, seed_file: str, info: ArticleInfo, found: Candidates) -> str:
    """Return the whole draft as YAML text."""
    countries = ", ".join(f"{code} ({name})" for code, name in found.countries)
    parts = [
        _header(seed_file, brief_id, countries),
        _section("key_points", KEY_POINTS_HELP, [_statement(s) for s in found.lead]),
        _section("background", BACKGROUND_HELP, [_statement(s) for s in _background(found)]),
        _section("timeline", TIMELINE_HELP, [_event(d, i) for i, d in enumerate(_unique_dates(found.dates))]),
        _section("actors", _actors_help(found.adjectives), [_actor(n) for n in found.names]),
        _section("casualties", CASUALTIES_HELP, [_casualty(f) for f in found.figures]),
        _section("reactions", REACTIONS_HELP, [_reaction(s) for s in found.speech]),
        _sources(seed_file, info),
    ]
    return "\n".join(parts)


def _header(seed_file: str, brief_id: str, countries: str) -> str:
    return f"""# yaml-language-server: $schema=factsheet.schema.json
#
# Draft fact sheet for seeds/{seed_file}, written by `briefgen new`.
# To curate it: fill in every "" and [] below; under each section, uncomment
# the candidates that hold (delete the "# " in front of their lines), complete
# them and delete the rest. `briefgen check` lists what is still missing, each
# at its line; the draft is done when check passes. Then set status: published.
id: {brief_id}
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
    "Casualties: one claim per claimant, party and category; never add figures up. Candidates: every figure."
)
REACTIONS_HELP = "Reactions: who responded and how. Candidates: reported speech and quoted words."


def _actors_help(adjectives: list[str]) -> str:
    text = "Actors: the parties. Candidates: capitalised names in the article."
    text += f"\nKinds: {', '.join(k.value for k in ActorKind)}."
    if adjectives:
        text += f"\nAlso mentioned as adjectives (an actor may hide behind them): {', '.join(adjectives)}."
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


def _background(found: Candidates) -> list[Span]:
    lead = {s.start for s in found.lead}
    rest = [s for s in found.sentences if s.start not in lead]
    return [s for s in rest if _BACKGROUND_MARKERS.search(s.text)][:3]


def _unique_dates(dates: list[DateCandidate]) -> list[DateCandidate]:
    seen: set[str] = set()
    return [d for d in dates if not (d.phrase.text in seen or seen.add(d.phrase.text))]


def _event(found: DateCandidate, index: int) -> list[str]:
    said = yaml_text(found.said.text)
    base = slug(re.sub(r"^(?:on|in|since|until|by|from|last|next)\s+", "", found.said.text, flags=re.I)) or "event"
    date = f"{found.date}  # the article says {said}" if found.date else f'""  # the article says {said}; YYYY-MM-DD'
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


def _casualty(found: FigureCandidate) -> list[str]:
    figure = found.figure
    figure_text = f"{{low: {figure[0]}, high: {figure[1]}}}" if isinstance(figure, tuple) else str(figure)
    category = found.category or '""  # killed, wounded, captured, missing or displaced'
    return [
        '- party: ""  # actor id, or unspecified',
        f"  category: {category}",
        f"  figure: {figure_text}",
        f"  qualifier: {found.qualifier}",
        '  claimed_by: ""  # actor id of who gives the figure, or unattributed',
        '  event: ""  # timeline id',
        *_cite(found.phrase),
    ]


def _reaction(found: SpeechCandidate) -> list[str]:
    actor = found.speaker or '""  # actor id'
    lines = [f"- actor: {actor}", f"  action: {found.action}", '  summary: ""']
    if found.quoted:
        lines.append(f"  quote: {yaml_text(found.quoted)}")
    return [*lines, *_cite(found.sentence)]


def _sources(seed_file: str, info: ArticleInfo) -> str:
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
"""
