"""Build the site: hash -> load and validate -> plan -> render (PDFs in parallel) -> write.

A rebuild first hashes the bytes of every fact sheet and the seeds it cited
last time and compares them with the manifest beside the site: unchanged
sheets are not even parsed (see :mod:`briefgen.plan`). When PDFs are due, the
worker pool starts before anything is loaded, so WeasyPrint's import in the
workers overlaps with the loading and page rendering here. Everything is
written to a staging folder swapped in whole at the end; files that did not
change are hard-linked over. A build holds its output folder's lock from
start to end, so a second build of the same folder waits and then builds on
the first one's result.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.config import Project
from briefgen.errors import BriefgenError, Problem, Severity, ValidationFailed
from briefgen.sheet.loader import read_sheet
from briefgen.site import pages, workers
from briefgen.site.cache import Manifest
from briefgen.site.cards import CARDS_NAME, CardCache, render_cards
from briefgen.site.context import brief_context
from briefgen.site.output import MANIFEST_NAME, OutputError, StagedSite, site_lock
from briefgen.site.plan import BriefPlan, BuildOptions, Planner
from briefgen.site.templating import render_template
from briefgen.site.workers import start_render_pool  # importable from here, for callers lending warm workers

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
__all__ = ["BuildOptions", "BuildResult", "SiteBuild", "build", "start_render_pool"]


@dataclass
class BuildResult:
    """What a build did, for the summary line and for tests."""

    out_dir: Path
    rendered: list[str] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    files_written: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # one line each, e.g. that git history is unavailable
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.files_written)

    def summary(self, shown_as: Path | str | None = None) -> str:
        """Say in one line what the build did and how long it took."""
        where = shown_as if shown_as is not None else self.out_dir
        if not self.changed:
            return f"{where} is up to date: {_count(len(self.up_to_date), 'brief')}, nothing written ({self.seconds:.2f} s)"
        return (
            f"built {where}: {_count(len(self.rendered), 'brief')} rendered ({_count(len(self.pdfs), 'PDF')}), "
            f"{len(self.up_to_date)} up to date, {_count(len(self.files_written), 'file')} written in {self.seconds:.2f} s"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class SiteBuild:
    """One run of the build, from hashing to the swap."""

    def __init__(
        self,
        project: Project,
        options: BuildOptions,
        progress: ProgressCallback | None,
        pool: ProcessPoolExecutor | None = None,
    ):
        self.project = project
        self.options = options
        self.progress = progress or (lambda done, total, label: None)
        self.plan = Planner(project, options)
        self.manifest = Manifest(global_key=self.plan.global_key)
        self.result = BuildResult(self.plan.out_dir)
        self.pool: ProcessPoolExecutor | None = pool
        self.shared_pool = pool is not None  # a caller's warm workers (serve) outlive this build
        self.spread = False  # whether the pool's workers also load and render the sheets
        self.staged: StagedSite | None = None
        self.prerendered: set[str] = set()
        self.failures: list[BriefgenError] = []
        self.cards = CardCache(project, self.plan.settings, self.plan.card_key_base, self.plan.previous_dir)

    def run(self) -> BuildResult:
        """Carry out the build and return what it did."""
        plans = self.plan.plan_sheets()
        mine = self.own(plans)
        to_load = [plan for plan in mine if self.plan.needs_loading(plan)]
        self.start_pool(to_load)
        try:
            self.load(to_load)
            self.check_problems(mine)
            if self.failures:
                raise self.failures[0]
            return self.write_output(plans)
        except BaseException:
            if self.staged is not None:
                self.staged.discard()
            raise
        finally:
            self.stop_pool()

    def own(self, plans: list[BriefPlan]) -> list[BriefPlan]:
        """Pick the sheets this build loads and answers for: all of them (a shard takes its share)."""
        return plans

    def write_output(self, plans: list[BriefPlan]) -> BuildResult:
        """Write what this build makes: the whole site (a shard writes its part)."""
        return self._write_site(plans)

    # --- loading --------------------------------------------------------------

    def load(self, plans: list[BriefPlan]) -> None:
        """Parse and validate the sheets that need it, and stage their stale pages and JSON as they come."""
        try:
            for plan, loaded in workers.load_all(self, self.pool if self.spread else None, plans):
                plan.loaded, plan.record = loaded.loaded, loaded.record
                self.failures += [loaded.failure] if loaded.failure else []
                self.cards.add(loaded.cards)
                for path, data in loaded.files.items():
                    if path in self.prerendered:  # two sheets with one id: check_problems says so first
                        self.failures.append(OutputError(f"two outputs would be written to '{path}'"))
                        continue
                    self._write(self._staging(), path, data)
                    self.prerendered.add(path)
        except BrokenProcessPool as error:
            raise BriefgenError(f"a worker died while loading fact sheets: {error}") from None

    def load_brief(self, plan: BriefPlan) -> workers.LoadedBrief:
        """Read and check one sheet, describe it for the manifest, and render its stale page and JSON.

        Runs in a worker when the build is spread. A failure to render waits until
        every sheet's problems are known, so a broken sheet is reported first.
        """
        plan.loaded = read_sheet(plan.sheet_path, self.project)
        record = self.plan.record_for(plan) if plan.loaded.ok else None
        loaded = workers.LoadedBrief(plan.loaded, record)
        pdf_due = False
        if record is not None and self.plan.selected(record):
            try:
                self.plan.listing_entry(plan, record)  # what changed since its last edition, for its editions' list
                loaded.cards = render_cards(self.project, self.plan.settings, self.plan.card_key_base, record)
                for path, key in self.plan.member_keys(plan, record).items():
                    if self.plan.fresh(path, key):
                        continue
                    if path.endswith(".pdf"):
                        pdf_due = True
                    else:
                        loaded.files[path] = self._render_brief_file(path, plan, record).encode("utf-8")
            except BriefgenError as failure:
                loaded.failure = failure
        # The PDF is rendered from the model, and the editions' listing compared from it.
        loaded.loaded = plan.loaded.summary(keep_model=pdf_due or self.plan.editions.available)
        return loaded

    def check_problems(self, plans: list[BriefPlan]) -> None:
        """Refuse to build when a sheet to be built has errors; keep its warnings for the report."""
        only = self.options.only
        problems = [
            problem
            for plan in plans
            if plan.loaded is not None and (not only or plan.brief_id in only)
            for problem in plan.loaded.problems
        ]
        problems += self.plan.duplicate_ids(plans)
        self.result.warnings = sorted(p for p in problems if p.severity is Severity.WARNING)
        if any(p.severity is Severity.ERROR for p in problems):
            raise ValidationFailed(problems)
        missing = sorted(set(only) - {plan.brief_id for plan in plans})
        if missing:
            raise BriefgenError(f"no fact sheet in {self.project.briefs_dir} has the id {', '.join(missing)}")
        drafts = sorted(p.brief_id for p in plans if p.brief_id in only and p.record and p.record["status"] == "draft")
        if drafts and not self.options.drafts:
            raise BriefgenError(f"{', '.join(drafts)}: a draft; add --drafts to build drafts")

    # --- the pool -------------------------------------------------------------

    def start_pool(self, to_load: list[BriefPlan]) -> None:
        """Start workers now: for many sheets, to load and render them; for PDFs, so WeasyPrint's import overlaps."""
        if self.shared_pool:
            return
        expected_pdfs = sum(self.plan.pdfs_due(plan) for plan in to_load) if self.options.pdf else 0
        if expected_pdfs and importlib.util.find_spec("briefgen.pdf.render") is None:
            raise BriefgenError("PDF output needs briefgen.pdf, which this briefgen does not have; build with --no-pdf")
        jobs = self.options.jobs or os.cpu_count() or 1
        if workers.worth_spreading(len(to_load), jobs):
            self.pool, self.spread = workers.start_workers(self, jobs, pdf=expected_pdfs > 0), True
        elif expected_pdfs:
            self.pool = start_render_pool(self.project, max(1, min(jobs, expected_pdfs)))

    def stop_pool(self) -> None:
        """Stop the workers, dropping PDFs not yet started when the build failed."""
        if self.pool is not None and not self.shared_pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    # --- writing --------------------------------------------------------------

    def _write_site(self, plans: list[BriefPlan]) -> BuildResult:
        members = self.plan.site_members(plans)
        briefs = {path: key for plan, record in members for path, key in self.plan.member_keys(plan, record).items()}
        entries = [self.plan.listing_entry(plan, record) for plan, record in members]
        site_pages = self.plan.site_page_keys([record for _, record in members], entries)
        assets = self.plan.asset_keys()
        planned = {**briefs, **{page.path: key for page, key in site_pages}, **{p: k for p, (_, k) in assets.items()}}
        self._record_sheets(plans, members)
        self.manifest.outputs = dict(sorted(planned.items()))
        self.manifest.editions = self.plan.editions.to_manifest()
        self.result.notices = self.plan.editions.notices()
        previous = self.plan.previous.outputs
        unchanged = set(planned) == set(previous) and all(self.plan.fresh(p, k) for p, k in planned.items())
        if unchanged and not self.prerendered:
            self.result.up_to_date = [record["id"] for _, record in members]
            return self.result
        staged = self._staging()
        pdf_jobs = self._write_briefs(staged, members)
        records = [record for _, record in members]
        self._write_pages(staged, site_pages, {record["id"]: record["key"] for record in records})
        self._write_assets(staged, assets)
        self._collect_pdfs(staged, pdf_jobs)
        staged.write(CARDS_NAME, self.cards.to_json(records))
        staged.write(MANIFEST_NAME, self.manifest.to_json())
        staged.commit()
        return self.result

    def _staging(self) -> StagedSite:
        """Open the staging folder on first use; run() throws it away if the build fails."""
        if self.staged is None:
            self.staged = StagedSite(self.plan.out_dir)
        return self.staged

    def _record_sheets(self, plans: list[BriefPlan], members: list[tuple[BriefPlan, dict]]) -> None:
        """Remember every valid sheet, so the next build need not parse it; carried briefs keep their old record."""
        chosen = {id(plan): record for plan, record in members}
        for plan in plans:
            record = chosen.get(id(plan), plan.record)
            if record is not None:
                self.manifest.sheets[plan.name] = record

    def keep_unchanged(self, staged: StagedSite, path: str) -> None:
        """Carry an up-to-date file over from the previous site (a shard leaves it to the merge)."""
        staged.keep(path)

    def _write(self, staged: StagedSite, path: str, data: str | bytes) -> None:
        staged.write(path, data)
        self.result.files_written.append(path)

    def _write_briefs(self, staged: StagedSite, members: list[tuple[BriefPlan, dict]]) -> dict[str, Future]:
        """Keep up-to-date brief outputs and hand stale PDFs to workers; stale pages and JSON are staged already."""
        pdf_jobs: dict[str, Future] = {}
        for plan, record in members:
            keys = self.plan.member_keys(plan, record)
            stale = [path for path, key in keys.items() if not self.plan.fresh(path, key)]
            for path in keys.keys() - set(stale):
                self.keep_unchanged(staged, path)
            if not stale:
                self.result.up_to_date.append(record["id"])
                continue
            self.result.rendered.append(record["id"])
            for path in stale:
                if path in self.prerendered:
                    continue
                if path.endswith(".pdf"):
                    pdf_jobs[path] = self.pool.submit(
                        workers.render_pdf, *self._pdf_input(path, plan, record), self.project
                    )
                else:
                    raise BriefgenError(f"{path} is out of date but its sheet was not loaded (a bug in the plan)")
        return pdf_jobs

    def _pdf_input(self, path: str, plan: BriefPlan, record: dict) -> tuple:
        """Return the sheet and edition a PDF is rendered from: a past edition's, or the current one's."""
        if self.plan.editions.owns(path):
            return self.plan.editions.pdf_input(path)
        return plan.loaded.sheet, self.plan.editions.current_edition(record, plan.loaded.sheet)

    def _render_brief_file(self, path: str, plan: BriefPlan, record: dict) -> str:
        if self.plan.editions.owns(path):
            return self.plan.editions.render_file(path, record["entry"])
        sheet = plan.loaded.sheet
        if path.endswith(".json"):
            return pages.sheet_json(sheet)
        settings = self.plan.settings
        context = brief_context(sheet, self.project, self.plan.editions.current_edition(record, sheet))
        context = pages.brief_page_context(context, self.plan.has_pdf(record), settings)
        context["settings"] = settings
        return render_template(self.project, pages.BRIEF_TEMPLATE, context)

    def _write_pages(self, staged: StagedSite, site_pages: list[tuple[pages.PlannedPage, str]], keys: dict) -> None:
        """Render the index, listings, feed, sitemap and search index whose inputs changed; ``keys``: brief keys by id."""
        shown: dict = {}  # entries as pages show them, shared by the pages of this build
        for page, key in site_pages:
            if self.plan.fresh(page.path, key):
                staged.keep(page.path)
            elif not page.template:
                self._write(staged, page.path, pages.generated_file(page))
            else:
                context = pages.site_page_context(page, self.plan.settings, shown)
                if page.cards:
                    root = pages.root_prefix(page.path)
                    for entry in context["entries"]:
                        if "card" not in entry:
                            entry["card"] = self.cards.card(entry, keys[entry["id"]], root)
                self._write(staged, page.path, render_template(self.project, page.template, context))

    def _write_assets(self, staged: StagedSite, assets: dict[str, tuple[Path, str]]) -> None:
        for path, (source, key) in assets.items():
            if self.plan.fresh(path, key):
                staged.keep(path)
            else:
                self._write(staged, path, source.read_bytes())

    def _collect_pdfs(self, staged: StagedSite, pdf_jobs: dict[str, Future]) -> None:
        """Write each PDF as its worker finishes it, reporting progress."""
        for done, (path, job) in enumerate(pdf_jobs.items(), start=1):
            self.progress(done - 1, len(pdf_jobs), _pdf_label(path))
            try:
                data = job.result()
            except BrokenProcessPool as error:
                raise BriefgenError(f"a PDF worker died while rendering {path}: {error}") from None
            except BriefgenError:
                raise
            except Exception as error:
                raise BriefgenError(f"could not render {path}: {type(error).__name__}: {error}") from error
            self._write(staged, path, data)
            self.result.pdfs.append(path.split("/")[1])
        if pdf_jobs:
            self.progress(len(pdf_jobs), len(pdf_jobs), "")


def _pdf_label(path: str) -> str:
    """Name a PDF in progress lines: the brief id, and the as-of day of a past edition."""
    parts = path.split("/")
    return f"{parts[1]} (edition of {parts[3]})" if len(parts) == 5 else parts[1]


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
    return run_locked(lambda: SiteBuild(project, options, progress, pool), options.out_dir, on_wait)


def run_locked(make: Callable[[], SiteBuild], out_dir: Path, on_wait: Callable[[str], None] | None = None):
    """Make and run a build while holding its output folder, from reading the old manifest to the swap."""
    with site_lock(out_dir, on_wait):
        started = time.perf_counter()
        result = make().run()
        result.seconds = time.perf_counter() - started
    return result
