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
from briefgen.sheet.loader import LoadedSheet, Report, add_id_clashes, check_paths, find_sheets, projects_of, read_sheet

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
    # fork: a worker starts at once, with the loader already imported.
    with ProcessPoolExecutor(workers, multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(_check_one, found, projects_of(found, project), chunksize=CHUNK))
    sheets = [summary for summary, _ in results]
    add_id_clashes(sheets, [brief_id for _, brief_id in results])
    return Report(sheets)


def _check_one(path: Path, project: Project) -> tuple[LoadedSheet, str | None]:
    """Read one sheet in a worker; return its summary and the brief id it is placed by."""
    loaded = read_sheet(path, project)
    return loaded.summary(), loaded.placed_id
