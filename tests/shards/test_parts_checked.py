"""A merge trusts a part only as far as it can check it: a damaged or altered part is refused, naming what."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from briefgen.site.cards import CARDS_NAME
from briefgen.site.output import MANIFEST_NAME
from tests.site.support import add_copies, make_project

DEEP = "[" * 100_000 + "]" * 100_000  # JSON nested past Python's recursion limit
SHARDS = 2


def briefgen(project, *arguments: str) -> subprocess.CompletedProcess:
    """Run the CLI in its own process in the project, as a CI job does."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *arguments], cwd=project.root, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    """A project of four briefs and the part of each of its two shards, built without PDFs; copy before changing."""
    project = make_project(tmp_path_factory.mktemp("shards") / "project", example=False, minimal=True, templates=False)
    add_copies(project, 3)
    for shard in range(1, SHARDS + 1):
        done = briefgen(project, "shard", "build", f"{shard}/{SHARDS}", "--no-pdf", "--out", f"part-{shard}")
        assert done.returncode == 0, done.stderr
    return project


@pytest.fixture
def project(parts, tmp_path):
    """A copy of the project and its parts, for one test to damage."""
    copy = tmp_path / "project"
    shutil.copytree(parts.root, copy, symlinks=True)
    return type(parts)(copy, parts.settings)


def merge(project) -> subprocess.CompletedProcess:
    return briefgen(project, "shard", "merge", "--no-pdf", *(f"part-{n}" for n in range(1, SHARDS + 1)))


def test_the_parts_as_built_merge(project):
    done = merge(project)
    assert done.returncode == 0, done.stderr
    assert (project.root / "site" / "briefs" / "minimal" / "index.html").is_file()


def test_a_part_whose_manifest_is_nested_too_deeply_is_refused_in_one_line(project):
    (project.root / "part-1" / MANIFEST_NAME).write_text(DEEP, encoding="utf-8")
    done = merge(project)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"Error: part-1 is not a shard's part: part-1/{MANIFEST_NAME} cannot be read: it is nested too deeply\n"
    )
    assert not (project.root / "site").exists()


def test_a_part_whose_manifest_has_another_shape_is_refused_in_one_line(project):
    manifest = project.root / "part-2" / MANIFEST_NAME
    body = json.loads(manifest.read_text(encoding="utf-8"))
    body["sheets"]["briefs/minimal.yaml"] = ["a record is a mapping"]
    manifest.write_text(json.dumps(body), encoding="utf-8")
    done = merge(project)
    assert done.stderr == (
        f"Error: part-2 is not a shard's part: part-2/{MANIFEST_NAME} is not what a part's manifest holds\n"
    )
    assert not (project.root / "site").exists()


def test_a_part_whose_cards_cannot_be_read_is_refused_in_one_line(project):
    (project.root / "part-2" / CARDS_NAME).write_text(DEEP, encoding="utf-8")
    done = merge(project)
    assert done.stderr == f"Error: cannot merge: part-2/{CARDS_NAME} cannot be read: it is nested too deeply\n"
    assert not (project.root / "site").exists()


def test_a_shard_refuses_to_write_over_a_folder_whose_manifest_cannot_be_read(project):
    (project.root / "part-1" / MANIFEST_NAME).write_text(DEEP, encoding="utf-8")
    done = briefgen(project, "shard", "build", f"1/{SHARDS}", "--no-pdf", "--out", "part-1")
    assert done.stderr == (
        f"Error: refusing to write shard 1/{SHARDS} into part-1: part-1/{MANIFEST_NAME} cannot be read: "
        "it is nested too deeply; give the part a folder of its own\n"
    )
