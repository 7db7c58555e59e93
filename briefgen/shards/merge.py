"""Assemble the site from shards' parts: what one machine would have built, byte for byte.

The merge plans the site exactly as a build would (same inputs, same previous
site), then takes the stale work from the parts instead of doing it: each
stale sheet's record from its shard's part, and each of its stale files,
linked in. The index, listings, feed, sitemap and search index are rendered
here from all the records, and everything goes through the one staged writer,
swapped in whole. Before anything is written it checks that every part was
built from the inputs it sees, and names the part and the file that differ.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefgen.config import Project
from briefgen.shards.assign import shard_of
from briefgen.shards.part import Part, PartRefused, inputs_of, read_part
from briefgen.site.build import BuildResult, SiteBuild, run_locked
from briefgen.site.plan import BriefPlan, BuildOptions, Planner

ProgressCallback = Callable[[int, int, str], None]


class MergeBuild(SiteBuild):
    """Build the site at options.out_dir from its previous state and the parts of every shard."""

    def __init__(self, project: Project, options: BuildOptions, progress: ProgressCallback | None, parts: list[Part]):
        if options.only:
            raise PartRefused("--merge assembles the whole site; it cannot be combined with --only")
        super().__init__(project, options, progress)
        self.given = parts
        self.parts = {part.shard: part for part in parts}
        self.count = parts[0].count

    def own(self, plans: list[BriefPlan]) -> list[BriefPlan]:
        """Answer for every sheet, once the parts are known to be built from the same inputs as this merge."""
        check_parts(self.given, self.plan, plans)
        return plans

    def start_pool(self, to_load: list[BriefPlan]) -> None:
        """Start nothing: the shards did the rendering."""

    def load(self, plans: list[BriefPlan]) -> None:
        """Take each stale sheet's record and files, and its current edition's summary, from its shard's part."""
        for part in self.parts.values():
            self.plan.editions.known.update(part.manifest.get("editions", {}))
        for plan in plans:
            part = self.parts[shard_of(plan.name, self.count)]
            plan.record = part.sheets.get(plan.name)
            if plan.record is None:
                raise PartRefused(f"cannot merge: {part.label} has no record of {plan.name}, which the site needs")
            self._check_seeds(part, plan.record)
            if self.plan.selected(plan.record):
                self._adopt_files(part, plan)
        for part in self.parts.values():
            self.cards.add(part.cards)

    def _check_seeds(self, part: Part, record: dict) -> None:
        for seed, theirs in record["seeds"].items():
            mine = self.plan.seeds(seed)
            if mine != theirs:
                raise PartRefused(f"cannot merge: {part.label} was built from another {seed} ({_differ(mine, theirs)})")

    def _adopt_files(self, part: Part, plan: BriefPlan) -> None:
        staged = self._staging()
        for path, key in self.plan.member_keys(plan, plan.record).items():
            if self.plan.fresh(path, key):
                continue
            if part.outputs.get(path) != key:
                why = "lacks it" if path not in part.outputs else "made it from other inputs"
                raise PartRefused(f"cannot merge: the site needs {path}, and {part.label} {why}")
            staged.adopt(path, part.folder)
            self.result.files_written.append(path)
            self.prerendered.add(path)
            if path.endswith(".pdf"):
                self.result.pdfs.append(plan.record["id"])


def check_parts(parts: list[Part], planner: Planner, plans: list[BriefPlan]) -> None:
    """Refuse parts that are not every shard of one plan, or were built from other inputs than these."""
    _check_complete(parts)
    mine = inputs_of(planner, plans)
    for part in parts:
        theirs = part.manifest["part"]
        for what in ("version", "options", "settings"):
            if theirs.get(what) != mine[what]:
                raise PartRefused(
                    f"cannot merge: {part.label} was built with other {what}: {_first_difference(mine[what], theirs.get(what))}"
                )
        if part.manifest.get("global_key") != planner.global_key:
            raise PartRefused(f"cannot merge: {part.label} was built from other templates or briefgen code")
        if theirs.get("previous") != mine["previous"]:
            raise PartRefused(
                f"cannot merge: {part.label} was planned against another previous site than {planner.previous_dir}; "
                "restore the same site for every shard and the merge"
            )
        difference = _first_difference(mine["sheets"], theirs.get("sheets") or {})
        if difference:
            raise PartRefused(f"cannot merge: {part.label} was built from other fact sheets: {difference}")


def _check_complete(parts: list[Part]) -> None:
    counts = sorted({part.count for part in parts})
    if len(counts) > 1:
        raise PartRefused(f"cannot merge: the parts come from plans of {' and '.join(map(str, counts))} shards")
    seen: dict[int, Part] = {}
    for part in parts:
        if part.shard in seen:
            raise PartRefused(
                f"cannot merge: {seen[part.shard].folder} and {part.folder} are both shard {part.shard}/{part.count}"
            )
        seen[part.shard] = part
    missing = [f"{shard}/{counts[0]}" for shard in range(1, counts[0] + 1) if shard not in seen]
    if missing:
        raise PartRefused(f"cannot merge: shard {', '.join(missing)} is missing; give the part of every shard")


def _first_difference(mine: object, theirs: object) -> str:
    """Name the first key whose values differ between what the merge sees and what the part recorded."""
    if not (isinstance(mine, dict) and isinstance(theirs, dict)):
        return "" if mine == theirs else f"{mine!r} here, {theirs!r} in the part"
    for key in sorted(mine.keys() | theirs.keys()):
        if key not in theirs:
            return f"{key} is here but not in the part"
        if key not in mine:
            return f"{key} is in the part but not here"
        if mine[key] != theirs[key]:
            return f"{key} differs ({_differ(mine[key], theirs[key])})"
    return ""


def _differ(mine: object, theirs: object) -> str:
    def short(value: object) -> str:
        return value[:12] if isinstance(value, str) and len(value) == 64 else repr(value)

    return f"{short(mine)} here, {short(theirs)} in the part"


def merge_parts(
    project: Project, options: BuildOptions, folders: list[Path], progress: ProgressCallback | None = None
) -> BuildResult:
    """Build the site at options.out_dir from the parts in ``folders``, one per shard; refuse mismatched parts."""
    if not folders:
        raise PartRefused("--merge needs the part of every shard")
    parts = [read_part(folder) for folder in folders]
    return run_locked(lambda: MergeBuild(project, options, progress, parts), options.out_dir)
