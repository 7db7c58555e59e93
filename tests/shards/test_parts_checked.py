"""A merge trusts a part only as far as it can check it: a damaged or altered part is refused, naming what."""

from __future__ import annotations

import hashlib
import json
import os
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


def part_outputs(project, folder: str) -> list[str]:
    """The files a part's manifest lists, sorted."""
    return sorted(json.loads((project.root / folder / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"])


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_part_altered_after_its_shard_ran_is_refused_naming_the_file(project):
    page = next(name for name in part_outputs(project, "part-2") if name.endswith("/index.html"))
    path = project.root / "part-2" / page
    written = sha256(path)
    path.write_text(path.read_text(encoding="utf-8").replace("</body>", "<script>alert(1)</script></body>"))
    done = merge(project)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"Error: cannot merge: part-2 (shard 2/{SHARDS}) was altered after its shard built it: {page} differs "
        f"({sha256(path)[:12]} here, {written[:12]} in the part)\n"
    )
    assert not (project.root / "site").exists()


def test_a_part_whose_cards_were_changed_or_a_file_removed_is_refused(project):
    cards = project.root / "part-1" / CARDS_NAME
    written, kept = sha256(cards), json.loads(cards.read_text(encoding="utf-8"))
    cards.write_text(json.dumps({key: html + "<img src=x>" for key, html in kept.items()}), encoding="utf-8")
    assert merge(project).stderr == (
        f"Error: cannot merge: part-1 (shard 1/{SHARDS}) was altered after its shard built it: {CARDS_NAME} differs "
        f"({sha256(cards)[:12]} here, {written[:12]} in the part)\n"
    )
    cards.write_text(json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n")
    assert sha256(cards) == written
    assert merge(project).returncode == 0, "the cards as written are the ones recorded"
    shutil.rmtree(project.root / "site")  # else the next merge is planned against it, and refused for that
    json_file = next(name for name in part_outputs(project, "part-1") if name.endswith(".json"))
    (project.root / "part-1" / json_file).unlink()
    assert merge(project).stderr == (
        f"Error: cannot merge: part-1 (shard 1/{SHARDS}) was altered after its shard built it: {json_file} is missing\n"
    )


def test_a_part_without_digests_is_refused_and_told_to_build_again(project):
    manifest = project.root / "part-1" / MANIFEST_NAME
    body = json.loads(manifest.read_text(encoding="utf-8"))
    body.pop("digests", None)
    manifest.write_text(json.dumps(body), encoding="utf-8")
    first = sorted({*body["outputs"], CARDS_NAME})[0]
    assert merge(project).stderr == (
        f"Error: cannot merge: part-1 (shard 1/{SHARDS}) records no digest of {first}; "
        "build the part again with briefgen shard build\n"
    )


# A part's manifest is outside input: the merge hashes only regular files inside the part, and never waits.


def relist(project, part: str, name: str, digest: str) -> None:
    """Add a file to what a part's manifest says it holds, with the digest it is to have."""
    manifest = project.root / part / MANIFEST_NAME
    body = json.loads(manifest.read_text(encoding="utf-8"))
    body["outputs"][name] = "key"
    body["digests"][name] = digest
    manifest.write_text(json.dumps(body), encoding="utf-8")


def test_a_name_in_a_parts_manifest_that_leads_out_of_the_part_is_refused_unread(project):
    outside = project.root / "outside.txt"
    outside.write_text("not the part's\n", encoding="utf-8")
    relist(project, "part-1", "../outside.txt", hashlib.sha256(outside.read_bytes()).hexdigest())
    done = merge(project)
    assert (done.returncode, done.stderr) == (
        1,
        f"Error: cannot merge: part-1 (shard 1/{SHARDS}) lists ../outside.txt, which lies outside the part\n",
    )
    assert not (project.root / "site").exists()


def test_a_fifo_in_place_of_a_parts_file_is_refused_without_waiting(project):
    page = next(name for name in part_outputs(project, "part-2") if name.endswith("/index.html"))
    path = project.root / "part-2" / page
    path.unlink()
    os.mkfifo(path)
    done = merge(project)  # a merge that opened the FIFO would wait for ever: the run's timeout would fail it
    assert (done.returncode, done.stderr) == (
        1,
        f"Error: cannot merge: part-2 (shard 2/{SHARDS}) was altered after its shard built it: {page} is a FIFO (named pipe), not a file\n",
    )
