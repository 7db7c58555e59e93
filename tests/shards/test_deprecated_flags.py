"""build's sharding flags, kept for one release: each says what replaced it, then does what the shard command does."""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.scaffold.init import starter_files
from tests.conftest import ROOT
from tests.site.support import add_copies, make_project, site_files

SECONDS = re.compile(r"\d+\.\d\d s\b")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def untimed(text: str) -> str:
    """Drop the build's timing from its summary line, the one thing two runs never share."""
    return SECONDS.sub("… s", text)


@pytest.fixture
def project(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", example=False, minimal=True)
    add_copies(project, 5)
    monkeypatch.chdir(project.root)
    return project


def test_plan_shards_prints_what_shard_plan_prints(project):
    old = run("build", "--plan-shards", "3", "--fan-out-above", "0", "--out", "site")
    new = run("shard", "plan", "--shards", "3", "--fan-out-above", "0", "--out", "site")
    assert old.exit_code == new.exit_code == 0
    assert old.stdout == new.stdout
    assert '"shards": ["1/3", "2/3", "3/3"]' in new.stdout
    assert old.stderr == "--plan-shards is deprecated: use briefgen shard plan --shards N\n"
    assert new.stderr == ""


def test_shard_previous_and_merge_build_what_the_shard_commands_build(project):
    assert run("build", "--no-pdf", "--out", "site").exit_code == 0
    for copy in ("old-site", "new-site"):
        shutil.copytree("site", copy)
    sheet = project.briefs_dir / "copy-002.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))
    for shard in ("1/3", "2/3", "3/3"):
        old = run("build", "--no-pdf", "--shard", shard, "--previous", "site", "--out", f"old-{shard[0]}")
        new = run("shard", "build", shard, "--no-pdf", "--previous", "site", "--out", f"new-{shard[0]}")
        assert old.exit_code == new.exit_code == 0, old.output + new.output
        assert untimed(old.stdout).replace("old-", "new-") == untimed(new.stdout)
        assert old.stderr == "--shard and --previous are deprecated: use briefgen shard build K/N --previous SITE\n"
        assert site_files(project.root / f"old-{shard[0]}") == site_files(project.root / f"new-{shard[0]}")
    assert run("build", "--no-pdf", "--shard", "1/3", "--out", "first").stderr == (
        "--shard is deprecated: use briefgen shard build K/N\n"
    )

    old = run("build", "--no-pdf", "--merge", "old-1", "old-2", "old-3", "--out", "old-site")
    new = run("shard", "merge", "--no-pdf", "new-1", "new-2", "new-3", "--out", "new-site")
    assert old.exit_code == new.exit_code == 0, old.output + new.output
    assert untimed(old.stdout).replace("old-", "new-") == untimed(new.stdout) != ""
    deprecation, *rest = old.stderr.splitlines(keepends=True)
    assert deprecation == "--merge is deprecated: use briefgen shard merge PART...\n"
    assert "".join(rest) == new.stderr
    assert site_files(project.root / "old-site") == site_files(project.root / "new-site")


@pytest.mark.parametrize(
    ("old", "new", "lines"),
    [
        (
            ["build", "--shard", "5/4", "--out", "part"],
            ["shard", "build", "5/4", "--out", "part"],
            [
                "--shard is deprecated: use briefgen shard build K/N",
                "Error: a shard is K/N, shard K of N with 1 <= K <= N, such as 2/4; got '5/4'",
            ],
        ),
        (
            ["build", "--merge", "briefs", "--out", "merged"],
            ["shard", "merge", "briefs", "--out", "merged"],
            [
                "--merge is deprecated: use briefgen shard merge PART...",
                "Error: briefs is not a shard's part: no readable .briefgen-manifest.json"
                " ([Errno 2] No such file or directory: 'briefs/.briefgen-manifest.json')",
            ],
        ),
        (
            ["build", "--previous", "site"],
            None,
            [
                "--previous is deprecated: use briefgen shard build K/N --previous SITE",
                "Error: --previous goes with --shard; a build or a merge takes the previous site from --out",
            ],
        ),
        (
            ["build", "--shard", "1/2", "--merge", "part"],
            None,
            [
                "--shard and --merge are deprecated: use briefgen shard build K/N or briefgen shard merge PART...",
                "Error: --shard and --merge do different things; give one",
            ],
        ),
    ],
    ids=["--shard", "--merge", "--previous", "--shard and --merge"],
)
def test_a_refused_flag_says_what_replaced_it_then_fails_as_it_did(project, old, new, lines):
    said = run(*old)
    assert said.exit_code == 1
    assert said.stdout == ""
    assert said.stderr.splitlines() == lines
    if new is not None:
        assert run(*new).stderr.splitlines() == lines[1:]


def old_flags_in(script: str) -> list[str]:
    """Name the deprecated build flags a script uses; --previous belongs to shard build now."""
    found = re.findall(r"--(?:plan-shards|shard|merge)\b", script)
    return found + ["--previous" for line in script.splitlines() if "--previous" in line and "shard build" not in line]


def test_the_ci_script_every_workflow_and_the_starter_workflows_use_the_new_commands():
    scripts = {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in [ROOT / ".ci" / "publish"]
    }
    scripts |= {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in (ROOT / ".github" / "workflows").glob("*.yml")
    }
    scripts |= {f"init: {file.name}": file.data.decode("utf-8") for file in starter_files() if ".github/" in file.name}
    assert {"init: .github/workflows/publish.yml", ".github/workflows/publish.yml", ".ci/publish"} <= set(scripts)
    assert {name: old_flags_in(text) for name, text in scripts.items() if old_flags_in(text)} == {}
    assert "shard plan" in scripts[".ci/publish"] and "shard merge" in scripts[".ci/publish"]
