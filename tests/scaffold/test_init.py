"""``briefgen init``: a ready project that checks and builds, and never a half-written or overwritten one."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.config import read_settings
from briefgen.mail.settings import load_mail_settings
from briefgen.scaffold.init import STARTER, project_name, starter_files
from briefgen.version import __version__
from tests.conftest import ROOT

runner = CliRunner()
PROJECT_FILES = [
    ".github/workflows/mail.yml",
    ".github/workflows/publish.yml",
    ".gitignore",
    "README.md",
    "briefs/factsheet.schema.json",
    "briefs/mali-ukraine-rupture.yaml",
    "pyproject.toml",
    "requirements.txt",
    "seeds/mali-ukraine-rupture.txt",
]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by relative name, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def init(*args: str):
    return runner.invoke(app, ["init", *args])


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A fresh init project in tmp_path/news, the working folder."""
    monkeypatch.chdir(tmp_path)
    result = init("news")
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "news")
    return tmp_path / "news"


def test_init_writes_a_ready_project_and_says_what_to_do_next(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = init("news")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "wrote 9 files in news"
    assert "  cd news" in result.stdout and "briefgen serve" in result.stdout
    assert sorted(tree(tmp_path / "news")) == PROJECT_FILES


def test_a_fresh_project_checks_and_builds_with_no_further_step(project):
    checked = runner.invoke(app, ["check"])
    assert checked.exit_code == 0, checked.output
    assert "checked 1 fact sheet: 0 errors, 0 warnings" in checked.output
    built = runner.invoke(app, ["build", "--no-pdf"])
    assert built.exit_code == 0, built.output
    page = (project / "site" / "briefs" / "mali-ukraine-rupture" / "index.html").read_text(encoding="utf-8")
    assert "Mali severs diplomatic relations with Ukraine" in page
    assert "<title>" in page and "Situation briefs" in page


def test_the_example_brief_seed_and_schema_are_the_real_ones(project):
    for name in ("briefs/mali-ukraine-rupture.yaml", "briefs/factsheet.schema.json", "seeds/mali-ukraine-rupture.txt"):
        assert (project / name).read_bytes() == (ROOT / name).read_bytes(), name
    first_line = (project / "briefs" / "mali-ukraine-rupture.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=factsheet.schema.json"


def test_the_settings_are_valid_and_the_commented_mail_block_is_too(project):
    settings = read_settings(project / "pyproject.toml")
    assert (settings.site_title, settings.base_url, settings.language, settings.paper) == (
        "Situation briefs",
        "",
        "en",
        "A4",
    )
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.briefgen.mail]" not in tomllib.loads(text)["tool"]["briefgen"], "mail stays commented out"
    uncommented = re.sub(r"^# (\[tool\.briefgen\.mail|[a-z_]+ = )", r"\1", text, flags=re.MULTILINE)
    mail = tomllib.loads(uncommented)["tool"]["briefgen"]["mail"]
    resolved = load_mail_settings(mail, {})
    assert resolved.host == "smtp.newsroom.example" and resolved.lists["newsroom"]


def test_a_title_with_quotes_survives_into_the_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init("news", "--title", 'Desk "Sahel" \\ briefs').exit_code == 0
    assert read_settings(tmp_path / "news" / "pyproject.toml").site_title == 'Desk "Sahel" \\ briefs'
    assert (tmp_path / "news" / "README.md").read_text(encoding="utf-8").startswith('# Desk "Sahel" \\ briefs\n')


def test_requirements_pin_the_briefgen_that_ran_init(project):
    lines = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = [line for line in lines if line and not line.startswith("#")]
    assert requirements == [f"briefgen=={__version__}"]
    assert any("--index-url" in line for line in lines) and any("git+https://" in line for line in lines)


def test_the_workflows_install_the_pinned_briefgen_and_pass_actionlint(project):
    actionlint = Path(sys.executable).parent / "actionlint"
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run([str(actionlint), *map(str, workflows)], capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    for workflow in workflows:
        text = workflow.read_text(encoding="utf-8")
        assert "pip install -r requirements.txt" in text and "make " not in text, workflow.name
        assert "actions/cache/restore@" in text and "path: site" in text, workflow.name
    publish = (project / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "actions/cache/save@" in publish and "briefgen build" in publish


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = tree(tmp_path)
    result = init()
    assert result.exit_code == 1
    assert result.stderr == "Error: this folder is not empty; add --add-missing to add only the files it lacks\n"
    assert tree(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_holding_only_a_git_repository_counts_as_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    assert init().exit_code == 0
    assert (tmp_path / "pyproject.toml").is_file()


def test_add_missing_adds_only_what_is_missing_and_keeps_the_rest_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("# Our desk\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.briefgen]\nsite_title = "Ours"\n', encoding="utf-8")
    result = init("--add-missing")
    assert result.exit_code == 0
    assert "wrote 7 files in ." in result.stdout
    assert "kept 2 files already there: README.md, pyproject.toml" in result.stdout
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Our desk\n"
    assert read_settings(tmp_path / "pyproject.toml").site_title == "Ours"
    assert sorted(tree(tmp_path)) == PROJECT_FILES


def test_a_file_that_cannot_be_placed_takes_back_everything_written_before_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefs").write_text("a file where the briefs folder should be\n", encoding="utf-8")
    before = tree(tmp_path)
    result = init("--add-missing")
    assert result.exit_code == 1
    assert result.stderr == "Error: could not add briefs/factsheet.schema.json: Not a directory; nothing was added\n"
    assert tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefs"], "no .github/ or staging folder left behind"


def test_init_refuses_a_file_and_a_title_that_is_not_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("", encoding="utf-8")
    assert init("taken").stderr == "Error: taken is a file, not a folder\n"
    assert init("news", "--title", "two\nlines").exit_code == 1
    assert not (tmp_path / "news").exists()


def test_every_starter_file_becomes_a_project_file():
    names = sorted(project_name(p.relative_to(STARTER).as_posix()) for p in STARTER.rglob("*") if p.is_file())
    assert names == PROJECT_FILES
    assert project_name("dot-github/workflows/x.yml") == ".github/workflows/x.yml"
    assert project_name("README.md.in") == "README.md"
    pinned = {f.name: f.data for f in starter_files(version="9.8.7")}["requirements.txt"].decode()
    assert "briefgen==9.8.7" in pinned


def test_the_starter_links_to_the_examples_instead_of_copying_them():
    """One copy in git: the starter's example brief, seed and schema are links to the top-level files."""
    for name in ("briefs/mali-ukraine-rupture.yaml", "briefs/factsheet.schema.json", "seeds/mali-ukraine-rupture.txt"):
        link = STARTER / name
        assert link.is_symlink() and link.resolve() == (ROOT / name).resolve(), name
    assert (ROOT / "briefgen" / "theme").resolve() == (ROOT / "templates").resolve()
