"""The only writer of the site: contained paths, atomic writes, a journaled swap of what changed.

A build writes only what it renders into a staging folder; files that did
not change are left where they are, untouched, so a one-sheet edit costs what
it writes, not the size of the archive. When every file is staged,
:meth:`StagedSite.commit` lists the swap's steps in a journal and renames the
journal into place: that rename is the commit point. It then replays the
steps: each staged file renamed over its place in the site, each file the
plan dropped unlinked, each folder those leave empty removed, and the manifest
moved in last of all, so the manifest always names the build whose files are
all in place. A failed build never reaches the commit point and leaves the
previous site exactly as it was. A build killed before the commit point left
only a staging folder, which the next build throws away; one killed after it
left a journal, which the next build replays to the end (every step can be
done twice: a moved file is not moved again, a missing file is not unlinked).
When there is no site yet, the staging folder is moved in whole by one rename.

Which files the previous site holds comes from its manifest when the build
was planned against it (the plan has already checked that every file it keeps
is there), else from one walk of the folder (a forced build, a shard's part).
So a file a hand put into the site is swept away only by a forced build.

Why a journal, not generation folders switched by one rename: the site must
stay a plain folder a static host publishes, so the one rename would have to
move a whole tree, and a whole tree means a link per unchanged file again.

What a reader sees during the swap window (the replay: milliseconds for an
edit, a rename per file for a full rebuild): every file is either its old or
its new version, never half of one (a rename replaces it, nothing is written
into a file in place), but the site as a whole is a mix until the manifest is
in. Files move in in the order the build wrote them (a brief's page, JSON and
PDF before the listings and the index that link to them), and dropped files
go only after every new file is in, so a link on a new page finds its target;
a page read before the swap may link to a file dropped during it.

The swap guards against the build dying (a kill, a crash), not against the
machine losing power: nothing is fsync'ed, as before. A file-system error
during the replay (after the commit point) leaves the journal for the next
build to finish, as a kill would.

The build state of an output folder (its lock, the staging folder, the
journal) is kept in ``.briefgen/`` beside it (see :class:`SiteFolders`): on the
same file system, so renames and hard links work; never inside the site, so it
is neither published nor swapped away; and in the folder a project's
``.gitignore`` already ignores.

One build at a time owns an output folder: :func:`site_lock` holds the lock
from reading the old manifest to the swap, and a second build of the same
folder waits for the first. The lock is ``flock``, which the kernel drops when
its holder dies, so a crashed build leaves no stale lock.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import fcntl
import functools
import json
import logging
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from briefgen import paths
from briefgen.errors import BriefgenError

log = logging.getLogger(__name__)

MANIFEST_NAME = ".briefgen-manifest.json"
STATE_FOLDER = ".briefgen"  # a project's build state, git-ignored


class OutputError(BriefgenError):
    """Raised when an output path escapes the site, collides with another, or the site cannot be replaced."""


def contained_path(root: Path, relative: str) -> Path:
    """Join a site-relative POSIX path to ``root``, refusing anything that lands outside it."""
    if paths.plain_parts(relative) is None:
        raise OutputError(f"output path '{relative}' is not a plain relative path inside the site")
    target = paths.join_inside(root, relative)
    if target is None or target == root.resolve():
        raise OutputError(f"output path '{relative}' lies outside {root}")
    return target


def remove_tree(folder: Path) -> None:
    """Delete a folder tree, its second-level folders in parallel: one by one, unlinking is slow on some disks."""
    if not folder.is_dir():
        return
    subfolders = [p for p in folder.glob("*/*") if p.is_dir() and not p.is_symlink()]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(functools.partial(shutil.rmtree, ignore_errors=True), subfolders))
    shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class SiteFolders:
    """An output folder and its build state: the lock, the staging folder, the swap's journal."""

    out: Path
    lock: Path
    staging: Path
    journal: Path
    retired: Path  # a whole previous site, as a briefgen before the journal left it when killed mid-swap
    stamps: Path  # what builds of this folder saw of each input file (site.cache.InputHashes): this machine's only

    @classmethod
    def of(cls, out_dir: Path) -> SiteFolders:
        """Keep the state in .briefgen/ beside the folder (the preview, itself in .briefgen/, keeps it there)."""
        out = out_dir.resolve()
        state = out.parent if out.parent.name == STATE_FOLDER else out.parent / STATE_FOLDER
        name = out.name
        return cls(
            out,
            state / f"{name}.lock",
            state / f"{name}.staging",
            state / f"{name}.swap",
            state / f"{name}.previous",
            state / f"{name}.stamps.json",
        )

    @property
    def partial_journal(self) -> Path:
        """Name the journal while it is written: renamed to ``journal`` whole, it commits the swap."""
        return self.journal.with_name(f"{self.journal.name}.partial")


class SwapAction(enum.Enum):
    """One kind of step of the swap, each safe to do twice."""

    INSTALL = "install"  # rename the staged file over its place in the site
    DROP = "drop"  # unlink a file the new site does not have
    PRUNE = "prune"  # remove a folder the drops left empty


@dataclass(frozen=True)
class SwapStep:
    """One step of the swap: what to do to which site-relative path."""

    action: SwapAction
    path: str


def lock_path(out_dir: Path) -> Path:
    """Name an output folder's lock file: in .briefgen/ beside it, so it is never published nor swapped away."""
    return SiteFolders.of(out_dir).lock


def recover_swap(folders: SiteFolders) -> None:
    """Finish a swap a killed build left, and drop the state no build is using.

    Call it holding the lock. A journal is renamed into place only once every
    file is staged, so a journal means the new site is complete: replaying it
    finishes the swap. Without one, a staging folder is a build's that never
    reached the swap, and the site was never touched.
    """
    if folders.journal.is_file():
        replay_swap(folders, read_journal(folders.journal))
        log.info("finished the swap of %s that a killed build left", folders.out)
    _recover_whole_tree_swap(folders)
    for leftover in (folders.journal, folders.partial_journal):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)
    remove_tree(folders.staging)


def _recover_whole_tree_swap(folders: SiteFolders) -> None:
    """Finish or undo the two-rename swap of a briefgen before the journal, killed between its renames."""
    if folders.retired.is_dir() and not os.path.lexists(folders.out):
        complete = (folders.staging / MANIFEST_NAME).is_file()
        os.replace(folders.staging if complete else folders.retired, folders.out)
        log.info("%s the swap of %s that a killed build left", "finished" if complete else "undid", folders.out)
    remove_tree(folders.retired)


def write_journal(folders: SiteFolders, steps: list[SwapStep]) -> None:
    """Write the swap's steps, then rename them into place whole: the commit point."""
    text = json.dumps([[step.action.value, step.path] for step in steps], ensure_ascii=False)
    folders.partial_journal.write_text(text + "\n", encoding="utf-8")
    os.replace(folders.partial_journal, folders.journal)


def write_state(path: Path, text: str) -> None:
    """Write a state file beside the site (in .briefgen/) whole: a build killed meanwhile leaves the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.partial")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def read_journal(journal: Path) -> list[SwapStep]:
    """Read a swap's steps back, refusing a journal damaged by hand rather than guessing at it."""
    try:
        steps = [SwapStep(SwapAction(action), path) for action, path in json.loads(journal.read_text("utf-8"))]
    except (ValueError, TypeError) as error:
        raise OutputError(
            f"the swap journal {journal} is damaged ({error}); delete it and build with --force"
        ) from None
    for step in steps:
        if not paths.plain_parts(step.path):
            raise OutputError(f"the swap journal {journal} names '{step.path}', outside the site; delete it")
    return steps


def replay_swap(folders: SiteFolders, steps: list[SwapStep]) -> None:
    """Do every step of a swap, each one harmless if a killed build had already done it."""
    out, staging = str(folders.out), str(folders.staging)
    for step in steps:
        parts = step.path.split("/")
        target = os.path.join(out, *parts)
        if step.action is SwapAction.INSTALL:
            _install(os.path.join(staging, *parts), target)
        elif step.action is SwapAction.DROP:
            _drop(target)
        else:
            _prune(target)


def _install(source: str, target: str) -> None:
    if os.path.lexists(source):  # else it was moved in before the kill
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)


def _drop(target: str) -> None:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):  # gone, or a folder on its way is a file now
        if not stat.S_ISDIR(os.lstat(target).st_mode):  # a folder here now is one a later step made
            os.unlink(target)


def _prune(folder: str) -> None:
    try:
        os.rmdir(folder)
    except OSError as error:
        if error.errno not in (errno.ENOENT, errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
            raise


@dataclass
class SiteSurvey:
    """The previous site's files, found in one walk: the folder entries' types, no stat per file."""

    files: set[str]  # regular files, by site-relative path
    others: set[str]  # links, pipes and the like: never kept as they stand

    @classmethod
    def of(cls, root: Path) -> SiteSurvey:
        survey = cls(set(), set())
        pending = [""]
        while pending:
            prefix = pending.pop()
            with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(f"{root}/{prefix}") as entries:
                for entry in entries:
                    relative = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(relative + "/")
                    else:
                        (survey.files if entry.is_file(follow_symlinks=False) else survey.others).add(relative)
        return survey


def swap_steps(installs: list[str], dropped: set[str]) -> list[SwapStep]:
    """Order the swap: clear what stands in a new file's way, move files in, drop the rest, the manifest last."""
    blocking = _in_the_way(installs, dropped)
    rest = dropped - blocking
    moved_in = [p for p in installs if p != MANIFEST_NAME]
    return [
        *_dropping(blocking),
        *(SwapStep(SwapAction.INSTALL, p) for p in moved_in),
        *_dropping(rest),
        *(SwapStep(SwapAction.INSTALL, p) for p in installs if p == MANIFEST_NAME),
    ]


def _in_the_way(installs: list[str], dropped: set[str]) -> set[str]:
    """Find dropped files where a new file needs a folder, or under a folder a new file replaces."""
    folders = {"/".join(p.split("/")[:depth]) for p in installs for depth in range(1, p.count("/") + 1)}
    new = set(installs)
    return {d for d in dropped if d in folders or any(a in new for a in _ancestors(d))}


def _ancestors(relative: str) -> list[str]:
    """List a path's folders, deepest first."""
    parts = relative.split("/")
    return ["/".join(parts[:depth]) for depth in range(len(parts) - 1, 0, -1)]


def _dropping(dropped: set[str]) -> list[SwapStep]:
    """Drop files, then remove the folders they leave empty, deepest first."""
    folders = {a for d in dropped for a in _ancestors(d)}
    by_depth = sorted(folders, key=lambda f: (-f.count("/"), f))
    return [
        *(SwapStep(SwapAction.DROP, d) for d in sorted(dropped)),
        *(SwapStep(SwapAction.PRUNE, f) for f in by_depth),
    ]


_held_locks: set[int] = set()


def _drop_inherited_locks() -> None:
    """Close lock descriptors a forked child inherited: an orphaned PDF worker must not keep a dead build's lock."""
    for descriptor in _held_locks:
        with contextlib.suppress(OSError):
            os.close(descriptor)  # the parent's copy still holds the lock; only this reference goes
    _held_locks.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextlib.contextmanager
def site_lock(out_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Own an output folder for one build, finishing a swap a killed build left; another build waits here.

    A build that waits says so once, through on_wait.
    """
    folders = SiteFolders.of(out_dir)
    with exclusive_lock(folders.lock, f"build of {paths.shown(out_dir)}", on_wait or log.info) as path:
        _recover(folders)
        yield path


@contextlib.contextmanager
def exclusive_lock(path: Path, holder: str, on_wait: Callable[[str], None]) -> Iterator[Path]:
    """Hold an flock on a file for the with-block; a second holder waits, saying once who it waits for.

    ``holder`` names what holds it, as in "waiting for another build of site (process 12) to finish".
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"cannot open the lock file {path}: {error.strerror or error}") from None
    _held_locks.add(descriptor)
    try:
        _acquire(descriptor, holder, on_wait)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)  # names the holder to whoever waits
        yield path
    finally:
        _held_locks.discard(descriptor)
        fcntl.flock(descriptor, fcntl.LOCK_UN)  # explicit, in case a forked child still shares the descriptor
        os.close(descriptor)


def _acquire(descriptor: int, holder: str, on_wait: Callable[[str], None]) -> None:
    """Take the lock at once if it is free; otherwise say who holds it and wait."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    pid = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    by = f" (process {pid})" if pid.isdigit() else ""
    on_wait(f"waiting for another {holder}{by} to finish")
    fcntl.flock(descriptor, fcntl.LOCK_EX)


def _recover(folders: SiteFolders) -> None:
    try:
        recover_swap(folders)
    except OSError as error:
        raise OutputError(
            f"cannot finish the interrupted swap of {paths.shown(folders.out)}: {error.strerror or error}"
        ) from None


def _is_site(folder: Path) -> bool:
    """Tell whether a folder is safe to replace: absent, empty, or a site briefgen built."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    return (folder / MANIFEST_NAME).is_file() or not any(folder.iterdir())


class StagedSite:
    """A site being built: new files staged, kept files left in place; nothing reaches the site before commit()."""

    def __init__(self, out_dir: Path, listed: Iterable[str] | None = None):
        """Stage a new site for ``out_dir``; ``listed`` names the files it holds by its manifest (None: look)."""
        self.folders = SiteFolders.of(out_dir)
        self.out_dir = self.folders.out
        _recover(self.folders)  # already done under the build's lock; here for a staged site used alone
        if not _is_site(self.out_dir):
            raise OutputError(
                f"refusing to replace {out_dir}: it is not empty and holds no {MANIFEST_NAME}, "
                "so it was not built by briefgen; empty it or choose another --out folder"
            )
        self.staging = self.folders.staging
        self._claimed: set[str] = set()
        self._staged: list[str] = []  # in the order written: the order they move in
        self.staging.mkdir(parents=True)
        self._staging_root = str(self.staging.resolve())
        self._made: set[str] = {self._staging_root}
        self._survey = SiteSurvey(set(listed), set()) if listed is not None else None

    def _claim(self, relative: str) -> str:
        """Reserve one output path; two outputs on one file are a bug in the plan, never overwritten."""
        parts = paths.plain_parts(relative)
        if not parts:
            contained_path(self.staging, relative)  # refuses it, in the rule's own words
        key = "/".join(parts)
        if key in self._claimed:
            raise OutputError(f"two outputs would be written to '{key}'")
        self._claimed.add(key)
        return key

    def _stage(self, relative: str) -> str:
        """Claim a path for a staged file and name its place in the staging folder."""
        key = self._claim(relative)
        self._staged.append(key)
        return self._in_staging(key)

    def _in_staging(self, key: str) -> str:
        # The staging folder is this build's own, made fresh and holding no links, so joining stays inside.
        target = os.path.join(self._staging_root, *key.split("/"))
        self._make_folder(os.path.dirname(target))
        return target

    def _make_folder(self, folder: str) -> None:
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)

    @property
    def previous(self) -> SiteSurvey:
        """Survey the site being replaced, once, unless its manifest listed its files (a walk costs a lookup a file)."""
        if self._survey is None:
            self._survey = SiteSurvey.of(self.out_dir)
        return self._survey

    def write(self, relative: str, data: bytes | str) -> None:
        """Write one file of the new site (nobody reads the staging folder, so no temporary name is needed)."""
        with open(self._stage(relative), "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)

    def keep(self, relative: str) -> None:
        """Keep an unchanged file of the previous site where it is: no copy, no link, not a single write.

        A file the previous site holds (by its manifest, or as a regular file a
        walk found) stays. Anything the walk found else there (a link, a file
        under a linked folder) is carried over as its bytes if the full
        containment rule lets it: a link that leads out is refused.
        """
        key = self._claim(relative)
        if key in self.previous.files:
            return
        source = contained_path(self.out_dir, key)  # a link that leads out is refused here
        if not source.is_file():
            raise OutputError(
                f"'{key}' is missing from {paths.shown(self.out_dir)}, though its manifest lists it; "
                "build with --force to write it again"
            )
        self._staged.append(key)
        self._link(str(source), self._in_staging(key))

    def adopt(self, relative: str, folder: Path) -> None:
        """Carry a file over from another folder (a shard's part) without copying its bytes."""
        self._link(str(contained_path(folder, relative)), self._stage(relative))

    def _link(self, source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    @property
    def written(self) -> set[str]:
        """Return the site-relative paths written or kept so far."""
        return set(self._claimed)

    def commit(self) -> None:
        """Swap the staged files in and the dropped ones out, journaled; a kill at any step is finished next time."""
        self._check_staged()
        if not os.path.lexists(self.out_dir):
            self._move_in_whole()
            return
        dropped = (self.previous.files | self.previous.others) - self._claimed
        steps = swap_steps(self._staged, dropped)
        try:
            write_journal(self.folders, steps)
        except OSError as error:
            raise OutputError(f"cannot swap in {paths.shown(self.out_dir)}: {error.strerror or error}") from None
        try:
            replay_swap(self.folders, steps)
            os.unlink(self.folders.journal)
        except OSError as error:
            raise OutputError(
                f"cannot finish swapping in {paths.shown(self.out_dir)}: {error.strerror or error}; "
                "the next build finishes the swap once the cause is fixed"
            ) from None
        remove_tree(self.staging)  # only the folders the staged files moved out of
        log.debug("swapped %d file(s) into %s, %d out", len(self._staged), self.out_dir, len(dropped))

    def _move_in_whole(self) -> None:
        """Move a first site in by one rename: a reader sees no site, then all of it."""
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.out_dir)
        except OSError as error:
            raise OutputError(f"cannot move in {paths.shown(self.out_dir)}: {error.strerror or error}") from None

    def _check_staged(self) -> None:
        """Refuse to publish a staging folder missing a file this build wrote: something else touched it."""
        missing = [key for key in self._staged if not os.path.isfile(os.path.join(self._staging_root, key))]
        if missing:
            raise OutputError(
                f"{len(missing)} file(s) written to {self.staging} have vanished, first '{sorted(missing)[0]}'; "
                "another process changed it during the build, so the site was left as it was"
            )

    def discard(self) -> None:
        """Throw the staging folder away; the previous site stays as it was.

        Once the journal is in place the swap is committed: its staged files are
        left for the next build to move in.
        """
        if self.folders.journal.exists():
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folders.partial_journal)
        remove_tree(self.staging)
