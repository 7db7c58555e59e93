"""The only reader of fact sheets and seed texts: files in, models and located problems out.

A sheet is read from a file, or from bytes with its seeds given as bytes too (a
past version kept in git, see :mod:`briefgen.editions`): the same checks either way.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from briefgen import paths
from briefgen.config import Project
from briefgen.errors import BriefgenError, Problem, Severity, ValidationFailed
from briefgen.i18n.catalogs import missing_strings
from briefgen.sheet.diagnostics import located_messages
from briefgen.sheet.figure_forms import check_figure_words
from briefgen.sheet.models import FactSheet
from briefgen.sheet.peek import peek_sheet
from briefgen.sheet.provenance import check_quotes, iter_citations, normalise
from briefgen.sheet.references import brief_id_clashes, check_references
from briefgen.sheet.versions import VersionFacts, file_language, version_problems
from briefgen.sheet.yamltree import LocatedTree, read_yaml

log = logging.getLogger(__name__)

MAX_SHEET_BYTES = 1024 * 1024
MAX_SEED_BYTES = 8 * 1024 * 1024


@dataclass
class LoadedSheet:
    """One fact sheet as loaded: the model when valid, and every problem found."""

    path: Path
    display: str
    sheet: FactSheet | None = None
    problems: list[Problem] = field(default_factory=list)
    seed_files: dict[str, Path] = field(default_factory=dict)
    seed_digests: dict[str, str] = field(default_factory=dict)  # source id -> SHA-256 of the text as read
    tree: LocatedTree | None = None
    placed_id: str | None = None  # the id a peek places it by, valid or not, as a build does
    placed_language: str | None = None  # and its language: (id, language) must be unique

    @property
    def ok(self) -> bool:
        return self.sheet is not None and not any(p.severity is Severity.ERROR for p in self.problems)

    def summary(self, keep_model: bool = False) -> LoadedSheet:
        """Return what a check or build of many sheets keeps of this one: problems and where the id is.

        The located tree and the model are many times the size of the sheet; without
        the model the summary is no longer ``ok``, so ask for it when it is needed.
        """
        tree = self.tree.summary() if self.tree is not None else None
        return replace(self, sheet=self.sheet if keep_model else None, tree=tree, seed_files={})


@dataclass
class Report:
    """The result of checking a set of fact sheets."""

    sheets: list[LoadedSheet]

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for s in self.sheets for p in s.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class SheetBytes:
    """A fact sheet held in memory with the seeds it may cite, by path under seeds/; nothing is read from disk."""

    data: bytes
    seeds: Mapping[str, bytes]


class _SheetReader:
    """Collect a single file's problems, each placed at a line and column."""

    def __init__(self, path: Path, project: Project, held: SheetBytes | None = None, display: str | None = None):
        self.loaded = LoadedSheet(path=path, display=display or paths.named(path))
        self.project = project
        self.held = held
        self.tree: LocatedTree | None = None
        self.seeds_inside: bool | None = None

    def problem(self, path: tuple, message: str, *, key: bool = False) -> None:
        mark = self.tree.mark_of(path, key=key) if self.tree else None
        line, column = (mark.line, mark.column) if mark else (1, 1)
        self.loaded.problems.append(Problem(self.loaded.display, line, column, message))

    def read(self) -> LoadedSheet:
        with collector_paused():
            return self._read()

    def _read(self) -> LoadedSheet:
        text = self._read_text()
        if text is None:
            return self.loaded
        self.tree = self.loaded.tree = read_yaml(text)
        for found in self.tree.problems:
            self.loaded.problems.append(Problem(self.loaded.display, found.mark.line, found.mark.column, found.message))
        raw = self.tree.value
        if self.tree.problems:
            return self.loaded
        if not isinstance(raw, dict):
            self.problem((), "a fact sheet must be a mapping of keys (id:, title:, ...) at the top level")
            return self.loaded
        citations = list(iter_citations(raw))  # found once for the references and the quotes
        for path, message in [*check_references(raw, citations), *check_figure_words(raw)]:
            self.problem(path, message)
        invalid = self._validate_model(raw)
        # A quote the model refuses (too long, say) is not matched: its problem is said once, and matching stays cheap.
        for path, message in check_quotes(raw, self._source_texts(raw), skip=invalid, citations=citations):
            self.problem(path, message)
        if self.loaded.sheet is not None:
            from briefgen.sheet.warnings import sheet_warnings  # on first use: it reads prose, slow to import

            self.loaded.problems.extend(sheet_warnings(self.loaded.sheet, self.tree, self.loaded.display))
            self._warn_untranslated(self.loaded.sheet.language)
            self._check_file_language(self.loaded.sheet)
        self.loaded.problems.sort()
        return self.loaded

    def _check_file_language(self, sheet: FactSheet) -> None:
        """Refuse a version whose file name says another language than the sheet does ('x.fr.yaml' written in 'en')."""
        named = file_language(self.loaded.path.name, sheet.id)
        if named is not None and named != sheet.language:
            given = isinstance(self.tree.value, dict) and "language" in self.tree.value
            self.problem(
                ("language",) if given else ("id",),
                f"the file name says this is the '{named}' version but the sheet's language is '{sheet.language}'; "
                f"set language: {named} or rename the file",
            )

    def _warn_untranslated(self, language: str) -> None:
        """Warn when briefgen's own words would show in English in this brief: its language's catalogs lack them."""
        try:
            missing = missing_strings(language, self.project)
        except BriefgenError:
            return  # a templates/ that leads out of the project is refused where the theme is read
        if not missing:
            return
        path = ("language",) if self.tree.mark_of(("language",)) else ()
        mark = self.tree.mark_of(path) if path else None
        line, column = (mark.line, mark.column) if mark else (1, 1)
        message = (
            f"{len(missing)} of briefgen's strings have no '{language}' translation and show in English "
            f"(first: {missing[0]!r}); add them to templates/locales/{language.replace('-', '_')}.po"
        )
        self.loaded.problems.append(Problem(self.loaded.display, line, column, message, Severity.WARNING))

    def _read_text(self) -> str | None:
        data = self.held.data if self.held else self._read_file()
        if data is None:
            return None
        if len(data) > MAX_SHEET_BYTES:
            self.problem((), f"file is {len(data):,} bytes; a fact sheet may be at most {MAX_SHEET_BYTES:,}")
            return None
        peek = peek_sheet(data)
        self.loaded.placed_id = peek.id if peek is not None else None
        self.loaded.placed_language = (peek.language if peek else None) or self.project.settings.language
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            self.loaded.problems.append(
                Problem(self.loaded.display, line, column, "not UTF-8 text; save the file as UTF-8")
            )
            return None

    def _read_file(self) -> bytes | None:
        """Read the sheet's file: only from inside its project, only a regular file, never past the limit."""
        path = self.loaded.path
        if not paths.is_inside(path, self.project.root):
            self.problem((), f"{paths.LEADS_OUT} of the project; a fact sheet is read only from inside its project")
            return None
        try:
            return paths.read_file(path, MAX_SHEET_BYTES)
        except paths.NotAFile as error:
            self.problem((), f"{error.kind}, not a file; a fact sheet must be a file")
        except paths.TooLarge as error:
            self.problem((), f"file is {error.size:,} bytes; a fact sheet may be at most {MAX_SHEET_BYTES:,}")
        except OSError as error:
            self.problem((), f"cannot read the file: {error.strerror or error}")
        return None

    def _source_texts(self, raw: dict) -> dict[str, str]:
        """Read each source's seed file once; report missing or escaping paths at their file: key."""
        texts: dict[str, str] = {}
        sources = raw.get("sources")
        for index, source in enumerate(sources if isinstance(sources, list) else []):
            if not isinstance(source, dict) or not isinstance(source.get("file"), str):
                continue
            at = ("sources", index, "file")
            if self.held is not None:
                text = self._held_seed(source["file"], at)
            else:
                seed = self._seed_path(source["file"], at)
                text = self._read_seed(seed, at) if seed is not None else None
                if text is not None and isinstance(source.get("id"), str):
                    self.loaded.seed_files[source["id"]] = seed
            if text is not None and isinstance(source.get("id"), str):
                texts[source["id"]] = normalise(text)
                self.loaded.seed_digests[source["id"]] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return texts

    def _held_seed(self, relative: str, at: tuple) -> str | None:
        """Find a seed among the ones held in memory, by the same rules as a seed on disk."""
        parts = paths.plain_parts(relative)
        if parts is None:
            self.problem(at, f"'{relative}' lies outside seeds/; give a path relative to the seeds folder")
            return None
        data = self.held.seeds.get("/".join(parts))
        if data is None:
            self.problem(at, f"seed file '{relative}' does not exist in seeds/")
            return None
        if len(data) > MAX_SEED_BYTES:
            self.problem(at, f"seed file is larger than {MAX_SEED_BYTES:,} bytes")
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.problem(at, "seed file is not UTF-8 text")
            return None

    def _seed_path(self, relative: str, at: tuple) -> Path | None:
        if self.seeds_inside is None:  # asked once for all of the sheet's sources: it resolves two paths
            self.seeds_inside = seeds_inside(self.project)
        if not self.seeds_inside:
            self.problem(at, f"seeds/ is {paths.LEADS_OUT} of the project; seeds are read only from inside it")
            return None
        candidate = paths.join_inside(self.project.seeds_dir, relative)
        if candidate is None:
            self.problem(at, f"'{relative}' lies outside seeds/; give a path relative to the seeds folder")
            return None
        if not candidate.exists():
            self.problem(at, f"seed file '{relative}' does not exist in seeds/")
            return None
        return candidate

    def _read_seed(self, seed: Path, at: tuple) -> str | None:
        try:
            return paths.read_file(seed, MAX_SEED_BYTES).decode("utf-8")
        except paths.NotAFile as error:
            self.problem(at, f"seed file '{seed.name}' is {error.kind}, not a file; a seed must be a text file")
        except paths.TooLarge:
            self.problem(at, f"seed file is larger than {MAX_SEED_BYTES:,} bytes")
        except UnicodeDecodeError:
            self.problem(at, "seed file is not UTF-8 text")
        except OSError as error:
            self.problem(at, f"cannot read seed file: {error.strerror or error}")
        return None

    def _validate_model(self, raw: dict) -> set[tuple]:
        """Validate the tree against the models, reporting each problem; return the paths of the values refused."""
        try:
            sheet = FactSheet.model_validate(raw, context={"language": self.project.settings.language})
        except ValidationError as error:
            located = located_messages(error, raw, FactSheet)
            for path, at_key, message in located:
                self.problem(path, message, key=at_key)
            return {path for path, _, _ in located}
        self.loaded.sheet = sheet
        return set()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one sheet is read (nested pauses are one pause).

    Reading a sheet makes thousands of short-lived objects (YAML nodes, values, marks), and
    every few hundred of them set off a collection, some of which walk every object the
    process holds: that cost more than the reading. Reference counting frees them; the
    few cycles (a caught exception's traceback) wait for the first collection after.
    The collection that comes once the pause ends walks what is still held: pause around
    what drops the tree too, when that follows at once (a summary of the sheet).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def seed_path(project: Project, relative: str) -> Path | None:
    """Resolve a source's ``file:`` as the loader reads it: inside seeds/, links resolved; None when it escapes.

    seeds/ itself must lie inside the project: a link to a folder elsewhere is not followed.
    """
    found = paths.join_inside(project.seeds_dir, relative)
    return found if found is not None and seeds_inside(project) else None


def seeds_inside(project: Project) -> bool:
    """Tell whether the project's seeds/ lies inside it (it is no link that leads out)."""
    return paths.is_inside(project.seeds_dir, project.root)


def read_sheet(path: Path, project: Project | None = None) -> LoadedSheet:
    """Read, validate and provenance-check one fact sheet; never raises for bad input."""
    return _SheetReader(path, project or projects_of([path], None)[0]).read()


def read_sheet_bytes(held: SheetBytes, display: str, project: Project) -> LoadedSheet:
    """Read and check a fact sheet held in memory, seeds included, exactly as read_sheet checks a file."""
    return _SheetReader(project.briefs_dir / "held.yaml", project, held, display).read()


def sheet_with_id(folder: Path, brief_id: str, project: Project, language: str | None = None) -> LoadedSheet | None:
    """Find the sheet in a folder with this id (in ``language``, the project's by default), peeking at each and fully
    reading only that one."""
    language = language or project.settings.language
    for path in find_sheets([folder]):
        try:
            peek = peek_sheet(paths.read_file(path, MAX_SHEET_BYTES))
        except OSError:
            continue
        if peek is not None and peek.id == brief_id and (peek.language or project.settings.language) == language:
            return read_sheet(path, project)
    return None


def find_sheets(given: list[Path]) -> list[Path]:
    """Expand folders into what they hold named ``*.yaml``/``*.yml``, sorted; keep files as given.

    What is so named but is no file (a folder, a FIFO, a device) is kept too, so
    that reading it says what it is; a link to nothing (an editor's lock) is not.
    """
    found: list[Path] = []
    for path in given:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.exists()))
        else:
            found.append(path)
    return found


def check_paths(paths: list[Path], project: Project | None = None) -> Report:
    """Check every fact sheet under the given files and folders, that brief ids are unique, and that versions agree."""
    found = find_sheets(paths)
    projects = projects_of(found, project)
    sheets = [read_sheet(path, owner) for path, owner in zip(found, projects, strict=True)]
    placed = [placed_version(loaded) for loaded in sheets]
    add_id_clashes(sheets, placed)
    versioned = set(versioned_positions(placed))
    facts = [version_facts(loaded) for position, loaded in enumerate(sheets) if position in versioned]
    add_version_problems(sheets, facts, projects)
    return Report(sheets)


def placed_version(loaded: LoadedSheet) -> tuple[str, str] | None:
    """Return the (id, language) a build places a sheet by, None when it has no id yet."""
    return None if loaded.placed_id is None else (loaded.placed_id, loaded.placed_language or "")


def versioned_positions(placed: list[tuple[str, str] | None]) -> list[int]:
    """Find the sheets whose brief has versions in more than one language: their facts are compared."""
    languages: dict[str, set[str]] = {}
    for version in placed:
        if version is not None:
            languages.setdefault(version[0], set()).add(version[1])
    return [i for i, version in enumerate(placed) if version is not None and len(languages[version[0]]) > 1]


def version_facts(loaded: LoadedSheet) -> VersionFacts | None:
    """Gather what a valid version says that is not prose, to compare with its brief's other versions."""
    if not loaded.ok or loaded.tree is None:
        return None
    return VersionFacts.of(loaded.sheet, loaded.tree, loaded.display)


def add_version_problems(sheets: list[LoadedSheet], facts: list[VersionFacts | None], projects: list[Project]) -> None:
    """Put each disagreement between versions, and each lag, on the sheet it is found in."""
    known = [found for found in facts if found is not None]
    if not known:
        return
    default = projects[0].settings.language
    by_display = {loaded.display: loaded for loaded in sheets}
    found = version_problems(known, default)
    for problem in found:
        by_display[problem.path].problems.append(problem)
    for display in {problem.path for problem in found}:
        by_display[display].problems.sort()


def projects_of(sheets: list[Path], project: Project | None) -> list[Project]:
    """Return each sheet's project, discovering it once per folder: that reads and checks pyproject.toml."""
    if project is not None:
        return [project] * len(sheets)
    known: dict[Path, Project] = {}
    found = []
    for path in sheets:
        folder = path.absolute().parent  # where it stands: a link to a file elsewhere is still this project's
        if folder not in known:
            known[folder] = Project.discover(folder)
        found.append(known[folder])
    return found


def add_id_clashes(sheets: list[LoadedSheet], ids: list[tuple[str, str] | None]) -> None:
    """Put a problem at the id of every sheet whose brief id and language an earlier one has; ids[i] is sheets[i]'s.

    The ids are those a build places the sheets by (:func:`placed_version`), so check and build report the same clashes.
    """
    for position, message in brief_id_clashes(zip(ids, [loaded.display for loaded in sheets], strict=True)):
        loaded = sheets[position]
        mark = loaded.tree.mark_of(("id",)) if loaded.tree is not None else None
        line, column = (mark.line, mark.column) if mark else (1, 1)
        loaded.problems.append(Problem(loaded.display, line, column, message))


def load(path: str | Path, project: Project | None = None) -> FactSheet:
    """Load one valid fact sheet, or raise ValidationFailed with every problem found."""
    loaded = read_sheet(Path(path), project)
    if not loaded.ok:
        raise ValidationFailed(loaded.problems)
    return loaded.sheet
