"""The one containment rule: does a path stay inside a root folder?

Every place that turns outside input into a file path (a seed named in a sheet,
an article given to ``new``, a URL asked of ``serve``, a resource WeasyPrint wants,
an output of the build) asks here, so the rule is written once: resolve symlinks
and compare whole path components with ``is_relative_to``, never string prefixes
(``/site-old`` is not inside ``/site``), and refuse ``..`` outright rather than
trusting where it happens to land.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


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
