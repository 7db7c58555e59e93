"""``briefgen new``: read an article under seeds/ and write its draft fact sheet, never over a file.

What the draft says is decided in :mod:`briefgen.curate.draft_yaml`; the candidates
come from :mod:`briefgen.article.candidates`, read with the words of the article's
language: the one ``--language`` names, else the one its words show, else the project's.
The draft is in that language, as its quotes are the article's own words.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from briefgen import paths
from briefgen.article.candidates import Candidates, find_candidates
from briefgen.article.languages import READ_LANGUAGES, base_language, detect_language, reads
from briefgen.article.name_words import NAME_WORDS
from briefgen.article.phrases import slug
from briefgen.config import Project
from briefgen.curate.draft_yaml import ArticleInfo, render_draft
from briefgen.errors import BriefgenError
from briefgen.sheet.loader import MAX_SEED_BYTES

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # BCP 47, as the settings accept
_SEED_PATH = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")  # what a source's file: accepts


@dataclass(frozen=True)
class Draft:
    """What ``new`` wrote: the file and how many candidates of each kind it offers."""

    path: Path
    counts: dict[str, int]
    language: str = "en"  # the article's, and so the draft's
    detected: bool = False  # found from the article's words, not named by --language

    @property
    def display(self) -> str:
        """The file as the user would type it."""
        return paths.shown(self.path)


@dataclass(frozen=True)
class ArticleLanguage:
    """The language an article is read in: the tag the draft carries, and whether its words showed it."""

    tag: str
    detected: bool

    @property
    def words(self) -> str:
        """The language whose word lists read the article: 'fr' for 'fr-CA'."""
        return base_language(self.tag)


def new_draft(seed: Path, project: Project, brief_id: str | None = None, language: str | None = None) -> Draft:
    """Draft ``briefs/<id>.yaml`` from an article under seeds/; refuse to overwrite anything."""
    seed = resolve_seed(seed, project)
    text = read_article(seed)
    read_as = article_language(text, language, project.settings.language)
    info = describe_article(text, read_as.words)
    brief_id = brief_id or proposed_id(info, seed, read_as.words)
    if not _SLUG.match(brief_id or ""):
        raise BriefgenError(f"'{brief_id}' is not a usable brief id; use lower-case letters, digits and hyphens")
    relative = seed.relative_to(project.seeds_dir.resolve()).as_posix()
    candidates = find_candidates(text, language=read_as.words)
    target = project.briefs_dir / f"{brief_id}.yaml"
    write_new_file(target, render_draft(brief_id, relative, info, candidates, read_as.tag))
    log.info("wrote %s", target)
    return Draft(target, _counts(candidates), read_as.tag, read_as.detected)


def article_language(text: str, named: str | None, project_language: str) -> ArticleLanguage:
    """Take the language ``--language`` names, else the one the article's words show, else the project's."""
    if named is not None:
        if not _LANGUAGE_TAG.match(named) or not reads(named):
            known = ", ".join(READ_LANGUAGES)
            raise BriefgenError(f"--language {named}: briefgen new reads articles in {known}; name one of them")
        return ArticleLanguage(named, False)
    detected = detect_language(text, project_language)
    if not detected.clear:
        return ArticleLanguage(project_language if reads(project_language) else detected.language, False)
    same = base_language(project_language) == detected.language
    return ArticleLanguage(project_language if same else detected.language, True)


def resolve_seed(seed: Path, project: Project) -> Path:
    """Find the article (as given, or by name in seeds/) and make sure it lies inside seeds/."""
    seeds = project.seeds_dir.resolve()
    found = seed if seed.exists() or seed.is_absolute() else seeds / seed
    if not found.is_file():
        raise BriefgenError(f"no such article: {seed}; put the article in {paths.shown(project.seeds_dir)}/ first")
    found = found.resolve()
    if not paths.is_inside(found, seeds):
        raise BriefgenError(f"{seed}: the article must be inside {paths.shown(seeds)}/ so the brief can cite it")
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
        raise BriefgenError(message, paths.shown(seed), line, column) from None


# Words a headline can lose without losing what it is about, so an id stays short and says the situation.
_HEADLINE_FILLER = {
    "en": frozenset(
        {"a", "an", "the", "of", "in", "on", "at", "least", "to", "for", "as", "and", "or", "by", "with", "after"}
        | {"from", "is", "are", "was", "were", "its"}
    ),
    "fr": frozenset(
        {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "a", "et", "ou", "en", "dans"}
        | {"pour", "par", "sur", "avec", "apres", "avant", "moins", "plus", "est", "sont", "son", "sa", "ses"}
        | {"qui", "que", "qu"}
    ),
}
_ID_WORDS = 6


def proposed_id(info: ArticleInfo, seed: Path, language: str = "en") -> str:
    """Propose an id from the headline's first words of substance, or from the file name when there is none.

    A file name is often the desk's shorthand ("article-2.md", "afp.txt"); the
    headline says what the brief is about, and ``--id`` overrides either.
    """
    filler = _HEADLINE_FILLER.get(language, frozenset())
    words = [w for w in slug(info.title).split("-") if w not in filler] if info.title != "unknown" else []
    return "-".join(words[:_ID_WORDS]) or slug(seed.stem)


def describe_article(text: str, language: str = "en") -> ArticleInfo:
    """Pick up a markdown title, a byline ('By ...', 'Par ...') and a URL line from the top of the article."""
    head = text.strip().splitlines()[:8]
    title = next((line.lstrip("# ").strip() for line in head if line.startswith("# ")), "unknown")
    byline = NAME_WORDS[language].byline
    author = next((m["author"] for line in head if (m := byline.match(line))), "unknown")
    url = next((m[0] for line in head if (m := re.search(r"https?://[^\s<>\"')\]]+", line))), "unknown")
    return ArticleInfo(title[:300] or "unknown", author.strip(), url)


def write_new_file(target: Path, text: str) -> None:
    """Write a file whole, and only if nothing is there yet: link a finished temp file into place."""
    if target.exists():
        raise BriefgenError(f"{paths.shown(target)} already exists; edit it, delete it, or pick another --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(text)
    try:
        os.link(tmp.name, target)
    except FileExistsError:
        raise BriefgenError(f"{paths.shown(target)} already exists; edit it, delete it, or pick another --id") from None
    except OSError:  # no hard links on this file system: create exclusively instead
        _write_exclusively(target, text)
    finally:
        os.unlink(tmp.name)


def _write_exclusively(target: Path, text: str) -> None:
    try:
        with open(target, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise BriefgenError(f"{paths.shown(target)} already exists; edit it, delete it, or pick another --id") from None


def _counts(candidates: Candidates) -> dict[str, int]:
    return {
        "figure": len(candidates.tolls),
        "date": len(candidates.dates),
        "name": len(candidates.names),
        "statement": len(candidates.speech),
    }
