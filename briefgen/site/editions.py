"""The build's view of editions: each brief's place in history, its past editions' outputs and summaries.

A past edition's outputs are keyed by the blob hashes of its sheet and seeds
(and of the edition before it), its number and the site settings, never by the
templates or code: an archived edition is kept as it was published, and a
rebuild never renders it again (``--force`` does). The current brief's page
and PDF add the edition's number and what changed since the previous one.
Summaries (an edition's number, date and what changed) are kept in the
manifest by key, so a rebuild with nothing new loads no past edition at all.

History is read from git through :mod:`briefgen.editions` once per build, on
first need; the plan asks here, and rendering reads the summaries it gives.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen import paths
from briefgen.config import Project
from briefgen.editions.archive import Archive, display_name
from briefgen.editions.compare import Change, compare, lines, tally
from briefgen.editions.history import EDITIONS_FORMAT, Edition, Place
from briefgen.errors import BriefgenError, Severity
from briefgen.i18n.words import Words
from briefgen.keys import digest
from briefgen.sheet.dates import human_day
from briefgen.sheet.loader import SheetBytes
from briefgen.sheet.models import FactSheet
from briefgen.site import layout
from briefgen.site.data import TABLES
from briefgen.site.manifest import EditionSummary, Manifest, Peek
from briefgen.site.outputs import Output, OutputKind, PreviousSite

EDITIONS_TEMPLATE = "editions.html"


@dataclass(frozen=True)
class PastEdition:
    """One past edition in this build: what it says, whether its PDF is in the site, and its outputs."""

    edition: Edition
    summary: EditionSummary
    has_pdf: bool
    outputs: tuple[Output, ...]  # page, JSON and PDF; none for an edition that no longer passes the checks
    sheet: FactSheet | None = None  # its fact sheet as it stood, when one of its outputs is due


@dataclass(frozen=True)
class PreviousEdition:
    """The edition before the current one, as git holds it: what the current one's changes are counted from."""

    held: SheetBytes
    display: str  # COMMIT:briefs/<id>.yaml


@dataclass(frozen=True)
class BriefEditions:
    """A brief's editions as this build sees them: its place in history, its past editions, the current summary."""

    place: Place
    past: tuple[PastEdition, ...]
    summary_key: str  # of the current edition: the brief's key and its place
    summary: EditionSummary | None  # the current edition's, when a build made it before; else compared on rendering
    index: Output  # the list of the brief's editions

    @property
    def outputs(self) -> tuple[Output, ...]:
        return (*(output for past in self.past for output in past.outputs), self.index)

    def listing(self, current: EditionSummary) -> tuple[EditionSummary, ...]:
        """List every edition, oldest first, the current one last."""
        return (*(past.summary for past in self.past), current)


def describe_edition(
    key: str, number: int, sheet: FactSheet, previous_as_of: str | None, changes: list[Change] | None, path: str
) -> EditionSummary:
    """Summarise one edition for listings, the feed and the manifest: its changes' words, and their count."""
    return EditionSummary(
        key=key,
        number=number,
        as_of=sheet.as_of.isoformat(),
        title=sheet.title,
        first_point=sheet.key_points[0].text,
        previous_as_of=previous_as_of,
        changes=tuple(lines(changes)) if changes is not None else None,
        tally=tuple(tally(changes)) if changes is not None else None,
        path=path,
    )


def current_summary(
    editions: BriefEditions, sheet: FactSheet, previous: FactSheet | None, brief_id: str
) -> EditionSummary:
    """Summarise the current edition of a brief: what its page shows, compared with the edition before it."""
    place = editions.place
    changes = compare(previous, sheet) if previous is not None else None
    previous_as_of = place.previous.as_of if place.previous else None
    path = layout.brief_page_path(brief_id)
    return describe_edition(editions.summary_key, place.number, sheet, previous_as_of, changes, path)


def _day(iso: str | None, words: Words | None = None) -> str | None:
    return human_day(dt.date.fromisoformat(iso), words) if iso else None


def page_edition(summary: EditionSummary, *, archived: bool, words: Words | None = None) -> dict:
    """Say what a brief's page shows of its edition: number, what changed, and links to the other editions."""
    return {
        "number": summary.number,
        "archived": archived,
        "as_of_human": _day(summary.as_of, words),
        "previous_as_of_iso": summary.previous_as_of,
        "previous_as_of_human": _day(summary.previous_as_of, words),
        "changes": list(summary.changes) if summary.changes is not None else None,
        **layout.edition_links(archived=archived),
    }


def index_items(listing: tuple[EditionSummary, ...], words: Words | None = None) -> list[dict]:
    """Describe the editions for the list of a brief's editions, newest first, each with what changed."""
    shown = []
    for position, summary in enumerate(listing):
        current = position == len(listing) - 1
        readable = summary.unreadable is None
        shown.append(
            {
                **summary.to_json(),
                "current": current,
                "href": layout.edition_list_href(summary.as_of, current=current) if readable else None,
                "unreadable": summary.unreadable,
                "changes": list(summary.changes) if summary.changes is not None else None,
                "as_of_human": _day(summary.as_of, words),
                "previous_as_of_human": _day(summary.previous_as_of, words),
            }
        )
    return list(reversed(shown))


class EditionsPlanner:
    """Answer the plan's questions about editions, reading the history once, on first need."""

    def __init__(self, project: Project, settings: dict, previous: PreviousSite, *, pdf: bool, index_template: str):
        self.project = project
        self.previous = previous
        self.pdf = pdf
        self.index_template = index_template  # the key of the editions list's templates
        self._settings_json = json.dumps(settings, sort_keys=True)
        self.known = {item.key: item for items in previous.manifest.editions.values() for item in items}
        self.warnings: list[str] = []
        self._archive: Archive | None = None
        self._prefetched = False

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = Archive.read(self.project, dict(self.previous.manifest.peeks))
        return self._archive

    @property
    def available(self) -> bool:
        return self.archive.history is not None

    def notices(self) -> list[str]:
        """Return the lines a person should read: history unavailable, or past editions that no longer load."""
        return ([self.archive.notice] if self.archive.notice else []) + self.warnings

    def keep_published(self, planned: Iterable[str], published: Manifest) -> None:
        """Refuse a build without history that would delete edition files an earlier build published.

        Only history says which edition a version is, so a build without it cannot make
        those files again, nor number the current edition, nor list the editions: it
        stops rather than publish a site that lost them (a CI job's shallow clone).
        """
        made = [path for path in published.outputs if layout.is_edition_output(path)]
        if not made or self.available:
            return
        lost = sorted(set(made) - set(planned))
        if lost:
            where = paths.shown(self.previous.folder)
            raise BriefgenError(
                f"cannot build {where} without its history: {self.archive.reason}; {where} holds {len(lost)} edition "
                f"files (first {lost[0]}) that only history can make, and this build would delete them, "
                "so it was left as it was"
            )

    def peeks(self) -> dict[str, Peek]:
        """Return the blob peeks to keep for the next build (none when history was never read)."""
        return dict(self._archive.peeks) if self._archive is not None else dict(self.previous.manifest.peeks)

    def for_brief(self, brief_id: str, as_of: str, brief_key: str) -> BriefEditions | None:
        """Place a brief's current version in its history, and key and summarise its past editions."""
        if not self.available:
            return None
        place = self.archive.history.place(brief_id, as_of)
        past = []
        for number, edition in enumerate(place.past, start=1):
            before = place.past[number - 2] if number > 1 else None
            past.append(self._past_edition(edition, number, before))
        summary_key = digest(brief_key, place.key)
        index_key = digest(self.index_template, brief_key, place.key, *(p.summary.key for p in past))
        index = self.previous.output(layout.editions_index_path(brief_id), OutputKind.EDITIONS_INDEX, index_key)
        return BriefEditions(place, tuple(past), summary_key, self.known.get(summary_key), index)

    def prefetch(self, editions: list[BriefEditions]) -> None:
        """Read, in one git process, every edition that rendering will compare a current one with."""
        self.archive.prefetch([e.place.previous for e in editions if e.summary is None and e.place.previous])

    def previous_edition(self, editions: BriefEditions) -> PreviousEdition | None:
        """Return the edition before the current one as bytes, for rendering to compare with; None if there is none."""
        before = editions.place.previous
        held = self.archive.sheet_bytes(before) if before is not None else None
        return PreviousEdition(held, display_name(before)) if held is not None else None

    # --- past editions --------------------------------------------------------

    def _past_key(self, edition: Edition, number: int, before: Edition | None) -> str:
        """Key a past edition by what it shows: its blobs, its number, the edition before it, the site settings."""
        return digest(EDITIONS_FORMAT, self._settings_json, Place(number, before, ()).key, edition.content_key)

    def _past_edition(self, edition: Edition, number: int, before: Edition | None) -> PastEdition:
        key = self._past_key(edition, number, before)
        summary = self.known.get(key) or self._summarise(key, edition, number, before)
        if summary.unreadable is not None:
            return PastEdition(edition, summary, False, ())
        brief_id, as_of = edition.brief_id, edition.as_of
        pdf_path = layout.edition_file_path(brief_id, as_of, "pdf")
        has_pdf = self.pdf or self.previous.fresh(pdf_path, key)
        outputs = [
            self.previous.output(
                layout.edition_page_path(brief_id, as_of), OutputKind.EDITION_PAGE, digest(key, f"pdf={has_pdf}")
            ),
            self.previous.output(layout.edition_file_path(brief_id, as_of, "json"), OutputKind.EDITION_JSON, key),
        ]
        if has_pdf:
            outputs.append(self.previous.output(pdf_path, OutputKind.EDITION_PDF, key))
        outputs += [
            self.previous.output(
                layout.edition_file_path(brief_id, as_of, f"{table}.csv"), OutputKind.EDITION_DATA, key
            )
            for table in TABLES
        ]
        sheet = self._sheet(edition) if any(output.due for output in outputs) else None
        return PastEdition(edition, summary, has_pdf, tuple(outputs), sheet)

    def _sheet(self, edition: Edition) -> FactSheet | None:
        """Load a past edition; the first time any is needed, read the blobs of all that may be, at once."""
        if not self._prefetched:
            self._prefetched = True
            self.archive.prefetch(self._unsummarised())
        return self.archive.sheet(edition)

    def _unsummarised(self) -> list[Edition]:
        """List the committed editions (and the ones before them) whose summaries are not kept."""
        wanted = []
        for editions in self.archive.history.editions.values():
            for number, edition in enumerate(editions, start=1):
                before = editions[number - 2] if number > 1 else None
                if self._past_key(edition, number, before) not in self.known:
                    wanted += [edition, before] if before else [edition]
        return wanted

    def _summarise(self, key: str, edition: Edition, number: int, before: Edition | None) -> EditionSummary:
        sheet = self._sheet(edition)
        if sheet is None:
            errors = [p for p in self.archive.load(edition).problems if p.severity is Severity.ERROR]
            self.warnings.append(f"{errors[0]} (edition {number} of {edition.brief_id}, left out of the site)")
            return EditionSummary(key=key, number=number, as_of=edition.as_of, unreadable=str(errors[0]))
        earlier = self._sheet(before) if before else None
        changes = compare(earlier, sheet) if earlier else None
        path = layout.edition_page_path(edition.brief_id, edition.as_of)
        return describe_edition(key, number, sheet, before.as_of if before else None, changes, path)
