"""``briefgen theme list`` and ``theme export``: see where each theme file comes from, copy the built-in one out."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from tests.conftest import ROOT

runner = CliRunner()
BUILTIN = {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.briefgen]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def listing() -> dict[str, str]:
    result = runner.invoke(app, ["theme", "list"])
    assert result.exit_code == 0
    return {line.split()[1]: line.split()[0] for line in result.stdout.splitlines()}


def test_a_project_without_templates_uses_every_builtin_file(project):
    assert listing() == dict.fromkeys(BUILTIN, "built-in")


def test_exporting_one_file_makes_it_the_projects_override(project):
    result = runner.invoke(app, ["theme", "export", "--file", "partials/key_points.html"])
    assert result.exit_code == 0
    assert result.stdout.startswith("wrote 1 file in templates\n")
    copied = project / "templates" / "partials" / "key_points.html"
    assert copied.read_bytes() == (ROOT / "templates" / "partials" / "key_points.html").read_bytes()
    assert [p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()] == [
        "pyproject.toml",
        "templates/partials/key_points.html",
    ]
    assert listing() == {**dict.fromkeys(BUILTIN, "built-in"), "partials/key_points.html": "project"}


def test_exporting_the_whole_theme_copies_every_file(project, tmp_path):
    assert runner.invoke(app, ["theme", "export", "mytheme"]).exit_code == 0
    copied = {
        p.relative_to(project / "mytheme").as_posix(): p.read_bytes()
        for p in (project / "mytheme").rglob("*")
        if p.is_file()
    }
    assert copied == {name: (ROOT / "templates" / name).read_bytes() for name in BUILTIN}


def test_export_never_overwrites_and_add_missing_keeps_what_is_there(project):
    edited = project / "templates" / "partials" / "key_points.html"
    edited.parent.mkdir(parents=True)
    edited.write_text("<p>our own</p>\n", encoding="utf-8")
    refused = runner.invoke(app, ["theme", "export"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: templates already has partials/key_points.html; add --add-missing to keep them and add the rest\n"
    )
    assert [p.name for p in (project / "templates").rglob("*") if p.is_file()] == ["key_points.html"]
    added = runner.invoke(app, ["theme", "export", "--add-missing"])
    assert added.exit_code == 0
    assert edited.read_text(encoding="utf-8") == "<p>our own</p>\n"
    assert set(listing().values()) == {"project"}


def test_an_unknown_file_is_named(project):
    result = runner.invoke(app, ["theme", "export", "--file", "partials/nope.html"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the built-in theme has no partials/nope.html;")
    assert not (project / "templates").exists()


def test_theme_help_lists_its_commands():
    result = runner.invoke(app, ["theme", "--help"])
    assert result.exit_code == 0
    assert "list" in result.stdout and "export" in result.stdout


@pytest.mark.parametrize("named", [[], ["templates"]])
def test_export_refuses_a_templates_folder_that_is_a_link_out_of_the_project(project, tmp_path_factory, named):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "templates").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(app, ["theme", "export", *named, "--file", "partials/key_points.html"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: refusing to write in templates: a link that leads out of the project; "
        "export into a folder inside the project\n"
    )
    assert list(elsewhere.iterdir()) == []


def test_export_follows_a_link_that_stays_in_the_project_and_writes_where_it_is_told_outside(project, tmp_path_factory):
    (project / "our-theme").mkdir()
    (project / "templates").symlink_to("our-theme", target_is_directory=True)
    assert runner.invoke(app, ["theme", "export", "--file", "partials/key_points.html"]).exit_code == 0
    assert (project / "our-theme" / "partials" / "key_points.html").is_file()
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "theme"
    assert runner.invoke(app, ["theme", "export", str(elsewhere), "--file", "partials/toc.html"]).exit_code == 0
    assert (elsewhere / "partials" / "toc.html").is_file()
