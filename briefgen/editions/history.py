"""Which committed versions of a brief are its editions, and how they are numbered.

An edition is the last committed, published version of a brief for one ``as_of``:
its fact sheet and the seeds it cites as they stood in that commit. The working
tree is the current edition; committed versions with an earlier ``as_of`` are
the past ones, numbered from 1 in ``as_of`` order. Pure: commits and blob
peeks in (see :mod:`briefgen.editions.git`), editions out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from briefgen.editions.git import Commit
from briefgen.keys import digest
from briefgen.sheet.peek import SheetPeek
from briefgen.sheet.versions import version_name

# Bump when what an archived edition shows changes on purpose (2: whole lines, counted; 3: in the brief's language).
EDITIONS_FORMAT = "editions 3"
SHEET_SUFFIXES = (".yaml", ".yml")


def is_sheet_path(path: str) -> bool:
    """Tell whether a path, relative to the project, names a fact sheet: a YAML file directly in briefs/."""
    folder, _, name = path.partition("/")
    return folder == "briefs" and "/" not in name and name.endswith(SHEET_SUFFIXES)


@dataclass(frozen=True)
class Edition:
    """One committed edition: where its sheet and seeds stood, by blob hash."""

    brief_id: str  # the version: its id in the project's language, '<id>@<language>' in another (sheet.versions)
    as_of: str
    commit: str
    committed: int
    sheet_path: str
    sheet_blob: str
    seed_blobs: tuple[tuple[str, str | None], ...]  # (path under seeds/, blob or None when missing)

    @property
    def content_key(self) -> str:
        """Key what the edition says: its sheet's bytes and its seeds' bytes, by blob hash."""
        return digest(self.sheet_blob, json.dumps(self.seed_blobs))


@dataclass(frozen=True)
class Place:
    """Where a version of a brief stands among its editions: its number and the edition before it."""

    number: int
    previous: Edition | None
    past: tuple[Edition, ...]

    @property
    def key(self) -> str:
        """Key what a page of this edition shows besides its own content: its number and what came before."""
        before = self.previous.content_key if self.previous else ""
        return digest(EDITIONS_FORMAT, str(self.number), before)


@dataclass
class History:
    """Every brief's committed editions, and every published version committed, by brief id, oldest first."""

    editions: dict[str, list[Edition]] = field(default_factory=dict)
    versions: dict[str, list[Edition]] = field(default_factory=dict)  # editions and the versions they replaced

    def place(self, brief_id: str, as_of: str) -> Place:
        """Place a version with this as_of: the committed editions before it set its number."""
        past = tuple(e for e in self.editions.get(brief_id, []) if e.as_of < as_of)
        return Place(len(past) + 1, past[-1] if past else None, past)

    def edition(self, brief_id: str, as_of: str) -> Edition | None:
        """Return the committed edition of a brief with this as_of, if there is one."""
        return next((e for e in self.editions.get(brief_id, []) if e.as_of == as_of), None)


def sheet_blobs(commits: Iterable[Commit]) -> set[str]:
    """List every blob a fact sheet had in these commits: what must be peeked at."""
    return {blob for commit in commits for path, blob in commit.changes if blob and is_sheet_path(path)}


class _Replay:
    """Replay commits oldest first, keeping each path's blob and which seeds each sheet cites."""

    def __init__(self, peek: Callable[[str], SheetPeek | None], language: str):
        self.peek = peek
        self.language = language  # the project's: a version in another is named '<id>@<language>'

        self.blobs: dict[str, str] = {}
        self.cites: dict[str, tuple[str, ...]] = {}  # sheet path -> seed paths under seeds/
        self.latest: dict[tuple[str, str], Edition] = {}
        self.versions: dict[str, list[Edition]] = {}

    def apply(self, commit: Commit) -> None:
        touched: set[str] = set()
        for path, blob in commit.changes:
            if blob is None:
                self.blobs.pop(path, None)
            else:
                self.blobs[path] = blob
            if is_sheet_path(path):
                touched.add(path)
            elif path.startswith("seeds/"):
                seed = path.removeprefix("seeds/")
                touched.update(sheet for sheet, seeds in self.cites.items() if seed in seeds)
        for sheet in sorted(touched):
            self._record(sheet, commit)

    def _record(self, sheet: str, commit: Commit) -> None:
        blob = self.blobs.get(sheet)
        peek = self.peek(blob) if blob else None
        self.cites.pop(sheet, None)
        if peek is None:
            return
        self.cites[sheet] = peek.seed_files
        if peek.status != "published":
            return  # drafts are never editions
        seeds = tuple((seed, self.blobs.get(f"seeds/{seed}")) for seed in peek.seed_files)
        version = version_name(peek.id, peek.language or self.language, self.language)
        edition = Edition(version, peek.as_of, commit.sha, commit.time, sheet, blob, seeds)
        self.latest[(version, peek.as_of)] = edition
        self.versions.setdefault(version, []).append(edition)


def editions_from(commits: list[Commit], peek: Callable[[str], SheetPeek | None], language: str) -> History:
    """Find the editions of every version of every brief in commits listed oldest first; ``language``: the project's."""
    replay = _Replay(peek, language)
    for commit in commits:
        replay.apply(commit)
    history = History(versions=replay.versions)
    for (brief_id, _as_of), edition in sorted(replay.latest.items()):
        history.editions.setdefault(brief_id, []).append(edition)
    return history
