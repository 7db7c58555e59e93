"""State the build keeps beside the site: one that cannot be read is said in one line and rebuilt, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefgen.config import Project
from briefgen.site.cards import CARDS_NAME
from briefgen.site.output import MANIFEST_NAME
from tests.gitrepo import commit_all
from tests.site.support import add_copies, build_site, make_project

DEEP = "[" * 100_000 + "]" * 100_000  # JSON nested past Python's recursion limit


@pytest.fixture
def built(tmp_path):
    """A project of three briefs in git, built once."""
    project = make_project(tmp_path / "project", example=False, minimal=True, templates=False)
    settings = project.root / "pyproject.toml"  # a base_url, so a build's only line is about its state
    settings.write_text(settings.read_text("utf-8").replace('base_url = ""', 'base_url = "https://b.example.org/"'))
    project = Project.discover(project.root)
    add_copies(project, 2)
    (project.root / ".gitignore").write_text("site/\n", encoding="utf-8")
    commit_all(project.root, "Three briefs")
    build_site(project)
    return project


def build(project) -> subprocess.CompletedProcess:
    """Run briefgen build as a user does, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--no-pdf"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def edit_one_sheet(project) -> None:
    sheet = project.briefs_dir / "copy-000.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (DEEP, "it is nested too deeply"),
        ('{"format": 4, "sheets": ', "it is not JSON (line 1, column 25)"),
        (b"\xff\xfe{}", "it is not UTF-8 text"),
        ('{"format": 4, "sheets": {"briefs/minimal.yaml": []}}', "it is not what a manifest holds"),
    ],
)
def test_an_unreadable_manifest_is_said_once_and_the_site_rebuilt_whole(built, text, why):
    manifest = built.root / "site" / MANIFEST_NAME
    manifest.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    done = build(built)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"WARNING: site/{MANIFEST_NAME} cannot be read: {why}; rebuilding everything\n"
    assert done.stdout.startswith("built site: 3 briefs rendered (0 PDFs), 0 up to date,")


def test_the_manifest_a_rebuild_writes_over_an_unreadable_one_reads_again(built):
    (built.root / "site" / MANIFEST_NAME).write_text(DEEP, encoding="utf-8")
    assert build(built).returncode == 0
    again = build(built)
    assert (again.stderr, again.stdout.split(",")[0]) == ("", "site is up to date: 3 briefs")


def test_unreadable_cards_are_said_once_and_rendered_again(built):
    (built.root / "site" / CARDS_NAME).write_text(DEEP, encoding="utf-8")
    edit_one_sheet(built)
    done = build(built)
    assert done.returncode == 0, done.stderr
    assert (
        done.stderr
        == f"WARNING: site/{CARDS_NAME} cannot be read: it is nested too deeply; rendering every card again\n"
    )
    index = (built.root / "site" / "index.html").read_text(encoding="utf-8")
    assert all(f"briefs/{brief}/" in index for brief in ("minimal", "copy-000", "copy-001"))


def test_both_unreadable_make_one_line_the_full_rebuild_renders_every_card(built):
    (built.root / "site" / MANIFEST_NAME).write_text(DEEP, encoding="utf-8")
    (built.root / "site" / CARDS_NAME).write_text(DEEP, encoding="utf-8")
    done = build(built)
    assert done.returncode == 0, done.stderr
    assert (
        done.stderr == f"WARNING: site/{MANIFEST_NAME} cannot be read: it is nested too deeply; rebuilding everything\n"
    )
