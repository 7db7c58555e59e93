"""Decide what a build must do: which sheets to parse, which outputs are up to date, what goes in the site.

Every output file has a key: a hash of exactly what it is made from. The
previous build's manifest says which key each file beside it was built
from, so an output is up to date when its key is unchanged and its file is
there. Nothing here writes; :mod:`briefgen.build` acts on the answers.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from briefgen import paths
from briefgen.config import Project
from briefgen.editions.publish import EditionPlanner
from briefgen.errors import BriefgenError, Problem
from briefgen.sheet.loader import LoadedSheet, find_sheets
from briefgen.sheet.references import brief_id_clashes
from briefgen.site import cache, pages
from briefgen.site.context import settings_context
from briefgen.site.templating import environment
from briefgen.site.theme import Theme
from briefgen.version import __version__


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how: the CLI's options, as values."""

    out_dir: Path = Path("site")
    only: tuple[str, ...] = ()
    drafts: bool = False
    pdf: bool = True
    jobs: int | None = None
    force: bool = False
    previous: Path | None = None  # the site whose manifest says what is up to date; default: out_dir


@dataclass
class BriefPlan:
    """One fact sheet in this build: its record when trusted or loaded, the last build's, and the loaded sheet."""

    sheet_path: Path
    record: dict | None
    previous: dict | None = None
    loaded: LoadedSheet | None = None
    sheet_hash: str | None = None  # taken before parsing: a save during the build is never taken as built
    name: str = ""  # relative to the project, as the manifest keys it

    @property
    def brief_id(self) -> str | None:
        if self.loaded is not None:
            return self.loaded.sheet.id if self.loaded.sheet else _raw_id(self.loaded)
        return self.record["id"] if self.record else None

    def problem_at_id(self, message: str) -> Problem:
        """Place a problem at the sheet's id: key, where a reader fixes it."""
        if self.loaded is not None and self.loaded.tree is not None:
            mark = self.loaded.tree.mark_of(("id",))
            return Problem(self.loaded.display, mark.line, mark.column, message)
        return Problem(str(self.sheet_path), 1, 1, message)


def _raw_id(loaded: LoadedSheet) -> str | None:
    raw = loaded.tree.value if loaded.tree else None
    return raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None


def _page_inputs(page: pages.PlannedPage, records: dict[str, dict]) -> str:
    """Write a page's inputs, each entry as its brief's key (which covers its record's entry) and what the page adds.

    Dumping every entry of a thousand-brief index is slow; a feed item of a past
    edition keeps the edition's own title, date, first point and changes.
    """
    inputs = dict(page.context)
    if "entries" in inputs:
        inputs["entries"] = [_entry_input(entry, records[entry["id"]]) for entry in inputs["entries"]]
    return json.dumps(inputs, sort_keys=True)


def _entry_input(entry: dict, record: dict) -> str | list:
    kept = record["entry"]
    added = {name: value for name, value in entry.items() if name not in kept or kept[name] != value}
    return [record["key"], added] if added else record["key"]


def effective_settings(project: Project) -> dict:
    """Return the settings pages are rendered with; BRIEFGEN_BASE_URL overrides base_url (set by CI)."""
    settings = settings_context(project)
    override = os.environ.get("BRIEFGEN_BASE_URL", "").strip()
    if override:
        settings["base_url"] = override.rstrip("/")
    return settings


def relative_name(project: Project, path: Path) -> str:
    """Name a project file relative to the project root, as the manifest keeps it."""
    return paths.shown(path.resolve(), project.root)


class Planner:
    """Answer, from hashes and the last manifest, what is up to date and what this build must produce."""

    def __init__(self, project: Project, options: BuildOptions):
        self.project = project
        self.options = options
        self.out_dir = options.out_dir.resolve()
        self.previous_dir = (options.previous or options.out_dir).resolve()
        self.settings = effective_settings(project)
        self.theme = Theme.of(project)
        self.global_key = cache.global_key(self.settings, __version__)
        self.theme_keys = cache.ThemeHashes(self.theme, environment(project))
        self.previous = cache.Manifest() if options.force else cache.Manifest.read(self.previous_dir)
        self.seeds = cache.SeedHashes(project.root)
        self.root = project.root.resolve()
        self._present: dict[str, bool] = {}  # output files of the previous site found there, by path
        self.editions = EditionPlanner(
            project, self.settings, self.theme_keys.page_key, self.previous.editions, pdf=options.pdf, fresh=self.fresh
        )

    def plan_sheets(self) -> list[BriefPlan]:
        """Hash every fact sheet; trust the old record of each one whose bytes and seeds are unchanged."""
        if not self.project.briefs_dir.is_dir():
            raise BriefgenError(f"no briefs/ folder in {self.project.root}; run briefgen build from a project")
        plans = []
        same_code = self.previous.global_key == self.global_key
        folder = relative_name(self.project, self.project.briefs_dir)
        for path in find_sheets([self.project.briefs_dir]):
            # Resolving every path is slow on a large archive: only a linked sheet may be named elsewhere.
            name = relative_name(self.project, path) if path.is_symlink() else f"{folder}/{path.name}"
            previous = self.previous.sheets.get(name)
            sheet_hash = cache.file_digest(path)
            fresh = (
                same_code
                and previous is not None
                and previous["sheet_hash"] == sheet_hash
                and self.seeds.unchanged(previous["seeds"])
            )
            plans.append(BriefPlan(path, previous if fresh else None, previous, sheet_hash=sheet_hash, name=name))
        return plans

    def selected(self, record: dict) -> bool:
        """Tell whether this build renders a brief: named by --only (if given), and published unless --drafts."""
        if self.options.only and record["id"] not in self.options.only:
            return False
        return self.options.drafts or record["status"] == "published"

    def fresh(self, path: str, key: str) -> bool:
        """Tell whether an output file is up to date: built from this key and still there."""
        if self.previous.outputs.get(path) != key:
            return False
        # Asked several times of each of thousands of files in one build: look once, with a plain string.
        if path not in self._present:
            self._present[path] = os.path.isfile(f"{self.previous_dir}/{path}")
        return self._present[path]

    def pdf_key(self, record: dict) -> str:
        """Key a brief's PDF: the brief's key, the print template and its partials, and its edition when history tells it."""
        return cache.digest(
            record["key"], self.theme_keys.pdf_key(pages.PRINT_TEMPLATE), self.editions.current_key(record)
        )

    def has_pdf(self, record: dict) -> bool:
        """Tell whether the brief's PDF will be in the site: built now, or kept because it is up to date."""
        return self.options.pdf or self.fresh(pages.brief_pdf_path(record["id"]), self.pdf_key(record))

    def brief_output_keys(self, record: dict) -> dict[str, str]:
        """Key each output of a brief and of its past editions: the page by its templates, its edition and whether it
        links a PDF; the JSON by the sheet alone."""
        brief_id, key, has_pdf = record["id"], record["key"], self.has_pdf(record)
        page_templates = self.theme_keys.page_key(pages.BRIEF_TEMPLATE)
        keys = {
            pages.brief_page_path(brief_id): cache.digest(
                key, f"pdf={has_pdf}", page_templates, self.editions.current_key(record)
            ),
            pages.brief_json_path(brief_id): key,
        }
        if has_pdf:
            keys[pages.brief_pdf_path(brief_id)] = self.pdf_key(record)
        return {**keys, **self.editions.output_keys(record)}

    def needs_loading(self, plan: BriefPlan) -> bool:
        """Load a sheet when it changed, or when a brief to be built has a missing or stale output."""
        if plan.record is None:
            return True
        if not self.selected(plan.record):
            return False
        if not self.editions.current_summary_known(plan.record):
            return True
        return not all(self.fresh(path, key) for path, key in self.brief_output_keys(plan.record).items())

    def pdfs_due(self, plan: BriefPlan) -> int:
        """Count, before loading, the PDFs a sheet will need (a guess for a changed sheet), to size the worker pool."""
        if plan.record is None:
            return 1
        keys = self.brief_output_keys(plan.record) if self.selected(plan.record) else {}
        return sum(path.endswith(".pdf") and not self.fresh(path, key) for path, key in keys.items())

    def record_for(self, plan: BriefPlan) -> dict:
        """Describe a freshly loaded sheet for the manifest: hashes, key and listing entry."""
        sheet = plan.loaded.sheet
        seeds = sorted({self._resolved_name(p) for p in plan.loaded.seed_files.values()})
        hashes = {path: self.seeds(path) for path in seeds}
        sheet_hash = plan.sheet_hash
        return {
            "id": sheet.id,
            "status": str(sheet.status),
            "sheet_hash": sheet_hash,
            "seeds": hashes,
            "key": cache.brief_key(self.global_key, sheet_hash, hashes),
            "entry": pages.listing_entry(sheet),
        }

    def _resolved_name(self, path: Path) -> str:
        """Name a path the loader already resolved (a seed) as relative_name does, without resolving it again."""
        return (
            path.relative_to(self.root).as_posix()
            if path.is_relative_to(self.root)
            else relative_name(self.project, path)
        )

    def duplicate_ids(self, plans: list[BriefPlan]) -> list[Problem]:
        """Report a brief id used by two sheets: their outputs would land on one file."""
        named = [(plan.record["id"] if plan.record else None, plan.name) for plan in plans]
        return [plans[position].problem_at_id(message) for position, message in brief_id_clashes(named)]

    def site_members(self, plans: list[BriefPlan]) -> list[tuple[BriefPlan, dict]]:
        """Pick the briefs of this site; under --only, other briefs stay as the last build left them."""
        members = []
        for plan in plans:
            if plan.record is not None and self.selected(plan.record):
                members.append((plan, plan.record))
            elif self.options.only and self._carried(plan.previous):
                members.append((plan, plan.previous))
        return members

    def _carried(self, previous: dict | None) -> bool:
        if previous is None or previous["id"] in self.options.only:
            return False
        paths = [path for path in self.previous.outputs if path.startswith(f"briefs/{previous['id']}/")]
        return bool(paths) and all((self.previous_dir / path).is_file() for path in paths)

    def member_keys(self, plan: BriefPlan, record: dict) -> dict[str, str]:
        """Key a member's outputs; a brief carried over under --only keeps the keys it was built with."""
        if not self.selected(record):
            prefix = f"briefs/{record['id']}/"
            return {path: key for path, key in self.previous.outputs.items() if path.startswith(prefix)}
        return self.brief_output_keys(record)

    def listing_entry(self, plan: BriefPlan, record: dict) -> dict:
        """Return a brief's listing entry, with its editions where history tells them (for the feed)."""
        sheet = plan.loaded.sheet if plan.loaded is not None else None
        editions = self.editions.listing(record, sheet, self.selected(record))
        return {**record["entry"], "editions": editions} if editions is not None else record["entry"]

    def site_page_keys(self, records: list[dict], entries: list[dict]) -> list[tuple[pages.PlannedPage, str]]:
        """Plan the site-wide pages from the briefs' listing entries; key each by what it shows and its templates."""
        by_id = {record["id"]: record for record in records}
        return [(page, self._site_page_key(page, by_id)) for page in pages.plan_site_pages(entries)]

    def _site_page_key(self, page: pages.PlannedPage, records: dict[str, dict]) -> str:
        templates = self.theme_keys.page_key(page.template) if page.template else ""
        cards = self.card_key_base if page.cards else ""  # its cards are rendered apart, from their own template
        return cache.digest(self.global_key, templates, cards, page.path, _page_inputs(page, records))

    @functools.cached_property
    def card_key_base(self) -> str:
        """Key what every brief card is made from besides its brief: the code, settings and card template."""
        return cache.digest(self.global_key, self.theme_keys.page_key(pages.CARD_TEMPLATE))

    def asset_keys(self) -> dict[str, tuple[Path, str]]:
        """Plan the theme's static assets (assets/, the project's over the built-in ones), each keyed by its bytes."""
        return {name: (path, cache.file_digest(path) or "") for name, path in self.theme.files(pages.ASSETS).items()}
