"""Build one corpus of projects with two checkouts of briefgen and compare every file they write, byte for byte.

Usage: python tools/compare_builds.py BEFORE AFTER [--keep DIR]

BEFORE and AFTER are checkouts of this repository (their own briefgen and
built-in theme). Each builds, through its real command line in a subprocess,
the same projects laid out afresh:

- the example brief, with its PDF;
- the figures' fixtures (figures.yaml, border-clashes.yaml, minimal.yaml), with PDFs;
- a git history of three editions of the example brief (tests/editions/support.py), with PDFs;
- 40 synthetic briefs (benchmarks/synthetic.py), HTML only, so sheets are read in worker
  processes; then one sheet edited and built again, then built with ``--only`` and ``--drafts``;
- the same 40 briefs over three shards and their merge.

Every published file must be identical. The build's own state files beside a site
(the manifest and the cards) hold keys that hash briefgen's own code, so they differ
by construction whenever the code does; they are compared with every 64-hex key
masked. Prints each difference and exits 1 if there is any. Not a test: it needs
two checkouts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

STATE_FILES = (".briefgen-manifest.json", ".briefgen-cards.json")
KEY = re.compile(r"\b[0-9a-f]{64}\b")
PYPROJECT = '[tool.briefgen]\nsite_title = "Test desk briefs"\nbase_url = ""\nlanguage = "en"\n'
SHARDS = 3


def briefgen_command(checkout: Path, *args: str) -> list[str]:
    """Run a checkout's own briefgen with this interpreter (the venv holds the dependencies)."""
    code = f"import sys; sys.path.insert(0, {str(checkout)!r}); from briefgen.cli import run; sys.argv[0] = 'briefgen'; run()"
    return [sys.executable, "-c", code, *args]


def run(checkout: Path, project: Path, *args: str) -> None:
    """Run one command in a project; stop with its output if it fails."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1722729600"}
    environment.pop("BRIEFGEN_BASE_URL", None)
    done = subprocess.run(briefgen_command(checkout, *args), cwd=project, env=environment, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"{checkout}: briefgen {' '.join(args)} failed in {project}:\n{done.stderr.decode()}")


def example_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copytree(REPO / "briefs", folder / "briefs")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    return folder


def fixtures_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", folder / "briefs")
    shutil.copytree(REPO / "tests" / "fixtures" / "seeds", folder / "seeds")
    return folder


def editions_project(folder: Path, checkout: Path) -> Path:
    """Lay out the three-edition history, with the checkout's own templates (the history holds sheets and seeds)."""
    from tests.editions.support import make_three_editions

    folder.mkdir(parents=True)
    project = make_three_editions(folder)
    shutil.rmtree(project / "templates", ignore_errors=True)
    shutil.copytree(checkout / "templates", project / "templates")
    return project


def archive_project(folder: Path) -> Path:
    from synthetic import make_project

    return make_project(folder, 40)


def site_files(site: Path) -> dict[str, bytes]:
    """Read every file under a folder, the build's state files with their keys masked."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name in STATE_FILES:
                data = mask_keys(data)
            found[path.relative_to(site).as_posix()] = data
    return found


def mask_keys(data: bytes) -> bytes:
    """Mask every key in a state file and sort what the masking made equal, so only its shape is compared."""
    value = json.loads(data)
    masked = json.loads(KEY.sub("KEY", json.dumps(value, sort_keys=True)))
    if isinstance(masked, dict) and all(isinstance(v, str) for v in masked.values()) and masked.keys() == {"KEY"}:
        masked = sorted(json.loads(data).values())  # cards: their HTML, in order
    return json.dumps(masked, sort_keys=True, ensure_ascii=False).encode()


def build_corpus(checkout: Path, work: Path) -> dict[str, dict[str, bytes]]:
    """Build every project of the corpus with one checkout; return each output folder's files."""
    outputs: dict[str, dict[str, bytes]] = {}
    makers = (("example", example_project), ("fixtures", fixtures_project), ("editions", editions_project))
    for name, make in makers:
        project = make(work / name, checkout) if make is editions_project else make(work / name)
        run(checkout, project, "build")
        outputs[name] = site_files(project / "site")
    archive = archive_project(work / "archive")
    run(checkout, archive, "build", "--no-pdf")
    outputs["archive"] = site_files(archive / "site")
    sheet = sorted((archive / "briefs").glob("*.yaml"))[3]
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("as_of:", "# edited\nas_of:", 1), encoding="utf-8")
    run(checkout, archive, "build", "--no-pdf")
    outputs["archive-edited"] = site_files(archive / "site")
    run(checkout, archive, "build", "--no-pdf", "--only", sheet.stem, "--drafts")
    outputs["archive-only-drafts"] = site_files(archive / "site")
    outputs.update(build_shards(checkout, archive))
    return outputs


def build_shards(checkout: Path, archive: Path) -> dict[str, dict[str, bytes]]:
    """Build the archive over shards and merge them, with the command each checkout has."""
    help_text = subprocess.run(briefgen_command(checkout, "--help"), capture_output=True, text=True).stdout
    grouped = " shard " in help_text or "\n│ shard" in help_text
    parts = []
    for number in range(1, SHARDS + 1):
        part = f"part-{number}"
        shard = f"{number}/{SHARDS}"
        if grouped:
            run(checkout, archive, "shard", "build", shard, "--previous", "site", "--out", part, "--no-pdf", "--force")
        else:
            run(
                checkout, archive, "build", "--shard", shard, "--previous", "site", "--out", part, "--no-pdf", "--force"
            )
        parts.append(part)
    if grouped:
        run(checkout, archive, "shard", "merge", *parts, "--out", "merged", "--no-pdf", "--force")
    else:
        run(checkout, archive, "build", "--merge", *parts, "--out", "merged", "--no-pdf", "--force")
    found = {f"shard-{number}": site_files(archive / part) for number, part in enumerate(parts, start=1)}
    found["merged"] = site_files(archive / "merged")
    return found


def differences(before: dict[str, dict[str, bytes]], after: dict[str, dict[str, bytes]]) -> list[str]:
    lines = []
    for name in before:
        mine, theirs = before[name], after.get(name, {})
        for path in sorted(mine.keys() | theirs.keys()):
            if path not in theirs:
                lines.append(f"{name}: {path} only before")
            elif path not in mine:
                lines.append(f"{name}: {path} only after")
            elif mine[path] != theirs[path]:
                lines.append(f"{name}: {path} differs ({len(mine[path])} bytes before, {len(theirs[path])} after)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--keep", type=Path, help="build here and keep the projects")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="compare-builds-"))
    try:
        built = {
            side: build_corpus(checkout.resolve(), work / side)
            for side, checkout in (("before", options.before), ("after", options.after))
        }
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    found = differences(built["before"], built["after"])
    state = [line for line in found if any(f": {name} " in line for name in STATE_FILES)]
    published = [line for line in found if line not in state]
    files = sum(len(files) for files in built["before"].values())
    for line in found:
        print(line)
    print(
        f"{len(built['before'])} outputs, {files} files: {len(published)} published file(s) differ, "
        f"{len(state)} state file(s) differ in more than their keys"
    )
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
