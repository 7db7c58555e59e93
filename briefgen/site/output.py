"""The only writer of the site: contained paths, atomic writes, a staging folder swapped in whole.

A build writes into a staging folder. Files that did not change are
hard-linked from the previous site (we never write into a file in place, so
the old site cannot change under a reader). Only when every file is written
does :meth:`StagedSite.commit` swap the staging folder in, in two renames: the
old site out of the way, the new one in its place. A failed build leaves the
previous site exactly as it was, and a build killed at any step of the swap
is finished or undone by the next one (:func:`recover_swap`).

The build state of an output folder (its lock, the staging folder, the site
being retired) is kept in ``.briefgen/`` beside it (see :class:`SiteFolders`):
on the same file system, so renames and hard links work; never inside the
site, so it is neither published nor swapped away; and in the folder a
project's ``.gitignore`` already ignores.

One build at a time owns an output folder: :func:`site_lock` holds the lock
from reading the old manifest to the swap, and a second build of the same
folder waits for the first. The lock is ``flock``, which the kernel drops when
its holder dies, so a crashed build leaves no stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import os
import shutil
from collections.abc import Callable, Iterator
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
    """An output folder and its build state: the lock, the staging folder, the previous site while it is retired."""

    out: Path
    lock: Path
    staging: Path
    retired: Path

    @classmethod
    def of(cls, out_dir: Path) -> SiteFolders:
        """Keep the state in .briefgen/ beside the folder (the preview, itself in .briefgen/, keeps it there)."""
        out = out_dir.resolve()
        state = out.parent if out.parent.name == STATE_FOLDER else out.parent / STATE_FOLDER
        return cls(out, state / f"{out.name}.lock", state / f"{out.name}.staging", state / f"{out.name}.previous")


def lock_path(out_dir: Path) -> Path:
    """Name an output folder's lock file: in .briefgen/ beside it, so it is never published nor swapped away."""
    return SiteFolders.of(out_dir).lock


def recover_swap(folders: SiteFolders) -> None:
    """Finish a swap a killed build left between its two renames, and drop the state no build is using.

    Call it holding the lock. The old site is retired only once the new one is wholly
    staged (its manifest written last), so a retired site with no site in place means
    the staged one is complete: moving it in finishes the swap. Without a staged
    manifest (never, short of a hand at work) the retired site goes back instead.
    Any other staging folder is a build's that never reached the swap, and a retired
    site beside a site in place is one the swap had yet to delete.
    """
    if folders.retired.is_dir() and not os.path.lexists(folders.out):
        complete = (folders.staging / MANIFEST_NAME).is_file()
        os.replace(folders.staging if complete else folders.retired, folders.out)
        log.info("%s the swap of %s that a killed build left", "finished" if complete else "undid", folders.out)
    remove_tree(folders.retired)
    remove_tree(folders.staging)


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
    """A site being built in a staging folder; nothing reaches the output folder before commit()."""

    def __init__(self, out_dir: Path):
        self.folders = SiteFolders.of(out_dir)
        self.out_dir = self.folders.out
        _recover(self.folders)  # already done under the build's lock; here for a staged site used alone
        if not _is_site(self.out_dir):
            raise OutputError(
                f"refusing to replace {out_dir}: it is not empty and holds no {MANIFEST_NAME}, "
                "so it was not built by briefgen; empty it or choose another --out folder"
            )
        self.staging = self.folders.staging
        self._written: set[str] = set()
        self.staging.mkdir(parents=True)
        self._staging_root = str(self.staging.resolve())
        self._made: set[str] = {self._staging_root}
        self._plain_folders: set[str] = set()  # folders of the previous site seen to be real folders, not links

    def _claim(self, relative: str) -> str:
        """Reserve one output path; two outputs on one file are a bug in the plan, never overwritten."""
        parts = paths.plain_parts(relative)
        if not parts:
            contained_path(self.staging, relative)  # refuses it, in the rule's own words
        key = "/".join(parts)
        if key in self._written:
            raise OutputError(f"two outputs would be written to '{key}'")
        self._written.add(key)
        # The staging folder is this build's own, made fresh and holding no links, so joining stays inside.
        return os.path.join(self._staging_root, *parts)

    def _previous_file(self, relative: str) -> str:
        """Find a file of the previous site as contained_path does, for thousands of files at the cost of one lstat each.

        contained_path resolves every folder on the way; here each folder is checked
        once to be a real folder, not a link. Any link on the way gets the full rule.
        """
        parts = paths.plain_parts(relative)
        if not parts:
            return str(contained_path(self.out_dir, relative))  # refuses it, in the rule's own words
        path = str(self.out_dir)
        for depth, name in enumerate(parts, start=1):
            path = os.path.join(path, name)
            last = depth == len(parts)
            if not last and path in self._plain_folders:
                continue
            if os.path.islink(path):
                return str(contained_path(self.out_dir, relative))
            if not last:
                self._plain_folders.add(path)
        return path

    def _make_folder(self, folder: str) -> None:
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)

    def write(self, relative: str, data: bytes | str) -> None:
        """Write one file of the new site (nobody reads the staging folder, so no temporary name is needed)."""
        target = self._claim(relative)
        self._make_folder(os.path.dirname(target))
        with open(target, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)

    def keep(self, relative: str) -> None:
        """Carry an unchanged file over from the previous site without copying its bytes."""
        self._link(self._previous_file(relative), self._claim(relative))

    def adopt(self, relative: str, folder: Path) -> None:
        """Carry a file over from another folder (a shard's part) without copying its bytes."""
        self._link(str(contained_path(folder, relative)), self._claim(relative))

    def _link(self, source: str, target: str) -> None:
        self._make_folder(os.path.dirname(target))
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    @property
    def written(self) -> set[str]:
        """Return the site-relative paths written or kept so far."""
        return set(self._written)

    def commit(self) -> None:
        """Swap the staging folder in as the site, and remove the previous one; a kill at any step is recovered."""
        self._check_staged()
        retired = self.folders.retired
        try:
            if os.path.lexists(self.out_dir):
                os.replace(self.out_dir, retired)
            os.replace(self.staging, self.out_dir)
        except OSError as error:
            if retired.is_dir() and not os.path.lexists(self.out_dir):
                os.replace(retired, self.out_dir)  # the new site could not move in: the old one goes back
            raise OutputError(f"cannot swap in {paths.shown(self.out_dir)}: {error.strerror or error}") from None
        remove_tree(retired)
        log.debug("swapped in %s", self.out_dir)

    def _check_staged(self) -> None:
        """Refuse to publish a staging folder missing a file this build wrote: something else touched it."""
        missing = sorted(key for key in self._written if not os.path.isfile(os.path.join(self._staging_root, key)))
        if missing:
            raise OutputError(
                f"{len(missing)} file(s) written to {self.staging} have vanished, first '{missing[0]}'; "
                "another process changed it during the build, so the site was left as it was"
            )

    def discard(self) -> None:
        """Throw the staging folder away; the previous site stays as it was."""
        remove_tree(self.staging)
