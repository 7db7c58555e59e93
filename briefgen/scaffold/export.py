"""``briefgen theme``: list where each theme file comes from, and copy the built-in theme out to start from."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen import paths
from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.scaffold.files import Added, NewFile, add_files
from briefgen.themes import Theme


def theme_listing(project: Project) -> list[tuple[str, str]]:
    """Return every theme file of a project with its origin ('project' or 'built-in'), sorted by name."""
    theme = Theme.of(project)
    return [(name, theme.origin(name) or "") for name in theme.files()]


def builtin_files(names: list[str] | None = None) -> list[NewFile]:
    """Return the built-in theme's files, or only the named ones; an unknown name is an error."""
    available = Theme.builtin_only().files()
    unknown = sorted(set(names or ()) - set(available))
    if unknown:
        raise BriefgenError(f"the built-in theme has no {', '.join(unknown)}; `briefgen theme list` names its files")
    chosen = names or list(available)
    return [NewFile(name, available[name].read_bytes()) for name in sorted(set(chosen))]


def export_theme(folder: Path, names: list[str] | None = None, *, add_missing: bool = False) -> Added:
    """Copy the built-in theme (or the named files of it) into ``folder``, never over a file already there."""
    refuse_a_link_out(folder)
    return add_files(folder, builtin_files(names), keep_existing=add_missing)


def refuse_a_link_out(folder: Path) -> None:
    """Refuse a folder that stands in a project but is a link out of it: the theme would be written elsewhere.

    ``init`` refuses a linked briefs/ the same way (see files.py); here the link is
    the folder itself, so its files would be placed, and reported, as the project's.
    A folder named outside any project is written where it leads.
    """
    standing = Path(os.path.abspath(folder))
    project = Project.discover(standing.parent)
    root = project.root.resolve()
    if standing.is_relative_to(root) and not paths.is_inside(standing, root):
        raise BriefgenError(
            f"refusing to write in {paths.named(folder)}: {paths.LEADS_OUT} of the project; "
            "export into a folder inside the project"
        )
