"""Build the site: hash -> load and validate -> plan -> render (PDFs in parallel) -> write.

A rebuild first hashes the bytes of every fact sheet and the seeds it cited
last time and compares them with the manifest beside the site: unchanged
sheets are not even parsed. When PDFs are due, the worker pool starts before
anything is loaded, so WeasyPrint's import in the workers overlaps with the
loading and page rendering here. Everything is written to a staging folder
swapped in whole at the end; files that did not change are hard-linked over.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import cache, site
from briefgen.config import Project
from briefgen.errors import BriefgenError, Problem, Severity, ValidationFailed
from briefgen.loader import LoadedSheet, find_sheets, read_sheet
from briefgen.output import MANIFEST_NAME, StagedSite
from briefgen.render import brief_context, render_template, settings_context, templates_dir

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how: the CLI's options, as values."""

    out_dir: Path = Path("site")
    only: tuple[str, ...] = ()
    drafts: bool = False
    pdf: bool = True
    jobs: int | None = None
    force: bool = False


@dataclass
class BuildResult:
    """What a build did, for the summary line and for tests."""

    out_dir: Path
    rendered: list[str] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    files_written: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
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


@dataclass
class BriefPlan:
    """One fact sheet's state in this build: its record, and the sheet when it had to be loaded."""

    sheet_path: Path
    record: dict | None
    previous: dict | None = None
    loaded: LoadedSheet | None = None

    @property
    def brief_id(self) -> str | None:
        if self.loaded is not None:
            return self.loaded.sheet.id if self.loaded.sheet else _raw_id(self.loaded)
        return self.record["id"] if self.record else None


def _raw_id(loaded: LoadedSheet) -> str | None:
    raw = loaded.tree.value if loaded.tree else None
    return raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None


def _problem_at_id(plan: BriefPlan, message: str) -> Problem:
    if plan.loaded is not None and plan.loaded.tree is not None:
        mark = plan.loaded.tree.mark_of(("id",))
        return Problem(plan.loaded.display, mark.line, mark.column, message)
    return Problem(str(plan.sheet_path), 1, 1, message)


def effective_settings(project: Project) -> dict:
    """Return the settings pages are rendered with; BRIEFGEN_BASE_URL overrides base_url (set by CI)."""
    settings = settings_context(project)
    override = os.environ.get("BRIEFGEN_BASE_URL", "").strip()
    if override:
        settings["base_url"] = override.rstrip("/")
    return settings


def _relative(project: Project, path: Path) -> str:
    """Name a project file relative to the project root, as the manifest keeps it."""
    resolved, root = path.resolve(), project.root.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(resolved)


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
        self.out_dir = options.out_dir.resolve()
        self.settings = effective_settings(project)
        self.templates = templates_dir(project)
        self.global_key = cache.global_key(self.templates, self.settings, _version())
        self.previous = cache.Manifest() if options.force else cache.Manifest.read(self.out_dir)
        self.seeds = cache.SeedHashes(project.root)
        self.manifest = cache.Manifest(global_key=self.global_key)
        self.result = BuildResult(self.out_dir)
        self.pool: ProcessPoolExecutor | None = pool
        self.shared_pool = pool is not None  # a caller's warm workers (serve) outlive this build

    # --- hashing and loading ------------------------------------------------

    def plan_sheets(self) -> list[BriefPlan]:
        """Hash every fact sheet; trust the old record of each one whose bytes and seeds are unchanged."""
        plans = []
        same_templates = self.previous.global_key == self.global_key
        for path in find_sheets([self.project.briefs_dir]):
            previous = self.previous.sheets.get(_relative(self.project, path))
            fresh = (
                same_templates
                and previous is not None
                and previous["sheet_hash"] == cache.file_digest(path)
                and self.seeds.unchanged(previous["seeds"])
            )
            plans.append(BriefPlan(path, previous if fresh else None, previous))
        return plans

    def _selected(self, record: dict) -> bool:
        if self.options.only and record["id"] not in self.options.only:
            return False
        return self.options.drafts or record["status"] == "published"

    def _fresh(self, path: str, key: str) -> bool:
        return self.previous.outputs.get(path) == key and (self.out_dir / path).is_file()

    def _has_pdf(self, record: dict) -> bool:
        """Tell whether the brief's PDF will be in the site: built now, or kept because it is up to date."""
        return self.options.pdf or self._fresh(site.brief_pdf_path(record["id"]), record["key"])

    def brief_output_keys(self, record: dict) -> dict[str, str]:
        """Key each output of a brief; the page also depends on whether it links a PDF."""
        brief_id, key, has_pdf = record["id"], record["key"], self._has_pdf(record)
        keys = {
            site.brief_page_path(brief_id): cache.digest(key, f"pdf={has_pdf}"),
            site.brief_json_path(brief_id): key,
        }
        if has_pdf:
            keys[site.brief_pdf_path(brief_id)] = key
        return keys

    def needs_loading(self, plan: BriefPlan) -> bool:
        """Load a sheet when it changed, or when a brief to be built has a missing or stale output."""
        if plan.record is None:
            return True
        if not self._selected(plan.record):
            return False
        return not all(self._fresh(path, key) for path, key in self.brief_output_keys(plan.record).items())

    def _may_need_pdf(self, plan: BriefPlan) -> bool:
        return plan.record is None or not self._fresh(site.brief_pdf_path(plan.record["id"]), plan.record["key"])

    def load(self, plans: list[BriefPlan]) -> None:
        """Parse and validate the sheets that need it, and record what they cite."""
        for plan in plans:
            plan.loaded = read_sheet(plan.sheet_path, self.project)
            if plan.loaded.ok:
                plan.record = self._record_for(plan)

    def _record_for(self, plan: BriefPlan) -> dict:
        sheet = plan.loaded.sheet
        seeds = {_relative(self.project, p): None for p in plan.loaded.seed_files.values()}
        seeds = {path: self.seeds(path) for path in sorted(seeds)}
        sheet_hash = cache.file_digest(plan.sheet_path)
        return {
            "id": sheet.id,
            "status": str(sheet.status),
            "sheet_hash": sheet_hash,
            "seeds": seeds,
            "key": cache.brief_key(self.global_key, sheet_hash, seeds),
            "entry": site.listing_entry(sheet),
        }

    def check_problems(self, plans: list[BriefPlan]) -> None:
        """Refuse to build when a sheet to be built has errors; keep its warnings for the report."""
        problems = [
            problem
            for plan in plans
            if plan.loaded is not None and (not self.options.only or plan.brief_id in self.options.only)
            for problem in plan.loaded.problems
        ]
        problems += self._duplicate_ids(plans)
        self.result.warnings = sorted(p for p in problems if p.severity is Severity.WARNING)
        if any(p.severity is Severity.ERROR for p in problems):
            raise ValidationFailed(problems)
        missing = sorted(set(self.options.only) - {plan.brief_id for plan in plans})
        if missing:
            raise BriefgenError(f"no fact sheet in {self.project.briefs_dir} has the id {', '.join(missing)}")

    def _duplicate_ids(self, plans: list[BriefPlan]) -> list[Problem]:
        seen: dict[str, BriefPlan] = {}
        problems = []
        for plan in plans:
            if plan.record is None:
                continue
            other = seen.setdefault(plan.record["id"], plan)
            if other is not plan:
                used_by = _relative(self.project, other.sheet_path)
                problems.append(_problem_at_id(plan, f"brief id '{plan.record['id']}' is already used by {used_by}"))
        return problems

    # --- planning -------------------------------------------------------------

    def site_members(self, plans: list[BriefPlan]) -> list[tuple[BriefPlan, dict]]:
        """Pick the briefs of this site; under --only, other briefs stay as the last build left them."""
        members = []
        for plan in plans:
            if plan.record is not None and self._selected(plan.record):
                members.append((plan, plan.record))
            elif self.options.only and self._carried(plan.previous):
                members.append((plan, plan.previous))
        return members

    def _carried(self, previous: dict | None) -> bool:
        if previous is None or previous["id"] in self.options.only:
            return False
        paths = [path for path in self.previous.outputs if path.startswith(f"briefs/{previous['id']}/")]
        return bool(paths) and all((self.out_dir / path).is_file() for path in paths)

    def _member_keys(self, plan: BriefPlan, record: dict) -> dict[str, str]:
        if record is plan.previous and record is not plan.record:
            prefix = f"briefs/{record['id']}/"
            return {path: key for path, key in self.previous.outputs.items() if path.startswith(prefix)}
        return self.brief_output_keys(record)

    def site_page_keys(self, entries: list[dict]) -> list[tuple[site.PlannedPage, str]]:
        """Plan the site-wide pages and key each by exactly the entries it shows."""
        return [
            (page, cache.digest(self.global_key, page.path, json.dumps(page.context, sort_keys=True)))
            for page in site.plan_site_pages(entries)
        ]

    def asset_keys(self) -> dict[str, tuple[Path, str]]:
        """Plan the static assets under templates/assets/, keyed by the templates' hash."""
        folder = self.templates / site.ASSETS
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        return {f"{site.ASSETS}/{p.relative_to(folder).as_posix()}": (p, self.global_key) for p in files}

    # --- the pool -------------------------------------------------------------

    def start_pool(self, expected_pdfs: int) -> None:
        """Start PDF workers now, so WeasyPrint's import overlaps with loading in this process."""
        if self.shared_pool or not self.options.pdf or expected_pdfs == 0:
            return
        if importlib.util.find_spec("briefgen.pdf") is None:
            raise BriefgenError("PDF output needs briefgen.pdf, which this briefgen does not have; build with --no-pdf")
        workers = max(1, min(self.options.jobs or os.cpu_count() or 1, expected_pdfs))
        self.pool = start_render_pool(self.project, workers)

    def stop_pool(self) -> None:
        """Stop the workers, dropping PDFs not yet started when the build failed."""
        if self.pool is not None and not self.shared_pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    # --- writing --------------------------------------------------------------

    def run(self) -> BuildResult:
        """Carry out the build and return what it did."""
        plans = self.plan_sheets()
        to_load = [plan for plan in plans if self.needs_loading(plan)]
        self.start_pool(sum(self._may_need_pdf(plan) for plan in to_load))
        try:
            self.load(to_load)
            self.check_problems(plans)
            return self._write_site(plans)
        finally:
            self.stop_pool()

    def _write_site(self, plans: list[BriefPlan]) -> BuildResult:
        members = self.site_members(plans)
        briefs = {path: key for plan, record in members for path, key in self._member_keys(plan, record).items()}
        pages = self.site_page_keys([record["entry"] for _, record in members])
        assets = self.asset_keys()
        planned = {**briefs, **{page.path: key for page, key in pages}, **{p: k for p, (_, k) in assets.items()}}
        self._record_sheets(plans, members)
        self.manifest.outputs = dict(sorted(planned.items()))
        if set(planned) == set(self.previous.outputs) and all(self._fresh(p, k) for p, k in planned.items()):
            self.result.up_to_date = [record["id"] for _, record in members]
            return self.result
        staged = StagedSite(self.out_dir)
        try:
            pdf_jobs = self._write_briefs(staged, members)
            self._write_pages(staged, pages)
            self._write_assets(staged, assets)
            self._collect_pdfs(staged, pdf_jobs)
            staged.write(MANIFEST_NAME, self.manifest.to_json())
            staged.commit()
        except BaseException:
            staged.discard()
            raise
        return self.result

    def _record_sheets(self, plans: list[BriefPlan], members: list[tuple[BriefPlan, dict]]) -> None:
        """Remember every valid sheet, so the next build need not parse it; carried briefs keep their old record."""
        chosen = {id(plan): record for plan, record in members}
        for plan in plans:
            record = chosen.get(id(plan), plan.record)
            if record is not None:
                self.manifest.sheets[_relative(self.project, plan.sheet_path)] = record

    def _write(self, staged: StagedSite, path: str, data: str | bytes) -> None:
        staged.write(path, data)
        self.result.files_written.append(path)

    def _write_briefs(self, staged: StagedSite, members: list[tuple[BriefPlan, dict]]) -> dict[str, Future]:
        """Keep up-to-date brief outputs, render stale pages and JSON here, and hand stale PDFs to workers."""
        pdf_jobs: dict[str, Future] = {}
        for plan, record in members:
            keys = self._member_keys(plan, record)
            stale = [path for path, key in keys.items() if not self._fresh(path, key)]
            for path in keys.keys() - set(stale):
                staged.keep(path)
            if not stale:
                self.result.up_to_date.append(record["id"])
                continue
            self.result.rendered.append(record["id"])
            for path in stale:
                if path.endswith(".pdf"):
                    pdf_jobs[path] = self.pool.submit(_render_pdf, plan.loaded.sheet, self.project)
                else:
                    self._write(staged, path, self._render_brief_file(path, plan, record))
        return pdf_jobs

    def _render_brief_file(self, path: str, plan: BriefPlan, record: dict) -> str:
        sheet = plan.loaded.sheet
        if path.endswith(".json"):
            return json.dumps(sheet.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        context = site.brief_page_context(brief_context(sheet, self.project), self._has_pdf(record), self.settings)
        context["settings"] = self.settings
        return render_template(self.project, "brief.html", context)

    def _write_pages(self, staged: StagedSite, pages: list[tuple[site.PlannedPage, str]]) -> None:
        """Render the index, listings, feed, sitemap and search index whose inputs changed."""
        for page, key in pages:
            if self._fresh(page.path, key):
                staged.keep(page.path)
            elif page.path == site.SEARCH_INDEX:
                self._write(staged, page.path, site.search_index_script(page.context["entries"]))
            else:
                context = site.site_page_context(page, self.settings)
                self._write(staged, page.path, render_template(self.project, page.template, context))

    def _write_assets(self, staged: StagedSite, assets: dict[str, tuple[Path, str]]) -> None:
        for path, (source, key) in assets.items():
            if self._fresh(path, key):
                staged.keep(path)
            else:
                self._write(staged, path, source.read_bytes())

    def _collect_pdfs(self, staged: StagedSite, pdf_jobs: dict[str, Future]) -> None:
        """Write each PDF as its worker finishes it, reporting progress."""
        for done, (path, job) in enumerate(pdf_jobs.items(), start=1):
            brief_id = path.split("/")[1]
            self.progress(done - 1, len(pdf_jobs), brief_id)
            try:
                data = job.result()
            except BrokenProcessPool as error:
                raise BriefgenError(f"a PDF worker died while rendering {path}: {error}") from None
            self._write(staged, path, data)
            self.result.pdfs.append(brief_id)
        if pdf_jobs:
            self.progress(len(pdf_jobs), len(pdf_jobs), "")


def _version() -> str:
    from briefgen import __version__

    return __version__


def start_render_pool(project: Project, workers: int, mp_context=None) -> ProcessPoolExecutor:
    """Start PDF worker processes that import WeasyPrint and parse the stylesheet as they start."""
    pool = ProcessPoolExecutor(workers, mp_context, initializer=_warm_up_worker, initargs=(project,))
    pool.submit(os.getpid)  # with fork, the first task starts every worker at once
    return pool


def _warm_up_worker(project: Project) -> None:
    """Import WeasyPrint and parse the print stylesheet once in each worker process."""
    from briefgen import pdf

    pdf.warm_up(project)


def _render_pdf(sheet, project: Project) -> bytes:
    """Render one PDF in a worker process."""
    from briefgen import pdf

    return pdf.render_brief_pdf(sheet, project)


def build(
    project: Project | None = None,
    options: BuildOptions | None = None,
    progress: ProgressCallback | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> BuildResult:
    """Build the site for a project; raise ValidationFailed or BriefgenError without touching the old site.

    ``pool``, from start_render_pool(), lends warm PDF workers that the build uses and leaves running.
    """
    started = time.perf_counter()
    project = project or Project.discover(Path.cwd())
    result = SiteBuild(project, options or BuildOptions(), progress, pool).run()
    result.seconds = time.perf_counter() - started
    return result
