"""One shard's part: its share of the stale work, and a manifest saying what it was built from.

A part holds the files its shard rendered, at their places in the site, the
cards of its briefs, and ``.briefgen-manifest.json`` with a ``part`` section:
which shard of how many, the options, briefgen's version and settings, a hash
of the previous site's manifest it was planned against, and the hash of every
fact sheet it saw. The merge compares all of that with what it sees itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.shards.assign import parse_shard, shard_of
from briefgen.site import cache
from briefgen.site.build import BuildResult, SiteBuild, run_locked
from briefgen.site.cards import CARDS_NAME, read_cards
from briefgen.site.output import MANIFEST_NAME, StagedSite
from briefgen.site.plan import BriefPlan, BuildOptions, Planner
from briefgen.version import __version__

ProgressCallback = Callable[[int, int, str], None]


class PartRefused(BriefgenError):
    """Raised when a shard cannot write its part, or a merge cannot use one; says which and why."""


def inputs_of(planner: Planner, plans: list[BriefPlan]) -> dict:
    """Describe what a build of these sheets is made from, for a merge to compare."""
    return {
        "options": {"pdf": planner.options.pdf, "drafts": planner.options.drafts, "force": planner.options.force},
        "version": __version__,
        "settings": planner.settings,
        "previous": previous_digest(planner),
        "sheets": {plan.name: plan.sheet_hash for plan in plans},
    }


def previous_digest(planner: Planner) -> str:
    """Hash the manifest of the site the build was planned against: 'none' when nothing counted as built."""
    if planner.options.force or not planner.previous.outputs:
        return "none"
    return cache.file_digest(planner.previous_dir / MANIFEST_NAME) or "none"


class ShardBuild(SiteBuild):
    """Build shard K of N: load and render only the stale work of its own sheets, into a part folder."""

    def __init__(self, project: Project, options: BuildOptions, progress: ProgressCallback | None, shard: str):
        if options.only:
            raise PartRefused("--shard builds a share of the whole site; it cannot be combined with --only")
        self.shard, self.count = parse_shard(shard)
        refuse_a_site(options.out_dir, f"shard {self.shard}/{self.count}")
        super().__init__(project, options, progress)

    def own(self, plans: list[BriefPlan]) -> list[BriefPlan]:
        return [plan for plan in plans if shard_of(plan.name, self.count) == self.shard]

    def keep_unchanged(self, staged: StagedSite, path: str) -> None:
        """Leave an up-to-date file out: the merge keeps it from the previous site."""

    def write_output(self, plans: list[BriefPlan]) -> BuildResult:
        """Write the part: the rendered files, the cards of its briefs and the part's manifest."""
        mine = self.own(plans)
        members = self.plan.site_members(mine)
        staged = self._staging()
        self._collect_pdfs(staged, self._write_briefs(staged, members))
        outputs = {
            path: key
            for plan, record in members
            for path, key in self.plan.member_keys(plan, record).items()
            if not self.plan.fresh(path, key)
        }
        staged.write(CARDS_NAME, self.cards.to_json([record for _, record in members]))
        staged.write(MANIFEST_NAME, self.manifest_json(plans, mine, outputs, self._current_editions(members)))
        staged.commit()
        return self.result

    def _current_editions(self, members: list[tuple[BriefPlan, dict]]) -> dict[str, dict]:
        """Summarise the current edition of each brief this shard read: the merge cannot compare without its sheet."""
        found = {}
        for plan, record in members:
            sheet = plan.loaded.sheet if plan.loaded is not None else None
            summary = self.plan.editions.current_summary(record, sheet) if sheet is not None else None
            if summary is not None:
                found[summary["key"]] = summary
        return found

    def manifest_json(
        self, plans: list[BriefPlan], mine: list[BriefPlan], outputs: dict[str, str], editions: dict[str, dict]
    ) -> str:
        """Describe the part: which shard, what it was built from, the records and editions it made, its files."""
        body = {
            "format": cache.MANIFEST_FORMAT,
            "global_key": self.plan.global_key,
            "part": {"shard": self.shard, "of": self.count, **inputs_of(self.plan, plans)},
            "sheets": {plan.name: plan.record for plan in mine if plan.loaded is not None and plan.record},
            "editions": editions,
            "outputs": dict(sorted(outputs.items())),
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def refuse_a_site(folder: Path, what: str) -> None:
    """Refuse to write a part over a site: the part would replace it."""
    try:
        raw = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(raw, dict) and "part" not in raw:
        raise PartRefused(f"refusing to write {what} into {folder}: it holds a site; give the part a folder of its own")


@dataclass
class Part:
    """A part as the merge reads it: where it is, its manifest, and its cards."""

    folder: Path
    manifest: dict
    cards: dict[str, str]

    @property
    def shard(self) -> int:
        return self.manifest["part"]["shard"]

    @property
    def count(self) -> int:
        return self.manifest["part"]["of"]

    @property
    def label(self) -> str:
        return f"{self.folder} (shard {self.shard}/{self.count})"

    @property
    def sheets(self) -> dict[str, dict]:
        return self.manifest["sheets"]

    @property
    def outputs(self) -> dict[str, str]:
        return self.manifest["outputs"]


def read_part(folder: Path) -> Part:
    """Read a part folder; refuse a folder that is not one."""
    try:
        raw = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PartRefused(f"{folder} is not a shard's part: no readable {MANIFEST_NAME} ({error})") from None
    part = raw.get("part") if isinstance(raw, dict) else None
    if not isinstance(part, dict) or raw.get("format") != cache.MANIFEST_FORMAT:
        raise PartRefused(f"{folder} is not a shard's part from this briefgen; build it with briefgen build --shard")
    return Part(folder, raw, read_cards(folder))


def build_part(
    project: Project, options: BuildOptions, shard: str, progress: ProgressCallback | None = None
) -> BuildResult:
    """Build shard K/N of the site into options.out_dir, planned against options.previous (default: nothing)."""
    return run_locked(lambda: ShardBuild(project, options, progress, shard), options.out_dir)
