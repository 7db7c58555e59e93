"""``briefgen new``: read an article under seeds/ and write its draft fact sheet, never over a file.

What the draft says is decided in :mod:`briefgen.curate.draft_yaml`; the candidates
come from :mod:`briefgen.article.candidates`.
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
from briefgen.article.phrases import slug
from briefgen.config import Project
from briefgen.curate.draft_yaml import ArticleInfo, render_draft
from briefgen.errors import BriefgenError
from briefgen.sheet.loader import MAX_SEED_BYTES

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEED_PATH = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")  # what a source's file: accepts


@dataclass(frozen=True)
class Draft:
    """What ``new`` wrote: the file and how many candidates of each kind it offers."""

    path: Path
    counts: dict[str, int]

    @property
    def display(self) -> str:
        """The file as the user would type it."""
        return paths.shown(self.path)


def new_draft(seed: Path, project: Project, brief_id: str | None = None) -> Draft:
    """Draft ``briefs/<id>.yaml`` from an article under seeds/; refuse to overwrite anything."""
    seed = resolve_seed(seed, project)
    text = read_article(seed)
    info = describe_article(text)
    brief_id = brief_id or proposed_id(info, seed)
    if not _SLUG.match(brief_id or ""):
        raise BriefgenError(f"'{brief_id}' is not a usable brief id; use lower-case letters, digits and hyphens")
    relative = seed.relative_to(project.seeds_dir.resolve()).as_posix()
    candidates = find_candidates(text)
    target = project.briefs_dir / f"{brief_id}.yaml"
    write_new_file(target, render_draft(brief_id, relative, info, candidates, project.settings.language))
    log.info("wrote %s", target)
    return Draft(target, _counts(candidates))


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
_HEADLINE_FILLER = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "least", "to", "for", "as", "and", "or", "by", "with", "after", "from"}
    | {"is", "are", "was", "were", "its"}
)
_ID_WORDS = 6


def proposed_id(info: ArticleInfo, seed: Path) -> str:
    """Propose an id from the headline's first words of substance, or from the file name when there is none.

    A file name is often the desk's shorthand ("article-2.md", "afp.txt"); the
    headline says what the brief is about, and ``--id`` overrides either.
    """
    words = [w for w in slug(info.title).split("-") if w not in _HEADLINE_FILLER] if info.title != "unknown" else []
    return "-".join(words[:_ID_WORDS]) or slug(seed.stem)


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
