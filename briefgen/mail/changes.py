"""What changed for one reader: since the version of a brief they last received, found in git history.

The ledger keeps each reader's last version as a content digest. The committed
version of the brief with that digest is found by loading its committed versions
through the editions archive, newest first, and the brief being mailed is compared
with it item by item. When it cannot be found (no history, or a version that was
never committed), the reader is told what changed since the previous edition, and
told that it is since the previous edition.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from briefgen.config import Project
from briefgen.editions.archive import Archive
from briefgen.editions.compare import compare, lines
from briefgen.editions.history import Edition
from briefgen.i18n.words import words_for
from briefgen.mail.compose import BriefVersion, content_digest
from briefgen.sheet.dates import human_day

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChangesSince:
    """What changed in a brief since an earlier version, and whether that is the one the reader received."""

    as_of: str
    lines: tuple[str, ...]
    received: bool  # False: since the previous edition, the reader's own version not being known
    language: str = "en"  # of the version mailed: its lines are said in it, and so is the day

    @property
    def as_of_human(self) -> str:
        return human_day(dt.date.fromisoformat(self.as_of), words_for(self.language))


class ReaderChanges:
    """Find what changed for each reader of a run, reading the history once and each version at most once."""

    def __init__(self, project: Project):
        self.project = project
        self._archive: Archive | None = None
        self._digests: dict[str, str | None] = {}  # version content key -> content digest

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = Archive.read(self.project)
            if self._archive.history is None:
                log.warning("updates list no changes: %s", self._archive.notice)
        return self._archive

    def since(self, version: BriefVersion, received: str | None) -> ChangesSince | None:
        """Say what changed since the version a reader received (a content digest), or since the previous edition."""
        history = self.archive.history
        if history is None:
            return None
        brief_id, as_of = version.key, version.sheet.as_of.isoformat()
        earlier = self._committed(brief_id, received) if received else None
        if earlier is not None and earlier.as_of <= as_of:  # a later edition received: an earlier one is mailed
            return self._compare(earlier, version, received=True)
        previous = history.place(brief_id, as_of).previous
        return self._compare(previous, version, received=False) if previous else None

    def _compare(self, earlier: Edition, version: BriefVersion, *, received: bool) -> ChangesSince | None:
        sheet = self.archive.sheet(earlier)
        if sheet is None:
            return None
        return ChangesSince(
            earlier.as_of, tuple(lines(compare(sheet, version.sheet))), received, version.sheet.language
        )

    def _committed(self, brief_id: str, digest: str) -> Edition | None:
        """Find the committed version of a brief whose content has this digest, newest first."""
        for candidate in reversed(self.archive.history.versions.get(brief_id, [])):
            key = candidate.content_key
            if key not in self._digests:
                loaded = self.archive.load(candidate)
                self._digests[key] = content_digest(loaded.sheet, loaded.seed_digests) if loaded.ok else None
            if self._digests[key] == digest:
                return candidate
        return None
