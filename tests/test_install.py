"""briefgen as a newsroom installs it: real sdist and wheel, the wheel in a fresh venv outside the checkout, pre-commit.

The session fixture copies the checkout's files (as git sees them, links kept)
to a temporary folder, builds the sdist and wheel there with ``python -m
build``, and installs the wheel into a fresh virtual environment. Every
process of that environment runs an audit hook (a .pth file) that records any
file or folder it opens under the checkout, so "nothing reads the checkout"
is observed, not assumed. pip uses its cache and the configured index only.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
EXAMPLE_ID = "mali-ukraine-rupture"
GUARD = '''\
"""Record every file or folder a process opens under the briefgen checkout (test instrumentation)."""
import os
import sys

_ROOT = os.environ.get("BRIEFGEN_TEST_CHECKOUT")
_LOG = os.environ.get("BRIEFGEN_TEST_READS")
_EVENTS = {"open", "os.listdir", "os.scandir", "shutil.copyfile", "glob.glob"}
_busy = []


def _record(event, args):
    if _busy or event not in _EVENTS or not args or isinstance(args[0], int) or args[0] is None:
        return
    try:
        path = os.path.abspath(os.fsdecode(args[0]))
    except (TypeError, ValueError):
        return
    if path == _ROOT or path.startswith(_ROOT + os.sep):
        _busy.append(1)
        try:
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()} {event} {path}\\n")
        finally:
            _busy.clear()


if _ROOT and _LOG:
    sys.addaudithook(_record)
'''


@dataclass(frozen=True)
class Installed:
    """The built distributions and a venv with the wheel installed, plus where its processes run."""

    dist: Path
    venv: Path
    work: Path
    reads: Path

    def env(self) -> dict[str, str]:
        """The environment of a user's shell with only this venv on PATH: no PYTHONPATH, no checkout."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["PYTHONUNBUFFERED"] = "1"
        env["BRIEFGEN_TEST_CHECKOUT"] = str(ROOT.resolve())
        env["BRIEFGEN_TEST_READS"] = str(self.reads)
        return env

    def run(self, *args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]],
            cwd=cwd or self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done


def copy_checkout(target: Path) -> Path:
    """Copy the checkout's files as git sees them (tracked and new, not ignored), keeping links as links."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in sorted(set(filter(None, listed.split("\0")))):
        source, copy = ROOT / name, target / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)
    return target


def commit_all(folder: Path) -> str:
    """Make ``folder`` a git repository with everything in one commit; return the commit id."""
    git = [
        "git",
        "-c",
        "user.name=briefgen tests",
        "-c",
        "user.email=tests@briefgen.invalid",
        "-c",
        "init.defaultBranch=main",
    ]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=folder, check=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="session")
def source(tmp_path_factory) -> Path:
    """The checkout's files, copied outside it: what a clone of the working tree would hold."""
    return copy_checkout(tmp_path_factory.mktemp("briefgen-source"))


@pytest.fixture(scope="session")
def installed(tmp_path_factory, source) -> Installed:
    """Build sdist and wheel from the copy, then install the wheel into a fresh venv with the read guard."""
    base = tmp_path_factory.mktemp("briefgen-installed")
    dist = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)], capture_output=True, text=True
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    wheel = next(dist.glob("briefgen-*.whl"))
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-compile"]
    installing = subprocess.run([*pip, str(wheel)], capture_output=True, text=True, cwd=base)
    assert installing.returncode == 0, installing.stdout + installing.stderr
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    (site_packages / "_briefgen_read_guard.py").write_text(GUARD, encoding="utf-8")
    (site_packages / "_briefgen_read_guard.pth").write_text("import _briefgen_read_guard\n", encoding="utf-8")
    work = base / "work"
    work.mkdir()
    return Installed(dist, venv, work, base / "reads.log")


def test_the_sdist_and_wheel_pass_twine_and_carry_the_theme_starter_and_schema(installed):
    checked = subprocess.run(
        [str(BIN / "twine"), "check", "--strict", *map(str, sorted(installed.dist.iterdir()))],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2
    wheel = zipfile.ZipFile(next(installed.dist.glob(f"briefgen-{VERSION}-py3-none-any.whl")))
    names = set(wheel.namelist())
    theme = {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()}
    for name in theme:
        assert wheel.read(f"briefgen/theme/{name}") == (ROOT / "templates" / name).read_bytes(), name
    for name in ("briefs/mali-ukraine-rupture.yaml", "briefs/factsheet.schema.json", "seeds/mali-ukraine-rupture.txt"):
        assert wheel.read(f"briefgen/scaffold/starter/{name}") == (ROOT / name).read_bytes(), name
    assert "briefgen/scaffold/starter/dot-github/workflows/publish.yml" in names
    assert not [n for n in names if n.startswith(("tests/", "templates/", "briefs/", "benchmarks/"))]
    metadata = wheel.read(f"briefgen-{VERSION}.dist-info/METADATA").decode("utf-8")
    assert f"Version: {VERSION}" in metadata and "Description-Content-Type: text/markdown" in metadata


def test_the_installed_wheel_starts_checks_builds_and_serves_a_project_on_its_own(installed):
    probe = ROOT / "pyproject.toml"
    installed.run("python", "-c", f"open({str(probe)!r}).close()")
    assert f"open {probe.resolve()}" in installed.reads.read_text(encoding="utf-8"), "the read guard is not watching"
    installed.reads.unlink()

    located = installed.run("python", "-c", "import briefgen, sys; print(briefgen.__file__); print(sys.path)")
    package_file = Path(located.stdout.splitlines()[0])
    assert package_file.is_relative_to(installed.venv), package_file
    assert str(ROOT) not in located.stdout
    assert installed.run("briefgen", "--version").stdout == f"briefgen {VERSION}\n"

    started = installed.run("briefgen", "init", "news", "--title", "Test desk")
    assert started.stdout.startswith("wrote 9 files in news\n")
    project = installed.work / "news"
    assert f"briefgen=={VERSION}" in (project / "requirements.txt").read_text(encoding="utf-8")
    checked = installed.run("briefgen", "check", cwd=project)
    assert "checked 1 fact sheet: 0 errors, 0 warnings" in checked.stderr + checked.stdout
    built = installed.run("briefgen", "build", cwd=project)
    assert "1 brief rendered (1 PDF)" in built.stdout

    site = project / "site"
    pdf = PdfReader(io.BytesIO((site / "briefs" / EXAMPLE_ID / f"{EXAMPLE_ID}.pdf").read_bytes()))
    first_page = pdf.pages[0].extract_text()
    assert "Mali severs diplomatic relations" in first_page and "Page 1 of" in first_page
    assert "500 km" in first_page, "the locator map is drawn from the boundaries inside the wheel"
    assert (site / "assets" / "site.css").read_bytes() == (ROOT / "templates" / "assets" / "site.css").read_bytes()
    assert "Test desk" in (site / "index.html").read_text(encoding="utf-8")

    page = serve_and_fetch(installed, project, f"/briefs/{EXAMPLE_ID}/")
    assert "Mali severs diplomatic relations" in page

    outputs = [p for p in project.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".css")]
    assert not [p for p in outputs if str(ROOT) in p.read_text(encoding="utf-8")]
    reads = installed.reads.read_text(encoding="utf-8") if installed.reads.exists() else ""
    assert reads == "", f"the installed briefgen read files in the checkout:\n{reads[:2000]}"


def serve_and_fetch(installed: Installed, project: Path, path: str) -> str:
    """Run `briefgen serve` on a free loopback port, fetch one page, stop it with SIGTERM; return the page."""
    process = subprocess.Popen(
        [str(installed.venv / "bin" / "briefgen"), "serve", "--port", "0"],
        cwd=project,
        env=installed.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url, seen = wait_for_url(process)
        assert url, f"serve never said where it listens:\n{seen}"
        with urllib.request.urlopen(url.rstrip("/") + path, timeout=30) as response:
            assert response.status == 200
            return response.read().decode("utf-8")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_url(process: subprocess.Popen, limit: float = 120.0) -> tuple[str | None, str]:
    """Read serve's output until it names its loopback URL, or it exits, or the time is up."""
    deadline, seen = time.monotonic() + limit, []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
        if found:
            return found.group(1), "".join(seen)
    return None, "".join(seen)


def break_a_quote(project: Path) -> None:
    """Change a figure in one quote of the example brief, so the seed no longer contains it."""
    sheet = project / "briefs" / f"{EXAMPLE_ID}.yaml"
    text = sheet.read_text(encoding="utf-8")
    quote = "quote: saw the loss of 84 Russian mercenaries"
    assert quote in text
    sheet.write_text(text.replace(quote, quote.replace("84", "85"), 1), encoding="utf-8")


@pytest.fixture
def hook_setup(source, tmp_path) -> tuple[Path, str, Path, dict[str, str]]:
    """This repository as a hook repository (one commit), an init project under git, and pre-commit's environment."""
    hook_repo = tmp_path / "hook"
    shutil.copytree(source, hook_repo, symlinks=True)
    revision = commit_all(hook_repo)
    project = tmp_path / "news"
    subprocess.run([sys.executable, "-m", "briefgen", "init", str(project)], check=True, capture_output=True)
    commit_all(project)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PIP_NO_COMPILE="1")
    # pre-commit makes the hook's env with virtualenv's bundled pip; no background refresh of those wheels.
    env.update(VIRTUALENV_NO_PERIODIC_UPDATE="1")
    env.update(GIT_AUTHOR_NAME="desk", GIT_AUTHOR_EMAIL="desk@news.invalid")
    env.update(GIT_COMMITTER_NAME="desk", GIT_COMMITTER_EMAIL="desk@news.invalid")
    return hook_repo, revision, project, env


def test_pre_commit_try_repo_refuses_a_staged_broken_quote(hook_setup):
    """The real pre-commit tries this repository's hook; it pip-installs briefgen from the hook repository."""
    hook_repo, revision, project, env = hook_setup
    break_a_quote(project)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    command = [str(BIN / "pre-commit"), "try-repo", str(hook_repo), "briefgen-check", "--ref", revision]
    refused = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert re.search(r"briefgen check\.+Failed", refused.stdout)
    assert re.search(rf"briefs/{EXAMPLE_ID}\.yaml:\d+:\d+: .*quote", refused.stdout), refused.stdout


def test_with_the_hook_installed_a_commit_runs_check_only_when_briefs_or_seeds_change(hook_setup):
    """A newsroom's config names the hook; git commit then refuses a broken quote and skips other files."""
    hook_repo, revision, project, env = hook_setup
    config = f"repos:\n  - repo: {hook_repo}\n    rev: {revision}\n    hooks:\n      - id: briefgen-check\n"
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    subprocess.run([str(BIN / "pre-commit"), "install"], cwd=project, env=env, check=True, capture_output=True)

    def commit(message: str) -> subprocess.CompletedProcess:
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        return subprocess.run(
            ["git", "commit", "-q", "-m", message], cwd=project, env=env, capture_output=True, text=True, timeout=600
        )

    (project / "README.md").write_text("# Our desk\n", encoding="utf-8")
    skipped = commit("README and hook config only")
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert re.search(r"briefgen check\.+\(no files to check\)Skipped", skipped.stdout + skipped.stderr)

    break_a_quote(project)
    refused = commit("a broken quote")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert re.search(rf"briefs/{EXAMPLE_ID}\.yaml:\d+:\d+: .*quote", refused.stdout + refused.stderr)
    log = subprocess.run(["git", "log", "--format=%s"], cwd=project, capture_output=True, text=True).stdout
    assert log.splitlines()[0] == "README and hook config only", "the refused commit was not made"
