"""Render a plan's due outputs: functions of frozen inputs that return bytes.

Each fact sheet the plan says to read is read through the loader (the only
reader), checked, and what of it is due is rendered from one context: its page,
JSON, cards, list of editions, and the print HTML its PDF is laid out from.
These are module-level functions of a sheet's plan and of the inputs every
task shares, run here or in worker processes (:mod:`briefgen.site.workers`);
nothing calls back into the build. PDFs follow in the workers, then the
site-wide pages here, from every brief's listing entry.

:func:`render_site` yields what it renders as it comes: files for the writer to
stage, and what reading each sheet taught (its record and current edition) for
the manifest. It raises before yielding a PDF or a site page when a sheet has
errors, every sheet's problems reported at once.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import paths
from briefgen.config import Project
from briefgen.errors import BriefgenError, Problem, Severity, ValidationFailed
from briefgen.i18n.words import words_for
from briefgen.sheet.loader import LoadedSheet, read_sheet, read_sheet_bytes
from briefgen.sheet.models import FactSheet
from briefgen.site import cards, data, layout, pages
from briefgen.site.cards import CardBook
from briefgen.site.context import brief_context
from briefgen.site.editions import EDITIONS_TEMPLATE, PastEdition, current_summary, index_items, page_edition
from briefgen.site.manifest import EditionSummary, ListingEntry, SheetRecord
from briefgen.site.output import contained_path
from briefgen.site.outputs import Output, OutputKind
from briefgen.site.plan import BuildPlan, DataTable, Placement, SheetPlan, seed_name
from briefgen.site.templating import render_template
from briefgen.themes import Theme

if TYPE_CHECKING:
    from concurrent.futures import Future

    from briefgen.site.workers import Workers

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RenderInputs:
    """What every render shares: the project and the settings pages are rendered with."""

    project: Project
    settings: dict


@dataclass(frozen=True)
class RenderedFile:
    """One file of the site: rendered bytes, or a file another folder holds (a shard's part), linked in."""

    output: Output
    data: bytes | None = None
    adopted_from: Path | None = None
    joined: tuple[tuple[str, int], ...] | None = None  # an archive table's parts and their lengths (data.JoinedTable)


@dataclass(frozen=True)
class PrintJob:
    """A PDF to lay out: where it goes, its print HTML, and the brief and day that name and date it."""

    output: Output
    html: str
    brief_id: str
    as_of: str


@dataclass(frozen=True)
class RenderedBrief:
    """What reading a sheet and rendering it gave: its problems, its record, its current edition, its files."""

    name: str
    problems: tuple[Problem, ...] = ()
    clash: Problem | None = None  # its id is another sheet's: reported whatever --only says
    raw_id: str | None = None  # the id it gives, valid or not: --only counts it
    record: SheetRecord | None = None  # None when it has errors
    summary: EditionSummary | None = None  # its current edition's, when compared while rendering
    files: tuple[RenderedFile, ...] = ()
    cards: Mapping[str, str] = field(default_factory=dict)  # card key -> html
    pdf: PrintJob | None = None
    failure: BriefgenError | None = None  # raised once every sheet's problems are known

    @property
    def ok(self) -> bool:
        return self.record is not None and not any(p.severity is Severity.ERROR for p in self.problems)

    def learned(self) -> RenderedBrief:
        """Keep what the site pages and the manifest need once the files are staged: not the files themselves."""
        return RenderedBrief(**{**vars(self), "files": (), "pdf": None})


@dataclass(frozen=True)
class RenderedCards:
    """Every member brief's cards, as the site's pages were made of them: the writer keeps them beside the site.

    Gathered only when the writer asks (``html()``): a build with nothing new never reads the last cards.
    """

    book: CardBook
    plan: BuildPlan

    def html(self) -> dict[str, str]:
        keys = [output.key for sheet in self.plan.members for output in sheet.outputs if output.kind is OutputKind.CARD]
        return self.book.of(keys)


Rendered = RenderedFile | RenderedBrief | RenderedCards


# --- one brief --------------------------------------------------------------


def render_brief(sheet: SheetPlan, inputs: RenderInputs) -> RenderedBrief:
    """Read and check one fact sheet, then render what of it is due; a render failure is returned, not raised."""
    loaded = read_sheet(sheet.path, inputs.project)
    clash = _clash_problem(sheet, loaded)
    raw_id = loaded.sheet.id if loaded.sheet else _raw_id(loaded)
    if not loaded.ok:
        return RenderedBrief(sheet.name, tuple(loaded.problems), clash, raw_id)
    model = loaded.sheet
    entry = pages.listing_entry(model, inputs.project.settings.language)
    record = SheetRecord(model.id, str(model.status), sheet.sheet_hash, sheet.seeds, sheet.key, entry)
    found = RenderedBrief(sheet.name, tuple(loaded.problems), clash, raw_id, record)
    disagreement = _disagreement(sheet, record, loaded, inputs.project)
    if disagreement is not None or not sheet.built:
        return RenderedBrief(**{**vars(found), "failure": disagreement})
    try:
        summary = _current_summary(sheet, model, inputs.project)
        return _render_due(found, sheet, model, summary, inputs)
    except BriefgenError as failure:
        return RenderedBrief(**{**vars(found), "failure": failure})


def _clash_problem(sheet: SheetPlan, loaded: LoadedSheet) -> Problem | None:
    """Place the problem of a shared id at the sheet's id: key, where a reader fixes it."""
    if sheet.clash is None:
        return None
    mark = loaded.tree.mark_of(("id",)) if loaded.tree is not None else None
    return Problem(loaded.display, mark.line if mark else 1, mark.column if mark else 1, sheet.clash)


def _raw_id(loaded: LoadedSheet) -> str | None:
    raw = loaded.tree.value if loaded.tree else None
    return raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None


def _disagreement(sheet: SheetPlan, record: SheetRecord, loaded: LoadedSheet, project: Project) -> BriefgenError | None:
    """Refuse to build on a plan that placed a sheet otherwise than reading it does: that is a bug in the peek."""
    entry = record.entry
    found = Placement(record.id, record.status, entry.as_of, entry.countries, entry.tags, entry.language, entry.version)
    root = project.root.resolve()
    seeds = sorted({seed_name(project, root, path) for path in loaded.seed_files.values()})
    if found == sheet.placement and seeds == sorted(sheet.seeds):
        return None
    return BriefgenError(
        f"{loaded.display}: briefgen placed this sheet as {sheet.placement} citing {sorted(sheet.seeds)} before "
        f"reading it, and reading it found {found} citing {seeds}; this is a bug in briefgen, please report it"
    )


def _current_summary(sheet: SheetPlan, model: FactSheet, project: Project) -> EditionSummary | None:
    """Summarise the current edition: kept from the last build, or compared now with the edition before it."""
    editions = sheet.editions
    if editions is None or editions.summary is not None:
        return editions.summary if editions else None
    held = sheet.previous_edition
    previous = read_sheet_bytes(held.held, held.display, project) if held is not None else None
    return current_summary(editions, model, previous.sheet if previous and previous.ok else None, sheet.version)


def _render_due(
    found: RenderedBrief, sheet: SheetPlan, model: FactSheet, summary: EditionSummary | None, inputs: RenderInputs
) -> RenderedBrief:
    """Render a built brief's due outputs, its page and its print HTML from one context."""
    project, settings, entry = inputs.project, inputs.settings, found.record.entry
    due = {output.kind: output for output in sheet.due if output.kind is not OutputKind.CARD}
    words = words_for(model.language, Theme.of(project))
    edition = page_edition(summary, archived=False, words=words) if summary else None
    wanted = {OutputKind.BRIEF_PAGE, OutputKind.BRIEF_PDF} & due.keys()
    context = brief_context(model, project, edition) if wanted else None
    if context is not None:
        path = layout.brief_page_path(entry.version)
        context["versions"] = pages.version_links(sheet.alternates, path, entry.as_of, settings["base_url"], words)
    files = []
    if OutputKind.BRIEF_PAGE in due:
        page = render_brief_page(context, sheet.has_pdf, settings, project)
        files.append(RenderedFile(due[OutputKind.BRIEF_PAGE], page))
    if OutputKind.BRIEF_JSON in due:
        files.append(RenderedFile(due[OutputKind.BRIEF_JSON], pages.sheet_json(model).encode("utf-8")))
    number = sheet.editions.place.number if sheet.editions else 1
    edition_rows = data.Edition(model.id, model.language, number, model.as_of.isoformat())
    files += _data_files([o for o in sheet.due if o.kind is OutputKind.BRIEF_DATA], model, edition_rows)
    if OutputKind.EDITIONS_INDEX in due:
        index = render_editions_index(entry, sheet.editions.listing(summary), settings, project)
        files.append(RenderedFile(due[OutputKind.EDITIONS_INDEX], index))
    pdf = None
    if OutputKind.BRIEF_PDF in due:
        pdf = PrintJob(due[OutputKind.BRIEF_PDF], print_page(context, project), model.id, entry.as_of)
    compared = summary if sheet.editions is not None and sheet.editions.summary is None else None
    return RenderedBrief(**{**vars(found), "summary": compared, "files": tuple(files), "pdf": pdf,
                            "cards": _due_cards(sheet, entry, inputs)})  # fmt: skip


def _due_cards(sheet: SheetPlan, entry: ListingEntry, inputs: RenderInputs) -> dict[str, str]:
    """Render the brief's due cards, by key: one for each kind of page that lists it."""
    due = {output.path: output for output in sheet.due if output.kind is OutputKind.CARD}
    found = {}
    for root in cards.ROOTS:
        output = due.get(layout.card_name(entry.version, root))
        if output is not None:
            shown = pages.display_entry(entry.to_json(), root, words_for(entry.language))
            found[output.key] = cards.render_card(inputs.project, inputs.settings, shown)
    return found


def _data_files(outputs: list[Output], sheet: FactSheet, edition: data.Edition) -> list[RenderedFile]:
    """Render one edition's tables for analysts, each a CSV of its own with both header rows."""
    return [
        RenderedFile(
            output,
            data.table_csv(_table_of(output.path), [data.table_part(_table_of(output.path), [(sheet, edition)])]),
        )
        for output in outputs
    ]


def _table_of(path: str) -> str:
    return path.rsplit(".", 2)[-2]


def render_brief_page(context: dict, has_pdf: bool, settings: dict, project: Project, path: str | None = None) -> bytes:
    """Render a brief's web page from its context; ``path`` for a past edition's."""
    shown = pages.brief_page_context(context, has_pdf, settings, path)
    shown["settings"] = pages.language_settings(settings, shown["page"]["path"])
    return render_template(project, pages.BRIEF_TEMPLATE, shown, context["language"]).encode("utf-8")


def print_page(context: dict, project: Project, stylesheet_href: str | None = None) -> str:
    """Render a brief's print page from its context; the stylesheet is linked only when asked (previews, timing)."""
    shown = {**context, "stylesheet_href": stylesheet_href}
    return render_template(project, pages.PRINT_TEMPLATE, shown, context["language"])


def render_print_html(
    sheet: FactSheet, project: Project, stylesheet_href: str | None = None, edition: dict | None = None
) -> str:
    """Render a brief's print page, which its PDF is laid out from; ``edition`` from history."""
    return print_page(brief_context(sheet, project, edition), project, stylesheet_href)


def render_editions_index(
    entry: ListingEntry, listing: tuple[EditionSummary, ...], settings: dict, project: Project
) -> bytes:
    """Render the list of a brief's editions, newest first, each with what changed."""
    path = layout.editions_index_path(entry.version)
    title = pages.listing_heading("brief", entry.title, words_for(entry.language))
    context = {
        "brief": {"id": entry.id, "title": entry.title, "handling": entry.handling},
        "editions": index_items(listing, words_for(entry.language, Theme.of(project))),
        "page": layout.page_info(path, title, settings["base_url"]),
        "settings": pages.language_settings(settings, path),
    }
    return render_template(project, EDITIONS_TEMPLATE, context, entry.language).encode("utf-8")


def render_brief_pdf(sheet: FactSheet, project: Project, edition: dict | None = None) -> bytes:
    """Render a brief to PDF bytes in this process: the same data as its page, through the print template."""
    from briefgen.pdf import render as pdf

    html = render_print_html(sheet, project, edition=edition)
    return pdf.html_to_pdf(html, project, sheet.id, sheet.as_of.isoformat())


# --- a past edition ---------------------------------------------------------


@dataclass(frozen=True)
class PastEditionTask:
    """A past edition's due outputs, rendered from its sheet as it stood."""

    brief_id: str
    past: PastEdition


def render_past_edition(
    task: PastEditionTask, inputs: RenderInputs
) -> tuple[tuple[RenderedFile, ...], PrintJob | None]:
    """Render a past edition's due page and JSON, and the print HTML of its PDF when that is due."""
    past, project = task.past, inputs.project
    if past.sheet is None:
        raise BriefgenError(f"the edition of {past.edition.as_of} of {task.brief_id} can no longer be read from git")
    edition = page_edition(past.summary, archived=True, words=words_for(past.sheet.language, Theme.of(project)))
    context = brief_context(past.sheet, project, edition)
    files, pdf = [], None
    for output in (output for output in past.outputs if output.due):
        if output.kind is OutputKind.EDITION_PAGE:
            files.append(
                RenderedFile(output, render_brief_page(context, past.has_pdf, inputs.settings, project, output.path))
            )
        elif output.kind is OutputKind.EDITION_JSON:
            files.append(RenderedFile(output, pages.sheet_json(past.sheet).encode("utf-8")))
        elif output.kind is OutputKind.EDITION_DATA:
            rows = data.Edition(task.brief_id, inputs.settings["language"], past.summary.number, past.edition.as_of)
            files += _data_files([output], past.sheet, rows)
        else:
            pdf = PrintJob(output, print_page(context, project), task.brief_id, past.edition.as_of)
    return tuple(files), pdf


# --- the whole site ---------------------------------------------------------


def render_site(plan: BuildPlan, workers: Workers, progress: ProgressCallback) -> Iterator[Rendered]:
    """Render every due output of the plan: the briefs, then (once every sheet checks) PDFs and site pages."""
    briefs: list[RenderedBrief] = []
    pdfs: list[tuple[Output, Future]] = []
    parts: dict[str, bytes] = {}
    for brief in workers.render_briefs(plan.to_read):
        yield brief
        parts.update(data_parts(brief.files))
        if brief.pdf is not None and brief.ok and brief.failure is None:
            pdfs.append((brief.pdf.output, workers.submit_pdf(brief.pdf)))  # it lays out while others are read
        briefs.append(brief.learned())
    check(plan, briefs)
    for files, pdf in workers.render_past_editions(past_edition_tasks(plan)):
        yield from files
        parts.update(data_parts(files))
        if pdf is not None:
            pdfs.append((pdf.output, workers.submit_pdf(pdf)))
    yield from collect_pdfs(pdfs, progress)
    workers.close()  # nothing more for them: the site pages are rendered here
    yield from render_site_pages(plan, briefs, parts)


def past_edition_tasks(plan: BuildPlan) -> list[PastEditionTask]:
    """List the past editions with a due output."""
    return [
        PastEditionTask(sheet.brief_id, past)
        for sheet in plan.sheets
        if sheet.built and sheet.editions
        for past in sheet.editions.past
        if any(output.due for output in past.outputs)
    ]


def reported(plan: BuildPlan, brief: RenderedBrief) -> list[Problem]:
    """Return the problems of a brief this build reports: under --only, those of the named briefs, and shared ids."""
    own = list(brief.problems) if not plan.options.only or brief.raw_id in plan.options.only else []
    return own + ([brief.clash] if brief.clash is not None else [])


def check(plan: BuildPlan, briefs: list[RenderedBrief]) -> None:
    """Refuse to go on when a sheet has errors (reporting every one), --only names nothing, or a render failed."""
    problems = sorted(problem for brief in briefs for problem in reported(plan, brief))
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise ValidationFailed(problems)
    only = plan.options.only
    known = {sheet.brief_id for sheet in plan.sheets} | {brief.raw_id for brief in briefs}
    missing = sorted(set(only) - known)
    if missing:
        raise BriefgenError(f"no fact sheet in {plan.project.briefs_dir} has the id {', '.join(missing)}")
    drafts = sorted(s.brief_id for s in plan.sheets if s.brief_id in only and s.placement.status == "draft")
    if drafts and not plan.options.drafts:
        raise BriefgenError(f"{', '.join(drafts)}: a draft; add --drafts to build drafts")
    for brief in briefs:
        if brief.failure is not None:
            raise brief.failure


def collect_pdfs(pdfs: list[tuple[Output, Future]], progress: ProgressCallback) -> Iterator[RenderedFile]:
    """Yield each PDF as its worker finishes it, in the order they were asked for, reporting progress."""
    from concurrent.futures.process import BrokenProcessPool

    for done, (output, job) in enumerate(pdfs, start=1):
        progress(done - 1, len(pdfs), layout.pdf_label(output.path))
        try:
            data = job.result()
        except BrokenProcessPool as error:
            raise BriefgenError(f"a PDF worker died while rendering {output.path}: {error}") from None
        except BriefgenError:
            raise
        except Exception as error:
            raise BriefgenError(f"could not render {output.path}: {type(error).__name__}: {error}") from error
        yield RenderedFile(output, data)
    if pdfs:
        progress(len(pdfs), len(pdfs), "")


@dataclass(frozen=True)
class SiteState:
    """What the site is made of once its briefs are read: every sheet's record, each member's entry and editions."""

    records: Mapping[str, SheetRecord]  # by sheet name: what the manifest keeps
    entries: Mapping[str, ListingEntry]  # by version, for every member
    listings: Mapping[str, tuple[EditionSummary, ...]]  # by version, where editions are known
    cards: Mapping[tuple[str, str], str]  # (version, root) -> the key of its card there


def site_state(plan: BuildPlan, briefs: list[RenderedBrief]) -> SiteState:
    """Gather, from the plan and what rendering read, what the site-wide pages show and the manifest keeps."""
    read = {brief.name: brief for brief in briefs}
    records, entries, listings, card_keys = {}, {}, dict(plan.carried_editions), {}
    for sheet in plan.sheets:
        brief = read.get(sheet.name)
        fresh = brief.record if brief is not None else sheet.record
        record = sheet.previous if sheet.carried else fresh
        if record is not None:
            records[sheet.name] = record
        if not (sheet.built or sheet.carried):
            continue
        entries[sheet.version] = record.entry
        if sheet.editions is not None:
            listings[sheet.version] = sheet.editions.listing(sheet.editions.summary or brief.summary)
        outputs = {output.path: output for output in sheet.outputs if output.kind is OutputKind.CARD}
        for root in cards.ROOTS:
            if (output := outputs.get(layout.card_name(sheet.version, root))) is not None:
                card_keys[sheet.version, root] = output.key
    return SiteState(records, entries, listings, card_keys)


def data_parts(files: Iterable[RenderedFile]) -> dict[str, bytes]:
    """Keep the briefs' tables rendered now (or taken from a shard's part), compressed: the archive's join them.

    Every brief's six tables wait in this process until the last brief is read, about
    14 MB of text for 1,000 synthetic briefs; compressed they take a quarter of that.
    """
    kinds = (OutputKind.BRIEF_DATA, OutputKind.EDITION_DATA)
    return {file.output.path: zlib.compress(_bytes_of(file), 1) for file in files if file.output.kind in kinds}


def _bytes_of(file: RenderedFile) -> bytes:
    if file.data is not None:
        return file.data
    return paths.read_file(contained_path(file.adopted_from, file.output.path))


def render_data_tables(plan: BuildPlan, parts: Mapping[str, bytes]) -> Iterator[RenderedFile]:
    """Join the due archive tables from the briefs' parts: rendered now, or as the last build left them."""
    for planned in plan.data_tables:
        if not planned.output.due:
            continue
        if planned.table is None:
            yield RenderedFile(planned.output, data.datapackage("briefgen-archive"))
            continue
        kept = _kept_parts(plan, planned)
        bodies = [(path, _part_rows(plan, path, parts, kept)) for path in planned.parts]
        joined = data.join_table(planned.table, bodies)
        yield RenderedFile(planned.output, joined.data, joined=joined.parts)


def _kept_parts(plan: BuildPlan, planned: DataTable) -> dict[str, memoryview]:
    """Cut the previous build's table into the parts it joined: one read, however many briefs it holds."""
    layout_of = plan.previous.manifest.joins.get(planned.output.path)
    if not layout_of:
        return {}
    try:
        previous = paths.read_file(plan.previous.folder / planned.output.path)
    except OSError:
        return {}  # gone: each part is read instead
    return data.cut_table(planned.table, previous, layout_of)


def _part_rows(plan: BuildPlan, path: str, rendered: Mapping[str, bytes], kept: Mapping[str, memoryview]) -> bytes:
    """A part's rows: rendered now (compressed, see data_parts), else as the previous table holds them, else its file."""
    if path in rendered:
        return data.without_headers(zlib.decompress(rendered[path]))
    if path in kept:
        return kept[path]
    return data.without_headers((plan.previous.folder / path).read_bytes())


def render_site_pages(
    plan: BuildPlan, briefs: list[RenderedBrief], parts: Mapping[str, bytes] | None = None
) -> Iterator[RenderedFile | RenderedCards]:
    """Render the due index, listings, feed, sitemap and search index, copy the due assets, and give every card.

    ``parts`` are the briefs' data tables rendered by this build (see data_parts), which the archive's tables join.
    """
    yield from render_data_tables(plan, parts or {})
    book = CardBook(plan.previous.folder, lambda shown: cards.render_card(plan.project, plan.settings, shown))
    book.add({key: html for brief in briefs for key, html in brief.cards.items()})
    due = [planned for planned in plan.pages if planned.output.due]
    state = site_state(plan, briefs) if due else None
    shown: dict = {}  # entries as pages show them, shared by the pages of this build
    for planned in due:
        yield RenderedFile(planned.output, _site_page(plan, planned.page, state, book, shown))
    theme = Theme.of(plan.project) if plan.assets else None
    for asset in plan.assets:
        if asset.output.due:
            yield RenderedFile(asset.output, theme.read(asset.output.path))  # found again: a link made since is refused
    yield RenderedCards(book, plan)


def _site_page(plan: BuildPlan, page: pages.PlannedPage, state: SiteState, book: CardBook, shown: dict) -> bytes:
    if not page.template:
        return pages.generated_file(page, state.entries).encode("utf-8")
    context = pages.site_page_context(page, state.entries, state.listings, plan.settings, shown)
    if page.cards:
        root = layout.root_prefix(layout.without_language(page.path))
        for entry in context["entries"]:
            if "card" not in entry:
                key = state.cards.get((entry["version"], root))
                entry["card"] = book.card(key, entry) if key is not None else None
    return render_template(plan.project, page.template, context, context["settings"]["language"]).encode("utf-8")
