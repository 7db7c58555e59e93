"""Shared fixtures: the project root, a fixture project, and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.config import Project, Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "briefs" / "mali-ukraine-rupture.yaml"


@pytest.fixture
def fixture_project(tmp_path: Path) -> Project:
    """A throwaway project with the fixture seeds and the minimal valid fact sheet."""
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    (tmp_path / "briefs").mkdir()
    shutil.copy(FIXTURES / "valid" / "minimal.yaml", tmp_path / "briefs" / "minimal.yaml")
    return Project(tmp_path, Settings())


@pytest.fixture
def example_project(tmp_path: Path) -> Project:
    """A throwaway copy of the real project's briefs and seeds."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "briefs", tmp_path / "briefs")
    (tmp_path / "pyproject.toml").write_text("[tool.briefgen]\n", encoding="utf-8")
    return Project(tmp_path, Settings())


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The example brief and the minimal fixture brief, committed in git (edition 1 each), built once; read-only."""
    from tests.gitrepo import commit_all
    from tests.site.support import build_site, make_project

    project = make_project(tmp_path_factory.mktemp("project"), example=True, minimal=True)
    (project.root / ".gitignore").write_text("site/\n", encoding="utf-8")
    commit_all(project.root, "The example and the minimal brief, as of their first edition")
    build_site(project)
    return project.root / "site"
