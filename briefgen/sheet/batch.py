"""Check many fact sheets at once, spread over worker processes.

Reading and checking a sheet is pure CPU (YAML, the models, quote matching), so
a large archive is checked as fast as the machine has cores. Each worker reads
through the loader, still the only reader, and sends back a summary: the problems
and where the id stands. The located tree and the model stay behind; they are
many times the size of the sheet and slow to send between processes.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from briefgen.config import Project
from briefgen.sheet.loader import (
    LoadedSheet,
    Report,
    add_id_clashes,
    add_version_problems,
    check_paths,
    collector_paused,
    find_sheets,
    placed_version,
    projects_of,
    read_sheet,
    version_facts,
    versioned_positions,
)
from briefgen.sheet.versions import VersionFacts

SPREAD_FROM = 32  # below this many sheets, starting workers costs more than it saves
CHUNK = 8  # sheets a worker takes at a time: fewer round trips, still an even spread


def worker_count(jobs: int | None, sheets: int) -> int:
    """Say how many worker processes suit this many sheets; 1 means do it here."""
    if sheets < SPREAD_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, sheets // CHUNK))


def check_many(paths: list[Path], project: Project | None = None, jobs: int | None = None) -> Report:
    """Check fact sheets as check_paths does, over ``jobs`` processes (default: the CPU count) when there are many.

    The sheets of the report carry their problems but not their models; use
    check_paths when you need the models.
    """
    found = find_sheets(paths)
    workers = worker_count(jobs, len(found))
    if workers == 1:
        return check_paths(paths, project)
    # fork: a worker starts at once, with the loader already imported, and the warnings too: each would import them.
    import briefgen.sheet.warnings  # noqa: F401

    projects = projects_of(found, project)
    with ProcessPoolExecutor(workers, multiprocessing.get_context("fork")) as pool:
        sheets = list(pool.map(_check_one, found, projects, chunksize=CHUNK))
        placed = [placed_version(loaded) for loaded in sheets]
        add_id_clashes(sheets, placed)
        # Only a brief with versions in several languages needs its facts compared: read those again for them.
        versioned = versioned_positions(placed)
        picked = [found[i] for i in versioned], [projects[i] for i in versioned]
        facts = list(pool.map(_facts_of_one, *picked, chunksize=CHUNK))
    add_version_problems(sheets, facts, projects)
    return Report(sheets)


def _check_one(path: Path, project: Project) -> LoadedSheet:
    """Read one sheet in a worker; return its summary, which says where it is placed."""
    with collector_paused():  # until the tree is dropped: a collection then has nothing of it to walk
        return read_sheet(path, project).summary()


def _facts_of_one(path: Path, project: Project) -> VersionFacts | None:
    """Read a version in a worker; return what it says that is not prose."""
    with collector_paused():
        return version_facts(read_sheet(path, project))
