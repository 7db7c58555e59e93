"""The one containment rule: does a path stay inside a root folder? And reading only what is a file.

Every place that turns outside input into a file path (a seed named in a sheet,
an article given to ``new``, a URL asked of ``serve``, a resource WeasyPrint wants,
an output of the build) asks here, so the rule is written once: resolve symlinks
and compare whole path components with ``is_relative_to``, never string prefixes
(``/site-old`` is not inside ``/site``), and refuse ``..`` outright rather than
trusting where it happens to land.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO

LEADS_OUT = "a link that leads out"  # how every refusal of a path that resolves outside its root begins


def is_inside(path: Path, root: Path) -> bool:
    """Say whether ``path``, with symlinks and ``..`` resolved, is ``root`` or lies below it."""
    return path.resolve().is_relative_to(root.resolve())


def plain_parts(relative: str) -> tuple[str, ...] | None:
    """Split a relative POSIX path into its names, or return None when it is not a plain one.

    Plain means: not empty, not absolute, no ``..``, no backslash (a Windows separator
    in disguise) and no NUL byte. ``.`` segments and doubled slashes are dropped.
    """
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    names = relative.split("/")
    if "" not in names and "." not in names and ".." not in names:
        return tuple(names)  # already plain (most paths a build asks about): what PurePosixPath gives, faster
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        return None
    return pure.parts


def join_inside(root: Path, relative: str) -> Path | None:
    """Join a plain relative POSIX path to ``root`` and resolve it; None when it is not plain or leads out."""
    parts = plain_parts(relative)
    if parts is None:
        return None
    base = root.resolve()
    target = base.joinpath(*parts).resolve()
    return target if target.is_relative_to(base) else None


def shown(path: Path, root: Path | None = None) -> str:
    """Name ``path`` relative to ``root`` (the working folder) when it lies inside it, else as given."""
    resolved, base = path.resolve(), (root or Path.cwd()).resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(path)


def named(path: Path, root: Path | None = None) -> str:
    """Name ``path`` as shown() does, but where it stands: a link is named, never the file it leads to."""
    absolute, base = Path(os.path.abspath(path)), (root or Path.cwd()).resolve()
    return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else str(path)


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class NotAFile(OSError):
    """Raised for a path that is there but is not a regular file; ``kind`` says what it is ('a folder')."""

    def __init__(self, kind: str):
        super().__init__(f"{kind}, not a file")
        self.kind = kind


class TooLarge(OSError):
    """Raised for a file over the size a reader allows; ``size`` is its size in bytes."""

    def __init__(self, size: int):
        super().__init__(f"{size:,} bytes")
        self.size = size


def kind_of(mode: int) -> str:
    """Name what a file mode says a path is: 'a file', 'a folder', 'a FIFO (named pipe)', ..."""
    return "a file" if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a file")


def read_file(path: Path, limit: int | None = None) -> bytes:
    """Read a regular file (links followed), never opening nor waiting on a FIFO, device or folder.

    Raises NotAFile for anything else that is there, TooLarge past ``limit`` bytes,
    and OSError when it cannot be read. What is read is checked again once open, so
    a file swapped for a FIFO meanwhile cannot make the reader wait.
    """
    _check_regular(os.stat(path).st_mode)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with open(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        _check_regular(status.st_mode)
        if limit is not None and status.st_size > limit:
            raise TooLarge(status.st_size)
        data = stream.read() if limit is None else _read_up_to(stream, status.st_size, limit)
    if limit is not None and len(data) > limit:
        raise TooLarge(len(data))  # it grew while read
    return data


def _read_up_to(stream: BinaryIO, size: int, limit: int) -> bytes:
    """Read the ``size`` bytes a file was said to hold and, should it have grown, on up to a byte past ``limit``.

    Asking for ``limit + 1`` bytes at once would allocate a buffer that large (megabytes) for every small file.
    """
    data = stream.read(size + 1)
    if len(data) > size:
        data += stream.read(limit + 1 - len(data))
    return data


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotAFile(kind_of(mode))
