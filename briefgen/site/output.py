"""The only writer of the site: contained paths, atomic writes, a staging folder swapped in whole.

A build writes into a staging folder beside the output folder. Files that
did not change are hard-linked from the previous site (we never write into a
file in place, so the old site cannot change under a reader). Only when every
file is written does :meth:`StagedSite.commit` swap the staging folder in; a
failed or interrupted build leaves the previous site exactly as it was.

One build at a time owns an output folder: :func:`site_lock` holds a lock
file beside it (never inside, so it is neither published nor swapped away)
from reading the old manifest to the swap, and a second build of the same
folder waits for the first. The lock is ``flock``, which the kernel drops
when its holder dies, so a crashed build leaves no stale lock.
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
from pathlib import Path

from briefgen import paths
from briefgen.errors import BriefgenError

log = logging.getLogger(__name__)

MANIFEST_NAME = ".briefgen-manifest.json"


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


def write_atomic(target: Path, data: bytes) -> None:
    """Write a file through a temporary sibling and rename it, so no reader sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.part")
    with open(temporary, "wb") as stream:
        stream.write(data)
    os.replace(temporary, target)


def remove_tree(folder: Path) -> None:
    """Delete a folder tree, its second-level folders in parallel: one by one, unlinking is slow on some disks."""
    if not folder.is_dir():
        return
    subfolders = [p for p in folder.glob("*/*") if p.is_dir() and not p.is_symlink()]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(functools.partial(shutil.rmtree, ignore_errors=True), subfolders))
    shutil.rmtree(folder, ignore_errors=True)


def lock_path(out_dir: Path) -> Path:
    """Name an output folder's lock file: beside it, so it is never published nor swapped away."""
    out = out_dir.resolve()
    return out.with_name(f".{out.name}.lock")


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
    """Own an output folder for one build; another build of it waits here, saying so once through on_wait."""
    path = lock_path(out_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"cannot open the lock file {path}: {error.strerror or error}") from None
    _held_locks.add(descriptor)
    try:
        _acquire(descriptor, out_dir, on_wait or log.info)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)  # names the holder to whoever waits
        yield path
    finally:
        _held_locks.discard(descriptor)
        fcntl.flock(descriptor, fcntl.LOCK_UN)  # explicit, in case a forked child still shares the descriptor
        os.close(descriptor)


def _acquire(descriptor: int, out_dir: Path, on_wait: Callable[[str], None]) -> None:
    """Take the lock at once if it is free; otherwise say who holds it and wait."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    by = f" (process {holder})" if holder.isdigit() else ""
    on_wait(f"waiting for another build of {paths.shown(out_dir)}{by} to finish")
    fcntl.flock(descriptor, fcntl.LOCK_EX)


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
        self.out_dir = out_dir.resolve()
        if not _is_site(self.out_dir):
            raise OutputError(
                f"refusing to replace {out_dir}: it is not empty and holds no {MANIFEST_NAME}, "
                "so it was not built by briefgen; empty it or choose another --out folder"
            )
        self.staging = self.out_dir.with_name(f".{self.out_dir.name}.staging")
        self._retired = self.out_dir.with_name(f".{self.out_dir.name}.previous")
        self._written: set[str] = set()
        remove_tree(self.staging)
        self.staging.mkdir(parents=True)

    def _claim(self, relative: str) -> Path:
        """Reserve one output path; two outputs on one file are a bug in the plan, never overwritten."""
        target = contained_path(self.staging, relative)
        key = target.relative_to(self.staging.resolve()).as_posix()
        if key in self._written:
            raise OutputError(f"two outputs would be written to '{key}'")
        self._written.add(key)
        return target

    def write(self, relative: str, data: bytes | str) -> None:
        """Write one file of the new site."""
        target = self._claim(relative)
        write_atomic(target, data.encode("utf-8") if isinstance(data, str) else data)

    def keep(self, relative: str) -> None:
        """Carry an unchanged file over from the previous site without copying its bytes."""
        target = self._claim(relative)
        source = contained_path(self.out_dir, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    @property
    def written(self) -> set[str]:
        """Return the site-relative paths written or kept so far."""
        return set(self._written)

    def commit(self) -> None:
        """Swap the staging folder in as the site, and remove the previous one."""
        self._check_staged()
        remove_tree(self._retired)
        if self.out_dir.exists():
            os.replace(self.out_dir, self._retired)
        os.replace(self.staging, self.out_dir)
        remove_tree(self._retired)
        log.debug("swapped in %s", self.out_dir)

    def _check_staged(self) -> None:
        """Refuse to publish a staging folder missing a file this build wrote: something else touched it."""
        missing = sorted(key for key in self._written if not (self.staging / key).is_file())
        if missing:
            raise OutputError(
                f"{len(missing)} file(s) written to {self.staging} have vanished, first '{missing[0]}'; "
                "another process changed it during the build, so the site was left as it was"
            )

    def discard(self) -> None:
        """Throw the staging folder away; the previous site stays as it was."""
        remove_tree(self.staging)
