"""Assemble the site from shards' parts: what one machine would have built, byte for byte.

The merge plans the site exactly as a build would (same inputs, same previous
site), then takes the briefs' work from the parts instead of rendering it: each
sheet's record and current edition from its shard's part, and each of its due
files, linked in. The index, listings, feed, sitemap and search index are
rendered here from all the records, and everything goes through the one
writer, swapped in whole. Before anything is written it checks that every part
was built from the inputs it sees, and that each file of a part still has the
bytes its shard wrote, and names the part and the file that differ.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

from briefgen import paths
from briefgen.config import Project
from briefgen.shards.assign import shard_of
from briefgen.shards.part import Part, PartRefused, inputs_of, read_part
from briefgen.site.build import BuildOptions, BuildResult
from briefgen.site.cards import CARDS_NAME
from briefgen.site.output import site_lock
from briefgen.site.outputs import OutputKind
from briefgen.site.plan import BuildPlan, SheetPlan, plan_build
from briefgen.site.render import Rendered, RenderedBrief, RenderedFile, data_parts, render_site_pages
from briefgen.site.write import write_site


def merge_parts(project: Project, options: BuildOptions, folders: list[Path], progress=None) -> BuildResult:
    """Build the site at options.out_dir from the parts in ``folders``, one per shard; refuse mismatched parts."""
    if not folders:
        raise PartRefused("a merge needs the part of every shard")
    if options.only:
        raise PartRefused("a merge assembles the whole site; it cannot be combined with --only")
    parts = [read_part(folder) for folder in folders]
    with site_lock(options.out_dir):
        started = time.perf_counter()
        plan = plan_build(project, options)
        check_parts(parts, plan)
        result = write_site(plan, from_parts(plan, parts))
    result.seconds = time.perf_counter() - started
    return result


def from_parts(plan: BuildPlan, parts: list[Part]) -> Iterator[Rendered]:
    """Take every brief's work from its shard's part, then render the site-wide pages from all of them."""
    by_shard = {part.shard: part for part in parts}
    count = parts[0].count
    briefs, tables = [], {}
    for sheet in plan.to_read:
        brief = _from_part(by_shard[shard_of(sheet.name, count)], sheet)
        yield brief
        tables.update(data_parts(brief.files))
        briefs.append(brief.learned())
    yield from render_site_pages(plan, briefs, tables)


def _from_part(part: Part, sheet: SheetPlan) -> RenderedBrief:
    """Take what a shard made of one sheet: its record, its current edition, its due files and cards."""
    record = part.sheets.get(sheet.name)
    if record is None:
        raise PartRefused(f"cannot merge: {part.label} has no record of {sheet.name}, which the site needs")
    for seed, theirs in record.seeds.items():
        mine = sheet.seeds.get(seed)
        if mine != theirs:
            raise PartRefused(f"cannot merge: {part.label} was built from another {seed} ({_differ(mine, theirs)})")
    files = []
    for output in sheet.due if sheet.built else ():
        if output.kind is OutputKind.CARD:
            continue
        if part.outputs.get(output.path) != output.key:
            why = "lacks it" if output.path not in part.outputs else "made it from other inputs"
            raise PartRefused(f"cannot merge: the site needs {output.path}, and {part.label} {why}")
        files.append(RenderedFile(output, adopted_from=part.folder))
    cards = {o.key: part.cards[o.key] for o in sheet.due if o.kind is OutputKind.CARD and o.key in part.cards}
    editions = sheet.editions
    summary = part.editions.get(editions.summary_key) if editions and editions.summary is None else None
    return RenderedBrief(sheet.name, raw_id=record.id, record=record, summary=summary, files=tuple(files), cards=cards)


def check_parts(parts: list[Part], plan: BuildPlan) -> None:
    """Refuse parts that are not every shard of one plan, or were built from other inputs than these."""
    _check_complete(parts)
    mine = inputs_of(plan)
    for part in parts:
        theirs = part.inputs
        for what in ("version", "options", "settings"):
            if theirs.get(what) != mine[what]:
                raise PartRefused(
                    f"cannot merge: {part.label} was built with other {what}: {_first_difference(mine[what], theirs.get(what))}"
                )
        if part.global_key != plan.global_key:
            raise PartRefused(f"cannot merge: {part.label} was built from other templates or briefgen code")
        if theirs.get("previous") != mine["previous"]:
            raise PartRefused(
                f"cannot merge: {part.label} was planned against another previous site than {plan.previous.folder}; "
                "restore the same site for every shard and the merge"
            )
        difference = _first_difference(mine["sheets"], theirs.get("sheets") or {})
        if difference:
            raise PartRefused(f"cannot merge: {part.label} was built from other fact sheets: {difference}")
        _check_unaltered(part)


def _check_unaltered(part: Part) -> None:
    """Refuse a part one of whose files no longer has the bytes its shard wrote, or that records no digest of one."""
    for name in sorted({*part.outputs, CARDS_NAME}):
        recorded = part.digests.get(name)
        if recorded is None:
            raise PartRefused(
                f"cannot merge: {part.label} records no digest of {name}; build the part again with briefgen shard build"
            )
        path = paths.join_inside(part.folder, name)  # the part's manifest is outside input too
        if path is None:
            raise PartRefused(f"cannot merge: {part.label} lists {name}, which lies outside the part")
        found, now = _digest(path)
        if found != recorded:
            now = now or f"differs ({_differ(found, recorded)})"
            raise PartRefused(f"cannot merge: {part.label} was altered after its shard built it: {name} {now}")


def _digest(path: Path) -> tuple[str | None, str | None]:
    """Hash a regular file, never waiting on a FIFO nor reading a device; else say what is there instead."""
    try:
        return hashlib.sha256(paths.read_file(path)).hexdigest(), None
    except paths.NotAFile as error:
        return None, f"is {error.kind}, not a file"
    except OSError:
        return None, "is missing"


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
