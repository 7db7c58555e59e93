"""Plan a build: every output of the site, where it goes, its key, and whether it is due.

:func:`plan_build` reads what decides that and nothing more: the previous
site's manifest, the bytes of every fact sheet and cited seed (hashed, not
parsed), a peek at each changed sheet (its id, as-of date, status, seeds,
countries and tags) and the project's git history. An unchanged sheet keeps
the record the last build made of it. The result, a :class:`BuildPlan`, is
immutable: rendering (:mod:`briefgen.site.render`) makes the due outputs from
it, and writing (:mod:`briefgen.site.write`) keeps the rest.

Every output's key hashes exactly what it is made from: briefgen's code and
the settings, a brief's sheet and seeds, its edition, and the theme files it
is rendered through (:mod:`briefgen.site.cache`).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen import paths
from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.keys import digest
from briefgen.sheet.loader import MAX_SHEET_BYTES, find_sheets, seed_path
from briefgen.sheet.peek import peek_sheet
from briefgen.sheet.references import brief_id_clashes
from briefgen.sheet.versions import Alternate, version_name
from briefgen.site import cache, cards, data, layout, pages
from briefgen.site.context import settings_context
from briefgen.site.editions import EDITIONS_TEMPLATE, BriefEditions, EditionsPlanner, PreviousEdition
from briefgen.site.manifest import Manifest, Peek, SheetRecord
from briefgen.site.outputs import Output, OutputKind, PreviousSite
from briefgen.site.templating import environment
from briefgen.themes import Theme
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


@dataclass(frozen=True)
class Placement:
    """What places a brief in the site before it is rendered: from the last build's record, or a peek."""

    id: str
    status: str
    as_of: str
    countries: tuple[str, ...]
    tags: tuple[str, ...]
    language: str
    version: str  # its id in the project's language, '<id>@<language>' in another: what its paths and maps go by


@dataclass(frozen=True)
class SheetPlan:
    """One fact sheet in this build: what it is, where its outputs go, and whether it must be read.

    ``record`` is the last build's record when the sheet and its seeds are unchanged
    (it is trusted, not read again); ``placement`` is None for a changed sheet that
    cannot be placed unread (reading it reports why). A brief is *built* when this
    build renders it, *carried* when ``--only`` leaves it as the last build did.
    """

    name: str  # relative to the project, as the manifest keys it
    path: Path
    sheet_hash: str | None  # taken before reading: a save during the build is never taken as built
    previous: SheetRecord | None
    record: SheetRecord | None
    placement: Placement | None
    key: str | None  # the brief's key: code and settings, sheet bytes, seed bytes
    seeds: Mapping[str, str]  # cited seed -> hash, as the key took them
    built: bool = False
    carried: bool = False
    must_read: bool = False  # rendering reads it: it changed, it clashes, or something it makes is due
    has_pdf: bool = False
    outputs: tuple[Output, ...] = ()  # its own and its editions', due or not
    editions: BriefEditions | None = None
    previous_edition: PreviousEdition | None = None  # read from git when its current edition must be compared
    clash: str | None = None  # another sheet has its id: what to say at its id
    alternates: tuple[Alternate, ...] = ()  # its brief's versions in other languages, by language

    @property
    def brief_id(self) -> str | None:
        return self.placement.id if self.placement else None

    @property
    def version(self) -> str | None:
        return self.placement.version if self.placement else None

    @property
    def due(self) -> tuple[Output, ...]:
        return tuple(output for output in self.outputs if output.due)

    @property
    def due_files(self) -> tuple[Output, ...]:
        """The due outputs that are files: a due card alone is rendered with the pages that list it."""
        return tuple(output for output in self.due if output.is_file)


@dataclass(frozen=True)
class SitePage:
    """A site-wide page in the plan: what it lists (see pages.py), and its output."""

    page: pages.PlannedPage
    output: Output


@dataclass(frozen=True)
class Asset:
    """A static file of the theme, copied into the site as it is."""

    source: Path
    output: Output


@dataclass(frozen=True)
class DataTable:
    """One table of the archive's data for analysts (or its package, ``table`` None) and the briefs' parts it joins."""

    table: str | None
    parts: tuple[str, ...]  # the paths of the briefs' own tables, every edition of each, in brief order
    output: Output


@dataclass(frozen=True)
class BuildPlan:
    """Everything a build produces, each output with its key and whether it is due; immutable."""

    project: Project
    options: BuildOptions
    out_dir: Path
    settings: dict  # what pages are rendered with
    global_key: str
    card_key_base: str  # what every brief card is made from besides its brief
    with_cards: bool  # the theme renders brief cards
    previous: PreviousSite
    sheets: tuple[SheetPlan, ...]
    pages: tuple[SitePage, ...]
    assets: tuple[Asset, ...]
    data_tables: tuple[DataTable, ...]
    carried_editions: Mapping[str, tuple]  # a carried brief's edition summaries, as the last build kept them
    peeks: Mapping[str, Peek]
    notices: tuple[str, ...]  # one line each, e.g. that git history is unavailable
    stamps: Mapping[str, cache.Stamp] = field(default_factory=dict)  # what was seen of each sheet and seed
    stamps_before: Mapping[str, cache.Stamp] = field(default_factory=dict)  # as the last build left them

    @property
    def members(self) -> tuple[SheetPlan, ...]:
        """The briefs the site lists: those built now and those carried over."""
        return tuple(sheet for sheet in self.sheets if sheet.built or sheet.carried)

    @property
    def outputs(self) -> tuple[Output, ...]:
        """Every output of the site, brief outputs first."""
        own = [output for sheet in self.members for output in sheet.outputs]
        site_wide = (*(page.output for page in self.pages), *(table.output for table in self.data_tables))
        return (*own, *site_wide, *(asset.output for asset in self.assets))

    @property
    def to_read(self) -> tuple[SheetPlan, ...]:
        return tuple(sheet for sheet in self.sheets if sheet.must_read)

    @property
    def pdfs_due(self) -> int:
        return sum(output.is_pdf and output.due for output in self.outputs)

    def only_sheets(self, names: set[str]) -> BuildPlan:
        """Keep only these sheets and none of the site-wide pages: what a shard renders into its part."""
        kept = tuple(s for s in self.sheets if s.name in names)
        return replace(self, sheets=kept, pages=(), assets=(), data_tables=())


def plan_build(project: Project, options: BuildOptions) -> BuildPlan:
    """Plan every output of the site from the project, the options and the previous site's manifest."""
    if not project.briefs_dir.is_dir():
        raise BriefgenError(f"no briefs/ folder in {project.root}; run briefgen build from a project")
    keys = _Keys(project)
    previous_dir = (options.previous or options.out_dir).resolve()
    previous = PreviousSite(previous_dir, Manifest() if options.force else Manifest.read(previous_dir))
    editions = EditionsPlanner(
        project, keys.settings, previous, pdf=options.pdf, index_template=keys.theme.page_key(EDITIONS_TEMPLATE)
    )
    survey = _Survey(project, keys.global_key, previous, {} if options.force else cache.read_stamps(options.out_dir))
    surveyed = survey.sheets()
    sheets = _with_previous_editions(_place(surveyed, options, previous, keys, editions), editions)
    members = [sheet for sheet in sheets if sheet.built or sheet.carried]
    published = Manifest.read(previous_dir) if options.force else previous.manifest  # what the build replaces
    editions.keep_published((output.path for sheet in members for output in sheet.outputs), published)
    carried = _carried_editions(members, previous, editions)
    return BuildPlan(
        project=project,
        options=options,
        out_dir=options.out_dir.resolve(),
        settings=keys.settings,
        global_key=keys.global_key,
        card_key_base=keys.card_key_base,
        with_cards=keys.with_cards,
        previous=previous,
        sheets=tuple(sheets),
        pages=tuple(_site_pages(members, carried, previous, keys)),
        assets=tuple(_assets(keys.theme_files, previous)),
        data_tables=tuple(_data_tables(members, previous, keys.global_key)),
        carried_editions=carried,
        peeks=editions.peeks(),
        notices=(*editions.notices(), *pages.site_notices(keys.settings["base_url"])),
        stamps=survey.hashes.stamps,
        stamps_before=survey.hashes.previous,
    )


class _Keys:
    """What every key is built from: the code and settings, and the theme files by what each output uses."""

    def __init__(self, project: Project):
        self.settings = settings_context(project)
        self.theme_files = Theme.of(project)
        self.global_key = cache.global_key(self.settings, __version__)
        self.theme = cache.ThemeHashes(self.theme_files, environment(project))
        self.with_cards = cards.theme_has_cards(project)

    @functools.cached_property
    def card_key_base(self) -> str:
        return cards.card_key_base(self.global_key, self.theme.page_key(pages.CARD_TEMPLATE))


@dataclass(frozen=True)
class _Surveyed:
    """A sheet as hashing (and, when it changed, peeking) found it."""

    name: str
    path: Path
    sheet_hash: str | None
    previous: SheetRecord | None
    record: SheetRecord | None
    placement: Placement | None
    key: str | None
    seeds: Mapping[str, str]


class _Survey:
    """Hash every fact sheet; trust the last record of one whose bytes and seeds are unchanged, peek at the rest."""

    def __init__(self, project: Project, global_key: str, previous: PreviousSite, stamps: Mapping[str, cache.Stamp]):
        self.project = project
        self.global_key = global_key
        self.manifest = previous.manifest
        self.same_code = previous.manifest.global_key == global_key
        self.hashes = cache.InputHashes(project.root, stamps)
        self.root = project.root.resolve()
        self.language = project.settings.language

    def sheets(self) -> list[_Surveyed]:
        folder = _relative_name(self.project, self.project.briefs_dir)
        found = []
        for path in find_sheets([self.project.briefs_dir]):
            # Resolving every path is slow on a large archive: only a linked sheet may be named elsewhere.
            linked = path.is_symlink()
            name = _relative_name(self.project, path) if linked else f"{folder}/{path.name}"
            inside = not linked or paths.is_inside(path, self.root)
            found.append(self._survey(name, path, inside))
        return found

    def _survey(self, name: str, path: Path, inside: bool) -> _Surveyed:
        """Hash and peek at a sheet; one a link leads out of the project, or that is no file, is left to the loader.

        A sheet whose stat vouches for the last build's hash is not read at all.
        """
        previous = self.manifest.sheets.get(name)
        if inside and self.same_code and previous is not None:
            trusted = self.hashes.trusted(name, path)
            if trusted is not None and self._unchanged(previous, trusted):
                return self._kept(name, path, previous)
        data, sheet_hash = self.hashes.read(name, path, _read_bytes) if inside else (None, None)
        if self._unchanged(previous, sheet_hash):
            return self._kept(name, path, previous)
        peek = peek_sheet(data) if data is not None else None
        if peek is None:
            return _Surveyed(name, path, sheet_hash, previous, None, None, None, {})
        seeds = {seed: self.hashes(seed) for seed in self._seed_names(peek.seed_files)}
        key = cache.brief_key(self.global_key, sheet_hash, seeds)
        language = peek.language or self.language
        version = version_name(peek.id, language, self.language)
        placement = Placement(peek.id, peek.status, peek.as_of, peek.countries, peek.tags, language, version)
        return _Surveyed(name, path, sheet_hash, previous, None, placement, key, seeds)

    @staticmethod
    def _kept(name: str, path: Path, previous: SheetRecord) -> _Surveyed:
        placement = _placed(previous)
        return _Surveyed(name, path, previous.sheet_hash, previous, previous, placement, previous.key, previous.seeds)

    def _unchanged(self, previous: SheetRecord | None, sheet_hash: str | None) -> bool:
        if not self.same_code or previous is None or sheet_hash is None:
            return False
        return previous.sheet_hash == sheet_hash and self.hashes.unchanged(previous.seeds)

    def _seed_names(self, files: tuple[str, ...]) -> list[str]:
        """Name each cited seed as the record does: the resolved file, relative to the project."""
        found = (seed_path(self.project, relative) for relative in files)
        # A seed that is no file (a FIFO would make hashing wait) is not hashed: reading the sheet says what it is.
        return sorted(
            {seed_name(self.project, self.root, path) for path in found if path is not None and path.is_file()}
        )


def seed_name(project: Project, root: Path, path: Path) -> str:
    """Name a seed the loader resolved, relative to the project root, as the manifest keys it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else _relative_name(project, path)


def _relative_name(project: Project, path: Path) -> str:
    return paths.shown(path.resolve(), project.root)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return paths.read_file(path, MAX_SHEET_BYTES)
    except OSError:
        return None  # reading it says why


def _placed(record: SheetRecord) -> Placement:
    entry = record.entry
    return Placement(record.id, record.status, entry.as_of, entry.countries, entry.tags, entry.language, entry.version)


def _place(
    surveyed: list[_Surveyed], options: BuildOptions, previous: PreviousSite, keys: _Keys, editions: EditionsPlanner
) -> list[SheetPlan]:
    """Decide each sheet's part in the site, plan its outputs, and whether rendering must read it."""
    # A sheet whose id may clash is named as the loader shows it, so that a clash reads as check words it;
    # naming resolves the working folder, so the others (nearly all) are not named.
    versions_of = [(s.placement.id, s.placement.language) if s.placement else None for s in surveyed]
    repeated = {version for version, count in Counter(filter(None, versions_of)).items() if count > 1}
    named = [(v, paths.named(s.path) if v in repeated else "") for v, s in zip(versions_of, surveyed, strict=True)]
    clashes = dict(brief_id_clashes(named))
    versions = _versions(surveyed, clashes, options)
    planned = []
    for position, found in enumerate(surveyed):
        clash = clashes.get(position)
        placed = found.placement or (_placed(found.previous) if found.previous else None)
        alternates = _alternates(placed, versions)
        if found.placement is not None and clash is None and _selected(found.placement, options):
            part = {**_built(found, options, previous, keys, editions, alternates), "alternates": alternates}
        elif options.only and _carried(found.previous, options, previous):
            part = {**_carried_over(found, previous, keys), "alternates": alternates}
        else:
            part = {}
        sheet = SheetPlan(**{**vars(found), **part, "clash": clash})
        planned.append(replace(sheet, must_read=True) if _must_read(sheet, options) else sheet)
    return planned


def _versions(surveyed: list[_Surveyed], clashes: Mapping[int, str], options: BuildOptions) -> dict:
    """Gather each brief's versions the site shows, by id: every one a page may link to as another language's."""
    shown = replace(options, only=())  # --only renders some versions; the others stay in the site
    found: dict[str, list[Alternate]] = {}
    for position, sheet in enumerate(surveyed):
        placement = sheet.placement
        if placement is not None and position not in clashes and _selected(placement, shown):
            found.setdefault(placement.id, []).append(Alternate(placement.language, placement.version, placement.as_of))
    return {brief_id: sorted(group, key=lambda a: a.language) for brief_id, group in found.items()}


def _alternates(placement: Placement | None, versions: Mapping[str, list[Alternate]]) -> tuple[Alternate, ...]:
    if placement is None:
        return ()
    return tuple(a for a in versions.get(placement.id, ()) if a.version != placement.version)


def _with_previous_editions(sheets: list[SheetPlan], editions: EditionsPlanner) -> list[SheetPlan]:
    """Give each brief whose current edition rendering compares the edition before it, read from git at once."""
    comparing = [sheet for sheet in sheets if sheet.must_read and sheet.editions and sheet.editions.summary is None]
    editions.prefetch([sheet.editions for sheet in comparing])
    found = {sheet.name: editions.previous_edition(sheet.editions) for sheet in comparing}
    return [replace(sheet, previous_edition=found[sheet.name]) if sheet.name in found else sheet for sheet in sheets]


def _must_read(sheet: SheetPlan, options: BuildOptions) -> bool:
    """Read a sheet that cannot be placed or clashes (to say why), changed, or makes something due.

    Under --only a changed sheet that is not named is left unread: its id is known
    from its peek, and its problems are not this build's.
    """
    if sheet.placement is None or sheet.clash is not None:
        return True
    if sheet.record is None and (sheet.built or not options.only):
        return True
    return sheet.built and (bool(sheet.due_files) or (sheet.editions is not None and sheet.editions.summary is None))


def _selected(placement: Placement, options: BuildOptions) -> bool:
    """Tell whether this build renders a brief: named by --only (if given), and published unless --drafts."""
    if options.only and placement.id not in options.only:
        return False
    return options.drafts or placement.status == "published"


def _built(
    sheet: _Surveyed,
    options: BuildOptions,
    previous: PreviousSite,
    keys: _Keys,
    editions: EditionsPlanner,
    alternates: tuple[Alternate, ...],
) -> dict:
    """Plan a built brief's outputs: page, JSON, PDF, cards, and its editions'.

    Its page and PDF are keyed by its other versions too: they link to them, and say when one is newer.
    """
    version, key = sheet.placement.version, sheet.key
    found = editions.for_brief(version, sheet.placement.as_of, key)
    place_key = digest(found.place.key if found else "", *(f"{a.version}={a.as_of}" for a in alternates))
    pdf_path = layout.brief_pdf_path(version)
    pdf_key = digest(key, keys.theme.pdf_key(pages.PRINT_TEMPLATE), place_key)
    has_pdf = options.pdf or previous.fresh(pdf_path, pdf_key)
    page_key = digest(key, f"pdf={has_pdf}", keys.theme.page_key(pages.BRIEF_TEMPLATE), place_key)
    outputs = [
        previous.output(layout.brief_page_path(version), OutputKind.BRIEF_PAGE, page_key),
        previous.output(layout.brief_json_path(version), OutputKind.BRIEF_JSON, key),
    ]
    if has_pdf:
        outputs.append(previous.output(pdf_path, OutputKind.BRIEF_PDF, pdf_key))
    outputs += _cards(version, key, previous, keys)
    outputs += found.outputs if found else ()
    data_key = digest(key, "data", place_key)
    outputs += [
        previous.output(layout.brief_data_path(version, table), OutputKind.BRIEF_DATA, data_key)
        for table in data.TABLES
    ]
    return {"built": True, "has_pdf": has_pdf, "outputs": tuple(outputs), "editions": found}


def _carried(record: SheetRecord | None, options: BuildOptions, previous: PreviousSite) -> bool:
    """Tell whether --only leaves a brief in the site as the last build left it: every file of it still there."""
    if record is None or record.id in options.only:
        return False
    kept = [path for path, _ in previous.brief_outputs(record.version)]
    return bool(kept) and all((previous.folder / path).is_file() for path in kept)


def _carried_over(sheet: _Surveyed, previous: PreviousSite, keys: _Keys) -> dict:
    """Keep a carried brief's files with the keys the last build gave them; it is listed by its last record.

    Its cards are keyed as a built brief's are: a changed card template renders them again.
    """
    record = sheet.previous
    own = previous.brief_outputs(record.version)
    outputs = [Output(path, _kind_of(record.version, path), key, False) for path, key in own]
    outputs += _cards(record.version, record.key, previous, keys)
    return {"carried": True, "placement": _placed(record), "key": record.key, "outputs": tuple(outputs)}


def _cards(version: str, brief_key: str, previous: PreviousSite, keys: _Keys) -> list[Output]:
    """Plan a brief's card for each kind of page that lists it (none when the theme renders no cards)."""
    if not keys.with_cards:
        return []
    return [
        previous.output(
            layout.card_name(version, root), OutputKind.CARD, cards.card_key(keys.card_key_base, brief_key, root)
        )
        for root in cards.ROOTS
    ]


def _kind_of(version: str, path: str) -> OutputKind:
    """Tell what a kept output of a brief is from where it goes."""
    if path == layout.editions_index_path(version):
        return OutputKind.EDITIONS_INDEX
    past = layout.is_edition_output(path)
    if path.endswith(".csv"):
        return OutputKind.EDITION_DATA if past else OutputKind.BRIEF_DATA
    if path.endswith(".pdf"):
        return OutputKind.EDITION_PDF if past else OutputKind.BRIEF_PDF
    if path.endswith(".json"):
        return OutputKind.EDITION_JSON if past else OutputKind.BRIEF_JSON
    return OutputKind.EDITION_PAGE if past else OutputKind.BRIEF_PAGE


def _carried_editions(members: list[SheetPlan], previous: PreviousSite, editions: EditionsPlanner) -> dict:
    """Keep each carried brief's edition summaries as the last build had them (without history, none)."""
    carried = [sheet.version for sheet in members if sheet.carried]
    if not carried or not editions.available:
        return {}
    return {
        brief_id: previous.manifest.editions[brief_id] for brief_id in carried if brief_id in previous.manifest.editions
    }


def _site_pages(
    members: list[SheetPlan], carried: Mapping[str, tuple], previous: PreviousSite, keys: _Keys
) -> list[SitePage]:
    """Plan the index, listings, feed, sitemap and search index from the briefs' stubs, each keyed by what it shows.

    The sitemap waits for a base URL; the plan's notices say so.
    """
    planned = []
    for page in _language_pages(members, carried, keys):
        templates = keys.theme.page_key(page.template) if page.template else ""
        card_part = keys.card_key_base if page.cards else ""  # its cards are rendered apart, from their own template
        key = digest(keys.global_key, templates, card_part, page.path, pages.page_inputs(page))
        kind = OutputKind.SITE_PAGE if page.template else OutputKind.SEARCH_INDEX
        planned.append(SitePage(page, previous.output(page.path, kind, key)))
    return planned


def _language_pages(members: list[SheetPlan], carried: Mapping[str, tuple], keys: _Keys) -> list[pages.PlannedPage]:
    """Plan each language's index, listings, feeds and search: the project's at the root, another's in its folder."""
    default = keys.settings["language"]
    by_language: dict[str, list[dict]] = {}
    for sheet in members:
        by_language.setdefault(sheet.placement.language, []).append(_stub(sheet, carried))
    by_language.setdefault(default, [])  # the root always has its index, even before a brief in its language
    homes = {language: layout.language_folder(None if language == default else language) for language in by_language}
    planned = []
    for language, stubs in sorted(by_language.items(), key=lambda item: (item[0] != default, item[0])):
        others = sorted([other, folder] for other, folder in homes.items() if other != language)
        base_url = keys.settings["base_url"]
        planned += pages.plan_site_pages(stubs, base_url, None if language == default else language, others)
    return planned


def _stub(sheet: SheetPlan, carried: Mapping[str, tuple]) -> dict:
    """Place a brief on its language's pages (see pages.py): its version, date, countries, tags, key and editions."""
    placement = sheet.placement
    stub = {
        "id": placement.version,
        "as_of": placement.as_of,
        "countries": list(placement.countries),
        "tags": list(placement.tags),
        "key": sheet.key,
    }
    if sheet.alternates:
        stub["language"] = placement.language
        stub["alternates"] = [[a.language, a.version] for a in sheet.alternates]
    if sheet.editions is not None:
        past = [past.summary for past in sheet.editions.past if past.summary.unreadable is None]
        stub["editions"] = [{"as_of": item.as_of, "key": item.key} for item in past]
        stub["editions"].append({"as_of": placement.as_of, "key": sheet.editions.summary_key})
    elif placement.version in carried:
        readable = [item for item in carried[placement.version] if item.unreadable is None]
        stub["editions"] = [{"as_of": item.as_of, "key": item.key} for item in readable]
    return stub


def _data_tables(members: list[SheetPlan], previous: PreviousSite, global_key: str) -> list[DataTable]:
    """Plan the archive's tables, each keyed by the keys of the parts it joins, and the package that describes them.

    An edit to one brief changes its parts' keys, so the archive's tables are joined again from the
    parts, of which only that brief's are rendered again.
    """
    ordered = sorted(members, key=lambda sheet: sheet.version or "")
    planned = []
    for table in data.TABLES:
        suffix = f".{table}.csv"
        parts = [o for sheet in ordered for o in sheet.outputs if o.path.endswith(suffix) and o.kind in DATA_KINDS]
        key = digest(global_key, table, *(f"{o.path}={o.key}" for o in parts))
        output = previous.output(layout.data_table_path(table), OutputKind.DATA_TABLE, key)
        planned.append(DataTable(table, tuple(o.path for o in parts), output))
    package = previous.output(layout.DATAPACKAGE_PATH, OutputKind.DATA_TABLE, digest(global_key, "datapackage"))
    return [*planned, DataTable(None, (), package)]


DATA_KINDS = frozenset({OutputKind.BRIEF_DATA, OutputKind.EDITION_DATA})


def _assets(theme: Theme, previous: PreviousSite) -> list[Asset]:
    """Plan the theme's static assets (assets/, the project's over the built-in ones), each keyed by its bytes."""
    found = theme.files(layout.ASSETS).items()
    return [Asset(path, previous.output(name, OutputKind.ASSET, cache.file_digest(path) or "")) for name, path in found]
