"""Which shard renders which fact sheet, and how much a build has to do.

A sheet belongs to shard ``1 + hash(file name) mod N``: the same sheet goes to
the same shard in every run and on every machine, without reading the sheet.
The file name is the manifest's name for a brief, ``briefs/<id>.yaml`` for
every sheet ``briefgen new`` writes.
"""

from __future__ import annotations

import hashlib
import re

from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.site.plan import BuildOptions, BuildPlan, plan_build

_SHARD = re.compile(r"(\d+)/(\d+)")


def parse_shard(text: str) -> tuple[int, int]:
    """Read ``K/N`` (shard K of N, counted from 1)."""
    match = _SHARD.fullmatch(text.strip())
    if match is None or not 1 <= int(match[1]) <= int(match[2]):
        raise BriefgenError(f"a shard is K/N, shard K of N with 1 <= K <= N, such as 2/4; got '{text}'")
    return int(match[1]), int(match[2])


def shard_of(name: str, count: int) -> int:
    """Give a sheet, by the manifest's name for it, to one of ``count`` shards (1 to count)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big") % count + 1


def shard_plan(plan: BuildPlan, shard: int, count: int) -> BuildPlan:
    """Keep one shard's share of a plan: its own sheets, and none of the site-wide pages the merge renders."""
    return plan.only_sheets({sheet.name for sheet in plan.sheets if shard_of(sheet.name, count) == shard})


def plan_shards(project: Project, options: BuildOptions, count: int, fan_out_above: int) -> dict:
    """Say how much of the site at options.out_dir is stale, and whether to spread it over ``count`` shards.

    The work is the PDFs due (the sheets to read with --no-pdf); above
    ``fan_out_above`` the plan names the shards, otherwise one job builds it all.
    """
    if count < 1:
        raise BriefgenError(f"a plan spreads work over 1 shard or more; got {count}")
    plan = plan_build(project, options)
    stale = plan.to_read
    pdfs = plan.pdfs_due if options.pdf else 0
    work = pdfs if options.pdf else len(stale)
    fan_out = count > 1 and work > fan_out_above
    per_shard = [sum(shard_of(sheet.name, count) == shard for sheet in stale) for shard in range(1, count + 1)]
    return {
        "briefs": len(plan.sheets),
        "stale": len(stale),
        "pdfs": pdfs,
        "fan_out": fan_out,
        "shards": [f"{shard}/{count}" for shard in range(1, count + 1)] if fan_out else [],
        "stale_per_shard": per_shard,
    }
