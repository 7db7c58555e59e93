"""One output of a build, as the plan lists it, and the previous site that says whether it is due.

An output is a file of the site (a brief's page, JSON or PDF, a past edition's,
a listing, the feed, an asset) or a brief card kept beside the site. Its key
hashes exactly what it is made from; it is due when the previous build did
not leave a file made from that key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from briefgen.site import layout
from briefgen.site.manifest import Manifest


class OutputKind(StrEnum):
    """What an output is, which says how it is rendered and where it is kept."""

    BRIEF_PAGE = "brief page"
    BRIEF_JSON = "brief JSON"
    BRIEF_PDF = "brief PDF"
    CARD = "card"  # a brief on the index or a listing, kept in the cards file beside the site
    EDITIONS_INDEX = "editions index"
    EDITION_PAGE = "edition page"
    EDITION_JSON = "edition JSON"
    EDITION_PDF = "edition PDF"
    SITE_PAGE = "site page"  # the index, a listing, the feed, the sitemap
    SEARCH_INDEX = "search index"
    ASSET = "asset"
    BRIEF_DATA = "brief data"  # one table of the analysts' data for one edition, beside the brief's JSON
    EDITION_DATA = "edition data"
    DATA_TABLE = "data table"  # the archive's table, joined from the briefs' ones, or the package describing them


PDF_KINDS = frozenset({OutputKind.BRIEF_PDF, OutputKind.EDITION_PDF})


@dataclass(frozen=True)
class Output:
    """One output: where it goes, what it is, the key of what it is made from, and whether this build makes it."""

    path: str
    kind: OutputKind
    key: str
    due: bool

    @property
    def is_file(self) -> bool:
        """Tell whether it is a file of the site (a card is kept beside the site instead)."""
        return self.kind is not OutputKind.CARD

    @property
    def is_pdf(self) -> bool:
        return self.kind in PDF_KINDS


@dataclass
class PreviousSite:
    """The site a build is planned against: its folder and manifest, and which of its files are still there."""

    folder: Path
    manifest: Manifest
    _present: dict[str, bool] = field(default_factory=dict)  # asked of thousands of files: look once each
    _by_brief: dict[str, list[tuple[str, str]]] | None = None  # the manifest's outputs under each brief's folder

    def brief_outputs(self, version: str) -> list[tuple[str, str]]:
        """Return the (path, key) of each of a brief version's own outputs in the manifest, in the manifest's order.

        The outputs are grouped by brief folder once: scanning them all for each brief made a
        build with --only quadratic (7 minutes at 10,000 briefs).
        """
        if self._by_brief is None:
            self._by_brief = {}
            for path, key in self.manifest.outputs.items():
                own = layout.without_language(path).split("/", 2)
                if len(own) == 3 and own[0] == "briefs":
                    self._by_brief.setdefault(layout.brief_of(path), []).append((path, key))
        return [(path, key) for path, key in self._by_brief.get(version, ()) if layout.is_brief_own(version, path)]

    def fresh(self, path: str, key: str) -> bool:
        """Tell whether an output file is up to date: built from this key and still there."""
        if self.manifest.outputs.get(path) != key:
            return False
        if path not in self._present:
            self._present[path] = os.path.isfile(f"{self.folder}/{path}")  # a plain string: resolving is slow
        return self._present[path]

    def output(self, path: str, kind: OutputKind, key: str) -> Output:
        """Plan an output, due unless the previous site holds it made from this key."""
        if kind is OutputKind.CARD:
            return Output(path, kind, key, self.manifest.cards.get(path) != key)
        return Output(path, kind, key, not self.fresh(path, key))
