"""Shards and the merge: parts merged equal one build, byte for byte; parts from other inputs are refused."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.shards.assign import parse_shard, shard_of
from briefgen.site import data
from briefgen.site.output import MANIFEST_NAME
from tests.site.support import add_copies, make_project, site_files

SHARDS = 3


def briefgen(*args: str) -> str:
    """Run the CLI in the current folder; fail the test with its output if it fails."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(*args: str) -> str:
    """Run the CLI expecting exit status 1; return what it said."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 1, result.output
    return result.output


@pytest.fixture
def project(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", example=False, minimal=True)
    add_copies(project, 9)
    monkeypatch.chdir(project.root)
    return project


def build_parts(*options: str, previous: str | None = None) -> list[str]:
    """Build every shard's part into part-K, as the CI matrix does; return the folders."""
    folders = []
    for shard in range(1, SHARDS + 1):
        folder = f"part-{shard}"
        shutil.rmtree(folder, ignore_errors=True)
        since = ["--previous", previous] if previous else []
        briefgen("shard", "build", f"{shard}/{SHARDS}", *options, *since, "--out", folder)
        folders.append(folder)
    return folders


def test_every_sheet_has_one_shard_and_keeps_it():
    names = [f"briefs/brief-{number}.yaml" for number in range(300)]
    shards = [shard_of(name, 4) for name in names]
    assert shards == [shard_of(name, 4) for name in names]
    assert set(shards) == {1, 2, 3, 4}
    assert min(shards.count(shard) for shard in range(1, 5)) > 40  # an even enough spread
    assert parse_shard("2/4") == (2, 4)
    with pytest.raises(Exception, match="K/N"):
        parse_shard("5/4")


def test_three_shards_merged_equal_one_build_byte_for_byte_with_pdfs(project):
    briefgen("build", "--out", "single")
    folders = build_parts()
    said = briefgen("shard", "merge", *folders, "--out", "merged")
    assert " in 0.00 s" not in said  # it says how long it took, as a build does
    assert any(path.endswith(".pdf") for path in site_files(project.root / "merged"))
    assert site_files(project.root / "merged") == site_files(project.root / "single")

    sheet = project.briefs_dir / "copy-004.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))
    briefgen("build", "--out", "single")
    plan = json.loads(briefgen("shard", "plan", "--shards", str(SHARDS), "--fan-out-above", "0", "--out", "merged"))
    assert plan["stale"] == plan["pdfs"] == 1 and plan["fan_out"]
    folders = build_parts(previous="merged")
    parts = [json.loads((project.root / folder / MANIFEST_NAME).read_text("utf-8")) for folder in folders]
    tables = [f"briefs/copy-004/copy-004.{table}.csv" for table in data.TABLES]  # the analysts' tables, rewritten
    assert sorted(path for part in parts for path in part["outputs"]) == sorted(
        ["briefs/copy-004/copy-004.json", "briefs/copy-004/copy-004.pdf", "briefs/copy-004/index.html", *tables]
    )
    briefgen("shard", "merge", *folders, "--out", "merged")
    assert site_files(project.root / "merged") == site_files(project.root / "single")


def test_a_merge_refuses_parts_built_from_other_fact_sheets_and_says_which(project):
    briefgen("build", "--no-pdf", "--out", "site")
    before = site_files(project.root / "site")
    folders = build_parts("--no-pdf", previous="site")
    sheet = project.briefs_dir / "copy-002.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))
    said = refused("shard", "merge", "--no-pdf", *folders, "--out", "site")
    assert (
        "Error: cannot merge: part-1 (shard 1/3) was built from other fact sheets: briefs/copy-002.yaml differs ("
        in said
    )
    assert site_files(project.root / "site") == before


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda folders: folders[:2], "shard 3/3 is missing; give the part of every shard"),
        (lambda folders: [folders[0], folders[0], folders[2]], "part-1 and part-1 are both shard 1/3"),
    ],
)
def test_a_merge_refuses_an_incomplete_set_of_parts(project, change, words):
    folders = build_parts("--no-pdf")
    assert f"Error: cannot merge: {words}" in refused("shard", "merge", "--no-pdf", *change(folders), "--out", "site")
    assert not (project.root / "site").exists()


def test_a_merge_refuses_parts_built_with_other_options_or_against_another_site(project):
    briefgen("build", "--no-pdf", "--out", "site")
    folders = build_parts("--no-pdf")  # planned against nothing, not against site/
    said = refused("shard", "merge", "--no-pdf", *folders, "--out", "site")
    assert "was planned against another previous site than" in said
    said = refused("shard", "merge", *folders, "--out", "elsewhere")
    assert "part-1 (shard 1/3) was built with other options: pdf differs (True here, False in the part)" in said


def test_a_shard_never_writes_over_a_site_and_a_merge_takes_only_parts(project):
    briefgen("build", "--no-pdf", "--out", "site")
    said = refused("shard", "build", "1/3", "--no-pdf", "--out", "site")
    assert "refusing to write shard 1/3 into site: it holds a site" in said
    assert "site is not a shard's part" in refused("shard", "merge", "site", "--out", "merged")
    assert "--previous goes with --shard" in refused("build", "--previous", "site")
    assert "--shard and --merge do different things" in refused("build", "--shard", "1/2", "--merge", "site")


def test_the_plan_fans_out_only_above_the_threshold(project):
    plan = json.loads(briefgen("shard", "plan", "--shards", "3", "--fan-out-above", "10", "--out", "site"))
    assert plan == {
        "briefs": 10,
        "stale": 10,
        "pdfs": 10,
        "fan_out": False,
        "shards": [],
        "stale_per_shard": plan["stale_per_shard"],
    }
    assert sum(plan["stale_per_shard"]) == 10
    plan = json.loads(briefgen("shard", "plan", "--shards", "3", "--fan-out-above", "9", "--out", "site"))
    assert plan["fan_out"] and plan["shards"] == ["1/3", "2/3", "3/3"]
    assert not (project.root / "site").exists()  # a plan builds nothing


def test_shards_of_a_brief_with_editions_merge_into_what_one_build_writes(tmp_path, monkeypatch):
    """Past editions come from git; each shard sends the merge what changed in the current edition of its briefs."""
    from tests.editions.support import make_three_editions
    from tests.gitrepo import git_environment

    root = make_three_editions(tmp_path / "desk")
    monkeypatch.chdir(root)
    for name, value in git_environment().items():
        monkeypatch.setenv(name, value)
    briefgen("build", "--no-pdf", "--out", "single")
    folders = build_parts("--no-pdf")
    briefgen("shard", "merge", "--no-pdf", *folders, "--out", "merged")
    merged = site_files(root / "merged")
    assert any("/editions/2024-08-05/" in path for path in merged)
    assert merged == site_files(root / "single")
