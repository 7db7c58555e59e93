"""Past editions as the project knew them: git history read once, sheets loaded from their blobs.

A past edition is read from the blobs of its commit (its fact sheet and the
seeds it cites) and checked by the sheet loader exactly as a file would be, so
an edition that no longer passes today's checks is reported, not rendered.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.config import Project
from briefgen.editions import git
from briefgen.editions.history import Edition, History, editions_from, sheet_blobs
from briefgen.errors import Problem
from briefgen.sheet.loader import MAX_SEED_BYTES, MAX_SHEET_BYTES, LoadedSheet, SheetBytes, read_sheet_bytes
from briefgen.sheet.models import FactSheet
from briefgen.sheet.peek import SheetPeek, peek_sheet

log = logging.getLogger(__name__)

Peek = list | None  # [id, as_of, status, [seed files], [countries], [tags], language] as kept; None: not a sheet


def unavailable_notice(reason: str) -> str:
    """Say in one line that history is unavailable, why, and what is left out."""
    return f"history unavailable: {reason}; briefs show no edition numbers and no changes"


@dataclass
class Archive:
    """The project's history for one run: read once, with blob peeks cached across builds by the caller."""

    project: Project
    peeks: dict[str, Peek] = field(default_factory=dict)
    history: History | None = None
    reason: str = ""
    _sheets: dict[str, LoadedSheet] = field(default_factory=dict)
    _blobs: dict[str, bytes | None] = field(default_factory=dict)

    @classmethod
    def read(cls, project: Project, peeks: dict[str, Peek] | None = None) -> Archive:
        """Read the history in one git log; peek only at sheet blobs not seen before. Never raises."""
        archive = cls(project, dict(peeks or {}))
        try:
            commits = git.read_log(project.root)
            blobs = sheet_blobs(commits)
            archive._peek_new(blobs)
        except git.HistoryUnavailable as error:
            archive.reason = error.message
            return archive
        archive.peeks = {blob: archive.peeks[blob] for blob in sorted(blobs)}
        archive.history = editions_from(commits, archive._peek, project.settings.language)
        return archive

    @property
    def notice(self) -> str | None:
        return unavailable_notice(self.reason) if self.history is None else None

    def _peek_new(self, blobs: set[str]) -> None:
        unknown = sorted(blobs - self.peeks.keys())
        for blob, data in git.read_blobs(self.project.root, unknown, MAX_SHEET_BYTES).items():
            peek = peek_sheet(data) if data is not None else None
            self.peeks[blob] = (
                [
                    peek.id,
                    peek.as_of,
                    peek.status,
                    *map(list, (peek.seed_files, peek.countries, peek.tags)),
                    peek.language,
                ]
                if peek
                else None
            )

    def _peek(self, blob: str) -> SheetPeek | None:
        found = self.peeks.get(blob)
        return SheetPeek(*found[:3], *map(tuple, found[3:6]), found[6]) if found else None

    def prefetch(self, editions: list[Edition]) -> None:
        """Read the blobs of every edition about to be loaded in one git process, not one per edition."""
        with contextlib.suppress(git.HistoryUnavailable):  # each edition says so when it is loaded
            self._read(editions)

    def _read(self, editions: list[Edition]) -> None:
        wanted = {blob for e in editions for blob in _blobs_of(e)} - self._blobs.keys()
        if wanted:
            self._blobs.update(git.read_blobs(self.project.root, sorted(wanted), MAX_SEED_BYTES))

    def load(self, edition: Edition) -> LoadedSheet:
        """Load and check a past edition from its blobs, once per run."""
        key = edition.content_key
        if key not in self._sheets:
            self._sheets[key] = self._load(edition)
        return self._sheets[key]

    def sheet(self, edition: Edition) -> FactSheet | None:
        """Return a past edition's fact sheet, or None when it no longer passes the checks."""
        loaded = self.load(edition)
        return loaded.sheet if loaded.ok else None

    def _load(self, edition: Edition) -> LoadedSheet:
        display = display_name(edition)
        try:
            held = self._held(edition)
        except git.HistoryUnavailable as error:
            return LoadedSheet(Path(edition.sheet_path), display, problems=[Problem(display, 1, 1, error.message)])
        if held is None:
            problem = Problem(display, 1, 1, "the sheet cannot be read from git (missing, or larger than allowed)")
            return LoadedSheet(Path(edition.sheet_path), display, problems=[problem])
        return read_sheet_bytes(held, display, self.project)

    def sheet_bytes(self, edition: Edition) -> SheetBytes | None:
        """Return a past edition's sheet and seeds as bytes, for the loader to read elsewhere; None if git cannot."""
        try:
            return self._held(edition)
        except git.HistoryUnavailable:
            return None

    def _held(self, edition: Edition) -> SheetBytes | None:
        self._read([edition])
        data = self._blobs.get(edition.sheet_blob)
        if data is None:
            return None
        blobs = self._blobs
        seeds = {seed: blobs[blob] for seed, blob in edition.seed_blobs if blob and blobs.get(blob) is not None}
        return SheetBytes(data, seeds)


def display_name(edition: Edition) -> str:
    """Name a past edition's sheet as `git show` names a file in a commit: COMMIT:briefs/<id>.yaml."""
    return f"{edition.commit[:10]}:{edition.sheet_path}"


def _blobs_of(edition: Edition) -> list[str]:
    return [edition.sheet_blob, *(blob for _, blob in edition.seed_blobs if blob)]
