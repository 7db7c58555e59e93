"""The theme by lookup order: a project's templates/ over briefgen's built-in theme, file by file.

A project overrides only the files its ``templates/`` holds; every other
template, partial, stylesheet and asset comes from the built-in theme, which
ships inside the package (``briefgen/theme/``, package data in the wheel). The
Jinja loader, the site's assets, the print stylesheet, the PDF fetcher and the
build's hashes all ask here, so the order is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen import paths
from briefgen.config import Project
from briefgen.errors import BriefgenError

# In a checkout briefgen/theme is a link to the top-level templates/, so an editable install
# reads the default theme live; in the wheel it is the theme itself.
BUILTIN_THEME = Path(__file__).resolve().parent / "theme"
PROJECT, BUILT_IN = "project", "built-in"


class ThemeFileRefused(BriefgenError):
    """Raised when a theme file, or the project's templates/, is a link that leads outside where it must lie."""


@dataclass(frozen=True)
class Theme:
    """The folders a theme file is looked up in, first match wins: the project's, then the built-in one."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, project: Project) -> Theme:
        """Return a project's theme: its templates/ (when it has one) over the built-in theme."""
        builtin = BUILTIN_THEME.resolve()
        own = project.templates_dir.resolve()
        if not own.is_dir() or own == builtin:
            return cls((builtin,))
        if not paths.is_inside(own, project.root):
            raise ThemeFileRefused(
                f"{paths.LEADS_OUT} of the project; the theme is read only from inside the project",
                paths.named(project.templates_dir),
            )
        return cls((own, builtin))

    @classmethod
    def builtin_only(cls) -> Theme:
        """Return the built-in theme alone, as briefgen ships it."""
        return cls((BUILTIN_THEME.resolve(),))

    @property
    def builtin(self) -> Path:
        return self.folders[-1]

    def find(self, name: str) -> Path | None:
        """Return the file a theme name stands for (e.g. 'print/brief.css'), or None when no folder has it."""
        if paths.plain_parts(name) is None:
            return None
        for folder in self.folders:
            path = self._inside(folder, folder / name)
            if path.is_file():
                return path
        return None

    def read(self, name: str) -> bytes:
        """Read a theme file by name, as find() finds it; a file neither folder has is an error."""
        path = self.find(name)
        if path is None:
            raise BriefgenError(f"the theme has no {name}")
        return path.read_bytes()

    @staticmethod
    def _inside(folder: Path, path: Path) -> Path:
        """Resolve a path under a theme folder; refuse one that a link leads out of it (a plain name has no '..')."""
        resolved = path.resolve()
        if not resolved.is_relative_to(folder):
            raise ThemeFileRefused(
                f"{paths.LEADS_OUT} of {folder.name}/; a theme file is read only from inside its theme",
                paths.named(path),
            )
        return resolved

    def origin(self, name: str) -> str | None:
        """Say where a theme file comes from: 'project', 'built-in', or None when neither has it."""
        path = self.find(name)
        if path is None:
            return None
        return BUILT_IN if paths.is_inside(path, self.builtin) else PROJECT

    def files(self, under: str = "") -> dict[str, Path]:
        """List every theme file (under a subfolder, if given) by name, each from the folder that wins."""
        merged: dict[str, Path] = {}
        for folder in reversed(self.folders):
            if under and paths.plain_parts(under) is None:
                continue
            base = self._inside(folder, folder / under) if under else folder
            if not base.is_dir():
                continue
            for path in base.rglob("*"):
                if "__pycache__" in path.parts:
                    continue
                resolved = self._inside(folder, path)  # a link to a folder outside is refused too
                if resolved.is_file():
                    merged[path.relative_to(folder).as_posix()] = resolved
        return dict(sorted(merged.items()))

    def name_of(self, path: Path) -> str | None:
        """Return the theme name of a file inside one of the folders (whichever holds it), else None."""
        resolved = path.resolve()
        for folder in self.folders:
            if resolved.is_relative_to(folder):
                return resolved.relative_to(folder).as_posix()
        return None
