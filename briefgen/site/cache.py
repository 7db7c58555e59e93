"""The keys outputs are built from: briefgen's code and settings, a brief's sheet and seeds, the theme files.

Every output file has a key hashing exactly what it is made from; the plan
compares it with the key the manifest (:mod:`briefgen.site.manifest`) kept for
the file beside the previous site. A rebuild hashes bytes and compares: an
unchanged sheet is never parsed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from briefgen.keys import digest, file_digest
from briefgen.site.manifest import MANIFEST_FORMAT, SHAPE_ERRORS, StateUnreadable, dump_json, read_state
from briefgen.site.output import SiteFolders, write_state
from briefgen.site.templating import templates_used
from briefgen.themes import Theme

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SITE_INDEPENDENT = ("mail",)  # theme folders that shape no page or PDF
LOCALES_FOLDER = "locales"  # the catalogs: every page and PDF is worded through them
PRINT_FOLDER = "print"  # the print template's stylesheet and whatever it loads live here
# The modules whose code shapes a page, a PDF or the JSON export; the rest (CLI, mail, checks) do not.
# The figures' boundary data is here too: a new release of it changes every map.
OUTPUT_MODULES = (
    "keys.py",
    "themes.py",
    "i18n/__init__.py",
    "i18n/catalogs.py",
    "i18n/words.py",
    "site/build.py",
    "site/cache.py",
    "site/cards.py",
    "site/context.py",
    "site/editions.py",
    "site/layout.py",
    "site/manifest.py",
    "site/output.py",
    "site/outputs.py",
    "site/pages.py",
    "site/plan.py",
    "site/render.py",
    "site/templating.py",
    "site/workers.py",
    "site/write.py",
    "sheet/countries.py",
    "sheet/dates.py",
    "sheet/labels.py",
    "sheet/markdown.py",
    "sheet/models.py",
    "sheet/figure_forms.py",
    "pdf/fetcher.py",
    "pdf/render.py",
    "pdf/fontclock.py",
    "pdf/svg_text.py",
    "figures/__init__.py",
    "figures/boundaries.py",
    "figures/brief.py",
    "figures/claims.py",
    "figures/frame.py",
    "figures/furniture.py",
    "figures/geometry.py",
    "figures/locator.py",
    "figures/marks.py",
    "figures/relations.py",
    "figures/sides.py",
    "figures/svg.py",
    "figures/data/admin0.json",
    "editions/compare.py",
    "editions/history.py",
    "editions/wording.py",
    "sheet/peek.py",
)


def global_key(settings: dict, version: str) -> str:
    """Key what every output depends on: briefgen's code and version, and the settings (templates are keyed apart)."""
    return digest(
        f"format {MANIFEST_FORMAT}",
        version,
        *[_module_bytes(name) for name in OUTPUT_MODULES],
        json.dumps(settings, sort_keys=True),
    )


def _module_bytes(name: str) -> bytes:
    return (PACKAGE_DIR / name).read_bytes()


class ThemeHashes:
    """Key each output by the theme files it is made from, wherever each comes from; hash each file once.

    A page depends on its template and every template that one extends, includes
    or imports; a PDF also on every file under print/ (the print stylesheet and
    what it loads). So editing an override of one partial rebuilds the outputs
    that use it and nothing else, and a theme file a project overrides no longer
    counts. When a template picks another by a run-time name, every template counts.
    """

    def __init__(self, theme: Theme, env: jinja2.Environment):
        self.theme = theme
        self.env = env
        self._files: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def page_key(self, template: str) -> str:
        """Key the theme files a page rendered through ``template`` is made from."""
        if template not in self._keys:
            self._keys[template] = self._key(self._names(template))
        return self._keys[template]

    def pdf_key(self, template: str) -> str:
        """Key the theme files of a PDF: its template's and everything under print/."""
        marker = f"pdf {template}"
        if marker not in self._keys:
            self._keys[marker] = self._key(self._names(template) | set(self.theme.files(PRINT_FOLDER)))
        return self._keys[marker]

    def _names(self, template: str) -> set[str]:
        used = templates_used(self.env, template)
        if used is None:
            return {name for name in self.theme.files() if name.split("/")[0] not in SITE_INDEPENDENT}
        return used | set(self.theme.files(LOCALES_FOLDER))

    def _key(self, names: set[str]) -> str:
        parts: list[str] = []
        for name in sorted(names):
            parts += [name, self._file(name)]
        return digest(*parts)

    def _file(self, name: str) -> str:
        if name not in self._files:
            path = self.theme.find(name)
            self._files[name] = (file_digest(path) if path else None) or "missing"
        return self._files[name]


def brief_key(global_part: str, sheet_hash: str, seeds: dict[str, str]) -> str:
    """Key one brief's outputs: the site-wide key, its sheet's bytes and the seeds it cites."""
    return digest(global_part, sheet_hash, json.dumps(seeds, sort_keys=True))


# How long before it was read a file must have last changed for its stat to vouch for its bytes: more than the
# coarsest clock a file system keeps times by (2 s on FAT), so a save in the same tick as the read is never missed.
SETTLED_NS = 3_000_000_000


@dataclass(frozen=True)
class Stamp:
    """What a build saw of an input file (a sheet, a seed): the hash of its bytes and the stat taken just before.

    The next build trusts the hash without reading the file when the stat is the same
    and the file had settled before it was read (``vouches_for``): an edit in place
    changes its size, mtime or ctime, a save by rename its inode, and restoring an
    mtime by hand its ctime.
    """

    digest: str
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    taken_ns: int  # our clock just before the stat

    def vouches_for(self, status: os.stat_result) -> bool:
        """Tell whether a file whose stat is ``status`` surely holds the bytes this stamp hashed."""
        seen = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        settled = max(self.mtime_ns, self.ctime_ns) <= self.taken_ns - SETTLED_NS
        return settled and seen == (self.size, self.mtime_ns, self.ctime_ns, self.inode)

    def to_json(self) -> list:
        return [self.digest, self.size, self.mtime_ns, self.ctime_ns, self.inode, self.taken_ns]

    @classmethod
    def from_json(cls, raw: list) -> Stamp:
        digest, *numbers = raw
        if not isinstance(digest, str) or len(numbers) != 5 or not all(type(n) is int for n in numbers):
            raise ValueError("a stamp is a hash and five whole numbers")
        return cls(digest, *numbers)


STAMPS_FORMAT = 1


def read_stamps(out_dir: Path) -> dict[str, Stamp]:
    """Read what the last build of this folder saw of each input file; nothing when there is none or it is damaged."""
    path = SiteFolders.of(out_dir).stamps
    try:
        raw = read_state(path)
    except FileNotFoundError:
        return {}
    except StateUnreadable as error:
        log.info("%s; every sheet and seed is read again", error)
        return {}
    try:
        if raw.get("format") != STAMPS_FORMAT:
            return {}
        return {name: Stamp.from_json(item) for name, item in raw["stamps"].items()}
    except SHAPE_ERRORS:
        log.info("%s; every sheet and seed is read again", StateUnreadable(path, "it is not what stamps are"))
        return {}


def keep_stamps(out_dir: Path, stamps: Mapping[str, Stamp], before: Mapping[str, Stamp]) -> None:
    """Keep this build's stamps for the next one; nothing is written when they are the ones it found."""
    if stamps != before:
        body = {"format": STAMPS_FORMAT, "stamps": {name: stamp.to_json() for name, stamp in sorted(stamps.items())}}
        write_state(SiteFolders.of(out_dir).stamps, dump_json(body))


class InputHashes:
    """Hash each input file (a sheet, a seed) once per build, or take the last build's hash where its stamp vouches.

    Reading and hashing every sheet and seed was most of the plan of a no-op rebuild
    on a large archive; an unchanged file now costs one stat. What is taken is kept in
    ``stamps``, which the build keeps beside the site for the next one (``keep_stamps``).
    """

    def __init__(self, root: Path, previous: Mapping[str, Stamp]):
        self.root = root
        self.previous = previous
        self.stamps: dict[str, Stamp] = {}
        self._known: dict[str, str | None] = {}

    def trusted(self, name: str, path: Path) -> str | None:
        """Return the last build's hash of a file whose stat shows it unchanged; None when it must be read."""
        stamp = self.previous.get(name)
        if stamp is None:
            return None
        try:
            status = os.stat(path)
        except OSError:
            return None
        if not stamp.vouches_for(status):
            return None
        self.stamps[name] = stamp
        return stamp.digest

    def read(self, name: str, path: Path, reader: Callable[[Path], bytes | None]) -> tuple[bytes | None, str | None]:
        """Read a file with ``reader``, hash it and stamp it with the stat taken just before; give bytes and hash.

        Stat first, then read: a change while it is read leaves a stat that differs next time.
        """
        taken = time.time_ns()
        try:
            status = os.stat(path)
        except OSError:
            status = None
        data = reader(path)
        if data is None:
            return None, None
        found = hashlib.sha256(data).hexdigest()
        if status is not None and stat.S_ISREG(status.st_mode):
            self.stamps[name] = Stamp(
                found, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, taken
            )
        return data, found

    def __call__(self, relative: str) -> str | None:
        """Hash a seed, named relative to the project root; None when it cannot be read."""
        if relative not in self._known:
            path = self.root / relative
            found = self.trusted(relative, path)
            if found is None:
                _, found = self.read(relative, path, _bytes_or_none)
            self._known[relative] = found
        return self._known[relative]

    def unchanged(self, recorded: Mapping[str, str]) -> bool:
        """Tell whether every recorded seed still has the bytes it had."""
        return all(self(path) == expected for path, expected in recorded.items())


def _bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
