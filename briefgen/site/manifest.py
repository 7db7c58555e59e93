"""What a build keeps beside its site for the next one: typed records, read and written as JSON.

The manifest (``.briefgen-manifest.json``) lives in the output folder and is
swapped in with the site, so it always describes the files beside it. For each
fact sheet it keeps a :class:`SheetRecord` (the hash of its bytes and of the
seeds it cited, its id, status, key and :class:`ListingEntry`); for each output
file and each brief card, the key it was built from; and for editions, the
peeks that place past versions in history and every brief's
:class:`EditionSummary` list. A rebuild reads it to decide what is up to date:
an unchanged sheet is never parsed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import paths
from briefgen.site.output import MANIFEST_NAME

if TYPE_CHECKING:
    from briefgen.sheet.models import FactSheet

log = logging.getLogger(__name__)

MANIFEST_FORMAT = 4  # 4: sheets, peeks and entries carry their language
Peek = list | None  # as editions.archive keeps it for a sheet blob; None: not a readable sheet


@dataclass(frozen=True)
class ListingEntry:
    """A brief as the index, listings, cards, feed and search show it: small, kept in the manifest."""

    id: str
    title: str
    as_of: str
    status: str
    region: str
    countries: tuple[str, ...]
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    handling: str
    first_point: str
    search_text: str
    version: str  # the brief's id in the project's language, '<id>@<language>' in another (sheet.versions)
    language: str

    @classmethod
    def of(cls, sheet: FactSheet, search_text: str, version: str) -> ListingEntry:
        """Summarise a validated sheet; ``search_text``: the words a reader may search it by."""
        return cls(
            id=sheet.id,
            version=version,
            language=sheet.language,
            title=sheet.title,
            as_of=sheet.as_of.isoformat(),
            status=str(sheet.status),
            region=sheet.region,
            countries=tuple(sheet.countries),
            tags=tuple(sheet.tags),
            authors=tuple(sheet.authors),
            handling=sheet.handling,
            first_point=sheet.key_points[0].text,
            search_text=search_text,
        )

    def to_json(self) -> dict:
        """Return the entry as JSON-safe values, lists for the tuples."""
        return {
            "id": self.id,
            "title": self.title,
            "as_of": self.as_of,
            "status": self.status,
            "region": self.region,
            "countries": list(self.countries),
            "tags": list(self.tags),
            "authors": list(self.authors),
            "handling": self.handling,
            "first_point": self.first_point,
            "search_text": self.search_text,
            "version": self.version,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, raw: dict) -> ListingEntry:
        lists = {name: tuple(raw[name]) for name in ("countries", "tags", "authors")}
        return cls(**{**raw, **lists})


@dataclass(frozen=True)
class SheetRecord:
    """One valid fact sheet as a build read it: what identifies its content, and how listings show it."""

    id: str
    status: str
    sheet_hash: str
    seeds: Mapping[str, str]  # project-relative seed path -> hash of its bytes
    key: str  # the brief's key: code and settings, the sheet's bytes, its seeds' bytes
    entry: ListingEntry

    @property
    def version(self) -> str:
        """The version of the brief it is, as paths and maps name it (sheet.versions)."""
        return self.entry.version

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "sheet_hash": self.sheet_hash,
            "seeds": dict(self.seeds),
            "key": self.key,
            "entry": self.entry.to_json(),
        }

    @classmethod
    def from_json(cls, raw: dict) -> SheetRecord:
        return cls(**{**raw, "entry": ListingEntry.from_json(raw["entry"])})


@dataclass(frozen=True)
class EditionSummary:
    """One edition of a brief as listings, the feed and its page say it: its number, date and what changed.

    ``changes`` is None for a first edition, and so is ``tally``, the changes counted
    by section and kind (what the feed's one-line summary says); ``unreadable`` holds
    the first error of a past edition that no longer passes today's checks (it is left
    out of the site).
    """

    key: str
    number: int
    as_of: str
    title: str = ""
    first_point: str = ""
    previous_as_of: str | None = None
    changes: tuple[str, ...] | None = None
    tally: tuple[tuple[str, str, int], ...] | None = None
    path: str = ""
    unreadable: str | None = None

    def to_json(self) -> dict:
        if self.unreadable is not None:
            return {"key": self.key, "number": self.number, "as_of": self.as_of, "unreadable": self.unreadable}
        return {
            "key": self.key,
            "number": self.number,
            "as_of": self.as_of,
            "title": self.title,
            "first_point": self.first_point,
            "previous_as_of": self.previous_as_of,
            "changes": list(self.changes) if self.changes is not None else None,
            "tally": [list(count) for count in self.tally] if self.tally is not None else None,
            "path": self.path,
        }

    @classmethod
    def from_json(cls, raw: dict) -> EditionSummary:
        changes, counted = raw.get("changes"), raw.get("tally")
        return cls(
            **{
                **raw,
                "changes": tuple(changes) if changes is not None else None,
                "tally": tuple(tuple(count) for count in counted) if counted is not None else None,
            }
        )


@dataclass(frozen=True)
class Manifest:
    """What the last build used and produced: sheet records, the key of every output and card, edition summaries."""

    global_key: str = ""
    sheets: Mapping[str, SheetRecord] = field(default_factory=dict)
    outputs: Mapping[str, str] = field(default_factory=dict)
    cards: Mapping[str, str] = field(default_factory=dict)  # card name (layout.card_name) -> key
    peeks: Mapping[str, Peek] = field(default_factory=dict)
    editions: Mapping[str, tuple[EditionSummary, ...]] = field(default_factory=dict)  # brief id -> oldest first
    # archive table path -> (part path, length of its rows) in the table's order: an edit cuts the table up again
    joins: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, out_dir: Path) -> Manifest:
        """Read the manifest beside a site; a missing one means build everything, an unreadable one says so too."""
        path = out_dir / MANIFEST_NAME
        try:
            raw = read_state(path)
        except FileNotFoundError:
            return cls()
        except StateUnreadable as error:
            log.warning("%s; rebuilding everything", error)
            return cls()
        if not isinstance(raw, dict) or raw.get("format") != MANIFEST_FORMAT:
            log.info("manifest in %s is from another briefgen; rebuilding everything", out_dir)
            return cls()
        if "part" in raw:  # a shard's part (see briefgen.shards) describes a share of a site, not a site
            log.info("%s holds a shard's part, not a site; rebuilding everything", out_dir)
            return cls()
        try:
            return cls.from_json(raw)
        except SHAPE_ERRORS:
            log.warning("%s; rebuilding everything", StateUnreadable(path, "it is not what a manifest holds"))
            return cls()

    @classmethod
    def from_json(cls, raw: dict) -> Manifest:
        editions = raw.get("editions", {})
        return cls(
            global_key=raw.get("global_key", ""),
            sheets={name: SheetRecord.from_json(record) for name, record in raw.get("sheets", {}).items()},
            outputs=raw.get("outputs", {}),
            cards=raw.get("cards", {}),
            peeks=editions.get("peeks", {}),
            editions={
                brief_id: tuple(EditionSummary.from_json(item) for item in items)
                for brief_id, items in editions.get("briefs", {}).items()
            },
            joins={table: _join_layout(parts) for table, parts in raw.get("joins", {}).items()},
        )

    def to_json(self) -> str:
        """Serialise in a stable order, so identical builds leave identical manifests."""
        body = {
            "format": MANIFEST_FORMAT,
            "global_key": self.global_key,
            "sheets": {name: record.to_json() for name, record in self.sheets.items()},
            "outputs": dict(self.outputs),
            "cards": dict(self.cards),
            "editions": {
                "peeks": dict(self.peeks),
                "briefs": {brief_id: [item.to_json() for item in items] for brief_id, items in self.editions.items()},
            },
            "joins": {table: [list(part) for part in parts] for table, parts in self.joins.items()},
        }
        return dump_json(body)


def _join_layout(parts: list) -> tuple[tuple[str, int], ...]:
    """Read one table's join layout, refusing any other shape (then the whole manifest is, as for any damage)."""
    layout = tuple((path, length) for path, length in parts)
    if not all(isinstance(path, str) and type(length) is int for path, length in layout):
        raise ValueError("a join layout names each part and its length")
    return layout


class StateUnreadable(Exception):
    """Raised for a state file briefgen keeps (a manifest, the cards) that is there but cannot be read; one line."""

    def __init__(self, path: Path, why: str):
        super().__init__(f"{paths.shown(path)} cannot be read: {why}")
        self.path = path


# What taking apart JSON of the wrong shape raises: a key missing, a list where a mapping belongs, a bad value.
SHAPE_ERRORS = (KeyError, TypeError, AttributeError, ValueError)


def read_state(path: Path) -> object:
    """Read a JSON state file; FileNotFoundError when it is missing, StateUnreadable saying why it cannot be read.

    Nesting deep enough to exhaust Python's recursion (a few thousand brackets) is
    refused like any other damage: state files are never nested more than a few levels.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except UnicodeDecodeError:
        raise StateUnreadable(path, "it is not UTF-8 text") from None
    except OSError as error:
        raise StateUnreadable(path, str(error.strerror or error)) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise StateUnreadable(path, "it is nested too deeply") from None
    except ValueError as error:
        where = f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        raise StateUnreadable(path, f"it is not JSON{where}") from None


def dump_json(body: dict) -> str:
    """Write state as compact, sorted JSON: with an indent json falls back to its slow pure-Python encoder."""
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
