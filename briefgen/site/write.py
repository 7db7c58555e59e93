"""Write a build: stage what rendering gives, keep every up-to-date file where it is, then swap the changes in.

The only writer of the site. Rendered files are staged as they come (nothing
reads the staging folder), every output the plan finds up to date is kept
where it stands in the previous site (no copy, no link), and the manifest and
the cards are written last; :meth:`StagedSite.commit` then moves the staged
files in and drops every file of the previous site the plan no longer has, by
a journaled swap a kill cannot leave half done. If rendering raises at any
point, the staging folder is thrown away and the previous site stays exactly
as it was. A build with nothing due writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import Problem, Severity
from briefgen.site.cache import keep_stamps
from briefgen.site.cards import CARDS_NAME, cards_json
from briefgen.site.layout import brief_of
from briefgen.site.manifest import Manifest
from briefgen.site.output import MANIFEST_NAME, StagedSite
from briefgen.site.outputs import OutputKind
from briefgen.site.plan import BuildPlan
from briefgen.site.render import Rendered, RenderedBrief, RenderedCards, RenderedFile, reported, site_state

Joins = Mapping[str, tuple[tuple[str, int], ...]]  # archive table path -> its parts and their lengths


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


class _Staging:
    """The staging folder, opened on the first file: a build that writes nothing never makes one."""

    def __init__(self, plan: BuildPlan):
        self.plan = plan
        self.site: StagedSite | None = None

    def __call__(self) -> StagedSite:
        if self.site is None:
            self.site = StagedSite(self.plan.out_dir, _listed(self.plan))
        return self.site


def _listed(plan: BuildPlan) -> set[str] | None:
    """Name the files the previous site holds by its manifest, when it is this folder's; else None: look.

    The plan has checked that every output it keeps is there, so there is no need to walk the site.
    """
    previous = plan.previous
    if previous.folder != plan.out_dir or not previous.manifest.outputs:
        return None  # a shard's part, a forced build or a first one: the folder is walked
    return {*previous.manifest.outputs, MANIFEST_NAME, CARDS_NAME}


@dataclass(frozen=True)
class Target:
    """What a build leaves in its output folder: a whole site, or a shard's part of one."""

    describe: Callable[[BuildPlan, list[RenderedBrief], Joins], str]  # the manifest, as text
    whole: bool = True  # keep every up-to-date file, write nothing when nothing changed, say the site's notices


def write_site(plan: BuildPlan, rendered: Iterable[Rendered], target: Target | None = None) -> BuildResult:
    """Stage every rendered file, keep the up-to-date ones in place, write the manifest and cards, and swap them in."""
    target = target or SITE
    result = BuildResult(plan.out_dir, notices=list(plan.notices) if target.whole else [])  # a merge says them once
    staging = _Staging(plan)
    try:
        briefs, cards, joins = _stage(plan, rendered, staging, result)
        _account(plan, briefs, result)
        if target.whole and staging.site is None and _same_outputs(plan):
            keep_stamps(plan.out_dir, plan.stamps, plan.stamps_before)
            return result  # nothing due, nothing gone: the site stays as it is, manifest included
        staged = staging()
        for output in plan.outputs if target.whole else ():
            if output.is_file and not output.due:
                staged.keep(output.path)
        staged.write(CARDS_NAME, cards_json(cards.html() if cards else {}))
        staged.write(MANIFEST_NAME, target.describe(plan, briefs, joins))
        keep_stamps(plan.out_dir, plan.stamps, plan.stamps_before)  # true of the inputs, whatever becomes of the swap
        staged.commit()
        return result
    except BaseException:
        if staging.site is not None:
            staging.site.discard()
        raise


def _stage(plan: BuildPlan, rendered: Iterable[Rendered], staging: _Staging, result: BuildResult):
    """Stage rendered files as they come; return what reading the briefs gave, every card, and the tables' joins."""
    briefs: list[RenderedBrief] = []
    cards: RenderedCards | None = None
    joins: dict[str, tuple[tuple[str, int], ...]] = {}
    for item in rendered:
        if isinstance(item, RenderedCards):
            cards = item
            continue
        files = item.files if isinstance(item, RenderedBrief) else (item,)
        for file in files:
            _write(staging(), file)
            result.files_written.append(file.output.path)
            if file.joined is not None:
                joins[file.output.path] = file.joined
            if file.output.is_pdf:
                result.pdfs.append(brief_of(file.output.path))
        if isinstance(item, RenderedBrief):
            briefs.append(item.learned())  # its files are staged: keep what the manifest needs
    return briefs, cards, joins


def _write(staged: StagedSite, file: RenderedFile) -> None:
    if file.adopted_from is not None:
        staged.adopt(file.output.path, file.adopted_from)
    else:
        staged.write(file.output.path, file.data)


def _account(plan: BuildPlan, briefs: list[RenderedBrief], result: BuildResult) -> None:
    """Say which briefs were rendered and which were up to date, and keep the warnings to report."""
    for sheet in plan.members:
        (result.rendered if sheet.due_files else result.up_to_date).append(sheet.brief_id)
    warnings = [p for brief in briefs for p in reported(plan, brief) if p.severity is Severity.WARNING]
    result.warnings = sorted(warnings)


def _same_outputs(plan: BuildPlan) -> bool:
    """Tell whether the site would hold exactly the files the previous one holds."""
    planned = {output.path for output in plan.outputs if output.is_file}
    return planned == set(plan.previous.manifest.outputs)


def site_manifest(plan: BuildPlan, briefs: list[RenderedBrief], joins: Joins) -> str:
    """Describe the new site for the next build: records, the key of every output and card, edition summaries.

    Each archive table's join layout is the one just made, or the last build's for a table left as it was.
    """
    state = site_state(plan, briefs)
    outputs = plan.outputs
    kept = plan.previous.manifest.joins
    tables = (table.output.path for table in plan.data_tables if table.table is not None)
    layouts = {path: joins[path] if path in joins else kept.get(path) for path in tables}
    return Manifest(
        global_key=plan.global_key,
        sheets=state.records,
        outputs=dict(sorted((o.path, o.key) for o in outputs if o.is_file)),
        cards=dict(sorted((o.path, o.key) for o in outputs if o.kind is OutputKind.CARD)),
        peeks=plan.peeks,
        editions=dict(sorted(state.listings.items())),
        joins={path: layout for path, layout in sorted(layouts.items()) if layout is not None},
    ).to_json()


SITE = Target(site_manifest)
