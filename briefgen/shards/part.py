"""One shard's part: its share of the stale work, and a manifest saying what it was built from.

A part holds the files its shard rendered, at their places in the site, the
cards of its briefs, and ``.briefgen-manifest.json`` with a ``part`` section:
which shard of how many, the options, briefgen's version and settings, a hash
of the previous site's manifest it was planned against, and the hash of every
fact sheet it saw. The merge compares all of that with what it sees itself.
The manifest also keeps the SHA-256 of every file of the part, cards included,
taken from the bytes as they went to the writer, so a merge refuses a part
altered after its shard ran.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefgen import paths
from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.keys import file_digest
from briefgen.shards.assign import parse_shard, shard_plan
from briefgen.site.build import BuildOptions, BuildResult
from briefgen.site.cards import CARDS_NAME, cards_json, load_cards
from briefgen.site.manifest import (
    MANIFEST_FORMAT,
    SHAPE_ERRORS,
    EditionSummary,
    SheetRecord,
    StateUnreadable,
    dump_json,
    read_state,
)
from briefgen.site.output import MANIFEST_NAME, site_lock
from briefgen.site.plan import BuildPlan, plan_build
from briefgen.site.render import Rendered, RenderedBrief, RenderedCards, render_site
from briefgen.site.workers import Workers
from briefgen.site.write import Target, write_site
from briefgen.version import __version__

ProgressCallback = Callable[[int, int, str], None]


class PartRefused(BriefgenError):
    """Raised when a shard cannot write its part, or a merge cannot use one; says which and why."""


def inputs_of(plan: BuildPlan) -> dict:
    """Describe what a build of this plan is made from, for a merge to compare."""
    return {
        "options": {"pdf": plan.options.pdf, "drafts": plan.options.drafts, "force": plan.options.force},
        "version": __version__,
        "settings": plan.settings,
        "previous": previous_digest(plan),
        "sheets": {sheet.name: sheet.sheet_hash for sheet in plan.sheets},
    }


def previous_digest(plan: BuildPlan) -> str:
    """Hash the manifest of the site the build was planned against: 'none' when nothing counted as built."""
    if plan.options.force or not plan.previous.manifest.outputs:
        return "none"
    return file_digest(plan.previous.folder / MANIFEST_NAME) or "none"


def build_part(
    project: Project, options: BuildOptions, shard: str, progress: ProgressCallback | None = None
) -> BuildResult:
    """Build shard K/N of the site into options.out_dir, planned against options.previous (default: nothing)."""
    if options.only:
        raise PartRefused("a shard builds a share of the whole site; it cannot be combined with --only")
    number, count = parse_shard(shard)
    refuse_a_site(options.out_dir, f"shard {number}/{count}")
    with site_lock(options.out_dir):
        started = time.perf_counter()
        whole = plan_build(project, options)
        mine = shard_plan(whole, number, count)
        digests = FileDigests()
        part = Target(
            lambda plan, briefs, _joins: part_manifest(whole, plan, briefs, number, count, digests), whole=False
        )
        with Workers(mine) as workers:
            result = write_site(mine, digests.taken(render_site(mine, workers, progress or (lambda *_: None))), part)
        result.seconds = time.perf_counter() - started
        return result


class FileDigests:
    """The SHA-256 of every file a part holds, taken from the bytes as they pass to the writer, by path."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {CARDS_NAME: _sha256(cards_json({}))}  # what the writer keeps when given none

    def taken(self, rendered: Iterable[Rendered]) -> Iterator[Rendered]:
        """Pass every rendered item on, hashing the files and the cards it carries."""
        for item in rendered:
            if isinstance(item, RenderedCards):
                self.files[CARDS_NAME] = _sha256(cards_json(item.html()))
            else:
                for file in item.files if isinstance(item, RenderedBrief) else (item,):
                    self.files[file.output.path] = _sha256(file.data)
            yield item


def _sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def part_manifest(
    whole: BuildPlan, mine: BuildPlan, briefs: list[RenderedBrief], shard: int, count: int, digests: FileDigests
) -> str:
    """Describe the part: which shard, what it was built from, the records and editions it made, its files."""
    summaries = {}
    for brief, sheet in zip(briefs, mine.to_read, strict=True):
        summary = brief.summary or (sheet.editions.summary if sheet.editions and sheet.built else None)
        if summary is not None:
            summaries[summary.key] = summary.to_json()
    body = {
        "format": MANIFEST_FORMAT,
        "global_key": whole.global_key,
        "part": {"shard": shard, "of": count, **inputs_of(whole)},
        "sheets": {brief.name: brief.record.to_json() for brief in briefs if brief.record is not None},
        "editions": summaries,
        "outputs": dict(sorted((o.path, o.key) for o in mine.outputs if o.is_file and o.due)),
        "digests": dict(sorted(digests.files.items())),
    }
    return dump_json(body)


def refuse_a_site(folder: Path, what: str) -> None:
    """Refuse to write a part over a site, or over a folder whose manifest cannot tell: the part would replace it."""
    try:
        raw = read_state(folder / MANIFEST_NAME)
    except OSError:
        return
    except StateUnreadable as error:
        raise PartRefused(
            f"refusing to write {what} into {folder}: {error}; give the part a folder of its own"
        ) from None
    if isinstance(raw, dict) and "part" not in raw:
        raise PartRefused(f"refusing to write {what} into {folder}: it holds a site; give the part a folder of its own")


@dataclass(frozen=True)
class Part:
    """A part as the merge reads it: where it is, what it was built from, the records, files and cards it holds."""

    folder: Path
    shard: int
    count: int
    inputs: Mapping  # see inputs_of
    global_key: str
    sheets: Mapping[str, SheetRecord]
    editions: Mapping[str, EditionSummary]
    outputs: Mapping[str, str]
    cards: Mapping[str, str]
    digests: Mapping[str, str]  # every file of the part (cards included) -> SHA-256 of its bytes as written

    @property
    def label(self) -> str:
        return f"{self.folder} (shard {self.shard}/{self.count})"


def read_part(folder: Path) -> Part:
    """Read a part folder; refuse a folder that is not one, or whose manifest or cards cannot be read."""
    try:
        raw = read_state(folder / MANIFEST_NAME)
    except OSError as error:
        raise PartRefused(f"{folder} is not a shard's part: no readable {MANIFEST_NAME} ({error})") from None
    except StateUnreadable as error:
        raise PartRefused(f"{folder} is not a shard's part: {error}") from None
    part = raw.get("part") if isinstance(raw, dict) else None
    if not isinstance(part, dict) or raw.get("format") != MANIFEST_FORMAT:
        raise PartRefused(f"{folder} is not a shard's part from this briefgen; build it with briefgen shard build")
    try:
        return _part_of(folder, raw, part)
    except StateUnreadable as error:
        raise PartRefused(f"cannot merge: {error}") from None
    except SHAPE_ERRORS:
        why = f"{paths.shown(folder / MANIFEST_NAME)} is not what a part's manifest holds"
        raise PartRefused(f"{folder} is not a shard's part: {why}") from None


def _part_of(folder: Path, raw: dict, part: dict) -> Part:
    try:
        cards = load_cards(folder)
    except FileNotFoundError:
        cards = {}
    return Part(
        folder=folder,
        shard=int(part["shard"]),
        count=int(part["of"]),
        inputs=part,
        global_key=raw.get("global_key", ""),
        sheets={name: SheetRecord.from_json(record) for name, record in raw["sheets"].items()},
        editions={key: EditionSummary.from_json(item) for key, item in raw.get("editions", {}).items()},
        outputs=dict(raw["outputs"]),
        cards=cards,
        digests=dict(raw.get("digests") or {}),  # none from a briefgen before digests: the merge says so
    )
