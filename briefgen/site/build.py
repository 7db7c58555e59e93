"""Build the site: plan, render, write.

1. :func:`~briefgen.site.plan.plan_build` lists every output of the site with
   its key and whether it is due, from the previous site's manifest, the hashes
   of the fact sheets and seeds, a peek at each changed sheet, and git history.
2. :func:`~briefgen.site.render.render_site` reads the sheets that need it and
   renders the due outputs (pages, JSON, cards, PDFs, listings, feed), in worker
   processes (:mod:`briefgen.site.workers`) when there is enough to do.
3. :func:`~briefgen.site.write.write_site` stages what comes, keeps every
   up-to-date file, and swaps the new site in whole.

A build holds its output folder's lock from reading the old manifest to the
swap, so a second build of the same folder waits and then builds on the first
one's result. A failure anywhere leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from briefgen.config import Project
from briefgen.site.output import site_lock
from briefgen.site.plan import BuildOptions, plan_build
from briefgen.site.render import render_site
from briefgen.site.workers import Workers, start_render_pool  # importable from here, for callers lending workers
from briefgen.site.write import BuildResult, write_site

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
__all__ = ["BuildOptions", "BuildResult", "build", "start_render_pool"]


def build(
    project: Project | None = None,
    options: BuildOptions | None = None,
    progress: ProgressCallback | None = None,
    pool: ProcessPoolExecutor | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the site for a project; raise ValidationFailed or BriefgenError without touching the old site.

    ``pool``, from start_render_pool(), lends warm PDF workers that the build uses and leaves running.
    While another build holds the output folder, this one waits, telling ``on_wait`` once (default: the log);
    ``seconds`` counts the build, not the wait.
    """
    project = project or Project.discover(Path.cwd())
    options = options or BuildOptions()
    with site_lock(options.out_dir, on_wait):
        started = time.perf_counter()
        plan = plan_build(project, options)
        with Workers(plan, pool) as workers:
            result = write_site(plan, render_site(plan, workers, progress or _quiet))
        result.seconds = time.perf_counter() - started
    return result


def _quiet(done: int, total: int, label: str) -> None:
    """Report no progress."""
