"""The build's worker processes: PDFs, and many briefs loaded and rendered so a large build uses every core.

A build with many sheets to read forks its workers once it has planned, so
each worker starts with the build (its plan, the last manifest, the templates)
in memory; a task names one fact sheet. The worker reads and checks it,
describes it for the manifest and renders its stale page and JSON export with
the build's own code (:meth:`SiteBuild.load_brief`). What comes back is small:
the sheet's problems and where its id is, its record, the rendered files as
bytes, and the model only when its PDF is due. The same workers then render
the PDFs, WeasyPrint imported as they start.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.sheet.loader import LoadedSheet

if TYPE_CHECKING:
    from briefgen.site.build import SiteBuild
    from briefgen.site.plan import BriefPlan

SPREAD_FROM = 32  # below this many sheets to read, starting workers costs more than it saves
CHUNK = 4  # sheets a worker takes at a time: fewer round trips, still an even spread

_build: SiteBuild | None = None  # in a worker: the build it was forked from


@dataclass
class LoadedBrief:
    """What loading one sheet gave: its summary, its manifest record, rendered files and a deferred failure."""

    loaded: LoadedSheet
    record: dict | None
    files: dict[str, bytes] = field(default_factory=dict)
    cards: dict[str, str] = field(default_factory=dict)  # see cards.py
    failure: BriefgenError | None = None  # raised once every sheet's problems are known


def worth_spreading(sheets: int, jobs: int) -> bool:
    """Tell whether to load this many sheets in worker processes."""
    return jobs > 1 and sheets >= SPREAD_FROM and "fork" in multiprocessing.get_all_start_methods()


def start_workers(build: SiteBuild, workers: int, pdf: bool) -> ProcessPoolExecutor:
    """Fork workers that load and render the build's sheets, and its PDFs when ``pdf``; they start at once."""
    gc.freeze()  # what the parent holds now is never collected in a worker, so its pages stay shared
    try:
        pool = ProcessPoolExecutor(
            workers, multiprocessing.get_context("fork"), initializer=_adopt, initargs=(build, pdf)
        )
        pool.submit(os.getpid)  # with fork, the first task starts every worker
    finally:
        gc.unfreeze()
    return pool


def _adopt(build: SiteBuild, pdf: bool) -> None:
    """Keep the build this worker was forked from; import WeasyPrint and parse the print stylesheet if PDFs are due."""
    global _build
    _build = build
    if pdf:
        _warm_up_worker(build.project)


def start_render_pool(project: Project, workers: int, mp_context=None) -> ProcessPoolExecutor:
    """Start PDF worker processes that import WeasyPrint and parse the stylesheet as they start."""
    pool = ProcessPoolExecutor(workers, mp_context, initializer=_warm_up_worker, initargs=(project,))
    pool.submit(os.getpid)  # with fork, the first task starts every worker at once
    return pool


def _warm_up_worker(project: Project) -> None:
    """Import WeasyPrint and parse the print stylesheet once in each worker process."""
    from briefgen.pdf import render as pdf

    pdf.warm_up(project)


def render_pdf(sheet, edition: dict | None, project: Project) -> bytes:
    """Render one PDF in a worker process."""
    from briefgen.pdf import render as pdf

    return pdf.render_brief_pdf(sheet, project, edition)


def load_brief(plan: BriefPlan) -> LoadedBrief:
    """Load and render one sheet in a worker, with the build it was forked from."""
    return _build.load_brief(plan)


def load_all(build: SiteBuild, pool: ProcessPoolExecutor | None, plans: list[BriefPlan]):
    """Yield each plan with what loading it gave, in order: in the workers of ``pool``, or here without one."""
    if pool is None:
        yield from ((plan, build.load_brief(plan)) for plan in plans)
        return
    yield from zip(plans, pool.map(load_brief, plans, chunksize=CHUNK), strict=True)
