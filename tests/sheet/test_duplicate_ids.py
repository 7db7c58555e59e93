"""Two sheets with one brief id: check and build give the same line, at the id of the later one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import FIXTURES
from tests.site.support import make_project

MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    made = make_project(tmp_path / "project", example=False, minimal=True, templates=False)
    (made.briefs_dir / "zz-copy.yaml").write_text(MINIMAL, encoding="utf-8")
    return made


def located_lines(folder, *arguments: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "briefgen", *arguments], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    return [line for line in done.stderr.splitlines() if not line.startswith(("Error:", "checked "))]


def test_check_and_build_word_a_shared_id_alike_from_the_project(project):
    expected = [
        "briefs/zz-copy.yaml:1:5: brief id 'minimal' in 'en' is already used by briefs/minimal.yaml; a brief has one sheet per language (a French version goes in minimal.fr.yaml, language: fr)"
    ]
    assert located_lines(project.root, "check") == located_lines(project.root, "build", "--no-pdf") == expected


def test_check_and_build_word_a_shared_id_alike_from_inside_briefs(project):
    expected = [
        "zz-copy.yaml:1:5: brief id 'minimal' in 'en' is already used by minimal.yaml; a brief has one sheet per language (a French version goes in minimal.fr.yaml, language: fr)"
    ]
    inside = project.briefs_dir
    assert (
        located_lines(inside, "check", ".")
        == located_lines(inside, "build", "--no-pdf", "--out", "../site")
        == expected
    )


def test_a_sheet_with_other_errors_still_claims_its_id_in_check_as_in_build(project):
    """The build places a sheet by its id before reading the rest; check counts the same id, so both say it."""
    (project.briefs_dir / "minimal.yaml").write_text(
        MINIMAL.replace("region: Test region", "region: 5"), encoding="utf-8"
    )
    expected = [
        "briefs/minimal.yaml:5:9: region: must be text",
        "briefs/zz-copy.yaml:1:5: brief id 'minimal' in 'en' is already used by briefs/minimal.yaml; a brief has one sheet per language (a French version goes in minimal.fr.yaml, language: fr)",
    ]
    assert located_lines(project.root, "check") == located_lines(project.root, "build", "--no-pdf") == expected
