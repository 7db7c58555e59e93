"""The publish workflow's fan-out path, run here: the commands its jobs run, each job in its own copy of the project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.site.support import add_copies, make_project, site_files

PUBLISH = ROOT / ".ci" / "publish"
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def job_runs(job: str) -> list[str]:
    """Return the commands a job of the publish workflow runs."""
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"][job]["steps"]
    return [step["run"] for step in steps if "run" in step]


def publish(checkout: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run .ci/publish in a job's checkout, with this test run's briefgen; it must use no deprecated flag."""
    settings = {"BRIEFGEN": str(Path(sys.executable).parent / "briefgen"), "SHARDS": "3", "FAN_OUT_ABOVE": "0", **env}
    ran = subprocess.run(
        [str(PUBLISH), *args], cwd=checkout, env={**os.environ, **settings}, capture_output=True, text=True
    )
    assert "deprecated" not in ran.stderr, ran.stderr
    return ran


def job(project: Path, name: str, site: Path | None) -> Path:
    """Give a job its own checkout, with the cached site restored into site/ when there is one."""
    checkout = project.parent / name
    shutil.copytree(project, checkout, ignore=shutil.ignore_patterns("site", ".briefgen"))
    if site is not None:
        shutil.copytree(site, checkout / "site", symlinks=True)
    return checkout


def test_the_workflow_runs_these_commands():
    assert job_runs("plan") == ["make .venv/.installed", ".ci/publish plan"]
    assert ".ci/publish single" in job_runs("build")
    assert ".ci/publish shard ${{ matrix.shard }}" in job_runs("shard")
    assert ".ci/publish merge parts/*" in job_runs("merge")


def run_the_workflow(project: Path, cached: Path | None, round_name: str, outputs: Path) -> tuple[dict, Path]:
    """Run plan, every shard and the merge as their jobs do, each with the cached site restored; return the merge's checkout."""
    plan_run = publish(job(project, f"{round_name}-plan", cached), "plan", GITHUB_OUTPUT=str(outputs))
    assert plan_run.returncode == 0, plan_run.stderr
    plan = json.loads(plan_run.stdout)
    assert outputs.read_text(encoding="utf-8").endswith(f"plan={plan_run.stdout}")
    merge = job(project, f"{round_name}-merge", cached)
    for index, shard in enumerate(plan["shards"]):
        checkout = job(project, f"{round_name}-shard-{index}", cached)
        ran = publish(checkout, "shard", shard)
        assert ran.returncode == 0, ran.stderr
        shutil.copytree(checkout / "part", merge / "parts" / f"part-{index}")  # upload, then download, the artifact
    parts = sorted(str(path.relative_to(merge)) for path in (merge / "parts").iterdir())
    merged = publish(merge, "merge", *parts)
    assert merged.returncode == 0, merged.stderr
    return plan, merge


def test_the_fan_out_path_builds_the_site_one_job_would(tmp_path):
    made = make_project(tmp_path / "project", example=False, minimal=True)
    add_copies(made, 3)
    project, outputs = made.root, tmp_path / "github-output"

    plan, merge = run_the_workflow(project, None, "first", outputs)
    assert plan["fan_out"] and plan["shards"] == ["1/3", "2/3", "3/3"] and plan["pdfs"] == 4
    single = job(project, "first-single", None)
    assert publish(single, "single").returncode == 0
    assert site_files(merge / "site") == site_files(single / "site")

    sheet = project / "briefs" / "copy-001.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))
    plan, merge = run_the_workflow(project, merge / "site", "second", outputs)
    assert plan["fan_out"] and plan["stale"] == plan["pdfs"] == 1
    single = job(project, "second-single", single / "site")
    assert publish(single, "single").returncode == 0
    assert site_files(merge / "site") == site_files(single / "site")


def test_a_failing_shard_fails_its_job_and_the_merge_publishes_nothing(tmp_path):
    project = make_project(tmp_path / "project", example=False, minimal=True).root
    sheet = project / "briefs" / "minimal.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("countries: [ML]", "countries: [XX]"))
    checkouts = [job(project, f"shard-{index}", None) for index in range(3)]
    runs = [publish(checkout, "shard", f"{index + 1}/3") for index, checkout in enumerate(checkouts)]
    failed = [run for run in runs if run.returncode != 0]
    assert len(failed) == 1 and "briefs/minimal.yaml:6:13: countries[0]: 'XX'" in failed[0].stderr
    merge = job(project, "merge", None)
    for index, checkout in enumerate(checkouts):
        if (checkout / "part").is_dir():
            shutil.copytree(checkout / "part", merge / "parts" / f"part-{index}")
    parts = sorted(str(path.relative_to(merge)) for path in (merge / "parts").iterdir())
    merged = publish(merge, "merge", *parts)
    assert merged.returncode == 1 and "is missing" in merged.stderr
    assert not (merge / "site").exists()
