"""What the loader reads: only files, only from inside the project (seeds from inside seeds/), never waiting on a pipe.

``check`` and ``build`` read through the same loader, so they refuse the same
things in the same words; these run both as real processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.site.support import make_project

MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
PATIENCE = 120  # seconds: a reader that waited on a FIFO would wait for ever


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", example=False, minimal=True, templates=False)


def briefgen(project, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *arguments],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )


def problem_lines(result: subprocess.CompletedProcess) -> list[str]:
    """The located lines of a failed check or build, without the summary that differs between the two."""
    return [line for line in result.stderr.splitlines() if not line.startswith(("Error:", "checked "))]


def check_and_build(project) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    checked, built = briefgen(project, "check"), briefgen(project, "build", "--no-pdf")
    assert (checked.returncode, built.returncode) == (1, 1), (checked.stderr, built.stderr)
    assert not (project.root / "site").exists()
    return checked, built


def test_a_brief_linked_to_a_file_outside_the_project_is_refused_by_check_and_build_alike(project, tmp_path):
    outside = tmp_path / "elsewhere" / "outside.yaml"
    outside.parent.mkdir()
    outside.write_text(MINIMAL.replace("id: minimal", "id: outside"), encoding="utf-8")
    (project.briefs_dir / "linked.yaml").symlink_to(outside)
    checked, built = check_and_build(project)
    expected = [
        "briefs/linked.yaml:1:1: a link that leads out of the project; a fact sheet is read only from inside its project"
    ]
    assert problem_lines(checked) == problem_lines(built) == expected


def test_a_brief_linked_to_another_file_inside_the_project_is_read(project):
    drafts = project.root / "drafts"
    drafts.mkdir()
    (drafts / "other.yaml").write_text(MINIMAL.replace("id: minimal", "id: other"), encoding="utf-8")
    (project.briefs_dir / "other.yaml").symlink_to(drafts / "other.yaml")
    assert briefgen(project, "check").returncode == 0
    assert briefgen(project, "build", "--no-pdf").returncode == 0
    assert (project.root / "site" / "briefs" / "other" / "index.html").is_file()


def test_a_fifo_and_a_folder_named_as_briefs_are_reported_as_what_they_are(project):
    os.mkfifo(project.briefs_dir / "pipe.yaml")
    (project.briefs_dir / "folder.yaml").mkdir()
    (project.briefs_dir / ".#minimal.yaml").symlink_to("editor@host.1234")  # an editor's lock: a link to nothing
    checked, built = check_and_build(project)
    expected = [
        "briefs/folder.yaml:1:1: a folder, not a file; a fact sheet must be a file",
        "briefs/pipe.yaml:1:1: a FIFO (named pipe), not a file; a fact sheet must be a file",
    ]
    assert problem_lines(checked) == problem_lines(built) == expected


@pytest.mark.parametrize(("kind", "make"), [("a FIFO (named pipe)", os.mkfifo), ("a folder", os.mkdir)])
def test_a_fifo_or_a_folder_named_as_a_seed_is_reported_as_what_it_is(project, kind, make):
    make(project.seeds_dir / "odd.txt")
    sheet = project.briefs_dir / "minimal.yaml"
    sheet.write_text(MINIMAL.replace("file: sample.txt", "file: odd.txt"), encoding="utf-8")
    checked, built = check_and_build(project)
    expected = [f"briefs/minimal.yaml:50:11: seed file 'odd.txt' is {kind}, not a file; a seed must be a text file"]
    assert problem_lines(checked) == problem_lines(built) == expected


def test_a_seeds_folder_linked_out_of_the_project_is_not_read(project, tmp_path):
    moved = tmp_path / "shared-seeds"
    project.seeds_dir.rename(moved)
    project.seeds_dir.symlink_to(moved)
    checked, built = check_and_build(project)
    expected = [
        "briefs/minimal.yaml:50:11: seeds/ is a link that leads out of the project; seeds are read only from inside it"
    ]
    assert problem_lines(checked) == problem_lines(built) == expected


def test_a_brief_given_by_its_link_belongs_to_the_project_the_link_stands_in(project, tmp_path):
    """A link named on the command line is checked where it stands, not in the folder it leads to."""
    outside = tmp_path / "loose.yaml"
    outside.write_text(MINIMAL, encoding="utf-8")
    (project.briefs_dir / "loose.yaml").symlink_to(outside)
    checked = briefgen(project, "check", str(Path("briefs") / "loose.yaml"))
    assert checked.returncode == 1
    assert problem_lines(checked) == [
        "briefs/loose.yaml:1:1: a link that leads out of the project; a fact sheet is read only from inside its project"
    ]
