"""The build's worker processes: PDFs, and many sheets read and rendered so a large build uses every core.

Workers start once the build is planned, sized by what is due. With many sheets
to read they are forked, so each starts with the plan, the templates and the
imports already in memory, and each task names one sheet's plan (or a past
edition): the worker reads and renders it with :func:`briefgen.site.render.render_brief`
and sends back what that returns: problems, the record, rendered bytes, print
HTML. The same workers then lay out the PDFs, WeasyPrint imported as they
start. Every function here runs at module level on values given to it; no
worker holds a build or calls back into one. Each worker watches the process
that started it and exits when it dies, even by ``kill -9``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import multiprocessing
import os
import select
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.site.plan import BuildPlan, SheetPlan
from briefgen.site.render import (
    PastEditionTask,
    PrintJob,
    RenderedBrief,
    RenderedFile,
    RenderInputs,
    render_brief,
    render_past_edition,
)

SPREAD_FROM = 32  # below this many sheets to read, starting workers costs more than it saves
CHUNK = 4  # sheets a worker takes at a time: fewer round trips, still an even spread

_inputs: RenderInputs | None = None  # in a forked worker: what every task shares, given as it started


def worth_spreading(sheets: int, jobs: int) -> bool:
    """Tell whether to read this many sheets in worker processes."""
    return jobs > 1 and sheets >= SPREAD_FROM and "fork" in multiprocessing.get_all_start_methods()


class Workers:
    """The processes a build renders in: none, warm PDF workers, or workers that also read and render sheets.

    ``lent``, from start_render_pool(), lends warm PDF workers that the build uses and leaves running.
    """

    def __init__(self, plan: BuildPlan, lent: ProcessPoolExecutor | None = None):
        self.inputs = RenderInputs(plan.project, plan.settings)
        self.pool = lent
        self.lent = lent is not None
        self.spread = False
        if not self.lent:
            self._start(plan)

    def _start(self, plan: BuildPlan) -> None:
        """Start workers now: for many sheets, to read and render them; for PDFs, so WeasyPrint loads meanwhile."""
        pdfs = plan.pdfs_due
        if pdfs and importlib.util.find_spec("briefgen.pdf.render") is None:
            raise BriefgenError("PDF output needs briefgen.pdf, which this briefgen does not have; build with --no-pdf")
        jobs = plan.options.jobs or os.cpu_count() or 1
        if worth_spreading(len(plan.to_read), jobs):
            self.pool, self.spread = _fork_workers(self.inputs, jobs, pdf=pdfs > 0), True
        elif pdfs:
            self.pool = start_render_pool(plan.project, max(1, min(jobs, pdfs)))

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        """Stop the workers, dropping PDFs not yet started when the build failed; lent ones keep running."""
        self.close()

    def close(self) -> None:
        """Stop the workers once their work is done, so the memory they hold is given back; lent ones keep running.

        The site-wide pages are rendered here after the last PDF: workers left waiting
        meanwhile would hold their memory through the build's largest step.
        """
        if self.pool is not None and not self.lent:
            self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None

    def render_briefs(self, sheets: Iterable[SheetPlan]) -> Iterator[RenderedBrief]:
        """Read and render each sheet, in order: in the workers when spread, else here."""
        if not self.spread:
            yield from (render_brief(sheet, self.inputs) for sheet in sheets)
            return
        try:
            yield from self.pool.map(_render_brief, sheets, chunksize=CHUNK)
        except BrokenProcessPool as error:
            raise BriefgenError(f"a worker died while loading fact sheets: {error}") from None

    def render_past_editions(
        self, tasks: list[PastEditionTask]
    ) -> Iterator[tuple[tuple[RenderedFile, ...], PrintJob | None]]:
        """Render each past edition's due outputs: in the workers when spread, else here."""
        if self.spread:
            yield from self.pool.map(_render_past_edition, tasks)
        else:
            yield from (render_past_edition(task, self.inputs) for task in tasks)

    def submit_pdf(self, job: PrintJob) -> Future:
        """Lay out one PDF in a worker."""
        return self.pool.submit(render_pdf, job.html, job.brief_id, job.as_of, self.inputs.project)


def _fork_workers(inputs: RenderInputs, workers: int, pdf: bool) -> ProcessPoolExecutor:
    """Fork workers that read and render sheets, and lay out PDFs when ``pdf``; they start at once."""
    gc.freeze()  # what the parent holds now is never collected in a worker, so its pages stay shared
    try:
        pool = ProcessPoolExecutor(
            workers, multiprocessing.get_context("fork"), initializer=_adopt, initargs=(os.getpid(), inputs, pdf)
        )
        pool.submit(os.getpid)  # with fork, the first task starts every worker
    finally:
        gc.unfreeze()
    return pool


def _adopt(parent: int, inputs: RenderInputs, pdf: bool) -> None:
    """Keep what every task shares; import WeasyPrint and parse the print stylesheet if PDFs are due."""
    global _inputs
    exit_with(parent)
    _inputs = inputs
    if pdf:
        _warm_up_worker(parent, inputs.project)


def start_render_pool(project: Project, workers: int, mp_context=None) -> ProcessPoolExecutor:
    """Start PDF worker processes that import WeasyPrint and parse the stylesheet as they start."""
    pool = ProcessPoolExecutor(workers, mp_context, initializer=_warm_up_worker, initargs=(os.getpid(), project))
    pool.submit(os.getpid)  # with fork, the first task starts every worker at once
    return pool


def _warm_up_worker(parent: int, project: Project) -> None:
    """Import WeasyPrint and parse the print stylesheet once in each worker process."""
    from briefgen.pdf import render as pdf

    exit_with(parent)
    pdf.warm_up(project)


def exit_with(parent: int) -> None:
    """Exit this worker process when ``parent`` dies.

    Nothing else would tell it: every worker holds both ends of the pool's queues, so
    a killed build leaves its workers waiting for work forever, 100 MB and more each.
    """
    threading.Thread(target=_watch, args=(parent,), name="briefgen-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    if os.getppid() == parent:
        with contextlib.suppress(OSError, AttributeError):  # no pidfd here: look once a second instead
            watched = os.pidfd_open(parent)
            if os.getppid() == parent:  # still ours once watched: the pid was not reused meanwhile
                select.select([watched], [], [])  # readable once the parent has exited
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def render_pdf(html: str, brief_id: str, as_of: str, project: Project) -> bytes:
    """Lay out one print page as PDF bytes, in a worker process."""
    from briefgen.pdf import render as pdf

    return pdf.html_to_pdf(html, project, brief_id, as_of)


def _render_brief(sheet: SheetPlan) -> RenderedBrief:
    return render_brief(sheet, _inputs)


def _render_past_edition(task: PastEditionTask) -> tuple[tuple[RenderedFile, ...], PrintJob | None]:
    return render_past_edition(task, _inputs)
