"""``briefgen init``: a ready project from the starter files shipped in the package.

The starter (``starter/``) holds the project's settings, README, .gitignore,
the workflows that publish and mail, and the real example brief with its seed
and schema. A name starting ``dot-`` becomes a dotted one (package data skips
hidden files); a ``.in`` file has ``$placeholders`` filled in: the site title
and the version of briefgen that ran ``init``, which requirements.txt pins.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from pathlib import Path

from briefgen import paths
from briefgen.errors import BriefgenError
from briefgen.scaffold.files import Added, NewFile, add_files, folder_name
from briefgen.version import __version__

STARTER = Path(__file__).resolve().parent / "starter"
DEFAULT_TITLE = "Situation briefs"
IGNORED = {".git"}  # a folder holding only a fresh clone's .git counts as empty


@dataclass(frozen=True)
class InitResult:
    """What ``init`` did: the project folder and which starter files it wrote or left as they were."""

    folder: Path
    added: Added


def starter_files(site_title: str = DEFAULT_TITLE, version: str = __version__) -> list[NewFile]:
    """Return every file of a new project, named as it will be in the project, placeholders filled in."""
    if not site_title.strip() or any(ord(c) < 32 or c == "\x7f" for c in site_title):
        raise BriefgenError(f"the site title must be one line of text, not {site_title!r}")
    values = {
        "site_title": json.dumps(site_title, ensure_ascii=False),
        "site_title_text": site_title,
        "version": version,
    }
    files = []
    for path in sorted(p for p in STARTER.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        name = project_name(path.relative_to(STARTER).as_posix())
        data = path.read_bytes()
        if path.suffix == ".in":
            data = string.Template(data.decode("utf-8")).substitute(values).encode("utf-8")
        files.append(NewFile(name, data))
    return files


def project_name(starter_name: str) -> str:
    """Name a starter file as it goes in a project: 'dot-github/x.yml' -> '.github/x.yml', 'README.md.in' -> 'README.md'."""
    parts = [("." + part[4:]) if part.startswith("dot-") else part for part in starter_name.split("/")]
    return "/".join(parts).removesuffix(".in")


def is_empty(folder: Path) -> bool:
    """Tell whether a folder is missing or holds nothing but what a fresh clone has (.git)."""
    return not folder.exists() or (folder.is_dir() and all(p.name in IGNORED for p in folder.iterdir()))


def init_project(folder: Path, *, site_title: str = DEFAULT_TITLE, add_missing: bool = False) -> InitResult:
    """Create a ready project in ``folder``; refuse a non-empty one unless asked to add only what it lacks."""
    if folder.exists() and not folder.is_dir():
        raise BriefgenError(f"{paths.shown(folder)} is a file, not a folder")
    files = starter_files(site_title)
    if not add_missing and not is_empty(folder):
        raise BriefgenError(f"{folder_name(folder)} is not empty; add --add-missing to add only the files it lacks")
    return InitResult(folder, add_files(folder, files, keep_existing=add_missing))
