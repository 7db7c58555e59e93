"""Add new files to a folder whole, and never overwrite one: the writer of ``init`` and ``theme export``.

Every file is first written to a staging folder beside its target, then linked
into place; a link fails rather than replace a file that appeared meanwhile.
When one cannot be placed, those already placed (and the folders made for
them) are taken back, so a failed run leaves the folder as it found it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import paths
from briefgen.errors import BriefgenError


@dataclass(frozen=True)
class NewFile:
    """One file to add: its path relative to the folder (POSIX) and its bytes."""

    name: str
    data: bytes


@dataclass
class Added:
    """What adding files did: the names written and the names left as they were."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def existing(folder: Path, files: list[NewFile]) -> list[str]:
    """Name the files that are already there (a dangling link counts: it is not ours to replace)."""
    return sorted(item.name for item in files if _lexists(_target(folder, item.name)))


def add_files(folder: Path, files: list[NewFile], *, keep_existing: bool) -> Added:
    """Write ``files`` under ``folder``; refuse (writing nothing) when one exists, unless ``keep_existing``."""
    folder = folder.resolve()
    present = existing(folder, files)
    if present and not keep_existing:
        raise BriefgenError(
            f"{folder_name(folder)} already has {', '.join(present)}; add --add-missing to keep them and add the rest"
        )
    added = Added(kept=present)
    made = _make_folders(folder, Path(folder.anchor))
    staging = Path(tempfile.mkdtemp(prefix=".briefgen-new-", dir=folder))
    try:
        for item in files:
            if item.name not in present:
                staged = staging / item.name
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.write_bytes(item.data)
        _place(staging, folder, [item.name for item in files if item.name not in present], added)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_folders(made)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return added


def folder_name(folder: Path) -> str:
    """Name a folder for a message: relative to here, or "this folder"."""
    shown = paths.shown(folder)
    return "this folder" if shown == "." else shown


def _target(folder: Path, name: str) -> Path:
    target = paths.join_inside(folder, name)
    if target is None:  # names come from briefgen's own lists; this guards against a bad one
        raise BriefgenError(f"refusing to write {name!r} outside {paths.shown(folder)}")
    return target


def _lexists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _place(staging: Path, folder: Path, names: list[str], added: Added) -> None:
    """Link each staged file into place; if one cannot go, take back those already placed."""
    made: list[Path] = []
    name = ""
    try:
        for name in names:
            target = _target(folder, name)
            made += _make_folders(target.parent, folder)
            _link_new(staging / name, target)
            added.written.append(name)
    except OSError as error:
        for placed in added.written:
            _target(folder, placed).unlink(missing_ok=True)
        added.written.clear()
        _remove_folders(made)
        where = paths.shown(folder / name)
        raise BriefgenError(f"could not add {where}: {error.strerror or error}; nothing was added") from None


def _link_new(source: Path, target: Path) -> None:
    """Put a finished file at ``target`` only if nothing is there; copy exclusively where links are not allowed."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        with open(target, "xb") as file:
            file.write(source.read_bytes())


def _make_folders(folder: Path, stop: Path) -> list[Path]:
    """Create ``folder`` and its missing parents up to ``stop``; return those made, outermost first."""
    missing = []
    while folder != stop and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    made = list(reversed(missing))
    for path in made:
        path.mkdir()
    return made


def _remove_folders(made: list[Path]) -> None:
    """Remove folders this run made, innermost first, when nothing else has been put in them."""
    for path in reversed(made):
        with contextlib.suppress(OSError):
            path.rmdir()
