"""What a desk asks before publishing an update: which editions a brief has, and what changes in this one.

``diff`` says what readers will be told: by default the working tree against the
edition before its as-of date, which is the last edition before a commit and the
one before it right after (the working tree then *is* the last edition, and the
comparison says so). ``history`` gives each edition its one-line summary, counted
from the same comparison the site makes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from briefgen.config import Project
from briefgen.editions import wording as say
from briefgen.editions.archive import Archive
from briefgen.editions.compare import Change, compare, lines, tally
from briefgen.editions.git import HistoryUnavailable
from briefgen.editions.history import Edition
from briefgen.errors import BriefgenError, ValidationFailed
from briefgen.i18n.words import words_for
from briefgen.sheet.dates import human_day
from briefgen.sheet.loader import LoadedSheet, sheet_with_id
from briefgen.sheet.models import FactSheet
from briefgen.sheet.versions import version_name

WORKING_TREE = "the working tree"
UNREADABLE = "what changed is not known: this edition or the one before it does not pass today's checks"


@dataclass(frozen=True)
class Version:
    """One version of a brief a desk can name: a committed edition, or the working tree."""

    number: int
    as_of: str
    where: str
    edition: Edition | None = None  # None for the working tree

    def describe(self) -> str:
        """Name the version in a sentence: 'edition 2 (as of 5 August 2024, commit 0f26aabc78 of 2024-08-05)'."""
        return f"edition {self.number} (as of {human_day(dt.date.fromisoformat(self.as_of))}, {self.where})"

    def heading(self) -> str:
        """Name the version at the start of a line, as `briefgen history` lists it."""
        return "E" + self.describe()[1:]


@dataclass(frozen=True)
class Comparison:
    """What changed between two versions of a brief: a note on the choice of versions, a header, one line per change."""

    older: Version
    newer: Version
    changes: tuple[Change, ...]
    note: str | None = None  # why these two, when the default chose them otherwise than a desk may expect

    @property
    def lines(self) -> list[str]:
        return lines(self.changes)

    @property
    def header(self) -> str:
        return f"What changed from {self.older.describe()} to {self.newer.describe()}:"


@dataclass(frozen=True)
class Listed:
    """One edition as ``briefgen history`` lists it: the version, and what changed in it, in a few words."""

    version: Version
    summary: str

    def line(self) -> str:
        return f"{self.version.heading()}: {self.summary}"


class _Review:
    """A brief's history and working tree, read once."""

    def __init__(self, project: Project, brief_id: str, language: str | None = None):
        self.project = project
        self.brief_id = brief_id
        language = language or project.settings.language  # a version in another language has editions of its own
        self.archive = Archive.read(project)
        if self.archive.history is None:
            raise HistoryUnavailable(f"history unavailable: {self.archive.reason}")
        version = version_name(brief_id, language, project.settings.language)
        self.committed = self.archive.history.editions.get(version, [])
        self.working: LoadedSheet | None = sheet_with_id(project.briefs_dir, brief_id, project, language)
        if self.working is None and not self.committed:
            raise BriefgenError(
                f"no fact sheet in {project.briefs_dir} and no edition in history has the id {brief_id}"
            )
        if self.working is not None and not self.working.ok:
            raise ValidationFailed(self.working.problems)

    def versions(self) -> list[Version]:
        """List the editions, oldest first: committed ones before the working tree's as_of, then the working tree."""
        if self.working is None:
            return [self._committed(number, e) for number, e in enumerate(self.committed, start=1)]
        sheet = self.working.sheet
        as_of = sheet.as_of.isoformat()
        past = [e for e in self.committed if e.as_of < as_of]
        listed = [self._committed(number, e) for number, e in enumerate(past, start=1)]
        return [*listed, Version(len(past) + 1, as_of, self._where_working(sheet, as_of))]

    def _committed(self, number: int, edition: Edition) -> Version:
        day = dt.datetime.fromtimestamp(edition.committed, dt.UTC).date().isoformat()
        return Version(number, edition.as_of, f"commit {edition.commit[:10]} of {day}", edition)

    def _committed_as_of(self, as_of: str) -> tuple[Edition | None, bool]:
        """Return the committed edition with the working tree's as_of, and whether the sheet is as in it."""
        committed = next((e for e in self.committed if e.as_of == as_of), None)
        same = committed is not None and committed.sheet_blob == _blob_hash(self.working.path.read_bytes())
        return committed, same

    def _where_working(self, sheet: FactSheet, as_of: str) -> str:
        committed, same = self._committed_as_of(as_of)
        draft = ", a draft" if sheet.status != "published" else ""
        if committed is None:
            return f"{WORKING_TREE}, not committed{draft}"
        if same:
            return f"{WORKING_TREE}, as in commit {committed.commit[:10]}{draft}"
        return f"{WORKING_TREE}, changed since commit {committed.commit[:10]}{draft}"

    def sheet_of(self, version: Version) -> FactSheet:
        if version.edition is None:
            return self.working.sheet
        loaded = self.archive.load(version.edition)
        if not loaded.ok:
            raise ValidationFailed(loaded.problems)
        return loaded.sheet

    def find(self, as_of: str) -> Version:
        """Name a version by its as-of day: the working tree's, or a committed edition's."""
        versions = self.versions()
        found = next((v for v in versions if v.as_of == as_of), None)
        edition = next((e for e in self.committed if e.as_of == as_of), None)
        if found is None and edition is None:
            known = ", ".join(v.as_of for v in versions)
            raise BriefgenError(f"{self.brief_id} has no edition as of {as_of}; its editions are as of {known}")
        return found or self._numbered(edition)

    def previous(self, newer: Version) -> Edition | None:
        """Return the edition a version's readers are told changes since: the last committed one with an earlier as_of."""
        earlier = [e for e in self.committed if e.as_of < newer.as_of]
        return earlier[-1] if earlier else None

    def last_edition(self, newer: Version) -> Version:
        """Return the edition before a version, as ``previous`` finds it, or say there is none."""
        edition = self.previous(newer)
        if edition is None:
            raise BriefgenError(f"{self.brief_id} has no committed edition before {newer.describe()} to compare with")
        return self._numbered(edition)

    def working_note(self, working: Version) -> str | None:
        """Say why the working tree is compared with the edition before the last, when it has the last one's as_of."""
        committed, same = self._committed_as_of(working.as_of)
        if committed is None:
            return None
        if same:
            return f"The working tree is edition {working.number} as committed: comparing the last two editions."
        return (
            f"The working tree changes edition {working.number} (commit {committed.commit[:10]}) without a new "
            "as-of date: comparing it with the edition before, as readers will be told."
        )

    def summary(self, version: Version) -> str:
        """Say what changed in a version since the edition before it, in a few words, as the feed does."""
        before = self.previous(version)
        if before is None:
            return say.what_changed(None)
        try:
            sheet = self.sheet_of(version)
            words = words_for(sheet.language)
            return say.what_changed(tally(compare(self.sheet_of(self._numbered(before)), sheet, words)), words)
        except ValidationFailed:
            return UNREADABLE

    def _numbered(self, edition: Edition) -> Version:
        return self._committed(sum(e.as_of < edition.as_of for e in self.committed) + 1, edition)


def _blob_hash(data: bytes) -> str:
    """Hash bytes the way git names a blob, to tell whether a file is as committed."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise BriefgenError(f"'{text}' is not a day; give an as-of date as YYYY-MM-DD") from None


def brief_history(project: Project, brief_id: str, language: str | None = None) -> list[Listed]:
    """List a brief's editions (its version in ``language``, the project's by default), oldest first, each with
    what changed in it."""
    review = _Review(project, brief_id, language)
    versions = review.versions()
    review.archive.prefetch([v.edition for v in versions if v.edition is not None])
    return [Listed(version, review.summary(version)) for version in versions]


def brief_changes(
    project: Project, brief_id: str, older: str | None = None, newer: str | None = None, language: str | None = None
) -> Comparison:
    """Compare two editions of a brief (its version in ``language``) by as-of day; by default the last committed
    edition and the working tree."""
    review = _Review(project, brief_id, language)
    if newer is not None:
        to_version = review.find(_day(newer))
    elif review.working is not None:
        to_version = review.versions()[-1]
    else:
        raise BriefgenError(
            f"{brief_id} has no fact sheet in {project.briefs_dir}; name the editions with --from and --to"
        )
    note = None
    if older is not None:
        from_version = review.find(_day(older))
    else:
        from_version = review.last_edition(to_version)
        note = review.working_note(to_version) if to_version.edition is None else None
    changes = compare(review.sheet_of(from_version), review.sheet_of(to_version))
    return Comparison(from_version, to_version, tuple(changes), note)
